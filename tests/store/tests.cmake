# tests/store: the server's storage. Each tests/store/test_NAME.c is a
# cmocka program linked with porte_store and the shared fixture, registered
# as store.NAME; admin_cli.sh drives the real porte-admin as store.admin_cli.
# PORTE_FAST_HASH=1 selects libsodium's minimum argon2id cost (tests only).
set(PORTE_STORE_TEST_ENV
	"TZDIR=/usr/share/zoneinfo;PORTE_FAST_HASH=1")

if(TARGET porte_store)
	add_library(porte_store_fixture STATIC
		${CMAKE_CURRENT_LIST_DIR}/fixture.c)
	target_include_directories(porte_store_fixture PUBLIC
		${CMAKE_CURRENT_LIST_DIR})
	target_link_libraries(porte_store_fixture PUBLIC porte_store
		PkgConfig::CMOCKA)

	file(GLOB PORTE_STORE_TESTS CONFIGURE_DEPENDS
		${CMAKE_CURRENT_LIST_DIR}/test_*.c)
	foreach(src ${PORTE_STORE_TESTS})
		get_filename_component(name ${src} NAME_WE)
		string(REGEX REPLACE "^test_" "" short ${name})
		add_executable(store_${name} ${src})
		target_link_libraries(store_${name} PRIVATE porte_store_fixture
			porte_stats_same)
		add_test(NAME store.${short} COMMAND store_${name})
		set_tests_properties(store.${short} PROPERTIES TIMEOUT 300
			ENVIRONMENT "${PORTE_STORE_TEST_ENV}")
	endforeach()
endif()

if(TARGET porte-admin)
	add_test(NAME store.admin_cli
		COMMAND ${CMAKE_CURRENT_LIST_DIR}/admin_cli.sh
			$<TARGET_FILE:porte-admin>)
	set_tests_properties(store.admin_cli PROPERTIES TIMEOUT 300
		ENVIRONMENT "${PORTE_STORE_TEST_ENV}")
endif()

# store.fuzz: the parsers of outside input (see fuzz_store.c), over
# tests/store/corpus plus deterministic mutations; with clang and
# -DPORTE_FUZZ=ON, a libFuzzer binary instead.
set(store_fuzz_driver ${CMAKE_CURRENT_LIST_DIR}/../fuzz/fuzz_driver.c)
if(TARGET porte_store AND EXISTS ${store_fuzz_driver})
	set(store_fuzz_srcs ${CMAKE_CURRENT_LIST_DIR}/fuzz_store.c
		${CMAKE_SOURCE_DIR}/sync/admin/admin_util.c)
	if(PORTE_FUZZ)
		if(CMAKE_C_COMPILER_ID MATCHES "Clang")
			add_executable(fuzz_store ${store_fuzz_srcs})
			target_compile_options(fuzz_store PRIVATE
				-fsanitize=fuzzer)
			target_link_options(fuzz_store PRIVATE -fsanitize=fuzzer)
		endif()
	else()
		add_executable(fuzz_store ${store_fuzz_srcs}
			${store_fuzz_driver})
		file(GLOB store_corpus ${CMAKE_CURRENT_LIST_DIR}/corpus/*)
		add_test(NAME store.fuzz
			COMMAND fuzz_store -n 100000 ${store_corpus})
		set_tests_properties(store.fuzz PROPERTIES TIMEOUT 300
			ENVIRONMENT "${PORTE_STORE_TEST_ENV}")
	endif()
	if(TARGET fuzz_store)
		target_include_directories(fuzz_store PRIVATE
			${CMAKE_SOURCE_DIR}/sync/admin)
		target_link_libraries(fuzz_store PRIVATE porte_store)
	endif()
endif()

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
		target_link_libraries(store_${name} PRIVATE porte_store_fixture)
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

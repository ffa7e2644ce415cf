# The wire format: unit tests (wire.unit), the documents kept as files,
# valid and hostile (wire.cases), and a fuzz target (wire.fuzz). With
# clang and -DPORTE_FUZZ=ON (see tests/fuzz/tests.cmake) fuzz_wire links
# with libFuzzer instead:
#   CC=clang cmake -S . -B build/fuzz -DPORTE_FUZZ=ON -DPORTE_SANITIZE=ON
#   mkdir -p /tmp/wire-corpus
#   build/fuzz/tests/fuzz_wire -max_len=65536 /tmp/wire-corpus tests/wire/corpus
# (libFuzzer writes what it finds into the first directory).
if(TARGET porte_wire)
	set(wire_dir ${CMAKE_CURRENT_LIST_DIR})

	add_executable(test_wire ${wire_dir}/test_wire.c)
	target_link_libraries(test_wire PRIVATE porte_wire PkgConfig::CMOCKA)
	add_test(NAME wire.unit COMMAND test_wire)
	set_tests_properties(wire.unit PROPERTIES TIMEOUT 120
		ENVIRONMENT "TZDIR=/usr/share/zoneinfo")

	add_executable(test_wire_cases ${wire_dir}/test_wire_cases.c
		${wire_dir}/wire_cases.c)
	target_link_libraries(test_wire_cases PRIVATE porte_wire
		PkgConfig::CMOCKA)
	add_test(NAME wire.cases COMMAND test_wire_cases ${wire_dir})
	set_tests_properties(wire.cases PROPERTIES TIMEOUT 120)

	option(PORTE_FUZZ "Link the fuzz targets with libFuzzer (clang only)"
		OFF)
	if(PORTE_FUZZ)
		if(CMAKE_C_COMPILER_ID MATCHES "Clang")
			target_compile_options(porte_wire PRIVATE
				-fsanitize=fuzzer-no-link)
			add_executable(fuzz_wire ${wire_dir}/fuzz_wire.c
				${wire_dir}/wire_cases.c)
			target_compile_options(fuzz_wire PRIVATE
				-fsanitize=fuzzer)
			target_link_options(fuzz_wire PRIVATE -fsanitize=fuzzer)
			target_link_libraries(fuzz_wire PRIVATE porte_wire)
		else()
			message(WARNING "PORTE_FUZZ needs clang: fuzz_wire skipped")
		endif()
	elseif(EXISTS ${wire_dir}/../fuzz/fuzz_driver.c)
		add_executable(fuzz_wire ${wire_dir}/fuzz_wire.c
			${wire_dir}/wire_cases.c ${wire_dir}/../fuzz/fuzz_driver.c)
		target_link_libraries(fuzz_wire PRIVATE porte_wire)
		file(GLOB wire_corpus ${wire_dir}/corpus/*)
		add_test(NAME wire.fuzz COMMAND fuzz_wire -n 100000 ${wire_corpus})
		set_tests_properties(wire.fuzz PROPERTIES TIMEOUT 300)
	endif()
endif()

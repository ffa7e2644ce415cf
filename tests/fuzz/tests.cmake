# Fuzz targets for every parser of outside input. In the normal build each
# target links with fuzz_driver.c and runs in ctest over its corpus plus
# 100000 deterministic mutations (fuzz.NAME). With clang and
# -DPORTE_FUZZ=ON they link with libFuzzer instead, to fuzz for real:
#   CC=clang cmake -S . -B build/fuzz -DPORTE_FUZZ=ON -DPORTE_SANITIZE=ON
#   build/fuzz/tests/fuzz_tzif tests/fuzz/corpus/tzif
option(PORTE_FUZZ "Link the fuzz targets with libFuzzer (clang only)" OFF)
if(PORTE_FUZZ)
	# Coverage feedback from the code under test, not only the targets.
	target_compile_options(porte_core PRIVATE -fsanitize=fuzzer-no-link)
endif()
foreach(target tzif text)
	set(exe fuzz_${target})
	if(PORTE_FUZZ)
		add_executable(${exe} ${CMAKE_CURRENT_LIST_DIR}/${exe}.c)
		target_compile_options(${exe} PRIVATE -fsanitize=fuzzer)
		target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
	else()
		add_executable(${exe} ${CMAKE_CURRENT_LIST_DIR}/${exe}.c
			${CMAKE_CURRENT_LIST_DIR}/fuzz_driver.c)
		file(GLOB corpus ${CMAKE_CURRENT_LIST_DIR}/corpus/${target}/*)
		add_test(NAME fuzz.${target} COMMAND ${exe} -n 100000 ${corpus})
		set_tests_properties(fuzz.${target} PROPERTIES TIMEOUT 300)
	endif()
	target_link_libraries(${exe} PRIVATE porte_core)
endforeach()

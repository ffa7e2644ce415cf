# The HTTP layer over real HTTP on loopback (libcurl): one test program,
# one ctest test per group.
if(TARGET porte_http AND TARGET porte_wire)
	add_executable(test_http ${CMAKE_CURRENT_LIST_DIR}/test_http.c)
	target_link_libraries(test_http PRIVATE porte_http porte_wire
		PkgConfig::CURL PkgConfig::JANSSON PkgConfig::CMOCKA
		Threads::Threads)
	foreach(group routes bodies longpoll many shutdown)
		add_test(NAME http.${group} COMMAND test_http ${group})
		set_tests_properties(http.${group} PROPERTIES TIMEOUT 90)
	endforeach()
endif()

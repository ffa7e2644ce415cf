# tests/server: the real porte-server, started on 127.0.0.1 port 0 with a
# fresh database made by the real porte-admin, driven over HTTP by Python
# scripts (Debian's /usr/bin/python3: aiosmtpd for the mail test). Each
# tests/server/test_NAME.py is registered as server.NAME; the shared
# harness is porte_test.py; server_wire_check (wire_check.c) parses
# replies with the kiosk's parsers. The pages' tests register themselves in
# tests/server/pages*.cmake.
if(TARGET porte-server AND TARGET porte-admin AND TARGET porte_wire)
	# The kiosk's strict parsers, to check the server's replies with.
	add_executable(server_wire_check
		${CMAKE_CURRENT_LIST_DIR}/wire_check.c)
	target_link_libraries(server_wire_check PRIVATE porte_wire)
	set(PORTE_SERVER_TEST_ENV
		"TZDIR=/usr/share/zoneinfo;PORTE_FAST_HASH=1;PYTHONDONTWRITEBYTECODE=1;PORTE_WIRE_CHECK=$<TARGET_FILE:server_wire_check>")
	file(GLOB PORTE_SERVER_TESTS CONFIGURE_DEPENDS
		${CMAKE_CURRENT_LIST_DIR}/test_*.py)
	foreach(src ${PORTE_SERVER_TESTS})
		get_filename_component(name ${src} NAME_WE)
		string(REGEX REPLACE "^test_" "" short ${name})
		add_test(NAME server.${short}
			COMMAND /usr/bin/python3 ${src}
				$<TARGET_FILE:porte-server>
				$<TARGET_FILE:porte-admin>)
		set_tests_properties(server.${short} PROPERTIES TIMEOUT 120
			ENVIRONMENT "${PORTE_SERVER_TEST_ENV}")
	endforeach()
endif()

file(GLOB PORTE_PAGES_FRAGMENTS CONFIGURE_DEPENDS
	${CMAKE_CURRENT_LIST_DIR}/pages*.cmake)
foreach(fragment ${PORTE_PAGES_FRAGMENTS})
	include(${fragment})
endforeach()

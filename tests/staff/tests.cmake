# tests/staff: porte-server's staff and facilities pages. Every
# tests/staff/test_NAME.py is one ctest test, staff.NAME: the real
# porte-server on loopback with a demo database from the real porte-admin
# (staff_harness.py, on tests/pages/harness.py), driven over HTTP and in
# headless Chromium; screenshots in BUILD/tests/staff-shots.
if(TARGET porte-server AND TARGET porte-admin)
	file(GLOB PORTE_STAFF_TESTS CONFIGURE_DEPENDS
		${CMAKE_CURRENT_LIST_DIR}/test_*.py)
	foreach(src ${PORTE_STAFF_TESTS})
		get_filename_component(name ${src} NAME_WE)
		string(REGEX REPLACE "^test_" "" short ${name})
		add_test(NAME staff.${short}
			COMMAND /usr/bin/python3 ${src}
				--server $<TARGET_FILE:porte-server>
				--admin $<TARGET_FILE:porte-admin>
				--sink ${CMAKE_SOURCE_DIR}/tests/mail/smtp_sink.py
				--out ${CMAKE_BINARY_DIR}/tests/staff-shots)
		set_tests_properties(staff.${short} PROPERTIES TIMEOUT 600
			ENVIRONMENT
			"TZDIR=/usr/share/zoneinfo;PORTE_FAST_HASH=1;PYTHONDONTWRITEBYTECODE=1")
	endforeach()
endif()

# tests/pages: porte-server's public pages.
#   pages.text      the formats (dates, durations, iCalendar lines) and the
#                   message table, in C (cmocka)
#   pages.GROUP     the pages in headless Chromium (Debian's python3-selenium
#                   and chromium-driver) against the real porte-server on
#                   loopback, with a demo database from the real porte-admin
#                   and mails through a real SMTP server; screenshots in
#                   BUILD/tests/pages-shots
if(TARGET porte_http AND TARGET porte_wire)
	add_executable(test_page_text ${CMAKE_CURRENT_LIST_DIR}/test_page_text.c
		${CMAKE_SOURCE_DIR}/sync/server/page_text.c
		${CMAKE_SOURCE_DIR}/sync/server/page_i18n.c)
	target_include_directories(test_page_text PRIVATE
		${CMAKE_SOURCE_DIR}/sync/server)
	target_link_libraries(test_page_text PRIVATE porte_http porte_wire
		porte_core PkgConfig::CMOCKA)
	add_test(NAME pages.text COMMAND test_page_text)
	set_tests_properties(pages.text PROPERTIES TIMEOUT 60
		ENVIRONMENT "TZDIR=/usr/share/zoneinfo")
endif()

if(TARGET porte-server AND TARGET porte-admin)
	foreach(group room booking door ics escape screens contrast)
		add_test(NAME pages.${group}
			COMMAND /usr/bin/python3
				${CMAKE_CURRENT_LIST_DIR}/test_pages.py ${group}
				--server $<TARGET_FILE:porte-server>
				--admin $<TARGET_FILE:porte-admin>
				--sink ${CMAKE_SOURCE_DIR}/tests/mail/smtp_sink.py
				--out ${CMAKE_BINARY_DIR}/tests/pages-shots)
		set_tests_properties(pages.${group} PROPERTIES TIMEOUT 600
			ENVIRONMENT
			"TZDIR=/usr/share/zoneinfo;PORTE_FAST_HASH=1;PYTHONDONTWRITEBYTECODE=1")
	endforeach()
endif()

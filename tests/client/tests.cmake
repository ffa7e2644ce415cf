# tests/client: the door's sync client. Each tests/client/test_NAME.c is a
# cmocka program linked with porte_client and the shared fixture (cfx.c),
# registered as client.NAME:
#   cache    offline: cache, outbox, atomicity, snapshot, results, UUIDs,
#            back-off
#   hostile  malformed schedules and results from tests/client/hostile/:
#            the cache is kept, nothing crashes
#   net      a stand-in server (libmicrohttpd): long-poll, 304, stop in a
#            long-poll, back-off and recovery, oversized replies, PIN and
#            code checks
#   state    kiosk/client_state.c: the snapshot put into kiosk/state.h
#   server   the real porte-server and porte-admin: enrolment, a change
#            seen within 1 s, 304s, a killed door offline, exactly once
if(TARGET porte_client)
	set(PORTE_CLIENT_TEST_ENV "TZDIR=/usr/share/zoneinfo;PORTE_FAST_HASH=1")
	add_library(porte_client_cfx STATIC ${CMAKE_CURRENT_LIST_DIR}/cfx.c)
	target_include_directories(porte_client_cfx PUBLIC
		${CMAKE_CURRENT_LIST_DIR})
	target_link_libraries(porte_client_cfx PUBLIC porte_client
		PkgConfig::CMOCKA Threads::Threads)

	file(GLOB PORTE_CLIENT_TESTS CONFIGURE_DEPENDS
		${CMAKE_CURRENT_LIST_DIR}/test_*.c)
	foreach(src ${PORTE_CLIENT_TESTS})
		get_filename_component(name ${src} NAME_WE)
		string(REGEX REPLACE "^test_" "" short ${name})
		set(args)
		if(short STREQUAL "state")
			if(NOT TARGET porte_kiosk)
				continue()
			endif()
		endif()
		if(short STREQUAL "server")
			if(NOT TARGET porte-server OR NOT TARGET porte-admin)
				continue()
			endif()
			set(args $<TARGET_FILE:porte-server>
				$<TARGET_FILE:porte-admin>)
		endif()
		if(short STREQUAL "hostile")
			set(args ${CMAKE_CURRENT_LIST_DIR}/hostile)
		endif()
		add_executable(client_${name} ${src})
		target_link_libraries(client_${name} PRIVATE porte_client_cfx)
		# Test paths and headers are built with snprintf into fixed
		# buffers sized for the test's own temp dirs; an -O2 build's
		# truncation analysis cannot know those sizes.
		target_compile_options(client_${name} PRIVATE
			-Wno-format-truncation)
		if(short STREQUAL "state")
			# The glue lives with the door: kiosk/client_state.c.
			target_sources(client_${name} PRIVATE
				${CMAKE_SOURCE_DIR}/kiosk/client_state.c)
			target_include_directories(client_${name} PRIVATE
				${CMAKE_SOURCE_DIR}/kiosk)
			target_link_libraries(client_${name} PRIVATE porte_kiosk)
		endif()
		if(short STREQUAL "net")
			target_link_libraries(client_${name} PRIVATE
				PkgConfig::MHD)
		endif()
		add_test(NAME client.${short} COMMAND client_${name} ${args})
		set_tests_properties(client.${short} PROPERTIES TIMEOUT 120
			ENVIRONMENT "${PORTE_CLIENT_TEST_ENV}")
	endforeach()
endif()

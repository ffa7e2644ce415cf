# tests/kiosk: the door display.
#   kiosk.NAME         cmocka programs over porte_kiosk, no window
#   kiosk.golden.NAME  porte-kiosk --screenshot (offscreen) against the PNGs
#                      in tests/kiosk/golden; GENERATE=1 rewrites them
#   kiosk.french       the French catalog really reaches the screen
#   kiosk.cli          options that are not there yet say so
#   kiosk.xvfb         a real window under Xvfb, driven with xdotool
# tests/kiosk/idle-wakeups.sh measures the idle loop (a benchmark).
if(TARGET porte_kiosk)
	set(KIOSK_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
	foreach(name layout state theme fixture ui)
		set(exe test_kiosk_${name})
		add_executable(${exe} ${KIOSK_TEST_DIR}/test_${name}.c
			${KIOSK_TEST_DIR}/kiosk_test.c)
		target_include_directories(${exe} PRIVATE ${KIOSK_TEST_DIR})
		target_compile_definitions(${exe} PRIVATE
			KIOSK_FIXTURES="${KIOSK_TEST_DIR}/fixtures")
		target_link_libraries(${exe} PRIVATE porte_kiosk
			PkgConfig::CMOCKA)
		add_dependencies(${exe} porte-kiosk-translations)
		add_test(NAME kiosk.${name} COMMAND ${exe})
		set_tests_properties(kiosk.${name} PROPERTIES TIMEOUT 300
			ENVIRONMENT "TZDIR=/usr/share/zoneinfo")
	endforeach()

	add_executable(kiosk-golden-compare
		${KIOSK_TEST_DIR}/golden_compare.c)
	target_link_libraries(kiosk-golden-compare PRIVATE PkgConfig::SDL2
		PkgConfig::SDL2_IMAGE)

	# name fixture size lang
	set(KIOSK_GOLDENS
		"free-fr free 800x480 fr"
		"checkin-en checkin 800x480 en"
		"occupied-fr occupied 800x480 fr"
		"closed-en closed 800x480 en"
		"offline-fr offline 800x480 fr"
		"pin-en pin 800x480 en"
		"code-fr code 800x480 fr"
		"rebooked-fr rebooked 800x480 fr"
		"staff-en staff 800x480 en"
		"free-en-1080p free 1920x1080 en"
		"checkin-fr-portrait checkin 480x800 fr")
	foreach(g ${KIOSK_GOLDENS})
		separate_arguments(g)
		list(GET g 0 name)
		list(GET g 1 fixture)
		list(GET g 2 size)
		list(GET g 3 lang)
		add_test(NAME kiosk.golden.${name}
			COMMAND ${KIOSK_TEST_DIR}/golden.sh
				$<TARGET_FILE:porte-kiosk>
				$<TARGET_FILE:kiosk-golden-compare>
				${KIOSK_TEST_DIR}/fixtures/${fixture}.json ${size}
				${lang} ${KIOSK_TEST_DIR}/golden/${name}.png
				${CMAKE_CURRENT_BINARY_DIR}/kiosk-golden)
		set_tests_properties(kiosk.golden.${name} PROPERTIES
			TIMEOUT 120
			ENVIRONMENT "TZDIR=/usr/share/zoneinfo")
	endforeach()

	add_test(NAME kiosk.french COMMAND ${KIOSK_TEST_DIR}/french.sh
		$<TARGET_FILE:porte-kiosk> ${KIOSK_TEST_DIR}/fixtures
		${CMAKE_CURRENT_BINARY_DIR}/kiosk-golden)
	add_test(NAME kiosk.cli COMMAND ${KIOSK_TEST_DIR}/cli.sh
		$<TARGET_FILE:porte-kiosk> ${KIOSK_TEST_DIR}/fixtures
		${CMAKE_CURRENT_BINARY_DIR}/kiosk-golden)
	add_test(NAME kiosk.xvfb COMMAND ${KIOSK_TEST_DIR}/xvfb.sh
		$<TARGET_FILE:porte-kiosk> ${KIOSK_TEST_DIR}/fixtures
		${CMAKE_CURRENT_BINARY_DIR}/kiosk-golden)
	set_tests_properties(kiosk.french kiosk.cli kiosk.xvfb PROPERTIES
		TIMEOUT 120
		ENVIRONMENT "TZDIR=/usr/share/zoneinfo")
endif()

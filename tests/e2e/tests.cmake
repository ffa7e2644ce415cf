# tests/e2e: whole processes together, as in production. A fresh demo
# library from the real porte-admin, the real porte-server on port 0 with a
# clock file, a door enrolled with the real porte-kiosk and the real
# porte-kiosk on the same clock (screenshots, or a window under Xvfb
# driven with xdotool). Each tests/e2e/test_NAME.py (Debian's
# /usr/bin/python3; the harness is e2e.py) is registered as e2e.NAME.
if(TARGET porte-server AND TARGET porte-admin AND TARGET porte-kiosk)
	file(GLOB PORTE_E2E_TESTS CONFIGURE_DEPENDS
		${CMAKE_CURRENT_LIST_DIR}/test_*.py)
	foreach(src ${PORTE_E2E_TESTS})
		get_filename_component(name ${src} NAME_WE)
		string(REGEX REPLACE "^test_" "" short ${name})
		add_test(NAME e2e.${short}
			COMMAND /usr/bin/python3 ${src}
				$<TARGET_FILE:porte-server>
				$<TARGET_FILE:porte-admin>
				$<TARGET_FILE:porte-kiosk>)
		set_tests_properties(e2e.${short} PROPERTIES TIMEOUT 120
			ENVIRONMENT "TZDIR=/usr/share/zoneinfo;PYTHONDONTWRITEBYTECODE=1")
	endforeach()
endif()

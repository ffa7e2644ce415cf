# tests/bench: the benchmarks' helpers (wrk scripts, the long-poll load);
# the benchmarks themselves are scripts/bench-* and print figures, never
# pass or fail on a time. bench.smoke runs "scripts/bench server --quick"
# (a second a run) with this build's binaries and checks it printed its
# figure lines and left nothing running; alone (RUN_SERIAL), since it
# loads both cores for a few seconds. wrk, nginx and jq are test packages.
if(TARGET porte-server AND TARGET porte-admin)
	add_test(NAME bench.smoke
		COMMAND ${CMAKE_CURRENT_LIST_DIR}/smoke.sh
			$<TARGET_FILE:porte-server> $<TARGET_FILE:porte-admin>)
	set_tests_properties(bench.smoke PROPERTIES TIMEOUT 120 RUN_SERIAL TRUE
		ENVIRONMENT "TZDIR=/usr/share/zoneinfo")
endif()
# bench.stats-smoke: "scripts/bench stats --quick" (a few seconds: 20 rooms,
# 60 days of generated bookings, 3 requests of each kind), the dashboard's
# benchmark checked for its figure lines, never for a time. curl only.
if(TARGET porte-server AND TARGET porte-admin)
	add_test(NAME bench.stats-smoke
		COMMAND ${CMAKE_CURRENT_LIST_DIR}/stats_smoke.sh
			$<TARGET_FILE:porte-server> $<TARGET_FILE:porte-admin>)
	set_tests_properties(bench.stats-smoke PROPERTIES TIMEOUT 120
		ENVIRONMENT "TZDIR=/usr/share/zoneinfo")
endif()

# Shortcuts for the scripts the README names.
.PHONY: demo test bench daemon-cpu

demo:
	scripts/demo

test:
	scripts/test

# Performance figures for the README. Each benchmark measures its baseline in the same run and prints
# the ratio, because the machines are shared and absolute numbers drift.
bench:
	scripts/bootstrap
	cd Benchmarks && swift build -c release && .build/release/modbus-bench && .build/release/collector-bench 200 3 30
	swift build -c release --product tariff-bench && .build/release/tariff-bench Tariffs
	swift build -c release --product market-bench && .build/release/market-bench
	swift build -c release --product store-bench && .build/release/store-bench 2000000 10000
	swift build -c release --product ledger-bench && swift build -c release --product village
	rm -f .build/ledger-year.sqlite .build/ledger-year.sqlite-wal .build/ledger-year.sqlite-shm
	.build/release/ledger-bench seed .build/ledger-year.sqlite 56 365
	.build/release/ledger-bench balance .build/ledger-year.sqlite 101
	bash -c 'time .build/release/village balance --db .build/ledger-year.sqlite --household 101 > /dev/null'
	swift build -c release --product dispatch-bench && .build/release/dispatch-bench --mpc-days 365 --glpk-mpc-days 30
	swift build -c release --product export-bench && .build/release/export-bench 10000000

# The daemon's CPU share at real-time speed (about 21 minutes: it has to live through quarter hours).
daemon-cpu:
	scripts/daemon-cpu 20

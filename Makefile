# Shortcuts for the scripts the README names.
.PHONY: demo test bench daemon-cpu

demo:
	scripts/demo

test:
	scripts/test

# Performance figures for the README. Each benchmark measures its baseline in the same run and prints
# the ratio, because the machines are shared and absolute numbers drift. The benchmarks are their own
# package in Benchmarks/; they run from here, where Tariffs/ and Meters/ are.
BENCH := Benchmarks/.build/release
bench:
	scripts/bootstrap
	cd Benchmarks && swift build -c release
	swift build -c release --product village
	$(BENCH)/modbus-bench
	$(BENCH)/collector-bench 200 3 30
	$(BENCH)/tariff-bench Tariffs
	$(BENCH)/market-bench
	$(BENCH)/store-bench 2000000 10000
	rm -f .build/ledger-year.sqlite .build/ledger-year.sqlite-wal .build/ledger-year.sqlite-shm
	$(BENCH)/ledger-bench seed .build/ledger-year.sqlite 56 365
	$(BENCH)/ledger-bench balance .build/ledger-year.sqlite 101
	$(BENCH)/ledger-bench sizes .build/ledger-year.sqlite
	$(BENCH)/ledger-bench proofs .build/ledger-year.sqlite
	$(BENCH)/ledger-bench checkpoint .build/ledger-year.sqlite 100
	bash -c 'time .build/release/village balance --db .build/ledger-year.sqlite --household 101 > /dev/null'
	$(BENCH)/dispatch-bench --mpc-days 365 --glpk-mpc-days 30
	$(BENCH)/export-bench 10000000

# The daemon's CPU share at real-time speed (about 21 minutes: it has to live through quarter hours).
daemon-cpu:
	scripts/daemon-cpu 20

# The README's two commands are `make demo` and `make test`; both install what is missing first.
.PHONY: bootstrap demo test bench

bootstrap:
	@scripts/bootstrap

demo: bootstrap
	swift build
	scripts/demo

test: bootstrap
	swift build --build-tests
	swift test --skip-build

# Performance figures for the README. Each benchmark measures its baseline in the same run and prints
# the ratio, because the machines are shared and absolute numbers drift.
bench: bootstrap
	cd Benchmarks && swift build -c release && .build/release/modbus-bench
	swift build -c release --product tariff-bench && .build/release/tariff-bench Tariffs
	swift build -c release --product market-bench && .build/release/market-bench
	swift build -c release --product store-bench && .build/release/store-bench 2000000 10000

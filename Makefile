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

bench: bootstrap
	cd Benchmarks && swift package --allow-writing-to-package-directory benchmark

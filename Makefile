# Shortcuts for the scripts in scripts/ (the README's two commands are scripts/run and scripts/test).
.PHONY: run test bench
run:
	scripts/run
test:
	scripts/test
bench:
	scripts/bench

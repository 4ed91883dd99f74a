# The two set-up commands of the README: `make demo` and `make test`. Everything else builds on them.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean help

help:
	@echo "make demo   - create $(VENV), install advocate, draft every document type into ./demo-output/"
	@echo "make test   - install with test dependencies and run ruff, mypy and the whole test suite"
	@echo "make bench  - measure start-up, single-draft and batch speed (numbers in bench/results/)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e . \
		pytest hypothesis pexpect ruff mypy types-PyYAML psutil build hatchling
	$(BIN)/python -m compileall -q src
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/advocate demo --out demo-output --overwrite

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

typecheck: $(STAMP)
	$(BIN)/mypy src bench
	# tests too: strict, except that test functions and fixtures may go unannotated
	$(BIN)/mypy --disable-error-code=no-untyped-def --disable-error-code=no-untyped-call tests

unit: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) demo-output build dist .pytest_cache .mypy_cache .ruff_cache

# The two commands a user needs: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_VERSION_CHECK := false

.PHONY: demo test run ui bench clean help

help:
	@echo "make demo   replay the bundled snapshots into data/warehouse.duckdb (no network)"
	@echo "make test   run the whole test suite"
	@echo "make run    the live daily run for today (real HTTP)"
	@echo "make ui     the Dagster UI on http://127.0.0.1:3000 with the daily schedule"
	@echo "make bench  the daily run, a rebuild and the queries at 30 days, 1 and 10 years (~15 min)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs the pinned set in seconds and writes .pyc files (this machine sets PYTHONDONTWRITEBYTECODE).
$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8

$(VENV)/.installed: pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --compile-bytecode -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(UV) pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[dev]'
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/breakeven demo

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

run: $(VENV)/.installed
	$(BIN)/breakeven run

ui: $(VENV)/.installed
	$(BIN)/breakeven ui

# Writes docs/benchmarks.md and bench/results.json (see bench/__main__.py).
bench: $(VENV)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf data .dagster_home dbt_project/target dbt_project/logs

# ironriver: `make run` builds the warehouse, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DAGSTER_DISABLE_TELEMETRY := true
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export IRONRIVER_DATA_DIR ?= $(CURDIR)/data
export DAGSTER_HOME ?= $(IRONRIVER_DATA_DIR)/dagster

.PHONY: install run test lint dev docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/ironriver run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install lint
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pytest

dev: install
	mkdir -p "$(DAGSTER_HOME)"
	test -f "$(DAGSTER_HOME)/dagster.yaml" || printf 'telemetry:\n  enabled: false\nconcurrency:\n  pools:\n    default_limit: 1\n' > "$(DAGSTER_HOME)/dagster.yaml"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf target logs .pytest_cache .ruff_cache

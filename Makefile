# ironriver: `make run` builds the warehouse, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock

export DAGSTER_DISABLE_TELEMETRY := true
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false

.PHONY: install lock run test lint dev browser bench clean generate

install: $(STAMP)

# Two `make run` at once on a fresh checkout: the second waits for the first install
# (flock), then finds the stamp up to date and goes on to `ironriver run`, which refuses
# a second run on the same data directory with a clear message.
# The exact versions (and hashes) come from the lock; the project itself is installed
# without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	flock .venv.lock $(MAKE) --no-print-directory venv-install

.PHONY: venv-install
venv-install:
	if [ ! $(STAMP) -nt pyproject.toml ] || [ ! $(STAMP) -nt $(LOCK) ]; then \
	  (test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)) && \
	  $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet -r $(LOCK) && \
	  $(BIN)/python -m pip install --quiet --no-deps -e . && \
	  touch $(STAMP); \
	fi

# Resolve pyproject.toml's dependencies (with the dev extra) afresh into $(LOCK), with the
# pip of a throwaway venv (so it works before the first install, and without .venv).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && \
	  .venv-lock/bin/python -m pip install --quiet --upgrade pip && \
	  .venv-lock/bin/python tools/lock.py; \
	  status=$$?; rm -rf .venv-lock; exit $$status

run: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/ironriver run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's headless chromium; fresh machines (CI) lack it.
browser:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test: install lint browser
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pytest

# Timings live here, never in the tests: cold, no-op and incremental runs on the mirror,
# stage times and peak memory against a DuckDB scan floor. SCALE=10 (or "10 100") adds
# cold runs at that many times the rows. Writes bench/results.json and bench/results.md.
SCALE ?=
bench: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m bench $(foreach s,$(SCALE),--scale $(s))

# The dbt sources YAML of every source, from the landing-table declarations in
# orchestration/catalog/ (a test fails while a committed file is stale).
generate: install
	$(BIN)/python -m orchestration.catalog.dbt_sources

dev: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/ironriver dev

clean:
	rm -rf target logs .pytest_cache .ruff_cache

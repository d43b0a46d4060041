# Rapport: the README's two commands are `make run` and `make test`.
# Only Python 3.11 is needed: everything else is installed into .venv from the lock files.
PY      ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV    ?= .venv
BIN     := $(VENV)/bin
BIND    ?= 127.0.0.1:8000
export RAPPORT_DATA_DIR ?= $(CURDIR)/data

.PHONY: help install install-dev run demo start serve worker check-deploy test lint types bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@test -n "$(PY)" || { echo "Rapport needs Python 3.11: install it or run make PY=/path/to/python3.11" >&2; exit 1; }
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Rapport needs Python 3.11, not " + sys.version.split()[0] + ": run make PY=/path/to/python3.11")'
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps: reinstall only when the lock file or pyproject.toml changes.
$(VENV)/.installed-base: $(BIN)/python requirements/base.lock pyproject.toml
	$(BIN)/pip install -q -r requirements/base.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python requirements/dev.lock pyproject.toml
	$(BIN)/pip install -q -r requirements/dev.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base ## install Rapport into .venv

install-dev: $(VENV)/.installed-dev ## install Rapport and the test tools into .venv

run: install ## install, load demo data, start web server + job consumer on http://127.0.0.1:8000 (BIND=host:port)
	RAPPORT_INSECURE=1 $(BIN)/rapport demo
	RAPPORT_INSECURE=1 $(BIN)/rapport start --bind $(BIND)

demo: install ## create the database and load the demo data (idempotent)
	RAPPORT_INSECURE=1 $(BIN)/rapport demo

start: install ## start the web server + job consumer without reloading the demo data
	RAPPORT_INSECURE=1 $(BIN)/rapport start --bind $(BIND)

serve: install ## start the web server only (production settings: set SECRET_KEY, ALLOWED_HOSTS)
	$(BIN)/rapport serve --bind $(BIND)

worker: install ## start the job consumer only
	$(BIN)/rapport worker

check-deploy: install ## run Django's deployment checks under the current environment
	$(BIN)/rapport check --deploy --fail-level WARNING

test: install-dev ## install the test tools and run lint, types and the whole suite (SQLite and PostgreSQL)
	bash scripts/test.sh

lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: install-dev ## mypy on src/
	$(BIN)/mypy

bench: install-dev ## run the benchmarks (not part of the tests)
	$(BIN)/python -m bench

clean: ## remove the virtual environment and the data folder
	rm -rf $(VENV) data

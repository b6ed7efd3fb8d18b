# Toegang: `make run` (demo server), `make test` (the whole suite), `make load` (a load test). See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOUSEHOLDS ?= 500
ARGS ?=
# `make run PROFILE=krimpen-2014` (a name in profiles/ or a path to a profile file): each profile gets its own
# SQLite file, so switching profiles never shows the previous one's data. The demo keeps var/toegang.sqlite3 (the
# default of the settings); a DATABASE_URL in the environment wins (the demo command then refuses a database that
# already holds another profile).
PROFILE ?= demo
PROFILE_NAME := $(basename $(notdir $(PROFILE)))
ifeq ($(PROFILE_NAME),demo)
DATABASE_URL ?= sqlite:///$(CURDIR)/var/toegang.sqlite3
else
DATABASE_URL ?= sqlite:///$(CURDIR)/var/toegang-$(PROFILE_NAME).sqlite3
endif

.PHONY: run test install demo lint messages bench load clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The real OpenID provider the tests log in at (node-oidc-provider, tests/oidc_support.py): its packages as locked.
# Without npm the OpenID Connect tests are skipped with the reason (CI requires them: .ci/run).
OIDC_PROVIDER := tests/oidc_provider/node_modules/.package-lock.json
$(OIDC_PROVIDER): tests/oidc_provider/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd tests/oidc_provider && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the OpenID Connect tests will be skipped (apt-get install nodejs npm)"; fi

install: $(STAMP) $(OIDC_PROVIDER)

run: export DATABASE_URL := $(DATABASE_URL)
run: install
	mkdir -p var
	$(BIN)/toegang migrate --noinput
	$(BIN)/toegang demo --if-empty --households $(HOUSEHOLDS) --profile $(PROFILE)
	@echo ""
	@echo "Toegang draait op http://127.0.0.1:8000  (API-documentatie: http://127.0.0.1:8000/api/v1/docs/)"
	$(BIN)/toegang runserver 127.0.0.1:8000

test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

lint: install
	$(BIN)/ruff check src tests scripts bench load

messages: install
	cd src/toegang && ../../$(BIN)/toegang makemessages -l en --no-obsolete && ../../$(BIN)/toegang compilemessages -l en

bench: install
	$(BIN)/python bench/bench_persons.py
	$(BIN)/python bench/bench_intake.py
	$(BIN)/python bench/bench_provisions.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_pages.py

# A load test on this machine (docs/operations.md "Belasting meten"): PostgreSQL database toegang_load with demo data,
# gunicorn with the production settings, locust with 50 staff for 120 s; the report in test-output/load-report.md.
# LOAD_HOUSEHOLDS (100000), LOAD_USERS (50), LOAD_SECONDS (120), LOAD_REUSE=1 keeps the database of the last run,
# LOAD_DATABASE_URL, LOAD_PORT (8765), TOEGANG_WORKERS / TOEGANG_THREADS (gunicorn.conf.py). Not part of `make test`.
load: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,load]'
	$(BIN)/python load/run.py

clean:
	rm -rf $(VENV) var test-output

# Toegang: `make run` (demo server) and `make test` (the whole suite). See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOUSEHOLDS ?= 500
ARGS ?=

.PHONY: run test install demo lint messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p var
	$(BIN)/toegang migrate --noinput
	$(BIN)/toegang demo --if-empty --households $(HOUSEHOLDS)
	@echo ""
	@echo "Toegang draait op http://127.0.0.1:8000  (API-documentatie: http://127.0.0.1:8000/api/v1/docs/)"
	$(BIN)/toegang runserver 127.0.0.1:8000

test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

lint: install
	$(BIN)/ruff check src tests scripts bench

messages: install
	cd src/toegang && ../../$(BIN)/toegang makemessages -l en --no-obsolete && ../../$(BIN)/toegang compilemessages -l en

bench: install
	$(BIN)/python bench/bench_persons.py
	$(BIN)/python bench/bench_intake.py
	$(BIN)/python bench/bench_provisions.py
	$(BIN)/python bench/bench_audit.py

clean:
	rm -rf $(VENV) var test-output

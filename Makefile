# Two commands do everything on a fresh clone: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test bench browsers clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Serve the sample hub on http://127.0.0.1:8000 and rebuild on every change.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## Build the sample hub into site/, failing on any warning.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Run every test, browser tests included; installs chromium and the Noto fonts first
## where they are missing (as root, with apt-get), or says the one command to run.
test: $(STAMP) browsers
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/python -m pytest

## Build generated hubs of 1,000 and 10,000 items and print speed and size figures.
bench: $(STAMP) browsers
	$(BIN)/python scripts/bench.py --items 1000 10000

browsers:
	@sh scripts/browsers.sh

clean:
	rm -rf $(VENV) site test-artifacts

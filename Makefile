# Two commands do everything on a fresh clone: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Python keeps compiled modules (__pycache__, ignored by git) even where the machine says not
# to: each test worker otherwise rewrites the assertions of every test module anew (2.4 s of
# a worker's start, every run).
TESTENV := PYTHONDONTWRITEBYTECODE= PLAYBOOK_REFERENCE=1
# Material for MkDocs prints its end-of-life notice (2027-05-05) on every mkdocs command;
# docs/guide.md ("Without the plugin: Zensical") says what it means for a hub.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check bench browsers editor-server clean

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
## where they are missing (as root, with apt-get), or says the one command to run, and
## Decap CMS's local server for the editor's test (npm).
## Each prints at its end how long it took in reference builds (a plain Material site of
## 1,500 pages, timed then; scripts/reference_build.py), and writes test-artifacts/timing.json.
test: $(STAMP) browsers editor-server
	$(BIN)/ruff check plugins tests scripts
	$(TESTENV) $(BIN)/python -m pytest

## The quick tier, for the edit-test loop: lint, and every test that starts no browser and
## builds no whole site (nor runs mike, Zensical, ProperDocs, pip); property tests try a
## tenth of their examples.
check: $(STAMP)
	$(BIN)/ruff check plugins tests scripts
	$(TESTENV) PLAYBOOK_QUICK=1 $(BIN)/python -m pytest -m "not browser and not site"

## Build generated hubs of 1,000 and 10,000 items and print speed and size figures.
bench: $(STAMP) browsers
	$(BIN)/python scripts/bench.py --items 1000 10000

browsers:
	@sh scripts/browsers.sh

## Decap CMS's local server, for the browser editor's test (npm, into .venv/decap-server).
editor-server: $(STAMP)
	@sh scripts/editor_server.sh

clean:
	rm -rf $(VENV) site test-artifacts

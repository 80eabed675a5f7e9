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

## Run every test, browser tests included (needs Debian's chromium: see .ci/run).
test: $(STAMP) browsers
	$(BIN)/python -m pytest

## Build generated hubs of 1,000 and 10,000 items and print speed and size figures.
bench: $(STAMP) browsers
	$(BIN)/python scripts/bench.py --items 1000 10000

browsers:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  echo "chromium is missing: run 'apt-get install chromium fonts-noto-core fonts-noto-cjk' (or .ci/run, which does)"; \
	  exit 1; }

clean:
	rm -rf $(VENV) site test-artifacts

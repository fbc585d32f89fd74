# The two commands in the README do all of their own set-up:
#   make serve   build the site and serve it on http://127.0.0.1:8000 (rebuilds on save)
#   make test    build the site and run every test, browser tests included
# Everything else here is optional.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN_OPTS := --fatal warnings --log-handler plain
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help serve edit test test-fast html publish clean lint tools-check check new bench

help:
	@echo "make serve    build and serve the site on http://$(HOST):$(PORT), rebuilding on save"
	@echo "make test     build the site and run the whole test suite"
	@echo "make edit     the web editor on http://127.0.0.1:$(PORT)/admin/, with the site (see AUTHORING.md)"
	@echo "make test-fast  engine, plugin and build tests only (no browser; about a minute)"
	@echo "make html     build the site into output/"
	@echo "make publish  build the production site into output/"
	@echo "make new TITLE=\"...\"  start a new article (see AUTHORING.md)"
	@echo "make check    check articles, links, reading level, reviews, privacy and self-checks"
	@echo "make bench    measure speed, bytes and build cost (prints a table; ~25 min, BENCH=--quick ~10)"
	@echo "make lint     check the Python code style"
	@echo "make clean    remove output/ and caches"

# --- set-up ----------------------------------------------------------------

tools-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "This site needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Install it (Debian: apt-get install python3 python3-venv) or run: make PYTHON=python3.11 ..." >&2; exit 1; }
	@command -v npm >/dev/null || { \
	  echo "npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)." >&2; exit 1; }

$(VENV)/.site-installed: pyproject.toml | tools-check
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create $(VENV): install the venv module (Debian: apt-get install python3-venv)." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@touch $@

node_modules/.installed: package.json package-lock.json | tools-check
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The web editor (Decap CMS and decap-server) has its own package.json, so
# `make html` and `make publish` never install it. Its packages need no
# install scripts: the editor is served from decap-cms's prebuilt bundle.
editor/node_modules/.installed: editor/package.json editor/package-lock.json | tools-check
	npm ci --prefix editor --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# The tests need Debian's Chromium (Playwright cannot download its own here)
# and nginx with the brotli_static module (to test the shipped host config).
# As root they are installed when missing; otherwise this says what to run.
.PHONY: test-system-packages
test-system-packages:
	@missing=""; \
	if [ -z "$${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then missing="$$missing chromium"; fi; \
	if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then missing="$$missing nginx-light"; fi; \
	if [ ! -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then missing="$$missing libnginx-mod-http-brotli-static"; fi; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages for the tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The tests need these Debian packages:$$missing" >&2; \
	  echo "Run: sudo apt-get install$$missing   (or set CHROMIUM_PATH to a Chromium binary)" >&2; exit 1; fi

# --- build -------------------------------------------------------------------

html: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python tools/build.py content -s pelicanconf.py -o output $(PELICAN_OPTS)

publish: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python tools/build.py --publish content -s publishconf.py -o output $(PELICAN_OPTS)

serve: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python -m tools.serve --host $(HOST) --port $(PORT)

# The site with live reload, plus the web editor at /admin/ (this computer only).
edit: $(VENV)/.site-installed node_modules/.installed editor/node_modules/.installed
	$(BIN)/python -m tools.serve --edit --host $(HOST) --port $(PORT)

# --- checks --------------------------------------------------------------------

test: $(VENV)/.test-installed node_modules/.installed editor/node_modules/.installed test-system-packages html
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m tools.check --output output
	$(BIN)/python -m pytest

# The edit-test loop: everything but the browser and the shipped host config.
test-fast: $(VENV)/.test-installed node_modules/.installed
	$(BIN)/python -m pytest -q -m "not browser" --ignore=tests/deploy

check: $(VENV)/.site-installed node_modules/.installed
	$(BIN)/python -m tools.check

new: $(VENV)/.site-installed
	@$(BIN)/python -m tools.new_article -- "$${TITLE:-}"

# Benchmarks print figures and never fail on a time (see benchmarks/README.md).
# They need what the tests need: Playwright, Debian's Chromium, nginx.
bench: $(VENV)/.test-installed node_modules/.installed test-system-packages
	$(BIN)/python -m benchmarks.run $(BENCH)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf output .cache .pytest_cache .ruff_cache .hypothesis

# Urvalsdata: the front door. `make serve` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CATALOG ?= catalog
SITE ?= site
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_URL ?=

.PHONY: install site serve test test-fast check lint bench golden browser lock clean

install: $(VENV)/.installed

# Two hashed locks: what the site needs at run time, and the tools to develop and test it.
$(VENV)/.installed: requirements/runtime.lock requirements/dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements/runtime.lock -r requirements/dev.lock
	touch $@

check: install
	$(PY) build.py check --catalog $(CATALOG)

site: install
	$(PY) build.py build --catalog $(CATALOG) --out $(SITE) $(if $(SITE_URL),--site-url $(SITE_URL))

serve: install
	$(PY) build.py serve --catalog $(CATALOG) --out $(SITE) --host $(HOST) --port $(PORT)

lint: install
	$(PY) -m ruff check urval tests build.py bench tools
	$(PY) -m ruff format --check urval tests build.py bench tools
	$(PY) -m mypy

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

test: install browser lint
	$(PY) -m pytest

# The inner loop: every test but the real-browser ones, no lint; property tests lighter.
test-fast: install
	URVAL_TEST_FAST=1 $(PY) -m pytest -m "not browser" -n auto

# Regenerate every generated file kept in the repository (message keys, supplier schemas) and
# every golden file from the current code; review the diff before committing.
golden: install
	$(PY) -m urval.messages
	$(PY) -m urval.catalog.supplier_schema --catalog catalog
	$(PY) -m urval.catalog.supplier_schema --catalog examples/hvb-barn-unga/catalog
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_check_cases.py tests/test_render_golden.py tests/test_same_pages.py

bench: install
	$(PY) -m bench

# Re-resolve both locks from requirements/*.in (newest versions the pins allow), with hashes.
# Existing pins are kept where the .in files still allow them; `make lock LOCK_FLAGS=--upgrade` moves them.
LOCK_FLAGS ?=
UV_COMPILE = $(CURDIR)/$(VENV)/bin/uv pip compile --quiet --generate-hashes --python $(CURDIR)/$(PY) \
  --custom-compile-command "make lock" $(LOCK_FLAGS)

lock: install
	cd requirements && $(UV_COMPILE) runtime.in -o runtime.lock
	cd requirements && $(UV_COMPILE) dev.in -o dev.lock

clean:
	rm -rf $(SITE) .pytest_cache .mypy_cache .ruff_cache

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

.PHONY: install site serve test check lint bench golden browser lock clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
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

# Regenerate every golden file from the current code; review the diff before committing.
golden: install
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_check_cases.py tests/test_render_golden.py

bench: install
	$(PY) -m bench

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.txt
	{ echo "# Every package, pinned: the resolved set of requirements.txt. Regenerate with 'make lock'."; \
	  .lock-venv/bin/pip freeze; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(SITE) .pytest_cache .mypy_cache .ruff_cache

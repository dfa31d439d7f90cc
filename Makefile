# KBK Portal. `make run` serves the portal with demo data; `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python 3.12 (pyenv honours .python-version) or 3.13, preferring 3.12; then whatever python3 is.
PYTHON_BIN := $(shell command -v python3.12 2>/dev/null || (pyenv which python3.12 2>/dev/null) \
	|| command -v python3.13 2>/dev/null || (pyenv which python3.13 2>/dev/null) || echo python3)
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1

.PHONY: run test test-only setup lock system-deps node-deps lint format messages clean

$(BIN)/python:
	@$(PYTHON_BIN) -c 'import sys; assert sys.version_info[:2] in ((3, 12), (3, 13)), "Python 3.12 or 3.13 is required, found " + sys.version'
	$(PYTHON_BIN) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every package, transitive ones too, at the version and with the hashes of requirements-dev.lock
# (it includes requirements.lock's runtime set): what pip installs is what was reviewed. The
# stamp makes a second `make setup` instant until the lock changes.
$(VENV)/.installed: $(BIN)/python requirements-dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

setup: $(VENV)/.installed

# After changing requirements.txt or requirements-dev.txt: pin the new set again, with hashes.
# pip-compile keeps the pins it can and changes only what the change needs (to move everything
# to the newest releases: make lock LOCK_ARGS=--upgrade). Commit both lock files.
LOCK_ARGS ?=
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(VENV)/.installed
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

# Debian packages the portal needs: Chromium for the browser tests, Pango for WeasyPrint (PDF),
# gettext for the translation-coverage test, npm for axe-core (node-deps).
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	python3 -c 'import ctypes.util, sys; sys.exit(not ctypes.util.find_library("pango-1.0"))' 2>/dev/null \
	  || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# axe-core for the browser tests' accessibility checks, pinned in package-lock.json (nothing is served).
node-deps: system-deps
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund

run: setup
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py seed_demo --if-empty
	@echo "Portal: http://$(HOST):$(PORT)/  (the task worker sending e-mail runs beside it)"
	@$(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup system-deps node-deps test-only

test-only:
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no test"; exit 1; fi; exit $$status

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh translations (needs gettext); the compiled .mo files are committed.
messages:
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l id --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles

# reformportal: `make run` starts the portal with demo data, `make test` runs the whole test suite.
# Both create .venv with a Python >= 3.12 and reinstall requirements only when they changed.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 2
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
RUNTIME_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
UV_VERSION := 0.13.10
UV := $(VENV)/bin/uv
UV_STAMP := $(VENV)/.uv-$(UV_VERSION).stamp
STATIC_STAMP := var/.collectstatic.stamp
STATIC_FILES := $(shell find static -type f 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help run test worker beat messages bench audit migrate seed check-deploy clean

help:
	@echo "make run       create .venv, install, migrate, seed demo data, serve http://$(HOST):$(PORT) with a worker"
	@echo "make test      install test requirements and run the whole test suite (pytest, on every core)"
	@echo "make worker    a Celery worker (Redis with REDIS_URL, else the filesystem queue under var/celery)"
	@echo "make beat      the Celery beat scheduler"
	@echo "make messages  update and compile the English translation (locale/en, needs gettext)"
	@echo "make bench     run the performance benchmarks under bench/"
	@echo "make audit     pip-audit the pinned requirements (needs PyPI's JSON API or OSV)"

# A Python >= 3.12: $$PYTHON if given, the one .python-version selects (pyenv), python3.13,
# python3.12, then python3.
$(PY):
	@py=""; \
	candidates="$(PYTHON)"; \
	if [ -f .python-version ] && command -v pyenv >/dev/null 2>&1; then \
		candidates="$$candidates $$(pyenv which python 2>/dev/null)"; fi; \
	if [ -f .python-version ]; then candidates="$$candidates python$$(head -n1 .python-version | cut -d. -f1,2)"; fi; \
	for c in $$candidates python3.13 python3.12 python3; do \
		if command -v "$$c" >/dev/null 2>&1 \
			&& "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			py=$$(command -v "$$c"); break; fi; \
	done; \
	if [ -z "$$py" ]; then \
		echo "error: reformportal needs Python 3.12 or newer (Django 6), and none was found." >&2; \
		echo "Install one: Debian 13 'sudo apt-get install python3 python3-venv' (3.13)," >&2; \
		echo "Ubuntu 24.04 'sudo apt-get install python3.12 python3.12-venv', elsewhere 'pyenv install 3.12';" >&2; \
		echo "or name it: make PYTHON=/path/to/python3.12 run" >&2; \
		exit 1; fi; \
	echo "Using $$py ($$("$$py" --version))"; \
	"$$py" -m venv $(VENV) || { rm -rf $(VENV); \
		echo "error: '$$py -m venv' failed; install the venv module, e.g. sudo apt-get install python3-venv" >&2; \
		exit 1; }

# The requirements are installed with uv (UV_VERSION above, itself installed by pip into .venv): the
# same pins, resolved and unpacked in parallel, and byte-compiled up front, since a machine with
# PYTHONDONTWRITEBYTECODE=1 would otherwise compile every imported module again in each process.
# A fresh .venv took 87 s with pip and about 35 s with uv on the development machine (README).
$(UV_STAMP): | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "error: $(VENV) was made with $$($(PY) --version); remove it (rm -rf $(VENV)) and run make again" >&2; \
		exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@touch $@

$(RUNTIME_STAMP): requirements.txt $(UV_STAMP)
	$(UV) pip install --quiet --python $(PY) --compile-bytecode -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt $(UV_STAMP)
	$(UV) pip install --quiet --python $(PY) --compile-bytecode -r requirements-dev.txt
	@touch $@ $(RUNTIME_STAMP)

var:
	@mkdir -p var

$(STATIC_STAMP): $(STATIC_FILES) $(RUNTIME_STAMP) | var
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@touch $@

migrate: $(RUNTIME_STAMP) | var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The Celery worker runs beside runserver (filesystem queue under var/celery without REDIS_URL),
# so long work never blocks a request; it stops with runserver (Ctrl-C).
run: seed $(STATIC_STAMP)
	@echo "Portal: http://$(HOST):$(PORT)/  (demo accounts: see README.md)"
	@echo "Background worker: $(WORKERS) Celery process(es), log in var/celery/worker.log"
	@mkdir -p var/celery
	@$(VENV)/bin/celery -A reformportal worker -Q interactive,batch --concurrency $(WORKERS) --without-gossip \
		--without-mingle --loglevel INFO >var/celery/worker.log 2>&1 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# pytest.ini: the whole suite runs on one pytest-xdist worker per CPU (each with its own test
# database) and ends with the 15 slowest tests; PYTEST_ARGS="-n 0" runs it in one process.
test: $(DEV_STAMP) | var
	$(PY) -m pytest $(PYTEST_ARGS)

worker: $(RUNTIME_STAMP) | var
	$(VENV)/bin/celery -A reformportal worker -Q interactive,batch --loglevel INFO

beat: $(RUNTIME_STAMP) | var
	$(VENV)/bin/celery -A reformportal beat --loglevel INFO --schedule var/celerybeat-schedule

messages: $(RUNTIME_STAMP)
	@command -v msgfmt >/dev/null || { echo "error: gettext is missing (sudo apt-get install gettext)" >&2; exit 1; }
	$(PY) manage.py makemessages --locale en --ignore 'var/*' --ignore 'artifacts/*' --ignore 'node_modules/*'
	$(PY) manage.py makemessages --locale en --domain djangojs --ignore 'var/*' --ignore 'artifacts/*' --ignore 'node_modules/*' --ignore 'static/vendor/*'
	$(PY) manage.py compilemessages --locale en --ignore '.venv/*' --ignore 'var/*' --ignore 'node_modules/*'

bench: $(DEV_STAMP) | var
	@ls bench/*.py >/dev/null 2>&1 || { echo "no benchmarks yet (bench/*.py)"; exit 0; }; \
	for script in bench/*.py; do echo "== $$script"; \
		DJANGO_SETTINGS_MODULE=reformportal.settings PYTHONPATH=. $(PY) "$$script" || exit 1; done

# --strict: a package the advisory service cannot look up fails the audit instead of passing.
audit: $(DEV_STAMP)
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

check-deploy: $(RUNTIME_STAMP)
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=portal.example.go.id $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/static $(STATIC_STAMP)

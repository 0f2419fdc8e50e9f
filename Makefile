# Two commands for a fresh clone: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run stack test setup lint check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	PORT=$(PORT) $(PY) manage.py ensure_editor

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production stack for trials: gunicorn (production settings, TLS off, a generated secret)
# behind Varnish; APP_PORT (8000) and FRONT_PORT (8080). Ctrl-C stops both.
stack: setup
	$(PY) deploy/varnish/stack.py

test: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	varnishd -C -j none -n "$$(mktemp -d)" -p vcl_path=$(CURDIR)/deploy/varnish -f $(CURDIR)/deploy/varnish/default.vcl >/dev/null

clean:
	rm -rf $(VENV) node_modules

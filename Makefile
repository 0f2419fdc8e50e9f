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
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py set_site_url
	PORT=$(PORT) $(PY) manage.py ensure_editor

# Beside the development server, scheduled publishing runs every 30 seconds (production: the
# andor-publish-scheduled timer), and stops with it.
run: setup
	@( while true; do $(PY) manage.py publish_scheduled >/dev/null || true; sleep 30; done ) & \
	scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
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
	@for vcl in $(CURDIR)/deploy/varnish/*.vcl; do \
		out=$$(varnishd -C -j none -n "$$(mktemp -d)" -f $$vcl 2>&1) \
		&& echo "$$vcl compiles" || { echo "$$out" | tail -30; exit 1; }; done

clean:
	rm -rf $(VENV) node_modules

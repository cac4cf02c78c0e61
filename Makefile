# The README's two commands are `make run` and `make test`; CI runs the same targets.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3.11
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install install-dev frontend browser pdf-libraries bench-tools bench check-deploy lint messages schema clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Python packages exactly as locked in uv.lock.
install: $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON) --quiet

install-dev: $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet

# Front-end packages from npm, exactly as locked; served by the application itself.
frontend: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Translations are compiled from the committed .po files (msgfmt, from Debian's gettext).
messages: install
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq gettext >/dev/null; fi; }
	cd samverkan && DEBUG=1 ../$(PY) ../manage.py compilemessages --verbosity 0

# WeasyPrint (the annual report's PDF) needs Pango and fonts from Debian; nothing from the web.
pdf-libraries:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation >/dev/null; fi; }

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# wrk, the load generator of `make bench` and of its smoke test in `make test` (Debian's package).
bench-tools:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi; }

run: install frontend messages pdf-libraries
	mkdir -p var
	DEBUG=1 SAMVERKAN_ALLOW_DEMO=1 $(PY) manage.py migrate --verbosity 0
	DEBUG=1 SAMVERKAN_ALLOW_DEMO=1 $(PY) manage.py load_demo
	@echo "Samverkan: http://127.0.0.1:$(PORT)/  (stop with Ctrl-C)"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Every test: unit, integration and browser tests, on DATABASE_URL (SQLite when unset).
test: install-dev frontend messages browser pdf-libraries bench-tools
	mkdir -p var
	DATABASE_URL=sqlite://:memory: SAMVERKAN_TESTING=1 $(PY) manage.py makemigrations --check --dry-run --verbosity 0
	SAMVERKAN_TESTING=1 $(PY) manage.py spectacular --lang en --validate --fail-on-warn --file var/openapi.yaml
	@diff -u docs/openapi.yaml var/openapi.yaml >/dev/null || { \
	  echo "The API schema changed: review 'diff -u docs/openapi.yaml var/openapi.yaml', then 'make schema'."; exit 1; }
	SAMVERKAN_TESTING=1 $(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

# The benchmark of issue 8 (docs/performance.md): a database per scale on the PostgreSQL at
# 127.0.0.1:5432, made and loaded the first time; then one table, the targets, JSON in bench/results/.
BENCH_SCALE ?= national
BENCH_DATABASE ?= samverkan_bench_$(BENCH_SCALE)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DATABASE)
bench: install frontend messages bench-tools
	@if createdb -h 127.0.0.1 -U postgres $(BENCH_DATABASE) 2>/dev/null; then \
	  DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --verbosity 0 && \
	  DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_dataset --scale $(BENCH_SCALE) --seed 1 \
	  || { dropdb -h 127.0.0.1 -U postgres $(BENCH_DATABASE); exit 1; }; \
	else DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --verbosity 0; fi
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench --scale $(BENCH_SCALE) $(BENCH_ARGS)

# The committed OpenAPI schema (docs/openapi.yaml); `make test` fails when it is out of date.
schema: install-dev
	mkdir -p var
	SAMVERKAN_TESTING=1 $(PY) manage.py spectacular --lang en --validate --fail-on-warn --file docs/openapi.yaml

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Production settings as the README documents them, held to Django's deployment checklist.
check-deploy: install frontend
	DEBUG=0 SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=samverkan.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) $(TOOLS) node_modules var

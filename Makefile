# reintegra: `make demo` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432
DEMO_SEED ?= 2026
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo serve setup test test-postgres e2e bench lint messages check-deploy clean chromium pdf-deps report
.PHONY: lock migrations-check typecheck backup restore load load-faults

# Installs from requirements.lock (every package pinned with its hashes), then the project
# itself without dependencies. scripts/check-lock stops first if pyproject.toml and the lock
# disagree: `make lock` regenerates the lock.
$(STAMP): pyproject.toml requirements.lock
	@PYTHON=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON"; "$$PYTHON" -m venv $(VENV); fi
	$(PY) scripts/check-lock
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

## lock: regenerate requirements.lock (hashes, Python 3.12 and 3.13) from pyproject.toml
lock:
	@PYTHON=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then "$$PYTHON" -m venv $(VENV); fi
	@$(VENV)/bin/uv --version >/dev/null 2>&1 || \
	  $(PY) -m pip install --quiet "$$(grep -o 'uv==[0-9.]*' pyproject.toml)"
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.12 --quiet -o requirements.lock
	$(PY) scripts/check-lock

# WeasyPrint (certificates, attendance lists) needs Pango, HarfBuzz and a font with Polish
# and Cyrillic letters: installed from Debian's packages when missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-deps:
	@command -v dpkg >/dev/null || { echo "Not Debian: make sure Pango and DejaVu fonts are installed for PDF output."; exit 0; }; \
	missing=$$(for p in $(PDF_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing what PDF output needs: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

setup: $(STAMP) pdf-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py migrate --noinput --database keystore

## demo: set up the embedded SQLite database, load the synthetic programme, serve it with the task worker
demo: setup
	$(PY) manage.py seed_demo --seed $(DEMO_SEED)
	$(PY) manage.py demo_logins
	scripts/serve-with-worker $(PY) 127.0.0.1:8000

## report: the demo programme's public report (PDF and DOCX, Polish) under var/reports/
report: setup
	@$(PY) manage.py shell -c "from reintegra.clients.models import Client; import sys; sys.exit(0 if Client.objects.exists() else 1)" >/dev/null 2>&1 \
	  || $(PY) manage.py seed_demo --seed $(DEMO_SEED)
	@mkdir -p var/reports
	@$(PY) manage.py programme_report --audience public --format pdf --language pl --out var/reports/raport-publiczny.pdf
	@$(PY) manage.py programme_report --audience public --format docx --language pl --out var/reports/raport-publiczny.docx

## test: the whole suite (unit, integration, access matrix) on SQLite
test: $(STAMP) pdf-deps
	REINTEGRA_ENV=test $(PY) -m pytest -n 2 --dist loadfile -m "not e2e" $(ARGS)

## test-postgres: the same suite on PostgreSQL at 127.0.0.1:5432
test-postgres: $(STAMP) pdf-deps
	REINTEGRA_ENV=test DATABASE_URL=$(PG_URL)/reintegra KEYSTORE_DATABASE_URL=$(PG_URL)/reintegra_keystore \
	  $(PY) -m pytest -n 2 --dist loadfile -m "not e2e" $(ARGS)

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq chromium fonts-dejavu-core; }

## e2e: browser journeys in Debian's chromium with axe-core checks
e2e: $(STAMP) chromium
	REINTEGRA_ENV=test $(PY) -m pytest -m e2e tests/e2e $(ARGS)

## bench: performance figures (printed, never asserted)
bench: $(STAMP)
	REINTEGRA_ENV=test $(PY) bench/run.py $(ARGS)
	REINTEGRA_ENV=test $(PY) bench/home_bench.py $(ARGS)
	$(PY) bench/outcomes_bench.py
	REINTEGRA_ENV=test $(PY) bench/report.py $(ARGS)
	REINTEGRA_ENV=test $(PY) bench/search_bench.py $(ARGS)

## load: 50 staff for 5 minutes against gunicorn on PostgreSQL at 100,000 clients (locust);
## make load USERS=20 DURATION=60 for a short run. Seeds rt_load/rt_load_ks when missing.
USERS ?= 50
DURATION ?= 300
LOAD_PORT ?= 8102
load: $(STAMP) pdf-deps
	$(PY) bench/load/run.py --users $(USERS) --duration $(DURATION) --port $(LOAD_PORT) --pg-url $(PG_URL) $(ARGS)

## load-faults: the same on a throwaway PostgreSQL cluster (port 5433, 5,000 clients) that is
## restarted mid-run, then its keystore database closed; checks 503s, recovery, writes.
FAULT_USERS ?= 30
FAULT_DURATION ?= 120
load-faults: $(STAMP) pdf-deps
	$(PY) bench/load/run.py --faults --users $(FAULT_USERS) --duration $(FAULT_DURATION) --port $(LOAD_PORT) $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

## migrations-check: fails if a model change has no migration
migrations-check: $(STAMP)
	REINTEGRA_ENV=test $(PY) manage.py makemigrations --check --dry-run

## typecheck: mypy with django-stubs on vault, audit and clients (configured in pyproject.toml)
typecheck: $(STAMP)
	REINTEGRA_ENV=test $(VENV)/bin/mypy

## backup: both databases and the media folder; the keystore into another folder
BACKUP_DIR ?= var/backups/main
KEYSTORE_BACKUP_DIR ?= var/backups/keystore
backup: $(STAMP)
	@stamp=$$(date -u +%Y%m%dT%H%M%SZ); \
	$(PY) manage.py backup --to $(BACKUP_DIR)/$$stamp --keystore-to $(KEYSTORE_BACKUP_DIR)/$$stamp

## restore: make restore BACKUP=var/backups/main/<stamp> KEYSTORE_BACKUP=var/backups/keystore/<stamp>
restore: $(STAMP)
	@test -n "$(BACKUP)" -a -n "$(KEYSTORE_BACKUP)" || \
	  { echo "usage: make restore BACKUP=<main backup folder> KEYSTORE_BACKUP=<keystore backup folder>"; exit 2; }
	$(PY) manage.py restore --from $(BACKUP) --keystore-from $(KEYSTORE_BACKUP)

## messages: refresh the Polish and English catalogues and compile them
messages: $(STAMP)
	$(PY) manage.py makemessages -l pl -l en --no-obsolete --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: $(STAMP)
	REINTEGRA_ENV=production SECRET_KEY=$$(openssl rand -hex 40) REINTEGRA_MASTER_KEY=$$(openssl rand -hex 32) \
	  REINTEGRA_BLIND_INDEX_KEY=$$(openssl rand -hex 32) REINTEGRA_AUDIT_KEY=$$(openssl rand -hex 32) \
	  REINTEGRA_MFA_KEY=$$(openssl rand -hex 32) ALLOWED_HOSTS=reintegra.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var/reintegra.sqlite3 var/keystore.sqlite3 var/static var/media

# One command to start, one to test. Needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format e2e prodcheck bench loadtest worker notifications clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# A real worker (with the schedule built in) against a broker, for those who want it locally.
# Start the app the same way so it queues instead of sending in-process:
#   CELERY_BROKER_URL=redis://127.0.0.1:6379/1 make run     (and in another terminal)
#   CELERY_BROKER_URL=redis://127.0.0.1:6379/1 make worker
worker: migrate
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1} $(BIN)/celery -A config worker --beat --loglevel INFO --schedule $(VENV)/celerybeat-schedule

# What the schedule does, once, by hand (or from cron): due reminders and waiting mail.
notifications: migrate
	$(BIN)/python manage.py send_due_notifications --housekeeping

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: install
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

demo: migrate
	$(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)/

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The production path without Docker: gunicorn + production settings + PostgreSQL.
prodcheck: install
	$(BIN)/python -m pytest tests/config/test_production_path.py tests/config/test_log_redaction.py tests/config/test_database_outage.py -v

# The report page against a trivial view: gunicorn + production settings + PostgreSQL + wrk.
bench: install
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# A mixed load for 60 s, then a check that no answer was lost or duplicated.
loadtest: install
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest-db.sqlite3

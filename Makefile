# One command to start, one to test. Needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev messages lock migrate demo lint format e2e prodcheck bench loadtest worker notifications clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

# Exactly the versions in the lock, each checked against its hash: what the app needs for
# `make run`, and the test tools on top for `make test` (see `make lock` to change them).
$(APP_STAMP): $(BIN)/python requirements/app.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/app.txt
	touch $(APP_STAMP)

$(DEV_STAMP): $(APP_STAMP) requirements/dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $(DEV_STAMP)

# The translations in locale/ compiled for the app to read (only those whose .po changed):
# with GNU gettext's msgfmt when it is installed, else with polib (see
# boundaries/management/commands/compilemessages.py).
COMPILE_MESSAGES := $(BIN)/python manage.py compilemessages --ignore '.venv*' --verbosity 0

install: $(APP_STAMP)
	$(COMPILE_MESSAGES)

install-dev: $(DEV_STAMP)
	$(COMPILE_MESSAGES)

# After changing marked strings: gather them into locale/{es,de}/LC_MESSAGES/django.po
# (needs GNU gettext), then translate the new entries there (see README, Languages).
messages: install-dev
	$(BIN)/python manage.py makemessages -l es -l de --no-obsolete --ignore '.venv*' \
		--ignore tests --ignore scripts --ignore staticfiles

# After changing the dependencies in pyproject.toml: resolve and lock them again (uv, in a
# virtualenv of its own), and export the lock to the files pip installs from.
lock:
	test -x .venv-uv/bin/uv || ($(PYTHON) -m venv .venv-uv && .venv-uv/bin/pip install --quiet uv)
	.venv-uv/bin/uv lock $(LOCK_ARGS)
	.venv-uv/bin/uv export --quiet --frozen --no-dev --no-emit-project --format requirements-txt -o requirements/app.txt
	.venv-uv/bin/uv export --quiet --frozen --no-emit-project --format requirements-txt -o requirements/dev.txt

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

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: install-dev
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

demo: migrate
	$(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)/

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The production path without Docker: gunicorn + production settings + PostgreSQL.
prodcheck: install-dev
	$(BIN)/python -m pytest tests/config/test_production_path.py tests/config/test_log_redaction.py tests/config/test_database_outage.py -v

# The report page against a trivial view: gunicorn + production settings + PostgreSQL + wrk.
bench: install-dev
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# A mixed load for 60 s, then a check that no answer was lost or duplicated.
loadtest: install-dev
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) .venv-uv staticfiles .pytest-db.sqlite3

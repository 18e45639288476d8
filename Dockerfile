# The production image, in two stages: the locked dependencies are installed (each checked
# against its hash) into a virtualenv in a build stage, and only that virtualenv and the
# code reach the image that runs: gunicorn, production settings, static files by whitenoise.
FROM python:3.12-slim AS build

ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements/app.txt /tmp/app.txt
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/app.txt

FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
RUN useradd --create-home --uid 1000 app
COPY --from=build /opt/venv /opt/venv
COPY . .
RUN SECRET_KEY=collectstatic-only-not-a-real-key-0123456789abcdefghij \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
    CACHE_URL=filecache:///tmp/build-cache \
    MFA_ENCRYPTION_KEY=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXJlYWwta3k= \
    CELERY_BROKER_URL=memory:// \
    sh -c 'python manage.py compilemessages --ignore "/opt/*" -v0 && python manage.py collectstatic --noinput -v0' \
 && chown -R app:app /app
USER app

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

# config/gunicorn.py: bind 0.0.0.0:8000, WEB_CONCURRENCY workers (3), an access log on stdout
# with secrets (invitation codes, allauth keys, query values) redacted.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c config/gunicorn.py"]

# syntax=docker/dockerfile:1
# One image for web (gunicorn), worker and beat; see docker-compose.yml.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=reformportal.settings \
    VAR_DIR=/app/var

# WeasyPrint (PDF reports) needs Pango and HarfBuzz; gettext compiles the translations;
# fonts-dejavu-core gives PDFs a font with Indonesian glyphs; postgresql-client has the pg_dump
# and pg_restore of `manage.py backup` / `restore` (the same major version as the postgres image).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core gettext curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=portal:portal . .
# Compiled translations, and the folders the volumes mount on (owned by the app user, so new
# named volumes start writable for it).
# Static files are collected (hashed names, .gz beside each for nginx's gzip_static) once, here,
# not at every start of a container.
RUN DEBUG=1 python manage.py compilemessages --ignore '.venv/*' --ignore 'var/*' \
    && DEBUG=0 SECRET_KEY=image-build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/static /app/var/static-shared /app/var/media /backups \
    && chown -R portal:portal /app/var /backups

USER portal
EXPOSE 8000
# Overridden per service in docker-compose.yml.
CMD ["gunicorn", "reformportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--worker-connections", "32", "--backlog", "256", "--max-requests", "1000", "--max-requests-jitter", "100", "--access-logfile", "-"]

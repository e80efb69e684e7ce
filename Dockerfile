# Production image: gunicorn serving Logis; the same image runs the RQ worker and the scheduler.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LOGIS_ENV=production LOGIS_VAR_DIR=/var/lib/logis
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir ".[semantic]" && useradd --system --home /var/lib/logis logis && mkdir -p /var/lib/logis && chown logis /var/lib/logis
USER logis
# A throw-away strong key: production settings refuse a weak one, even to collect static files.
RUN SECRET_KEY=$(python -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=localhost logis collectstatic --no-input -v 0
EXPOSE 8000
CMD ["gunicorn", "logis.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

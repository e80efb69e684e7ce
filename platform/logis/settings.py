"""Logis settings, read from the environment (12-factor).

Development (the default) runs on embedded parts: SQLite under ``var/``, an
embedded Redis started by ``logis serve`` and the embedded search engine.
Production (``LOGIS_ENV=production``) needs ``SECRET_KEY``, ``DATABASE_URL``,
``REDIS_URL`` and ``ALLOWED_HOSTS`` and refuses to start without a secret key.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from logis.plugins import plugin_manager

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LOGIS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENVIRONMENT = os.environ.get("LOGIS_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"


def is_weak_secret_key(key):
    """Django's own test (check security.W009), plus the development key."""
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-") or key == DEV_SECRET_KEY


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY est obligatoire en production : définissez la variable "
            "d'environnement SECRET_KEY (au moins 50 caractères aléatoires)."
        )
    SECRET_KEY = DEV_SECRET_KEY
if PRODUCTION and is_weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY trop faible pour la production : au moins 50 caractères aléatoires, dont 5 différents "
        "(par exemple : python -c \"import secrets; print(secrets.token_urlsafe(50))\")."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,.localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

CORE_APPS = [
    "logis",
    "logis.accounts",
    "logis.audit",
    "logis.jobs",
    "logis.inbox",
    "logis.security",
    "content",
    "search",
]

INSTALLED_APPS = [
    *CORE_APPS,
    *plugin_manager.django_apps(),
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_rq",
    "corsheaders",
    "axes",
    "csp",
    "ninja",  # serves Swagger UI from our static files, not from a CDN
    "dsfr",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "logis.startup.StartupConfig",  # last: its ready() ends the command line's start-up (see the module)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "logis.security.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "logis.middleware.HostileInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # before the page cache: its hits carry the header too
    "content.page_cache.PageCacheMiddleware",  # after Locale (the key holds the language) and Csrf (token cookie)
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "logis.middleware.CurrentUserMiddleware",
    "logis.accounts.groups.RoleGroupsMiddleware",
    "logis.plugin_switch.PluginSwitchMiddleware",
    "logis.middleware.DiskFullMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the French lockout page
]

# People holding a current role enter the admin (the role, not a Django permission, opens it).
AUTHENTICATION_BACKENDS = [
    "logis.security.throttling.LoginThrottleBackend",  # first: a locked-out account or address stops here
    # Django's model backend, with admin access from current roles only: keep it before any other
    # backend that answers permissions from groups (tests/core/test_permission_matrix.py checks it).
    "logis.accounts.backends.RoleHoldersAdminAccessBackend",
]

ROOT_URLCONF = "logis.urls"
WSGI_APPLICATION = "logis.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'logis.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # BEGIN IMMEDIATE: a transaction takes the write lock when it starts and waits (timeout) for it,
    # instead of failing with "database is locked" when two read-then-write requests meet (PATCH).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: REDIS_URL in production; `logis serve` starts an embedded server and
# exports its URL; tests start one too when none is given.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {
    name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 1800}
    for name in ("default", "imports", "search")
}
RQ_SHOW_ADMIN_LINK = False

# Django's cache (site chrome, anonymous visitors' pages: content.page_cache): the real Redis in
# production, or wherever LOGIS_CACHE=redis; otherwise the process's own memory.
if PRODUCTION or os.environ.get("LOGIS_CACHE") == "redis":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "logis"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "logis"}}
# Full-page cache of anonymous visitors' Wagtail pages; off with DEBUG (templates being edited).
LOGIS_PAGE_CACHE = os.environ.get("LOGIS_PAGE_CACHE", "0" if DEBUG else "1") == "1"
LOGIS_PAGE_CACHE_SECONDS = int(os.environ.get("LOGIS_PAGE_CACHE_SECONDS", "600"))
# How long browsers and reverse proxies keep an anonymous page before revalidating it (ETag, 304).
LOGIS_PAGE_CACHE_PUBLIC_SECONDS = int(os.environ.get("LOGIS_PAGE_CACHE_PUBLIC_SECONDS", "60"))
LOGIS_JOBS_SYNC = os.environ.get("LOGIS_JOBS_SYNC", "0") == "1"

# Reference-data web services (logis.territories): off unless a URL is set; forms then use local data.
LOGIS_ADDRESS_API = {
    "URL": os.environ.get("LOGIS_ADDRESS_API_URL", ""),  # e.g. https://api-adresse.data.gouv.fr/search/
    "TIMEOUT": float(os.environ.get("LOGIS_ADDRESS_API_TIMEOUT", "2")),
    "CACHE_SECONDS": 86400,
    "RATE_PER_SECOND": 40,
}
LOGIS_SIRENE_API = {
    "URL": os.environ.get("LOGIS_SIRENE_API_URL", ""),  # e.g. https://recherche-entreprises.api.gouv.fr/search
    "TIMEOUT": float(os.environ.get("LOGIS_SIRENE_API_TIMEOUT", "3")),
    "CACHE_SECONDS": 86400,
}

# A plugin's public page wears the site's visual theme through this function (logis.public_pages).
LOGIS_PUBLIC_CHROME = "content.navigation.view_chrome"
# SMS (logis.sms): "file" writes JSON lines under var/sms (development); "brevo" calls Brevo's transactional SMS API.
LOGIS_SMS = {
    "BACKEND": os.environ.get("LOGIS_SMS_BACKEND", "file"),
    "DIRECTORY": os.environ.get("LOGIS_SMS_DIRECTORY", str(VAR_DIR / "sms")),
    "URL": os.environ.get("LOGIS_SMS_URL", "https://api.brevo.com/v3/transactionalSMS/send"),
    "API_KEY": os.environ.get("LOGIS_SMS_API_KEY", ""),
    "SENDER": os.environ.get("LOGIS_SMS_SENDER", "Logis"),
    "TIMEOUT": float(os.environ.get("LOGIS_SMS_TIMEOUT", "5")),
}

# Search: "embedded" (tantivy, in-process) or "elasticsearch".
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
LOGIS_SEARCH_BACKEND = os.environ.get(
    "LOGIS_SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "embedded"
)
LOGIS_SEARCH_INDEX_DIR = Path(os.environ.get("LOGIS_SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
LOGIS_SEARCH_INDEX_PREFIX = os.environ.get("LOGIS_SEARCH_INDEX_PREFIX", "logis")
# The semantic layer of long queries (search/semantic.py), when the optional « semantic » extra is installed.
LOGIS_SEARCH_SEMANTIC = os.environ.get("LOGIS_SEARCH_SEMANTIC", "1") != "0"
LOGIS_SEARCH_EMBEDDINGS = Path(os.environ.get("LOGIS_SEARCH_EMBEDDINGS", VAR_DIR / "search-embeddings.sqlite3"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if os.environ.get("LOGIS_TESTING") == "1":
    # Test accounts need no key stretching; real deployments keep Django's default hashers.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/"  # the public login (/_util/login/) without ?next= lands on the home page, not a 404
# Draftail, reading a hand-made body as the text it is instead of a 500 (logis/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "logis.rich_text.RichTextEditor"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # /hebergement-d-urgence/, not /hébergement-…/: addresses people can type and share
WAGTAIL_FRONTEND_LOGIN_URL = "/connexion/"  # professionals-only pages: the login page in the site's theme

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "platform" / "logis" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "logis.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Files served only by permission-checked views (logis.private_files): never under MEDIA_ROOT.
LOGIS_PRIVATE_FILES_ROOT = Path(os.environ.get("LOGIS_PRIVATE_FILES_ROOT", VAR_DIR / "private"))
# ClamAV daemon for uploads (logis.private_files.scan): a Unix socket, or a host and port; unset = no scan.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

WAGTAIL_SITE_NAME = "Logis"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_COMMENTS_ENABLED = True

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "logis@localhost")

# A reverse proxy in front (LOGIS_TRUSTED_PROXY=1: TLS ends there, gunicorn reachable by it alone)
# makes X-Forwarded-Proto/-For the proxy's word; published directly, they are whatever the client sent.
LOGIS_TRUSTED_PROXY = os.environ.get("LOGIS_TRUSTED_PROXY", "0") == "1"
if PRODUCTION and LOGIS_TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview shows the page in a same-origin iframe: SAMEORIGIN, not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Content-Security-Policy (logis.security.csp): our own origin only, inline scripts only with the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "report-uri": "/csp-report/",
    },
}

# Login throttling (django-axes, logis.security.throttling): failures are counted per account and per
# address separately; past the limit both are refused until the cool-off ends or an administrator unlocks.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIS_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIS_LOGIN_COOLOFF_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "logis.security.throttling.client_ip"
AXES_LOCKOUT_TEMPLATE = "logis_security/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]

# /api/docs and /api/openapi.json: open in development, behind a login in production unless declared public.
LOGIS_API_DOCS_PUBLIC = os.environ.get("LOGIS_API_DOCS_PUBLIC", "0" if PRODUCTION else "1") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task or page edit drowns what operators need to read.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

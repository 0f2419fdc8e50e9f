"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see README.md,
"Configuration"). ``dev``, ``production`` and ``test`` build on this module.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "resources",
    "search",
    "search.backend",
    "newsletter",
    "contact",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_ratelimit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A view that blocks on a rate limit answers with RATELIMIT_VIEW (429), not a bare 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "andor_site.urls"
WSGI_APPLICATION = "andor_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.chrome.context_processor",
            ],
        },
    },
]

# The embedded default is a SQLite file in the project; production sets DATABASE_URL
# to PostgreSQL (postgres://user:password@host:5432/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache: per-process memory by default; production uses Redis (redis://host:6379/0) so that
# rate limits are shared by every worker.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Rate limits (django-ratelimit) count in the default cache; past a limit visitors get a 429
# page that says why.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "home.views.rate_limited"
# While the cache cannot be reached, rate limits are not enforced rather than every form and
# search answering 429.
RATELIMIT_FAIL_OPEN = env.bool("RATELIMIT_FAIL_OPEN", default=True)
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
# Newsletter sign-ups and contact-form enquiries per client (django-ratelimit rate, e.g. "5/m").
NEWSLETTER_RATE_LIMIT = env("NEWSLETTER_RATE_LIMIT", default="5/m")
CONTACT_RATE_LIMIT = env("CONTACT_RATE_LIMIT", default="5/m")
# Searches and search suggestions per client (django-ratelimit rate, e.g. "120/m"); each
# endpoint counts on its own, so typing in the search box never meets it.
SEARCH_RATE_LIMIT = env("SEARCH_RATE_LIMIT", default="120/m")

# Email: console in development, SMTP (smtp+tls://user:password@host:587) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AndOr <hello@andor.in>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The page editor posts many fields for long StreamField pages.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "AndOr"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Search: the project's database backend (PostgreSQL full text or SQLite FTS5, ranked in one
# query: search/backend/) unless SEARCH_BACKEND names another, e.g. Wagtail's own
# wagtail.search.backends.database, or wagtail.search.backends.opensearch3 with SEARCH_URL
# (README.md, "Search").
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": env("SEARCH_BACKEND", default="search.backend.database")}
}
if env("SEARCH_URL", default=""):
    WAGTAILSEARCH_BACKENDS["default"]["URLS"] = [env("SEARCH_URL")]
    # A search server keeps one index per kind of content (pages, documents, FAQ entries…),
    # each named with this prefix: andor_wagtailcore_page, andor_search_faqentry.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = env("SEARCH_INDEX", default="andor") + "_"
WAGTAIL_I18N_ENABLED = False

# Documents: whitepapers are PDFs kept in our own document model, always served through
# Wagtail's serve view so collection privacy is checked on every download.
WAGTAILDOCS_DOCUMENT_MODEL = "resources.WhitepaperDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", default=25) * 1024 * 1024
# Uploads are checked by their bytes (a readable, unencrypted PDF), on single and multiple upload.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.WhitepaperDocumentForm"
# How long browsers and CDNs may keep a public document (seconds); private ones: never.
DOCUMENT_CACHE_MAX_AGE = env.int("DOCUMENT_CACHE_MAX_AGE", default=60 * 60)

WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per background task (search indexing, reference index) is noise.
    "loggers": {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}

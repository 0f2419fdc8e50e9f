"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see README.md,
"Configuration"). ``dev``, ``production`` and ``test`` build on this module.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Earlier keys, newest first: links signed with them (newsletter confirmation and unsubscribe
# links already emailed, sessions) keep working after SECRET_KEY is changed.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

INSTALLED_APPS = [
    "home",
    "resources",
    "search",
    "search.backend",
    "newsletter",
    "contact",
    "ops",
    "security",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # GET /healthz, answered before anything else (ops/health.py).
    "ops.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag and 304 for answers that may be kept (after the caching headers are set below).
    "django.middleware.http.ConditionalGetMiddleware",
    # Cache-Control and Last-Modified of every answer: public pages shareable, the rest private.
    "home.http_cache.CacheHeadersMiddleware",
    # 413 for an oversized public request before anything reads its body.
    "security.middleware.RequestBodyLimitMiddleware",
    "security.middleware.SecurityHeadersMiddleware",
    "security.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin sessions: idle timeout and absolute lifetime, then the second factor.
    "security.sessions.AdminSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.twofactor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A view that blocks on a rate limit answers with RATELIMIT_VIEW (429), not a bare 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Sign-in lockout (django-axes); last, as it asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes refuses sign-ins from a locked-out account or client before the password is
    # even checked.
    "security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
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
                "home.fragments.context_processor",
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


def object_storage(env):
    """Media in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set (django-storages).

    Documents and original images are private objects: documents are still served by Wagtail's
    serve view, which checks privacy and streams them from the bucket. Image renditions, which
    pages link to, are public objects with plain URLs (no expiring signature), so that cached
    pages keep working. Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3.
    Returns the STORAGES entries to use, or {} for files under MEDIA_ROOT.
    """
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {}
    common = {
        "bucket_name": bucket,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "file_overwrite": False,
    }
    public_acl = env("MEDIA_PUBLIC_ACL", default="public-read") or None
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "default_acl": "private", "querystring_auth": True},
        },
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "default_acl": public_acl,
                "querystring_auth": False,
                "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            },
        },
    }


if object_storage(env):
    STORAGES.update(object_storage(env))
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"

# Cache: per-process memory by default; production uses Redis (redis://host:6379/0) so that
# rate limits are shared by every worker.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Fragments of a view that is not the same for every anonymous visitor (a passed view
# restriction, a signed-in editor) are "cached" here: a cache that keeps nothing (home.fragments).
CACHES["uncached"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# How long a public page may be kept: by browsers (max-age) and by a shared front such as
# Varnish or a CDN (s-maxage), which is purged on every change (home/purge.py).
CACHE_BROWSER_MAX_AGE = env.int("CACHE_BROWSER_MAX_AGE", default=60)
CACHE_SHARED_MAX_AGE = env.int("CACHE_SHARED_MAX_AGE", default=60 * 60 * 24)

# Rate limits (django-ratelimit) count in the default cache; past a limit visitors get a 429
# page that says why.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "home.views.rate_limited"
# While the cache cannot be reached, rate limits are not enforced rather than every form and
# search answering 429.
RATELIMIT_FAIL_OPEN = env.bool("RATELIMIT_FAIL_OPEN", default=True)
# The client of a request, for every rate limit and the sign-in lockout (security/clients.py):
# REMOTE_ADDR with no proxy configured; behind N proxies that append to X-Forwarded-For, the
# N-th address from its right. Never a header a visitor can forge.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "security.clients.client_ip"
# Newsletter sign-ups and contact-form enquiries per client (django-ratelimit rate, e.g. "5/m").
NEWSLETTER_RATE_LIMIT = env("NEWSLETTER_RATE_LIMIT", default="5/m")
CONTACT_RATE_LIMIT = env("CONTACT_RATE_LIMIT", default="5/m")
# Searches and search suggestions per client (django-ratelimit rate, e.g. "120/m"); each
# endpoint counts on its own, so typing in the search box never meets it.
SEARCH_RATE_LIMIT = env("SEARCH_RATE_LIMIT", default="120/m")
# Admin password-reset requests per client and per address; page and collection password
# guesses per client; two-factor codes per client.
PASSWORD_RESET_RATE_LIMIT = env("PASSWORD_RESET_RATE_LIMIT", default="5/h")
PASSWORD_FORM_RATE_LIMIT = env("PASSWORD_FORM_RATE_LIMIT", default="10/m")
TWO_FACTOR_RATE_LIMIT = env("TWO_FACTOR_RATE_LIMIT", default="10/m")

# --- Editors' accounts -------------------------------------------------------------------------
ADMIN_URL_PREFIX = "/admin/"
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# Sign-in lockout (django-axes): after ADMIN_LOGIN_FAILURE_LIMIT failures an account, and
# separately a client address, cannot sign in for ADMIN_LOGIN_COOLOFF_MINUTES. A success resets
# the count. Unlock under Settings → Sign-in lockouts or with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "security.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): required of every editor when on (production's default).
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "AndOr"

# Admin sessions end after ADMIN_SESSION_IDLE_MINUTES without a request and, whatever the
# activity, ADMIN_SESSION_MAX_HOURS after signing in.
ADMIN_SESSION_IDLE_MINUTES = env.int("ADMIN_SESSION_IDLE_MINUTES", default=60)
ADMIN_SESSION_MAX_HOURS = env.int("ADMIN_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = ADMIN_SESSION_MAX_HOURS * 60 * 60

# --- Response headers ----------------------------------------------------------------------------
# Content-Security-Policy (django-csp): public pages have no inline script or style, no
# third-party requests. The admin gets ADMIN_CSP_DIRECTIVES (security/middleware.py).
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_REPORT_URI = env("CSP_REPORT_URI", default="")
_csp_report = {"report-uri": CSP_REPORT_URI} if CSP_REPORT_URI else {}
PUBLIC_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    **_csp_report,
}
# The admin's sign-in pages (ADMIN_STRICT_CSP_PATHS) have no inline script or style: they get
# ADMIN_STRICT_CSP_DIRECTIVES. The rest of the Wagtail admin runs inline scripts (each form
# widget starts itself with one) and inline styles, so it needs 'unsafe-inline' for those two;
# everything else stays as narrow: no plugins, no other origin, no framing but its own preview.
ADMIN_STRICT_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    **_csp_report,
}
ADMIN_CSP_DIRECTIVES = {
    **ADMIN_STRICT_CSP_DIRECTIVES,
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    # Wagtail's preview panel shows the page in a frame of the admin itself.
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_STRICT_CSP_PATHS = [
    "/admin/login/",
    "/admin/password_reset/",
    "/admin/two-factor/verify/",
    "/admin/two-factor/setup/",
]
if CSP_REPORT_ONLY:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": PUBLIC_CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": PUBLIC_CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The largest request body the public site accepts (413 past it): the contact form with every
# answer at its longest, in the widest characters, is some 110 kB.
PUBLIC_MAX_BODY_BYTES = env.int("PUBLIC_MAX_BODY_KB", default=160) * 1024

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

# The caching front purged on every change of published content (home/purge.py): Varnish by
# address (FRONTEND_CACHE_VARNISH_URL), or Cloudflare, or CloudFront (README.md, "Caching front").
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_VARNISH_URL", default=""):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_VARNISH_URL"),
    }
if env("FRONTEND_CACHE_CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("FRONTEND_CACHE_CLOUDFLARE_ZONEID"),
        "BEARER_TOKEN": env("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", default=""),
    }
if env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", default=""):
    # Needs boto3 (pip install boto3) and AWS credentials in the environment.
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
    }

# Documents: whitepapers are PDFs kept in our own document model, always served through
# Wagtail's serve view so collection privacy is checked on every download.
WAGTAILDOCS_DOCUMENT_MODEL = "resources.WhitepaperDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", default=25) * 1024 * 1024
# Uploads are checked by their bytes (a readable, unencrypted PDF), on single and multiple upload.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.WhitepaperDocumentForm"
# Uploaded PDFs are read in a child process with these limits (resources/pdf_reader.py): a PDF
# whose text takes longer is kept without its text (the editor is told), one that cannot even be
# checked in that time is refused.
PDF_READ_SECONDS = env.int("PDF_READ_SECONDS", default=15)
PDF_READ_MEMORY_MB = env.int("PDF_READ_MEMORY_MB", default=768)
# How long browsers and CDNs may keep a public document (seconds); private ones: never.
DOCUMENT_CACHE_MAX_AGE = env.int("DOCUMENT_CACHE_MAX_AGE", default=60 * 60)

WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per background task (search indexing, reference index) is noise.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes logs every failed sign-in at INFO; lockouts are logged as warnings.
        "axes": {"level": "WARNING"},
    },
}

# Editors' avatars are uploaded, never fetched from a third party (no request leaves the admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard does not ask a third party for Wagtail's latest version.
WAGTAIL_ENABLE_UPDATE_CHECK = False

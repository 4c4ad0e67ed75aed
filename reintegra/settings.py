"""One env-driven settings module (in the manner of healthchecks' hc/settings.py).

Defaults give a working development checkout on embedded SQLite under ``var/``.
Production sets ``REINTEGRA_ENV=production`` and provides every secret through the
environment (or ``*_FILE`` variables); nothing secret is ever generated there.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("REINTEGRA_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    """A value from the environment, or from the file named by ``NAME_FILE``."""
    if f"{name}_FILE" in os.environ:
        return Path(os.environ[f"{name}_FILE"]).read_text().strip()
    return os.environ.get(name, default)


def envbool(name, default):
    return env(name, str(default)).lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(env(name, str(default)))


ENVIRONMENT = env("REINTEGRA_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
if ENVIRONMENT not in ("development", "production", "test"):
    raise ImproperlyConfigured("REINTEGRA_ENV must be development, test or production")


def local_secret(name, nbytes=32):
    """A secret for development and the demo only, kept in var/ and made on first use.

    Production must pass every secret in the environment: a key generated on a server's
    disk would sit beside the data it protects.
    """
    value = env(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
    path = VAR_DIR / "demo-keys" / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write aside, then link: atomic, so that parallel processes (test workers) that
        # start together all end up with the one key that won.
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(secrets.token_hex(nbytes))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


SECRET_KEY = local_secret("SECRET_KEY", 50)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in
                 env("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
                 .split(",") if h.strip()]
if PRODUCTION and not ALLOWED_HOSTS:
    # Without it Django would answer no request at all (400 for every host), silently.
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set in production: the host names this server answers to, "
        "comma-separated (e.g. ALLOWED_HOSTS=reintegra.example.org)"
    )
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- Vault keys (see reintegra/vault/README in docs/architecture.md) ------------------
# The master key wraps every client's data key; it never enters a database.
VAULT_MASTER_KEY = local_secret("REINTEGRA_MASTER_KEY")
# Old master keys, accepted for unwrapping only, while rotate_master_key runs.
VAULT_OLD_MASTER_KEYS = [k for k in env("REINTEGRA_OLD_MASTER_KEYS", "").split(",") if k]
VAULT_BLIND_INDEX_KEY = local_secret("REINTEGRA_BLIND_INDEX_KEY")
AUDIT_HMAC_KEY = local_secret("REINTEGRA_AUDIT_KEY")
# Where each verification of the audit chain records its head, outside the main database
# (audit/anchor.py): a second database alias, or else a file of JSON lines.
AUDIT_ANCHOR_DATABASE = env("REINTEGRA_AUDIT_ANCHOR_DATABASE", "")
AUDIT_ANCHOR_PATH = Path(env("REINTEGRA_AUDIT_ANCHOR_PATH", str(VAR_DIR / "audit-anchor.jsonl")))
if ENVIRONMENT == "test" and "REINTEGRA_AUDIT_ANCHOR_PATH" not in os.environ:
    AUDIT_ANCHOR_PATH = VAR_DIR / "test-anchor" / f"{os.getpid()}.jsonl"
MFA_SECRET_KEY = local_secret("REINTEGRA_MFA_KEY")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "reintegra.core",
    "reintegra.accounts",
    "reintegra.vault",
    "reintegra.audit",
    "reintegra.clients",
    "reintegra.plans",
    "reintegra.programme",
    "reintegra.outcomes",
    "reintegra.privacy",
    "reintegra.legal",
    "reintegra.casework",
    "reintegra.demo",
    "reintegra.reports",
    "reintegra.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "reintegra.core.middleware.RequestIdMiddleware",
    # Appends the request's read events when the response is ready (audit.middleware).
    "reintegra.audit.middleware.AuditReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reintegra.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "reintegra.accounts.middleware.IdleTimeoutMiddleware",
    "reintegra.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so that its process_exception runs first: vault failures become a plain 503.
    "reintegra.vault.middleware.VaultUnavailableMiddleware",
]

ROOT_URLCONF = "reintegra.urls"
WSGI_APPLICATION = "reintegra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reintegra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reintegra.core.due.due_count",
            ],
            "builtins": ["reintegra.core.templatetags.interface"],
        },
    },
]
FORM_RENDERER = "reintegra.core.forms.FormRenderer"

# --- Databases: the main one and the keystore, which holds only wrapped data keys ------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'reintegra.sqlite3'}"), conn_max_age=60
    ),
    "keystore": dj_database_url.parse(
        env("KEYSTORE_DATABASE_URL", f"sqlite:///{VAR_DIR / 'keystore.sqlite3'}"),
        conn_max_age=60,
    ),
}
for _db in DATABASES.values():
    if _db["ENGINE"].endswith("sqlite3"):
        # secure_delete overwrites deleted rows, so a shredded key does not linger in
        # free pages of the file.
        _db["OPTIONS"] = {
            "init_command": "PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
        }
    # conn_max_age keeps a connection for 60 s across requests (no connect per request);
    # the health check (one round trip at a request's first query on a reused connection)
    # drops a connection the server closed, e.g. after PostgreSQL restarted: without it the
    # first request on each stale connection would fail after the database is back.
    _db["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["reintegra.vault.router.KeystoreRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are PostgreSQL's: on SQLite (development, tests) the index is
# made without its non-key columns, which is all that models.W040 says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The default cache holds allauth's failed-login counters and used TOTP codes: every server
# process must share it (a per-process cache lets each gunicorn worker count alone). Redis
# when REDIS_URL is set, else the database cache, whose table migrate creates
# (core/migrations/0001_cache_table.py). check --deploy refuses a process-local cache
# (reintegra.E001, core/checks.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "reintegra_cache",
    }
}
if env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }
# Figures a page may reuse for a minute or so (the header's due count, hours per activity):
# each process keeps its own, so a page does not pay SQL on the database cache to save SQL.
# Never for anything that protects someone (rate limits, TOTP replay): those use "default".
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": "reintegra-local"}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Legal deadlines: reminders (reintegra.legal) ---------------------------------------
# Days before a deadline at which a reminder is made (legal.services.reminder_days).
LEGAL_REMINDER_DAYS = tuple(int(d) for d in env("LEGAL_REMINDER_DAYS", "30,14,3").split(","))
# E-mail (legal reminders, set-up links): see MAIL_CONFIGURED and MAILERS below.

# --- Accounts ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_ADAPTER = "reintegra.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Lockout: the 6th failed password for one account within 15 minutes is refused, even a
# right one (allauth checks the limit before the password). Per address the limit is
# looser, so that one person's typos do not lock out an office behind one NAT address.
# Counters live in the cache: with several server processes it must be shared (REDIS_URL).
ACCOUNT_RATE_LIMITS = {"login_failed": "20/15m/ip,5/15m/key"}
# make load signs in 50 staff through the real sign-in from one address (127.0.0.1) within
# a minute: allauth's "login" limit (30 a minute per address) would refuse the last ones,
# and each TOTP step counts against the per-address "login_failed" bucket until it
# succeeds, so 20 sign-ins in flight at once fill it. REINTEGRA_LOAD_TEST=1 lifts the two
# per-address limits; the per-account lockout (5 failures in 15 minutes) stays. Never in
# production: check --deploy refuses it (reintegra.E002, core/checks.py).
LOAD_TEST = envbool("REINTEGRA_LOAD_TEST", False)
if LOAD_TEST:
    ACCOUNT_RATE_LIMITS = {"login": "6000/m/ip", "login_failed": "5/15m/key"}
# Behind a reverse proxy, the client's address is the proxy's unless allauth may read
# X-Forwarded-For: set TRUSTED_PROXY_COUNT to the number of proxies in front.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_EMAIL_VERIFICATION = "none"
MFA_ADAPTER = "reintegra.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "reintegra"
# The code fields with a numeric keypad and one-time-code autofill (accounts.forms).
MFA_FORMS = {
    "authenticate": "reintegra.accounts.forms.TOTPAuthenticateForm",
    "reauthenticate": "reintegra.accounts.forms.TOTPReauthenticateForm",
    "activate_totp": "reintegra.accounts.forms.TOTPActivateForm",
}
# Staff must have MFA before any client data is shown (reintegra.accounts.middleware).
REINTEGRA_REQUIRE_MFA = envbool("REINTEGRA_REQUIRE_MFA", True)
IDLE_TIMEOUT_SECONDS = envint("IDLE_TIMEOUT_MINUTES", 30) * 60
# One-time set-up links (invitations, sign-in resets): hours until they expire.
SETUP_LINK_HOURS = envint("SETUP_LINK_HOURS", 72)
# The public address, for links made outside a request (manage.py create_organisation).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail only when a mail server is configured (EMAIL_HOST); otherwise nothing is sent
# (NoMailServerBackend: no page can fail for want of a mail server) and set-up links are
# shown to the coordinator to pass on.
MAIL_CONFIGURED = bool(env("EMAIL_HOST", ""))
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", ""),
            "port": envint("EMAIL_PORT", 587),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("EMAIL_USE_TLS", True),
            "timeout": 10,
        },
    } if MAIL_CONFIGURED else {"BACKEND": "reintegra.accounts.mail.NoMailServerBackend"},
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "reintegra@localhost")

# --- Erasure journal: erased client ids, outside the databases (reintegra/privacy/journal.py)
ERASURE_JOURNAL = Path(env("REINTEGRA_ERASURE_JOURNAL", str(VAR_DIR / "erasure-journal.jsonl")))
if ENVIRONMENT == "test" and "REINTEGRA_ERASURE_JOURNAL" not in os.environ:
    ERASURE_JOURNAL = VAR_DIR / "test-media" / str(os.getpid()) / "erasure-journal.jsonl"

# --- Retention ---------------------------------------------------------------------------
RETENTION_YEARS_AFTER_CLOSURE = envint("RETENTION_YEARS_AFTER_CLOSURE", 10)

# Reports (reintegra/reports, docs/reports.md): the disclosure threshold k for published
# figures (never below 3: the statistics act's floor), the programme's target, and how
# long a generated report file is kept for download.
REPORT_DISCLOSURE_K = envint("REPORT_DISCLOSURE_K", 10)
REPORT_TARGET_CLIENTS = envint("REPORT_TARGET_CLIENTS", 30)
REPORT_FILE_HOURS = envint("REPORT_FILE_HOURS", 24)
CTDC_K = envint("CTDC_K", 11)  # k of the CTDC-style record-level export (CTDC uses 11)

# --- Programme ---------------------------------------------------------------------------
# A course counts as completed when the client attended (present or late) at least this
# share of its held sessions. 80% is the programme's own choice, not a legal rule or a
# funder's: change it here (or PROGRAMME_COMPLETION_PERCENT) if a funder asks for another.
PROGRAMME_COMPLETION_RATE = envint("PROGRAMME_COMPLETION_PERCENT", 80) / 100

# --- Home pages (issue 10) ---------------------------------------------------------------
# The programme's target number of clients: 30 in the programme this software was built
# for (its description: "Target 30 clients"). One figure per organisation's programme.
PROGRAMME_CLIENT_TARGET = envint("PROGRAMME_CLIENT_TARGET", 30)
# "Falling behind": attendance (present or late) below this share of the sessions held
# since the client's enrolment, once at least FALLING_BEHIND_MIN_SESSIONS were held; no
# contact (case note) for NO_CONTACT_DAYS; a goal past its target date. The programme's own
# working choices, not a rule from law or a funder: change them here.
FALLING_BEHIND_ATTENDANCE_PERCENT = envint("FALLING_BEHIND_ATTENDANCE_PERCENT", 60)
FALLING_BEHIND_MIN_SESSIONS = 3
NO_CONTACT_DAYS = envint("NO_CONTACT_DAYS", 21)
# A support plan is reviewed at least every PLAN_REVIEW_DAYS (from its start or its latest
# goal review) and needs reassessed every REASSESSMENT_DAYS: the programme's own practice
# (unverified against any funder's rule).
PLAN_REVIEW_DAYS = envint("PLAN_REVIEW_DAYS", 90)
REASSESSMENT_DAYS = envint("REASSESSMENT_DAYS", 180)

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# django-countries names both Congos "Kongo" in Polish: one name per country in a list.
COUNTRIES_OVERRIDE = {
    "CD": _("Congo (Democratic Republic)"),
    "CG": _("Congo (Republic)"),
}
# One date format per language: 30.11.2026 / 30 Nov 2026 (reintegra/formats/__init__.py).
FORMAT_MODULE_PATH = "reintegra.formats"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "reintegra" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if not PRODUCTION
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
if ENVIRONMENT == "test" and "MEDIA_ROOT" not in os.environ:
    # Tests write encrypted files; keep them apart from the demo's, one folder per process.
    MEDIA_ROOT = VAR_DIR / "test-media" / str(os.getpid())

# --- HTTP security ----------------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    # The __Host- prefix makes browsers keep a cookie only if it is Secure, has no Domain
    # and has Path=/: a sibling subdomain cannot set or shadow it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if PRODUCTION and env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: never personal data. Request ids only; no request bodies, no SQL. ---------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "reintegra.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # django.db.backends would print SQL parameters: ciphertext and blind indexes only,
        # but keep it quiet all the same.
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering reports every font it loads at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
ADMINS = []  # error e-mails would carry request data; errors go to the log by request id.

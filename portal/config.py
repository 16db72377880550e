"""Configuration: defaults here, then instance/config.py, then PORTAL_* environment variables."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlsplit

INSECURE_KEYS = {"", "dev", "change-me", "development-only-not-secret"}


class Defaults:
    ENV_NAME = "development"  # development | testing | production
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - refused outside development
    # Earlier keys, newest first (PORTAL_SECRET_KEY_FALLBACKS, a JSON list): sessions, CSRF
    # tokens and saved results made with them still open, and are sealed again with the current
    # key when used (`flask keys rotate-saved` moves every saved result at once). See README
    # "Rotating the secret key".
    SECRET_KEY_FALLBACKS: list[str] = []
    SQLALCHEMY_DATABASE_URI: str | None = None  # set from the instance folder when missing
    CONTENT_DIR: str | None = None  # defaults to <project>/content
    TRANSLATIONS_DIR: str | None = None  # defaults to <project>/translations
    # 16 KiB is far above any real answer; larger posts are refused with a 413.
    MAX_CONTENT_LENGTH = 16 * 1024
    MAX_FORM_MEMORY_SIZE = 16 * 1024
    MAX_FORM_PARTS = 200
    SESSION_COOKIE_NAME = "camino"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: secure in production, not in development
    # Answers in the encrypted cookie expire after this many seconds without activity.
    SESSION_IDLE_SECONDS = 2 * 60 * 60
    # Runs ended by Quick exit are seen by every worker within this many seconds (flows/runs.py).
    RETIRED_RUNS_REFRESH_SECONDS = 2.0
    # A JSON API conversation's token stops opening this long after the response that gave it.
    API_TOKEN_IDLE_SECONDS = 2 * 60 * 60
    WTF_CSRF_TIME_LIMIT = None  # the session expiry already bounds the token's life
    QUICK_EXIT_URL = "https://www.google.com/search?q=weather"
    BABEL_DEFAULT_LOCALE = "en"
    SAVED_DAYS = 60  # saved answers are deleted after this many days
    # Rate limits (portal/ratelimit.py), each "N per minute;M per day" and so on. Guessing codes
    # must be infeasible: see README "Save by code" for the arithmetic. Opening and deleting by
    # code share one budget per address; staff opening codes count per account instead.
    CODE_LOOKUP_LIMIT = "10 per minute;50 per day"
    STAFF_CODE_LOOKUP_LIMIT = "60 per hour"
    # Per email tried (existing or not) and per address; an office signing in all day behind one
    # address stays far below the address cap.
    SIGN_IN_ACCOUNT_LIMIT = "5 per minute;30 per hour"
    SIGN_IN_ADDRESS_LIMIT = "20 per minute;1000 per day"
    # Each partner API key (portal/api), counted per key whatever address it comes from.
    API_RATE_LIMIT = "120 per minute;20000 per day"
    # argon2-cffi's named parameter set for staff password hashes (argon2.profiles): the default
    # hashes with 64 MiB and 3 passes (about 0.2 s). Production takes only the RFC 9106 sets;
    # the tests use CHEAPEST, since they create and sign in hundreds of accounts.
    PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"  # noqa: S105 - a parameter set, not a password
    # How a save code is stretched before its record is looked up and opened (CODE_HASH_PROFILES
    # in portal/saved/codes.py). Fixed for a portal's life: another profile finds no record saved
    # under this one. Production takes only OWASP_ARGON2ID; the tests use CHEAPEST.
    SAVED_CODE_HASH_PROFILE = "OWASP_ARGON2ID"
    SIGN_IN_LOCK_AFTER = 5  # failed sign-ins in a row before an account is locked
    SIGN_IN_LOCK_MINUTES = 15
    STAFF_IDLE_MINUTES = 30
    STAFF_MAX_HOURS = 12  # a staff session ends this long after sign-in, however active
    # Where the counts live: "database" (the default: shared by every worker and server),
    # a redis:// URL (set from REDIS_URL), or "memory://" (development and testing only).
    RATELIMIT_STORAGE_URI = "database"
    RATELIMIT_KEY_PREFIX = "camino"
    # Behind a load balancer: how many proxies in front set X-Forwarded-For / -Proto. 0 trusts
    # none (the default, and right when nothing is in front); with 1 the rate limits count
    # each person's address instead of the proxy's. See README "Production deployment".
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PDF_CACHE_SIZE = 64  # finished PDFs kept in memory per process
    PDF_TIMEOUT_SECONDS = 20
    PDF_MAX_PAGES = 30
    PDF_RECYCLE_AFTER = 50  # documents per render worker before it is replaced
    # The public https:// address: printed under the QR code and in links. Required in production;
    # development falls back to the request's address.
    PUBLIC_URL: str | None = None
    # Production requires PUBLIC_URL and answers only requests for its host and these (a JSON
    # list in PORTAL_TRUSTED_HOSTS; ".example.org" takes every subdomain); others get a 400.
    # Development and testing answer any well-formed host unless this is set, and print the
    # request's address when PUBLIC_URL is unset (portal/security.py, checklists/views.py).
    TRUSTED_HOSTS: list[str] | None = None
    # The text channel (portal/chat): off until Twilio's auth token is set. CHAT_WEBHOOK_URL is
    # the webhook's address as Twilio calls it, when a proxy in front changes the scheme or host
    # (the signature covers it). A conversation is deleted this long after its last message.
    TWILIO_AUTH_TOKEN: str | None = None
    CHAT_WEBHOOK_URL: str | None = None
    CHAT_IDLE_SECONDS = 2 * 60 * 60


def _coerce(raw: str) -> Any:
    """Environment values are strings; accept JSON for numbers and booleans."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def env_overrides(environ: dict[str, str] | None = None) -> dict[str, Any]:
    environ = dict(os.environ) if environ is None else environ
    overrides = {
        key.removeprefix("PORTAL_"): _coerce(value)
        for key, value in environ.items()
        if key.startswith("PORTAL_")
    }
    # DATABASE_URL is the conventional name on hosting platforms.
    if "REDIS_URL" in environ and "RATELIMIT_STORAGE_URI" not in overrides:
        overrides["RATELIMIT_STORAGE_URI"] = environ["REDIS_URL"]
    if "DATABASE_URL" in environ and "SQLALCHEMY_DATABASE_URI" not in overrides:
        overrides["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "QUICK_EXIT_URL", "TWILIO_AUTH_TOKEN"):
        if key in overrides:
            overrides[key] = str(overrides[key])
    return overrides


def normalise_database_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def engine_options(url: str) -> dict[str, Any]:
    """Statement parameters (emails, code hashes) never appear in logs or error messages.
    PostgreSQL: test pooled connections before use (the database may have restarted) and
    give up connecting after a few seconds, so /healthz answers 503 instead of hanging."""
    if url.startswith("postgresql"):
        return {
            "hide_parameters": True,
            "pool_pre_ping": True,
            "connect_args": {"connect_timeout": 5},
        }
    return {"hide_parameters": True}


class InsecureConfiguration(RuntimeError):
    pass


# argon2.profiles names, by what each may hash in: production only the RFC 9106 ones.
PRODUCTION_HASH_PROFILES = ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY")
HASH_PROFILES = (*PRODUCTION_HASH_PROFILES, "PRE_21_2", "CHEAPEST")
PRODUCTION_CODE_HASH_PROFILE = "OWASP_ARGON2ID"


def check_production(config: dict[str, Any]) -> None:
    profile = config.get("PASSWORD_HASH_PROFILE")
    if profile not in HASH_PROFILES:
        raise InsecureConfiguration(
            f"Refusing to start: PASSWORD_HASH_PROFILE={profile!r} is not one of "
            f"{', '.join(HASH_PROFILES)}."
        )
    from portal.saved.codes import CODE_HASH_PROFILES

    code_profile = config.get("SAVED_CODE_HASH_PROFILE")
    if code_profile not in CODE_HASH_PROFILES:
        raise InsecureConfiguration(
            f"Refusing to start: SAVED_CODE_HASH_PROFILE={code_profile!r} is not one of "
            f"{', '.join(CODE_HASH_PROFILES)}."
        )
    if config.get("ENV_NAME") in ("development", "testing"):
        return
    if code_profile != PRODUCTION_CODE_HASH_PROFILE:
        raise InsecureConfiguration(
            f"Refusing to start: SAVED_CODE_HASH_PROFILE={code_profile} is for tests only; "
            f"production stretches save codes with {PRODUCTION_CODE_HASH_PROFILE}."
        )
    if profile not in PRODUCTION_HASH_PROFILES:
        raise InsecureConfiguration(
            f"Refusing to start: PASSWORD_HASH_PROFILE={profile} is for tests only; production "
            f"hashes staff passwords with {' or '.join(PRODUCTION_HASH_PROFILES)}."
        )
    if str(config.get("RATELIMIT_STORAGE_URI") or "").startswith("memory://"):
        raise InsecureConfiguration(
            "Refusing to start: RATELIMIT_STORAGE_URI=memory:// counts in each worker apart, so "
            "every limit would be multiplied by the number of workers. Leave it unset (the "
            "database counts) or set REDIS_URL."
        )
    key = config.get("SECRET_KEY") or ""
    if key in INSECURE_KEYS or len(key) < 32:
        raise InsecureConfiguration(
            "Refusing to start: set PORTAL_SECRET_KEY to a random value of at least 32 characters "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    public = urlsplit(str(config.get("PUBLIC_URL") or ""))
    if public.scheme != "https" or not public.hostname:
        raise InsecureConfiguration(
            "Refusing to start: set PORTAL_PUBLIC_URL to the portal's public https:// address "
            "(for example https://camino.example.org). Printed checklists and their QR codes link "
            "to it, and only requests for its host are answered (PORTAL_TRUSTED_HOSTS adds more)."
        )

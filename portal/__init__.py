"""Camino: a self-service portal for refugees and migrants (Cartagena+40 pathways)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, send_from_directory

from portal.config import (
    Defaults,
    check_production,
    engine_options,
    env_overrides,
    normalise_database_url,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FAVICON = "favicon.ico"  # in static/, and served at /favicon.ico, where browsers look for it
FAVICON_MAX_AGE = 365 * 24 * 3600


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    _serve_favicon(app)
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    if config:
        app.config.update(config)
    check_production(app.config)
    _accept_old_keys(app)
    _fill_paths(app)
    _trust_proxies(app)

    from portal import ratelimit, security
    from portal.extensions import babel, csrf, db, login_manager, migrate
    from portal.flows import runs
    from portal.i18n import init_i18n, select_locale
    from portal.session import EncryptedCookieSessionInterface

    if app.config["ENV_NAME"] == "development":  # `make run`: a translator's edit shows at once
        from portal.devreload import compile_stale_catalogs

        compile_stale_catalogs(Path(app.config["TRANSLATIONS_DIR"]))

    app.session_interface = EncryptedCookieSessionInterface()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=app.config["TRANSLATIONS_DIR"],
    )
    csrf.init_app(app)
    ratelimit.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)  # before the blueprints: forms are checked before any other hook
    runs.init_app(app)
    init_i18n(app)
    _load_content(app)
    _register_locale_urls(app)

    from portal import cli, errors, logs, models  # noqa: F401 - models registers tables
    from portal.api import conversations  # noqa: F401 - its routes join the api blueprint
    from portal.api.views import bp as api_bp
    from portal.chat.views import bp as chat_bp
    from portal.checklists.views import bp as checklists_bp
    from portal.desk import admin, audit  # noqa: F401 - their routes join the desk blueprint
    from portal.desk import day as desk_day
    from portal.desk.referral import bp as referral_bp
    from portal.desk.views import bp as desk_bp
    from portal.flows.views import bp as flows_bp
    from portal.main.views import bp as main_bp
    from portal.offices.views import bp as offices_bp
    from portal.saved.views import bp as saved_bp
    from portal.stats.views import bp as stats_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(flows_bp)
    app.register_blueprint(checklists_bp)
    app.register_blueprint(offices_bp)
    app.register_blueprint(saved_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(referral_bp)
    app.add_template_global(desk_day.todays_work, "desk_todays_work")
    app.register_blueprint(stats_bp)
    app.register_blueprint(chat_bp)
    app.register_blueprint(api_bp)
    errors.init_app(app)
    logs.init_app(app)
    cli.init_app(app)
    return app


def _serve_favicon(app: Flask) -> None:
    """/favicon.ico, where browsers look for it unasked: the file itself (a redirect would cost
    a round trip, then a 404 without this), kept a year by the person's browser. `private`: a
    shared cache must not keep it, since any response may carry the refreshed session cookie.
    security.py treats endpoints named static… as static files (cacheable)."""

    def favicon() -> Response:
        response = send_from_directory(str(app.static_folder), FAVICON, max_age=FAVICON_MAX_AGE)
        response.cache_control.public = False
        response.cache_control.private = True
        return response

    app.add_url_rule(f"/{FAVICON}", endpoint="static_favicon", view_func=favicon)


def _fill_paths(app: Flask) -> None:
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["ENV_NAME"] == "production"
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "portal.sqlite3"
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    app.config["CONTENT_DIR"] = app.config.get("CONTENT_DIR") or str(PROJECT_ROOT / "content")
    app.config["TRANSLATIONS_DIR"] = app.config.get("TRANSLATIONS_DIR") or str(
        PROJECT_ROOT / "translations"
    )


def _accept_old_keys(app: Flask) -> None:
    """Flask-WTF signs CSRF tokens with one key; itsdangerous, which it uses, also accepts a
    list (signing with the last, checking with each), so tokens signed before a key rotation
    still work."""
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if fallbacks and not app.config.get("WTF_CSRF_SECRET_KEY"):
        app.config["WTF_CSRF_SECRET_KEY"] = [*reversed(fallbacks), app.config["SECRET_KEY"]]


def _trust_proxies(app: Flask) -> None:
    """Take the client's address and scheme from the load balancer's X-Forwarded-* headers,
    but only from as many proxies as configured: otherwise anyone could set them."""
    x_for, x_proto = app.config["PROXY_FIX_X_FOR"], app.config["PROXY_FIX_X_PROTO"]
    if x_for or x_proto:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented middleware hook
            app.wsgi_app, x_for=int(x_for), x_proto=int(x_proto)
        )


def _load_content(app: Flask) -> None:
    """Content is validated once at start-up. With errors the app serves nothing but a 503
    and logs every file:line problem, so `flask content check` can still report them;
    wsgi.py refuses to start at all."""
    from portal.rules import ContentError
    from portal.rules.library import load_library_cached

    try:
        app.extensions["content"] = load_library_cached(app.config["CONTENT_DIR"], dt.date.today())
    except ContentError as exc:
        app.extensions["content_error"] = exc
        for problem in exc.problems:
            app.logger.error("content: %s", problem)

        @app.before_request
        def content_unavailable():
            abort(503)


def _register_locale_urls(app: Flask) -> None:
    from portal.i18n import LOCALES, url_lang

    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in LOCALES:
                abort(404)
            g.locale = LOCALES[lang]

    @app.url_defaults
    def add_lang(endpoint: str, values: dict[str, Any]) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = url_lang()

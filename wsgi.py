"""Entry point for gunicorn: `gunicorn wsgi:app`. Refuses to start when content has errors.

gunicorn.conf.py preloads this module in the master process, so the warm-up below runs once
and every worker forked from it starts with templates compiled and every language's catalogs
and locale data loaded, instead of paying for them on its first requests."""

import gc

from babel import Locale
from flask import Flask
from flask_babel import force_locale, get_translations

from portal import create_app
from portal.extensions import content_domain
from portal.i18n import LOCALES


def warm_up(app: Flask) -> None:
    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")):
        app.jinja_env.get_template(name)
    with app.test_request_context():
        for locale in LOCALES.values():
            Locale.parse(locale).languages  # noqa: B018 - loading the CLDR data is the point
            with force_locale(locale):
                get_translations()
                content_domain.get_translations()


app = create_app()
if "content_error" in app.extensions:
    problems = app.extensions["content_error"]
    raise SystemExit(f"Content has errors (see `flask --app portal content check`):\n{problems}")
warm_up(app)
# Everything loaded so far lives as long as the process: keep it out of the garbage collector's
# scans (cheaper collections, and forked workers share those memory pages instead of copying).
gc.freeze()

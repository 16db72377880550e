"""Entry point for gunicorn: `gunicorn wsgi:app`. Refuses to start when content has errors."""

from portal import create_app

app = create_app()
if "content_error" in app.extensions:
    problems = app.extensions["content_error"]
    raise SystemExit(f"Content has errors (see `flask --app portal content check`):\n{problems}")

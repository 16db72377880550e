"""Extensions, created unbound here and bound to the app in create_app()."""

import hashlib
import hmac

from flask import current_app
from flask_babel import Babel, Domain
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()


def address_key() -> str:
    """The client's address as a keyed hash: limits work the same, but neither the limit storage
    (Redis) nor Flask-Limiter's "limit exceeded" log line holds a person's IP address."""
    secret = (current_app.secret_key or "").encode()
    return hmac.new(secret, get_remote_address().encode(), hashlib.sha256).hexdigest()[:32]


# Limits apply only where a view asks for one (code lookup); storage is memory or REDIS_URL.
limiter = Limiter(key_func=address_key, default_limits=[])
login_manager = LoginManager()
# Content strings (questions, outcomes, checklists) have their own catalog, content.po.
content_domain = Domain(domain="content")

"""Local development: the embedded SQLite database under var/, debug on."""

import os

from .base import *  # noqa: F403
from .base import DEFAULT_SQLITE_URL, database_from_url

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL))}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

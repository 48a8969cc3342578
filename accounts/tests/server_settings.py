"""Settings of the sign-in server that ``test_throttling_concurrency`` starts in another
process: the development settings on a SQLite file (as in production), with a hasher that
notes each password it checks (``accounts.tests.hashers``)."""

from config.settings.dev import *  # noqa: F403

PASSWORD_HASHERS = ["accounts.tests.hashers.NotingMD5PasswordHasher"]

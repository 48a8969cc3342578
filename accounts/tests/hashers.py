"""A password hasher for the concurrency tests: it notes every password it checks (in memory,
and in the file ``RABAT_CHECK_LOG`` when set, for a server in another process) and takes a
moment, as a real hasher does, so that concurrent guesses really overlap."""

import os
import threading
import time

from django.contrib.auth.hashers import MD5PasswordHasher

_lock = threading.Lock()
checked = []


class NotingMD5PasswordHasher(MD5PasswordHasher):
    delay = 0.2

    def verify(self, password, encoded):
        with _lock:
            checked.append(password)
            log = os.environ.get("RABAT_CHECK_LOG")
            if log:
                with open(log, "a") as handle:
                    handle.write("checked\n")
        time.sleep(self.delay)
        return super().verify(password, encoded)

"""Every role of the matrix signed in once per module, not once per test.

A real sign-in (the test client's `force_login`: a session row, `last_login`, the login signals)
costs a dozen queries; the matrix used to make one per role and test (14 roles × ~400 tests).
Here each role signs in once, inside the module's kept world (tests/security/kept_world.py), so
the sessions outlive every test's rollback, and each test gets new `Client`s carrying those
session cookies: what a request does to its session (a logout, a password change) is rolled
back with the request or the test, and what it does to the client's cookie stays in that test's
client, as before.

A session signed in at the start of a module would age with it: after SESSION_IDLE_TIMEOUT the
middleware would sign every role out, and after SEEN_RESOLUTION it writes "last seen" on every
request. So each test first stamps the sessions as just signed in (one UPDATE of the session
rows, rolled back with the test): each test's sessions read exactly as after `force_login`.
"""

import copy
import time

from django.conf import settings
from django.test import Client

from reformportal.security import SESSION_SEEN_KEY, SESSION_STARTED_KEY

from .matrix import ROLES


class SignedIn:
    def __init__(self, cast):
        from django.contrib.sessions.models import Session

        self.sessions = {}  # role -> (Session row, its decoded data)
        self.cookies = {}  # role -> the session cookie force_login set
        for role in ROLES:
            if role == "anonymous":
                continue
            client = Client()
            client.force_login(getattr(cast, role))  # a deactivated user keeps a stale session
            self.cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME]
            row = Session.objects.get(session_key=self.cookies[role].value)
            self.sessions[role] = (row, row.get_decoded())

    def clients(self, **client_options):
        """role -> a new Client signed in as that role (anonymous: no session)."""
        self._stamp_as_just_signed_in()
        clients = {}
        for role in ROLES:
            client = Client(**client_options)
            if role in self.cookies:
                client.cookies[settings.SESSION_COOKIE_NAME] = copy.copy(self.cookies[role])
            clients[role] = client
        return clients

    def _stamp_as_just_signed_in(self):
        from django.contrib.sessions.backends.db import SessionStore
        from django.contrib.sessions.models import Session

        now = int(time.time())
        rows = []
        for row, data in self.sessions.values():
            row.session_data = SessionStore().encode({**data, SESSION_STARTED_KEY: now, SESSION_SEEN_KEY: now})
            rows.append(row)
        Session.objects.bulk_update(rows, ["session_data"])

"""Sign-in pages, language switch, health probe, API schema and docs."""

from . import ANY_USER, PUBLIC, Api, Excluded, Page

EXCLUDED = [
    Excluded("admin/", "Django admin: its own staff login; scoped querysets tested in tests/agencies/test_admin.py"),
    Excluded("static/", "static files (whitenoise), public by design"),
]

ENTRIES = [
    Page("agencies:home", GET=ANY_USER),
    Page("login", GET=PUBLIC, POST=PUBLIC),
    Page("logout", POST=ANY_USER),
    Page("password_change", GET=ANY_USER, POST=ANY_USER),
    Page("password_change_done", GET=ANY_USER),
    Page("password_reset", GET=PUBLIC, POST=PUBLIC),
    Page("password_reset_done", GET=PUBLIC),
    Page("password_reset_confirm", url=lambda w, t: "/accounts/reset/MQ/bad-token/", GET=PUBLIC),
    Page("password_reset_complete", GET=PUBLIC),
    Page("set_language", POST=PUBLIC),
    Page("healthz", GET=PUBLIC),
    Api("schema", url=lambda w, t: "/api/schema/", GET=ANY_USER),
    Api("api-docs", url=lambda w, t: "/api/docs/", GET=ANY_USER),
]

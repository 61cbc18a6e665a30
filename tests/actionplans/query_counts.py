"""Query counts measured once per module at two data sizes, asserted by each test.

Building a nation twice per test made these tests the slowest of the suite; the module measures
every page at the small size, grows the data, measures them again, and each test asserts its own
page's exact counts at both sizes.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure(client, url):
    """The response to a GET of url and the queries it ran, just after a first GET that warms caches
    (content types, the session). Warm right before: a session last seen a minute ago or more is
    stamped again (reformportal.security), three queries more, and a busy machine took that long
    between a warm-up and the measurement (the per-test version failed so at load 9)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, [query["sql"] for query in context.captured_queries]


def assert_num_queries(queries, expected, what):
    listing = "\n".join(f"{n}. {sql}" for n, sql in enumerate(queries, 1))
    assert len(queries) == expected, f"{what}: expected {expected} queries, {len(queries)} were done:\n{listing}"

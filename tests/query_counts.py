"""Query counts of a page measured at two data sizes: equal exact counts prove there is no N+1.

Each query-count module declares its pages in one table whose keys start with the route name
(`PAGES = {"meetings:detail": 15}` or `{("agencies:opds", "observer"): 6}`) and parametrizes its
test over that table; tests/test_page_query_counts_cover_routes.py reads those tables to check
that every page route is measured.

Build the data once per module (tests/module_data.py), measure every page at the small size,
grow the data, measure them again (`measure_at_two_sizes`), and let each test assert its own
page's counts (`assert_flat`): building a nation twice per test made these tests the slowest of
the suite.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

SIZES = ("few rows", "many rows")


def measure(client, url):
    """The response to a GET of url and the queries it ran, just after a first GET that warms caches
    (content types, the session). Warm right before: a session last seen a minute ago or more is
    stamped again (reformportal.security), three queries more, and a busy machine took that long
    between a warm-up and the measurement (the per-test version failed so at load 9)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, [query["sql"] for query in context.captured_queries]


def measure_at_two_sizes(pages, grow):
    """{key: (client, url)} -> {key: [(response, queries) now, (response, queries) after grow()]}."""
    found = {key: [measure(client, url)] for key, (client, url) in pages.items()}
    grow()
    for key, (client, url) in pages.items():
        found[key].append(measure(client, url))
    return found


def assert_num_queries(queries, expected, what):
    listing = "\n".join(f"{n}. {sql}" for n, sql in enumerate(queries, 1))
    assert len(queries) == expected, f"{what}: expected {expected} queries, {len(queries)} were done:\n{listing}"


def assert_flat(measured, expected, what, status=200):
    """Both measurements of a page answered `status` with exactly `expected` queries."""
    counts = ", ".join(f"{len(queries)} with {size}" for size, (_, queries) in zip(SIZES, measured))
    for size, (response, queries) in zip(SIZES, measured):
        assert response.status_code == status, f"{what} with {size}: status {response.status_code}"
        assert_num_queries(queries, expected, f"{what} ({counts})")


def routes_of(table):
    """The route names a PAGES table measures (its keys are a route name or a tuple starting with one)."""
    return {key if isinstance(key, str) else key[0] for key in table}

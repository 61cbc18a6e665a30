"""The router every app's API uses: an id in a URL is digits, or the route does not exist.

DRF's default lookup pattern (`[^/.]+`) lets `/api/v1/meetings/abc/` reach the view, and a view
that looks the row up itself (an access helper, a custom action) then fails on `pk="abc"` with a
server error. Here a viewset that looks rows up by primary key gets `[0-9]+` (ASCII digits only:
`\\d` would also accept "١٢"), so anything else answers 404 before any view code runs. Viewsets
with another lookup (a code) declare their own `lookup_value_regex`.
"""

from rest_framework.routers import SimpleRouter

INTEGER_ID = "[0-9]+"


class PortalRouter(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") in ("pk", "id") and not hasattr(viewset, "lookup_value_regex"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{INTEGER_ID})"
        return super().get_lookup_regex(viewset, lookup_prefix)

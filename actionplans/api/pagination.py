"""Pages of the big API lists: page numbers by default, keyset (cursor) pages on request.

`?page=N` keeps its contract (`count`, `next`, `previous`, `results`), but each page costs a
COUNT(*) of the whole scope and an OFFSET that reads every earlier row: on the national data the
last page of progress reports took ~1.8 s (issue 17). `?cursor=` (empty for the first page, then
the `next`/`previous` links) walks the same rows by primary key instead: each page is one
indexed range read, the last page costs what the first does, and there is no `count`.
"""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class KeysetPagination(CursorPagination):
    # The primary key: unique and never changed, so no row is skipped or repeated between pages.
    ordering = "pk"


class PageOrKeysetPagination(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = KeysetPagination() if KeysetPagination.cursor_query_param in request.query_params else None
        if self.keyset:
            return self.keyset.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) + KeysetPagination().get_schema_operation_parameters(view)

    def get_paginated_response_schema(self, schema):
        """Both shapes: `count` only on numbered pages (a keyset page has none)."""
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = [name for name in paginated.get("required", []) if name != "count"]
        return paginated

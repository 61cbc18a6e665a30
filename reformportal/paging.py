"""Keyset (cursor) pages and bounded counts for server-rendered lists (issue 17).

A numbered page costs a COUNT(*) of every row and an OFFSET that reads every earlier row, so the
last page of a national list costs far more than the first. `keyset_page` reads one page after
(or before) the last row shown instead: one indexed range read whatever the depth. The order is
one field, ascending with NULLs last (PostgreSQL's own index order), then the primary key, so no
row is skipped or shown twice between pages.

`bounded_count` counts at most `limit + 1` rows: the page can say "230" exactly, or honestly
"more than 1,000" without counting a nation's rows each time.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, Q

# Between the key's value and the primary key in a cursor ("2025-10-01T08:00:00+00:00~123").
SEPARATOR = "~"


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    next_cursor: str | None  # ?setelah=…, None on the last page
    previous_cursor: str | None  # ?sebelum=…, None on the first page

    @property
    def has_other_pages(self):
        return bool(self.next_cursor or self.previous_cursor)


@dataclass(frozen=True)
class BoundedCount:
    n: int
    more: bool  # True: there are more than `n` rows (not counted)


def bounded_count(queryset, limit):
    """How many rows `queryset` has, counting no further than `limit` (one query)."""
    n = queryset.order_by()[: limit + 1].count()
    return BoundedCount(min(n, limit), n > limit)


def _cursor(row, field):
    value = getattr(row, field)
    return f"{'' if value is None else value.isoformat()}{SEPARATOR}{row.pk}"


def _parse(queryset, field, cursor):
    text, sep, pk = cursor.rpartition(SEPARATOR)
    if not sep or not pk.isdigit():
        raise ValidationError("bad cursor")
    value = queryset.model._meta.get_field(field).to_python(text) if text else None
    return value, int(pk)


def _after(field, value, pk):
    if value is None:  # NULLs come last: only NULL rows with a larger key follow
        return Q(**{f"{field}__isnull": True, "pk__gt": pk})
    return Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk}) | Q(**{f"{field}__isnull": True})


def _before(field, value, pk):
    if value is None:
        return Q(**{f"{field}__isnull": False}) | Q(**{f"{field}__isnull": True, "pk__lt": pk})
    return Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk})


def keyset_page(queryset, *, field, size, after=None, before=None, within=()):
    """One page of `queryset` ordered by (`field` ascending, NULLs last; pk).

    `within`: fields that `queryset` holds to one value each (the queue's chosen triwulan). The
    order starts with them, so that an index starting with them gives the order; the cursor needs
    no place for them. (PostgreSQL drops an ORDER BY term that the WHERE sets "= value": hold
    such a field by a range, `__range=(value, value)`, for the term to count when it plans.)

    `after`: the rows following that cursor; `before`: the rows preceding it ("" = the last
    page); neither: the first page. A cursor that cannot be read raises ValidationError.
    Reads `size + 1` rows to know whether another page follows (one query; two when a page read
    backwards reaches the start, which then shows the first page in full).
    """
    forward = (*within, F(field).asc(nulls_last=True), "pk")
    if before is not None:
        qs = queryset.order_by(*(f"-{name}" for name in within), F(field).desc(nulls_first=True), "-pk")
        if before:
            qs = qs.filter(_before(field, *_parse(queryset, field, before)))
        rows = list(qs[: size + 1])
        if len(rows) <= size and before:
            return keyset_page(queryset, field=field, size=size, within=within)
        more = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(
            rows, _cursor(rows[-1], field) if rows and before else None, _cursor(rows[0], field) if more else None
        )
    qs = queryset.order_by(*forward)
    if after:
        qs = qs.filter(_after(field, *_parse(queryset, field, after)))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, _cursor(rows[-1], field) if more else None, _cursor(rows[0], field) if after and rows else None)

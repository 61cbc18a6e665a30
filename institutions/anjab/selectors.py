"""Reading Anjab/ABK: positions with their figures, the job map, and the Biro's overview.

The sums over tasks are computed by the database (one grouped query,
workload.task_workload_expression); each position's figures then come from workload.figures(),
and every total (unit, agency, Pemda, province) is workload.totals() of the positions' figures,
so a total always equals the sum of what is shown below it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Sum

from agencies.models import Opd, Pemda

from .models import Abk, Position, Task
from .workload import add_totals, figures, summed, task_workload_expression, totals


def _with_workload(queryset):
    return queryset.annotate(workload_sum=Sum(task_workload_expression("tasks__")))


@dataclass
class PositionRow:
    position: Position
    figures: object
    tasks: list = field(default_factory=list)


def position_rows(abk, *, with_tasks=False):
    """The positions of an ABK in order, each with its figures (2 queries, 3 with tasks)."""
    qs = _with_workload(Position.objects.filter(abk=abk).select_related("unit")).order_by("order", "pk")
    if with_tasks:
        qs = qs.prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("order", "pk")))
    rows = []
    for p in qs:
        rows.append(PositionRow(p, figures(p.workload_sum, p.in_post), list(p.tasks.all()) if with_tasks else []))
    return rows


def abk_summary(abk):
    rows = position_rows(abk)
    return rows, totals(r.figures for r in rows)


@dataclass
class UnitNode:
    unit: object
    positions: list = field(default_factory=list)  # PositionRow
    children: list = field(default_factory=list)
    totals: object = None  # of this unit and every unit below it
    depth: int = 0

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def job_map(abk):
    """The unit tree of the ABK's structure with its positions and totals (3 queries).

    Units come from the structure the ABK names, or else from the units its positions sit in.
    """
    from institutions.models import OrgUnit

    rows = position_rows(abk)
    if abk.structure_id:
        units = list(OrgUnit.objects.filter(structure_id=abk.structure_id).order_by("order", "pk"))
    else:
        units = list(OrgUnit.objects.filter(positions__abk=abk).distinct().order_by("order", "pk"))
    nodes = {u.pk: UnitNode(u) for u in units}
    for row in rows:
        node = nodes.get(row.position.unit_id) or nodes.setdefault(row.position.unit_id, UnitNode(row.position.unit))
        node.positions.append(row)
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)

    def finish(node, depth):
        node.depth = depth
        for child in node.children:
            finish(child, depth + 1)
        node.totals = totals([r.figures for n in node.walk() for r in n.positions])

    for root in roots:
        finish(root, 0)
    return roots, totals(r.figures for r in rows)


# --- the Biro's overview ------------------------------------------------------------------


@dataclass
class AgencyLine:
    opd: Opd
    abk: Abk | None
    totals: object

    @property
    def status(self):
        return self.abk.status if self.abk else "none"


@dataclass
class PemdaBlock:
    pemda: Pemda
    agencies: list
    totals: object
    status_counts: dict


@dataclass
class KindGap:
    kind: str
    label: str
    needed: int
    in_post: int
    gap: int


@dataclass
class Overview:
    year: int
    pemdas: list
    totals: object
    status_counts: dict
    shortages: list  # KindGap, largest shortage first
    surpluses: list  # KindGap, largest surplus first


STATUSES = ["none", *Abk.Status.values]


def kind_sums(year, opd_ids):
    """Per agency and position kind, summed by the database in one query:
    [(opd id, kind, positions, workload minutes, in post, needed, needed exact)].

    The inner query sums each position's tasks (volume × period factor × time norm), the outer
    one rounds each position's staff needed half up (ROUND on a non-negative number, in
    PostgreSQL and SQLite alike) and adds them up: the same rules as workload.figures(), which
    tests/institutions/anjab check against each other.
    """
    if not opd_ids:
        return []
    from django.db import connection

    from . import rules
    from .workload import period_factor_sql

    quote = connection.ops.quote_name
    position, abk, task = Position._meta.db_table, Abk._meta.db_table, Task._meta.db_table
    effective = rules.effective_minutes()
    placeholders = ", ".join(["%s"] * len(opd_ids))
    sql = f"""
        SELECT opd_id, kind, COUNT(*), SUM(w), SUM(in_post), SUM(ROUND(w / {effective}.0)), SUM(w / {effective}.0)
        FROM (
            SELECT p.id, a.opd_id AS opd_id, p.kind AS kind, p.in_post AS in_post,
                   COALESCE(SUM(t.volume * {period_factor_sql("t.period")} * t.time_norm), 0) AS w
            FROM {quote(position)} p
            JOIN {quote(abk)} a ON a.id = p.abk_id
            LEFT JOIN {quote(task)} t ON t.position_id = p.id
            WHERE a.year = %s AND a.opd_id IN ({placeholders})
            GROUP BY p.id, a.opd_id, p.kind, p.in_post
        ) per_position
        GROUP BY opd_id, kind
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, *opd_ids])
        return [
            (opd_id, kind, n, Decimal(str(w)), int(in_post), int(needed), Decimal(str(exact)))
            for opd_id, kind, n, w, in_post, needed, exact in cursor.fetchall()
        ]


def overview(user, year, *, pemda=None):
    """ABK status and figures per Pemda and agency the user can see, for one year (3 queries).

    Queries: the visible agencies with their Pemda; the year's ABKs; the sums per agency and
    position kind (kind_sums: the database sums the tasks and rounds each position).
    """
    opds = Opd.objects.visible_to(user).filter(is_active=True).select_related("pemda__province", "pemda__regency")
    if pemda is not None:
        opds = opds.filter(pemda=pemda)
    opds = list(opds.order_by(F("pemda__regency__code").asc(nulls_first=True), "code"))
    opd_ids = [o.pk for o in opds]
    abks = {a.opd_id: a for a in Abk.objects.filter(year=year, opd_id__in=opd_ids)}
    per_opd = defaultdict(list)
    per_kind = defaultdict(list)
    for opd_id, kind, n, workload, in_post, needed, exact in kind_sums(year, opd_ids):
        t = summed(positions=n, workload_minutes=workload, needed_exact=exact, needed=needed, in_post=in_post)
        per_opd[opd_id].append(t)
        per_kind[kind].append(t)
    blocks = {}
    for opd in opds:
        line = AgencyLine(opd, abks.get(opd.pk), add_totals(per_opd[opd.pk]))
        blocks.setdefault(opd.pemda_id, (opd.pemda, []))[1].append(line)
    pemdas = []
    for pemda_obj, lines in blocks.values():
        counts = {s: 0 for s in STATUSES}
        for line in lines:
            counts[line.status] += 1
        pemdas.append(PemdaBlock(pemda_obj, lines, add_totals(line.totals for line in lines), counts))
    all_counts = {s: sum(b.status_counts[s] for b in pemdas) for s in STATUSES}
    gaps = []
    for kind, items in per_kind.items():
        t = add_totals(items)
        gaps.append(KindGap(kind, Position.Kind(kind).label, t.needed, t.in_post, t.gap))
    return Overview(
        year=year,
        pemdas=pemdas,
        totals=add_totals(b.totals for b in pemdas),
        status_counts=all_counts,
        shortages=sorted((g for g in gaps if g.gap > 0), key=lambda g: -g.gap),
        surpluses=sorted((g for g in gaps if g.gap < 0), key=lambda g: g.gap),
    )


def abk_totals(abk_ids):
    """Totals of each ABK in `abk_ids` (one grouped query), as {abk id: Totals}."""
    per_abk = defaultdict(list)
    rows = (
        Position.objects.filter(abk_id__in=list(abk_ids)).values("pk", "abk_id", "in_post")
        .annotate(workload_sum=Sum(task_workload_expression("tasks__"))).order_by()
    )
    for row in rows:
        per_abk[row["abk_id"]].append(figures(row["workload_sum"], row["in_post"]))
    return {pk: totals(per_abk[pk]) for pk in abk_ids}


def positions_with_workload(queryset):
    """Positions annotated with `workload_sum` (their tasks' workload, summed by the database)."""
    return _with_workload(queryset)

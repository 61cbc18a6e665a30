"""The authorization matrix: a declared expectation for every page and API endpoint.

Each app has a module here (core, agencies, actionplans, evaluations, meetings, reports) with
`ENTRIES` (a list of `Page`/`Api`) and optionally `build(world)` that creates the app's objects
for each target. tests/security/test_matrix.py enumerates every URL pattern from the URL conf
and every endpoint + method from the OpenAPI schema and fails when one has no entry here.

How an expectation is written, per HTTP method:
  VISIBLE            allowed exactly when the target object is in `Model.objects.visible_to(user)`
                     (the one scoping module; its own answers are checked role by role in
                     tests/agencies/test_scoping.py against tests/agencies/scope_table.py)
  roles("biro", …)   allowed for these cast members only (on every target)
  per_target(in_={…}, reg={…}, out={…})   allowed roles per target
  PUBLIC             allowed for everyone, anonymous included
  ANY_USER           allowed for every signed-in, active user
  when(fn)           allowed when fn(user, obj) is true (fn uses agencies.scoping's Scope rules)

A denied request must answer: anonymous/deactivated -> login redirect (pages) or 401/403 (API);
object not visible -> 404; visible but not allowed -> 403. An allowed request must answer
anything but 401/403/404/405 and below 500 (a 400 for an empty form/body still proves the
permission check let it through).

Targets: "in" (Kalimantan Tengah province, OPD Dinas Kesehatan), "reg" (Kota Palangka Raya,
its Dinas Kesehatan) and "out" (Kalimantan Timur). Collection routes use target None.

Canaries (tests/security/test_canary_leak.py renders every GET entry, export and PDF as every
role and looks for them): a module may also define `plant_canaries(world, plant)`, called after
every module's `build(world)`. `plant(*places)` returns a unique token ("KNR0042") to write into
a text the app shows (a title, a label, a name); `places` say where that text belongs:
  an Opd        seen exactly by the roles whose scope table row lists that OPD
  a Pemda       seen by the roles that see that Pemda (context, e.g. its LHE for its OPD admins)
  Organised(p)  Pemda-wide data of p (a meeting it organised, its figures): the roles of the
                scope table's PEMDA_DATA (not an OPD admin)
A text that belongs to several places (a meeting also seen by the OPDs it invited) lists them
all; the test fails when a token appears for a role that sees none of its places. Plant into the
targets' objects (their pages are the entries' URLs) and add objects of your own; the hook may
return the URLs of their pages, rendered as every role too. Example:

    def plant_canaries(world, plant):
        for t in world.targets.values():
            Thing.objects.filter(pk=t.thing.pk).update(title=f"{plant(t.opd)} Judul")
        other = Thing.objects.create(opd=world.cast.kominfo, title=f"{plant(world.cast.kominfo)} Judul")
        return [reverse("things:detail", args=[other.pk])]
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

ROLES = [
    "biro", "biro_other", "bagian", "bagian_other", "opd_admin", "opd_admin_other", "inspector",
    "inspector_other", "leader", "observer", "superuser", "nobody", "deactivated", "anonymous",
]
ACTIVE = [r for r in ROLES if r not in ("deactivated", "anonymous")]
TARGETS = ("in", "reg", "out")


@dataclass(frozen=True)
class Rule:
    kind: str
    roles: frozenset = frozenset()
    by_target: tuple = ()
    fn: object = None

    def allows(self, role, user, target_name, obj, visible=None):
        """`visible(user, obj)`: the world's answer to "is obj in visible_to(user)" (World.sees)."""
        if self.kind == "public":
            return True
        if role in ("anonymous", "deactivated"):
            return False
        if self.kind == "any_user":
            return True
        if self.kind == "visible":
            return obj is not None and (visible or is_visible)(user, obj)
        if self.kind == "roles":
            return role in self.roles
        if self.kind == "per_target":
            return role in dict(self.by_target).get(target_name, frozenset())
        if self.kind == "when":
            return bool(self.fn(user, obj))
        raise ValueError(self.kind)


def is_visible(user, obj):
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


VISIBLE = Rule("visible")
PUBLIC = Rule("public")
ANY_USER = Rule("any_user")


def roles(*names):
    unknown = set(names) - set(ROLES)
    assert not unknown, unknown
    return Rule("roles", roles=frozenset(names))


def per_target(*, in_=(), reg=(), out=()):
    return Rule("per_target", by_target=(("in", frozenset(in_)), ("reg", frozenset(reg)), ("out", frozenset(out))))


def when(fn):
    return Rule("when", fn=fn)


@dataclass
class Entry:
    key: str  # URL name ("agencies:opd") for pages; "/api/v1/opds/{id}/" for the API
    methods: dict  # "GET" -> Rule
    url: object = None  # fn(world, target) -> str; default: reverse(key) / key without params
    obj: object = None  # fn(target) -> the model instance whose visibility decides 404 vs 403
    targets: tuple = (None,)
    data: object = None  # fn(world, target, method) -> request body (default: empty)
    list_model: object = None  # API lists: the model whose visible ids the list must return exactly
    note: str = ""
    api: bool = False
    # strict: the body is valid, so an allowed request must succeed (2xx/3xx) and a denied one
    # may also be refused by validation (400: e.g. a Pemda outside the user's choices).
    strict: bool = False

    def url_for(self, world, target):
        """The URL this entry sends to, for a target (None for collection routes)."""
        from django.urls import reverse

        if self.url:
            return self.url(world, target)
        return self.key if self.key.startswith("/") else reverse(self.key)


def Page(key, *, url=None, obj=None, targets=None, data=None, note="", strict=False, **methods):
    return Entry(key, methods, url, obj, targets or (TARGETS if obj else (None,)), data, note=note, strict=strict)


def Api(key, *, url=None, obj=None, targets=None, data=None, list_model=None, note="", strict=False, **methods):
    return Entry(
        key, methods, url, obj, targets or (TARGETS if obj else (None,)), data, list_model, note, api=True, strict=strict
    )


@dataclass
class Pending:
    """An endpoint known to exist but not exercised yet; listed in the final report, never silently."""

    key: str
    methods: tuple = ("GET",)
    reason: str = ""
    api: bool = False


@dataclass
class Excluded:
    """A URL prefix deliberately outside the matrix, with the reason."""

    prefix: str
    reason: str


@dataclass
class World:
    cast: SimpleNamespace
    targets: dict = field(default_factory=dict)
    canary_pages: list = field(default_factory=list)  # more pages to render (plant_canaries' answers)
    visibility: dict = field(default_factory=dict)

    def sees(self, user, obj):
        """Whether `obj` is in `visible_to(user)`, asked of the database once per user and object:
        the world does not change (every test's writes are rolled back)."""
        key = (user.pk, obj._meta.label, obj.pk)
        if key not in self.visibility:
            self.visibility[key] = is_visible(user, obj)
        return self.visibility[key]


@dataclass(frozen=True)
class Organised:
    """Place of Pemda-wide data (see the canaries in the module docstring)."""

    pemda: object


class Canaries:
    """The planted tokens: token -> the places it belongs to (see the module docstring)."""

    PREFIX = "KNR"

    def __init__(self):
        self.places = {}
        self.planted_by = {}  # token -> the matrix module that planted it ("meetings")
        self.module = None

    def __call__(self, *places):
        assert places, "a canary needs at least one place"
        token = f"{self.PREFIX}{len(self.places) + 1:04d}"
        self.places[token] = places
        self.planted_by[token] = self.module
        return token


def build_world(cast, *, canaries=None):
    """The matrix objects of every module (and their canaries when `canaries` is given)."""
    world = World(cast=cast, targets={name: SimpleNamespace(name=name) for name in TARGETS})
    for module in modules():
        if hasattr(module, "build"):
            module.build(world)
    if canaries is not None:
        for module in modules():
            if hasattr(module, "plant_canaries"):
                canaries.module = module.__name__.rsplit(".", 1)[-1]
                world.canary_pages += list(module.plant_canaries(world, canaries) or [])
    return world


def modules():
    """Every module of this package (one per app): a new app adds a file, nothing else.

    core and agencies come first: their `build` sets the places and OPDs of each target that the
    feature apps' builds use.
    """
    import importlib
    import pkgutil

    # core and agencies first: agencies' build() gives every target its OPD and Pemda, which the
    # other apps' build() and plant_canaries() use.
    names = sorted((info.name for info in pkgutil.iter_modules(__path__)), key=lambda n: (n not in FOUNDATION, n))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


FOUNDATION = ("core", "agencies")

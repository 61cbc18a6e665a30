"""A generated national data set for benchmarks: `manage.py generate_national --scale S`.

At scale 1.0: every one of the 552 Pemda (38 provinces, 514 regencies/cities, which the
migrations already create) with ~45 agencies each (~25,000 OPDs), 8–12 action plans per agency
for 2025 (~250,000), reports for TW I–IV (~1,000,000; TW IV as on deadline day: many submitted,
some returned or missing), evidence links, workflow steps, one OPD admin per agency, one Biro
account per province and one national observer, all sharing DEMO_PASSWORD (the command then
runs each app's `national.seed`: an LHE and a meeting per Pemprov). A smaller scale
keeps that many Pemda (a deterministic sample, Kalimantan Tengah's Pemprov always in it), so a
Pemda, an agency and a plan look the same at every scale: only the nation grows.

Rows are written with PostgreSQL COPY (executemany elsewhere, for tests) with ids assigned
here, then the sequences are reset. No history rows are written: the audit trail of generated
data is empty. The generator refuses to run when any agency exists, so it never mixes with real
or demo data.
"""

import datetime
import io
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Membership, Opd, Pemda, Province, User
from agencies.roles import Role

from . import rollups
from .demo import GENERAL, TEMATIK, _targets
from .models import ActionPlan, Evidence, ProgressReport, ProvinceTarget, ReportTransition, Theme
from .reference import default_deadline, seed_reference

Status = ProgressReport.Status
YEAR = 2025
HOME_PROVINCE = "62"  # Kalimantan Tengah: always generated, the load benchmark's Biro lives there
BATCH = 50_000

# Agencies of one Pemda: (code prefix, kind, how many). 45 per Pemda on average.
PROVINCE_KINDS = [
    ("SETDA", Opd.Kind.SEKRETARIAT_DAERAH, 1), ("BIRO-ORG", Opd.Kind.BIRO_ORGANISASI, 1),
    ("SETWAN", Opd.Kind.SEKRETARIAT_DPRD, 1), ("INSP", Opd.Kind.INSPEKTORAT, 1),
    ("DINAS", Opd.Kind.DINAS, 26), ("BADAN", Opd.Kind.BADAN, 12), ("SATPOL", Opd.Kind.SATPOL_PP, 1),
    ("RSUD", Opd.Kind.RSUD, 2),
]
REGENCY_KINDS = [
    ("SETDA", Opd.Kind.SEKRETARIAT_DAERAH, 1), ("BAG-ORG", Opd.Kind.BAGIAN_ORGANISASI, 1),
    ("SETWAN", Opd.Kind.SEKRETARIAT_DPRD, 1), ("INSP", Opd.Kind.INSPEKTORAT, 1),
    ("DINAS", Opd.Kind.DINAS, 18), ("BADAN", Opd.Kind.BADAN, 8), ("SATPOL", Opd.Kind.SATPOL_PP, 1),
    ("RSUD", Opd.Kind.RSUD, 1), ("KEC", Opd.Kind.KECAMATAN, 13),
]
KIND_NAMES = {
    Opd.Kind.SEKRETARIAT_DAERAH: "Sekretariat Daerah", Opd.Kind.BIRO_ORGANISASI: "Biro Organisasi",
    Opd.Kind.BAGIAN_ORGANISASI: "Bagian Organisasi", Opd.Kind.SEKRETARIAT_DPRD: "Sekretariat DPRD",
    Opd.Kind.INSPEKTORAT: "Inspektorat", Opd.Kind.DINAS: "Dinas", Opd.Kind.BADAN: "Badan",
    Opd.Kind.SATPOL_PP: "Satuan Polisi Pamong Praja", Opd.Kind.RSUD: "RSUD", Opd.Kind.KECAMATAN: "Kecamatan",
}
# Report status per triwulan (None: not reported). TW I–III are long past; TW IV is deadline day.
PAST = ([Status.VERIFIED, Status.SUBMITTED, Status.RETURNED, None], [88, 7, 2, 3])
DEADLINE_DAY = ([Status.VERIFIED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT, None], [25, 35, 8, 12, 20])
OBSTACLES = ["", "", "Keterbatasan anggaran", "Data dari unit kerja terlambat", "Jaringan internet tidak stabil"]
SOLUTIONS = ["", "", "Koordinasi dengan Bappeda", "Rapat koordinasi rutin", "Pendampingan oleh Diskominfo"]


class NotEmpty(Exception):
    pass


def bench_username(kind, key=""):
    """Usernames of the generated accounts (the load benchmark logs in with them)."""
    return f"nas-{kind}-{key}" if key else f"nas-{kind}"


def selected_pemdas(scale):
    """The Pemda a scale covers: round(552 × scale), a fixed sample, the home Pemprov first."""
    pemdas = list(Pemda.objects.select_related("province", "regency").order_by("pk"))
    random.Random("national").shuffle(pemdas)
    home = [p for p in pemdas if p.is_province and p.province.code == HOME_PROVINCE]
    rest = [p for p in pemdas if p not in home]
    count = max(1, round(len(pemdas) * scale))
    return sorted(home + rest[: count - len(home)], key=lambda p: p.pk)


class _Writer:
    """Rows into one table in batches: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, columns):
        self.table = model._meta.db_table
        self.columns = columns
        self.rows = []
        self.count = 0

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in self.rows))
                cursor.cursor.copy_expert(f'COPY "{self.table}" ({", ".join(self.columns)}) FROM STDIN', buffer)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f'INSERT INTO "{self.table}" ({", ".join(self.columns)}) VALUES ({marks})', self.rows)
        self.count += len(self.rows)
        self.rows = []


def _copy_text(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _next_id(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _report_times(rng, quarter):
    """(submitted_at, reviewed_at) around the triwulan's deadline."""
    deadline = datetime.datetime.combine(default_deadline(YEAR, quarter), datetime.time(9), tzinfo=datetime.UTC)
    submitted = deadline - datetime.timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 1440))
    return submitted, submitted + datetime.timedelta(days=rng.randint(1, 12), minutes=rng.randint(0, 600))


@transaction.atomic
def generate(scale, stdout=None):
    """Write the national data set (see module doc). Returns {table label: rows written}."""
    if Opd.objects.exists():
        raise NotEmpty("agencies already exist")
    seed_reference()
    themes = {t.code: t.pk for t in Theme.objects.filter(programme__year=YEAR)}
    templates = [t for t in GENERAL + TEMATIK[YEAR] if t[0] in themes]
    pemdas = selected_pemdas(scale)
    now = timezone.now()
    password = make_password(settings.DEMO_PASSWORD)

    opd_w = _Writer(Opd, ["id", "pemda_id", "code", "name", "short_name", "kind", "type", "is_active", "replaced_by_id",
                          "replaced_on", "head_name", "head_title", "head_nip", "email", "address"])
    user_w = _Writer(User, ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
                            "is_staff", "is_active", "date_joined", "full_name", "nip", "position", "phone",
                            "language"])
    member_w = _Writer(Membership, ["id", "user_id", "role", "pemda_id", "opd_id"])
    plan_fields = ["id", "opd_id", "year", "theme_id", "code", "goal", "problem", "expected_impact", "indicator", "unit",
                   "annual_target", "target_mode", "target_q1", "target_q2", "target_q3", "target_q4", "activities",
                   "outputs", "budget", "budget_source", "person_in_charge", "weight", "due_date", "created_at", "updated_at"]
    plan_w = _Writer(ActionPlan, plan_fields)
    report_w = _Writer(ProgressReport, ["id", "plan_id", "quarter", "realisation", "narrative", "obstacles", "solutions",
                                        "status", "comment", "follow_up", "submitted_at", "submitted_by_id", "reviewed_at",
                                        "reviewed_by_id", "created_at", "updated_at"])
    step_w = _Writer(ReportTransition, ["id", "report_id", "from_status", "to_status", "by_id", "at", "comment"])
    evidence_w = _Writer(Evidence, ["id", "report_id", "label", "file", "url", "original_name", "uploaded_by_id", "uploaded_at"])
    ids = {w: _next_id(w_model) for w, w_model in (
        ("opd", Opd), ("user", User), ("member", Membership), ("plan", ActionPlan), ("report", ProgressReport),
        ("step", ReportTransition), ("evidence", Evidence))}

    def take(key):
        ids[key] += 1
        return ids[key] - 1

    def add_user(username, full_name, role, pemda_id=None, opd_id=None):
        user_id = take("user")
        user_w.add((user_id, password, None, False, username, "", "", "", False, True, now, full_name, "", "", "", ""))
        member_w.add((take("member"), user_id, role, pemda_id, opd_id))
        return user_id

    add_user(bench_username("observer"), "Pemantau Nasional", Role.OBSERVER)
    for pemda in pemdas:
        rng = random.Random(f"national:{pemda.pk}")
        biro = None
        if pemda.is_province:
            biro = add_user(bench_username("biro", pemda.province.code), f"Staf Biro Organisasi {pemda.province.name}",
                            Role.BIRO, pemda_id=pemda.pk)
        # Some Pemda report late: their rates are lower in every triwulan.
        diligence = rng.choice([1.0, 1.0, 1.0, 1.0, 0.9, 0.7])
        wilayah = pemda.name
        for prefix, kind, count in PROVINCE_KINDS if pemda.is_province else REGENCY_KINDS:
            for n in range(1, count + 1):
                opd_id = take("opd")
                code = f"{prefix}-{n:02d}" if count > 1 else prefix
                name = f"{KIND_NAMES[kind]} {n if count > 1 else ''} {wilayah}".replace("  ", " ")
                opd_w.add((opd_id, pemda.pk, code, name, "", kind, "", True, None, None, "", "", "", "", ""))
                admin = add_user(bench_username("opd", opd_id), f"Admin {name}"[:150], Role.OPD_ADMIN, opd_id=opd_id)
                reviewer = biro or admin
                for index, template in enumerate(rng.sample(templates, rng.randint(8, 12)), 1):
                    theme_code, goal, problem, impact, indicator, unit, annual, mode, acts, outs, source = template
                    targets = _targets(rng, annual, mode)
                    plan_id = take("plan")
                    plan_w.add((plan_id, opd_id, YEAR, themes[theme_code], f"RA-{index:02d}", goal, problem, impact, indicator,
                                unit, Decimal(annual), mode, *targets, acts, outs,
                                Decimal(rng.choice([0, 25, 50, 75, 120, 250]) * 1_000_000), source,
                                "Kepala Bidang Program", Decimal(rng.choice([1, 1, 1, 2])), None, now, now))
                    _reports(rng, plan_id, targets, diligence, admin, reviewer, report_w, step_w, evidence_w, take, now)
    writers = [opd_w, user_w, member_w, plan_w, report_w, step_w, evidence_w]
    for writer in writers:
        writer.flush()
    for province in Province.objects.filter(pemdas__in=[p.pk for p in pemdas]).distinct():
        ProvinceTarget.objects.get_or_create(province=province, year=YEAR, defaults={"quarter": 3, "min_percent": 75})
    # The stored roll-ups of everything just written, in one INSERT … SELECT (COPY skips the
    # signals that keep them for single writes).
    rollups.rebuild(YEAR)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Opd, User, Membership, ActionPlan, ProgressReport,
                                                                   ReportTransition, Evidence]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    counts = {"pemda": len(pemdas), **{w.table: w.count for w in writers}}
    if stdout:
        stdout.write(", ".join(f"{table}: {count}" for table, count in counts.items()))
    return counts


def _reports(rng, plan_id, targets, diligence, admin, reviewer, report_w, step_w, evidence_w, take, now):
    for quarter in (1, 2, 3, 4):
        statuses, weights = DEADLINE_DAY if quarter == 4 else PAST
        status = rng.choices(statuses, weights)[0]
        if status is None or (status != Status.VERIFIED and rng.random() > diligence):
            continue
        factor = Decimal(rng.choice(["0.6", "0.8", "0.9", "1", "1", "1", "1", "1.05"]))
        realisation = (targets[quarter - 1] * factor).quantize(Decimal("0.01"))
        submitted_at, reviewed_at = _report_times(rng, quarter)
        reported = status != Status.DRAFT
        reviewed = status in (Status.VERIFIED, Status.RETURNED)
        comment = "Lengkapi data dukung berupa daftar hadir dan dokumentasi." if status == Status.RETURNED else ""
        report_id = take("report")
        report_w.add((report_id, plan_id, quarter, realisation, "Kegiatan telah dilaksanakan sesuai jadwal.",
                      rng.choice(OBSTACLES), rng.choice(SOLUTIONS), status, comment, "",
                      submitted_at if reported else None, admin if reported else None,
                      reviewed_at if reviewed else None, reviewer if reviewed else None, submitted_at, now))
        if reported:
            step_w.add((take("step"), report_id, Status.DRAFT, Status.SUBMITTED, admin, submitted_at, ""))
            for n in range(rng.choice([0, 1, 1, 1, 2])):
                evidence_w.add((take("evidence"), report_id, f"Data dukung {n + 1} TW {quarter}", "",
                                f"https://data-dukung.example.id/{plan_id}/tw{quarter}-{n + 1}.pdf", "", admin, submitted_at))
        if reviewed:
            step_w.add((take("step"), report_id, Status.SUBMITTED, status, reviewer, reviewed_at, comment))

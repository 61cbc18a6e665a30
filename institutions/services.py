"""Every kelembagaan write with rules: atomic, audited (django-simple-history), scoped.

Who may do what:
- structures, conversions, regulations, issues, workload: whoever manages the Pemda
  (`Scope.can_manage_pemda`: Biro staff their province, Bagian staff their own regency/city);
- a mismatch is raised by them or by the agency's own OPD admin (`Scope.can_edit_opd_data`),
  proposed by whoever manages the Pemda, resolved or refused only by the province's Biro
  Organisasi (`can_verify`);
- a regulation is marked facilitated and a model only by the province's Biro.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Opd
from agencies.roles import Role
from agencies.scoping import Reach, get_scope

from . import workload
from .models import (
    Mismatch,
    OrganisationStructure,
    OrgUnit,
    PostConversion,
    Regulation,
    SimplificationBaseline,
    StrategicIssue,
    WorkloadMapping,
    WorkloadScore,
)

# PermenPANRB 17/2021 tentang Penyetaraan Jabatan Administrasi ke dalam Jabatan Fungsional
# (the regulation's title is verified; the mapping below comes from DOMAIN.md's secondary
# sources and is marked provisional on the register page).
PENYETARAAN_SOURCE = "PermenPANRB 17/2021 tentang Penyetaraan Jabatan Administrasi ke dalam Jabatan Fungsional"
PENYETARAAN_VERIFIED = False
FUNCTIONAL_LEVEL = {
    PostConversion.FormerLevel.ADMINISTRATOR: "Ahli Madya",
    PostConversion.FormerLevel.PENGAWAS: "Ahli Muda",
    PostConversion.FormerLevel.ESELON_V: "Ahli Pertama",
}


# --- permissions -------------------------------------------------------------------------------


def can_manage(user, pemda):
    scope = get_scope(user)
    return not scope.is_read_only and scope.can_manage_pemda(pemda)


def can_verify(user, pemda):
    """The province's Biro Organisasi (or a superuser) verifies the regencies' work."""
    scope = get_scope(user)
    if scope.is_superuser:
        return True
    return scope.role == Role.BIRO and scope.reach == Reach.PROVINCE and pemda.province_id == scope.province_id


def can_raise_mismatch(user, opd):
    scope = get_scope(user)
    return not scope.is_read_only and scope.can_edit_opd_data(opd)


def can_raise_mismatch_in(user, pemda):
    """Whether the Pemda's register offers to raise a mismatch: to whoever manages the Pemda, and
    to the admin of one of its agencies."""
    if can_manage(user, pemda):
        return True
    scope = get_scope(user)
    return (scope.opd_id is not None and not scope.is_read_only
            and Opd.objects.filter(pk=scope.opd_id, pemda=pemda).exists())


def can_propose_resolution(user, mismatch):
    """A raised mismatch awaits a proposal from whoever manages its Pemda."""
    return mismatch.status == Mismatch.Status.RAISED and can_manage(user, mismatch.opd.pemda)


def can_verify_resolution(user, mismatch):
    """A proposed resolution awaits the province's Biro."""
    return mismatch.status == Mismatch.Status.PROPOSED and can_verify(user, mismatch.opd.pemda)


def can_enact(user, regulation):
    """A regulation not yet enacted can be, by whoever manages its Pemda."""
    return regulation.status != Regulation.Status.ENACTED and can_manage(user, regulation.pemda)


def _require(allowed):
    if not allowed:
        raise PermissionDenied


# --- structures --------------------------------------------------------------------------------


@transaction.atomic
def create_structure(opd, *, by, valid_from, copy_units=True, **legal):
    """A new dated version of the agency's structure; the previous one stays as history.

    With `copy_units` the units of the latest earlier structure are copied (tree kept), so a
    Perkada that changes two subbagian does not mean typing the agency again.
    """
    _require(can_manage(by, opd.pemda))
    if OrganisationStructure.objects.filter(opd=opd, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _("Perangkat daerah ini sudah memiliki struktur dengan tanggal berlaku itu.")})
    previous = OrganisationStructure.objects.filter(opd=opd, valid_from__lt=valid_from).order_by("-valid_from").first()
    structure = OrganisationStructure.objects.create(opd=opd, valid_from=valid_from, created_by=by, **legal)
    if copy_units and previous is not None:
        _copy_units(previous, structure)
    elif not structure.units.exists():
        OrgUnit.objects.create(structure=structure, name=opd.name, kind=OrgUnit.Kind.AGENCY, level=OrgUnit.Level.II_A)
    return structure


def _copy_units(source, target):
    new_of = {}
    pending = list(source.units.all())
    # Parents before children: repeat until every unit has its parent copied.
    while pending:
        rest = []
        for unit in pending:
            if unit.parent_id is None or unit.parent_id in new_of:
                new_of[unit.pk] = OrgUnit.objects.create(
                    structure=target, parent=new_of.get(unit.parent_id), name=unit.name, kind=unit.kind,
                    level=unit.level, duties=unit.duties, order=unit.order,
                )
            else:
                rest.append(unit)
        if len(rest) == len(pending):
            raise ValidationError(_("Struktur sumber rusak: ada unit tanpa induk."))
        pending = rest


LEGAL_FIELDS = ("perda_number", "perda_date", "perkada_number", "perkada_date", "legal_file", "legal_file_name")


@transaction.atomic
def update_structure(structure, *, by, **fields):
    """Correct a structure's legal basis; the date and the units are not changed here."""
    _require(can_manage(by, structure.opd.pemda))
    fields = {k: v for k, v in fields.items() if k in LEGAL_FIELDS}
    for name, value in fields.items():
        setattr(structure, name, value)
    structure.full_clean()
    structure.save(update_fields=list(fields))
    return structure


def save_unit(structure, *, by, unit=None, **fields):
    """Add a unit to a structure (or change one); its parent must be in the same structure."""
    _require(can_manage(by, structure.opd.pemda))
    parent = fields.get("parent")
    if parent is not None and parent.structure_id != structure.pk:
        raise ValidationError({"parent": _("Unit induk harus berada pada struktur yang sama.")})
    if unit is not None and parent is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == unit.pk:
                raise ValidationError({"parent": _("Unit tidak dapat menjadi induk dirinya sendiri.")})
            ancestor = ancestor.parent
    unit = unit or OrgUnit(structure=structure)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    return unit


def delete_unit(unit, *, by):
    _require(can_manage(by, unit.structure.opd.pemda))
    unit.delete()


# --- workload (PP 18/2016) ---------------------------------------------------------------------


@transaction.atomic
def save_workload(pemda, year, *, by, population, area_km2, apbd, technical_scores, source=""):
    """Store a Pemda's general variables for a year and its agencies' technical scores.

    `technical_scores` maps Opd → technical score (agencies of this Pemda only). Every score and
    type is computed by `workload.assess`, the one place the PP's tables live.
    """
    _require(can_manage(by, pemda))
    foreign = [opd for opd in technical_scores if opd.pemda_id != pemda.pk]
    if foreign:
        raise ValidationError(_("Perangkat daerah %(name)s bukan milik pemerintah daerah ini.") % {"name": foreign[0]})
    mapping, _created = WorkloadMapping.objects.update_or_create(
        pemda=pemda, year=year, defaults={"population": population, "area_km2": area_km2, "apbd": apbd, "source": source}
    )
    level = "province" if pemda.is_province else "regency"
    existing = {score.opd_id: score for score in mapping.scores.all()}
    for opd, technical in technical_scores.items():
        result = workload.assess(level, population=population, area_km2=area_km2, apbd=apbd, technical_score=technical)
        values = {
            "technical_score": result.technical_score,
            "general_score": result.general_score,
            "total_score": result.total_score,
            "computed_type": result.type,
        }
        score = existing.get(opd.pk)
        if score is None:
            WorkloadScore.objects.create(mapping=mapping, opd=opd, **values)
        elif any(getattr(score, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(score, k, v)
            score.save(update_fields=list(values))
    # General variables changed: recompute the agencies not in this call too.
    for score in mapping.scores.exclude(opd__in=list(technical_scores)):
        result = workload.assess(level, population=population, area_km2=area_km2, apbd=apbd,
                                 technical_score=score.technical_score)
        if (score.general_score, score.total_score, score.computed_type) != (
            result.general_score, result.total_score, result.type
        ):
            score.general_score, score.total_score, score.computed_type = (
                result.general_score, result.total_score, result.type
            )
            score.save(update_fields=["general_score", "total_score", "computed_type"])
    return mapping


# --- simplification and penyetaraan ------------------------------------------------------------


def set_baseline(pemda, *, by, posts_before, note=""):
    _require(can_manage(by, pemda))
    baseline, _created = SimplificationBaseline.objects.update_or_create(
        pemda=pemda, defaults={"posts_before": posts_before, "note": note}
    )
    return baseline


@transaction.atomic
def record_conversion(opd, *, by, former_post, former_level, functional_position, person_name, converted_on,
                      decree_number, person_nip="", unit=None):
    """Record one structural post abolished and the functional position it became."""
    _require(can_manage(by, opd.pemda))
    if unit is not None and unit.structure.opd_id != opd.pk:
        raise ValidationError({"unit": _("Unit harus berada pada struktur perangkat daerah ini.")})
    conversion = PostConversion(
        opd=opd, unit=unit, former_post=former_post, former_level=former_level,
        functional_position=functional_position, functional_level=FUNCTIONAL_LEVEL.get(former_level, ""),
        person_name=person_name, person_nip=person_nip, converted_on=converted_on, decree_number=decree_number,
        recorded_by=by,
    )
    conversion.full_clean()
    conversion.save()
    return conversion


@transaction.atomic
def raise_mismatch(opd, *, by, post, kind, description, conversion=None):
    _require(can_raise_mismatch(by, opd))
    if conversion is not None and conversion.opd_id != opd.pk:
        raise ValidationError({"conversion": _("Penyetaraan harus milik perangkat daerah ini.")})
    if not (description or "").strip():
        raise ValidationError({"description": _("Uraikan ketidaksesuaiannya.")})
    mismatch = Mismatch(opd=opd, conversion=conversion, post=post, kind=kind, description=description, raised_by=by)
    mismatch.full_clean()
    mismatch.save()
    return mismatch


def _transition(row, *, source, target, reason, **fields):
    """Re-read the row under a lock, check its source state, save with update_fields and log the step."""
    model = type(row)
    locked = model.objects.select_for_update().get(pk=row.pk)
    if locked.status not in source:
        raise ValidationError(
            _("Data berstatus \"%(status)s\" tidak dapat diproses begini.") % {"status": locked.get_status_display()}
        )
    locked.status = target
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._change_reason = reason
    touched = ["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else []
    locked.save(update_fields=["status", *touched, *fields])
    return locked


@transaction.atomic
def propose_resolution(mismatch, *, by, proposal):
    _require(can_manage(by, mismatch.opd.pemda))
    if not (proposal or "").strip():
        raise ValidationError({"proposal": _("Tuliskan usulan penyelesaiannya.")})
    return _transition(mismatch, source=(Mismatch.Status.RAISED,), target=Mismatch.Status.PROPOSED,
                       reason="mismatch.proposed", proposal=proposal, proposed_by=by)


@transaction.atomic
def verify_resolution(mismatch, *, by, accept, comment):
    """The Biro accepts (resolved) or refuses the proposal, with a comment either way."""
    _require(can_verify(by, mismatch.opd.pemda))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tuliskan catatan verifikasi.")})
    return _transition(
        mismatch, source=(Mismatch.Status.PROPOSED,),
        target=Mismatch.Status.RESOLVED if accept else Mismatch.Status.REFUSED,
        reason="mismatch.resolved" if accept else "mismatch.refused",
        resolution_comment=comment, resolved_by=by, resolved_at=timezone.now(),
    )


# --- regulations -------------------------------------------------------------------------------


REGULATION_FIELDS = ("kind", "subject", "number", "enacted_on", "file", "file_name", "follows")


def _check_follows(pemda, follows):
    if follows is None:
        return
    if not follows.is_model or follows.pemda.province_id != pemda.province_id or follows.pemda_id == pemda.pk:
        raise ValidationError({"follows": _("Model harus regulasi model pemerintah provinsi yang sama.")})


@transaction.atomic
def create_regulation(pemda, *, by, kind, subject, follows=None, **fields):
    _require(can_manage(by, pemda))
    _check_follows(pemda, follows)
    regulation = Regulation(pemda=pemda, kind=kind, subject=subject, follows=follows, created_by=by,
                            **{k: v for k, v in fields.items() if k in REGULATION_FIELDS})
    regulation.full_clean()
    regulation.save()
    return regulation


@transaction.atomic
def update_regulation(regulation, *, by, **fields):
    _require(can_manage(by, regulation.pemda))
    fields = {k: v for k, v in fields.items() if k in REGULATION_FIELDS}
    _check_follows(regulation.pemda, fields.get("follows", regulation.follows))
    for name, value in fields.items():
        setattr(regulation, name, value)
    regulation.full_clean()
    regulation.save(update_fields=[*fields, "updated_at"])
    return regulation


@transaction.atomic
def facilitate_regulation(regulation, *, by):
    """The province's Biro has facilitated the draft (fasilitasi)."""
    _require(can_verify(by, regulation.pemda))
    return _transition(regulation, source=(Regulation.Status.DRAFT,), target=Regulation.Status.FACILITATED,
                            reason="regulation.facilitated")


@transaction.atomic
def enact_regulation(regulation, *, by, number, enacted_on):
    _require(can_manage(by, regulation.pemda))
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Nomor regulasi wajib diisi saat ditetapkan.")
    if enacted_on is None:
        errors["enacted_on"] = _("Tanggal penetapan wajib diisi.")
    if errors:
        raise ValidationError(errors)
    return _transition(
        regulation, source=(Regulation.Status.DRAFT, Regulation.Status.FACILITATED), target=Regulation.Status.ENACTED,
        reason="regulation.enacted", number=number.strip(), enacted_on=enacted_on,
    )


@transaction.atomic
def mark_model(regulation, *, by, is_model=True):
    """The province marks one of its own regulations as the model for its regencies/cities."""
    _require(can_verify(by, regulation.pemda))
    if not regulation.pemda.is_province:
        raise ValidationError(_("Hanya regulasi pemerintah provinsi yang dapat menjadi model."))
    regulation.is_model = is_model
    regulation._change_reason = "regulation.model" if is_model else "regulation.unmodel"
    regulation.save(update_fields=["is_model", "updated_at"])
    return regulation


# --- strategic issues --------------------------------------------------------------------------


@transaction.atomic
def raise_issue(pemda, *, by, category, title, raised_by, raised_on, description=""):
    _require(can_manage(by, pemda))
    issue = StrategicIssue(pemda=pemda, category=category, title=title, raised_by=raised_by, raised_on=raised_on,
                           description=description, created_by=by)
    issue.full_clean()
    issue.save()
    return issue


ISSUE_STEPS = {
    StrategicIssue.Status.DISCUSSED: (StrategicIssue.Status.OPEN,),
    StrategicIssue.Status.ESCALATED: (StrategicIssue.Status.OPEN, StrategicIssue.Status.DISCUSSED),
    StrategicIssue.Status.CLOSED: (StrategicIssue.Status.OPEN, StrategicIssue.Status.DISCUSSED,
                                   StrategicIssue.Status.ESCALATED),
}


@transaction.atomic
def set_issue_status(issue, *, by, status):
    _require(can_manage(by, issue.pemda))
    locked = StrategicIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status not in ISSUE_STEPS.get(status, ()):
        raise ValidationError(_("Status isu tidak dapat diubah begini."))
    locked.status = status
    locked._change_reason = f"issue.{status}"
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def note_issue_step(issue, *, status):
    """A meeting moved the issue on: attached to it (discussed) or addressed to the centre
    (escalated). Only forward (an escalated or closed issue stays); the caller has checked
    that its user manages the meeting and sees the issue."""
    locked = StrategicIssue.objects.select_for_update().get(pk=issue.pk)
    if locked.status not in ISSUE_STEPS.get(status, ()):
        return locked
    locked.status = status
    locked._change_reason = f"issue.{status}"
    locked.save(update_fields=["status"])
    return locked

"""Pages of the maturity evaluation (Permendagri 99/2018): recap, sets, assessments, instrument."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Opd
from agencies.scoping import get_visible_or_404
from evaluations.views import _import
from reformportal.spreadsheets import xlsx_download
from reformportal.uploads import serve_upload

from . import recap as recap_service
from . import rules, services
from .forms import AddAssessmentForm, AnswerForm, PdRecommendationForm, VerifyForm
from .models import PdAnswer, PdAssessment, PdInstrument, PdRecap, PdRound, PdStep, PdSubmission
from .resources import COLUMNS, PdVariableResource

# --- access helpers: 404 outside scope, 403 when visible but not writable ------------------------


def get_round_for_user(user, pk, *, manage=False):
    qs = PdRound.objects.select_related("pemda__province", "instrument")
    return get_visible_or_404(
        qs, user, pk=pk, write=manage, may_edit=lambda pd_round: rules.can_manage_round(user, pd_round)
    )


def get_submission_for_user(user, pk):
    qs = PdSubmission.objects.select_related("round__instrument", "round__pemda", "pemda__province")
    return get_visible_or_404(qs, user, pk=pk)


def get_assessment_for_user(user, pk, *, answer=False):
    qs = PdAssessment.objects.select_related(
        "opd__pemda__province", "submission__round__instrument", "submission__pemda"
    )
    return get_visible_or_404(
        qs, user, pk=pk, write=answer, may_edit=lambda assessment: rules.can_answer(user, assessment.opd)
    )


def get_answer_for_user(user, pk, *, verify=False):
    qs = PdAnswer.objects.select_related("assessment__opd", "assessment__submission__pemda")
    return get_visible_or_404(
        qs, user, pk=pk, write=verify,
        may_edit=lambda answer: rules.can_verify(user, answer.assessment.submission.pemda),
    )


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request, form, prefix=""):
    """A POST-only form's errors as messages on the page it returns to, named by field label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, " · ".join(part for part in (prefix, f"{label}: {error}" if label else error) if part))


# --- rounds and the recap ----------------------------------------------------------------------


def round_list(request):
    rounds = PdRound.objects.visible_to(request.user).select_related("pemda", "instrument").order_by("-year", "pemda__name")
    return render(request, "evaluations/pd/round_list.html", {"rounds": rounds})


def recap(request, pk):
    round = get_round_for_user(request.user, pk)
    context = recap_service.recap_context(round, request.user)
    can_manage = rules.can_manage_round(request.user, round)
    context.update({
        "can_manage": can_manage,
        "recaps": list(round.recaps.order_by("-requested_at")[:6]) if can_manage else [],
        "addable_opds": _addable_opds(request.user, round),
    })
    return render(request, "evaluations/pd/recap.html", context)


def _addable_opds(user, round):
    """Agencies the user may start an assessment for: active agencies of regencies in the province."""
    opds = Opd.objects.visible_to(user).filter(
        pemda__province_id=round.pemda.province_id, pemda__level="regency", is_active=True
    ).select_related("pemda").order_by("pemda__regency__code", "code")
    scope = user.scope
    if scope.role == "opd_admin":
        return opds.filter(pk=scope.opd_id)
    return opds.filter(scope.managed_pemda_q("pemda"))


@require_POST
def recap_pdf(request, pk):
    round = get_round_for_user(request.user, pk, manage=True)
    try:
        recap_service.request_recap(round, language=request.POST.get("language") or get_language(), by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Rekap PDF sedang dibuat; halaman ini menampilkan kemajuannya."))
    return redirect(round)


def _get_recap_for_user(user, pk):
    recap = get_object_or_404(PdRecap.objects.select_related("round__pemda"), pk=pk,
                              round__in=PdRound.objects.visible_to(user))
    if not rules.can_manage_round(user, recap.round):
        raise PermissionDenied
    return recap


def recap_status(request, pk):
    recap = _get_recap_for_user(request.user, pk)
    return JsonResponse({
        "status": recap.status, "label": recap.get_status_display(), "error": recap.error,
        "url": reverse("evaluations:pd_recap_download", args=[recap.pk]) if recap.status == PdRecap.Status.DONE else "",
    })


def recap_download(request, pk):
    recap = _get_recap_for_user(request.user, pk)
    if recap.status != PdRecap.Status.DONE or not recap.file:
        raise Http404(_("Rekap belum selesai dibuat."))
    return serve_upload(recap.file, f"rekap-kematangan-pd-{recap.round.year}-{recap.language}.pdf")


# --- sets and assessments ----------------------------------------------------------------------


@require_POST
def assessment_create(request, pk):
    round = get_round_for_user(request.user, pk)
    form = AddAssessmentForm(request.POST, opds=_addable_opds(request.user, round))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(round)
    try:
        assessment = services.add_assessment(round, form.cleaned_data["opd"], by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(round)
    return redirect(assessment)


def submission_detail(request, pk):
    submission = get_submission_for_user(request.user, pk)
    user = request.user
    assessments = list(
        PdAssessment.objects.visible_to(user).filter(submission=submission).select_related("opd").order_by("opd__code")
    )
    counts = services._answer_counts(submission)
    steps = list(
        PdStep.objects.filter(submission=submission).select_related("actor", "answer__variable", "answer__assessment__opd")
        .order_by("-at", "-pk")[:200]
    )
    can_recommend = rules.can_verify(user, submission.pemda)
    form = PdRecommendationForm(opds=submission.pemda.opds.filter(is_active=True)) if can_recommend else None
    recs = submission.recommendations.visible_to(user).prefetch_related("opds").order_by("number")
    return render(request, "evaluations/pd/submission_detail.html", {
        "submission": submission, "assessments": [(a, counts.get(a.pk, 0)) for a in assessments],
        "expected": submission.round.instrument.variables.count(), "steps": steps,
        "can_submit": rules.can_submit(user, submission.pemda) and submission.status == PdSubmission.Status.DRAFT,
        "rec_form": form, "recommendations": recs,
    })


@require_POST
def submission_submit(request, pk):
    submission = get_submission_for_user(request.user, pk)
    if not rules.can_submit(request.user, submission.pemda):
        raise PermissionDenied
    try:
        services.submit_set(submission, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Penilaian diajukan ke Biro Organisasi."))
    return redirect(submission)


@require_POST
def recommendation_create(request, pk):
    submission = get_submission_for_user(request.user, pk)
    if not rules.can_verify(request.user, submission.pemda):
        raise PermissionDenied
    form = PdRecommendationForm(request.POST, opds=submission.pemda.opds.filter(is_active=True))
    if form.is_valid():
        try:
            services.add_recommendation(submission, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Rekomendasi ditambahkan."))
    else:
        _form_errors(request, form)
    return redirect(submission)


def assessment_detail(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    submission = assessment.submission
    answers = {a.variable_id: a for a in assessment.answers.select_related("reviewed_by", "answered_by")}
    can_answer = rules.can_answer(request.user, assessment.opd)
    can_verify = rules.can_verify(request.user, submission.pemda) and submission.status == PdSubmission.Status.SUBMITTED
    rows = []
    for variable in submission.round.instrument.variables.order_by("order", "code"):
        answer = answers.get(variable.pk)
        editable = can_answer and services._may_answer(submission, answer)
        rows.append({
            "variable": variable, "answer": answer,
            "form": AnswerForm(initial={"level": answer.level if answer else None, "note": answer.note if answer else "",
                                        "evidence_link": answer.evidence_link if answer else ""},
                               prefix=f"v{variable.pk}") if editable else None,
            "verify_form": VerifyForm(prefix=f"a{answer.pk}") if can_verify and answer and answer.status == PdAnswer.Status.PENDING else None,
        })
    return render(request, "evaluations/pd/assessment_detail.html", {
        "assessment": assessment, "submission": submission, "rows": rows,
    })


@require_POST
def answer(request, pk, variable_pk):
    assessment = get_assessment_for_user(request.user, pk, answer=True)
    variable = get_object_or_404(assessment.submission.round.instrument.variables, pk=variable_pk)
    form = AnswerForm(request.POST, request.FILES, prefix=f"v{variable.pk}")
    if form.is_valid():
        try:
            services.answer_variable(assessment, variable, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Jawaban variabel %(code)s disimpan.") % {"code": variable.code})
    else:
        _form_errors(request, form, prefix=variable.code)
    return redirect(f"{assessment.get_absolute_url()}#v{variable.pk}")


@require_POST
def verify(request, pk):
    answer = get_answer_for_user(request.user, pk, verify=True)
    form = VerifyForm(request.POST, prefix=f"a{answer.pk}")
    if form.is_valid():
        try:
            services.verify_answer(answer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Verifikasi jawaban disimpan."))
    else:
        _form_errors(request, form)
    return redirect(f"{answer.assessment.get_absolute_url()}#v{answer.variable_id}")


def answer_evidence(request, pk):
    answer = get_object_or_404(
        PdAnswer.objects.visible_to(request.user).select_related("assessment__opd", "variable"), pk=pk, evidence__gt=""
    )
    return serve_upload(answer.evidence, f"data-dukung-{answer.assessment.opd.code}-{answer.variable.code}")


# --- the instrument ----------------------------------------------------------------------------


def instrument_detail(request, pk):
    instrument = get_object_or_404(PdInstrument.objects.visible_to(request.user), pk=pk)
    return render(request, "evaluations/pd/instrument_detail.html", {
        "instrument": instrument, "variables": instrument.variables.order_by("order", "code"),
        "can_import": request.user.is_superuser,
    })


def instrument_export(request, pk):
    instrument = get_object_or_404(PdInstrument.objects.visible_to(request.user), pk=pk)
    dataset = PdVariableResource(instrument).export(instrument.variables.order_by("order", "code"))
    dataset.headers = list(COLUMNS)
    return xlsx_download(dataset.export("xlsx"), f"instrumen-kematangan-{instrument.year_from}.xlsx")


def instrument_import(request, pk):
    instrument = get_object_or_404(PdInstrument.objects.visible_to(request.user), pk=pk)
    if not request.user.is_superuser:
        raise PermissionDenied
    return _import(
        request, f"pd-instrument-{instrument.pk}", lambda: PdVariableResource(instrument),
        {"title": _("Impor variabel instrumen kematangan"), "subject": instrument, "back": instrument.get_absolute_url(),
         "template_url": reverse("evaluations:pd_instrument_export", args=[instrument.pk]), "columns": ", ".join(COLUMNS)},
        instrument.get_absolute_url(),
    )

import io
import secrets
from datetime import date, datetime

import openpyxl
import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.filters import page_filters
from agencies.form_errors import add_service_errors, flash_form_errors
from agencies.models import Pemda, today_in
from agencies.scoping import get_visible_or_404
from reformportal.formats import group_number
from reformportal.spreadsheets import describe_errors, import_all_or_nothing, import_failed, neutralise, xlsx_download
from reformportal.uploads import serve_upload

from . import selectors, services
from .charts import legend, trend_svg
from .filters import LheFilter
from .frameworks import tree_errors
from .forms import (
    FindingForm, FollowUpForm, LheEditForm, LheForm, ObjectionDecisionForm, ObjectionForm, RecommendationForm,
    ReviewForm, ScoresForm, WhatIfForm,
    WorksheetForm,
)
from .models import Finding, FollowUp, Framework, Lhe, Objection, Recommendation
from .resources import FrameworkNodeResource, ScoreResource, worksheet_dataset
from .predikat import predikat_for
from .scoring import ScoredTree, simulation



# --- access helpers: 404 outside scope, 403 when visible but not writable ------------------------


def get_lhe_for_user(user, pk, *, write=False):
    qs = Lhe.objects.select_related("pemda__province", "pemda__regency", "framework")
    return get_visible_or_404(
        qs, user, pk=pk, write=write, may_edit=lambda lhe: services.can_record_lhe(user, lhe.pemda)
    )


def get_recommendation_for_user(user, pk, *, write=False):
    """`write` means answering (posting follow-up): an assigned OPD's admin, or the Biro for itself."""
    qs = Recommendation.objects.select_related(
        "finding__node", "lhe__pemda__province", "lhe__pemda__regency", "lhe__framework"
    ).prefetch_related("opds")
    return get_visible_or_404(
        qs, user, pk=pk, write=write,
        may_edit=lambda recommendation: services.answering_opd(user, recommendation) is not None,
    )


def get_finding_for_user(user, pk, *, write=False):
    finding = get_object_or_404(Finding.objects.filter(lhe__in=Lhe.objects.visible_to(user)).select_related("lhe__pemda"), pk=pk)
    if write and not services.can_record_lhe(user, finding.lhe.pemda):
        raise PermissionDenied
    return finding


def get_framework_for_user(user, pk):
    return get_object_or_404(Framework.objects.visible_to(user), pk=pk)


def _can_edit_frameworks(user):
    return user.is_superuser or user.has_perm("evaluations.change_frameworknode")


def _scored_tree(lhe, overrides=None):
    scores = dict(lhe.scores.values_list("node_id", "value"))
    if overrides:
        scores = {**scores, **{k: v for k, v in overrides.items()}}
        scores = {k: v for k, v in scores.items() if v is not None}
    return ScoredTree(lhe.framework.nodes.all(), scores)


# --- LHE ----------------------------------------------------------------------------------------


def lhe_list(request):
    user = request.user
    pemdas = Pemda.objects.visible_to(user).select_related("province", "regency")
    # The API's filters: a Pemda outside the scope is 404; a bad year or kind is named and ignored.
    filters = page_filters(request, LheFilter, queryset=selectors.lhes_for(user), not_found=["pemda"])
    params = filters.form.cleaned_data
    pemda, year, kind = params.get("pemda"), params.get("year"), params.get("kind") or ""
    lhes = list(filters.qs)
    chart_pemda = pemda or (pemdas.filter(pk=user.scope.pemda_id).first() if user.scope.pemda_id else None)
    chart = ""
    if chart_pemda:
        chart = trend_svg(
            selectors.trend(chart_pemda), target=lhes[0].target_predikat if lhes else None,
            title=_("Tren indeks RB %(pemda)s") % {"pemda": chart_pemda},
        )
    return render(request, "evaluations/lhe_list.html", {
        "lhes": lhes, "pemda": pemda, "year": year, "kind": kind, "kinds": Lhe.Kind.choices,
        "pemdas": pemdas if selectors.pemdas_with_reach(user) else None,
        "chart": chart, "chart_pemda": chart_pemda, "legend": legend(),
        "can_add": not user.scope.is_read_only and user.scope.role != "opd_admin",
    })


def lhe_detail(request, pk):
    user = request.user
    lhe = get_lhe_for_user(user, pk)
    tree = _scored_tree(lhe)
    recommendations = selectors.recommendations_for(user).filter(lhe=lhe)
    findings = lhe.findings.select_related("node").prefetch_related(
        Prefetch("recommendations", queryset=recommendations, to_attr="visible_recommendations")
    )
    return render(request, "evaluations/lhe_detail.html", {
        "lhe": lhe, "tree": tree, "findings": findings,
        "chart": trend_svg(selectors.trend(lhe.pemda), target=lhe.target_predikat, title=str(lhe.pemda)),
        "legend": legend(),
        "can_edit": services.can_record_lhe(user, lhe.pemda),
        "objections": selectors.objections_of(lhe, user),
        "can_object": (
            lhe.kind == Lhe.Kind.INTERNAL and tree.has_scores
            and today_in(lhe.pemda.province.timezone) <= services.objection_deadline(lhe)
            and services.objecting_opd(user, lhe) is not None
        ),
        "objection_deadline": services.objection_deadline(lhe) if lhe.kind == Lhe.Kind.INTERNAL else None,
        "can_decide_objections": user.scope.can_review_pemda(lhe.pemda),
        "decision_form": ObjectionDecisionForm(auto_id=False),  # one form per open objection on the page
    })


def lhe_objection_create(request, pk):
    lhe = get_lhe_for_user(request.user, pk)
    if lhe.kind != Lhe.Kind.INTERNAL or services.objecting_opd(request.user, lhe) is None:
        raise PermissionDenied
    form = ObjectionForm(request.POST or None, request.FILES or None, lhe=lhe)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_objection(
                lhe, node=data["node"], argument=data["argument"], proposed_value=data["proposed_value"],
                evidence=data["evidence"], evidence_link=data["evidence_link"], by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sanggahan diajukan ke Inspektorat."))
            return redirect(lhe)
    return render(request, "evaluations/simple_form.html", {
        "form": form, "title": _("Sanggah nilai LHE"), "subject": lhe, "back": lhe.get_absolute_url(),
        "multipart": True,
    })


def get_objection_for_user(user, pk):
    qs = Objection.objects.visible_to(user).select_related("lhe__pemda", "node", "opd")
    return get_object_or_404(qs, pk=pk)


@require_POST
def objection_decide(request, pk):
    objection = get_objection_for_user(request.user, pk)
    if not request.user.scope.can_review_pemda(objection.lhe.pemda):
        raise PermissionDenied
    form = ObjectionDecisionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(objection.lhe)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            services.accept_objection(objection, new_value=data["new_value"], reason=data["reason"], by=request.user)
            messages.success(request, _("Sanggahan diterima; nilai dan indeks dihitung ulang."))
        else:
            services.reject_objection(objection, reason=data["reason"], by=request.user)
            messages.success(request, _("Sanggahan ditolak."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(objection.lhe)


def objection_evidence(request, pk):
    objection = get_objection_for_user(request.user, pk)
    if not objection.evidence:
        raise Http404
    return serve_upload(objection.evidence, f"sanggah-{objection.opd.code}-{objection.pk}")


def lhe_create(request):
    form = LheForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["pemda"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lhe = services.record_lhe(
                pemda=data["pemda"], year=data["year"], kind=data["kind"], date=data["date"], number=data["number"],
                document=data["document"], index_entered=data["index_entered"],
                target_predikat=data["target_predikat"], summary=data["summary"], by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("LHE tersimpan."))
            return redirect(lhe)
    return render(request, "evaluations/lhe_form.html", {"form": form})


def lhe_edit(request, pk):
    lhe = get_lhe_for_user(request.user, pk, write=True)
    initial = {f: getattr(lhe, f) for f in ("date", "number", "index_entered", "target_predikat", "summary")}
    form = LheEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "document"}
        if form.cleaned_data["document"]:
            fields["document"] = form.cleaned_data["document"]
        try:
            services.update_lhe(lhe, by=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("LHE diperbarui."))
            return redirect(lhe)
    return render(request, "evaluations/lhe_form.html", {"form": form, "lhe": lhe})


def lhe_document(request, pk):
    lhe = get_lhe_for_user(request.user, pk)
    if not lhe.document:
        raise Http404
    return serve_upload(lhe.document, f"LHE {lhe.get_kind_display()} {lhe.year} {lhe.pemda}.pdf")


def lhe_scores(request, pk):
    lhe = get_lhe_for_user(request.user, pk, write=True)
    nodes = list(lhe.framework.nodes.all())
    current = dict(lhe.scores.values_list("node_id", "value"))
    form = ScoresForm(request.POST or None, nodes=nodes, initial_scores=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_scores(lhe, form.values(), by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Nilai tersimpan. Indeks RB: %(index)s.") % {"index": lhe.index})
            return redirect(lhe)
    return render(request, "evaluations/lhe_scores.html", {"lhe": lhe, "form": form, "tree": ScoredTree(nodes, current)})


def lhe_simulator(request, pk):
    """Gaps per component, the smallest set of improvements, and what-if values: nothing is saved."""
    lhe = get_lhe_for_user(request.user, pk)
    tree = _scored_tree(lhe)
    form = WhatIfForm(request.POST or None, units=tree.units())
    result = simulation(tree, lhe.target_predikat) if tree.has_scores else None
    what_if = None
    if request.method == "POST" and form.is_valid() and tree.has_scores:
        what_if = simulation(_scored_tree(lhe, form.overrides()), lhe.target_predikat)
    return render(request, "evaluations/lhe_simulator.html", {
        "lhe": lhe, "tree": tree, "result": result, "form": form, "what_if": what_if,
    })


def lhe_worksheet(request, pk):
    """The scored worksheet of an LHE as xlsx: the import template, prefilled with current scores."""
    lhe = get_lhe_for_user(request.user, pk)
    tree = _scored_tree(lhe)
    rows = [("Kode", "Unsur", "Jenis", "Bobot", "Nilai maksimum", "Nilai")]
    rows += [
        (r.node.code, r.node.name, r.node.get_kind_display(), r.node.weight, r.node.max_score, r.score)
        for r in tree.rows
    ]
    return _xlsx(rows, f"lembar-kerja-lhe-{lhe.pemda.code}-{lhe.year}-{lhe.kind}.xlsx", "LKE")


def lhe_import_scores(request, pk):
    lhe = get_lhe_for_user(request.user, pk, write=True)
    index_now = lhe.index  # the dry run recomputes it in memory before rolling back

    def preview_note(resource):
        after = _scored_tree(lhe, {node.pk: value for node, value in resource.collected.items()})
        return _("Setelah impor, indeks RB menjadi %(index)s (predikat %(predikat)s); sekarang %(now)s.") % {
            "index": group_number(after.index, 2), "predikat": predikat_for(after.index),
            "now": group_number(index_now, 2) if index_now is not None else "–",
        }

    return _import(
        request, f"scores-{lhe.pk}",
        lambda: ScoreResource(lhe, by=request.user),
        {"title": _("Impor lembar kerja bernilai"), "subject": lhe, "back": lhe.get_absolute_url(),
         "template_url": reverse("evaluations:lhe_worksheet", args=[lhe.pk]),
         "columns": "Kode, Nilai"},
        lhe.get_absolute_url(),
        preview_note=preview_note,
    )


# --- frameworks ---------------------------------------------------------------------------------


def framework_list(request):
    return render(request, "evaluations/framework_list.html", {
        "frameworks": selectors.frameworks_for(request.user), "can_edit": _can_edit_frameworks(request.user),
    })


def framework_detail(request, pk):
    framework = get_framework_for_user(request.user, pk)
    nodes = list(framework.nodes.all())
    tree = ScoredTree(nodes, {})
    return render(request, "evaluations/framework_detail.html", {
        "framework": framework, "tree": tree, "can_edit": _can_edit_frameworks(request.user),
        "provisional_count": sum(n.provisional for n in nodes),
        "tree_errors": tree_errors(nodes, framework.max_total),
    })


def framework_export(request, pk):
    framework = get_framework_for_user(request.user, pk)
    rows = [("Kode", "Induk", "Jenis", "Nama", "Bobot", "Nilai maksimum", "Urutan", "Sumber", "Sementara")]
    rows += [
        (n.code, n.parent.code if n.parent_id else "", n.kind, n.name, n.weight, n.max_score, n.order,
         n.source, "ya" if n.provisional else "")
        for n in framework.nodes.select_related("parent").order_by("order", "code")
    ]
    return _xlsx(rows, f"kerangka-evaluasi-{framework.year_from}.xlsx", "Kerangka")


@require_POST
def framework_new_version(request, pk):
    framework = get_framework_for_user(request.user, pk)
    if not _can_edit_frameworks(request.user):
        raise PermissionDenied
    try:
        copy = services.new_framework_version(framework, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(framework)
    messages.success(request, _("Versi %(version)s dibuat; impor lembar kerja LKE resmi ke versi ini.")
                     % {"version": copy.version})
    return redirect("evaluations:framework_import", copy.pk)


def framework_import(request, pk):
    framework = get_framework_for_user(request.user, pk)
    if not _can_edit_frameworks(request.user):
        raise PermissionDenied
    return _import(
        request, f"tree-{framework.pk}",
        lambda: FrameworkNodeResource(framework),
        {"title": _("Impor pohon kerangka evaluasi"), "subject": framework, "back": framework.get_absolute_url(),
         "template_url": reverse("evaluations:framework_export", args=[framework.pk]),
         "columns": "Kode, Induk, Jenis, Nama, Bobot, Nilai maksimum, Urutan"},
        framework.get_absolute_url(),
    )


# --- findings and recommendations -------------------------------------------------------------


def finding_create(request, pk):
    lhe = get_lhe_for_user(request.user, pk, write=True)
    form = FindingForm(request.POST or None, lhe=lhe)
    if request.method == "POST" and form.is_valid():
        services.add_finding(lhe, description=form.cleaned_data["description"], node=form.cleaned_data["node"], by=request.user)
        messages.success(request, _("Temuan ditambahkan."))
        return redirect(lhe)
    return render(request, "evaluations/simple_form.html", {
        "form": form, "title": _("Temuan baru"), "back": lhe.get_absolute_url(), "subject": lhe,
    })


def recommendation_create(request, pk):
    finding = get_finding_for_user(request.user, pk, write=True)
    form = RecommendationForm(request.POST or None, lhe=finding.lhe)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.add_recommendation(finding, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rekomendasi ditambahkan."))
            return redirect(recommendation)
    return render(request, "evaluations/simple_form.html", {
        "form": form, "title": _("Rekomendasi untuk temuan %(n)s") % {"n": finding.number},
        "back": finding.lhe.get_absolute_url(), "subject": finding.lhe,
    })


def recommendation_detail(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    return render(request, "evaluations/recommendation_detail.html", _recommendation_context(request, recommendation))


def _recommendation_context(request, recommendation, follow_up_form=None):
    user = request.user
    answering = services.answering_opd(user, recommendation)
    can_answer = (
        answering is not None
        and recommendation.status != Recommendation.Status.CLOSED
        and not recommendation.follow_ups.filter(opd=answering, outcome=FollowUp.Outcome.PENDING).exists()
    )
    can_review = services.can_review(user, recommendation) and recommendation.status == Recommendation.Status.SUBMITTED
    meeting_followups = None
    if hasattr(recommendation, "meeting_followups"):
        # The meetings app links its follow-up items here; evaluations never imports it.
        # Only those in the user's scope: titles of other Pemda's follow-ups must not leak.
        meeting_followups = recommendation.meeting_followups.visible_to(user)
    return {
        "rec": recommendation,
        "follow_ups": selectors.follow_ups_of(recommendation, user),
        "history": selectors.recommendation_history(recommendation),
        "answering": answering,
        "follow_up_form": follow_up_form or (FollowUpForm() if can_answer else None),
        "can_start": answering is not None and recommendation.status in (
            Recommendation.Status.OPEN, Recommendation.Status.RETURNED),
        "review_form": ReviewForm() if can_review else None,
        "meeting_followups": meeting_followups,
    }


@require_POST
def recommendation_start(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk, write=True)
    try:
        services.start_follow_up(recommendation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(recommendation)


@require_POST
def recommendation_answer(request, pk):
    user = request.user
    recommendation = get_recommendation_for_user(user, pk, write=True)
    form = FollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.submit_follow_up(recommendation, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tindak lanjut diajukan ke Inspektorat."))
            return redirect(recommendation)
    context = _recommendation_context(request, recommendation, follow_up_form=form)
    return render(request, "evaluations/recommendation_detail.html", context, status=400)


@require_POST
def recommendation_review(request, pk):
    user = request.user
    recommendation = get_recommendation_for_user(user, pk)
    if not services.can_review(user, recommendation):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "close":
                services.close_recommendation(recommendation, by=user, comment=data["comment"])
                messages.success(request, _("Tindak lanjut diterima; rekomendasi ditutup."))
            else:
                services.return_recommendation(recommendation, by=user, comment=data["comment"])
                messages.success(request, _("Tindak lanjut dikembalikan ke perangkat daerah."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(recommendation)


def follow_up_evidence(request, pk):
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("opd"), pk=pk, evidence__gt=""
    )
    return serve_upload(follow_up.evidence, f"data-dukung-{follow_up.opd.code}-{follow_up.pk}")


def my_recommendations(request):
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *Recommendation.Status.values):
        status = "open"
    recs = selectors.my_recommendations(request.user, status=None if status == "all" else status)
    return render(request, "evaluations/my_recommendations.html", {
        "recs": recs, "status": status, "statuses": Recommendation.Status.choices,
    })


def review_queue(request):
    scope = request.user.scope
    if not (scope.is_superuser or scope.role == "inspector"):
        raise PermissionDenied
    return render(request, "evaluations/review_queue.html", {"recs": selectors.review_queue(request.user)})


def completion(request):
    year = page_filters(request, LheFilter).form.cleaned_data.get("year")
    rows = selectors.completion_by_opd(request.user, year=year)
    totals = selectors.completion_totals(request.user, year=year)
    return render(request, "evaluations/completion.html", {"rows": rows, "year": year, "totals": totals})


# --- helpers ------------------------------------------------------------------------------------


def _xlsx(rows, filename, title):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return xlsx_download(out.getvalue(), filename)


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _import(request, key, make_resource, context, done_url, preview_note=None):
    """Upload → preview (dry run) → confirm. Any bad row: every error listed, nothing written."""
    session_key = f"evaluations-import-{key}"
    form = WorksheetForm()
    errors, preview = [], None
    if request.method == "POST" and request.POST.get("token"):
        stash = request.session.get(session_key)
        if not stash or stash["token"] != request.POST["token"]:
            messages.error(request, _("Pratinjau kedaluwarsa; unggah ulang berkasnya."))
            return redirect(request.path)
        dataset = tablib.Dataset(*[tuple(row) for row in stash["rows"]], headers=stash["headers"])
        result = import_all_or_nothing(make_resource(), dataset, dry_run=False, user=request.user)
        if import_failed(result):
            errors = describe_errors(result)
        else:
            del request.session[session_key]
            messages.success(request, _("Impor selesai: %(n)s baris.") % {"n": len(dataset)})
            return redirect(done_url)
    elif request.method == "POST":
        form = WorksheetForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                dataset = worksheet_dataset(form.cleaned_data["file"])
                resource = make_resource()
                result = import_all_or_nothing(resource, dataset, dry_run=True, user=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                if import_failed(result):
                    errors = describe_errors(result, limit=500)
                else:
                    token = secrets.token_urlsafe(16)
                    request.session[session_key] = {
                        "token": token, "headers": list(dataset.headers),
                        "rows": [[_plain(v) for v in row] for row in dataset],
                    }
                    preview = {
                        "token": token, "headers": dataset.headers, "rows": list(dataset),
                        "count": len([row for row in dataset if any(v not in (None, "") for v in row)]),
                        "note": preview_note(resource) if preview_note else "",
                    }
    return render(request, "evaluations/import.html", {**context, "form": form, "errors": errors, "preview": preview})

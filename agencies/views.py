from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from . import tokens

from .audit import DEFAULT_LIMIT, history_for
from .discovery import app_panels
from .forms import ApiTokenForm
from .models import ApiToken, Opd, Pemda, Province, Regency
from .selectors import scope_counts, scope_place, search_opds
from .services import set_user_language

PAGE_SIZE = 25


def get_opd_for_user(user, pk):
    qs = Opd.objects.visible_to(user).select_related("pemda__province", "pemda__regency", "replaced_by")
    return get_object_or_404(qs, pk=pk)


@login_not_required
def set_language(request):
    """Django's set_language (the cookie, before login too), plus the profile once signed in."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        set_user_language(request.user, language)
    return response


def home(request):
    panels = app_panels("home_panels", request)
    return render(
        request,
        "agencies/home.html",
        {"counts": scope_counts(request.user), "place": scope_place(request.user), "panels": panels},
    )


def province_list(request):
    # Count only the regencies/cities the user can open (a Bagian sees 1 of its province's 14).
    visible_regencies = Regency.objects.visible_to(request.user).values("pk")
    provinces = (
        Province.objects.visible_to(request.user)
        .annotate(regency_count=Count("regencies", filter=Q(regencies__in=visible_regencies)))
        .order_by("code")
    )
    q = request.GET.get("q", "").strip()
    if q:
        provinces = provinces.filter(Q(name__icontains=q) | Q(code__startswith=q))
    page = Paginator(provinces, 40).get_page(request.GET.get("page"))
    return render(request, "agencies/province_list.html", {"page": page, "q": q})


def province_detail(request, code):
    province = get_object_or_404(Province.objects.visible_to(request.user), code=code)
    pemda = Pemda.objects.visible_to(request.user).filter(province=province, level=Pemda.Level.PROVINCE).first()
    regencies = (
        Regency.objects.visible_to(request.user)
        .filter(province=province)
        .annotate(opd_count=Count("pemda__opds", filter=Q(pemda__opds__is_active=True)))
    )
    opds = Opd.objects.visible_to(request.user).filter(pemda=pemda) if pemda else Opd.objects.none()
    return render(
        request,
        "agencies/province_detail.html",
        {"province": province, "pemda": pemda, "regencies": regencies, "opds": opds.filter(is_active=True)},
    )


def regency_detail(request, code):
    regency = get_object_or_404(Regency.objects.visible_to(request.user).select_related("province", "pemda"), code=code)
    opds = Opd.objects.visible_to(request.user).filter(pemda=regency.pemda, is_active=True)
    return render(request, "agencies/regency_detail.html", {"regency": regency, "opds": opds})


def opd_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "province", "regency", "level", "kind", "type", "active")}
    opds = search_opds(request.user, request.GET)
    page = Paginator(opds, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    provinces = list(Province.objects.visible_to(request.user))
    # Regencies to filter by: those of the chosen province, or of the user's only province
    # (a national list of 514 would not help anyone).
    regencies = Regency.objects.none()
    if filters["province"] or len(provinces) == 1:
        regencies = Regency.objects.visible_to(request.user).filter(
            province__code=filters["province"] or provinces[0].code
        )
    return render(
        request,
        "agencies/opd_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(filters.values()),
            "querystring": querystring.urlencode(),
            "provinces": provinces,
            "regencies": list(regencies),
            "kinds": Opd.Kind.choices,
            "types": Opd.Type.choices,
            "levels": Pemda.Level.choices,
        },
    )


def opd_detail(request, pk):
    opd = get_opd_for_user(request.user, pk)
    # Earlier records of this agency, as far as the user's scope reaches.
    predecessors = Opd.objects.visible_to(request.user).filter(replaced_by=opd)
    sections = app_panels("opd_panels", request, opd)
    return render(
        request,
        "agencies/opd_detail.html",
        {
            "opd": opd,
            "predecessors": predecessors,
            "sections": sections,
            "can_edit": request.user.scope.can_manage_pemda(opd.pemda),
            "history": history_for(opd, request.user, limit=None if request.GET.get("riwayat") == "semua" else DEFAULT_LIMIT),
        },
    )


TOKEN_STATE_LABELS = {
    "active": _("aktif"),
    "expired": _("kedaluwarsa"),
    "revoked": _("dicabut"),
    "password_changed": _("berakhir: kata sandi diganti"),
}


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The user's own API tokens: issue one (shown once), see each one's last use, revoke."""
    form = ApiTokenForm(request.POST or None)
    new_plaintext = None
    if request.method == "POST" and form.is_valid():
        _token, new_plaintext = tokens.issue_token(
            request.user, name=form.cleaned_data["name"], days=int(form.cleaned_data["days"])
        )
        form = ApiTokenForm()
    rows = [
        {"token": token, "state": state, "state_label": TOKEN_STATE_LABELS[state]}
        for token in ApiToken.objects.visible_to(request.user)
        for state in [tokens.token_state(token, request.user)]
    ]
    return render(request, "agencies/api_tokens.html", {"form": form, "rows": rows, "new_plaintext": new_plaintext})


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    tokens.revoke_token(token, by=request.user)
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("agencies:api_tokens")

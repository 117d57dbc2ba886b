"""Partner suggestions for an organisation or a gap, proposing a partnership, and the network view."""
import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillsnet.accounts.permissions import can, restrict
from skillsnet.core.registry import object_url
from skillsnet.core.tabular import neutralise
from skillsnet.directory.models import Country, IscoOccupation, Organisation
from skillsnet.core.views import deny

from . import network, queries, services

KIND_CHOICES = [("", gettext_lazy("TVET institutes and companies")), ("all", gettext_lazy("all kinds"))] + [
    (k, label) for k, label in Organisation.Kind.choices if k != Organisation.Kind.NETWORK]


_deny = deny  # sign-in for visitors, 403 for signed-in users


class SuggestionFilterForm(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.filter(organisations__isnull=False).distinct(),
                                     required=False, label=gettext_lazy("Partner's country"))
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, label=gettext_lazy("Kind"))


class GapForm(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.all(), label=gettext_lazy("Country with the gap"))
    occupation = forms.ModelChoiceField(queryset=IscoOccupation.objects.all(), to_field_name="code",
                                        label=gettext_lazy("ISCO-08 occupation"),
                                        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
                                        help_text=gettext_lazy("An ISCO-08 code, e.g. 742 or 3114."))
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, label=gettext_lazy("Kind"))


def _may_propose(user, organisation):
    if not can(user, "add", _agreement_model() or Organisation) or _agreement_model() is None:
        return False
    from skillsnet.agreements.services import focal_point_organisations

    own = focal_point_organisations(user)
    return not own or organisation.pk in {o.pk for o in own}


def _agreement_model():
    from django.apps import apps

    return apps.get_model("agreements", "Agreement")


def suggestions(request, pk):
    visible = restrict(Organisation.objects.select_related("country"), request.user, "view")
    organisation = visible.filter(pk=pk).first() if str(pk).isdigit() else None
    if organisation is None:
        raise Http404(_("Not found."))
    form = SuggestionFilterForm(request.GET or None)
    country = kind = None
    if form.is_valid():
        country = form.cleaned_data["country"].pk if form.cleaned_data["country"] else None
        kind = form.cleaned_data["kind"] or None
    results = queries.rank_partners(request.user, organisation, limit=20, country=country, kind=kind)
    return render(request, "matching/suggestions.html", {
        "organisation": organisation, "form": form, "results": results,
        "may_propose": _may_propose(request.user, organisation), "org_url": object_url(organisation),
    })


def gap_partners(request):
    form = GapForm(request.GET or None)
    results, country, occupation = [], None, None
    if form.is_valid():
        country, occupation = form.cleaned_data["country"], form.cleaned_data["occupation"]
        results = queries.rank_partners_for_gap(request.user, country.pk, occupation.pk, limit=20,
                                                kind=form.cleaned_data["kind"] or None)
    return render(request, "matching/gap_partners.html", {
        "form": form, "results": results, "country": country, "occupation": occupation})


def propose(request, pk, partner_pk):
    """A confirmation page (what will be created, and why the partner was suggested); the draft agreement is
    created only when that page's form is sent with confirm=yes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    visible = restrict(Organisation.objects.select_related("country"), request.user, "view")
    organisation = visible.filter(pk=pk).first()
    partner = visible.filter(pk=partner_pk).first()
    if organisation is None or partner is None:
        raise Http404(_("Not found."))
    result = next((r for r in queries.rank_partners(request.user, pk, limit=5000, kind="all")
                   if r.organisation.pk == int(partner_pk)), None)
    summary = ""
    if result is not None:
        summary = _("Suggested partner, score %(score)s: %(why)s") % {
            "score": result.score, "why": " ".join(f"{c.label}: {c.text}" for c in result.components)}
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return render(request, "matching/propose_confirm.html", {
            "organisation": organisation, "partner": partner, "suggestion": result, "next": back,
            "may_propose": _may_propose(request.user, organisation)})
    try:
        agreement = services.propose_partnership(request.user, pk, partner_pk, summary=summary[:5000])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return HttpResponseRedirect(back or "/")
    messages.success(request, _("A draft agreement was created; complete it and move it forward when both sides agree."))
    return HttpResponseRedirect(object_url(agreement) or "/")


class NetworkFilterForm(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.filter(organisations__isnull=False).distinct(),
                                     required=False, label=gettext_lazy("Country (its organisations and their ties)"))
    until = forms.IntegerField(required=False, min_value=1900, max_value=2200, label=gettext_lazy("Ties up to year"))


def _network_graph(request):
    form = NetworkFilterForm(request.GET or None)
    country = until = None
    if form.is_valid():
        country = form.cleaned_data["country"].pk if form.cleaned_data["country"] else None
        until = form.cleaned_data["until"]
    return form, network.build_graph(request.user, country=country, until_year=until)


def network_view(request):
    if not can(request.user, "view", Organisation):
        return _deny(request)
    form, graph = _network_graph(request)
    stats = network.analyse(graph)
    growth_chart = ""
    if stats["growth"]:
        from skillsnet.results.charts import svg_bar_chart

        growth_chart = svg_bar_chart([str(y) for y, *_r in stats["growth"]], [
            (_("New ties"), [n for _y, n, _t in stats["growth"]]),
            (_("All ties so far"), [t for _y, _n, t in stats["growth"]])],
            title=_("Growth of the network: ties by the year they began"), chart_id="network-growth")
    query = request.GET.urlencode()
    return render(request, "matching/network.html", {
        "form": form, "stats": stats, "nodes": stats["nodes"][:200], "edges": stats["edges"][:300],
        "elements": network.to_elements(graph), "growth_chart": growth_chart, "query": query,
    })


def network_export(request, fmt):
    if not can(request.user, "view", Organisation):
        return _deny(request)
    _form, graph = _network_graph(request)
    if fmt == "svg":
        response = HttpResponse(network.to_svg(graph), content_type="image/svg+xml; charset=utf-8")
    elif fmt == "png":
        response = HttpResponse(network.to_png(graph), content_type="image/png")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["organisation_a", "country_a", "organisation_b", "country_b", "shared_agreements",
                         "shared_activities", "first_year", "cross_border"])
        for a, b, d in graph.edges(data=True):
            na, nb = graph.nodes[a], graph.nodes[b]
            writer.writerow([neutralise(na["name"]), na["country"], neutralise(nb["name"]), nb["country"],
                             d["agreements"], d["activities"], d["first_year"] or "", int(d["cross_border"])])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404(_("Not found."))
    response["Content-Disposition"] = f'attachment; filename="network.{fmt}"'
    return response

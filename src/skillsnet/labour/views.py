"""Gap analysis: country × occupation group, demand against training supply, with drill-down."""
from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.accounts.permissions import can
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.core.views import deny

from . import queries
from .models import DemandSignal, TracerRecord

LEVELS = [("major", gettext_lazy("major group (1 digit)")), ("sub-major", gettext_lazy("sub-major group (2 digits)")),
          ("minor", gettext_lazy("minor group (3 digits)")), ("unit", gettext_lazy("unit group (4 digits)"))]


class GapFilterForm(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.none(), required=False, label=gettext_lazy("Country"))
    level = forms.ChoiceField(choices=LEVELS, required=False, initial="minor",
                              label=gettext_lazy("Roll up to ISCO-08"))
    occupation = forms.RegexField(regex=r"^\d{1,4}$", required=False, max_length=4,
                                  label=gettext_lazy("ISCO-08 code starts with"))

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(pk__in=[c.pk for c in countries])


_deny = deny  # sign-in for visitors, 403 for signed-in users


def _drawn(value):
    """A count as a chart draws it: a hidden one ("< 5", "≥ 5") is not drawn."""
    return None if isinstance(value, str) else value


def _chart(cells, title, user):
    from skillsnet.results.charts import svg_bar_chart

    if not cells:
        return ""
    categories = [f"{c.country} {c.code}" for c in cells[:30]]
    series = [
        (_("Demand stated (number)"), [c.demand_quantity if c.quantified else None for c in cells[:30]]),
        (_("Annual intake of programmes"), [c.intake for c in cells[:30]]),
        (_("Completions (all years)"), [_drawn(queries.shown_people(c, user)["completions"]) for c in cells[:30]]),
    ]
    links = {}
    from django.urls import reverse

    for c, cat in zip(cells[:30], categories):
        url = reverse("labour:gap_detail", args=[c.country, c.code])
        for name, _values in series:
            links[(name, cat)] = url
    return svg_bar_chart(categories, series, title=title, unit=_("people"), links=links, chart_id="gap-chart")


def gaps(request):
    if not can(request.user, "view", DemandSignal):
        return _deny(request)
    countries = queries.countries_with_data(request.user)
    form = GapFilterForm(request.GET or None, countries=countries)
    level, country, occupation = "minor", None, None
    if form.is_valid():
        level = form.cleaned_data["level"] or "minor"
        country = form.cleaned_data["country"].pk if form.cleaned_data["country"] else None
        occupation = form.cleaned_data["occupation"] or None
    cells = queries.gap_analysis(request.user, level=level, country=country, occupation=occupation)
    years = queries.years_of(cells)
    rows = []
    for c in cells:
        people = queries.shown_people(c, request.user)
        rows.append((c, people, [(c.demand_years.get(y, 0), people["by_year"].get(y, 0)) for y in years]))
    return render(request, "labour/gaps.html", {
        "form": form, "cells": cells, "rows": rows, "years": years, "level": level,
        "chart": _chart(cells, _("Demand against training supply by country and occupation group"), request.user),
    })


def gap_detail(request, country, code):
    if not can(request.user, "view", DemandSignal):
        return _deny(request)
    country_obj = Country.objects.filter(pk=country.upper()).first()
    occupation = IscoOccupation.objects.filter(pk=code).first()
    if country_obj is None or occupation is None:
        raise Http404(_("Not found."))
    level = occupation.level
    cells = queries.gap_analysis(request.user, level=level, country=country_obj.pk, occupation=code)
    cell = next((c for c in cells if c.code == code), None) or queries.Cell(country=country_obj.pk, code=code)
    years = queries.years_of([cell])
    people = queries.shown_people(cell, request.user)
    trend = ""
    if years:
        from skillsnet.results.charts import svg_line_chart

        labels = [str(y) for y in years]
        trend = svg_line_chart(labels, [
            (_("Demand signals"), [cell.demand_years.get(y, 0) for y in years]),
            (_("Completions"), [_drawn(people["by_year"].get(y, 0)) for y in years]),
        ], title=_("Demand signals and completions by year"), chart_id="gap-trend")
    programmes = queries.programmes_for(request.user, country=country_obj.pk, occupation=code)
    institutions = {}
    for p in programmes:
        entry = institutions.setdefault(p.organisation_id, {"organisation": p.organisation, "programmes": [],
                                                            "intake": 0})
        entry["programmes"].append(p)
        entry["intake"] += p.annual_intake or 0
    return render(request, "labour/gap_detail.html", {
        "country": country_obj, "occupation": occupation, "cell": cell, "people": people, "years": years,
        "trend": trend,
        "signals": queries.demand_signals(request.user, country=country_obj.pk, occupation=code),
        "institutions": sorted(institutions.values(), key=lambda e: -e["intake"]),
        "year_rows": [(y, cell.demand_years.get(y, 0), people["by_year"].get(y, 0)) for y in years],
        "tracer": [{**t, "label": TracerRecord.Status(t["status"]).label}
                   for t in queries.shown_tracer_counts(
                       queries.tracer_counts(request.user, country=country_obj.pk, by=("status",)), request.user)],
    })

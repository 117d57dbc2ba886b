"""IATI 2.03 activity export: dataclasses, XML writer, XSD validation, code checks, reader.

Pure Python (no Django). The integrator maps models onto the dataclasses below, then::

    xml = build_activities_xml([activity], generated_datetime=now)
    errors = validate(xml) + check_codes(activity) + check_rules(activity)

* Element order follows ``iati-activities-schema.xsd`` (release 2.03), which is shipped in
  ``data/iati-2.03/`` with the code lists and loaded from there only (never from the network).
* Codes are strings (``"1"``, ``"11330"``, ``"LA"``); ints are accepted and converted.
* Amounts, percentages and indicator values are held as :class:`decimal.Decimal` and written
  as plain decimal strings (``"4000000"``, ``"33.33"``): no thousands separators, no
  exponent. Strings such as ``"4,000,000"`` are refused with ``ValueError`` rather than
  guessed at. Indicator values for measure 2 (percentage) are percentages (``45.5``), not
  fractions.
* Disaggregation (DESIGN §10): a period's total actual is one ``<actual value=..>`` without
  dimension; each disaggregated value is a further ``<actual value=..>`` carrying
  ``<dimension name="sex" value="female"/>`` — see :func:`disaggregated`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from lxml import etree

__all__ = [
    "IATI_VERSION",
    "DATA_DIR",
    "SCHEMA_PATH",
    "Narrative",
    "Description",
    "ReportingOrg",
    "ParticipatingOrg",
    "TransactionOrg",
    "ActivityDate",
    "RecipientCountry",
    "RecipientRegion",
    "Sector",
    "Budget",
    "Transaction",
    "Dimension",
    "PeriodValue",
    "Baseline",
    "Period",
    "Indicator",
    "Result",
    "DocumentLink",
    "Activity",
    "disaggregated",
    "narratives",
    "decimal_str",
    "build_activities_xml",
    "activity_element",
    "parse_activity",
    "validate",
    "check_codes",
    "check_rules",
    "parse_activities_xml",
    "codelist",
]

IATI_VERSION = "2.03"
DATA_DIR = Path(__file__).resolve().parent / "data" / "iati-2.03"
SCHEMA_PATH = DATA_DIR / "iati-activities-schema.xsd"
CODELIST_DIR = DATA_DIR / "codelists"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"


# --------------------------------------------------------------------------- value helpers

_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _to_decimal(value, what: str = "value") -> Decimal | None:
    """Convert int/float/Decimal/str to Decimal; None stays None.

    Strings must be plain decimals ("1234.5"); thousands separators, currency signs
    or exponents are refused (ValueError) instead of being guessed at.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what}: booleans are not numbers ({value!r})")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))  # shortest repr: 33.33 -> Decimal('33.33')
    elif isinstance(value, str):
        s = value.strip()
        if not _DECIMAL_RE.match(s):
            raise ValueError(
                f"{what}: {value!r} is not a plain decimal number "
                "(IATI wants e.g. '4000000' or '33.33', no thousands separators)"
            )
        d = Decimal(s)
    else:
        raise TypeError(f"{what}: cannot use {type(value).__name__} as a number")
    if not d.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return d


def decimal_str(value) -> str:
    """Format a number the way IATI wants it: plain decimal, '.' separator, no exponent.

    >>> decimal_str(4_000_000), decimal_str(Decimal("4E+6")), decimal_str(33.33)
    ('4000000', '4000000', '33.33')
    """
    d = _to_decimal(value)
    if d is None:
        raise ValueError("decimal_str(None)")
    s = format(d, "f")
    if s.startswith("-") and d == 0:
        s = s[1:]
    return s


def _to_date(value, what: str = "date") -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"{what}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise TypeError(f"{what}: cannot use {type(value).__name__} as a date")


def _code(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"code: booleans are not codes ({value!r})")
    return str(value).strip()


# --------------------------------------------------------------------------- narratives


@dataclass
class Narrative:
    """One language version of a text; ``lang`` is an ISO 639-1 code or None (= activity default)."""

    text: str
    lang: str | None = None


def narratives(value) -> list[Narrative]:
    """Normalise text input to a list of Narrative.

    Accepts None, a str, a Narrative, a ``{lang: text}`` mapping, or an iterable of
    str/Narrative/(text, lang) tuples.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [Narrative(value)] if value.strip() else []
    if isinstance(value, Narrative):
        return [value]
    if isinstance(value, Mapping):
        return [Narrative(t, lang or None) for lang, t in value.items() if t is not None]
    out: list[Narrative] = []
    for item in value:
        if isinstance(item, Narrative):
            out.append(item)
        elif isinstance(item, str):
            out.append(Narrative(item))
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(Narrative(item[0], item[1]))
        else:
            raise TypeError(f"cannot use {item!r} as a narrative")
    return out


# --------------------------------------------------------------------------- dataclasses


@dataclass
class Description:
    """An activity description; ``type`` from DescriptionType (1 general, 2 objectives, 3 target groups, 4 other)."""

    text: list[Narrative] = field(default_factory=list)
    type: str | None = "1"

    def __post_init__(self):
        self.text = narratives(self.text)
        self.type = _code(self.type)


@dataclass
class ReportingOrg:
    ref: str
    type: str
    name: list[Narrative] = field(default_factory=list)
    secondary_reporter: bool | None = None

    def __post_init__(self):
        self.type = _code(self.type)
        self.name = narratives(self.name)


@dataclass
class ParticipatingOrg:
    """``role``: OrganisationRole 1 funding, 2 accountable, 3 extending, 4 implementing.

    ``ref`` is optional (e.g. no registered identifier known): then the name narrative
    is what identifies the organisation.
    """

    role: str
    name: list[Narrative] = field(default_factory=list)
    ref: str | None = None
    type: str | None = None
    activity_id: str | None = None

    def __post_init__(self):
        self.role = _code(self.role)
        self.type = _code(self.type)
        self.name = narratives(self.name)
        self.ref = self.ref or None


@dataclass
class TransactionOrg:
    """provider-org / receiver-org of a transaction."""

    name: list[Narrative] = field(default_factory=list)
    ref: str | None = None
    type: str | None = None
    activity_id: str | None = None

    def __post_init__(self):
        self.type = _code(self.type)
        self.name = narratives(self.name)
        self.ref = self.ref or None


@dataclass
class ActivityDate:
    """``type``: ActivityDateType 1 planned start, 2 actual start, 3 planned end, 4 actual end."""

    type: str
    iso_date: dt.date

    def __post_init__(self):
        self.type = _code(self.type)
        self.iso_date = _to_date(self.iso_date, "activity-date")


@dataclass
class RecipientCountry:
    code: str
    percentage: Decimal | None = None
    name: list[Narrative] = field(default_factory=list)

    def __post_init__(self):
        self.code = _code(self.code)
        self.percentage = _to_decimal(self.percentage, "recipient-country/@percentage")
        self.name = narratives(self.name)


@dataclass
class RecipientRegion:
    """``vocabulary`` 1 = OECD DAC regions (Region code list), 2 = UN regions."""

    code: str
    vocabulary: str | None = "1"
    percentage: Decimal | None = None
    name: list[Narrative] = field(default_factory=list)

    def __post_init__(self):
        self.code = _code(self.code)
        self.vocabulary = _code(self.vocabulary)
        self.percentage = _to_decimal(self.percentage, "recipient-region/@percentage")
        self.name = narratives(self.name)


@dataclass
class Sector:
    """``vocabulary`` 1 = OECD DAC 5-digit (e.g. 11330 Vocational training), 2 = DAC 3-digit."""

    code: str
    vocabulary: str | None = "1"
    percentage: Decimal | None = None
    vocabulary_uri: str | None = None
    name: list[Narrative] = field(default_factory=list)

    def __post_init__(self):
        self.code = _code(self.code)
        self.vocabulary = _code(self.vocabulary)
        self.percentage = _to_decimal(self.percentage, "sector/@percentage")
        self.name = narratives(self.name)


@dataclass
class Budget:
    """``type`` BudgetType 1 original / 2 revised; ``status`` BudgetStatus 1 indicative / 2 committed."""

    period_start: dt.date
    period_end: dt.date
    value: Decimal
    value_date: dt.date
    currency: str | None = None
    type: str | None = "1"
    status: str | None = "1"

    def __post_init__(self):
        self.period_start = _to_date(self.period_start, "budget/period-start")
        self.period_end = _to_date(self.period_end, "budget/period-end")
        self.value = _to_decimal(self.value, "budget/value")
        self.value_date = _to_date(self.value_date, "budget/value/@value-date")
        self.currency = _code(self.currency)
        self.type = _code(self.type)
        self.status = _code(self.status)


@dataclass
class Transaction:
    """``type``: TransactionType 1 incoming funds, 2 outgoing commitment, 3 disbursement,
    4 expenditure, 11 incoming commitment (others in the code list are accepted too)."""

    type: str
    date: dt.date
    value: Decimal
    value_date: dt.date
    currency: str | None = None
    description: list[Narrative] = field(default_factory=list)
    provider_org: TransactionOrg | None = None
    receiver_org: TransactionOrg | None = None
    ref: str | None = None

    def __post_init__(self):
        self.type = _code(self.type)
        self.date = _to_date(self.date, "transaction-date")
        self.value = _to_decimal(self.value, "transaction/value")
        self.value_date = _to_date(self.value_date, "transaction/value/@value-date")
        self.currency = _code(self.currency)
        self.description = narratives(self.description)


@dataclass
class Dimension:
    """A disaggregation category, e.g. ``Dimension("sex", "female")``."""

    name: str
    value: str


@dataclass
class PeriodValue:
    """A target or actual: a value, optionally qualified by dimensions, with an optional comment."""

    value: Decimal | None = None
    dimensions: list[Dimension] = field(default_factory=list)
    comment: list[Narrative] = field(default_factory=list)

    def __post_init__(self):
        self.value = _to_decimal(self.value, "indicator value")
        self.comment = narratives(self.comment)


def disaggregated(
    total, dimension: str, parts: Mapping[str, object], *, comment=None
) -> list[PeriodValue]:
    """Total plus one value per category of one dimension.

    >>> disaggregated(200, "sex", {"female": 120, "male": 80})  # doctest: +ELLIPSIS
    [PeriodValue(value=Decimal('200'), ...), PeriodValue(value=Decimal('120'), dimensions=[Dimension(name='sex', value='female')], ...), ...]
    """
    out = []
    if total is not None:
        out.append(PeriodValue(total, comment=comment))
    for cat, v in parts.items():
        out.append(PeriodValue(v, [Dimension(dimension, str(cat))]))
    return out


@dataclass
class Baseline:
    year: int
    value: Decimal | None = None
    iso_date: dt.date | None = None
    dimensions: list[Dimension] = field(default_factory=list)
    comment: list[Narrative] = field(default_factory=list)

    def __post_init__(self):
        self.year = int(self.year)
        self.value = _to_decimal(self.value, "baseline/@value")
        self.iso_date = _to_date(self.iso_date, "baseline/@iso-date")
        self.comment = narratives(self.comment)


@dataclass
class Period:
    start: dt.date
    end: dt.date
    targets: list[PeriodValue] = field(default_factory=list)
    actuals: list[PeriodValue] = field(default_factory=list)

    def __post_init__(self):
        self.start = _to_date(self.start, "period-start")
        self.end = _to_date(self.end, "period-end")
        self.targets = [_period_value(v) for v in self.targets]
        self.actuals = [_period_value(v) for v in self.actuals]


def _period_value(v) -> PeriodValue:
    return v if isinstance(v, PeriodValue) else PeriodValue(v)


@dataclass
class Indicator:
    """``measure``: IndicatorMeasure 1 unit, 2 percentage (3 nominal, 4 ordinal, 5 qualitative)."""

    title: list[Narrative]
    measure: str = "1"
    ascending: bool | None = True
    description: list[Narrative] = field(default_factory=list)
    baselines: list[Baseline] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    aggregation_status: bool | None = None

    def __post_init__(self):
        self.title = narratives(self.title)
        self.measure = _code(self.measure)
        self.description = narratives(self.description)
        if isinstance(self.baselines, Baseline):
            self.baselines = [self.baselines]


@dataclass
class Result:
    """``type``: ResultType 1 output, 2 outcome, 3 impact, 9 other."""

    type: str
    title: list[Narrative]
    indicators: list[Indicator] = field(default_factory=list)
    description: list[Narrative] = field(default_factory=list)
    aggregation_status: bool | None = None

    def __post_init__(self):
        self.type = _code(self.type)
        self.title = narratives(self.title)
        self.description = narratives(self.description)


@dataclass
class DocumentLink:
    """``format`` is a MIME type from FileFormat (e.g. application/pdf, text/html);
    ``categories`` from DocumentCategory (e.g. A01 pre-/post-project impact appraisal,
    A08 Results, outcomes and outputs... see the code list); ``languages`` ISO 639-1."""

    url: str
    format: str
    title: list[Narrative]
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    document_date: dt.date | None = None
    description: list[Narrative] = field(default_factory=list)

    def __post_init__(self):
        self.title = narratives(self.title)
        if isinstance(self.categories, str):
            self.categories = [self.categories]
        if isinstance(self.languages, str):
            self.languages = [self.languages]
        self.categories = [_code(c) for c in self.categories]
        self.languages = [_code(c) for c in self.languages]
        self.document_date = _to_date(self.document_date, "document-date")
        self.description = narratives(self.description)


@dataclass
class Activity:
    identifier: str
    reporting_org: ReportingOrg
    title: list[Narrative]
    descriptions: list[Description]
    participating_orgs: list[ParticipatingOrg]
    activity_status: str
    activity_dates: list[ActivityDate]
    recipient_countries: list[RecipientCountry] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    recipient_regions: list[RecipientRegion] = field(default_factory=list)
    default_currency: str | None = None
    budgets: list[Budget] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    document_links: list[DocumentLink] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    default_lang: str | None = "en"
    last_updated: dt.datetime | None = None
    humanitarian: bool | None = None
    hierarchy: int | None = None

    def __post_init__(self):
        self.title = narratives(self.title)
        d = self.descriptions
        if d is None:
            d = []
        elif isinstance(d, (str, Narrative, Description, Mapping)):
            d = [d]
        # a plain list of narratives/strings means one general description
        if d and all(isinstance(x, (str, Narrative, tuple)) for x in d):
            d = [Description(narratives(d))]
        self.descriptions = [x if isinstance(x, Description) else Description(x) for x in d]
        self.activity_status = _code(self.activity_status)
        self.default_currency = _code(self.default_currency)
        self.default_lang = self.default_lang or None


# --------------------------------------------------------------------------- writer


def _fmt_datetime(value: dt.datetime | dt.date | str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).isoformat()
    raise TypeError(f"cannot use {type(value).__name__} as a datetime")


def _bool(value: bool) -> str:
    return "1" if value else "0"


def _set(el, name: str, value) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        el.set(name, _bool(value))
    elif isinstance(value, dt.date):
        el.set(name, value.isoformat())
    elif isinstance(value, Decimal):
        el.set(name, decimal_str(value))
    else:
        el.set(name, str(value))


def _sub(parent, tag: str, **attrs):
    el = etree.SubElement(parent, tag)
    for k, v in attrs.items():
        _set(el, k.replace("_", "-"), v)
    return el


def _add_narratives(parent, items: Sequence[Narrative]) -> None:
    for n in items:
        el = etree.SubElement(parent, "narrative")
        if n.lang:
            el.set(XML_LANG, n.lang)
        el.text = _clean_text(n.text)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (lxml would raise)."""
    return _CONTROL_RE.sub("", str(text))


def _text_el(parent, tag: str, items: Sequence[Narrative], **attrs):
    el = _sub(parent, tag, **attrs)
    _add_narratives(el, items)
    return el


def _value_el(parent, tag: str, value: Decimal, value_date: dt.date, currency: str | None):
    el = etree.SubElement(parent, tag)
    if currency:
        el.set("currency", currency)
    _set(el, "value-date", value_date)
    el.text = decimal_str(value) if value is not None else None
    return el


def _period_value_el(parent, tag: str, pv: PeriodValue):
    el = _sub(parent, tag, value=pv.value)
    for d in pv.dimensions:
        _sub(el, "dimension", name=d.name, value=d.value)
    if pv.comment:
        _text_el(el, "comment", pv.comment)
    return el


def _document_link_el(parent, doc: DocumentLink):
    el = _sub(parent, "document-link", url=doc.url, format=doc.format)
    _text_el(el, "title", doc.title)
    if doc.description:
        _text_el(el, "description", doc.description)
    for c in doc.categories:
        _sub(el, "category", code=c)
    for lang in doc.languages:
        _sub(el, "language", code=lang)
    if doc.document_date:
        _sub(el, "document-date", iso_date=doc.document_date)
    return el


def activity_element(a: Activity) -> etree._Element:
    """Build one ``<iati-activity>`` element, children in the order the 2.03 XSD requires."""
    act = etree.Element("iati-activity")
    if a.last_updated is not None:
        act.set("last-updated-datetime", _fmt_datetime(a.last_updated))
    if a.default_lang:
        act.set(XML_LANG, a.default_lang)
    _set(act, "default-currency", a.default_currency)
    _set(act, "humanitarian", a.humanitarian)
    _set(act, "hierarchy", a.hierarchy)

    etree.SubElement(act, "iati-identifier").text = a.identifier
    ro = a.reporting_org
    el = _sub(act, "reporting-org", ref=ro.ref, type=ro.type, secondary_reporter=ro.secondary_reporter)
    _add_narratives(el, ro.name)
    _text_el(act, "title", a.title)
    for d in a.descriptions:
        _text_el(act, "description", d.text, type=d.type)
    for p in a.participating_orgs:
        el = _sub(act, "participating-org", ref=p.ref, type=p.type, role=p.role, activity_id=p.activity_id)
        _add_narratives(el, p.name)
    _sub(act, "activity-status", code=a.activity_status)
    for d in a.activity_dates:
        _sub(act, "activity-date", type=d.type, iso_date=d.iso_date)
    for c in a.recipient_countries:
        el = _sub(act, "recipient-country", code=c.code, percentage=c.percentage)
        _add_narratives(el, c.name)
    for r in a.recipient_regions:
        el = _sub(act, "recipient-region", code=r.code, vocabulary=r.vocabulary, percentage=r.percentage)
        _add_narratives(el, r.name)
    for s in a.sectors:
        el = _sub(act, "sector", vocabulary=s.vocabulary, vocabulary_uri=s.vocabulary_uri,
                  code=s.code, percentage=s.percentage)
        _add_narratives(el, s.name)
    for b in a.budgets:
        el = _sub(act, "budget", type=b.type, status=b.status)
        _sub(el, "period-start", iso_date=b.period_start)
        _sub(el, "period-end", iso_date=b.period_end)
        _value_el(el, "value", b.value, b.value_date, b.currency)
    for t in a.transactions:
        el = _sub(act, "transaction", ref=t.ref)
        _sub(el, "transaction-type", code=t.type)
        _sub(el, "transaction-date", iso_date=t.date)
        _value_el(el, "value", t.value, t.value_date, t.currency)
        if t.description:
            _text_el(el, "description", t.description)
        for tag, org, id_attr in (
            ("provider-org", t.provider_org, "provider-activity-id"),
            ("receiver-org", t.receiver_org, "receiver-activity-id"),
        ):
            if org is None:
                continue
            o = etree.SubElement(el, tag)
            _set(o, "ref", org.ref)
            _set(o, id_attr, org.activity_id)
            _set(o, "type", org.type)
            _add_narratives(o, org.name)
    for doc in a.document_links:
        _document_link_el(act, doc)
    for r in a.results:
        rel = _sub(act, "result", type=r.type, aggregation_status=r.aggregation_status)
        _text_el(rel, "title", r.title)
        if r.description:
            _text_el(rel, "description", r.description)
        for ind in r.indicators:
            iel = _sub(rel, "indicator", measure=ind.measure, ascending=ind.ascending,
                       aggregation_status=ind.aggregation_status)
            _text_el(iel, "title", ind.title)
            if ind.description:
                _text_el(iel, "description", ind.description)
            for bl in ind.baselines:
                bel = _sub(iel, "baseline", year=bl.year, iso_date=bl.iso_date, value=bl.value)
                for d in bl.dimensions:
                    _sub(bel, "dimension", name=d.name, value=d.value)
                if bl.comment:
                    _text_el(bel, "comment", bl.comment)
            for p in ind.periods:
                pel = _sub(iel, "period")
                _sub(pel, "period-start", iso_date=p.start)
                _sub(pel, "period-end", iso_date=p.end)
                for pv in p.targets:
                    _period_value_el(pel, "target", pv)
                for pv in p.actuals:
                    _period_value_el(pel, "actual", pv)
    return act


def build_activities_xml(
    activities: Iterable[Activity],
    generated_datetime: dt.datetime | None = None,
    *,
    linked_data_default: str | None = None,
) -> bytes:
    """Serialise activities as an ``<iati-activities version="2.03">`` document (UTF-8 bytes)."""
    root = etree.Element("iati-activities", nsmap=None)
    root.set("version", IATI_VERSION)
    if generated_datetime is None:
        generated_datetime = dt.datetime.now(dt.timezone.utc)
    root.set("generated-datetime", _fmt_datetime(generated_datetime))
    _set(root, "linked-data-default", linked_data_default)
    for a in activities:
        root.append(activity_element(a))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --------------------------------------------------------------------------- validation


class _LocalOnlyResolver(etree.Resolver):
    """Resolve schema includes/imports to the shipped files; refuse anything else."""

    def resolve(self, system_url, public_id, context):
        name = (system_url or "").rsplit("/", 1)[-1]
        local = DATA_DIR / name
        if name and local.is_file():
            return self.resolve_filename(str(local), context)
        # Refuse: returning an empty doc makes a missing file a visible schema error
        # instead of a network fetch.
        return self.resolve_string("<nothing-here/>", context)


def _safe_parser(**kw) -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False, **kw)


@functools.lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    parser = _safe_parser()
    parser.resolvers.add(_LocalOnlyResolver())
    doc = etree.parse(str(SCHEMA_PATH), parser)
    return etree.XMLSchema(doc)


def validate(xml_bytes: bytes) -> list[str]:
    """Validate against the shipped IATI 2.03 activities XSD. Returns readable errors; [] = valid.

    Each message reads ``line N, /iati-activities/iati-activity[1]/...: <libxml2 message>``.
    """
    try:
        doc = etree.fromstring(xml_bytes, _safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if doc.docinfo.doctype or doc.docinfo.internalDTD is not None:
        return ["line 1: a DOCTYPE / DTD is not allowed in an IATI file"]
    schema = _schema()
    try:
        if schema.validate(doc):
            return []
    except etree.XMLSchemaValidateError as exc:  # e.g. unresolved entity references
        return [f"cannot validate: {exc}"]
    out = []
    for e in schema.error_log:
        where = f"line {e.line}"
        if e.path:
            where += f", {e.path}"
        out.append(f"{where}: {e.message}")
    return out


# --------------------------------------------------------------------------- code lists


@dataclass(frozen=True)
class _Codelist:
    name: str
    active: frozenset
    withdrawn: frozenset
    names: Mapping[str, str]


@functools.lru_cache(maxsize=None)
def codelist(name: str) -> _Codelist:
    """Load a shipped code list (e.g. ``codelist("Sector").names["11330"]``)."""
    path = CODELIST_DIR / f"{name}.xml"
    doc = etree.parse(str(path), _safe_parser())
    active, withdrawn, names = set(), set(), {}
    for item in doc.iterfind(".//codelist-item"):
        code = (item.findtext("code") or "").strip()
        if not code:
            continue
        (withdrawn if item.get("status") == "withdrawn" else active).add(code)
        label = None
        for n in item.iterfind("name/narrative"):
            if n.get(XML_LANG) in (None, "en"):
                label = (n.text or "").strip()
                break
        names[code] = label or code
    return _Codelist(name, frozenset(active), frozenset(withdrawn), names)


def _check(errors: list[str], where: str, value, listname: str, *, required: bool = True) -> None:
    if value is None or value == "":
        if required:
            errors.append(f"{where}: missing code (from {listname})")
        return
    cl = codelist(listname)
    # Currency/Country/Language codes are upper/lower case by convention; compare exactly.
    if value in cl.active:
        return
    if value in cl.withdrawn:
        errors.append(f"{where}: code {value!r} is withdrawn in {listname}")
    else:
        errors.append(f"{where}: {value!r} is not a code in {listname}")


def _check_lang(errors, where, items: Sequence[Narrative]) -> None:
    for i, n in enumerate(items, 1):
        if n.lang is not None:
            _check(errors, f"{where}/narrative[{i}]/@xml:lang", n.lang, "Language")


def check_codes(activity: Activity) -> list[str]:
    """Check every coded value of one activity against the shipped 2.03 code lists.

    The XSD types these attributes as plain strings, so this is where a typo such as
    role="5" or sector "11333" is caught. Returns readable messages; [] = all codes known.
    Sector codes are checked for vocabulary 1 (DAC 5-digit) and 2 (DAC 3-digit) only.
    """
    e: list[str] = []
    a = activity
    _check(e, "iati-activity/@xml:lang", a.default_lang, "Language", required=False)
    _check(e, "iati-activity/@default-currency", a.default_currency, "Currency", required=False)
    _check(e, "reporting-org/@type", a.reporting_org.type, "OrganisationType")
    _check_lang(e, "reporting-org", a.reporting_org.name)
    _check_lang(e, "title", a.title)
    for i, d in enumerate(a.descriptions, 1):
        _check(e, f"description[{i}]/@type", d.type, "DescriptionType", required=False)
        _check_lang(e, f"description[{i}]", d.text)
    for i, p in enumerate(a.participating_orgs, 1):
        _check(e, f"participating-org[{i}]/@role", p.role, "OrganisationRole")
        _check(e, f"participating-org[{i}]/@type", p.type, "OrganisationType", required=False)
        _check_lang(e, f"participating-org[{i}]", p.name)
    _check(e, "activity-status/@code", a.activity_status, "ActivityStatus")
    for i, d in enumerate(a.activity_dates, 1):
        _check(e, f"activity-date[{i}]/@type", d.type, "ActivityDateType")
    for i, c in enumerate(a.recipient_countries, 1):
        _check(e, f"recipient-country[{i}]/@code", c.code, "Country")
    for i, r in enumerate(a.recipient_regions, 1):
        _check(e, f"recipient-region[{i}]/@vocabulary", r.vocabulary, "RegionVocabulary", required=False)
        if (r.vocabulary or "1") == "1":
            _check(e, f"recipient-region[{i}]/@code", r.code, "Region")
    for i, s in enumerate(a.sectors, 1):
        _check(e, f"sector[{i}]/@vocabulary", s.vocabulary, "SectorVocabulary", required=False)
        vocab = s.vocabulary or "1"
        if vocab == "1":
            _check(e, f"sector[{i}]/@code", s.code, "Sector")
        elif vocab == "2":
            _check(e, f"sector[{i}]/@code", s.code, "SectorCategory")
    for i, b in enumerate(a.budgets, 1):
        _check(e, f"budget[{i}]/@type", b.type, "BudgetType", required=False)
        _check(e, f"budget[{i}]/@status", b.status, "BudgetStatus", required=False)
        _check(e, f"budget[{i}]/value/@currency", b.currency, "Currency", required=False)
    for i, t in enumerate(a.transactions, 1):
        w = f"transaction[{i}]"
        _check(e, f"{w}/transaction-type/@code", t.type, "TransactionType")
        _check(e, f"{w}/value/@currency", t.currency, "Currency", required=False)
        _check_lang(e, f"{w}/description", t.description)
        for tag, org in (("provider-org", t.provider_org), ("receiver-org", t.receiver_org)):
            if org is not None:
                _check(e, f"{w}/{tag}/@type", org.type, "OrganisationType", required=False)
                _check_lang(e, f"{w}/{tag}", org.name)
    for i, doc in enumerate(a.document_links, 1):
        w = f"document-link[{i}]"
        _check(e, f"{w}/@format", doc.format, "FileFormat")
        if not doc.categories:
            e.append(f"{w}: at least one category is required (DocumentCategory)")
        for j, c in enumerate(doc.categories, 1):
            _check(e, f"{w}/category[{j}]/@code", c, "DocumentCategory")
        for j, lang in enumerate(doc.languages, 1):
            _check(e, f"{w}/language[{j}]/@code", lang, "Language")
        _check_lang(e, f"{w}/title", doc.title)
    for i, r in enumerate(a.results, 1):
        w = f"result[{i}]"
        _check(e, f"{w}/@type", r.type, "ResultType")
        _check_lang(e, f"{w}/title", r.title)
        for j, ind in enumerate(r.indicators, 1):
            _check(e, f"{w}/indicator[{j}]/@measure", ind.measure, "IndicatorMeasure")
            _check_lang(e, f"{w}/indicator[{j}]/title", ind.title)
    return e


def check_rules(activity: Activity) -> list[str]:
    """A few IATI rules that neither the XSD nor the code lists enforce.

    * the identifier starts with the reporting-org ref followed by "-";
    * each participating-org has a ref or a name;
    * recipient-country percentages, when given, sum to 100 (no region is written);
      sector percentages sum to 100 per vocabulary;
    * every value has a currency (own or the activity default);
    * periods do not end before they start; a budget period is at most one year;
    * there is a start date (activity-date type 1 or 2);
    * indicator values for measure 1/2 are numbers (ensured by the dataclasses).
    """
    e: list[str] = []
    a = activity
    if not a.identifier.startswith(a.reporting_org.ref + "-"):
        e.append(f"iati-identifier {a.identifier!r} should start with the reporting-org ref "
                 f"{a.reporting_org.ref!r} followed by '-'")
    for i, p in enumerate(a.participating_orgs, 1):
        if not p.ref and not p.name:
            e.append(f"participating-org[{i}]: needs a ref or a name")
    e += _geography_rules(a)
    by_vocab: dict[str, list] = {}
    for s in a.sectors:
        by_vocab.setdefault(s.vocabulary or "1", []).append(s.percentage)
    for vocab, ps in by_vocab.items():
        if len(ps) > 1 or any(p is not None for p in ps):
            if any(p is None for p in ps):
                e.append(f"sector (vocabulary {vocab}): give a percentage for every sector")
            elif sum(ps) != 100:
                e.append(f"sector (vocabulary {vocab}) percentages sum to {decimal_str(sum(ps))}, not 100")
    for what, items in (("budget", a.budgets), ("transaction", a.transactions)):
        for i, x in enumerate(items, 1):
            if not (x.currency or a.default_currency):
                e.append(f"{what}[{i}]/value: no currency and no default-currency")
    for i, b in enumerate(a.budgets, 1):
        if b.period_end < b.period_start:
            e.append(f"budget[{i}]: period-end is before period-start")
        elif (b.period_end - b.period_start).days > 366:
            e.append(f"budget[{i}]: budget period is longer than one year")
    if not any(d.type in ("1", "2") for d in a.activity_dates):
        e.append("activity-date: a planned (1) or actual (2) start date is required")
    for i, r in enumerate(a.results, 1):
        if not r.indicators:
            e.append(f"result[{i}]: at least one indicator is required")
        for j, ind in enumerate(r.indicators, 1):
            for k, p in enumerate(ind.periods, 1):
                if p.end < p.start:
                    e.append(f"result[{i}]/indicator[{j}]/period[{k}]: period-end is before period-start")
    return e


def _geography_rules(a: Activity) -> list[str]:
    """IATI rules 3.1.1, 3.1.2, 3.1.4, 3.4.1, 3.4.2, 3.4.4 and 12.1.1: the shares of recipient countries and
    regions (percentages, together 100 when there is more than one)."""
    e: list[str] = []
    items = [("recipient-country", c.code, c.percentage) for c in a.recipient_countries] + \
            [("recipient-region", r.code, r.percentage) for r in a.recipient_regions]
    for tag, code, pct in items:
        if pct is not None and not 0 <= pct <= 100:
            e.append(f"{tag} {code}: the percentage must be between 0 and 100")
    if len(items) > 1:
        missing = [f"{tag} {code}" for tag, code, pct in items if pct is None]
        if missing:
            e.append("recipient countries and regions: give each a percentage (missing for "
                     + ", ".join(missing) + ")")
        elif sum(pct for _t, _c, pct in items) != 100:
            e.append(f"recipient country and region percentages sum to "
                     f"{decimal_str(sum(p for _t, _c, p in items))}, not 100")
    elif items and items[0][2] is not None and items[0][2] != 100:
        e.append(f"{items[0][0]} {items[0][1]}: a single recipient's percentage must be omitted or 100")
    return e


# --------------------------------------------------------------------------- reader


def _narrs(el) -> list[Narrative]:
    if el is None:
        return []
    return [Narrative(n.text or "", n.get(XML_LANG)) for n in el.iterfind("narrative")]


def _opt_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip() in ("1", "true")


def _dims(el) -> list[Dimension]:
    return [Dimension(d.get("name"), d.get("value")) for d in el.iterfind("dimension")]


def _pv(el) -> PeriodValue:
    return PeriodValue(el.get("value"), _dims(el), _narrs(el.find("comment")))


def _torg(el, id_attr: str) -> TransactionOrg | None:
    if el is None:
        return None
    return TransactionOrg(_narrs(el), el.get("ref"), el.get("type"), el.get(id_attr))


def _date_attr(el, tag: str):
    sub = el.find(tag)
    return None if sub is None else sub.get("iso-date")


def _parse_datetime(value: str | None):
    if not value:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_activity(act) -> Activity:
    ro_el = act.find("reporting-org")
    hierarchy = act.get("hierarchy")
    return Activity(
        identifier=(act.findtext("iati-identifier") or "").strip(),
        reporting_org=ReportingOrg(
            ro_el.get("ref"), ro_el.get("type"), _narrs(ro_el), _opt_bool(ro_el.get("secondary-reporter"))
        ),
        title=_narrs(act.find("title")),
        descriptions=[Description(_narrs(d), d.get("type")) for d in act.iterfind("description")],
        participating_orgs=[
            ParticipatingOrg(p.get("role"), _narrs(p), p.get("ref"), p.get("type"), p.get("activity-id"))
            for p in act.iterfind("participating-org")
        ],
        activity_status=act.find("activity-status").get("code"),
        activity_dates=[ActivityDate(d.get("type"), d.get("iso-date")) for d in act.iterfind("activity-date")],
        recipient_countries=[
            RecipientCountry(c.get("code"), c.get("percentage"), _narrs(c))
            for c in act.iterfind("recipient-country")
        ],
        recipient_regions=[
            RecipientRegion(r.get("code"), r.get("vocabulary") or "1", r.get("percentage"), _narrs(r))
            for r in act.iterfind("recipient-region")
        ],
        sectors=[
            Sector(s.get("code"), s.get("vocabulary"), s.get("percentage"), s.get("vocabulary-uri"), _narrs(s))
            for s in act.iterfind("sector")
        ],
        default_currency=act.get("default-currency"),
        budgets=[
            Budget(
                _date_attr(b, "period-start"), _date_attr(b, "period-end"),
                (b.findtext("value") or "").strip() or None, b.find("value").get("value-date"),
                b.find("value").get("currency"), b.get("type"), b.get("status"),
            )
            for b in act.iterfind("budget")
        ],
        transactions=[
            Transaction(
                type=t.find("transaction-type").get("code"),
                date=t.find("transaction-date").get("iso-date"),
                value=(t.findtext("value") or "").strip() or None,
                value_date=t.find("value").get("value-date"),
                currency=t.find("value").get("currency"),
                description=_narrs(t.find("description")),
                provider_org=_torg(t.find("provider-org"), "provider-activity-id"),
                receiver_org=_torg(t.find("receiver-org"), "receiver-activity-id"),
                ref=t.get("ref"),
            )
            for t in act.iterfind("transaction")
        ],
        document_links=[
            DocumentLink(
                url=d.get("url"), format=d.get("format"), title=_narrs(d.find("title")),
                categories=[c.get("code") for c in d.iterfind("category")],
                languages=[c.get("code") for c in d.iterfind("language")],
                document_date=_date_attr(d, "document-date"),
                description=_narrs(d.find("description")),
            )
            for d in act.iterfind("document-link")
        ],
        results=[
            Result(
                type=r.get("type"),
                title=_narrs(r.find("title")),
                description=_narrs(r.find("description")),
                aggregation_status=_opt_bool(r.get("aggregation-status")),
                indicators=[
                    Indicator(
                        title=_narrs(i.find("title")),
                        measure=i.get("measure"),
                        ascending=_opt_bool(i.get("ascending")),
                        description=_narrs(i.find("description")),
                        aggregation_status=_opt_bool(i.get("aggregation-status")),
                        baselines=[
                            Baseline(b.get("year"), b.get("value"), b.get("iso-date"), _dims(b),
                                     _narrs(b.find("comment")))
                            for b in i.iterfind("baseline")
                        ],
                        periods=[
                            Period(
                                _date_attr(p, "period-start"), _date_attr(p, "period-end"),
                                [_pv(x) for x in p.iterfind("target")],
                                [_pv(x) for x in p.iterfind("actual")],
                            )
                            for p in i.iterfind("period")
                        ],
                    )
                    for i in r.iterfind("indicator")
                ],
            )
            for r in act.iterfind("result")
        ],
        default_lang=act.get(XML_LANG),
        last_updated=_parse_datetime(act.get("last-updated-datetime")),
        humanitarian=_opt_bool(act.get("humanitarian")),
        hierarchy=int(hierarchy) if hierarchy else None,
    )


def parse_activities_xml(xml_bytes: bytes) -> list[Activity]:
    """Read back the fields :func:`build_activities_xml` writes (other elements are ignored)."""
    root = etree.fromstring(xml_bytes, _safe_parser(remove_blank_text=True))
    if root.tag != "iati-activities":
        raise ValueError(f"expected <iati-activities>, got <{root.tag}>")
    return [parse_activity(act) for act in root.iterfind("iati-activity")]

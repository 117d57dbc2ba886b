"""An article or report in → a draft of records → a person confirms, edits or rejects each item.

ingest_article(actor, ...)  stores the article, runs the extractor (ingest.extract) with the registry as
                            gazetteer and the known people, and proposes one item per organisation, programme,
                            person, date, count, amount, area and one for the activity or agreement. Nothing
                            else is created: unknown organisations and programmes are proposed as new, never
                            created silently.
decide_item(actor, ...)     confirms (creating or linking records through the owning apps' services),
                            confirms with edits, or rejects one item.
Every write takes the acting user, runs in one transaction and is logged (core.services).
"""
import datetime as dt
import decimal
import re

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core import services as core
from skillsnet.core.text import normalize

from . import matching
from .extract import GazetteerEntry, KnownPerson, extract
from .models import Article, Draft, DraftItem
from skillsnet.core.retry import retry_conflicts

D = DraftItem.Decision
K = DraftItem.Kind


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


# ------------------------------------------------------------------ the registry as gazetteer
def gazetteer(user):
    from skillsnet.directory.models import Organisation

    orgs = Organisation.objects.for_user(user, "view").only("pk", "name", "name_zh_hans", "name_lo", "name_km", "name_id",
                                                            "acronyms", "aliases")
    return [GazetteerEntry(str(o.pk), o.all_names()) for o in orgs]


def known_people(user):
    Person = _model("people.Person")
    if Person is None:
        return []
    people = Person.objects.for_user(user, "view")
    return [KnownPerson(str(p.pk), p.all_names(), str(p.organisation_id) if p.organisation_id else None)
            for p in people]


def read_file(upload):
    """(kind, text) of an uploaded article: TXT, HTML (tags stripped), DOCX or PDF; ValidationError else."""
    from skillsnet.knowledge.uploads import ARTICLE_KINDS, check_upload, file_text

    try:
        kind = check_upload(upload, ARTICLE_KINDS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages})
    text = file_text(upload, kind)
    if not text.strip():
        raise ValidationError({"file": _("No text could be read from this file.")})
    return kind, text


def _first_line(text):
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line[:300]
    return _("Untitled article")


# ------------------------------------------------------------------ proposals
def _org_proposal(record, by_id):
    """Link when the extractor found the organisation by exact name, alias or acronym; otherwise propose a
    new one, showing a fuzzy registry match as "possible match (score)" for the reviewer to choose."""
    matched = record.get("matched_id")
    target = by_id.get(str(matched)) if matched else None
    proposal = dict(record)
    proposal.pop("evidence", None)
    proposal["evidence"] = (record.get("evidence") or "")[:500]
    if target is not None:
        proposal.update(action="link", target_id=target.pk, target_name=str(target))
        return proposal
    proposal.update(action="create", target_id=None, target_name="")
    possible = by_id.get(str(record.get("possible_match_id"))) if record.get("possible_match_id") else None
    if possible is not None:
        proposal["possible_match"] = {"id": possible.pk, "name": str(possible), "score": record.get("match_score")}
    return proposal


# a programme's name with its generic ending ("Panda Workshop Programme" is the programme "Panda Workshop"), and
# with what follows that ending ("ILO-China Partnership Project on Skills Development")
_PROGRAMME_ENDING = re.compile(r"(?:\s+(?:Programme|Program|Project)s?|\s*(?:项目|计划))$", re.I)
_PROGRAMME_COMPLEMENT = re.compile(r"\s+(?:Programme|Program|Project)s?\s+(?:for|of|on)\s+[^()]+$", re.I)


def _programme_names(names):
    """A programme's names and the same without their generic ending ("Programme", "Project", "项目")."""
    names = [" ".join(n.split()) for n in names if n and n.strip()]
    stripped = [_PROGRAMME_ENDING.sub("", n).strip() for n in names]
    return list(dict.fromkeys(names + [n for n in stripped if len(n) >= 2]))


def _record_names(record):
    return _programme_names([record.get("canonical_name"), record.get("name"), record.get("mention"),
                             *(record.get("aliases") or [])])


def visible_initiatives(actor):
    """The programmes (activities.Initiative) the actor may see."""
    Initiative = _model("activities.Initiative")
    return list(Initiative.objects.for_user(actor, "view")) if Initiative is not None else []


def initiative_gazetteer(initiatives):
    """Programmes as entries for the organisation matcher: their names in every language, with and without
    their generic ending."""
    from skillsnet.core.i18n import all_columns

    columns = all_columns("name")
    return [GazetteerEntry(str(i.pk), _programme_names([getattr(i, c) for c in columns])) for i in initiatives]


def match_programme(record, entries):
    """(id, method, score) of the recorded programme a record names, by the organisation matcher's own rules:
    the same name in any language (or the same without "Programme"/"Project") → linked; a fuzzy match, or the
    same name once what follows "Project on/for/of" is left out, is only a possibility (method "fuzzy")."""
    from .extract_orgs import OrgCluster, gazetteer_link

    names = _record_names(record)
    if not names or not entries:
        return None, "new", 0.0
    found = gazetteer_link(OrgCluster(names=names), entries)
    if found[0] is None:
        short = [n for n in (_PROGRAMME_COMPLEMENT.sub("", n).strip() for n in names) if n and n not in names]
        if short:
            mid, _method, score = gazetteer_link(OrgCluster(names=_programme_names(short)), entries)
            if mid is not None:
                return mid, "fuzzy", score
    return found


def _programme_proposal(record, entries, by_id):
    """Link to a recorded programme when its name (in any language) is the programme's, else propose a new one,
    showing a fuzzy match as "possible match (score)": linked only when the reviewer chooses it."""
    mid, method, score = match_programme(record, entries)
    data = {k: record.get(k) for k in ("mention", "canonical_name", "aliases", "mentions", "evidence")}
    data.update(name=record.get("canonical_name") or record.get("mention") or "", match_method=method,
                match_score=score, matched_id=None, possible_match_id=None)
    if method == "fuzzy":  # never linked without the reviewer
        data["possible_match_id"] = mid
    else:
        data["matched_id"] = mid
    return _org_proposal(data, by_id)


def _person_proposal(record, people_by_id):
    proposal = {k: v for k, v in record.items() if k != "evidence"}
    proposal["evidence"] = " ".join(record.get("evidence") or [])[:500]
    matched = record.get("matched_id")
    target = people_by_id.get(str(matched)) if matched else None
    if target is not None:
        proposal.update(action="link", target_id=target.pk, target_name=str(target))
    else:
        proposal.update(action="create", target_id=None, target_name="")
    return proposal


def _short(record):
    out = dict(record)
    if "evidence" in out:
        out["evidence"] = str(out["evidence"] or "")[:500]
    return out


def _activity_proposal(actor, data, text, article, org_items, agreement=None):
    """The activity, or one agreement, the article reports; `agreement` (from the extractor) gives that
    agreement's own kind, parties and date."""
    record, kind = matching.record_type(data, text)
    start, end = matching.event_date(data)
    if agreement is not None:
        record, kind = "agreement", AGREEMENT_KINDS.get(agreement.get("kind"), "cooperation")
        start, end = agreement.get("date") or start, None
    place = next((p for p in data.get("places") or [] if p.get("kind") == "city"), None)
    online = next((p for p in data.get("places") or [] if p.get("kind") == "online"), None)
    org_ids = [i.payload.get("target_id") for i in org_items if i.payload.get("target_id")]
    scoped = dict(data, dates=[{"start": start, "end": end, "role": "signing"}]) if agreement is not None else data
    candidates = matching.find_existing(actor, scoped, org_ids, text)
    names = [i.payload.get("target_name") or i.payload.get("canonical_name") for i in org_items
             if i.payload.get("kind") != "other"]
    title = article.title
    if record == "agreement":
        Agreement = _model("agreements.Agreement")
        label = str(Agreement.Kind(kind).label) if Agreement is not None and kind in Agreement.Kind.values else kind
        unnamed = (agreement or {}).get("unnamed_party") or ""
        if len(names) >= 2:
            title = f"{label} between {', '.join(names[:-1])} and {names[-1]}"
        elif names and unnamed:  # one named party: the other as the article writes it, for the reviewer to complete
            title = f"{label} between {names[0]} and {unnamed}"
    proposal = {
        "record": record, "kind": kind, "title": title[:300], "start": start, "end": end,
        "city": place["name"] if place else "", "country": (place or {}).get("country") or "",
        "mode": "online" if online else ("in_person" if place else ""),
        "platform": (online or {}).get("platform") or "",
        "organisation_items": [i.pk for i in org_items], "areas": [a.get("code") for a in data.get("areas") or []],
        "candidates": candidates,
    }
    if agreement is not None:
        proposal["evidence"] = (agreement.get("evidence") or "")[:500]
        if agreement.get("unnamed_party"):
            proposal["unnamed_party"] = str(agreement["unnamed_party"])[:200]
    if candidates:
        proposal.update(action="enrich", target=candidates[0])
    else:
        proposal.update(action="create", target=None)
    return proposal


AGREEMENT_KINDS = {"mou": "mou", "moa": "cooperation", "cooperation": "cooperation", "amendment": "amendment",
                   "charter": "charter", "partnership": "partnership"}


def _item_names(item):
    p = item.payload
    return {normalize(n) for n in [p.get("canonical_name"), p.get("mention"), p.get("acronym"), *(p.get("aliases") or [])] if n}


def _activity_payloads(actor, data, text, article, org_items):
    """One proposal per agreement the article reports (each with its own parties), and one for the
    activity itself when the article reports an event rather than a signing."""
    # (an agreement whose other party the article does not name has one named party: drafted all the same, the
    # reviewer adds the other party to the recorded agreement)
    agreements = [a for a in data.get("agreements") or []
                  if len(a.get("parties") or []) >= (1 if a.get("unnamed_party") else 2)]
    if not agreements:
        return [_activity_proposal(actor, data, text, article, org_items)]
    payloads = []
    if matching.record_type(data, text)[0] == "activity":
        payloads.append(_activity_proposal(actor, data, text, article, org_items))
    for agreement in agreements:
        parties = [normalize(p) for p in agreement["parties"]]
        items = sorted((i for i in org_items if _item_names(i) & set(parties)),
                       key=lambda i: min(parties.index(n) for n in _item_names(i) & set(parties)))
        payloads.append(_activity_proposal(actor, data, text, article, items, agreement))
    return payloads


def _build_items(actor, draft, data, text):
    from skillsnet.directory.models import Organisation

    order = 0
    items = []

    def add(kind, payload):
        nonlocal order
        order += 1
        items.append(DraftItem(draft=draft, kind=kind, order=order, payload=payload))

    records = data.get("organisations") or []
    wanted = {str(r.get(k)) for r in records for k in ("matched_id", "possible_match_id") if r.get(k)}
    by_id = {str(o.pk): o for o in Organisation.objects.for_user(actor, "view").filter(
        pk__in=[int(i) for i in wanted if i.isdigit()])}
    Person = _model("people.Person")
    matched_people = [str(r.get("matched_id")) for r in data.get("people") or [] if r.get("matched_id")]
    people_by_id = {}
    if Person is not None and matched_people:
        people_by_id = {str(p.pk): p for p in Person.objects.for_user(actor, "view").filter(
            pk__in=[int(i) for i in matched_people if i.isdigit()])}
    for r in records:
        add(K.ORGANISATION, _org_proposal(r, by_id))
    programmes = data.get("programmes") or []
    if programmes:
        initiatives = visible_initiatives(actor)
        entries, initiative_by_id = initiative_gazetteer(initiatives), {str(i.pk): i for i in initiatives}
        for r in programmes:
            add(K.PROGRAMME, _programme_proposal(r, entries, initiative_by_id))
    for r in data.get("people") or []:
        add(K.PERSON, _person_proposal(r, people_by_id))
    for r in data.get("dates") or []:
        if r.get("role") != "publication":
            add(K.DATE, _short(r))
    for r in data.get("counts") or []:
        add(K.COUNT, _short(r))
    for r in data.get("amounts") or []:
        add(K.AMOUNT, _short(r))
    for r in data.get("areas") or []:
        add(K.AREA, _short(r))
    DraftItem.objects.bulk_create(items)
    # read back: the activity proposals refer to the organisation items by primary key
    saved_orgs = list(draft.items.filter(kind=K.ORGANISATION).order_by("order"))
    for payload in _activity_payloads(actor, data, text, draft.article, saved_orgs):
        order += 1
        DraftItem(draft=draft, kind=K.ACTIVITY, order=order, payload=payload).save()
    return list(draft.items.all())


def ingest_article(actor, *, text="", file=None, title="", source_url="", published=None, reason=""):
    """Store an article (pasted text or an uploaded TXT/HTML/DOCX/PDF) and propose its records for review."""
    if not can(actor, "add", Article):
        raise PermissionDenied(_("You may not ingest articles."))
    kind = ""
    if file:
        kind, text = read_file(file)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Paste the text of the article or upload a file.")})
    if isinstance(published, str) and published:
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            raise ValidationError({"published": _("Enter the publication date as YYYY-MM-DD.")})
    draft_data = extract(text, gazetteer=gazetteer(actor), published=published or None,
                         known_people=known_people(actor)).to_dict()
    if not published and draft_data.get("published"):
        published = dt.date.fromisoformat(draft_data["published"])
    data = {"title": (title or _first_line(text))[:300], "text": text, "source_url": source_url or "",
            "published": published or None, "created_by": actor if getattr(actor, "is_authenticated", False) else None}
    if file:
        data["file"] = file
    return _store_article(actor, data, kind, draft_data, text, reason)


@retry_conflicts  # each attempt removes the file it stored when it fails (else a retry leaves one behind)
def _store_article(actor, data, kind, draft_data, text, reason):
    """The article, its draft and the draft's items: one transaction, after the extraction (which holds no lock)."""
    holder = {}

    def before_save(article):
        article.file_type = kind
        holder["article"] = article

    try:
        article = core.create_object(actor, Article, data, reason=reason or _("article ingested"),
                                     before_save=before_save)
        draft = Draft.objects.create(article=article, data=draft_data)
        _build_items(actor, draft, draft_data, text)
    except Exception:
        stored = holder.get("article")
        if stored is not None and stored.file and default_storage.exists(stored.file.name):
            default_storage.delete(stored.file.name)
        raise
    return article


# ------------------------------------------------------------------ decisions
def _org_for_name(actor, draft, name):
    """The registry organisation an organisation name in the draft stands for (confirmed or matched)."""
    from skillsnet.directory.models import Organisation

    if not name:
        return None
    key = normalize(name)
    visible = Organisation.objects.for_user(actor, "view")
    for item in draft.items.filter(kind=K.ORGANISATION).exclude(decision=D.REJECTED):
        p = item.payload
        names = [p.get("canonical_name"), p.get("mention"), p.get("target_name"), p.get("acronym"),
                 *(p.get("aliases") or [])]
        if key in {normalize(n) for n in names if n}:
            pk = item.linked_id or (p.get("target_id") if p.get("action") == "link" else None)
            return visible.filter(pk=pk).first() if pk else None
    # only an organisation with exactly this name or alias, never one whose name merely contains it
    return next((o for o in visible.filter(search_text__contains=key) if key in {normalize(n) for n in o.all_names()}), None)


def _source_ref(article):
    return f"{article.title} ({article.source_url})" if article.source_url else article.title


def _apply_organisation(actor, item, p):
    from skillsnet.directory.models import Country, Organisation
    from skillsnet.directory.services import create_organisation

    if p.get("action") == "link" and p.get("target_id"):
        org = core.get_for(actor, Organisation, p["target_id"], "view")
        return org, _("linked to %(org)s") % {"org": org}
    name = (p.get("name") or p.get("canonical_name") or p.get("mention") or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the organisation's name.")})
    key = normalize(name)
    existing = next((o for o in Organisation.objects.for_user(actor, "view").filter(search_text__contains=key)
                     if key in {normalize(n) for n in o.all_names()}), None)
    if existing is not None:
        return existing, _("already in the registry: linked to %(org)s") % {"org": existing}
    acronym = p.get("acronym") or ""
    aliases = [a for a in (p.get("aliases") or []) if a and a != acronym and a != name and len(a) <= 300]
    kind = p.get("kind") if p.get("kind") in Organisation.Kind.values else Organisation.Kind.OTHER
    country = Country.objects.filter(pk=(p.get("country") or "").upper()).first()
    org = create_organisation(actor, {"name": name[:300], "kind": kind, "country": country,
                                      "acronyms": [acronym] if acronym else [], "aliases": aliases},
                              reason=_("from the article %(article)s") % {"article": _source_ref(item.draft.article)})
    return org, _("created %(org)s") % {"org": org}


ACCEPTED = (D.CONFIRMED, D.EDITED)


def _initiative_named(actor, name):
    """A recorded programme with this name in any language (or with it without "Programme"/"Project")."""
    initiatives = visible_initiatives(actor)
    mid, method, _score = match_programme({"canonical_name": name}, initiative_gazetteer(initiatives))
    if mid is None or method == "fuzzy":
        return None
    return next((i for i in initiatives if str(i.pk) == str(mid)), None)


def _link_activity_to_programme(actor, activity, initiative):
    """Put an activity recorded from the draft in the programme (activities.Activity.initiative), through the
    activities service; an activity already in another programme is left as it is. A note, or ""."""
    from skillsnet.activities.services import update_activity

    if activity.initiative_id == initiative.pk:
        return ""
    if activity.initiative_id:
        return _("%(activity)s is already part of %(other)s: not changed") % {
            "activity": activity, "other": activity.initiative}
    update_activity(actor, activity.pk, {"initiative": initiative}, expected_version=activity.version,
                    reason=_("programme named in an ingested article"))
    return _("%(activity)s put in the programme %(programme)s") % {"activity": activity, "programme": initiative}


def _accepted_records(draft, kind, label):
    """Primary keys of the records of type `label` that the draft's accepted items of `kind` created or linked."""
    items = draft.items.filter(kind=kind, decision__in=ACCEPTED, linked_model=label).order_by("order")
    return [i.linked_id for i in items if i.linked_id]


def _link_draft_activities(actor, item, initiative):
    """The programme item is accepted: the draft's accepted activities go into the programme."""
    from skillsnet.activities.models import Activity

    notes = []
    for pk in _accepted_records(item.draft, K.ACTIVITY, "activities.Activity"):
        activity = core.get_for(actor, Activity, pk, "view")
        notes.append(_link_activity_to_programme(actor, activity, initiative))
    return [n for n in notes if n]


def _apply_programme(actor, item, p):
    """Link the programme to a recorded one (activities.Initiative) or create it through the activities
    service, then put the draft's accepted activity in it."""
    from skillsnet.activities.models import Initiative
    from skillsnet.activities.services import create_initiative
    from skillsnet.ingest import extract_zh

    if p.get("action") == "link" and p.get("target_id"):
        initiative = core.get_for(actor, Initiative, p["target_id"], "view")
        note = _("linked to %(programme)s") % {"programme": initiative}
    else:
        name = " ".join((p.get("name") or p.get("canonical_name") or p.get("mention") or "").split())
        if not name:
            raise ValidationError({"name": _("Give the programme's name.")})
        initiative = _initiative_named(actor, name)
        if initiative is not None:
            note = _("already recorded: linked to %(programme)s") % {"programme": initiative}
        else:
            if not can(actor, "add", Initiative):
                raise PermissionDenied(_("You may not record new programmes: link this one to a recorded "
                                         "programme, or ask the secretariat to record it."))
            data = {"name": name[:300], "source": _source_ref(item.draft.article)}
            if extract_zh.has_chinese(name, minimum=2):  # a name in Chinese is the Chinese name too
                data["name_zh_hans"] = name[:300]
            initiative = create_initiative(actor, data, reason=_("from the article %(article)s") % {
                "article": _source_ref(item.draft.article)})
            note = _("created %(programme)s") % {"programme": initiative}
    notes = _link_draft_activities(actor, item, initiative)
    return initiative, " · ".join([note, *notes])


def _apply_person(actor, item, p):
    Person = _model("people.Person")
    Affiliation = _model("people.Affiliation")
    if Person is None:
        return None, _("the people app is not installed: nothing recorded")
    from skillsnet.people.services import create_person

    article = item.draft.article
    org = _org_for_name(actor, item.draft, p.get("organisation"))
    if p.get("action") == "link" and p.get("target_id"):
        person = core.get_for(actor, Person, p["target_id"], "view")
        note = _("linked to %(person)s") % {"person": person}
    else:
        name = (p.get("name") or "").strip()
        if not name:
            raise ValidationError({"name": _("Give the person's name.")})
        person = create_person(actor, {"name": name[:200], "organisation": org,
                                       "aliases": [a for a in p.get("aliases") or [] if a and len(a) <= 200]},
                               reason=_("from the article %(article)s") % {"article": _source_ref(article)})
        note = _("created %(person)s") % {"person": person}
    title = (p.get("title") or "").strip()
    if title and Affiliation is not None:
        as_of = article.published.isoformat() if article.published else ""
        exists = Affiliation.objects.filter(person=person, organisation=org, title=title).exists()
        if not exists:
            core.create_object(actor, Affiliation, {"person": person, "organisation": org, "title": title[:300],
                                                    "as_of": as_of, "source": _source_ref(article)[:300]},
                               reason=_("title stated in the article"))
            note += " · " + _("title %(title)s recorded") % {"title": title}
    return person, note


COUNTS_RULES = [
    (r"corporate|company|staff|personnel|employees", "company_staff_trained"),
    (r"teachers? and students|trainees|trained|people|persons|participants", "persons_trained"),
    (r"teachers|trainers|instructors", "teachers_trained"),
    (r"schools and companies|members", "members"),
    (r"institut|colleges|schools|tvet", "member_institutions"),
    (r"countries|regions", "member_countries"),
    (r"workshops|sites|centres|centers", "sites"),
    (r"agreements|mous", "agreements"),
]


def _counts_code(counted, model):
    text = (counted or "").lower()
    for pattern, code in COUNTS_RULES:
        if re.search(pattern, text) and code in model.Counts.values:
            return code
    return model.Counts.OTHER


def _figure_subject(actor, item, p):
    from skillsnet.directory.models import Organisation

    if p.get("subject_id"):
        return core.get_for(actor, Organisation, p["subject_id"], "view")
    orgs = []
    for other in item.draft.items.filter(kind=K.ORGANISATION).exclude(decision=D.REJECTED):
        pk = other.linked_id or other.payload.get("target_id")
        if pk:
            orgs.append((other.payload.get("kind") == "alliance_network",
                         Organisation.objects.for_user(actor, "view").filter(pk=pk).first()))
    orgs = [o for o in orgs if o[1] is not None]
    networks = [o for is_net, o in orgs if is_net or o.kind == Organisation.Kind.NETWORK]
    if networks:
        return networks[0]
    return orgs[0][1] if orgs else None


def _source_for(actor, article):
    Source = _model("results.Source")
    existing = None
    if article.source_url:
        existing = Source.objects.for_user(actor, "view").filter(url=article.source_url).first()
    existing = existing or Source.objects.for_user(actor, "view").filter(title=article.title[:500]).first()
    if existing is not None:
        return existing
    return core.create_object(actor, Source, {
        "title": article.title[:500], "url": article.source_url,
        "published": article.published.isoformat() if article.published else "", "text": article.text},
        reason=_("source of figures from an ingested article"))


def _apply_figure(actor, item, p):
    Figure = _model("results.ReportedFigure")
    if Figure is None or _model("results.Source") is None:
        return None, _("the results app is not installed: the figure stays in the draft only")
    subject = _figure_subject(actor, item, p)
    if subject is None:
        raise ValidationError({"subject_id": _("Choose the network or organisation the figure is about "
                                              "(confirm its organisation first).")})
    try:
        value = decimal.Decimal(str(p.get("value")))
    except (decimal.InvalidOperation, TypeError, ValueError):
        raise ValidationError({"value": _("The value must be a number.")})
    qualifier = p.get("qualifier") if p.get("qualifier") in Figure.Qualifier.values else Figure.Qualifier.ABOUT
    is_amount = item.kind == K.AMOUNT
    data = {
        "organisation": subject, "value": value, "qualifier": qualifier,
        "counts": Figure.Counts.CONTRIBUTION if is_amount and "contribution" in Figure.Counts.values
        else _counts_code(p.get("counted") or p.get("what"), Figure),
        "statement": (p.get("text") or "")[:500], "currency": (p.get("currency") or "")[:3] if is_amount else "",
        "source": _source_for(actor, item.draft.article),
    }
    figure = core.create_object(actor, Figure, data, reason=_("figure reported in an ingested article"))
    return figure, _("reported figure recorded for %(subject)s") % {"subject": subject}


def _confirmed_org_ids(draft, item_ids):
    ids = []
    for other in draft.items.filter(kind=K.ORGANISATION, pk__in=item_ids or []).exclude(decision=D.REJECTED):
        pk = other.linked_id or (other.payload.get("target_id") if other.payload.get("action") == "link" else None)
        if pk and int(pk) not in ids:
            ids.append(int(pk))
    return ids


def _area_objects(codes):
    Area = _model("agreements.AreaOfCooperation")
    if Area is None:
        return []
    return list(Area.objects.filter(code__in=[(c or "").replace("_", "-") for c in codes or []]))


def _apply_activity(actor, item, p):
    record, note = _record_activity(actor, item, p)
    if record is not None and record._meta.label == "activities.Activity":
        note = " · ".join([note, *_programme_of_activity(actor, item, record)])
    return record, note


def _programme_of_activity(actor, item, activity):
    """The activity is accepted after a programme of the draft was: it goes into that programme (the first
    one the article names: an activity is in one programme)."""
    from skillsnet.activities.models import Activity, Initiative

    pks = _accepted_records(item.draft, K.PROGRAMME, "activities.Initiative")
    initiative = Initiative.objects.for_user(actor, "view").filter(pk__in=pks[:1]).first() if pks else None
    if initiative is None:
        return []
    activity = Activity.objects.get(pk=activity.pk)  # as the services just wrote it (version)
    note = _link_activity_to_programme(actor, activity, initiative)
    return [note] if note else []


def _record_activity(actor, item, p):
    from skillsnet.directory.models import Country, Organisation

    article = item.draft.article
    org_ids = _confirmed_org_ids(item.draft, p.get("organisation_items"))
    orgs = list(Organisation.objects.for_user(actor, "view").filter(pk__in=org_ids))
    orgs.sort(key=lambda o: org_ids.index(o.pk))
    target = p.get("target") or {}
    if p.get("action") == "enrich" and target.get("id"):
        if target.get("model") == "agreements.Agreement":
            return _enrich_agreement(actor, target["id"], orgs, p)
        return _enrich_activity(actor, target["id"], orgs, p, article)
    country = Country.objects.filter(pk=(p.get("country") or "").upper()).first()
    if p.get("record") == "agreement":
        return _create_agreement(actor, orgs, p, country, article)
    return _create_activity(actor, orgs, p, country, article)


def _enrich_agreement(actor, pk, orgs, p):
    from skillsnet.agreements.models import Agreement, Party
    from skillsnet.agreements.services import create_party

    agreement = core.get_for(actor, Agreement, pk, "change")
    have = set(agreement.parties.values_list("organisation_id", flat=True))
    added = []
    for org in orgs:
        if org.pk not in have:
            create_party(actor, {"agreement": agreement, "organisation": org, "role": Party.Role.PARTY},
                         reason=_("party named in an ingested article"))
            added.append(str(org))
    changes = {}
    if not agreement.signed_on and p.get("start"):
        changes["signed_on"] = p["start"]
    if not agreement.signed_city and p.get("city"):
        changes["signed_city"] = p["city"]
    areas = _area_objects(p.get("areas"))
    current = set(agreement.areas.values_list("pk", flat=True))
    if areas and not {a.pk for a in areas} <= current:
        changes["areas"] = sorted(current | {a.pk for a in areas})
    if changes:
        agreement = core.update_object(actor, Agreement, agreement.pk, changes, expected_version=agreement.version,
                                       reason=_("enriched from an ingested article"))
    note = _("enriched %(record)s") % {"record": agreement}
    if added:
        note += " · " + _("parties added: %(names)s") % {"names": ", ".join(added)}
    return agreement, note


def _enrich_activity(actor, pk, orgs, p, article):
    from skillsnet.activities.models import Activity, ActivityOrganisation
    from skillsnet.activities.services import add_organisation_to_activity

    activity = core.get_for(actor, Activity, pk, "change")
    have = set(activity.organisation_roles.values_list("organisation_id", flat=True)) | {activity.host_id}
    added = []
    for org in orgs:
        if org.pk not in have:
            add_organisation_to_activity(actor, activity.pk, org, ActivityOrganisation.Role.PARTNER,
                                         reason=_("organisation named in an ingested article"))
            added.append(str(org))
    changes = {}
    ref = _source_ref(article)
    if ref not in (activity.source or ""):
        changes["source"] = ((activity.source + "\n") if activity.source else "") + ref
    if not activity.city and p.get("city"):
        changes["city"] = p["city"]
    if changes:
        activity = core.update_object(actor, Activity, activity.pk, changes, expected_version=activity.version,
                                      reason=_("enriched from an ingested article"))
    note = _("enriched %(record)s") % {"record": activity}
    if added:
        note += " · " + _("organisations added: %(names)s") % {"names": ", ".join(added)}
    return activity, note


def _create_agreement(actor, orgs, p, country, article):
    from skillsnet.agreements.models import Agreement, Party
    from skillsnet.agreements.services import create_agreement, create_party

    kind = p.get("kind") if p.get("kind") in Agreement.Kind.values else Agreement.Kind.COOPERATION
    data = {"title": (p.get("title") or article.title)[:300], "kind": kind, "signed_on": p.get("start") or "",
            "signed_city": (p.get("city") or "")[:120], "signed_country": country,
            "summary": _("Source: %(source)s") % {"source": _source_ref(article)},
            "areas": _area_objects(p.get("areas"))}
    agreement = create_agreement(actor, data, reason=_("from an ingested article"))
    have = set(agreement.parties.values_list("organisation_id", flat=True))
    for org in orgs:
        if org.pk not in have:
            create_party(actor, {"agreement": agreement, "organisation": org, "role": Party.Role.PARTY},
                         reason=_("party named in an ingested article"))
    return agreement, _("created %(record)s") % {"record": agreement}


def _create_activity(actor, orgs, p, country, article):
    from skillsnet.activities.models import Activity, ActivityOrganisation
    from skillsnet.activities.services import add_organisation_to_activity, create_activity

    kind = p.get("kind") if p.get("kind") in Activity.Kind.values else Activity.Kind.EXCHANGE_VISIT
    start, end = p.get("start") or "", p.get("end") or ""
    data = {"title": (p.get("title") or article.title)[:300], "kind": kind, "city": (p.get("city") or "")[:120],
            "country": country, "source": _source_ref(article)}
    if len(start) == 10:
        data["start"] = dt.date.fromisoformat(start)
        if len(end) == 10:
            data["end"] = dt.date.fromisoformat(end)
    elif start:
        data["period"] = start
    mode = p.get("mode") or ""
    if mode in Activity.Mode.values and (mode != "online" or p.get("platform")):
        data["mode"] = mode
        data["platform"] = (p.get("platform") or "")[:100]
    if orgs:
        data["host"] = orgs[0]
    activity = create_activity(actor, data, reason=_("from an ingested article"))
    for org in orgs[1:]:
        add_organisation_to_activity(actor, activity.pk, org, ActivityOrganisation.Role.PARTNER,
                                     reason=_("organisation named in an ingested article"))
    return activity, _("created %(record)s") % {"record": activity}


def _apply_nothing(actor, item, p):
    return None, _("kept with the draft (used by the activity or agreement)")


APPLY = {
    K.ORGANISATION: _apply_organisation, K.PROGRAMME: _apply_programme, K.PERSON: _apply_person,
    K.COUNT: _apply_figure, K.AMOUNT: _apply_figure, K.DATE: _apply_nothing, K.AREA: _apply_nothing,
    K.ACTIVITY: _apply_activity,
}
EDITABLE = {
    K.ORGANISATION: ("name", "kind", "country", "acronym", "action", "target_id", "target_name"),
    K.PROGRAMME: ("name", "action", "target_id", "target_name"),
    K.PERSON: ("name", "title", "organisation", "action", "target_id"),
    K.DATE: ("start", "end", "role"),
    K.COUNT: ("value", "qualifier", "counted", "subject_id"),
    K.AMOUNT: ("value", "currency", "qualifier", "what", "subject_id"),
    K.AREA: ("code",),
    K.ACTIVITY: ("record", "kind", "title", "start", "end", "city", "country", "action", "target"),
}


@retry_conflicts
def decide_item(actor, item_id, decision, *, changes=None, expected_version=None, reason=""):
    """Confirm (creating or linking the record), confirm with edits, or reject one draft item."""
    if decision not in (D.CONFIRMED, D.EDITED, D.REJECTED):
        raise ValidationError({"decision": _("Choose confirm, edit or reject.")})
    with transaction.atomic():
        item = core.get_for(actor, DraftItem, item_id, "change")
        if expected_version is None:
            expected_version = item.version
        if item.decision != D.PENDING:
            raise ValidationError(_("This item was already decided (%(decision)s).")
                                  % {"decision": item.get_decision_display()})
        payload = dict(item.payload)
        if changes:
            allowed = EDITABLE.get(item.kind, ())
            cleaned = {k: v for k, v in changes.items() if k in allowed}
            if cleaned and any(payload.get(k) != v for k, v in cleaned.items()):
                payload.update(cleaned)
                if decision == D.CONFIRMED:
                    decision = D.EDITED
        update = {"decision": decision, "payload": payload}
        if decision != D.REJECTED:
            record, note = APPLY[item.kind](actor, item, payload)
            update["note"] = str(note)[:2000]
            if record is not None:
                update["linked_model"] = record._meta.label
                update["linked_id"] = str(record.pk)
        else:
            update["note"] = (reason or "")[:2000]
        item = core.update_object(actor, DraftItem, item.pk, update, expected_version=expected_version,
                                  reason=reason, action="transition")
        article = item.draft.article
        if not item.draft.items.filter(decision=D.PENDING).exists() and article.status != Article.Status.DONE:
            core.update_object(actor, Article, article.pk, {"status": Article.Status.DONE},
                               expected_version=article.version, reason=_("every item decided"), action="transition")
    return item


def linked_record(item):
    """The record an item created or was linked to (None when there is none or it was deleted)."""
    if not item.linked_model or not item.linked_id:
        return None
    model = _model(item.linked_model)
    return model._default_manager.filter(pk=item.linked_id).first() if model is not None else None

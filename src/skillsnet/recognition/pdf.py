"""The decision on a recognition case as a PDF (reportlab), with its reasons and conditions."""
import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _


def decision_pdf(case):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=_("Recognition decision"), creator="skillsnet")

    def para(text, style="BodyText"):
        return Paragraph(escape(str(text)), styles[style])

    target = case.target_qualification
    rows = [
        (_("Case"), f"#{case.pk}"),
        (_("Applicant"), str(case.person)),
        (_("Qualification held"), f"{case.qualification} ({case.qualification.country_id})"),
        (_("Target country"), str(case.target_country)),
        (_("Purpose"), str(case.get_purpose_display())),
        (_("Outcome"), str(case.get_outcome_display())),
        (_("Recognised as"), str(target) if target else "—"),
        (_("Decided on"), timezone.localtime(case.decided_at).strftime("%Y-%m-%d") if case.decided_at else "—"),
        (_("Decided by"), case.decided_by.get_username() if case.decided_by_id else "—"),
    ]
    story = [para(_("Recognition decision"), "Title"),
             Table([[para(k), para(v)] for k, v in rows], colWidths=[45 * mm, 125 * mm]),
             Spacer(1, 6 * mm), para(_("Reasons"), "Heading2")]
    reasons = [line for line in case.reasons.splitlines() if line.strip()]
    story.append(ListFlowable([para(r) for r in reasons], bulletType="bullet"))
    conditions = [line for line in case.conditions.splitlines() if line.strip()]
    if conditions:
        story += [para(_("Conditions and top-ups"), "Heading2"),
                  ListFlowable([para(c) for c in conditions], bulletType="bullet")]
    refs = (case.proposal or {}).get("level_refs_used") or []
    if refs:
        story.append(para(_("Level-table entries used"), "Heading2"))
        for ref in refs:
            story.append(para(_("%(framework)s %(level)s → AQRF %(aqrf)s (%(status)s; %(source)s)") % {
                "framework": ref.get("framework_name") or ref.get("framework_code"), "level": ref.get("level_title"),
                "aqrf": ref.get("aqrf_level") if ref.get("aqrf_level") is not None else "—",
                "status": ref.get("provenance_status"), "source": ref.get("source") or "—"}))
    story += [Spacer(1, 6 * mm), para(_(
        "The AQRF is a voluntary reference framework: it informs, it does not replace, the decisions of "
        "national authorities."), "Italic")]
    doc.build(story)
    return buffer.getvalue()

"""The printable certificate (PDF, reportlab) and the QR code that points to the public verify page."""
import io

import qrcode
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

QR_BOX_SIZE = 8
QR_BORDER = 4
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
CJK_FONT = "STSong-Light"  # a reportlab built-in CID font: nothing to ship


def qr_image(url):
    qr = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, box_size=QR_BOX_SIZE, border=QR_BORDER)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image()


def qr_png(url):
    buffer = io.BytesIO()
    qr_image(url).save(buffer, format="PNG")
    return buffer.getvalue()


def _latin(text):
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def _font(text, bold=False):
    if _latin(text):
        return "Helvetica-Bold" if bold else "Helvetica"
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _fit(pdf, text, font, size, width):
    while size > 7 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _centred(pdf, text, y, size, width, bold=False):
    text = str(text)
    font = _font(text, bold)
    size = _fit(pdf, text, font, size, width)
    pdf.setFont(font, size)
    pdf.drawCentredString(A4[1] / 2, y, text)


def certificate_pdf(credential, verify_url):
    """PDF bytes: holder, achievement, issuer, date, QR code and the verify URL in plain text.

    Lao and Khmer have no font in reportlab; certificates are then printed in English.
    """
    language = translation.get_language() or "en"
    with translation.override("en" if language in ("lo", "km") else language):
        return _draw(credential, verify_url)


def _draw(credential, verify_url):
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{credential.achievement_name} — {credential.subject_name}")
    pdf.setAuthor(credential.issuer.name)
    pdf.setSubject(_("Open Badges 3.0 credential"))
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    usable = width - 60 * mm
    _centred(pdf, credential.issuer.name, height - 35 * mm, 16, usable)
    _centred(pdf, _("Certificate"), height - 55 * mm, 30, usable, bold=True)
    _centred(pdf, _("This certifies that"), height - 70 * mm, 13, usable)
    _centred(pdf, credential.subject_name, height - 85 * mm, 26, usable, bold=True)
    line = {"completed_training": _("has completed"), "qualification": _("holds the qualification"),
            "recognition_decision": _("was granted")}.get(credential.kind, "")
    _centred(pdf, line, height - 97 * mm, 13, usable)
    _centred(pdf, credential.achievement_name, height - 110 * mm, 20, usable, bold=True)
    date_text = _("Issued on %(date)s") % {"date": credential.valid_from.strftime("%Y-%m-%d")}
    if credential.valid_until:
        date_text += " · " + _("valid until %(date)s") % {"date": credential.valid_until.strftime("%Y-%m-%d")}
    _centred(pdf, date_text, height - 122 * mm, 12, usable)
    if credential.revoked_at:
        pdf.setFillColorRGB(0.7, 0, 0)
        _centred(pdf, _("REVOKED on %(date)s") % {"date": credential.revoked_at.strftime("%Y-%m-%d")},
                 height - 132 * mm, 16, usable, bold=True)
        pdf.setFillColorRGB(0, 0, 0)
    elif credential.suspended_at:
        pdf.setFillColorRGB(0.7, 0.35, 0)
        _centred(pdf, _("SUSPENDED since %(date)s") % {"date": credential.suspended_at.strftime("%Y-%m-%d")},
                 height - 132 * mm, 16, usable, bold=True)
        pdf.setFillColorRGB(0, 0, 0)

    qr_size = 38 * mm
    pdf.drawImage(ImageReader(qr_image(verify_url)), 22 * mm, 20 * mm, qr_size, qr_size)
    text_x = 22 * mm + qr_size + 6 * mm
    pdf.setFont("Helvetica", 10)
    label = _("Check this certificate: scan the code or open")
    pdf.setFont(_font(label), 10)
    pdf.drawString(text_x, 46 * mm, label)
    size = _fit(pdf, verify_url, "Helvetica", 10, width - text_x - 20 * mm)
    pdf.setFont("Helvetica", size)
    pdf.drawString(text_x, 40 * mm, verify_url)
    ident = _("Credential %(id)s, signed by %(issuer)s (Open Badges 3.0, eddsa-rdfc-2022).") % {
        "id": credential.pk, "issuer": credential.issuer.name}
    pdf.setFont(_font(ident), _fit(pdf, ident, _font(ident), 8, width - text_x - 20 * mm))
    pdf.drawString(text_x, 33 * mm, ident)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

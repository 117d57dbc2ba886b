"""In a real browser: a focal point issues a credential for a completed training, follows the QR code's
URL to the public verify page (valid), revokes the credential, and the verify page then says revoked."""
import io
import re
import urllib.request

import pytest
from pypdf import PdfReader

from ..conftest import login
from .conftest import make_person, participate
from .qr import assert_qr_encodes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # public resources: no session needed
        return response.read()


def test_issue_verify_via_qr_revoke_verify_again(page, live_server, orgs, users, system_user, activity):
    person = make_person(system_user, "Vilayphone Sisouk", orgs["own"])
    participate(system_user, person, activity, registered=True, attended=True, completed=True, hours=40)

    login(page, live_server, "focal_lgtc")
    page.goto(f"{live_server.url}/activities/activities/{activity.pk}/")
    page.get_by_role("button", name=re.compile("Issue credential.*Vilayphone Sisouk")).click()
    page.wait_for_url("**/credentials/issued-credentials/**")
    assert page.inner_text(".verdict h2") == "Valid"

    verify_url = page.inner_text("#verify-url").strip()
    assert verify_url.startswith(f"{live_server.url}/credentials/verify/")
    qr_src = page.get_attribute(".qr img", "src")
    assert_qr_encodes(fetch(f"{live_server.url}{qr_src}"), verify_url)
    pdf_href = page.get_by_role("link", name="Certificate (PDF)").get_attribute("href")
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fetch(f"{live_server.url}{pdf_href}"))).pages)
    assert verify_url in pdf_text and "Vilayphone Sisouk" in pdf_text

    public = page.context.browser.new_context()  # the person scanning the QR code is not signed in
    scanner = public.new_page()
    scanner.goto(verify_url)
    assert scanner.inner_text(".verdict h2") == "Valid"
    assert "Vilayphone Sisouk" in scanner.inner_text("dl.shown")
    assert "Training of trainers in industrial robotics" in scanner.inner_text("dl.shown")

    page.get_by_role("link", name="Revoke").click()
    page.fill("textarea[name=reason]", "Issued before the final assessment")
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_url("**/credentials/issued-credentials/**")
    assert page.inner_text(".verdict h2") == "Revoked"

    scanner.goto(verify_url)
    assert scanner.inner_text(".verdict h2") == "Revoked"
    assert "Revoked by the issuer" in scanner.inner_text(".verdict")
    public.close()

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(verify_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

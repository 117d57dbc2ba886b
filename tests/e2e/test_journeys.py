"""User journeys in the browser, in English and Lao, at 1280 and 360 px, on the demo: a visitor reads the
public page; the secretariat sees what needs attention, finds what an institute did with Chinese partners,
reads a partner suggestion and its explanation (a confirmation page, nothing created), opens the calendar;
adds a workshop with two new participants, completes them and sees the results dashboard's count of people
trained grow by two. On every page: no console error, no horizontal overflow at 360 px, page weight
≤ 300 KB (first load, compressed), no serious or critical axe-core violation. Screenshots are kept under
$SKILLSNET_ARTIFACTS (default: test-artifacts/journeys)."""
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from skillsnet.core.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(os.environ.get("SKILLSNET_ARTIFACTS") or Path(settings.BASE_DIR).parents[1] / "test-artifacts") / "journeys"
BUDGET = 300 * 1024


class Journey:
    def __init__(self, browser, live_server, lang, width, javascript=True):
        self.url, self.lang, self.width = live_server.url, lang, width
        self.browser, self.javascript = browser, javascript
        self.context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1,
                                           bypass_csp=False, extra_http_headers={"Accept-Language": lang},
                                           java_script_enabled=javascript)
        self.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": self.url}])
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        SHOTS.mkdir(parents=True, exist_ok=True)

    def goto(self, path):
        self.page.goto(self.url + path)
        self.page.wait_for_load_state("networkidle")
        return self.check(path)

    def check(self, name, form_error=False):
        page = self.page
        assert page.locator("html").get_attribute("lang") == self.lang
        page.screenshot(path=str(SHOTS / f"{self.lang}-{self.width}-{_slug(name)}.png"), full_page=True)
        if not self.javascript:
            page = self._checker()  # a page that runs no script cannot run the checks: they run on its HTML
        if self.width <= 360:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} overflows by {overflow}px at {self.width} px"
        sizes = page.evaluate("""() => [...performance.getEntriesByType('navigation'),
            ...performance.getEntriesByType('resource')].map(e => [e.name, e.transferSize || e.encodedBodySize])""")
        total = sum(s for _n, s in sizes)
        assert total <= BUDGET, f"{name} weighs {total} bytes compressed: {sorted(sizes, key=lambda x: -x[1])[:4]}"
        if not page.evaluate("() => !!window.axe"):  # the test's own script, run by the browser's debugger
            page.evaluate("() => {" + AXE.read_text() + "\n}")  # (the page itself stays under its CSP)
        result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
        bad = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, [(name, v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
        # a form sent back with its errors answers 400: the browser logs that status, nothing failed to load
        errors = [e for e in self.errors if not (form_error and "status of 400" in e)]
        assert not errors, f"{name}: console errors {errors}"
        self.errors.clear()
        return page

    def sign_in(self, username):
        page = self.page
        page.goto(self.url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form.edit button[type=submit]")
        page.wait_for_load_state("networkidle")

    def _checker(self):
        """A page that runs scripts, showing this page's HTML at this page's origin (its styles load the same)."""
        html = self.page.content()
        if getattr(self, "_copy", None) is None:
            self._copy_context = self.browser.new_context(
                viewport={"width": self.width, "height": 800}, device_scale_factor=1,
                extra_http_headers={"Accept-Language": self.lang})
            self._copy = self._copy_context.new_page()
            self._copy.set_default_timeout(15000)
            self._copy.goto(self.url + "/")
        self._copy.set_content(html, wait_until="load")
        return self._copy

    def close(self):
        self.context.close()
        if getattr(self, "_copy", None) is not None:
            self._copy_context.close()


def _slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.strip("/"))[:60] or "home"


def trained_in_cambodia(page):
    """The people trained, read from the rendered dashboard: the sum of the figures in the tooltips of the bars
    of "People trained by sex and country" (the only bars that lead to completed participations)."""
    tips = page.locator("svg a[href*='completed=true'] rect.sk-bar title").all_text_contents()
    return sum(int(re.search(r":\s*([\d,]+)", tip).group(1).replace(",", "")) for tip in tips)


@pytest.fixture
def demo(reference, settings):
    # the test server answers on a loopback address: the demo settings let it issue credentials
    settings.SKILLSNET_DEMO = True
    settings.SKILLSNET_BASE_URL = ""
    load_demo()


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_journeys(browser, live_server, demo, lang):
    from skillsnet.activities.models import Activity
    from skillsnet.credentials.models import IssuedCredential
    from skillsnet.directory.models import Organisation
    from skillsnet.results.models import Project

    lgtc = Organisation.objects.get(name="Lao-German Technical College")
    for width in (1280, 360):
        j = Journey(browser, live_server, lang, width)
        # a visitor: the network's public page, members on the map, how to join
        page = j.goto("/")
        assert page.locator("figure.map svg path.land.member").count() >= 2
        assert page.locator("#join").is_visible()

        # the secretariat's home: what needs attention
        j.sign_in("secretariat")
        page = j.goto("/")
        assert page.locator("section.attention article.tile").count() >= 4
        assert page.locator("#attention-overdue").count() == 1

        # find what an institute did with Chinese partners: search, open, its activities tab
        page = j.goto("/search/?q=Lao-German")
        page.locator(f"main a[href$='/directory/organisations/{lgtc.pk}/']").first.click()
        page.wait_for_load_state("networkidle")
        j.check("organisation")
        tab = page.locator("#tab-activities")
        if width <= 360:
            tab.scroll_into_view_if_needed()
        tab.click()
        page.wait_for_selector("#panel-activities")
        assert "tab=activities" in page.url  # the tab has its own address
        assert "Yunnan Advanced Technical School of Electronic Information" in page.inner_text("#tab-panel")
        j.check("organisation-activities")
        assert "Seed 0" not in page.inner_text("body")

        # read a partner suggestion and its explanation, then stop at the confirmation page
        page = j.goto(f"/matching/organisations/{lgtc.pk}/suggestions/")
        page.locator("main a[href*='/propose/']").first.click()
        page.wait_for_load_state("networkidle")
        j.check("propose-confirm")
        assert page.locator("form.edit input[name=confirm]").count() == 1
        assert page.locator("table.components tr").count() >= 2

        # the calendar opens on a month with activities; the results dashboard
        page = j.goto("/activities/calendar/")
        assert page.locator("main a[href*='/activities/activities/']").count() >= 1
        dashboard = "/results/dashboard/?country=KH&year=2025"
        trained_before = trained_in_cambodia(j.goto(dashboard))
        # download the donor report: project page, results framework, the XLSX report
        project = Project.objects.order_by("pk").first()
        page = j.goto(f"/results/projects/{project.pk}/")
        page.locator(f"main a[href$='/results/projects/{project.pk}/framework/']").first.click()
        page.wait_for_load_state("networkidle")
        j.check("results-framework")
        with page.expect_download() as download:
            page.locator("main a[href*='/report.xlsx']").first.click()
        report = download.value.path()
        assert Path(report).read_bytes()[:2] == b"PK"  # an XLSX workbook

        # add a workshop hosted by a Cambodian institute, register two new participants, complete them
        title = f"Welding workshop {lang} {width}"
        page = j.goto("/activities/activities/add/")
        page.fill("#id_title", title)
        page.select_option("#id_kind", "peer_to_peer_workshop")
        page.select_option("#id_host", label="National Polytechnic Institute of Cambodia")
        page.fill("#id_start", "2025-06-02")
        page.locator("form.edit button[type=submit]").last.click()
        page.wait_for_load_state("networkidle")
        activity = Activity.objects.get(title=title)
        page = j.goto(f"/activities/activities/{activity.pk}/registration/")
        page.fill("#paste-form textarea[name=names]", f"Sokha Chan {lang}{width}\nDara Keo {lang}{width}")
        page.select_option("#paste-form select[name=organisation]", str(activity.host_id))
        page.check("#paste-form input[name=attended]")
        page.check("#paste-form input[name=completed]")
        page.click("#paste-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        j.check("registration-done")
        assert activity.participations.filter(completed=True).count() == 2
        # see the dashboard change: the people trained in Cambodia in 2025 grew by exactly the two completed
        assert trained_in_cambodia(j.goto(dashboard)) == trained_before + 2
        # issue their credentials from the activity's page, then verify one as a visitor
        page = j.goto(f"/activities/activities/{activity.pk}/")
        page.locator("form[action$='/credentials/issue/activity/%d/'] button" % activity.pk).click()
        page.wait_for_load_state("networkidle")
        credential = IssuedCredential.objects.filter(participation__activity=activity).first()
        assert credential is not None, page.inner_text("main")[:1500]
        visitor = Journey(j.context.browser, live_server, lang, width)
        page = visitor.goto(f"/credentials/verify/{credential.pk}/")
        assert page.locator("main").inner_text().strip()
        visitor.close()

        # run a recognition check: the form, or (no qualification recorded in the demo) a hint saying what to do
        page = j.goto("/recognition/assess/")
        options = page.locator("select[name=qualification] option:not([value=''])").count()
        assert options or page.locator("main p[role=note]").count() == 1
        if options:
            page.locator("form.edit button[type=submit]").first.click()
            page.wait_for_load_state("networkidle")
            j.check("recognition-decision", form_error=True)

        # import a CSV with an error, fix it, import (upload, columns, preview, import)
        bad = "name,kind,country\nPhnom Penh Skills Centre %s%d,tvet_institute,XX\n" % (lang, width)

        def upload(text, form_error=False):
            page = j.goto("/directory/organisations/import/")
            page.set_input_files("#file", {"name": "orgs.csv", "mimeType": "text/csv", "buffer": text.encode()})
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state("networkidle")
            page.locator("main form button[type=submit]").first.click()  # the columns as they are
            page.wait_for_load_state("networkidle")
            return j.check("import-preview", form_error=form_error)

        page = upload(bad, form_error=True)
        assert page.locator("table.errors tbody tr").count() >= 1
        page = upload(bad.replace(",XX", ",KH"))
        page.locator("main form[action*='/import/'] button[type=submit]").last.click()
        page.wait_for_load_state("networkidle")
        j.check("import-done")
        assert Organisation.objects.filter(name=f"Phnom Penh Skills Centre {lang}{width}", country="KH").exists()
        j.close()

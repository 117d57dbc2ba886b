"""In every language, the dashboard, an organisation page and a form show no English UI string; main
pages fit a 360 px phone with no horizontal overflow, weigh ≤ 300 KB with their CSS, JS and fonts,
and have no serious or critical axe-core violations."""
import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from ..conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR).parents[1] / "test-artifacts" / "screenshots"
LANGS = {"zh-hans": "zh_Hans", "lo": "lo", "km": "km", "id": "id"}


def english_ui_strings(code):
    """The English source strings whose translation differs from them (so they must not show)."""
    po = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / LANGS[code] / "LC_MESSAGES" / "django.po"))
    out = set()
    for e in po:
        if e.obsolete or not e.msgstr or e.msgstr == e.msgid or "%" in e.msgid or "{" in e.msgid:
            continue
        text = e.msgid.strip()
        if len(text) >= 4 and re.search(r"[A-Za-z]{3}", text) and "\n" not in text:
            out.add(text)
    return out


def main_pages(orgs):
    return {"dashboard": "/", "results": "/results/dashboard/", "organisation": f"/directory/organisations/{orgs['own'].pk}/",
            "form": f"/directory/organisations/{orgs['own'].pk}/edit/", "list": "/directory/organisations/",
            "search": "/search/?q=Lao"}


def set_language(page, live_server, code):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}])


@pytest.mark.parametrize("code", LANGS)
def test_no_english_ui_string_left(page, live_server, orgs, users, code):
    login(page, live_server, "admin1")
    set_language(page, live_server, code)
    english = english_ui_strings(code)
    from skillsnet.accounts.models import User

    names = set(orgs["own"].all_names()) | {o.name for o in orgs.values()}
    names |= set(User.objects.values_list("username", flat=True))  # user names in histories are data
    for name, path in main_pages(orgs).items():
        if name in ("list", "search"):
            continue
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == code
        # Options of a pick-list are names of things (organisations, ISCED-F and ISCO-08 titles, which
        # ship in English only); the language switcher names each language in that language.
        text = page.evaluate("""() => { const b = document.body.cloneNode(true);
            b.querySelectorAll('select[multiple] option, select option[value]:not([value=""])').forEach(o => {
                if (!/^[a-z_]+$/.test(o.value)) o.remove(); });
            return b.innerText; }""")
        for n in names | set(page.locator("#language option").all_inner_texts()):
            text = text.replace(n, "")
        left = sorted(s for s in english if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])", text))
        assert not left, f"{code} {name}: English left: {left[:10]}"


def test_language_switcher_is_remembered(page, live_server, orgs):
    page.goto(live_server.url + "/")
    page.select_option("#language", "lo")
    page.click("form.lang button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "lo"
    page.goto(live_server.url + "/directory/organisations/")
    assert page.locator("html").get_attribute("lang") == "lo"


def test_browser_language_is_used(browser, live_server, orgs):
    context = browser.new_context(locale="km-KH", extra_http_headers={"Accept-Language": "km,en;q=0.5"})
    pg = context.new_page()
    pg.goto(live_server.url + "/")
    assert pg.locator("html").get_attribute("lang") == "km"
    context.close()


@pytest.mark.parametrize("name", ["dashboard", "organisation", "form", "list", "search"])
def test_phone_width_weight_and_accessibility(browser, live_server, orgs, users, name):
    # bypass_csp only so that the test can inject axe-core; the page itself runs under its CSP
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, bypass_csp=True)
    pg = context.new_page()
    login(pg, live_server, "admin1")
    pg.goto(live_server.url + main_pages(orgs)[name])
    pg.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}-360.png"), full_page=True)
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} overflows by {overflow}px at 360 px"
    sizes = pg.evaluate("""() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .map(e => [e.name, e.decodedBodySize])""")
    total = sum(size for _url, size in sizes)
    assert total <= 300 * 1024, f"{name} weighs {total} bytes: {sorted(sizes, key=lambda x: -x[1])[:5]}"
    pg.add_script_tag(content=AXE.read_text())
    result = pg.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    bad = [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
    context.close()


def test_forms_work_from_the_keyboard(page, live_server, orgs, users):
    login(page, live_server, "admin1")
    page.goto(live_server.url + main_pages(orgs)["form"])
    page.focus("#id_name")
    page.keyboard.press("Control+a")
    page.keyboard.type("Lao-German Technical College")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit" and \
                page.evaluate("document.activeElement.closest('form.edit') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/directory/organisations/{orgs['own'].pk}/")

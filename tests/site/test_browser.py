"""The site in a real browser: Debian's Chromium driven by Playwright, axe-core and vnu.jar.

Every tool is required: a missing one fails the test and says how to install it. The site is
served by a stdlib HTTP server on 127.0.0.1 and also opened straight from disk (file://).
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from kompetanse_skos.rdf.languages import LANGUAGES
from kompetanse_skos.serving.serve import SiteServer, make_server, running
from kompetanse_skos.site.frame import search_config
from kompetanse_skos.site.i18n import strings
from kompetanse_skos.site.languages import site_languages
from large_vocabulary import large_search_index
from sites import PAGE_NAMES

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # reported by the browser fixture, so that the tests fail, not vanish
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
TOOLS = ROOT / ".tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
RESULTS = ROOT / "test-results"
INSTALL = (
    "run `bash scripts/test`, which installs them (as root): apt-get install chromium "
    "chromium-driver fonts-dejavu-core; .venv/bin/pip install playwright==1.65.2; "
    "npm install --prefix .tools --no-audit --no-fund axe-core@4.14.1 vnu-jar@26.9.27"
)
# Chromium resolves no name but 127.0.0.1, so a page that needs another host fails at once.
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

pytestmark = pytest.mark.browser


def _require(path: Path, what: str) -> None:
    if not path.exists():
        pytest.fail(f"{what} is missing ({path}); {INSTALL}", pytrace=False)


# -- serving and driving -------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve folders on 127.0.0.1 (an ephemeral port each); stop them all at the end."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[SiteServer]:
    """The real vocabulary's site as `kompetanse-skos serve` answers it, 404 pages included."""
    with running(make_server(site, port=0, workers=1)) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    _require(CHROMIUM, "Debian's chromium")
    if sync_playwright is None:
        pytest.fail(f"the Python package playwright is missing; {INSTALL}", pytrace=False)
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test on any script error or request that fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on(
        "dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    # A request the page itself gives up (it navigates, or the test closes it) is aborted,
    # not failed: the search index still loading when a key press opens another page.
    opened.on(
        "requestfailed",
        lambda request: (
            None
            if request.failure == "net::ERR_ABORTED"
            else problems.append(f"failed: {request.url} ({request.failure})")
        ),
    )
    opened.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1:", "file://", "data:"))
            else problems.append(f"request to another host: {request.url}")
        ),
    )
    yield opened
    context.close()
    assert problems == []


def _axe(page: Page) -> list[dict[str, object]]:
    _require(AXE, "axe-core")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def _open_search(page: Page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.focus()
    page.wait_for_selector("body[data-search-ready=true]")
    box.press_sequentially(text)
    expect(page.locator("#search-results")).to_be_visible()


def _tab_until(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return
    pytest.fail(f"Tab never reached {selector}")


# -- the reader's journey ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["http", "file"])
def test_wheel_search_and_language_switch(
    page: Page, site: Path, serve: Callable[[Path], str], how: str
) -> None:
    base = serve(site) if how == "http" else site.resolve().as_uri() + "/"
    page.goto(base + "index.html")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    if how == "http":
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "home.png"), full_page=True)

    # The wheel: a theme, and from the theme's page one of its subthemes.
    wheel = page.locator("svg.wheel")
    wheel.get_by_role("link", name="2 Styring og strategi", exact=True).click()
    page.wait_for_url("**/styring-og-strategi/index.html")
    expect(page.locator("h1")).to_have_text("Styring og strategi")
    page.locator("main article").get_by_role("link", name="2.1 Økonomiregelverket").click()
    page.wait_for_url("**/oekonomiregelverket/index.html")
    expect(page.locator("h1")).to_have_text("Økonomiregelverket")
    expect(page.locator(".notice-draft")).to_be_visible()
    if how == "http":
        page.screenshot(path=str(RESULTS / "concept.png"), full_page=True)

    # The language switch keeps the reader on the same concept.
    page.locator("nav.languages").get_by_role("link", name="English").click()
    page.wait_for_url("**/oekonomiregelverket/index.en.html")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(
        "Regulations on Financial Management in Central Government"
    )
    page.locator("nav.languages").get_by_role("link", name="Norsk nynorsk").click()
    page.wait_for_url("**/oekonomiregelverket/index.nn.html")
    expect(page.locator("h1")).to_have_text("Økonomiregelverket")

    # Search without accents, then pick a result with the keyboard only.
    page.goto(base + "index.en.html")
    _open_search(page, "Search concepts", "okonomi")
    results = page.locator("#search-results a")
    expect(results.first).to_contain_text(
        "Regulations on Financial Management in Central Government"
    )
    page.keyboard.press("ArrowDown")
    expect(results.first).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/oekonomiregelverket/index.en.html")

    # More than one result: move down to the second and take it.
    _open_search(page, "Search concepts", "data")
    count = results.count()
    assert count >= 2
    second = results.nth(1).evaluate("link => link.href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == second


def test_the_wheel_is_reachable_and_visibly_focused_by_keyboard(
    page: Page, site: Path, serve: Callable[[Path], str]
) -> None:
    page.goto(serve(site) + "index.html")
    _tab_until(page, "svg.wheel a")
    stroke = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('path, circle')).strokeWidth"
    )
    assert stroke == "5px"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/transformasjonsledelse/index.html")


def test_the_skip_link_and_no_script_fallback(
    browser: Browser, site: Path, serve: Callable[[Path], str]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(serve(site) + "styring-og-strategi/index.html")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    # Without JavaScript the search form leads to the alphabetical index, which reaches all.
    page.get_by_label("Søk i begreper", exact=True).fill("økonomi")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url(re.compile(r".*/_site/a-z/index\.html\?q=.*"))
    expect(
        page.locator("main").get_by_role("link", name="Økonomiregelverket", exact=True)
    ).to_be_visible()
    context.close()


def test_the_site_fits_a_phone_and_prints_without_navigation(
    browser: Browser, site: Path, serve: Callable[[Path], str]
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ("index.html", "oekonomiregelverket/index.html", "_site/usage/index.en.html"):
        page.goto(serve(site) + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, path
    page.emulate_media(media="print")
    expect(page.locator("form.search")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    context.close()


# What every text of the wheel measures on the screen: its font size in the drawing times
# the drawing's scale, and the height of the box it is drawn in.
_WHEEL_TEXTS = """() => {
  const svg = document.querySelector("svg.wheel");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Array.from(svg.querySelectorAll("text")).map((text) => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * scale,
    height: text.getBoundingClientRect().height,
  }));
}"""
_ABOVE_THE_FOLD = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}"""
WIDTHS = {"phone": (390, 844), "desktop": (1366, 768)}


@pytest.mark.parametrize("screen", list(WIDTHS))
def test_issue_20_a_reader_on_a_phone_and_a_desktop(
    browser: Browser, site: Path, served: SiteServer, screen: str
) -> None:
    width, height = WIDTHS[screen]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    # Nothing a page asks for is missing (the icon included), but the page that is missing.
    not_found: list[str] = []
    page.on("response", lambda r: not_found.append(r.url) if r.status == 404 else None)
    RESULTS.mkdir(exist_ok=True)
    base = served.url
    missing = base + "no/such/concept"
    for path in (
        "",
        "oekonomiregelverket/",
        "fagkunnskap-og-ferdigheter-nivaa/",
        "kompetansemodell/",
        "_site/usage/",
        "_site/a-z/",
        "_site/hierarchy/index.nn.html",
        "no/such/concept",
    ):
        answer = page.goto(base + path)
        assert answer is not None and answer.status == (404 if path == "no/such/concept" else 200)
        # Nothing is wider than the screen, and the content does not touch the header.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        padding = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('main')).paddingTop)"
        )
        assert padding > 0, path
        # Who publishes the vocabulary is said at the top of every page.
        expect(page.locator(".site-publisher")).to_contain_text("Digitaliseringsdirektoratet")
        assert page.evaluate(_ABOVE_THE_FOLD, ".site-publisher"), path
        # On a phone the header leaves most of the screen to the page (it took 36 %).
        header = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
        assert width > 390 or header < 0.25 * height, (path, header)
        expect(
            page.locator("footer").get_by_role("link", name="Kontakt og tilbakemelding")
        ).to_be_visible()

    # The home page: the draft banner and the start of the wheel are seen without scrolling.
    page.goto(base)
    page.screenshot(path=str(RESULTS / f"home-{width}.png"))
    assert page.evaluate(_ABOVE_THE_FOLD, ".banner-draft")
    expect(page.locator(".banner-draft")).to_contain_text("av 18 begreper")
    top = page.evaluate("document.querySelector('svg.wheel').getBoundingClientRect().top")
    assert top < height
    texts = page.evaluate(_WHEEL_TEXTS)
    assert len(texts) > 15  # every segment's key and the scheme's name
    if width == 390:
        small = [t for t in texts if t["px"] < 12 or t["height"] < 12]
        assert small == [], small
    page.locator(".wheel-box").screenshot(path=str(RESULTS / f"wheel-{width}.png"))
    # A key of the wheel is explained by the list beside it.
    expect(page.locator(".wheel-list > .wheel-legend")).to_contain_text("2.1 Økonomiregelverket")

    # A concept: where it is, the scheme it stands for, how to cite it and copy its URI.
    page.goto(base + "fagkunnskap-og-ferdigheter-nivaa/")
    described = page.locator("dt", has_text="Beskrives i").locator("xpath=following-sibling::dd")
    scheme = described.get_by_role(
        "link", name="Fagkunnskap og ferdigheter for digital transformasjon", exact=True
    )
    with page.expect_navigation():
        scheme.click()
    assert page.url.endswith("/fagkunnskap-og-ferdigheter/index.html")
    page.goto(base + "oekonomiregelverket/")
    crumbs = page.get_by_role("navigation", name="Brødsmulesti")
    expect(crumbs.get_by_role("link")).to_have_text(
        ["Fagkunnskap og ferdigheter for digital transformasjon", "2 Styring og strategi"]
    )
    tree = page.locator("aside.place")
    expect(tree.locator("[aria-current=page]")).to_have_text("Økonomiregelverket")
    expect(tree.get_by_role("link", name="2.2 Utredningsinstruksen")).to_be_visible()
    expect(tree.get_by_role("link", name="5 Data og sikkerhet")).to_be_visible()
    expect(page.locator(".notice-draft")).not_to_contain_text("Utkast Utkast")
    expect(page.locator("details.editorial")).not_to_have_attribute("open", "")
    expect(page.locator("#concept-citation")).to_contain_text("Digitaliseringsdirektoratet")
    expect(page.get_by_role("button", name="Kopier URI")).to_be_visible()
    page.screenshot(path=str(RESULTS / f"concept-{width}.png"), full_page=True)

    # An address with no page: the 404 page, with the menu and search, in the reader's language.
    page.goto(missing)
    expect(page.locator("h1")).to_have_text("Fant ikke siden")
    expect(page.get_by_label("Søk i begreper", exact=True)).to_be_attached()
    page.screenshot(path=str(RESULTS / f"404-{width}.png"), full_page=True)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Hierarki").click()
    page.wait_for_url("**/_site/hierarchy/index.html")
    page.goto(missing + "?lang=en")
    expect(page.locator("h1")).to_have_text("Page not found")
    assert set(not_found) == {missing, missing + "?lang=en"}
    context.close()


def test_issue_20_the_copy_button_copies_the_uri(browser: Browser, served: SiteServer) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served.url + "oekonomiregelverket/index.en.html")
    page.get_by_role("button", name="Copy URI").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "https://psi.norge.no/kompetansemodell/oekonomiregelverket"
    context.close()


def test_los_search_finds_a_known_concept(
    page: Page, los_site: Path, serve: Callable[[Path], str]
) -> None:
    page.goto(serve(los_site) + "index.nn.html")
    _open_search(page, "Søk i omgrep", "barnehage")
    expect(page.locator("#search-results a").first).to_have_text("Barnehage")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/tema/barnehage/index.nn.html")
    expect(page.locator("h1")).to_have_text("Barnehage")
    # A hidden label finds its concept too, and says what it matched.
    _open_search(page, "Søk i omgrep", "gangvei")
    expect(page.locator("#search-results a").first).to_contain_text("Gangveg")


def test_hostile_labels_stay_inert_in_the_browser(
    page: Page, hostile: Path, serve: Callable[[Path], str]
) -> None:
    base = serve(hostile)
    for language, name in PAGE_NAMES.items():
        page.goto(base + "script/" + name)
        assert page.evaluate("document.querySelectorAll('img, iframe, style').length") == 0
        scripts = page.evaluate("Array.from(document.scripts).map(s => s.type || s.src)")
        assert len(scripts) == 2, (language, scripts)
    expect(page.locator("h1")).to_contain_text("</script><script>alert('en')</script>")
    _open_search(page, "Search concepts", "<scr")
    expect(page.locator("#search-results a").first).to_contain_text("alert(")
    assert page.evaluate("document.querySelectorAll('img, iframe, style').length") == 0
    page.goto(base + "old/index.en.html")
    expect(page.locator(".notice-deprecated")).to_contain_text("deprecated")
    page.locator(".notice-deprecated").get_by_role("link").click()
    page.wait_for_url("**/a/index.en.html")


# -- accessibility and validity -------------------------------------------------------------

KINDS = {
    "home": "",
    "scheme": "fagkunnskap-og-ferdigheter/",
    "theme": "styring-og-strategi/",
    "draft subtheme": "oekonomiregelverket/",
    "hierarchy": "_site/hierarchy/",
    "alphabetical index": "_site/a-z/",
    "usage": "_site/usage/",
}


def test_axe_finds_no_wcag_violation_on_any_kind_of_page(
    page: Page,
    site: Path,
    hostile: Path,
    los_site: Path,
    released: Path,
    serve: Callable[[Path], str],
    served: SiteServer,
) -> None:
    ours, theirs, los, release = serve(site), serve(hostile), serve(los_site), serve(released)
    urls = {
        f"{kind} ({language})": ours + path + name
        for kind, path in KINDS.items()
        for language, name in PAGE_NAMES.items()
    }
    for language, name in PAGE_NAMES.items():
        urls[f"deprecated concept ({language})"] = theirs + "old/" + name
        urls[f"fallback labels ({language})"] = theirs + "script/" + name
        urls[f"collection ({language})"] = los + "samling/kommune-los/" + name
        urls[f"changes ({language})"] = release + "_site/changes/" + name
        # The 404 page, as serve answers an address that has no page.
        urls[f"not found ({language})"] = served.url + f"no/such/page?lang={language}"
    found = {}
    for what, url in urls.items():
        page.goto(url)
        violations = _axe(page)
        if violations:
            found[what] = violations
    page.goto(ours + "index.en.html")
    _open_search(page, "Search concepts", "d")
    found["open search results"] = _axe(page)
    assert {what: v for what, v in found.items() if v} == {}


def test_the_nu_html_checker_finds_no_error(
    site: Path, hostile: Path, los_site: Path, released: Path
) -> None:
    los_sample = [
        los_site / folder / name
        for folder in ("", "samling/kommune-los", "tema/barnehage", "ord/gangveg", "_site/a-z")
        for name in PAGE_NAMES.values()
    ]
    changes = [released / "_site" / "changes" / name for name in PAGE_NAMES.values()]
    assert all(path.is_file() for path in changes)
    # The usage and 404 pages are in the site's folder, checked whole; make sure they are there.
    for folder in ("usage", "404"):
        assert all((site / "_site" / folder / name).is_file() for name in PAGE_NAMES.values())
    assert _nu_errors([site, hostile, *los_sample, *changes]) == []


def _nu_errors(paths: list[Path]) -> list[str]:
    """Check the HTML files and folders *paths* with vnu.jar; return every error it reports."""
    _require(VNU, "vnu.jar")
    if shutil.which("java") is None:
        pytest.fail(
            f"java is missing (vnu.jar needs it): apt-get install default-jre-headless; {INSTALL}"
        )
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert errors or result.returncode == 0, result.stderr
    return errors


# Issue 23: each kind of page of the English-only site and of the English and German one, in
# each of its languages.
LANGUAGE_SITES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "english": (
        {
            "home": "",
            "scheme": "tools/",
            "concept": "screwdriver/",
            "hierarchy": "_site/hierarchy/",
            "alphabetical index": "_site/a-z/",
            "usage": "_site/usage/",
        },
        ("index.html",),
    ),
    "bilingual": (
        {
            "home": "",
            "scheme": "thesaurus/",
            "concept": "financial/",
            "concept without a German label": "double-entry/",
            "hierarchy": "_site/hierarchy/",
            "alphabetical index": "_site/a-z/",
            "usage": "_site/usage/",
        },
        ("index.html", "index.de.html"),
    ),
}


def _language_pages(sites: dict[str, Path]) -> dict[str, Path]:
    """Return each page of LANGUAGE_SITES, by what it is, as a file of its site."""
    return {
        f"{name} {kind} ({file})": sites[name] / path / file
        for name, (kinds, files) in LANGUAGE_SITES.items()
        for kind, path in kinds.items()
        for file in files
    }


def test_issue_23_axe_finds_no_wcag_violation_on_sites_in_other_languages(
    page: Page, english_site: Path, bilingual_site: Path, serve: Callable[[Path], str]
) -> None:
    sites = {"english": english_site, "bilingual": bilingual_site}
    bases = {name: serve(folder) for name, folder in sites.items()}
    found: dict[str, object] = {}
    for what, path in _language_pages(sites).items():
        name = what.split(" ", 1)[0]
        answer = page.goto(bases[name] + path.relative_to(sites[name]).as_posix())
        if answer is None or answer.status != 200:
            found[what] = f"no page: {answer.status if answer else None}"
            continue
        violations = _axe(page)
        if violations:
            found[what] = violations
    assert found == {}


def test_issue_23_the_nu_html_checker_finds_no_error_on_sites_in_other_languages(
    english_site: Path, bilingual_site: Path
) -> None:
    expected = _language_pages({"english": english_site, "bilingual": bilingual_site})
    assert [what for what, path in expected.items() if not path.is_file()] == []
    assert _nu_errors([english_site, bilingual_site]) == []


def test_issue_23_search_results_show_a_notation_once(
    page: Page, bilingual_site: Path, serve: Callable[[Path], str]
) -> None:
    base = serve(bilingual_site)
    for name, query, label in (
        ("index.html", "financial", "V.05 Financial economics"),
        ("index.de.html", "finanz", "V.05 Finanzwirtschaft"),
    ):
        answer = page.goto(base + name)
        assert answer is not None and answer.status == 200, name
        # The German page's interface is English.
        expect(page.locator("html")).to_have_attribute("lang", "en")
        _open_search(page, "Search concepts", query)
        first = page.locator("#search-results a").first
        expect(first).to_contain_text(label)
        assert first.inner_text().count("V.05") == 1, first.inner_text()
        assert _axe(page) == [], name


# -- the search over a large vocabulary ---------------------------------------------------

# Answer the query typed into the search box: the time from typing to the status line, what
# the status says and every result shown. The box is cleared first, so the status is empty
# until the search has answered.
_ASK = """async (query) => {
  const box = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  box.value = "";
  box.dispatchEvent(new Event("input"));
  const start = performance.now();
  box.value = query;
  box.dispatchEvent(new Event("input"));
  await new Promise((resolve) => {
    if (status.textContent) { resolve(); return; }
    new MutationObserver((changes, observer) => {
      if (status.textContent) { observer.disconnect(); resolve(); }
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  const ms = performance.now() - start;
  const links = Array.from(document.querySelectorAll("#search-results a"));
  return { ms: ms, status: status.textContent,
           results: links.map((a) => [a.getAttribute("href"), a.textContent]) };
}"""
LARGE_QUERIES = ("k", "ka", "kakis", "sata", "ø", "oe", "(", "((", "9 k", "muta kala", "zzqq")


def _search_page(folder: Path, files: dict[str, bytes], language: str) -> Path:
    """Write the index *files* and a page with the site's own search form and script."""
    for relative, data in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    static = folder / "_site" / "static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "site_templates" / "static" / "search.js", static / "search.js")
    t = strings(language)
    languages = site_languages(LANGUAGES)
    page_language = languages.get(language)
    assert page_language is not None
    form = search_config(PAGE_NAMES[language], page_language, languages)
    action = form.pop("action")
    data = "".join(f' data-{key}="{html.escape(value)}"' for key, value in form.items())
    page = folder / PAGE_NAMES[language]
    page.write_text(
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Search</title>\n"
        f'<script src="_site/static/search.js" defer></script>\n</head>\n<body>\n'
        f'<form id="search" role="search" action="{action}" method="get"{data}>\n'
        f'<label for="search-input">{t["search_label"]}</label>\n'
        f'<input type="search" id="search-input" name="q" autocomplete="off">\n'
        f'<button type="submit">{t["search_button"]}</button>\n'
        f'<p id="search-status" role="status"></p>\n'
        f'<ul id="search-results" hidden></ul>\n</form>\n</body>\n</html>\n',
        encoding="utf-8",
    )
    return page


def _answers(page: Page, url: str, queries: tuple[str, ...]) -> list[dict[str, Any]]:
    page.goto(url)
    page.get_by_role("searchbox").focus()
    page.wait_for_selector("body[data-search-ready=true]")
    return [page.evaluate(_ASK, query) for query in queries]


def test_a_sharded_search_of_35000_concepts_answers_as_one_index_would(
    page: Page, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    _, sharded = large_search_index()
    _, single = large_search_index(shard_limit=10**9)
    assert len(sharded) > 100 and len(single) == 1
    timings: dict[str, Any] = {}
    for language in ("nb", "en"):
        name = PAGE_NAMES[language]
        _search_page(tmp_path / "sharded", sharded, language)
        _search_page(tmp_path / "single", single, language)
        expected = _answers(page, serve(tmp_path / "single") + name, LARGE_QUERIES)
        cold = _answers(page, serve(tmp_path / "sharded") + name, LARGE_QUERIES)
        warm = [page.evaluate(_ASK, query) for query in LARGE_QUERIES]
        for query, want, first, again in zip(LARGE_QUERIES, expected, cold, warm, strict=True):
            assert (first["status"], first["results"]) == (want["status"], want["results"]), query
            assert (again["status"], again["results"]) == (want["status"], want["results"]), query
        by_query = {
            query: {
                "single": round(w["ms"], 1),
                "cold": round(c["ms"], 1),
                "warm": round(a["ms"], 1),
            }
            for query, w, c, a in zip(LARGE_QUERIES, expected, cold, warm, strict=True)
        }
        timings[language] = by_query
        # Not a benchmark: a sanity bound far above what a search takes.
        assert max(t["cold"] for t in by_query.values()) < 2000, by_query
        assert len(expected[0]["results"]) == 50 and "50" in expected[0]["status"]
        assert expected[-1]["results"] == []
        assert any(r for r in expected[6]["results"]), "no label that begins with ( was found"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search-timing.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")


def test_a_sharded_search_works_from_disk(page: Page, tmp_path: Path) -> None:
    model, sharded = large_search_index()
    page_file = _search_page(tmp_path, sharded, "nb")
    label = next(
        c.pref_labels[0].text for c in model.concepts.values() if " " in c.pref_labels[0].text
    )
    answers = _answers(page, page_file.resolve().as_uri(), ("k", label[:4], label))
    for answer in answers:
        assert answer["results"], answer
    assert "50" in answers[0]["status"] and len(answers[0]["results"]) == 50

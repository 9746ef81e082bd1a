"""Browser clients on another origin read the vocabulary: CORS in headless Chromium.

A page served from one local origin uses fetch() on a second one, exactly as a web SPARQL client
or a JavaScript application would: it reads a concept's JSON-LD and runs SPARQL queries (GET,
and POST as application/sparql-query, which needs a preflight) against `serve` and against the
real nginx running the generated configuration. A server that sends no CORS headers is the
control: the same fetch() from the same page must fail there.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kompetanse_skos.serving.serve import make_server, running
from linked_data import build_site, nginx_server

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:  # reported by the browser fixture, so that the tests fail, not vanish
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
ASK = "ASK { ?concept a <http://www.w3.org/2004/02/skos/core#Concept> }"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
# What the page on the other origin runs; each step reports its result or its error.
CLIENT = """async ([base, ask, service]) => {
  const step = async (f) => { try { return await f(); } catch (e) { return "failed: " + e; } };
  const json = { Accept: "application/sparql-results+json" };
  const query = { ...json, "Content-Type": "application/sparql-query" };
  const ld = { Accept: "application/ld+json" };
  const result = {
    jsonld: await step(async () => {
      const r = await fetch(base + "transformasjonsledelse", { headers: ld });
      return [r.status, r.headers.get("content-type"), await r.json()];
    }),
    get: await step(async () => {
      const r = await fetch(base + "sparql?query=" + encodeURIComponent(ask), { headers: json });
      return [r.status, await r.json()];
    }),
    post: await step(async () => {
      const r = await fetch(base + "sparql", { method: "POST", headers: query, body: ask });
      return [r.status, await r.json()];
    }),
    refused: await step(async () => {
      const r = await fetch(base + "sparql", { method: "POST", headers: query, body: service });
      return [r.status, await r.text()];
    }),
  };
  const shown = document.createElement("pre");  // for the screenshot
  const summary = { ...result, jsonld: String(result.jsonld).slice(0, 120) + "..." };
  shown.textContent = base + "\\n" + JSON.stringify(summary, null, 1);
  document.body.append(shown);
  return result;
}"""

pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def static_origin(folder: Path) -> Iterator[str]:
    """Serve *folder* on its own 127.0.0.1 origin, with no CORS headers; yield its URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("cors"))


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The other origin: a page that a web client on some other site would be."""
    folder = tmp_path_factory.mktemp("origin")
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>client</title><p>A client on another origin.',
        encoding="utf-8",
    )
    yield from static_origin(folder)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_playwright is None or not CHROMIUM.exists():
        pytest.fail("Playwright and Debian's chromium are needed; run bash scripts/test")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


def run_client(browser: Browser, origin: str, base: str, name: str) -> dict[str, Any]:
    page = browser.new_page()
    try:
        page.goto(origin + "index.html")
        result: dict[str, Any] = page.evaluate(CLIENT, [base, ASK, SERVICE])
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"cors-{name}.png"), full_page=True)
        return result
    finally:
        page.close()


def check_client(result: dict[str, Any]) -> None:
    status, media_type, data = result["jsonld"]
    assert status == 200 and media_type.startswith("application/ld+json")
    assert "Transformasjonsledelse" in str(data)
    assert result["get"] == [200, {"head": {}, "boolean": True}]
    assert result["post"] == [200, {"head": {}, "boolean": True}]  # after a preflight
    status, text = result["refused"]
    assert status == 400 and "SERVICE" in text and "refused" in text


def test_issue_24_a_page_on_another_origin_reads_through_serve(
    browser: Browser, origin: str, site: Path
) -> None:
    with running(make_server(site, port=0)) as server:
        assert server.url != origin
        check_client(run_client(browser, origin, server.url, "serve"))


def test_issue_24_a_page_on_another_origin_reads_through_nginx(
    browser: Browser, origin: str, site: Path, tmp_path: Path
) -> None:
    with running(make_server(site, port=0)) as server:
        port = int(server.server_address[1])
        with nginx_server(site, tmp_path, sparql_port=port) as base:
            check_client(run_client(browser, origin, base, "nginx"))


def test_a_server_without_cors_is_refused_by_the_browser(
    browser: Browser, origin: str, site: Path
) -> None:
    """The control: the browser really enforces CORS here, so the tests above can fail."""
    for base in static_origin(site):
        result = run_client(browser, origin, base, "no-cors")
        assert str(result["jsonld"]).startswith("failed: TypeError")

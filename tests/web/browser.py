"""Browser helpers for the web tests: Chromium, a guarded page, axe-core and screenshots.

Not a test module. A test module registers the fixtures by binding them to module names
(``guarded_fixture = browser.guarded_fixture``), since ``conftest.py`` is not ours to extend;
pytest then sees one copy per module, and the copies of the session fixture share one browser.

The ``guarded`` fixture (a page and its guard) fails its test when:

- a request leaves the machine (any host but 127.0.0.1): the request is aborted and recorded;
- the page logs a console error, throws an uncaught exception or violates its CSP;
- a sub-resource or fetch (not a navigation, whose status the test checks) answers 4xx/5xx.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VENDOR = Path(__file__).parent / "vendor"
AXE = VENDOR / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
BLOCKING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 10_000

# Reports every Content-Security-Policy violation to Python, on every page of the context.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__gcatCsp(JSON.stringify({
    directive: event.violatedDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample,
  }));
});
"""


def require_chromium() -> None:
    """Skip when Chromium or Playwright is missing, except on CI, where that is a failure."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (install Debian's chromium package)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (pip install -e '.[test]')"
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run on CI: {problem}")
    pytest.skip(f"browser tests need Chromium: {problem}")


class _Shared:
    """One Playwright and one Chromium for the whole session.

    Each importing module gets its own copy of the session fixture, and Playwright's sync API
    allows one instance per thread: the copies share this one and the last to finish closes it.
    """

    playwright: Any = None
    browser: Any = None
    users = 0

    @classmethod
    def acquire(cls) -> Any:
        if cls.browser is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            try:
                cls.browser = cls.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=LAUNCH_ARGS
                )
            except BaseException:
                cls.playwright.stop()
                cls.playwright = None
                raise
        cls.users += 1
        return cls.browser

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users == 0 and cls.browser is not None:
            cls.browser.close()
            cls.playwright.stop()
            cls.browser = cls.playwright = None


@pytest.fixture(scope="session", name="chromium")
def chromium_fixture() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never ``playwright install``)."""
    require_chromium()
    browser = _Shared.acquire()
    yield browser
    _Shared.release()


@dataclass
class Guard:
    """What a page did that a test must not allow."""

    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    http: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"request left the machine: {url}" for url in self.outside]
            + [f"console error: {text}" for text in self.console]
            + [f"CSP violation: {text}" for text in self.csp]
            + [f"HTTP error on a sub-resource or fetch: {text}" for text in self.http]
        )

    def check(self) -> None:
        """Fail with every problem seen so far, and forget them (each is reported once)."""
        problems = self.problems()
        for seen in (self.outside, self.console, self.csp, self.http):
            seen.clear()
        assert not problems, "the page misbehaved:\n" + "\n".join(problems)


def guard_context(context: Any) -> Guard:
    """Attach the guard's listeners to ``context`` (all its pages)."""
    guard = Guard()

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            guard.outside.append(url)
            route.abort()

    def console(msg: Any) -> None:
        # A failed load is also reported by the response listener, which tells a navigation
        # (its status is the test's business, e.g. an error page) from a sub-resource.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            guard.console.append(f"{msg.text} ({msg.location.get('url', '')})")

    def response(resp: Any) -> None:
        if resp.status >= 400 and not resp.request.is_navigation_request():
            guard.http.append(f"{resp.request.method} {resp.url} → {resp.status}")

    context.route("**/*", route)

    def csp(text: str) -> None:
        guard.csp.append(text)

    context.expose_function("__gcatCsp", csp)
    context.add_init_script(CSP_LISTENER)
    context.on("console", console)
    context.on("weberror", lambda error: guard.console.append(f"uncaught: {error.error}"))
    context.on("response", response)
    return guard


@dataclass
class GuardedPage:
    """A Playwright page and its guard."""

    page: Any
    guard: Guard


OFFICER = "Test officer"
"""The name the test browser has given, unless a test asks for a browser that has given none."""


@contextmanager
def guarded_page(
    browser: Any,
    *,
    named: bool = True,
    viewport: tuple[int, int] = (1280, 900),
    locale: str = "en-US",
) -> Iterator[GuardedPage]:
    """A page in a fresh context (English; no cookie but the officer's name unless ``named``
    is false); fails on any guard problem at exit."""
    width, height = viewport
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    context.set_default_timeout(TIMEOUT_MS)
    if named:
        context.add_cookies(
            [{"name": "gcat_user", "value": quote(OFFICER), "domain": "127.0.0.1", "path": "/"}]
        )
    guard = guard_context(context)
    try:
        yield GuardedPage(context.new_page(), guard)
    finally:
        context.close()
    guard.check()


@pytest.fixture(name="guarded")
def guarded_fixture(chromium: Any) -> Iterator[GuardedPage]:
    """A guarded page (see ``guarded_page``)."""
    with guarded_page(chromium) as guarded:
        yield guarded


AXE_START = """(openDetails) => {
  if (typeof window.axe !== "object") return false;
  if (openDetails) document.querySelectorAll("details").forEach((d) => { d.open = true; });
  window.__gcatAxe = axe.run(document, { resultTypes: ["violations"] }).then((result) =>
    result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary,
      })),
    })));
  return true;
}"""


def preload_axe(context: Any) -> None:
    """Load axe-core into every page of ``context`` as it opens (faster than injecting it)."""
    context.add_init_script(path=str(AXE))


def start_axe(page: Any, *, open_details: bool = False) -> None:
    """Start axe-core on ``page`` without waiting: several pages can be checked at once.

    The app's CSP (``script-src 'self'``) rightly refuses an inline ``<script>``, which is what
    ``page.add_script_tag(path=...)`` inserts; so axe is evaluated through the DevTools protocol
    (or preloaded as an init script, see ``preload_axe``), which CSP does not govern, and the
    page's own policy stays in force during the check. ``open_details`` unfolds every
    ``<details>`` first, so that folded content is checked too.
    """
    if not page.evaluate(AXE_START, open_details):
        page.evaluate(AXE.read_text("utf-8"))
        assert page.evaluate(AXE_START, open_details)


def axe_results(page: Any, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """The violations found by ``start_axe`` on ``page`` with one of ``impacts``."""
    results = page.evaluate("() => window.__gcatAxe")
    return [v for v in results if v["impact"] in impacts]


def axe_violations(
    page: Any, impacts: tuple[str, ...] = BLOCKING_IMPACTS, *, open_details: bool = False
) -> list[dict[str, Any]]:
    """axe-core's violations on ``page`` with one of ``impacts`` (serious or critical)."""
    start_axe(page, open_details=open_details)
    return axe_results(page, impacts)


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    """A readable report of axe violations on the page ``where``."""
    lines = []
    for v in violations:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            summary = re.sub(r"\s+", " ", node["summary"] or "")
            lines.append(f"    {json.dumps(node['target'])} {node['html']!r} — {summary}")
    return "\n".join(lines)


def new_assessment(server: Any, *domains: str) -> str:
    """Create an assessment over HTTP; return the path of its first questionnaire page."""
    with server.client() as client:
        created = client.post(
            "/assessments",
            data={"administration": "Douane de Test", "cycle": "2025", "domains": list(domains)},
        )
        assert created.status_code == 303
        opened = client.get(created.headers["location"])
        assert opened.status_code == 303
    return str(opened.headers["location"])


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as ``test-output/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""The help an officer can use, in their language (issue 8, section 1).

Every link and image on every help page, in every language, answers 200 and every anchor it
points to exists; the glossary explains every abbreviation the indicators use; the pages are
translated (no "English only" banner, no English guide).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from gcat.frameworks import available_frameworks, load_framework
from gcat.help import IMAGES, PAGES, glossary, terms_in
from gcat.i18n import LANGUAGES
from gcat.web.help_pages import HELP_PAGES
from tests.web.conftest import LiveServer


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name) and tag != "link" and tag != "script":
                self.links.append(str(values[name]))


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_link_on_every_help_page_answers(demo_server: LiveServer, lang: str) -> None:
    pages = [*HELP_PAGES, *(f"/help/indicators?version={v}" for _, v in available_frameworks())]
    seen: dict[str, _Links] = {}
    checked = 0
    with demo_server.client() as client:
        client.get("/", params={"lang": lang})

        def fetch(path: str) -> _Links:
            if path not in seen:  # in the page's language, whatever a language link set
                asked = {} if "lang=" in path else {"lang": lang}
                response = client.get(path, params=asked)
                assert response.status_code == 200, path
                seen[path] = (
                    _parse(response.text)
                    if "html" in response.headers["content-type"]
                    else _Links()
                )
            return seen[path]

        for page in pages:
            for link in fetch(page).links:
                target, fragment = urldefrag(urljoin(page, link))
                parts = urlsplit(target)
                assert not parts.netloc, f"{page} links outside the app: {link}"
                assert not link.startswith(("mailto:", "javascript:")), link
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                found = fetch(path or page)
                if fragment:  # browsers decode the fragment before they look for the id
                    fragment = unquote(fragment)
                    assert fragment in found.ids, f"{page}: no #{fragment} in {path or page}"
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_help_is_in_the_officers_language(demo_server: LiveServer, lang: str) -> None:
    words = {"fr": "Guide de l'application", "es": "Guía de la aplicación"}
    with demo_server.client() as client:
        for page in HELP_PAGES:
            text = client.get(page, params={"lang": lang}).text
            assert "English only" not in text and "only in English" not in text
            assert 'lang="en"' not in text.split("<main", 1)[1].split("</main>")[0], page
        guide = client.get("/help", params={"lang": lang}).text
    assert words[lang] in guide and "pip install" not in guide and "YAML" not in guide


def test_every_screenshot_is_used_and_small() -> None:
    folder = resources.files("gcat.help").joinpath(IMAGES)
    shipped = {entry.name for entry in folder.iterdir() if entry.name.endswith(".png")}
    used = set()
    for page in PAGES:
        for lang in LANGUAGES:
            text = resources.files("gcat.help").joinpath(f"{page}.{lang}.md").read_text("utf-8")
            names = re.findall(r"/help/images/([\w.-]+\.png)", text)
            assert all(name.endswith(f".{lang}.png") for name in names), (page, lang)
            used |= set(names)
    assert used == shipped
    for name in shipped:
        assert len(folder.joinpath(name).read_bytes()) < 80 * 1024, name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_explains_every_abbreviation_the_indicators_use(lang: str) -> None:
    """Every capitalised abbreviation in the indicators' texts is in the glossary, except
    domain codes, Roman numerals and a few everyday ones (IT, ID, LED, DNA, CO2)."""
    everyday = {"PL", "FA", "IP", "CC", "GT", "CB", "CO", "III", "IT", "ID", "LED", "DNA", "ADN"}
    everyday |= {"CO2", "RR", "HH"} if lang == "es" else {"CO2"}
    forms = {form for term in glossary() for form in term.forms(lang)}
    forms |= {
        token
        for term in glossary()
        for form in term.forms(lang)
        for token in re.findall(r"[A-Z]{2,}", form)
    }
    missing: dict[str, str] = {}
    for framework_id, version in available_frameworks():
        framework = load_framework(framework_id, version)
        for ind in framework.indicators.values():
            texts = [ind.title, ind.definition, ind.rationale, *ind.levels]
            texts += [ind.not_applicable_when] if ind.not_applicable_when else []
            for text in [t[lang] for t in texts] + list(ind.evidence[lang]):
                for word in re.findall(r"\b[A-Z][A-Z0-9]+\b", text):
                    bare = word.removesuffix("s") if word.endswith("s") else word
                    if word not in forms and bare not in forms and word not in everyday:
                        missing[word] = ind.id
    assert missing == {}
    assert [t.id for t in terms_in(["Les AEM et le SH, les LPCO"], "fr")] == ["mea", "hs", "lpco"]


def test_every_term_has_every_language() -> None:
    for term in glossary():
        assert set(term.name) == set(term.text) == set(LANGUAGES), term.id
        assert re.fullmatch(r"[a-z][a-z0-9-]*", term.id)
    assert len({t.id for t in glossary()}) == len(glossary())


def test_cards_link_to_the_glossary_terms_they_use(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        page = client.get("/assessments/2/domains/policy_legislation", params={"lang": "es"}).text
        glossary_page = _parse(client.get("/help/glossary", params={"lang": "es"}).text)
    anchors = re.findall(r'href="/help/glossary#([a-z0-9-]+)"', page)
    assert "mea" in anchors and "wco" in anchors
    assert set(anchors) <= glossary_page.ids
    assert ">AMUMA</abbr>" in page


LABELS = (
    "team.nav",
    "team.consensus_title",
    "team.reveal",
    "versions.title",
    "versions.signoff",
    "versions.new_version",
    "versions.see_changes",
    "practices.nav",
    "compendium.nav",
    "compendium.who_did",
    "fb.summary",
    "apweb.nav",
    "dweb.nav",
    "nav.survey",
    "q.confirm",
)
"""The app's words for the pages and buttons of the team, versions, practices, Compendium and
Secretariat sections, as the guide must quote them."""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_names_and_links_the_pages_officers_use(lang: str) -> None:
    from gcat.i18n import message

    text = resources.files("gcat.help").joinpath(f"guide.{lang}.md").read_text("utf-8")
    flat = re.sub(r"\s+", " ", text)
    for code in LABELS:
        label = message(code, lang).rstrip(" :")
        assert label in flat, (lang, code, label)
    assert message("versions.upgrade", lang, version="1.1") in flat
    for path in (
        "/practices",
        "/compendium",
        "/actionplan",
        "/declarations",
        "/secretariat/survey",
    ):
        assert f"]({path})" in text, (lang, path)

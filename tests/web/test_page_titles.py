"""Every page's title is plain text: the window and tab show it as it is."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import LiveServer

PAGES = (
    "/",
    "/help",
    "/help/methodology",
    "/framework",
    "/practices",
    "/actionplan",
    "/backup/restore",
)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_titles_are_one_plain_line(live_server: LiveServer, lang: str) -> None:
    with live_server.client() as client:
        for path in PAGES:
            page = client.get(path, params={"lang": lang})
            assert page.status_code == 200, path
            (title,) = re.findall(r"<title>(.*?)</title>", page.text, flags=re.S)
            assert title.strip() and "<" not in title and "\n" not in title.strip(), (path, title)

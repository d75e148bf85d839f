"""Take the screenshots of the officer's guide from the demo, in English, French and Spanish.

Run from the repository: ``.venv/bin/python scripts/help_screenshots.py``. It starts the app on a
temporary database with the fictional demo, a 2026 cycle pre-filled from 2025 and a workbook
waiting to update 2025, drives Debian's Chromium with Playwright (never ``playwright install``),
and writes small palette PNGs to ``src/gcat/help/images/<name>.<lang>.png``.
"""

from __future__ import annotations

import io
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import uvicorn
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gcat.demo import store_demo_assessments  # noqa: E402
from gcat.exchange.xlsx_layout import COL_COMMENT, COL_LEVEL, FIRST_ROW  # noqa: E402
from gcat.settings import Settings  # noqa: E402
from gcat.web.app import create_app  # noqa: E402

OUT = ROOT / "src" / "gcat" / "help" / "images"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTH = 860
COLOURS = 48
TOKEN = "screenshots"
OFFICER = "Awa Diallo"


def serve(folder: Path) -> tuple[str, uvicorn.Server, Any]:
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'demo.sqlite3'}", lang="en"))
    store_demo_assessments(app.state.engine)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def prepare(url: str) -> str:
    """A 2026 cycle pre-filled from 2025 with one change; a workbook waiting to update 2025.
    Returns the path of the waiting file's preview."""
    headers = {"Origin": url, "X-CSRF-Token": TOKEN}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        client.cookies.set("gcat_csrf", TOKEN)
        client.cookies.set("gcat_user", quote(OFFICER))
        client.post(
            "/assessments",
            data={
                "administration": "Valdoria Revenue and Customs Authority",
                "cycle": "2026",
                "previous_id": "2",
            },
        )
        answer = next(a for a in client.get("/api/assessments/3").json()["answers"] if a["indicator_id"] == "PL-02")
        client.put(
            "/api/assessments/3/answers/PL-02",
            json={
                "level": answer["level"] + 1,
                "comment": "Seizure powers extended by the 2026 Customs Act amendment.",
                "evidence_note": answer["evidence_note"],
                "change_reason": "Customs Act amended in March 2026",
                "version": answer["version"],
            },
        )
        data = client.get("/assessments/2/download/export/xlsx").content
        book = load_workbook(io.BytesIO(data))
        sheet = book["Policy and legislation"]
        sheet.cell(FIRST_ROW, COL_LEVEL).value = 3
        sheet.cell(FIRST_ROW + 2, COL_COMMENT).value = "Checked against the 2025 annual report."
        out = io.BytesIO()
        book.save(out)
        waiting = client.post("/import", files={"file": ("valdoria-2025.xlsx", out.getvalue())})
        return str(waiting.headers["location"])


def save(page: Any, locator: Any, name: str, lang: str, *, height: int | None = None) -> None:
    locator.scroll_into_view_if_needed()
    png = locator.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if height is not None and image.height > height:
        image = image.crop((0, 0, image.width, height))
    small = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    target = OUT / f"{name}.{lang}.png"
    small.save(target, optimize=True)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


def shoot(url: str, preview: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in ("en", "fr", "es"):
            context = chromium.new_context(viewport={"width": WIDTH, "height": 900}, locale=lang)
            context.add_cookies(
                [{"name": "gcat_user", "value": quote(OFFICER), "domain": "127.0.0.1", "path": "/"}]
            )
            page = context.new_page()
            page.goto(f"{url}/?lang={lang}")
            save(page, page.locator("main"), "home", lang, height=620)
            page.goto(f"{url}/assessments/3/domains/policy_legislation?lang={lang}")
            save(page, page.locator("nav.worklists"), "worklists", lang)
            save(page, page.locator("section.card").first.locator("form.answer"), "card", lang, height=760)
            page.goto(f"{url}/assessments/2/results?lang={lang}")
            save(page, page.locator("section[aria-labelledby=domains-h]"), "results", lang)
            save(page, page.locator("section[aria-labelledby=check-h]"), "check", lang, height=520)
            page.goto(f"{url}/assessments/3/history?lang={lang}")
            save(page, page.locator("ol.history > li").first, "history", lang)
            page.goto(f"{url}{preview}?lang={lang}")
            save(page, page.locator("main form").first, "import", lang, height=760)
            context.close()
        chromium.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url, server, thread = serve(Path(folder))
        try:
            shoot(url, prepare(url))
        finally:
            server.should_exit = True
            thread.join(timeout=10)


if __name__ == "__main__":
    main()

""" "Who already did this": published practices beside each plan action, in the app and in the
PDF, Word and HTML reports, from the database or from a Compendium pack."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from gcat.compendium.who import who_already_did
from gcat.core.practices import Consent, Practice, PracticeMember, PracticeRecord, Status
from gcat.demo import demo_file
from gcat.demo.compendium import build_demo
from gcat.policy.consent import release
from gcat.services.compendium import practices_of_pack


def view(
    n: int,
    *,
    domains: tuple[str, ...],
    indicators: tuple[str, ...] = (),
    status: Status = Status.PUBLISHED,
    member: str = "Kenya",
):
    practice = Practice(
        member=PracticeMember(member, None, "esa", {"en": member}),
        title=f"Practice {n}",
        lang="en",
        domains=domains,
        gcat_indicators=indicators,
        consent=Consent.YES,
    )
    return release(PracticeRecord(id=n, administration_id=1, status=status, practice=practice))


def test_indicator_first_then_primary_domain_then_other_domains_at_most_three() -> None:
    released = [
        view(1, domains=("cooperation", "facilitation")),
        view(2, domains=("facilitation",), member="Chile"),
        view(3, domains=("customs_controls",), indicators=("FA-02",)),
        view(4, domains=("facilitation",), status=Status.ACCEPTED),
        view(5, domains=("facilitation",), member="Brazil"),
        view(6, domains=("green_tariff",)),
    ]
    found = who_already_did(
        [("FA-02", "facilitation"), ("GT-03", "green_tariff"), ("PL-01", "policy_legislation")],
        released,
    )
    assert [(m.view.id, m.reason) for m in found["FA-02"]] == [
        (3, "indicator"),
        (5, "primary_domain"),
        (2, "primary_domain"),
    ]
    assert [m.view.id for m in found["GT-03"]] == [6]
    assert found["PL-01"] == []


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def test_reports_show_who_already_did_it_from_a_pack(cli, tmp_path: Path) -> None:
    pack = tmp_path / "demo.gcat-pack.json"
    pack.write_bytes(build_demo(fmt="pack", lang="en").data)
    assert {item.view.id for item in practices_of_pack(pack.read_bytes(), "p")} == {1, 3, 7, 9}
    answers = demo_file("2025")
    for fmt in ("pdf", "docx", "html"):
        out = tmp_path / f"report.{fmt}"
        code, _, err = cli(
            "report",
            str(answers),
            "--compendium",
            str(pack),
            "-f",
            fmt,
            "--lang",
            "es",
            "-o",
            str(out),
        )
        assert code == 0, err
        if fmt == "pdf":
            text = subprocess.run(
                ["pdftotext", str(out), "-"], capture_output=True, check=True
            ).stdout.decode()
        elif fmt == "docx":
            text = _docx_text(out.read_bytes())
        else:
            text = re.sub(r"<[^>]+>", "", out.read_text("utf-8"))
        assert "Quién ya lo hizo:" in text, fmt
        assert "Norlandia — Estrategia nacional de aduanas verdes 2024–2028 (P-7)" in " ".join(
            text.split()
        ), fmt
    code, _, err = cli(
        "report", str(answers), "--compendium", str(answers), "-o", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "not a Compendium pack" in err

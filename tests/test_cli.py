"""The gcat command line, used as a person or a script would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gcat.core.model import Framework
from gcat.demo import demo_file


def test_new_writes_a_template_that_parses_and_scores_empty(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    code, _, err = cli(
        "new",
        "--administration",
        "Douane de Test",
        "--cycle",
        "2025",
        "--domains",
        "green_tariff,cooperation",
        "--lang",
        "fr",
        "-o",
        str(out),
    )
    assert code == 0, err
    text = out.read_text("utf-8")
    assert "# GT-01 — Version du SH" in text  # French titles as comments
    assert "#   0 = " in text and "#   5 = " in text
    assert "na = " in text  # GT-03 allows N/A and says when
    data = yaml.safe_load(text)
    assert data["domains"] == ["green_tariff", "cooperation"]
    assert len(data["answers"]) == 14
    code, stdout, _ = cli("score", str(out), "--json")
    assert code == 0
    result = json.loads(stdout)
    assert result["completeness"] == 0.0 and result["overall"]["score"] is None


def test_new_to_stdout_and_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    code, stdout, _ = cli("new", "--administration", "A", "--cycle", "2025")
    assert code == 0 and "PL-01:" in stdout and "CO-07:" in stdout
    existing = tmp_path / "a.yaml"
    existing.write_text("keep me", "utf-8")
    code, _, err = cli("new", "--administration", "A", "--cycle", "2025", "-o", str(existing))
    assert code == 2 and "already exists" in err
    assert existing.read_text("utf-8") == "keep me"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--domains", "nope"], 'unknown domain "nope"'),
        (["--domains", ","], "unknown domain"),
        (["--lang", "de"], "choose one of"),
        (["--framework", "gcat@7.0"], "not installed"),
    ],
)
def test_new_bad_options(cli, args: list[str], words: str) -> None:
    code, stdout, err = cli("new", "--administration", "A", "--cycle", "2025", *args)
    assert code == 2 and words in err and stdout == ""


def test_filled_template_scores(cli, tmp_path: Path, framework: Framework) -> None:
    out = tmp_path / "a.yaml"
    cli(
        "new",
        "--administration",
        "A",
        "--cycle",
        "2025",
        "--domains",
        "facilitation",
        "-o",
        str(out),
    )
    text = out.read_text("utf-8").replace("    level:\n", "    level: 3\n", 7)
    out.write_text(text, "utf-8")
    code, stdout, _ = cli("score", str(out), "--json")
    result = json.loads(stdout)
    assert code == 0
    assert result["domains"] == [
        {
            "id": "facilitation",
            "score": 3.0,
            "level": 3,
            "level_noncompensatory": 3,
            "completeness": 100.0,
            "answered": 7,
            "not_applicable": 0,
            "total": 7,
        }
    ]


def test_score_json_shape(cli) -> None:
    code, stdout, _ = cli("score", str(demo_file("2025")), "--json")
    data = json.loads(stdout)
    assert code == 0
    assert set(data) >= {"domains", "overall", "completeness", "evidence_coverage"}
    assert len(data["domains"]) == 7
    for domain in data["domains"]:
        assert set(domain) >= {"id", "score", "level", "level_noncompensatory", "completeness"}
    assert set(data["overall"]) >= {"score", "level"}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_score_and_plan_tables(cli, lang: str, framework: Framework) -> None:
    code, stdout, _ = cli("score", str(demo_file("2025")), "--lang", lang)
    assert code == 0
    for domain in framework.domains:
        assert domain.title[lang].split()[0] in stdout
    code, stdout, _ = cli("plan", str(demo_file("2025")), "--lang", lang)
    assert code == 0
    assert framework.indicator("PL-02").title[lang][:20] in stdout.replace("\n", " ")


def test_plan_json(cli, framework: Framework) -> None:
    code, stdout, _ = cli("plan", str(demo_file("2024")), "--json", "--lang", "es")
    items = json.loads(stdout)["items"]
    assert code == 0 and items
    first = items[0]
    assert (
        first["next_step"]
        == framework.indicator(first["indicator_id"]).levels[first["next_level"]]["es"]
    )
    assert {i["status"] for i in items} == {"not_started"}


def test_framework_show_json_interface(cli) -> None:
    code, stdout, _ = cli("framework", "show", "--json")
    data = json.loads(stdout)
    assert code == 0
    assert (data["id"], data["version"]) == ("gcat", "1.0")
    assert [s["level"] for s in data["scale"]] == list(range(6))
    assert set(data["scale"][0]["name"]) == {"en", "fr", "es"}
    assert len(data["domains"]) == 7
    indicators = [i for d in data["domains"] for i in d["indicators"]]
    assert len(indicators) >= 48
    for ind in indicators:
        assert set(ind) >= {"id", "title", "definition", "weight", "levels"}
        assert [lv["level"] for lv in ind["levels"]] == list(range(6))
        assert all(set(lv["text"]) == {"en", "fr", "es"} for lv in ind["levels"])


def test_framework_show_french_lists_everything(cli, framework: Framework) -> None:
    code, stdout, _ = cli("framework", "show", "--lang", "fr")
    assert code == 0
    assert "7 domaines, 50 indicateurs" in stdout
    for ind in framework.indicators.values():
        assert ind.id in stdout


def test_framework_list_and_unknown_domain(cli) -> None:
    code, stdout, _ = cli("framework", "list")
    assert code == 0 and stdout.startswith("gcat@1.0")
    code, _, err = cli("framework", "show", "--domain", "nope")
    assert code == 2 and "unknown domain" in err


def test_demo_runs_and_writes(cli, tmp_path: Path) -> None:
    code, stdout, _ = cli("demo", "--write", str(tmp_path))
    assert code == 0
    assert "Valdoria" in stdout and "+0" in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "valdoria-2024.yaml",
        "valdoria-2025.yaml",
    ]


def test_bad_file_is_one_line_exit_2_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        'framework: {id: gcat, version: "1.0"}\nadministration: A\ncycle: 1\n'
        "answers:\n  PL-01: {level: 9}\n",
        "utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "gcat", "score", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert f"{path}:5: answers.PL-01.level" in lines[0]


def test_missing_file_and_french_error(cli, tmp_path: Path) -> None:
    code, _, err = cli("score", str(tmp_path / "nope.yaml"), "--lang", "fr")
    assert code == 2 and err.startswith("Erreur") and "impossible de lire" in err


def test_version(cli) -> None:
    code, stdout, _ = cli("--version")
    assert code == 0 and stdout.startswith("gcat ")


def test_check_lists_every_problem(cli, answers_file) -> None:
    path = answers_file(
        "answers:\n  PL-01: {level: 7}\n  PL-02: {level: 2, target: 1}\n  XX-01: {}\n"
    )
    code, stdout, err = cli("check", str(path), "--lang", "fr")
    assert code == 2 and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 4 and lines[-1] == "3 problèmes détectés"
    assert f"{path}:5: answers.PL-01.level:" in lines[0]
    code, stdout, _ = cli("check", str(demo_file("2025")))
    assert code == 0 and "valid (50 of 50 indicators answered)" in stdout


def test_more_problems_is_counted_in_the_one_line(cli, answers_file) -> None:
    path = answers_file("answers:\n  PL-01: {level: 7}\n  PL-02: {level: 9}\n")
    code, _, err = cli("score", str(path))
    assert code == 2 and err.strip().endswith("(and 1 more problem)")


def test_demo_write_refuses_to_overwrite_or_write_into_a_file(cli, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", "utf-8")
    code, stdout, err = cli("demo", "--write", str(afile))
    assert code == 2 and "not a folder" in err and stdout == ""
    cli("demo", "--write", str(tmp_path / "d"))
    existing = tmp_path / "d" / "valdoria-2024.yaml"
    existing.write_text("mine", "utf-8")
    code, _, err = cli("demo", "--write", str(tmp_path / "d"))
    assert code == 2 and "already exists" in err
    assert existing.read_text("utf-8") == "mine"


def test_plan_of_a_blank_file_says_nothing_is_answered(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    cli("new", "--administration", "A", "--cycle", "2025", "-o", str(out))
    code, stdout, _ = cli("plan", str(out))
    assert code == 0 and "No indicator has a level yet" in stdout


def test_flagged_answers_are_listed(cli) -> None:
    code, stdout, _ = cli("score", str(demo_file("2025")))
    assert code == 0 and "Flagged for review:" in stdout
    code, stdout, _ = cli("score", str(demo_file("2025")), "--json")
    assert json.loads(stdout)["flagged"]


def test_framework_show_json_one_domain(cli) -> None:
    code, stdout, _ = cli("framework", "show", "--json", "--domain", "green_tariff")
    assert code == 0
    assert [d["id"] for d in json.loads(stdout)["domains"]] == ["green_tariff"]


def test_lang_is_case_insensitive(cli) -> None:
    code, stdout, _ = cli("framework", "list", "--lang", "FR")
    assert code == 0 and "indicateurs" in stdout
    code, stdout, _ = cli("framework", "list", "--lang", "es_ES")
    assert code == 0 and "indicadores" in stdout


def test_template_names_the_reason_key_where_na_is_allowed(cli) -> None:
    code, stdout, _ = cli(
        "new", "--administration", "A", "--cycle", "1", "--domains", "green_tariff"
    )
    assert code == 0
    block = stdout.split("  GT-03:\n", 1)[1].split("\n\n", 1)[0]
    assert '    reason: ""' in block
    assert '    reason: ""' not in stdout.split("  GT-01:\n", 1)[1].split("\n\n", 1)[0]


def test_control_characters_never_reach_the_terminal(cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps(
            {
                "framework": {"id": "gcat", "version": "1.0"},
                "administration": "Evil\u001b]0;pwned\u0007\u001b[2J Customs\u0000",
                "cycle": "2025",
                "answers": {"PL-01": {"level": 1, "comment": "a\u001b[31mred\u202e", "target": 3}},
            }
        ),
        "utf-8",
    )
    for command in ("score", "plan"):
        code, stdout, err = cli(command, str(path))
        assert code == 0, err
        assert not any(ch in stdout for ch in "\x1b\x07\x00\u202e"), command
        assert "Evil]0;pwned[2J Customs" in stdout

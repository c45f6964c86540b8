"""servanda compare: documented verdict rules, citations on both sides, golden Markdown, coded bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.analyses.compare import DIMENSIONS, compare
from servanda.analyses.compare.dimensions import Cell, Perspective, legal_form, verdict, withdrawal
from servanda.api import load
from servanda.interfaces.cli.app import app
from servanda.language.library import library_files
from servanda.model.instrument import Instrument
from servanda.model.periods import Duration
from servanda.model.vocabulary import LegalFormKind, RatificationStatus, TimeUnit

ROOT = Path(__file__).resolve().parents[3]
PKG = "tests/analyses/packages/fixtures/pkg"
GOLDEN = ROOT / "tests" / "analyses" / "compare" / "golden" / "beta_vs_alpha.md"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_golden_markdown() -> None:
    result = runner.invoke(
        app, ["compare", f"{PKG}/beta.yaml", "--against", f"{PKG}/alpha.yaml", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == GOLDEN.read_text(encoding="utf-8"), "regenerate tests/analyses/compare/golden"


def test_verdict_rule() -> None:
    assert verdict(Cell("a", (3, 1)), Cell("b", (3, 0))) == "stronger"
    assert verdict(Cell("a", (3, 1)), Cell("b", (3, 1))) == "equivalent"
    assert verdict(Cell("a", (2, 9)), Cell("b", (3, 0))) == "weaker"
    assert verdict(Cell("a", None), Cell("b", None)) == "absent"
    assert verdict(Cell("a", (0,)), Cell("b", None)) == "stronger"


def _with_form(inst: Instrument, kind: LegalFormKind, status: RatificationStatus) -> Instrument:
    return inst.model_copy(
        update={"legal_form": inst.legal_form.model_copy(update={"kind": kind, "ratification": status})}
    )


def test_legal_form_scale() -> None:
    alpha = load(f"{PKG}/alpha.yaml")
    who = Perspective.of(alpha)
    order = [
        (LegalFormKind.POLITICAL_DECLARATION, RatificationStatus.NOT_REQUIRED),
        (LegalFormKind.SOLE_EXECUTIVE_AGREEMENT, RatificationStatus.NOT_REQUIRED),
        (LegalFormKind.STATUTE, RatificationStatus.NOT_REQUIRED),
        (LegalFormKind.TREATY, RatificationStatus.SIGNED),
        (LegalFormKind.TREATY, RatificationStatus.RATIFIED),
    ]
    keys = [legal_form(_with_form(alpha, k, r), who).key for k, r in order]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    cea = legal_form(
        _with_form(alpha, LegalFormKind.CONGRESSIONAL_EXECUTIVE_AGREEMENT, RatificationStatus.RATIFIED), who
    )
    assert cea.key == keys[-1]  # a congressional-executive agreement ranks with a treaty


def test_withdrawal_scale_locked_minimum_notice_at_will() -> None:
    alpha = load(f"{PKG}/alpha.yaml")
    who = Perspective.of(alpha)
    term = alpha.term
    w = term.withdrawal
    locked = withdrawal(alpha, who)
    unlocked = alpha.model_copy(update={"term": term.model_copy(update={"locks": []})})
    minimum = unlocked.model_copy(
        update={
            "term": unlocked.term.model_copy(
                update={
                    "withdrawal": w.model_copy(
                        update={"earliest_after": Duration(amount=5, unit=TimeUnit.YEARS)}
                    )
                }
            )
        }
    )
    at_will = unlocked.model_copy(
        update={
            "term": unlocked.term.model_copy(update={"withdrawal": w.model_copy(update={"notice": None})})
        }
    )
    cells = [locked, withdrawal(minimum, who), withdrawal(unlocked, who), withdrawal(at_will, who)]
    assert [c.key[0] for c in cells if c.key] == [4.0, 3.0, 2.0, 1.0]
    assert "locked" in locked.summary and any("approval_lock" in c.label for c in locked.citations)


def test_fixture_verdicts() -> None:
    result = compare(load(f"{PKG}/beta.yaml"), load(f"{PKG}/alpha.yaml"))
    assert {r.dimension.id: r.verdict for r in result.results} == {
        "legal_form": "weaker",
        "trigger_scope": "weaker",
        "obligation": "weaker",
        "clock": "weaker",
        "automaticity": "weaker",
        "institutions": "absent",
        "duration": "weaker",
        "withdrawal": "weaker",
        "enforcement": "absent",
        "funding": "absent",
    }
    reverse = compare(load(f"{PKG}/alpha.yaml"), load(f"{PKG}/beta.yaml"))
    assert reverse.verdict("institutions") == "stronger" and reverse.verdict("obligation") == "stronger"


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.stem)
def test_every_present_cell_cites_a_clause_or_source(path: Path) -> None:
    result = compare(load(path), load("nato.nat@1949"))
    assert [r.dimension.id for r in result.results] == [d.id for d in DIMENSIONS]
    for r in result.results:
        for cell in (r.subject, r.baseline):
            silent = cell.summary.startswith("no withdrawal clause")  # nothing in the text to cite
            if cell.key is not None and r.dimension.id != "legal_form" and not silent:
                assert cell.citations, (path.stem, r.dimension.id, cell.summary)
            for c in cell.citations:
                assert c.clause is None or c.label


def test_nato_against_itself_is_equivalent_everywhere_it_has_content() -> None:
    result = compare(load("nato.nat@1949"), load("nato.nat@1949"))
    assert {r.verdict for r in result.results} <= {"equivalent", "absent"}


def test_json_output() -> None:
    result = runner.invoke(app, ["compare", "us_kor.mdt@1953", "anzus@1951", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "servanda-compare/1" and len(data["comparisons"]) == 2
    first = data["comparisons"][0]
    assert first["baseline"]["id"] == "nato.nat@1949"
    obligation = next(d for d in first["dimensions"] if d["id"] == "obligation")
    assert obligation["verdict"] == "weaker" and obligation["subject"]["citations"][0]["clause"] == "art_3"


def test_unknown_ids_are_coded_with_a_suggestion() -> None:
    bad_baseline = runner.invoke(app, ["compare", "anzus@1951", "--against", "nato.nta"])
    assert bad_baseline.exit_code == 2
    assert "error[E101]" in bad_baseline.output and "did you mean `nato.nat`?" in bad_baseline.output
    bad_subject = runner.invoke(app, ["compare", "anzsu@1951"])
    assert (
        bad_subject.exit_code == 2 and "E101" in bad_subject.output and "Traceback" not in bad_subject.output
    )


def test_text_output_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["compare", "us_jpn.tmcs@1960"], env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "verdict" in result.output and "Article V" in result.output


def test_own_territory_is_a_location_in_the_trigger_scope() -> None:
    result = compare(load("eu.teu_42_7@2009"), load("nato.nat@1949"))
    scope = next(r for r in result.results if r.dimension.id == "trigger_scope")
    assert "the attacked state's own territory" in scope.subject.summary
    assert "anywhere" not in scope.subject.summary


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_output_file_is_honoured_for_every_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"cmp.{fmt}"
    result = runner.invoke(app, ["compare", "us_jpn.tmcs@1960", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # nothing on stdout: it all went to the file
    assert f"written to {out}" in result.stderr  # the file written is named
    text = out.read_text(encoding="utf-8")
    assert "Article V" in text or "art_5" in text
    if fmt == "text":
        assert "verdict" in text and "rules: docs/compare.md" in text and "\x1b[" not in text


def test_output_into_a_missing_folder_is_a_coded_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.md"
    result = runner.invoke(app, ["compare", "nato.nat@1949", "-o", str(out)])
    assert result.exit_code == 2 and "error[E101]" in result.output and str(out) in result.output
    assert "Traceback" not in result.output and not out.exists()

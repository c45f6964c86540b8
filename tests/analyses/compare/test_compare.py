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
        "aggressor_costs": "absent",
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


UKR_USA = "examples/ukraine-2025/usa.yaml"


def test_constitutional_processes_is_not_weaker_than_nato_art_11() -> None:
    """NATO Art. 11: Art. 5 is carried out "in accordance with their respective constitutional processes"."""
    result = compare(load(UKR_USA), load("nato.nat@1949"))
    auto = next(r for r in result.results if r.dimension.id == "automaticity")
    assert "constitutional_processes" in auto.baseline.details["conditions"]
    assert any(c.clause == "art_11" for c in auto.baseline.citations)
    assert auto.subject.key is not None and auto.baseline.key is not None
    assert auto.subject.key[0] == auto.baseline.key[0]  # same level: subject to domestic procedure
    # what remains weaker is the non-provocation exception, not the constitutional-processes proviso
    usa = load(UKR_USA)
    clauses = [c.model_copy(update={"exceptions": []}) for c in usa.clauses]
    without = compare(usa.model_copy(update={"clauses": clauses}), load("nato.nat@1949"))
    assert without.verdict("automaticity") == "equivalent"


def test_nato_art_13_sets_no_term() -> None:
    nato = load("nato.nat@1949")
    assert nato.term.length == "indefinite"
    assert (
        str(nato.term.withdrawal.earliest_after) == "20 years"
        and str(nato.term.withdrawal.notice) == "1 year"
    )
    result = compare(load(UKR_USA), nato)
    duration = next(r for r in result.results if r.dimension.id == "duration")
    assert (
        "renews automatically" not in duration.baseline.summary
        and "no fixed term" in duration.baseline.summary
    )


def test_a_consultation_clock_does_not_beat_an_armed_assistance_clock() -> None:
    # alpha: consult within 24 hours and assist forthwith; beta: consult within 48 hours only
    alpha = load(f"{PKG}/alpha.yaml")
    clock = next(d for d in DIMENSIONS if d.id == "clock")
    cell = clock.read(alpha, Perspective.of(alpha))
    assert cell.details["obligation"] == "assist" and cell.summary.startswith("assist forthwith")
    result = compare(load(UKR_USA), load("nato.nat@1949"))
    assert result.verdict("clock") == "equivalent"  # both: assist forthwith; a 24 h consult does not win


def test_sanctions_on_the_aggressor_are_not_enforcement_against_the_guarantor() -> None:
    result = compare(load(UKR_USA), load("nato.nat@1949"))
    assert result.verdict("enforcement") == "absent"
    costs = next(r for r in result.results if r.dimension.id == "aggressor_costs")
    assert costs.verdict == "stronger" and "sanctions_snapback" in costs.subject.summary


def test_nato_as_practised_is_an_explicit_cited_layer() -> None:
    nato = load("nato.nat@1949")
    with_practice = compare(load(UKR_USA), nato)
    text_only = compare(load(UKR_USA), nato, practice=False)
    inst = next(r for r in with_practice.results if r.dimension.id == "institutions")
    plain = next(r for r in text_only.results if r.dimension.id == "institutions")
    kinds = [p["kind"] for p in inst.baseline.details["practice"]]
    assert kinds == ["integrated_command", "forward_deployed_forces", "nuclear_umbrella"]
    assert all(
        any("nato.int" in pp for pp in c.pinpoints) for c in inst.baseline.citations if "practised" in c.label
    )
    assert inst.baseline.key is not None and plain.baseline.key is not None
    assert inst.baseline.key > plain.baseline.key and not plain.baseline.details["practice"]
    cli = runner.invoke(app, ["compare", UKR_USA, "--text-only", "--format", "json"])
    assert cli.exit_code == 0 and json.loads(cli.output)["comparisons"][0]["practice_included"] is False


def test_no_unweighted_tally_and_a_weighted_summary_prints_its_weights() -> None:
    plain = runner.invoke(app, ["compare", UKR_USA, "--format", "markdown"])
    assert plain.exit_code == 0 and "Verdicts:" not in plain.output and "No tally" in plain.output
    data = json.loads(runner.invoke(app, ["compare", UKR_USA, "--format", "json"]).output)
    assert "tally" not in data["comparisons"][0] and data["comparisons"][0]["weighted_summary"] is None
    weighted = runner.invoke(
        app, ["compare", UKR_USA, "--format", "markdown", "--weights", "obligation=3,funding=1,enforcement=1"]
    )
    assert weighted.exit_code == 0, weighted.output
    # obligation equivalent (0), funding stronger (+1); enforcement absent on both sides is not counted
    assert "obligation=3, funding=1, enforcement=1" in weighted.output and "+0.25" in weighted.output
    result = compare(
        load(UKR_USA), load("nato.nat@1949"), weights={"obligation": 3, "funding": 1, "enforcement": 1}
    )
    assert result.summary is not None and result.summary.skipped == ("enforcement",)
    bad = runner.invoke(app, ["compare", UKR_USA, "--weights", "funding=-1"])
    assert bad.exit_code == 2 and "error[E110]" in bad.output and "Traceback" not in bad.output

"""The command line as a user meets it: exit codes, JSON output, coded usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_check_clean_file_exits_0() -> None:
    result = runner.invoke(app, ["check", "tests/diagnostics/fixtures/_valid.yaml"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_check_errors_exit_1_with_code_and_location() -> None:
    result = runner.invoke(app, ["check", "tests/diagnostics/fixtures/E301.yaml"])
    assert result.exit_code == 1
    assert (
        "error[E301]" in result.output and "E301.yaml:" in result.output and "did you mean" in result.output
    )


def test_check_warning_only_exits_0_unless_strict() -> None:
    assert runner.invoke(app, ["check", "tests/diagnostics/fixtures/W402.yaml"]).exit_code == 0
    assert runner.invoke(app, ["check", "--strict", "tests/diagnostics/fixtures/W402.yaml"]).exit_code == 1


def test_check_json_output_is_machine_readable() -> None:
    result = runner.invoke(app, ["check", "--format", "json", "tests/diagnostics/fixtures/E206.yaml"])
    data = json.loads(result.output)
    (diagnostic,) = data["files"][0]["diagnostics"]
    assert (
        diagnostic["code"] == "E206"
        and diagnostic["span"]["line"] == 8
        and diagnostic["hint"] == "did you mean `USA`?"
    )


def test_unknown_path_is_a_usage_error_exit_2() -> None:
    result = runner.invoke(app, ["check", "no/such/file.yaml"])
    assert result.exit_code == 2
    assert "E101" in result.output


def test_show_unknown_id_suggests() -> None:
    result = runner.invoke(app, ["show", "nato.nta"])
    assert result.exit_code == 2 and "nato.nat" in result.output


def test_show_and_library_run() -> None:
    assert runner.invoke(app, ["show", "tests/diagnostics/fixtures/_valid.yaml"]).exit_code == 0
    listing = runner.invoke(app, ["library", "--format", "json"])
    assert listing.exit_code == 0, listing.output
    assert "nato.nat@1949" in {row["id"] for row in json.loads(listing.output)}


def test_evaluate_reports_activation_due_and_reconciled_counts(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "id,date,lon,lat,actor,target,country,event_class,deaths\n"
        "e1,2026-03-01,36.2,49.9,RUS,UKR,UKR,shelling,2\n"
        "e2,2026-03-02,36.2,49.9,RUS,UKR,UKR,not_a_class,2\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "evaluate",
            "tests/diagnostics/fixtures/_valid.yaml",
            "--events",
            str(events),
            "--format",
            "json",
            "--allow-rejected",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["events_file"]["rows"] == 2 and data["events_file"]["rejected"] == 1
    (activation,) = data["activations"]
    assert activation["due"] == "2026-03-02T00:00:00" and activation["evidence"] == ["e1"]


def test_evaluate_exits_1_when_rows_are_rejected_unless_allowed(tmp_path: Path) -> None:
    events = tmp_path / "e.yaml"
    events.write_text(
        "events:\n"
        "  - {id: a, date: 2026-03-01, actor: RUS, target: UKR, country: UKR, event_class: shelling}\n"
        "  - {id: b, date: 2026-03-01, actor: RUS, target: UK, country: UKR, event_class: shelling}\n",
        encoding="utf-8",
    )
    args = ["evaluate", "tests/diagnostics/fixtures/_valid.yaml", "--events", str(events)]
    failed = runner.invoke(app, args)
    assert failed.exit_code == 1 and "1 event row(s) rejected" in failed.output
    assert runner.invoke(app, [*args, "--allow-rejected"]).exit_code == 0


def test_python_api_reports_instead_of_raising() -> None:
    import servanda

    report = servanda.check("no.such.id")
    assert [d.code for d in report.diagnostics] == ["E101"]
    with pytest.raises(servanda.InstrumentError) as caught:
        servanda.load("nato.nta")
    assert caught.value.diagnostics[0].code == "E101" and "nato.nat" in (
        caught.value.diagnostics[0].hint or ""
    )
    result = servanda.evaluate(
        "tests/diagnostics/fixtures/_valid.yaml",
        [
            {"id": "a", "date": "2026-03-01", "target": "UKR", "event_class": "shelling"},
            {"id": "b", "date": "2026-13-01", "target": "UKR", "event_class": "shelling"},
        ],
    )
    assert result.events_rejected == 1 and result.input_diagnostics[0].code == "V901"
    assert len(result.activated("consult")) == 1


def test_imprecise_evidence_is_flagged() -> None:
    import servanda

    result = servanda.evaluate(
        "tests/diagnostics/fixtures/_valid.yaml",
        [
            {
                "id": "m",
                "date": "2026-03-01",
                "date_precision": "month",
                "target": "UKR",
                "event_class": "shelling",
            }
        ],
    )
    assert any("dated to the month" in note for note in result.notes)

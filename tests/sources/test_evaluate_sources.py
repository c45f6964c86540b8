"""``evaluate`` and scenario files read events through ``servanda.sources``: every source, one report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import servanda
from servanda.interfaces.cli.app import app
from servanda.services import ServiceError
from servanda.services.evaluate import evaluate
from servanda.sources import read_events_file
from servanda.sources.rows import read_events, read_events_data

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sources"
INSTRUMENT = "tests/diagnostics/fixtures/_valid.yaml"
UCDP = FIXTURES / "ucdp_ged_ukraine_excerpt.csv"
GDELT = FIXTURES / "gdelt2_events_excerpt.export.tsv"
runner = CliRunner()

ACLED_ROW = {
    "event_id_cnty": "UKR1",
    "event_date": "2025-03-01",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "actor1": "Military Forces of Russia (2000-)",
    "country": "Ukraine",
    "iso": "804",
    "fatalities": "2",
    "latitude": "50.1",
    "longitude": "36.2",
}


def test_evaluate_reads_ucdp_with_the_same_report_as_inspect() -> None:
    out = evaluate(INSTRUMENT, UCDP)
    report = read_events_file(UCDP).report
    assert out.events.report is not None and out.events.report.source == "ucdp_ged"
    assert (out.events.rows, out.events.accepted, out.events.rejected) == (
        report.rows_read,
        report.accepted,
        report.rejected,
    )
    assert len(out.event_list) == report.accepted > 0
    assert out.events.to_json()["report"]["rows_read"] == report.rows_read


def test_evaluate_cli_json_and_text_for_gdelt() -> None:
    base = ["evaluate", INSTRUMENT, "--events", str(GDELT), "--allow-rejected"]
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).output)
    ingest = data["events_file"]["report"]
    assert ingest["source"] == "gdelt2" and ingest["reconciles"]
    assert data["events_rejected"] == data["events_file"]["rejected"] == ingest["rejected"] == 96
    assert data["events_file"]["rows"] == ingest["rows_read"] == 100
    assert sum(g["count"] for g in data["events_file"]["rejected_by_cause"]) == 96
    text = runner.invoke(app, base)
    assert text.exit_code == 0, text.output
    assert "100 rows read = 4 accepted + 96 rejected" in text.output


def test_evaluate_source_option() -> None:
    forced = runner.invoke(app, ["evaluate", INSTRUMENT, "--events", str(UCDP), "--source", "ucdp_ged"])
    assert forced.exit_code == 0, forced.output
    wrong = runner.invoke(app, ["evaluate", INSTRUMENT, "--events", str(UCDP), "--source", "nope"])
    assert wrong.exit_code == 2 and "V923" in wrong.output
    result = servanda.evaluate(INSTRUMENT, str(UCDP), source="ucdp_ged")
    assert result.events_rejected == 0 and result.input_diagnostics == []


def test_inline_acled_rows_go_through_the_adapter() -> None:
    batch = read_events_data(
        [ACLED_ROW, {**ACLED_ROW, "event_id_cnty": "UKR2", "event_date": "31/31/2025"}], "s.yaml"
    )
    assert [e.event_class.value for e in batch.events] == ["shelling"]
    assert batch.rows == 2 and batch.rejected == 1 and batch.reconciles()
    assert [d.code for d in batch.diagnostics] == ["V914"]
    assert batch.counts().to_json()["report"]["source"] == "acled"


def test_scenario_events_file_of_another_source(tmp_path: Path) -> None:
    from servanda.evaluation.scenarios import run_scenario_file

    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        f"format: servanda-test/1\ninstrument: {ROOT / INSTRUMENT}\nevents_file: {UCDP}\nexpect: {{}}\n"
    )
    failures, result = run_scenario_file(scenario)
    assert failures == [] and result is not None
    assert [a.obligation for a in result.activated("consult")] or result.activations


def test_evaluate_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "e.csv"
    os.mkfifo(fifo)
    with pytest.raises(ServiceError) as caught:
        evaluate(INSTRUMENT, fifo)
    assert caught.value.exit_code == 2 and "FIFO" in caught.value.diagnostics[0].message
    assert read_events(fifo).rows == 0

"""``servanda events inspect`` and ``servanda.read_events``: the report in text and JSON, coded failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import servanda
from servanda.interfaces.cli.app import app
from servanda.services import ServiceError, inspect_events

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
runner = CliRunner()


def test_inspect_text_counts_reconcile() -> None:
    result = runner.invoke(
        app, ["events", "inspect", str(FIXTURES / "ucdp_ged_ukraine_mixeddates_excerpt.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "40 rows read = 40 accepted + 0 rejected" in result.output
    assert "V921" in result.output and "147997" in result.output


def test_inspect_json_counts_reconcile() -> None:
    result = runner.invoke(
        app, ["events", "inspect", str(FIXTURES / "gdelt2_events_excerpt.export.tsv"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output  # out-of-scope events are warnings
    data = json.loads(result.output)
    report = data["report"]
    assert data["format"] == "servanda-ingest/1"
    assert (report["rows_read"], report["accepted"], report["rejected"]) == (100, 4, 96)
    assert sum(g["count"] for g in report["groups"]) == 96 and report["reconciles"]
    assert len(data["samples"]) == 4


def test_inspect_rejected_rows_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,date,event_class\ne1,2025-02-30,shelling\ne2,2025-03-01,shelling\n")
    result = runner.invoke(app, ["events", "inspect", str(path)])
    assert result.exit_code == 1
    assert "2 rows read = 1 accepted + 1 rejected" in result.output and "V914" in result.output


@pytest.mark.parametrize(
    ("args", "code", "status"),
    [
        (["missing.csv"], "V910", 2),
        ([str(FIXTURES / "ucdp_ged_ukraine_excerpt.csv"), "--source", "nope"], "V923", 2),
        ([str(FIXTURES / "SOURCE.md")], "V910", 1),
    ],
)
def test_inspect_errors_are_coded(args: list[str], code: str, status: int) -> None:
    result = runner.invoke(app, ["events", "inspect", *args, "--format", "json"])
    assert result.exit_code == status
    data = json.loads(result.stdout)
    assert data["diagnostics"][0]["code"] == code
    assert "Traceback" not in result.output


def test_read_events_api() -> None:
    frame, report = servanda.read_events(FIXTURES / "gdelt1_events_excerpt_mixed.tsv")
    assert frame.height == report.accepted and report.rows_read == 100
    with pytest.raises(ServiceError) as info:
        servanda.read_events("nope.csv")
    assert (info.value.code, info.value.exit_code) == ("V910", 2)


def test_inspect_service_sample() -> None:
    result = inspect_events(FIXTURES / "ucdp_ged_api_v24.1_page1_excerpt.json", sample=3)
    assert len(result.samples) == 3 and result.samples[0]["date"] == "2008-04-24"
    assert json.loads(json.dumps(result.to_json()))["report"]["accepted"] == 50


def test_help_does_not_import_polars() -> None:
    code = "import sys\nfrom servanda.interfaces.cli.app import app\nprint('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

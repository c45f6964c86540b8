"""`servanda monitor` end to end on data as users download it: every source, every row accounted for.

Bundled fixtures (synthetic ACLED in ACLED's published layout; excerpts of real UCDP GED and GDELT 2.0 files,
see ``tests/fixtures/sources/SOURCE.md``) run in the core suite; the full files in ``../shared`` run when present.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "tests" / "fixtures" / "sources"
sys.path.insert(0, str(SOURCES))

import make_acled  # noqa: E402

runner = CliRunner()


def _monitor(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["monitor", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    for ingest in data.get("ingest", []):
        assert ingest["rows_read"] == ingest["accepted"] + ingest["rejected"], ingest
    return data


def _conduct_breach(data: dict[str, Any], bearer: str = "RUS") -> dict[str, Any]:
    rows = [
        a for a in data["activations"] if a["obligation"] == "refrain_from_force" and a["bearer"] == bearer
    ]
    assert len(rows) == 1
    return rows[0]


def test_synthetic_acled_export_through_monitor(tmp_path: Path) -> None:
    path = make_acled.write_csv(tmp_path / "acled.csv", make_acled.rows(200))
    data = _monitor("budapest.memorandum", "--events", str(path))
    (ingest,) = data["ingest"]
    assert ingest["source"] == "acled" and ingest["rows_read"] == 200
    breach = _conduct_breach(data)
    assert breach["state"] == "breached" and breach["breach_evidence"][0].startswith("UKR")


def test_ucdp_api_page_through_monitor() -> None:
    data = _monitor("budapest.memorandum", "--events", str(SOURCES / "ucdp_ged_api_v24.1_page1_excerpt.json"))
    (ingest,) = data["ingest"]
    assert ingest["source"] == "ucdp_api" and ingest["rows_read"] == ingest["accepted"] > 0


def test_gdelt_file_through_monitor() -> None:
    # GDELT rows outside the conflict CAMEO roots are rejected as out of scope, counted by root
    data = _monitor(
        "budapest.memorandum",
        "--events",
        str(SOURCES / "gdelt2_20191024143000_excerpt.export.tsv"),
        "--allow-rejected",
    )
    (ingest,) = data["ingest"]
    assert ingest["source"] == "gdelt2" and ingest["rows_read"] > 0


def test_store_then_monitor_gives_the_same_answer(tmp_path: Path) -> None:
    events = SOURCES / "ucdp_ged_ukraine_mixeddates_excerpt.csv"
    store = tmp_path / "events.duckdb"
    ingested = runner.invoke(app, ["store", "ingest", str(events), "--store", str(store), "--format", "json"])
    assert ingested.exit_code == 0, ingested.output
    from_file = _monitor("budapest.memorandum", "--events", str(events))
    from_store = _monitor("budapest.memorandum", "--store", str(store))
    assert [(a["obligation"], a["bearer"], a["state"]) for a in from_file["activations"]] == [
        (a["obligation"], a["bearer"], a["state"]) for a in from_store["activations"]
    ]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "source", "rows"),
    [
        ("ucdp_ged_api_v24.1_result_page1.json", "ucdp_api", 1000),
        ("gdelt2_events_20191024143000.export.tsv", "gdelt2", 2111),
        ("ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv", "ucdp_ged", 3883),
    ],
)
def test_real_files_through_monitor(shared_dir: Path, name: str, source: str, rows: int) -> None:
    path = str(shared_dir / "data" / "events" / name)
    data = _monitor("budapest.memorandum", "--events", path, "--allow-rejected")
    (ingest,) = data["ingest"]
    assert (ingest["source"], ingest["rows_read"]) == (source, rows)


@pytest.mark.shared
def test_counterfactual_package_on_real_ucdp_rows_through_the_store(shared_dir: Path, tmp_path: Path) -> None:
    events = shared_dir / "data" / "events" / "ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv"
    store = tmp_path / "events.duckdb"
    assert runner.invoke(app, ["store", "ingest", str(events), "--store", str(store)]).exit_code == 0
    data = _monitor(
        str(ROOT / "examples" / "ukraine-2025"), "--store", str(store), "--as-if-in-force", "2022-02-24"
    )
    assert data["counterfactual"]
    states = {a["state"] for a in data["activations"]}
    assert "breached" in states
    breached = [a for a in data["activations"] if a["state"] == "breached"]
    assert all(a.get("evidence") or a.get("breach_evidence") for a in breached)


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_store_export_reads_back_the_same_in_every_command(tmp_path: Path, kind: str) -> None:
    """A file written by `servanda store events` carries provenance columns; every command reads it alike."""
    store = tmp_path / "events.duckdb"
    events = SOURCES / "ucdp_ged_ukraine_mixeddates_excerpt.csv"
    assert runner.invoke(app, ["store", "ingest", str(events), "--store", str(store)]).exit_code == 0
    exported = tmp_path / f"all.{kind}"
    written = runner.invoke(app, ["store", "events", "--store", str(store), "-f", kind, "-o", str(exported)])
    assert written.exit_code == 0, written.output
    inspected = runner.invoke(app, ["events", "inspect", str(exported), "--format", "json"])
    report = json.loads(inspected.stdout)["report"]
    assert report["rejected"] == 0 and report["accepted"] == report["rows_read"] > 0
    watched = _monitor("budapest.memorandum", "--events", str(exported))
    assert watched["ingest"][0]["accepted"] == report["accepted"]
    evaluated = runner.invoke(
        app, ["evaluate", "budapest.memorandum", "--events", str(exported), "-f", "json"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(evaluated.stdout)["events_file"]["accepted"] == report["accepted"]


def test_monitor_never_creates_a_store_it_was_asked_to_read(tmp_path: Path) -> None:
    missing = tmp_path / "typo.duckdb"
    result = runner.invoke(app, ["monitor", "budapest.memorandum", "--store", str(missing), "-f", "json"])
    assert result.exit_code == 2 and json.loads(result.stdout)["diagnostics"][0]["code"] == "V930"
    assert not missing.exists()


def test_unwritable_plot_is_a_usage_error_not_a_crash(tmp_path: Path) -> None:
    events = SOURCES / "ucdp_ged_ukraine_mixeddates_excerpt.csv"
    target = "/proc/servanda-cannot-write-here.png"
    result = runner.invoke(app, ["monitor", "budapest.memorandum", "--events", str(events), "--plot", target])
    assert result.exit_code == 2 and "E101" in result.output
    series = ROOT / "examples" / "ukraine-2025" / "geometries" / "frontline"
    for option in ("--map", "--plot", "--html"):
        suffix = ".html" if option == "--html" else ".png"
        out = runner.invoke(app, ["frontline", "--series", str(series), option, f"/proc/nope{suffix}"])
        assert out.exit_code == 2 and "E101" in out.output, (option, out.output)


def test_breached_for_want_of_records_says_so() -> None:
    usa = ROOT / "examples" / "ukraine-2025" / "usa.yaml"
    events = ROOT / "tests" / "fixtures" / "monitor" / "serious_breach.csv"
    bare = _monitor(str(usa), "--events", str(events))
    assert any(a["rule"] == "B1" for a in bare["activations"])
    assert "V946" in [d["code"] for d in bare["diagnostics"]]
    recorded = _monitor(
        str(usa), "--events", str(events), "--compliance", str(ROOT / "examples/compliance/ukraine-2026.yaml")
    )
    assert "V946" not in [d["code"] for d in recorded["diagnostics"]]


def test_fifo_is_named_and_no_empty_store_is_left(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    evaluated = runner.invoke(app, ["evaluate", "nato.nat", "--events", str(fifo), "-f", "json"])
    assert evaluated.exit_code == 2 and "FIFO" in evaluated.stdout
    store = tmp_path / "events.duckdb"
    ingested = runner.invoke(app, ["store", "ingest", str(fifo), "--store", str(store), "-f", "json"])
    assert ingested.exit_code == 2 and "FIFO" in ingested.stdout
    assert not store.exists()

"""``servanda monitor --events 'dir/*.parquet'`` on canonical Parquet partitions, on every engine.

A partitioned copy of the Budapest fixture gives the same JSON on ``--engine reference``, ``columnar``
and ``dask`` (a LocalCluster of 2 worker processes started by the command) apart from the engine
field; rejected rows in a partition are counted per file and reconcile; a pattern or folder that
matches nothing is V947 (a folder without Parquet files E101, as before) and Dask options are checked (V951), all exit 2 without a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app
from servanda.sources import read_events_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/monitor/budapest_events.csv"
runner = CliRunner()


def _partitioned(folder: Path, extra: pl.DataFrame | None = None) -> str:
    """The Budapest fixture as three canonical Parquet files (plus ``extra`` rows in a fourth)."""
    frame = read_events_file(FIXTURE).frame.drop("source_file", "source_row")
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-frame.height // 3)
    for i in range(3):
        frame.slice(i * size, size).write_parquet(folder / f"part-{i}.parquet")
    if extra is not None:
        extra.write_parquet(folder / "part-3.parquet")
    return str(folder / "*.parquet")


def _monitor(pattern: str, *options: str) -> tuple[int, dict]:
    result = runner.invoke(
        app, ["monitor", "budapest.memorandum", "--events", pattern, "--format", "json", *options]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip().startswith("{") else {}


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SERVANDA_DASK_SCHEDULER", raising=False)


def test_partitioned_parquet_gives_the_same_json_on_every_engine(tmp_path: Path) -> None:
    pattern = _partitioned(tmp_path / "events")
    answers = {}
    for engine in ("reference", "columnar", "dask"):
        code, data = _monitor(pattern, "--engine", engine)
        assert code == 0, (engine, data)
        assert data.pop("engine") == engine
        answers[engine] = data
    assert answers["dask"] == answers["reference"] == answers["columnar"]
    reference = answers["reference"]
    assert reference["events_considered"] == 7 and len(reference["ingest"]) == 3
    assert reference["counts"]["breached"] >= 1
    # the folder itself names the same partitions
    code, data = _monitor(str(tmp_path / "events"))
    assert code == 0 and data["activations"] == reference["activations"]


def test_rejected_rows_of_a_partition_are_counted_and_reconcile(tmp_path: Path) -> None:
    bad = pl.DataFrame(
        {
            "id": ["x1", "x2", "x3", "x3"],
            "date": ["2014-03-05", None, "2014-03-06", "2014-03-07"],
            "event_class": ["territorial_seizure", "shelling", "not_a_class", "shelling"],
            "actor": ["RUS", "RUS", "RUS", "RUS"],
            "target": ["UKR", "UKR", "UKR", "UKR"],
        }
    ).with_columns(pl.col("date").str.to_date())
    pattern = _partitioned(tmp_path / "events", bad)
    answers = {}
    for engine in ("reference", "columnar"):  # the checks are the service's, the same for every engine
        code, data = _monitor(pattern, "--engine", engine)
        assert code == 1, data  # rows rejected (reported) without --allow-rejected
        data.pop("engine")
        answers[engine] = data
    assert answers["columnar"] == answers["reference"]
    report = answers["columnar"]["ingest"][3]
    assert (report["rows_read"], report["accepted"], report["rejected"], report["reconciles"]) == (
        4,
        2,
        2,
        True,
    )
    assert sorted(g["code"] for g in report["groups"]) == ["V914", "V920"]
    assert answers["columnar"]["events_considered"] == 7 + 2
    code, _ = _monitor(pattern, "--engine", "columnar", "--allow-rejected")
    assert code == 0


def test_a_pattern_matching_nothing_is_v947_and_a_folder_without_parquet_e101(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for given, code in ((str(tmp_path / "none-*.parquet"), "V947"), (str(tmp_path / "empty"), "E101")):
        result = runner.invoke(app, ["monitor", "budapest.memorandum", "--events", given, "--engine", "dask"])
        assert result.exit_code == 2
        assert code in result.output and "Traceback" not in result.output


def test_dask_options_are_checked(tmp_path: Path) -> None:
    pattern = _partitioned(tmp_path / "events")
    for options in (
        ["--scheduler", "tcp://127.0.0.1:8786"],  # without --engine dask
        ["--engine", "dask", "--scheduler", "localhost"],
        ["--engine", "dask", "--workers", "0"],
    ):
        result = runner.invoke(app, ["monitor", "budapest.memorandum", "--events", pattern, *options])
        assert result.exit_code == 2, options
        assert "V951" in result.output and "Traceback" not in result.output


def test_partitions_carrying_their_own_provenance_columns_are_read(tmp_path: Path) -> None:
    # canonical Parquet written with source_file/source_row (as servanda writes it) was a crash (exit 70)
    frame = read_events_file(FIXTURE).frame
    assert {"source_file", "source_row"} <= set(frame.columns)
    folder = tmp_path / "with-provenance"
    folder.mkdir()
    frame.write_parquet(folder / "part-0.parquet")
    code, data = _monitor(str(folder / "*.parquet"), "--engine", "columnar")
    assert code == 0, data
    assert data["events_considered"] == 7
    assert data["ingest"][0]["rows_read"] == data["ingest"][0]["accepted"] == 7

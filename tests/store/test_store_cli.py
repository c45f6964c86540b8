"""``servanda store ingest|list|export|import`` and the store services, as a user meets them.

Until ``servanda.sources.read_events_file`` lands, the tests install a stand-in reader that reads a
canonical CSV with polars and wraps it with :func:`servanda.store.frame_ingest`; the store commands only
rely on the agreed interface (``.frame`` and ``.report``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

import servanda
import servanda.sources
from servanda.interfaces.cli.app import app
from servanda.services import ServiceError, store_ingest, store_list
from servanda.sources.schema import CANONICAL_SCHEMA
from servanda.store import FrameIngest, frame_ingest

runner = CliRunner()

HEADER = "id,source,date,event_class,actor,target,deaths\n"
WEEK1 = HEADER + "UKR1,acled,2022-02-24,shelling,RUS,UKR,3\nUKR2,acled,2022-02-25,shelling,RUS,UKR,0\n"
WEEK2 = HEADER + "UKR1,acled,2022-02-24,shelling,RUS,UKR,4\nUKR3,acled,2022-03-01,air_strike,RUS,UKR,1\n"


def read_canonical_csv(path: Path, source: str | None = None, *, progress: Any = None) -> FrameIngest:
    """Stand-in for ``servanda.sources.read_events_file`` on canonical CSV files."""
    schema = {k: v for k, v in CANONICAL_SCHEMA.items() if k in HEADER.strip().split(",")}
    frame = pl.read_csv(path, schema_overrides=schema)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return frame_ingest(frame, source or "acled", file=str(path), sha256=sha)


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servanda.sources, "read_events_file", read_canonical_csv, raising=False)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    w1, w2 = tmp_path / "week1.csv", tmp_path / "week2.csv"
    w1.write_text(WEEK1, encoding="utf-8")
    w2.write_text(WEEK2, encoding="utf-8")
    return w1, w2


def test_ingest_list_export_import(tmp_path: Path, reader: None) -> None:
    w1, w2 = _files(tmp_path)
    store = str(tmp_path / "s.duckdb")
    out = runner.invoke(app, ["store", "ingest", str(w1), str(w2), "--store", store, "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["format"] == "servanda-store-ingest/1"
    counts = [
        (i["snapshot"]["added"], i["snapshot"]["changed"], i["snapshot"]["deleted"]) for i in doc["ingests"]
    ]
    assert counts == [(2, 0, 0), (1, 1, 1)]
    assert doc["totals"]["rows_read"] == 4 == doc["totals"]["accepted"] + doc["totals"]["rejected"]

    again = runner.invoke(app, ["store", "ingest", str(w2), "--store", store])
    assert again.exit_code == 0, again.output
    assert "nothing changed" in again.stdout and "V938" in again.stdout

    listed = runner.invoke(app, ["store", "list", "--store", store, "--format", "json"])
    assert listed.exit_code == 0
    data = json.loads(listed.stdout)
    assert [s["snapshot_id"] for s in data["snapshots"]] == [1, 2, 3]
    assert data["current"] == {"acled": 2}
    text = runner.invoke(app, ["store", "list", "--store", store])
    assert "no-op" in text.stdout and "current events: acled 2" in text.stdout

    exported = runner.invoke(app, ["store", "export", str(tmp_path / "backup"), "--store", store])
    assert exported.exit_code == 0 and "2 current events, 4 versions and 3 snapshots" in exported.stdout

    copy = str(tmp_path / "copy.duckdb")
    imported = runner.invoke(
        app, ["store", "import", str(tmp_path / "backup"), "--store", copy, "-f", "json"]
    )
    assert imported.exit_code == 0, imported.output
    assert [s["added"] for s in json.loads(imported.stdout)["snapshots"]] == [2]
    with servanda.EventStore(copy) as a, servanda.EventStore(store) as b:
        assert a.events().equals(b.events())


def test_partial_ingest_deletes_nothing(tmp_path: Path, reader: None) -> None:
    w1, w2 = _files(tmp_path)
    store = tmp_path / "s.duckdb"
    store_ingest([w1], store=store)
    result = store_ingest([w2], store=store, partial=True)
    snap = result.ingests[0].snapshot
    assert (snap.added, snap.changed, snap.deleted, snap.full_export) == (1, 1, 0, False)
    assert store_list(store=store).current == {"acled": 3}


def test_bad_store_paths_exit_2_with_codes(tmp_path: Path, reader: None) -> None:
    w1, _ = _files(tmp_path)
    out = runner.invoke(app, ["store", "ingest", str(w1), "--store", str(tmp_path), "-f", "json"])
    assert out.exit_code == 2
    doc = json.loads(out.stdout)
    assert doc["format"] == "servanda-error/1" and doc["diagnostics"][0]["code"] == "V930"
    junk = tmp_path / "junk.duckdb"
    junk.write_text("hello")
    listed = runner.invoke(app, ["store", "list", "--store", str(junk)])
    assert listed.exit_code == 2 and "V931" in listed.output
    assert "Traceback" not in listed.output


def test_missing_file_and_duplicates(tmp_path: Path, reader: None) -> None:
    store = str(tmp_path / "s.duckdb")
    missing = runner.invoke(app, ["store", "ingest", str(tmp_path / "nope.csv"), "--store", store])
    assert missing.exit_code == 2 and "V902" in missing.output
    dup = tmp_path / "dup.csv"
    dup.write_text(HEADER + "UKR1,acled,2022-02-24,shelling,RUS,UKR,3\n" * 2, encoding="utf-8")
    refused = runner.invoke(app, ["store", "ingest", str(dup), "--store", store, "-f", "json"])
    assert refused.exit_code == 1
    assert json.loads(refused.stdout)["diagnostics"][0]["code"] == "V933"
    assert store_list(store=store).snapshots == []


def test_list_of_a_store_not_yet_created(tmp_path: Path) -> None:
    out = runner.invoke(app, ["store", "list", "--store", str(tmp_path / "new.duckdb")])
    assert out.exit_code == 0 and "no event store" in out.stdout
    assert not (tmp_path / "new.duckdb").exists()


def test_service_error_carries_exit_status(tmp_path: Path) -> None:
    events, _ = _files(tmp_path)  # the files are checked first; here the store path (a folder) is wrong
    with pytest.raises(ServiceError) as err:
        store_ingest([events], store=tmp_path, read=read_canonical_csv)
    assert (err.value.code, err.value.exit_code) == ("V930", 2)


def test_progress_is_reported(tmp_path: Path) -> None:
    w1, w2 = _files(tmp_path)
    seen: list[tuple[str, int, int]] = []
    store_ingest(
        [w1, w2],
        store=tmp_path / "s.duckdb",
        read=read_canonical_csv,
        progress=lambda m, d, t: seen.append((m, d, t)),
    )
    assert seen[0] == (f"reading {w1}", 0, 4) and seen[-1] == ("done", 4, 4)
    assert any(m.endswith(": committed") for m, _, _ in seen)


def test_events_as_of_two_dates(tmp_path: Path, reader: None) -> None:
    from datetime import UTC, datetime

    w1, w2 = _files(tmp_path)
    store = tmp_path / "s.duckdb"
    store_ingest([w1], store=store, ingested_at=datetime(2024, 3, 4, 9, tzinfo=UTC))
    store_ingest([w2], store=store, ingested_at=datetime(2024, 3, 11, 9, tzinfo=UTC))

    def run(*args: str) -> Any:
        out = runner.invoke(app, ["store", "events", "--store", str(store), *args])
        assert out.exit_code == 0, out.output
        return out.stdout

    before = json.loads(run("--as-of-data", "2024-03-05", "-f", "json"))
    assert before["count"] == 2 and before["as_of_data"] == "2024-03-05"
    assert {e["id"]: e["deaths"] for e in before["events"]} == {"UKR1": 3, "UKR2": 0}
    assert before["events"][0]["date"] == "2022-02-24"
    after = json.loads(run("--as-of-data", "2024-03-11T10:00+00:00", "-f", "json"))
    assert {e["id"]: e["deaths"] for e in after["events"]} == {"UKR1": 4, "UKR3": 1}
    csv_text = run("--from", "2022-03-01", "-f", "csv")
    assert csv_text.splitlines()[0].startswith("id,source,date") and len(csv_text.splitlines()) == 2
    text = run("--as-of-data", "2024-03-05")
    assert "2 events in" in text and "as known 2024-03-05 (acled 2)" in text and "UKR2" in text

    bad = runner.invoke(app, ["store", "events", "--store", str(store), "--as-of-data", "05/03/2024"])
    assert bad.exit_code == 2 and "E205" in bad.output

"""The as-of event store: counts of an ingest, as-of answers after revisions, bad paths, Parquet."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from servanda.diagnostics import ServandaError
from servanda.sources.schema import CANONICAL_SCHEMA
from servanda.store import EventStore, Snapshot, default_store_path, frame_ingest

MON = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
NEXT_MON = datetime(2024, 3, 11, 9, 0, tzinfo=UTC)


def events(rows: list[tuple[str, str, int]], release: str = "r1", file: str = "export.csv") -> pl.DataFrame:
    """A canonical frame of (id, date, deaths) rows; the provenance columns vary with the release."""
    return pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "source": ["acled"] * len(rows),
            "date": [date.fromisoformat(r[1]) for r in rows],
            "event_class": ["shelling"] * len(rows),
            "actor": ["RUS"] * len(rows),
            "target": ["UKR"] * len(rows),
            "deaths": [r[2] for r in rows],
            "source_file": [file] * len(rows),
            "source_row": list(range(1, len(rows) + 1)),
            "source_version": [release] * len(rows),
        }
    )


WEEK1 = [("UKR1", "2022-02-24", 3), ("UKR2", "2022-02-25", 0), ("UKR3", "2022-03-01", 7)]
# the next week's full export: UKR1 revised (deaths 3 -> 4), UKR2 deleted, UKR3 re-exported on
# another row with a new release stamp (unchanged), UKR4 new
WEEK2 = [("UKR3", "2022-03-01", 7), ("UKR1", "2022-02-24", 4), ("UKR4", "2022-03-02", 1)]


@pytest.fixture
def store(tmp_path: Path) -> EventStore:
    return EventStore(tmp_path / "events.duckdb")


def test_first_ingest_adds_everything(store: EventStore) -> None:
    snap = store.ingest(frame_ingest(events(WEEK1), "acled", file="w1.csv"), ingested_at=MON)
    assert (snap.snapshot_id, snap.added, snap.changed, snap.deleted, snap.unchanged) == (1, 3, 0, 0, 0)
    assert snap.reconciles and not snap.no_op
    assert store.events()["id"].to_list() == ["UKR1", "UKR2", "UKR3"]
    assert store.events().columns == list(CANONICAL_SCHEMA)


def test_revised_full_export_counts_and_as_of_answers(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    snap = store.ingest(frame_ingest(events(WEEK2, release="r2"), "acled"), ingested_at=NEXT_MON)
    assert (snap.added, snap.changed, snap.deleted, snap.unchanged) == (1, 1, 1, 1)
    assert snap.reconciles

    def deaths(frame: pl.DataFrame) -> dict[str, int]:
        return dict(zip(frame["id"].to_list(), frame["deaths"].to_list(), strict=True))

    # as known on each data date
    assert deaths(store.events(as_of_data=date(2024, 3, 5))) == {"UKR1": 3, "UKR2": 0, "UKR3": 7}
    assert deaths(store.events(as_of_data=date(2024, 3, 11))) == {"UKR1": 4, "UKR3": 7, "UKR4": 1}
    assert deaths(store.events()) == {"UKR1": 4, "UKR3": 7, "UKR4": 1}
    # a date means the end of that day; a datetime the instant
    assert store.events(as_of_data=date(2024, 3, 4)).height == 3
    assert store.events(as_of_data=datetime(2024, 3, 4, 8, 59, tzinfo=UTC)).height == 0
    assert deaths(store.events(as_of_data=datetime(2024, 3, 11, 9, 0))) == {"UKR1": 4, "UKR3": 7, "UKR4": 1}
    # before the first snapshot nothing was known
    assert store.events(as_of_data=date(2024, 1, 1)).height == 0
    # history keeps both versions of UKR1, the deleted UKR2 closed by snapshot 2
    hist = store.history("acled")
    ukr1 = hist.filter(pl.col("id") == "UKR1").sort("valid_from")
    assert ukr1["valid_from"].to_list() == [1, 2] and ukr1["valid_to"].to_list() == [2, None]
    assert ukr1["first_seen_at"].to_list()[1] == datetime(2024, 3, 4, 9, 0)
    assert hist.filter(pl.col("id") == "UKR2")["valid_to"].to_list() == [2]
    # unchanged UKR3 keeps its first version even though its row and release stamp changed
    assert hist.filter(pl.col("id") == "UKR3")["valid_from"].to_list() == [1]


def test_partial_export_deletes_nothing(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    snap = store.ingest(
        frame_ingest(events([("UKR1", "2022-02-24", 9)]), "acled"), full_export=False, ingested_at=NEXT_MON
    )
    assert (snap.added, snap.changed, snap.deleted, snap.unchanged) == (0, 1, 0, 0)
    assert store.events()["deaths"].to_list() == [9, 0, 7]


def test_deleted_event_that_reappears_keeps_first_seen(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    store.ingest(frame_ingest(events(WEEK2), "acled"), ingested_at=NEXT_MON)
    snap = store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=datetime(2024, 3, 18, tzinfo=UTC))
    # UKR4 (2 March) lies after this export's last date, so it is outside its extent: kept
    assert (snap.added, snap.changed, snap.deleted, snap.unchanged) == (1, 1, 0, 1)
    ukr2 = store.history().filter(pl.col("id") == "UKR2")
    assert ukr2["first_seen_at"].to_list() == [datetime(2024, 3, 4, 9, 0)] * 2


def test_other_sources_are_untouched_by_a_full_export(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    ucdp = events([("1001", "2022-02-24", 5)]).with_columns(source=pl.lit("ucdp_ged"))
    snap = store.ingest(frame_ingest(ucdp, "ucdp_ged"), ingested_at=NEXT_MON)
    assert snap.deleted == 0
    assert store.events().height == 4
    assert store.events(sources="ucdp_ged")["id"].to_list() == ["1001"]
    assert store.events(sources=["acled"], start=date(2022, 2, 25), end=date(2022, 3, 1))["id"].to_list() == [
        "UKR2",
        "UKR3",
    ]


def test_identical_file_is_a_no_op_snapshot(store: EventStore) -> None:
    first = store.ingest(frame_ingest(events(WEEK1), "acled", sha256="ab" * 32), ingested_at=MON)
    again = store.ingest(frame_ingest(events(WEEK1), "acled", sha256="ab" * 32), ingested_at=NEXT_MON)
    assert again.no_op and again.snapshot_id == first.snapshot_id + 1
    assert (again.added, again.changed, again.deleted, again.unchanged) == (0, 0, 0, 3)
    assert "nothing changed" in again.line()
    assert store.history().height == 3
    assert [s.no_op for s in store.snapshots()] == [False, True]


def test_duplicate_ids_are_refused_and_nothing_is_stored(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    dup = events([("UKR9", "2022-03-01", 1), ("UKR9", "2022-03-02", 2), ("UKR1", "2022-02-24", 3)])
    with pytest.raises(ServandaError) as err:
        store.ingest(frame_ingest(dup, "acled", file="dup.csv"), ingested_at=NEXT_MON)
    assert err.value.code == "V933"
    assert "`UKR9` ×2 (rows 1, 2)" in err.value.diagnostics[0].message
    assert err.value.diagnostics[0].file == "dup.csv"
    assert len(store.snapshots()) == 1 and store.events().height == 3


def test_rows_without_id_are_refused(store: EventStore) -> None:
    bad = events([("", "2022-03-01", 1)])
    with pytest.raises(ServandaError) as err:
        store.ingest(frame_ingest(bad, "acled"), ingested_at=MON)
    assert err.value.code == "V933" and "source rows 1" in err.value.diagnostics[0].message
    assert store.snapshots() == []


def test_ingest_time_going_backwards_is_refused(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=NEXT_MON)
    with pytest.raises(ServandaError) as err:
        store.ingest(frame_ingest(events(WEEK2), "acled"), ingested_at=MON)
    assert err.value.code == "V935"


def test_report_that_does_not_reconcile_is_refused(store: EventStore) -> None:
    class Report:
        source, file, sha256 = "acled", "x.csv", None
        rows_read, accepted, rejected = 10, 3, 6

    class Ingest:
        frame = events(WEEK1)
        report = Report()

    with pytest.raises(ServandaError) as err:
        store.ingest(Ingest(), ingested_at=MON)
    assert err.value.code == "V936" and "10 read, 3 accepted, 6 rejected" in str(err.value)


def test_report_counts_are_kept(store: EventStore) -> None:
    class Report:
        source, file, sha256 = "acled", "x.csv", "cd" * 32
        rows_read, accepted, rejected = 5, 3, 2

    class Ingest:
        frame = events(WEEK1)
        report = Report()

    snap = store.ingest(Ingest(), ingested_at=MON)
    assert (snap.rows_read, snap.accepted, snap.rejected, snap.file) == (5, 3, 2, "x.csv")
    assert snap.reconciles
    reopened = store.snapshots()[0]
    assert reopened == snap and reopened.ingested_at.tzinfo is UTC


def test_store_persists_across_processes_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with EventStore(path) as first:
        first.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    with EventStore(path, read_only=True) as again:
        assert again.events().height == 3
        assert isinstance(again.snapshots()[0], Snapshot)
        with pytest.raises(ServandaError) as err:
            again.ingest(frame_ingest(events(WEEK2), "acled"))
        assert err.value.code == "V930"


def test_empty_full_export_deletes_nothing(store: EventStore) -> None:
    """An empty file is more likely a failed download than every event withdrawn."""
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    snap = store.ingest(frame_ingest(events([]), "acled"), ingested_at=NEXT_MON)
    assert (snap.added, snap.deleted) == (0, 0)
    assert store.events().height == 3


def test_full_export_deletes_only_within_its_countries_and_dates(store: EventStore) -> None:
    ukraine = events(WEEK1).with_columns(country=pl.lit("UKR"))
    store.ingest(frame_ingest(ukraine, "acled"), ingested_at=MON)
    syria = events([("SYR1", "2022-02-24", 2)]).with_columns(country=pl.lit("SYR"))
    snap = store.ingest(frame_ingest(syria, "acled"), ingested_at=NEXT_MON)
    assert (snap.added, snap.deleted) == (1, 0)  # a Syria export says nothing about Ukraine
    # a Ukraine export of 25 Feb - 1 Mar lacking UKR2 deletes it, not UKR1 of 24 Feb outside its span
    later = ukraine.filter(pl.col("id") == "UKR3").vstack(
        events([("UKR5", "2022-02-25", 0)]).with_columns(country=pl.lit("UKR"))
    )
    snap = store.ingest(frame_ingest(later, "acled"), ingested_at=datetime(2024, 3, 18, tzinfo=UTC))
    assert (snap.added, snap.deleted, snap.unchanged) == (1, 1, 1)
    assert sorted(store.events()["id"].to_list()) == ["SYR1", "UKR1", "UKR3", "UKR5"]


# -- bad store paths ---------------------------------------------------------------------------------


def test_store_path_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ServandaError) as err:
        EventStore(tmp_path)
    assert err.value.code == "V930" and "is a folder" in str(err.value)


def test_store_in_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ServandaError) as err:
        EventStore(tmp_path / "nope" / "s.duckdb")
    assert err.value.code == "V930" and "does not exist" in str(err.value)


def test_store_path_not_writable(tmp_path: Path) -> None:
    # /proc refuses new files even to root; a read-only folder refuses them to everyone else
    target = Path("/proc/servanda-test.duckdb")
    if not Path("/proc").is_dir():
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "s.duckdb"
    with pytest.raises(ServandaError) as err:
        EventStore(target)
    assert err.value.code == "V930"
    assert str(target) in err.value.diagnostics[0].location


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_store_file_without_write_permission(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    EventStore(path).close()
    path.chmod(0o400)
    with pytest.raises(ServandaError) as err:
        EventStore(path)
    assert err.value.code == "V930" and "permission denied" in str(err.value)


def test_file_that_is_not_duckdb(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("id,date\nUKR1,2022-02-24\n", encoding="utf-8")
    with pytest.raises(ServandaError) as err:
        EventStore(path)
    assert err.value.code == "V931"
    assert path.read_text(encoding="utf-8").startswith("id,date")  # not overwritten


def test_other_duckdb_database_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE prices (x INTEGER)")
    con.close()
    with pytest.raises(ServandaError) as err:
        EventStore(path)
    assert err.value.code == "V931" and "prices" in str(err.value)


def test_read_only_missing_store(tmp_path: Path) -> None:
    with pytest.raises(ServandaError) as err:
        EventStore(tmp_path / "none.duckdb", read_only=True)
    assert err.value.code == "V930" and "no event store" in str(err.value)


def test_default_store_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SERVANDA_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "servanda" / "events.duckdb"
    with EventStore() as store:  # creates the folder
        assert store.path == tmp_path / "xdg" / "servanda" / "events.duckdb"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_store_path() == tmp_path / "home" / ".local" / "share" / "servanda" / "events.duckdb"
    monkeypatch.setenv("SERVANDA_STORE", str(tmp_path / "explicit.duckdb"))
    assert default_store_path() == tmp_path / "explicit.duckdb"


# -- Parquet -----------------------------------------------------------------------------------------


def test_parquet_round_trip(store: EventStore, tmp_path: Path) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    store.ingest(frame_ingest(events(WEEK2), "acled"), ingested_at=NEXT_MON)
    ucdp = events([("1001", "2022-02-24", 5)]).with_columns(source=pl.lit("ucdp_ged"), lon=pl.lit(37.5))
    store.ingest(frame_ingest(ucdp, "ucdp_ged"), ingested_at=NEXT_MON)
    out = store.export_parquet(tmp_path / "export")
    assert (out["current"], out["versions"], out["snapshots"]) == (4, 6, 3)
    assert (tmp_path / "export" / "current" / "source=acled").is_dir()
    assert (tmp_path / "export" / "history" / "source=ucdp_ged").is_dir()
    assert pl.read_parquet(tmp_path / "export" / "snapshots.parquet").height == 3

    with EventStore(tmp_path / "copy.duckdb") as copy:
        snaps = copy.import_parquet(tmp_path / "export")
        assert [(s.source, s.added) for s in snaps] == [("acled", 3), ("ucdp_ged", 1)]
        assert copy.events().equals(store.events())
        # importing the same current events again changes nothing
        again = copy.import_parquet(tmp_path / "export" / "current")
        assert [(s.added, s.changed, s.unchanged) for s in again] == [(0, 0, 3), (0, 0, 1)]


def test_import_single_canonical_file(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    events(WEEK1).drop("source").write_parquet(path)
    (snap,) = store.import_parquet(path, ingested_at=MON)
    assert snap.source == "canonical" and snap.added == 3 and snap.sha256 and len(snap.sha256) == 64
    (again,) = store.import_parquet(path, ingested_at=NEXT_MON)
    assert again.no_op


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.write_text("not parquet"), p)[1], "cannot read"),
        (lambda p: (pl.DataFrame({"x": [1]}).write_parquet(p), p)[1], "no `id` column"),
        (lambda p: (pl.DataFrame({"id": ["a"], "colour": [1]}).write_parquet(p), p)[1], "colour"),
    ],
)
def test_bad_parquet_imports(store: EventStore, tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path / "in.parquet")  # type: ignore[operator]
    with pytest.raises(ServandaError) as err:
        store.import_parquet(path)
    assert err.value.code == "V937" and message in str(err.value)
    assert store.snapshots() == []


def test_export_to_a_file_is_refused(store: EventStore, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ServandaError) as err:
        store.export_parquet(tmp_path / "f")
    assert err.value.code == "V937"


def test_store_in_use_by_another_process(tmp_path: Path) -> None:
    """DuckDB allows one writing process: a second one gets V932 at once, not a hang or a traceback."""
    import subprocess
    import sys
    import time

    path, ready = tmp_path / "s.duckdb", tmp_path / "ready"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib; from servanda.store import EventStore; "
            "s = EventStore(sys.argv[1]); pathlib.Path(sys.argv[2]).write_text('open'); time.sleep(60)",
            str(path),
            str(ready),
        ]
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        with pytest.raises(ServandaError) as err:
            EventStore(path)
        assert err.value.code == "V932" and "in use by another process" in str(err.value)
    finally:
        holder.kill()
        holder.wait()
    with EventStore(path) as store:  # free again once the other process is gone
        assert store.snapshots() == []


def test_incremental_sources_are_partial_by_default(store: EventStore) -> None:
    gdelt = events([("881990832", "2019-10-24", 0), ("881990836", "2019-10-24", 0)]).with_columns(
        source=pl.lit("gdelt")
    )
    store.ingest(frame_ingest(gdelt, "gdelt2"), ingested_at=MON)
    next_file = frame_ingest(gdelt.tail(1).with_columns(id=pl.lit("881990900")), "gdelt2")
    snap = store.ingest(next_file, ingested_at=NEXT_MON)
    assert (snap.full_export, snap.added, snap.deleted) == (False, 1, 0)
    assert store.events(sources="gdelt").height == 3
    # told it is a full export, it deletes
    last = store.ingest(next_file, full_export=True, ingested_at=datetime(2024, 3, 18, tzinfo=UTC))
    assert (last.full_export, last.deleted, last.unchanged) == (True, 2, 1)


def test_full_export_with_rejected_rows_deletes_nothing(store: EventStore) -> None:
    store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)

    class Report:
        source, file, sha256 = "acled", "week2.csv", None
        rows_read, accepted, rejected = 4, 3, 1

    class Ingest:
        frame = events(WEEK2)
        report = Report()

    snap = store.ingest(Ingest(), ingested_at=NEXT_MON)
    assert snap.full_export and snap.deletions_withheld and snap.reconciles
    assert (snap.added, snap.changed, snap.deleted, snap.unchanged) == (1, 1, 0, 1)
    assert "no deletions recorded: 1 row(s) were rejected" in snap.line()
    assert sorted(store.events()["id"].to_list()) == ["UKR1", "UKR2", "UKR3", "UKR4"]


def test_store_from_before_a_new_canonical_column(tmp_path: Path) -> None:
    """A canonical column added after the store was created reads as null, and is added on write."""
    path = tmp_path / "s.duckdb"
    with EventStore(path) as store:
        store.ingest(frame_ingest(events(WEEK1), "acled"), ingested_at=MON)
    con = duckdb.connect(str(path))
    con.execute('ALTER TABLE event_versions DROP COLUMN "target_text"')
    con.close()
    with EventStore(path, read_only=True) as old:
        frame = old.events()
        assert frame.columns == list(CANONICAL_SCHEMA) and frame["target_text"].null_count() == 3
    with EventStore(path) as store:
        snap = store.ingest(
            frame_ingest(events(WEEK2).with_columns(target_text=pl.lit("Ukraine")), "acled"),
            ingested_at=NEXT_MON,
        )
        assert snap.changed == 2  # the actors as written are part of the content
        assert store.events()["target_text"].to_list() == ["Ukraine"] * 3

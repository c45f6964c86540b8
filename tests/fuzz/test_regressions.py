"""One regression test per reproduction of issue 8 handled by the hardened reader/writer and bounded dates."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app
from servanda.io.reader import MAX_DEPTH, nesting_problem, parse_json, read_bytes, read_text
from servanda.io.writer import OutputError, write_text
from servanda.io.yaml_source import parse_text, read_source
from servanda.model.periods import DateOutOfRange, Duration, parse_user_date
from servanda.model.vocabulary import TimeUnit
from servanda.semantics.geometry import GeometryError, read_geojson
from servanda.sources.rows import read_events, read_events_csv

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests/diagnostics/fixtures/_valid.yaml"
PKG = ROOT / "tests/analyses/packages/fixtures/pkg"
runner = CliRunner()
HEADER = "id,date,event_class,actor,target,country,lat,lon\n"


def _row(i: int, date: str = "2026-03-05", country: str = "LVA", lat: str = "56.9") -> str:
    return f"e{i},{date},missile_strike,RUS,{country},{country},{lat},24.1\n"


def _bad_100(tmp: Path) -> Path:
    """100 rows, 7 of them bad in seven different ways."""
    rows = [_row(i) for i in range(100)]
    rows[3] = _row(3, date="9999-12-31")
    rows[10] = _row(10, country="Latvia")
    rows[20] = _row(20, country="RUS\u0430"[:-1] + "\u0430")
    rows[30] = _row(30, lat="nan")
    rows[40] = "e40,2026-03-05,missile_strike\n"
    rows[50] = _row(50).rstrip("\n") + ",extra\n"
    rows[60] = 'e60,"2026-03-05,missile_strike,RUS,LVA,LVA,56.9,24.1\n'
    path = tmp / "bad.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the reader


def test_deep_nesting_is_refused_in_linear_time() -> None:
    text = "a: " + "[" * 16000 + "]" * 16000 + "\n"
    start = time.perf_counter()
    doc = parse_text(text, "deep.yaml")
    assert time.perf_counter() - start < 1.0
    assert doc.data is None and doc.diagnostics[0].code == "E104"
    assert "nesting deeper than 64" in doc.diagnostics[0].message


def test_yaml_indentation_depth_counts() -> None:
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + " " * 200 + "v\n"
    assert nesting_problem(text, "x.yaml") is not None
    assert nesting_problem("a:\n  - b: [1, {c: d}]\n  - '[[[[['\n# [[[[[[\n", "x.yaml") is None


def test_json_nesting_and_nan_refused() -> None:
    assert parse_json("[" * 5000 + "]" * 5000, "x.json")[1].code == "E104"
    assert "NaN" in parse_json('{"lat": NaN}', "x.json")[1].message


def test_directory_fifo_and_device_are_refused(tmp_path: Path) -> None:
    assert "is a folder" in read_bytes(tmp_path).diagnostics[0].message
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    start = time.perf_counter()
    assert "FIFO" in read_source(fifo).diagnostics[0].message
    assert "device" in read_bytes("/dev/zero").diagnostics[0].message
    assert time.perf_counter() - start < 1.0


def test_size_cap_is_enforced_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    doc = read_source(big)
    assert doc.diagnostics[0].code == "E103" and doc.data is None


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ("a: b\n".encode("utf-16"), "UTF-16"),
        ("a: b\n".encode("utf-32"), "UTF-32"),
        ("a: b\n".encode("utf-16-le"), "UTF-16"),
        (b"a: b\x00\x01\x02\n", "NUL"),
        ("a: café\n".encode("cp1252"), "Windows-1252"),
    ],
)
def test_encodings_are_named(tmp_path: Path, data: bytes, named: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    diagnostic = read_text(path).diagnostics[0]
    assert diagnostic.code == "E102"
    assert named in diagnostic.message + (diagnostic.hint or "")


def test_stance_file_not_utf8_or_deep_is_coded(tmp_path: Path) -> None:
    from servanda.analyses.legislatures.stances import load_stances
    from servanda.diagnostics import ServandaError

    for content, reader_code in (
        ("as_of: café\n".encode("cp1252"), "E102"),
        (b"a: " + b"[" * 1000 + b"]" * 1000, "E104"),
    ):
        path = tmp_path / "stances.yaml"
        path.write_bytes(content)
        with pytest.raises(ServandaError) as caught:
            load_stances(path)
        assert caught.value.code == "R506"  # the reader's own code is kept as a note
        assert any(note.startswith(reader_code) for d in caught.value.diagnostics for note in d.notes)


# --------------------------------------------------------------------------- the writer


@pytest.mark.parametrize("target", ["/tmp", "/nonexistent/s.json", "/dev/full"])
def test_schema_output_problems_are_coded(target: str) -> None:
    if target == "/dev/full" and not Path(target).exists():
        pytest.skip("no /dev/full here")
    result = runner.invoke(app, ["schema", "-o", target])
    assert result.exit_code == 2 and "E101" in result.output and target in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_writer_names_the_file(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0 and str(out) in result.output and out.read_text().startswith("{")
    with pytest.raises(OutputError) as caught:
        write_text(tmp_path, "x")
    assert caught.value.diagnostic.code == "E101" and "folder" in caught.value.diagnostic.message


# --------------------------------------------------------------------------- dates and numbers


def test_period_arithmetic_raises_a_coded_error() -> None:
    with pytest.raises(DateOutOfRange):
        Duration(amount=10, unit=TimeUnit.YEARS).add_to(datetime(9995, 1, 1))
    with pytest.raises(DateOutOfRange):
        Duration(amount=30, unit=TimeUnit.DAYS).add_to(datetime(9999, 12, 20))
    with pytest.raises(ValueError, match="outside the supported range"):
        parse_user_date("9999-12-31")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1799-12-31", "2201-01-01"])
def test_event_dates_out_of_range_are_rejected_rows(tmp_path: Path, day: str) -> None:
    path = tmp_path / "e.csv"
    path.write_text(HEADER + _row(1, date=day) + _row(2), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "nato.nat", "--events", str(path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "outside the supported range" in result.output


def test_package_date_and_scenario_out_of_range(tmp_path: Path) -> None:
    result = runner.invoke(app, ["package", str(PKG), "--attack-at", "33,48", "--date", "9999-12-31"])
    assert result.exit_code in (1, 2) and "outside the supported range" in result.output
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "format: servanda-scenario/1\nevents:\n  - {id: s1, date: 9999-12-31, lon: 33.0, lat: 48.0, actor: RUS,"
        " target: UKR, country: UKR, event_class: missile_strike}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["package", str(PKG), "--scenario", str(scenario)])
    assert result.exit_code in (1, 2) and not isinstance(result.exception, OverflowError)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_instrument_signed_in_9999_is_out_of_range(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8")
    path = tmp_path / "late.yaml"
    path.write_text(text.replace("status:", "signed: 9999-12-30\nstatus:", 1), encoding="utf-8")
    check = runner.invoke(app, ["check", str(path)])
    assert check.exit_code == 1 and "E210" in check.output and "outside the supported range" in check.output
    for command in ("ratify", "durability"):
        result = runner.invoke(app, [command, str(path), "--as-of", "2026-01-01"])
        assert result.exit_code in (1, 2)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_nan_latitude_says_nan(tmp_path: Path) -> None:
    batch = read_events_csv(HEADER + _row(1, lat="nan") + _row(2, lat="inf"), "x.csv")
    messages = [d.message for d in batch.diagnostics]
    assert "NaN" in messages[0] and "infinite" in messages[1]


# --------------------------------------------------------------------------- events rows


def test_100_rows_7_bad_counted_once_everywhere(tmp_path: Path) -> None:
    from servanda.api import evaluate

    path = _bad_100(tmp_path)
    batch = read_events(path)
    assert (batch.rows, len(batch.events), batch.rejected) == (100, 93, 7) and batch.reconciles()
    text = runner.invoke(app, ["evaluate", "nato.nat", "--events", str(path)])
    assert "100 rows read = 93 accepted + 7 rejected" in text.output
    data = json.loads(
        runner.invoke(app, ["evaluate", "nato.nat", "--events", str(path), "-f", "json"]).stdout
    )
    assert data["events_rejected"] == 7 == data["events_file"]["rejected"]
    assert len(data["input_diagnostics"]) == 7 and data["events_file"]["rows"] == 100
    assert sum(g["count"] for g in data["events_file"]["rejected_by_cause"]) == 7
    assert evaluate("nato.nat", path).events_rejected == 7


def test_api_counts_are_the_shared_event_counts(tmp_path: Path) -> None:
    from servanda.api import evaluate
    from servanda.sources.rows import EventCounts

    out = evaluate("nato.nat", _bad_100(tmp_path))
    assert isinstance(out.events, EventCounts)
    assert (out.events.rows, out.events.accepted, out.events.rejected) == (100, 93, 7)
    assert out.events_rejected == out.result.events_rejected == len(out.result.input_diagnostics) == 7


@pytest.mark.parametrize("command", ["evaluate", "package"])
def test_rejected_rows_grouped_unless_all(tmp_path: Path, command: str) -> None:
    """7 rows bad for the same cause: one grouped diagnostic by default, every row with `--all`."""
    rows = [_row(i, country="Latvia" if i % 10 == 3 and i < 70 else "LVA") for i in range(100)]
    path = tmp_path / "same.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    args = (
        ["evaluate", "nato.nat", "--events", str(path), "--allow-rejected"]
        if command == "evaluate"
        else ["package", str(PKG), "--scenario", str(path)]
    )
    grouped = runner.invoke(app, args, env={"COLUMNS": "250"})
    every = runner.invoke(app, [*args, "--all"], env={"COLUMNS": "250"})
    assert "7 rows rejected for the same cause" in grouped.stderr and grouped.stderr.count("V901") == 1
    assert every.stderr.count("V901") == 7 and "same cause" not in every.stderr
    assert "100 rows read = 93 accepted + 7 rejected" in grouped.output


def test_ragged_rows_are_rejected_one_by_one(tmp_path: Path) -> None:
    batch = read_events(_bad_100(tmp_path))
    messages = " | ".join(d.message for d in batch.diagnostics)
    assert "3 field(s), the header has 8" in messages and "9 field(s)" in messages
    assert "unterminated quote" in messages


def test_values_quoted_as_written_and_lookalikes_named(tmp_path: Path) -> None:
    batch = read_events(_bad_100(tmp_path))
    text = " | ".join(d.message + " ".join(d.notes) for d in batch.diagnostics)
    assert "`Latvia`" in text and "latvia" not in text
    assert "U+0430" in text and "CYRILLIC SMALL LETTER A" in text


def test_repeated_causes_are_grouped() -> None:
    rows = "".join(_row(i, country="Latvia") for i in range(5000))
    batch = read_events_csv(HEADER + rows, "big.csv")
    assert batch.rejected == 5000 and len(batch.diagnostics) == 5000
    grouped = batch.grouped()
    assert len(grouped) == 1 and "5,000 rows rejected" in grouped[0].message
    assert "4,995 more" in grouped[0].notes[-1]
    assert batch.counts().groups[0].count == 5000


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("event_id_cnty,event_date,year,actor1,event_type,fatalities\n", "ACLED"),
        ("id,year,type_of_violence,side_a,side_b,best,date_start,where_prec\n", "UCDP GED"),
        ("\t".join(str(i) for i in range(58)) + "\n", "GDELT"),
    ],
)
def test_foreign_exports_are_read_by_their_adapter(header: str, name: str) -> None:
    """A foreign export is no longer refused (V903 is retired): its adapter reads it, or says why not."""
    batch = read_events_csv(header + "1,2,3\n", "x.csv")
    assert batch.diagnostics and all(d.code.startswith("V9") and d.code != "V903" for d in batch.diagnostics)
    assert all(d.file == "x.csv" for d in batch.diagnostics), batch.diagnostics
    assert batch.reconciles()


def test_events_json_nested_arrays(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    batch = read_events(path)
    assert batch.diagnostics[0].code == "V902" and "nesting" in batch.diagnostics[0].message


# --------------------------------------------------------------------------- geometry


def test_geojson_deep_device_fifo_nan_selfintersecting(tmp_path: Path) -> None:
    deep = tmp_path / "deep.geojson"
    deep.write_text('{"type": "Polygon", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}")
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    bowtie = tmp_path / "bowtie.geojson"
    bowtie.write_text('{"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}')
    nan = tmp_path / "nan.geojson"
    nan.write_text('{"type": "Polygon", "coordinates": [[[0, 0], [1, 1e400], [1, 0], [0, 0]]]}')
    for path, words in [
        (deep, "nesting"),
        (Path("/dev/zero"), "device"),
        (fifo, "FIFO"),
        (bowtie, "Self-intersection"),
        (nan, "infinite"),
    ]:
        with pytest.raises(GeometryError, match=words):
            read_geojson(path)


# --------------------------------------------------------------------------- elsewhere (item 5, API)

_EVENTS = [{"id": "e1", "date": "2026-03-05", "event_class": "missile_strike", "country": "LVA"}]


def test_api_evaluate_mapping_is_a_clear_error() -> None:
    from servanda.api import evaluate

    with pytest.raises(TypeError, match="events must be a file path"):
        evaluate("nato.nat", {"a": 1})  # type: ignore[arg-type]


def test_api_as_of_string_accepted() -> None:
    from servanda.api import evaluate

    result = evaluate("nato.nat", _EVENTS, as_of="2026-04-01")
    assert result.as_of is not None and result.as_of.isoformat() == "2026-04-01"
    assert result.events_considered == 1
    assert evaluate("nato.nat", _EVENTS, as_of="2026-03-01").events_considered == 0  # the cutoff applies


def test_api_geometries_empty_adds_nothing_and_a_wrong_type_is_a_clear_error() -> None:
    from servanda.api import evaluate

    plain = evaluate("nato.nat", _EVENTS)
    empty = evaluate("nato.nat", _EVENTS, geometries={})  # no KeyError: {} adds no geometry
    assert [a.obligation for a in empty.activations] == [a.obligation for a in plain.activations]
    with pytest.raises(TypeError, match="geometries must be a mapping"):
        evaluate("nato.nat", _EVENTS, geometries=["zone"])  # type: ignore[arg-type]


def test_api_missing_events_file_raises() -> None:
    from servanda.api import evaluate
    from servanda.diagnostics import ServandaError

    with pytest.raises(ServandaError) as caught:
        evaluate("nato.nat", "/nonexistent/events.csv")
    assert caught.value.code == "V902" and "/nonexistent/events.csv" in str(caught.value)


def test_api_none_events_is_a_clear_error() -> None:
    from servanda.api import evaluate

    with pytest.raises(TypeError, match="events must be a file path"):
        evaluate("nato.nat", None)  # type: ignore[arg-type]


def test_package_scenario_with_bad_rows_says_so(tmp_path: Path) -> None:
    """The same 100 rows / 7 bad through `package`: text, JSON and API agree on 7 rejected."""
    from servanda.api import package

    path = _bad_100(tmp_path)
    text = runner.invoke(app, ["package", str(PKG), "--scenario", str(path)], env={"COLUMNS": "250"})
    assert "93 event(s)" in text.output and "7 row(s) rejected" in text.output
    assert "100 rows read = 93 accepted + 7 rejected" in text.output
    data = json.loads(runner.invoke(app, ["package", str(PKG), "--scenario", str(path), "-f", "json"]).stdout)
    counts = data["answers"][0]["scenario"]["events_file"]
    assert data["answers"][0]["scenario"]["events_rejected"] == 7
    assert (counts["rows"], counts["accepted"], counts["rejected"]) == (100, 93, 7)
    assert [d["code"] for d in counts["diagnostics"]] == ["V901"] * 7
    assert sum(g["count"] for g in counts["rejected_by_cause"]) == 7
    assert package(PKG, scenario=path).events_rejected == 7


@pytest.mark.parametrize("deaths", ["99999999999999999999999999", "5000000000"])
def test_huge_death_counts_are_rejected_rows_not_a_crash(tmp_path: Path, deaths: str) -> None:
    """Found by `scripts/fuzz --inputs 10000` (seed 0, case 153): a 26-digit death count crashed `evaluate`
    with a polars cast error (exit 70); counts beyond MAX_DEATHS are now refused as data errors."""
    path = tmp_path / "e.csv"
    path.write_text(
        "id,date,event_class,actor,target,country,lat,lon,deaths\n"
        f"e1,2026-03-06,shelling,RUS,UKR,UKR,49.90,36.20,{deaths}\n"
        "e2,2026-03-06,shelling,RUS,UKR,UKR,49.90,36.20,3\n",
        encoding="utf-8",
    )
    out = runner.invoke(app, ["evaluate", "nato.nat", "--events", str(path), "--format", "json"])
    assert out.exit_code == 1, out.output
    data = json.loads(out.stdout)
    assert (data["events_file"]["rows"], data["events_rejected"]) == (2, 1)
    inspected = runner.invoke(app, ["events", "inspect", str(path), "--format", "json"])
    report = json.loads(inspected.stdout)["report"]
    assert (report["rows_read"], report["accepted"], report["rejected"]) == (2, 1, 1)

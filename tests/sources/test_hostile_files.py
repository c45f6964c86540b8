"""Event files that are no ordinary text file: coded diagnostics, never a traceback, hang or recursion.

Every reader of events (``read_events_file``, ``servanda events inspect``, ``servanda monitor --events``)
goes through the checks of :mod:`servanda.io.reader` before parsing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.diagnostics import ServandaError
from servanda.interfaces.cli.app import app
from servanda.sources import detect_source, read_events_file

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "examples" / "ukraine-2025"
runner = CliRunner()


def _fifo(tmp: Path) -> Path:
    path = tmp / "events.csv"
    os.mkfifo(path)
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "events.csv"
    path.mkdir()
    return path


def _deep_json(tmp: Path) -> Path:
    path = tmp / "events.json"
    path.write_text("[" * 2000 + "]" * 2000)
    return path


def _utf16(tmp: Path) -> Path:
    path = tmp / "events.csv"
    path.write_bytes("id,date,event_class\ne1,2025-01-01,shelling\n".encode("utf-16"))
    return path


def _utf16_no_bom(tmp: Path) -> Path:
    path = tmp / "events.csv"
    path.write_bytes("id,date,event_class\ne1,2025-01-01,shelling\n".encode("utf-16-le"))
    return path


def _dev_zero(tmp: Path) -> Path:
    return Path("/dev/zero")


CASES: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "fifo": (_fifo, "E101", "FIFO"),
    "dev-zero": (_dev_zero, "E101", "device"),
    "directory": (_directory, "E101", "folder"),
    "deep-json": (_deep_json, "E104", "nesting deeper than 64"),
    "utf16": (_utf16, "E102", "UTF-16"),
    "utf16-no-bom": (_utf16_no_bom, "E102", "UTF-16"),
}


@pytest.fixture(params=sorted(CASES))
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str, str]:
    if request.param == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    if request.param == "dev-zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    make, code, words = CASES[request.param]
    return make(tmp_path), code, words


def test_read_events_file_refuses(hostile: tuple[Path, str, str]) -> None:
    path, code, words = hostile
    for source in (None, "canonical", "acled"):
        with pytest.raises(ServandaError) as caught:
            read_events_file(path, source)
        assert caught.value.code == code, caught.value
        assert words in caught.value.diagnostics[0].message


def test_detect_source_refuses(hostile: tuple[Path, str, str]) -> None:
    path, code, _ = hostile
    with pytest.raises(ServandaError) as caught:
        detect_source(path)
    assert caught.value.code == code


def test_events_inspect_refuses(hostile: tuple[Path, str, str]) -> None:
    path, code, words = hostile
    result = runner.invoke(app, ["events", "inspect", str(path)])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert code in result.output and words in result.output and "Traceback" not in result.output


def test_monitor_refuses(hostile: tuple[Path, str, str]) -> None:
    path, code, words = hostile
    result = runner.invoke(app, ["monitor", str(PACKAGE), "--events", str(path)])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert code in result.output and words in result.output and "Traceback" not in result.output


def test_oversized_zip_member_and_file_caps_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servanda.io import reader

    path = tmp_path / "events.csv"
    path.write_text("id,date,event_class\ne1,2025-01-01,shelling\n")
    monkeypatch.setitem(reader.MAX_BYTES, "events_csv", 10)
    with pytest.raises(ServandaError) as caught:
        read_events_file(path)
    assert caught.value.code == "E103"


def test_vectorised_path_bounds_dates_and_refuses_nan(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "id,date,event_class,lon,lat\n"
        "e1,1700-01-01,shelling,,\n"
        "e2,2025-01-01,shelling,nan,10\n"
        "e3,2025-01-01,shelling,inf,10\n"
        "e4,2025-01-02,shelling,30,50\n"
    )
    report = read_events_file(path).report
    assert (report.rows_read, report.accepted, report.rejected) == (4, 1, 3) and report.reconciles
    reasons = {(g.code, g.reason, g.count) for g in report.groups}
    assert reasons == {
        ("V914", "date outside the years 1800–2200", 1),
        ("V915", "coordinate is NaN or infinite", 2),
    }


def test_vectorised_path_quotes_values_and_names_lookalikes(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "id,date,event_class,country\n"
        "e1,2025-01-01,shel\u200bling,UKR\n"
        "e2,2025-01-01,shellin,UKR\n"
        "e3,2025-01-02,shelling,Ukraine\n"
        "e4,2025-01-02,shelling,UKR\n",
        encoding="utf-8",
    )
    report = read_events_file(path).report
    assert (report.rows_read, report.accepted, report.rejected) == (4, 1, 3)
    by_code = {g.code: g for g in report.groups}
    assert "U+200B ZERO WIDTH SPACE" in by_code["V920"].reason and by_code["V920"].count == 2
    assert by_code["V920"].locations == ["row 1", "row 2"]
    assert "(first value `Ukraine`)" in by_code["V925"].reason
    assert any("U+200B" in line for line in report.lines())


def test_ragged_canonical_csv_rejects_each_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    lines = [f"e{i},2025-01-0{1 + i % 9},shelling" for i in range(100)]
    for i in (3, 17, 40):
        lines[i] += ",extra,fields"
    for i in (50, 60):
        lines[i] = f"e{i},2025-01-01"
    path.write_text("id,date,event_class\n" + "\n".join(lines) + "\n")
    report = read_events_file(path).report
    assert (report.rows_read, report.accepted, report.rejected) == (100, 95, 5) and report.reconciles
    groups = {g.reason: (g.code, g.count, g.locations) for g in report.groups}
    assert groups["too many fields for the header"] == ("V917", 3, ["row 4", "row 18", "row 41"])
    assert groups["too few fields for the header"] == ("V917", 2, ["row 51", "row 61"])
    result = runner.invoke(app, ["events", "inspect", str(path)])
    assert "100 rows read = 95 accepted + 5 rejected" in result.output


def test_short_lines_alone_are_not_padded(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        'id,date,event_class,country\ne1,2025-01-01,shelling,UKR\ne2,2025-01-01,shelling\ne3,"2025-01-02",shelling,UKR\n'
    )
    report = read_events_file(path).report
    assert (report.rows_read, report.accepted, report.rejected) == (3, 2, 1)
    assert [(g.code, g.reason, g.locations) for g in report.groups] == [
        ("V917", "too few fields for the header", ["row 2"])
    ]

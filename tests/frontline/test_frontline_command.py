"""``servanda frontline`` and the ``frontline`` service on the bundled series (no ../shared needed)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app
from servanda.services.errors import ServiceError
from servanda.services.frontline import frontline

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = "examples/ukraine-2025/geometries/frontline"


@pytest.fixture(autouse=True)
def _from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["frontline", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_text_output_lists_every_snapshot_with_its_area() -> None:
    code, out, _ = _run("--series", BUNDLED)
    assert code == 0
    assert re.findall(r"20\d\d-\d\d-\d\d", out)[:4] == [
        "2024-07-08",
        "2025-06-01",
        "2025-12-01",
        "2026-08-22",
    ]
    assert "116,558.1" in out and "line drawn from" in out


def test_json_matches_the_service() -> None:
    code, out, _ = _run("--series", BUNDLED, "--from", "2025-06-01", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data == json.loads(json.dumps(frontline(BUNDLED, start="2025-06-01").to_json()))
    assert [r["date"] for r in data["series"]] == ["2025-06-01", "2025-12-01", "2026-08-22"]
    assert data["line"]["date"] == "2026-08-22" and data["changes"] is None


def test_csv_has_one_row_per_snapshot() -> None:
    code, out, _ = _run("--series", BUNDLED, "--format", "csv", "--to", "2025-12-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["date"] for r in rows] == ["2024-07-08", "2025-06-01", "2025-12-01"]
    assert float(rows[-1]["occupied_total"]) == pytest.approx(116_558.0, abs=0.5)


def test_changes_and_every_output_file(tmp_path: Path) -> None:
    files = {
        "--map": tmp_path / "line.png",
        "--plot": tmp_path / "areas.svg",
        "--html": tmp_path / "line.html",
        "--geojson": tmp_path / "changes.geojson",
    }
    args = ["--series", BUNDLED, "--changes", "2025-06-01,2025-12-01", "--to", "2025-12-01"]
    for option, path in files.items():
        args += [option, str(path)]
    code, out, err = _run(*args)
    assert code == 0, err
    assert "changes 2025-06-01 → 2025-12-01: gained" in out
    assert files["--map"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert files["--plot"].read_text(encoding="utf-8").lstrip().startswith("<?xml")
    page = files["--html"].read_text(encoding="utf-8")
    # offline: no script or stylesheet from the network, only the SVG namespace URI
    assert "<svg" in page and "<script>" in page and "src=" not in page
    assert re.findall(r"https?://[^\s\"'<]+", page) == ["http://www.w3.org/2000/svg"]
    assert "data-tip=" in page and "gained 2025-06-01" in page
    changed = json.loads(files["--geojson"].read_text(encoding="utf-8"))
    sides = {f["properties"]["change"] for f in changed["features"]}
    assert sides == {"gained", "lost"}
    result = frontline(BUNDLED, changes="2025-06-01,2025-12-01")
    assert result.change is not None
    total = sum(
        f["properties"]["area_km2"] for f in changed["features"] if f["properties"]["change"] == "gained"
    )
    assert total == pytest.approx(result.change.gained_km2, abs=0.05)
    # net change equals the difference of the two areas (no overlap lost in the union)
    rows = {r.date.isoformat(): r.occupied_km2 for r in result.rows}
    assert result.change.net_km2 == pytest.approx(rows["2025-12-01"] - rows["2025-06-01"], abs=0.5)


def test_geojson_without_changes_writes_the_line(tmp_path: Path) -> None:
    path = tmp_path / "line.geojson"
    assert _run("--series", BUNDLED, "--geojson", str(path))[0] == 0
    (feature,) = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert feature["properties"]["date"] == "2026-08-22" and feature["properties"]["category"] == "occupied"


def test_date_without_snapshot_uses_the_earlier_one_or_fails_with_strict() -> None:
    code, out, err = _run("--series", BUNDLED, "--to", "2025-11-30", "--changes", "2025-06-15,2025-11-30")
    assert code == 0 and "warning[V970]" in err and "2025-06-01" in err
    assert "changes 2025-06-01 → 2025-06-01" in out  # both dates fall back to the June snapshot
    code, _, err = _run("--series", BUNDLED, "--to", "2025-11-30", "--strict")
    assert code == 1 and "error[V970]" in err and "Traceback" not in err
    code, _, err = _run("--series", BUNDLED, "--changes", "2020-01-01,2025-12-01")
    assert code == 1 and "error[V970]" in err and "no snapshot on or before 2020-01-01" in err


@pytest.mark.parametrize(
    ("args", "code", "diagnostic"),
    [
        (["--from", "2025-13-01"], 2, "V971"),
        (["--from", "2026-01-01", "--to", "2025-01-01"], 2, "V971"),
        (["--changes", "2025-12-01"], 2, "V971"),
        (["--map", "line.jpg"], 2, "V971"),
        (["--html", "/no/such/folder/x.html"], 2, "E101"),
        (["--from", "2030-01-01"], 1, "V974"),
    ],
)
def test_bad_options_are_coded(args: list[str], code: int, diagnostic: str) -> None:
    status, out, err = _run("--series", BUNDLED, *args)
    assert status == code and f"[{diagnostic}]" in err and "Traceback" not in err + out


def test_bad_series_in_json_mode_prints_the_error_document(tmp_path: Path) -> None:
    status, out, _ = _run("--series", str(tmp_path / "none"), "--format", "json")
    data = json.loads(out)
    assert status == 1 and data["diagnostics"][0]["code"] == "V960"


def test_oblast_without_regions_says_where_to_get_admin1_data() -> None:
    status, _, err = _run("--series", BUNDLED, "--oblast")
    assert status == 2 and "error[V975]" in err and "--regions" in err and "geoBoundaries" in err


def test_service_errors_carry_exit_codes() -> None:
    with pytest.raises(ServiceError) as exc:
        frontline(BUNDLED, changes="x,y")
    assert exc.value.exit_code == 2 and exc.value.code == "V971"
    with pytest.raises(ServiceError) as exc:
        frontline("no/such/folder")
    assert exc.value.exit_code == 1 and exc.value.code == "V960"


def test_python_api_validates_types_and_matches_the_service() -> None:
    import servanda

    out = servanda.frontline_series(BUNDLED, start=date(2025, 6, 1), changes=(date(2025, 6, 1), "2025-12-01"))
    assert out.to_json() == frontline(BUNDLED, start="2025-06-01", changes="2025-06-01,2025-12-01").to_json()
    with pytest.raises(TypeError, match="series"):
        servanda.frontline_series(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="start"):
        servanda.frontline_series(BUNDLED, start=20250601)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="changes"):
        servanda.frontline_series(BUNDLED, changes=5)  # type: ignore[arg-type]


def test_a_200_mb_geojson_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "series" / "line_2025-12-01.geojson"
    big.parent.mkdir()
    with big.open("wb") as handle:  # sparse: no disk or memory used
        handle.truncate(200 * 1024 * 1024)
    status, out, err = _run("--series", str(big.parent))
    assert (
        status == 1 and "error[V962]" in err and "209,715,200 bytes" in err and "Traceback" not in out + err
    )

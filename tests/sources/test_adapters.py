"""Source adapters end to end: every row read is accepted or rejected with a grouped, coded reason."""

from __future__ import annotations

import codecs
import json
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from servanda.diagnostics import ServandaError
from servanda.sources import SOURCES, Ingest, detect_source, read_events_file
from servanda.sources.schema import CANONICAL_SCHEMA

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
sys.path.insert(0, str(FIXTURES))

import make_acled  # noqa: E402


def _check(ingest: Ingest) -> None:
    report = ingest.report
    assert report.reconciles, report.lines()
    assert report.rows_read == report.accepted + report.rejected
    assert ingest.frame.height == report.accepted
    assert ingest.frame.schema == pl.Schema(CANONICAL_SCHEMA)
    data = report.to_json()
    assert data["rows_read"] == data["accepted"] + data["rejected"]
    assert sum(g["count"] for g in data["groups"]) == data["rejected"]
    assert json.loads(json.dumps(data)) == data


def _code(path: Path, source: str | None = None) -> str:
    with pytest.raises(ServandaError) as info:
        read_events_file(path, source)
    return info.value.code


# -- ACLED (synthetic) -------------------------------------------------------


def test_acled_31_columns(tmp_path: Path) -> None:
    path = make_acled.write_csv(tmp_path / "acled.csv", make_acled.rows(50))
    assert detect_source(path) == "acled"
    ingest = read_events_file(path)
    _check(ingest)
    frame = ingest.frame
    assert ingest.report.accepted == 50
    first = frame.row(0, named=True)
    assert (first["id"], first["actor"], first["target"], first["country"]) == (
        "UKR90000",
        "RUS",
        "UKR",
        "UKR",
    )
    assert first["event_class"] == "shelling" and first["source_version"] == "1700000000"
    assert set(frame["event_class"]) == {"shelling", "air_strike", "armed_clash", "other", "missile_strike"}
    # "Military Forces of Russia (2000-) Air Force" is in the table; Belarus via "Military Forces of <state>"
    assert set(frame["actor"]) >= {"RUS", "UKR", "BLR", "Protesters (Ukraine)"}
    unmapped = ingest.report.unmapped
    assert unmapped["event_type → other"] == {"Protests / Peaceful protest": 10}
    assert unmapped["actor1 → kept as text"] == {"Protesters (Ukraine)": 10}
    assert any("10 events of event_type → other" in line for line in ingest.report.lines())
    assert frame["date_precision"].to_list()[:3] == ["day", "week", "month"]
    assert frame["deaths"].sum() == sum(k % 4 for k in range(50))


def test_acled_older_date_formats_and_text_inter(tmp_path: Path) -> None:
    data = make_acled.rows(4, text_inter=True)
    for r, date in zip(data, ["24/02/2022", "24 February 2022", "2022-02-24", "1/3/2022"], strict=True):
        r["event_date"] = date
    ingest = read_events_file(make_acled.write_csv(tmp_path / "old.csv", data))
    _check(ingest)
    assert [d.isoformat() for d in ingest.frame["date"]] == ["2022-02-24"] * 3 + ["2022-03-01"]


def test_acled_extra_columns_and_api_json(tmp_path: Path) -> None:
    data = make_acled.rows(5)
    for k, r in enumerate(data):
        r["id"], r["actor_dyad"] = str(k), "x"
    csv_path = make_acled.write_csv(tmp_path / "extra.csv", data, ["id", *make_acled.COLUMNS, "actor_dyad"])
    api_path = make_acled.write_api_json(tmp_path / "api.json", data)
    assert detect_source(csv_path) == detect_source(api_path) == "acled"
    a, b = read_events_file(csv_path), read_events_file(api_path)
    _check(a)
    _check(b)
    assert a.frame.drop("source_file").equals(b.frame.drop("source_file"))


def test_one_bad_date_format_is_one_group(tmp_path: Path) -> None:
    data = make_acled.rows(1000, date="2022.03.01")
    ingest = read_events_file(make_acled.write_csv(tmp_path / "bad.csv", data))
    _check(ingest)
    (group,) = ingest.report.groups
    assert (group.code, group.count, group.locations) == ("V914", 1000, [f"row {k}" for k in range(1, 6)])
    assert len(ingest.report.diagnostics()) == 1


def test_acled_row_problems_are_counted(tmp_path: Path) -> None:
    data = make_acled.rows(10)
    data[1]["latitude"], data[1]["longitude"] = "36.2", "49.9"  # fine (both in range)
    data[2]["latitude"], data[2]["longitude"] = "136.2", "49.9"  # swapped
    data[3]["fatalities"] = "several"
    data[4]["event_id_cnty"] = data[0]["event_id_cnty"]  # duplicate id
    data[5]["event_id_cnty"] = ""
    ingest = read_events_file(make_acled.write_csv(tmp_path / "rows.csv", data))
    _check(ingest)
    codes = {g.code: g.count for g in ingest.report.groups}
    assert codes == {"V915": 1, "V916": 1, "V918": 1, "V924": 1}
    assert ingest.report.accepted == 6 and ingest.report.duplicates == 1


def test_truncated_acled_line(tmp_path: Path) -> None:
    path = make_acled.write_csv(tmp_path / "cut.csv", make_acled.rows(3))
    text = path.read_text()
    path.write_text(text + "UKR99999,2022-03-01,2022,1\n")
    ingest = read_events_file(path)
    _check(ingest)
    assert [(g.code, g.count, g.locations) for g in ingest.report.groups] == [("V917", 1, ["row 4"])]


def test_bom_and_cp1252(tmp_path: Path) -> None:
    data = make_acled.rows(3)
    data[0]["notes"] = "Kyiv – Łuck café"
    bom = make_acled.write_csv(tmp_path / "bom.csv", data, encoding="utf-8-sig")
    assert bom.read_bytes().startswith(codecs.BOM_UTF8)
    ingest = read_events_file(bom)
    _check(ingest)
    assert ingest.report.accepted == 3 and [d.code for d in ingest.report.notes] == ["V921"]
    data[0]["notes"] = "Kyiv – café"
    cp = make_acled.write_csv(tmp_path / "cp.csv", data, encoding="cp1252")
    ingest = read_events_file(cp)
    assert ingest.frame["notes"][0] == "Kyiv – café"
    assert "Windows-1252" in ingest.report.notes[0].message


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.csv", "", "V911"),
        ("semi.csv", ";".join(make_acled.COLUMNS) + "\n", "V913"),
        ("what.csv", "a,b,c\n1,2,3\n", "V910"),
        ("sheet.xlsx", "PK", "V912"),
        ("nohead.csv", "event_date,actor1\n", "V910"),
    ],
)
def test_file_level_problems_are_coded(tmp_path: Path, name: str, content: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert _code(path) == code


def test_missing_required_column_and_unknown_source(tmp_path: Path) -> None:
    path = make_acled.write_csv(
        tmp_path / "a.csv", make_acled.rows(2), [c for c in make_acled.COLUMNS if c != "fatalities"]
    )
    assert _code(path) == "V922"
    assert _code(path, "nope") == "V923"
    assert _code(tmp_path / "missing.csv") == "V910"


# -- UCDP ---------------------------------------------------------------------


def test_ucdp_csv_excerpt() -> None:
    ingest = read_events_file(FIXTURES / "ucdp_ged_ukraine_excerpt.csv")
    _check(ingest)
    assert ingest.report.source == "ucdp_ged" and ingest.report.accepted == 40
    assert set(ingest.frame["country"]) == {"UKR"}
    assert set(ingest.frame["event_class"]) == {"armed_clash"}


def test_ucdp_messy_cp1252_month_first() -> None:
    path = FIXTURES / "ucdp_ged_ukraine_mixeddates_excerpt.csv"
    with pytest.raises(UnicodeDecodeError):
        path.read_text(encoding="utf-8")
    ingest = read_events_file(path)
    _check(ingest)
    assert ingest.report.rejected == 0, ingest.report.lines()
    frame = ingest.frame
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    assert frame["date"].dt.year().cast(pl.Utf8).to_list() == raw["year"].to_list()
    assert (frame["date_end"] >= frame["date"]).all()
    russia = frame.filter(pl.col("actor") == "RUS")
    assert russia.height >= 10 and set(russia["target"].drop_nulls()) == {"UKR"}


def test_ucdp_api_page() -> None:
    path = FIXTURES / "ucdp_ged_api_v24.1_page1_excerpt.json"
    assert detect_source(path) == "ucdp_api"
    ingest = read_events_file(path)
    _check(ingest)
    assert ingest.report.accepted == 50 and ingest.frame["source_version"][0] == "24.1"
    assert ingest.frame["country"][0] == "DZA"


def test_ucdp_api_wrapped_page_notes_missing_pages(tmp_path: Path) -> None:
    rows = json.loads((FIXTURES / "ucdp_ged_api_v24.1_page1_excerpt.json").read_text())
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"TotalCount": 500, "TotalPages": 10, "Result": rows}))
    ingest = read_events_file(path)
    _check(ingest)
    assert [d.code for d in ingest.report.notes] == ["V926"]


# -- GDELT --------------------------------------------------------------------


def test_gdelt2_excerpt() -> None:
    path = FIXTURES / "gdelt2_20191024143000_excerpt.export.tsv"
    assert detect_source(path) == "gdelt2"
    ingest = read_events_file(path)
    _check(ingest)
    frame = ingest.frame
    assert (frame["deaths"] == 0).all()
    # the 15 Ukraine rows of that quarter hour are statements, visits, aid: all out of scope, all counted
    assert frame.filter(pl.col("country") == "UKR").height == 0
    assert sum(g.count for g in ingest.report.groups if g.code == "V920") == ingest.report.rejected >= 15
    assert (frame.filter(pl.col("lon").is_null())["geo_precision"] == 7).all()
    assert set(frame["event_class"]) >= {"armed_clash", "attack_on_civilians"}
    # rows without a location are kept, without coordinates
    assert frame.filter(pl.col("lon").is_null()).height > 0
    assert frame["mentions"].null_count() == 0 and frame["source_url"].null_count() == 0
    assert {g.code for g in ingest.report.groups} <= {"V920"}


def test_gdelt_58_columns_where_61_expected(tmp_path: Path) -> None:
    lines = (FIXTURES / "gdelt2_20191024143000_excerpt.export.tsv").read_text().splitlines()
    lines[5] = "\t".join(lines[5].split("\t")[:58])
    path = tmp_path / "cut.export.CSV"
    path.write_text("\n".join(lines) + "\n")
    ingest = read_events_file(path)
    _check(ingest)
    group = next(g for g in ingest.report.groups if g.code == "V917")
    assert (group.count, group.locations, group.reason.split()[0]) == (1, ["row 6"], "58")


def test_gdelt_zip(tmp_path: Path) -> None:
    path = tmp_path / "20191024143000.export.CSV.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(FIXTURES / "gdelt2_events_excerpt.export.tsv", "20191024143000.export.CSV")
    assert detect_source(path) == "gdelt2"
    ingest = read_events_file(path)
    _check(ingest)
    assert ingest.report.rows_read == 100


def test_gdelt1_mixed_57_58() -> None:
    path = FIXTURES / "gdelt1_events_excerpt_mixed.tsv"
    assert detect_source(path) == "gdelt1"
    ingest = read_events_file(path)
    _check(ingest)
    assert ingest.report.rows_read == 100
    assert not any(g.code == "V917" for g in ingest.report.groups)


# -- canonical -----------------------------------------------------------------


def test_canonical_csv_yaml_json_parquet(tmp_path: Path) -> None:
    csv_path = tmp_path / "e.csv"
    csv_path.write_text(
        "id,date,event_class,country,deaths,lon,lat\n"
        "e1,2025-01-02,shelling,UKR,2,36.2,49.9\n"
        "e2,2025-01-03,bombing,UKR,0,,\n"
        "e3,2025-01-04,shelling,UKX,0,,\n"
    )
    ingest = read_events_file(csv_path)
    _check(ingest)
    assert {g.code for g in ingest.report.groups} == {"V920", "V925"}
    parquet = tmp_path / "e.parquet"
    ingest.frame.write_parquet(parquet)
    again = read_events_file(parquet)
    _check(again)
    assert again.frame.drop("source_file", "source_row").equals(
        ingest.frame.drop("source_file", "source_row")
    )
    yaml_path = tmp_path / "e.yaml"
    yaml_path.write_text(
        "events:\n  - {id: e1, date: 2025-01-02, event_class: shelling}\n  - {id: e2, date: 2025-13-01, event_class: shelling}\n"
    )
    ingest = read_events_file(yaml_path)
    _check(ingest)
    assert (ingest.report.accepted, ingest.report.groups[0].code) == (1, "V914")
    json_path = tmp_path / "e.json"
    json_path.write_text(json.dumps([{"id": "e1", "date": "2025-01-02", "event_class": "shelling"}, 3]))
    ingest = read_events_file(json_path)
    _check(ingest)
    assert ingest.report.groups[0].code == "V917"


def test_source_override(tmp_path: Path) -> None:
    path = make_acled.write_csv(tmp_path / "a.txt", make_acled.rows(3))
    assert read_events_file(path, "acled").report.accepted == 3
    assert SOURCES[0] == "acled"


# -- the full shared files -----------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("ucdp_ged_ukraine_2014-01_2022-02.csv", 3077),
        ("ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv", 3883),
        ("ucdp_ged_api_v24.1_result_page1.json", 1000),
        ("gdelt2_events_20191024143000.export.tsv", 2111),
        ("gdelt2_events_excerpt_2015-02-18_2020-03-18.export.tsv", 100),
        ("gdelt2_translingual_events_excerpt_2015-02-18_2020-03-18.export.tsv", 100),
        ("gdelt1_events_excerpt_mixed_57-58cols.tsv", 100),
        ("gdelt1_events_excerpt_20170912.export.tsv", 10),
    ],
)
def test_shared_files_every_row_accounted_for(shared_dir: Path, name: str, rows: int) -> None:
    ingest = read_events_file(shared_dir / "data" / "events" / name)
    _check(ingest)
    r = ingest.report
    assert r.rows_read == rows, f"{name}: read {r.rows_read} = {r.accepted} + {r.rejected}"
    if name.startswith("ucdp"):
        assert r.rejected == 0, r.lines()


@pytest.mark.shared
def test_shared_messy_ucdp_totals(shared_dir: Path) -> None:
    ingest = read_events_file(
        shared_dir / "data" / "events" / "ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv"
    )
    frame = ingest.frame
    assert (frame["deaths"].sum(), frame["deaths_low"].sum()) == (18480, 16369)
    assert frame.filter((pl.col("actor") == "RUS") & (pl.col("target") == "UKR")).height == 868
    assert frame.filter(pl.col("date").dt.strftime("%Y-%m") == "2022-09").height == 508


def test_mapping_tables_hold_valid_codes() -> None:
    from servanda.model.codes import is_state_code
    from servanda.model.vocabulary import EventClass
    from servanda.sources._common import table

    for name in ("acled_actors", "gleditsch_ward_iso3", "fips_iso3"):
        codes = table(name)["iso3"].to_list()
        assert all(is_state_code(c) for c in codes), [c for c in codes if not is_state_code(c)]
    for name in ("acled_event_classes", "cameo_roots", "ucdp_violence"):
        classes = set(table(name)["event_class"])
        assert classes <= {c.value for c in EventClass}, name
    fips = dict(table("fips_iso3").iter_rows())
    assert (fips["UP"], fips["RS"], fips["GM"], fips["UK"]) == ("UKR", "RUS", "DEU", "GBR")
    gw = dict(table("gleditsch_ward_iso3").select("gwno", "iso3").iter_rows())
    assert (gw["365"], gw["369"], gw["260"], gw["340"]) == ("RUS", "UKR", "DEU", "SRB")

"""The service layer called directly: typed results, coded errors, no CLI involved."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from servanda import services
from servanda.model.events import Event
from servanda.services.errors import InstrumentError, ServiceError, from_exception, translated

ROOT = Path(__file__).resolve().parents[2]
VALID = "tests/diagnostics/fixtures/_valid.yaml"
ATTACK = {
    "id": "a",
    "date": "2026-03-01",
    "target": "UKR",
    "event_class": "shelling",
    "lon": 30.5,
    "lat": 50.4,
}


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# --------------------------------------------------------------------------- check


def test_check_dispatches_package_scenario_and_stance_files_on_their_format() -> None:
    result = services.check(
        ["examples/ukraine-2025/package.yaml", "src/servanda/data/stances/ukraine-2025.yaml"]
    )
    kinds = {Path(f.file).name: f.kind for f in result.files}
    assert kinds == {"package.yaml": "package", "ukraine-2025.yaml": "stances"}
    assert "E109" not in {d.code for d in result.diagnostics}
    assert result.errors == 0 and not result.failed


def test_check_of_a_folder_includes_package_and_scenario_files() -> None:
    result = services.check("examples/ukraine-2025")
    kinds = sorted({f.kind for f in result.files})
    assert kinds == ["instrument", "package", "scenario"]
    assert {f.get("kind") for f in result.to_json()["files"]} == {None, "package", "scenario"}


def test_check_reports_a_broken_package_file_with_package_codes(tmp_path: Path) -> None:
    bad = tmp_path / "package.yaml"
    bad.write_text("format: servanda-package/1\nid: x\n", encoding="utf-8")
    result = services.check(bad)
    assert result.files[0].kind == "package" and result.errors >= 1
    assert all(d.code.startswith("P") for d in result.diagnostics)


def test_check_strict_fails_on_warnings_only() -> None:
    assert not services.check("tests/diagnostics/fixtures/W402.yaml").failed
    assert services.check("tests/diagnostics/fixtures/W402.yaml", strict=True).failed


def test_check_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(ServiceError) as caught:
        services.check("no/such/file.yaml")
    assert caught.value.exit_code == 2 and caught.value.code == "E101"


# --------------------------------------------------------------------------- evaluate


def test_evaluate_accepts_iso_strings_and_datetimes_for_as_of() -> None:
    by_string = services.evaluate(VALID, [ATTACK], as_of="2026-03-02")
    by_datetime = services.evaluate(VALID, [ATTACK], as_of=datetime(2026, 3, 2, 12))
    assert by_string.as_of == by_datetime.as_of == date(2026, 3, 2)
    assert by_string.to_json()["as_of"] == "2026-03-02"


def test_evaluate_mixed_event_objects_and_mappings_keeps_both() -> None:
    event = Event.model_validate({**ATTACK, "id": "obj"})
    out = services.evaluate(
        VALID, [event, {**ATTACK, "id": "dict"}, {**ATTACK, "id": "bad", "date": "2026-13-01"}]
    )
    assert out.events.accepted == 2 and out.events_rejected == 1
    assert {e for a in out.result.activations for e in a.evidence} == {"obj", "dict"}
    assert out.result.events_rejected == 1  # one name, one meaning everywhere
    data = out.to_json()
    assert data["events_rejected"] == data["events_file"]["rejected"] == 1


def test_evaluate_missing_events_file_raises() -> None:
    with pytest.raises(ServiceError) as caught:
        services.evaluate(VALID, "/tmp/none-such-events.csv")
    assert caught.value.code == "V902" and caught.value.exit_code == 2


@pytest.mark.parametrize("events", [None, {"id": "a"}, 42, [1, 2]])
def test_evaluate_wrong_event_types_name_the_accepted_types(events: object) -> None:
    with pytest.raises(TypeError, match=r"Event|mapping"):
        services.evaluate(VALID, events)  # type: ignore[arg-type]


def test_evaluate_empty_geometries_mapping_is_no_key_error() -> None:
    out = services.evaluate("examples/ukraine-2025/usa.yaml", [ATTACK], geometries={})
    assert out.instrument.geometries  # the instrument's own geometries are kept, none is missing
    assert out.result.events_considered == 1


def test_evaluate_bad_instrument_and_bad_date_are_coded() -> None:
    with pytest.raises(InstrumentError) as unknown:
        services.evaluate("nato.nta", [ATTACK])
    assert unknown.value.exit_code == 2 and "nato.nat" in (unknown.value.diagnostics[0].hint or "")
    with pytest.raises(ServiceError) as bad_date:
        services.evaluate(VALID, [ATTACK], as_of="2026-02-30")
    assert bad_date.value.code == "E205"


def test_evaluate_unknown_engine_is_refused() -> None:
    with pytest.raises(ServiceError, match="unknown engine"):
        services.evaluate(VALID, [ATTACK], engine="warp")


def test_evaluate_csv_has_one_row_per_activation_and_optional_bom() -> None:
    out = services.evaluate(VALID, [ATTACK])
    lines = out.to_csv().splitlines()
    assert lines[0].startswith("obligation,clause,bearer")
    assert len(lines) == 1 + len(out.result.activations)
    assert out.to_csv(bom=True).startswith("\ufeffobligation")


def test_evaluate_geojson_has_evidence_events_as_points() -> None:
    out = services.evaluate(VALID, [ATTACK, {**ATTACK, "id": "nowhere", "lon": None, "lat": None}])
    data = out.to_geojson()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [30.5, 50.4]}
    assert feature["properties"]["id"] == "a" and feature["properties"]["obligations"] == ["consult"]
    json.dumps(data)


# --------------------------------------------------------------------------- analyses


def test_compare_atop_credibility_return_typed_results() -> None:
    assert services.compare(["anzus@1951"]).to_json()["format"] == "servanda-compare/1"
    coded = services.atop(["nato.nat@1949"])
    assert coded.codings and coded.to_csv().startswith("servanda_id,servanda_title")
    agreement = services.atop(benchmarks=True)
    assert agreement.is_agreement and agreement.to_csv().startswith("servanda_id,atopid")
    estimate = services.credibility("nato.nat@1949").to_json()
    assert estimate["instrument"] == "nato.nat@1949" and "estimate" in estimate


def test_atop_phase_without_against_is_a_usage_error() -> None:
    with pytest.raises(ServiceError) as caught:
        services.atop(["nato.nat@1949"], phase=1)
    assert caught.value.code == "E204" and caught.value.exit_code == 2


def test_package_service_options_are_validated() -> None:
    with pytest.raises(ServiceError) as caught:
        services.package("examples/ukraine-2025", correlation=2.0)
    assert caught.value.code == "P815" and caught.value.exit_code == 2
    with pytest.raises(ServiceError) as missing:
        services.package("no/such/package")
    assert missing.value.code == "P801" and missing.value.exit_code == 2


def test_package_service_answers_a_one_attack_scenario() -> None:
    out = services.package("examples/ukraine-2025", attack_at="35.14,47.84", date="2026-03-05", actor="RUS")
    assert len(out.answers) == 1 and out.events_rejected == 0
    assert set(out.to_json()) == {"answers", "diagnostics"}


# --------------------------------------------------------------------------- ratify / durability


def test_ratify_an_instrument_in_force_starts_from_the_analysis_date() -> None:
    out = services.ratify("us_jpn.tmcs@1960", as_of="2026-12-01")
    assert out.in_force == [
        {"instrument": "us_jpn.tmcs@1960", "in_force_since": "1960-06-23", "signed": "1960-01-19"}
    ]
    assert out.analysis is not None
    (usa,) = out.analysis.package.results
    assert usa.time.start == date(2026, 12, 1)  # not 1960-01-19 with today's parliaments
    assert out.to_json()["in_force"][0]["in_force_since"] == "1960-06-23"


def test_ratify_a_proposed_package_is_not_marked_in_force() -> None:
    out = services.durability("examples/ukraine-2025", as_of="2026-12-01")
    assert out.in_force == [] and out.to_json()["as_of"] == "2026-12-01"


def test_ratify_bad_date_is_r506() -> None:
    with pytest.raises(ServiceError) as caught:
        services.ratify("examples/ukraine-2025", as_of="2026-02-30")
    assert caught.value.code == "R506" and caught.value.exit_code == 2


# --------------------------------------------------------------------------- errors adapter


def test_adapter_gives_every_servanda_error_the_exit_status_of_the_task() -> None:
    from servanda.diagnostics import Diagnostic, ServandaError

    assert issubclass(ServiceError, ServandaError)
    ratify_error = from_exception(ServandaError.one("R506", "bad"))
    assert ratify_error is not None and ratify_error.code == "R506" and ratify_error.exit_code == 1
    package = from_exception(ServandaError([Diagnostic("P805", "x", "f")], {"f": "text"}), exit_code=2)
    assert package is not None and package.code == "P805" and package.exit_code == 2
    assert package.texts == {"f": "text"}
    assert package.to_json()["diagnostics"] == [Diagnostic("P805", "x", "f").to_json()]
    assert from_exception(ValueError("other")) is None
    with pytest.raises(ServiceError) as caught, translated(exit_code=2):
        raise ServandaError.one("C708", "bad value")
    assert caught.value.exit_code == 2 and caught.value.code == "C708"
    with pytest.raises(ZeroDivisionError), translated():
        _ = 1 / 0


# --------------------------------------------------------------------------- public API


def test_public_api_exposes_every_service_lazily() -> None:
    import servanda

    for name in ("load", "check", "show", "library", "evaluate", "schema", "compare", "atop"):
        assert callable(getattr(servanda, name)) and getattr(servanda, name).__doc__
    for name in ("credibility", "package", "ratify", "durability"):
        assert callable(getattr(servanda, name)) and ">>>" in getattr(servanda, name).__doc__
    assert "durability" in dir(servanda)
    with pytest.raises(AttributeError):
        _ = servanda.no_such_thing  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.load(None),
        lambda s: s.check(None),
        lambda s: s.show(42),
        lambda s: s.evaluate(VALID, None),
        lambda s: s.evaluate(VALID, {"id": "a"}),
        lambda s: s.evaluate(VALID, [ATTACK], as_of=20260101),
        lambda s: s.ratify(None),
    ],
)
def test_public_api_wrong_types_are_type_errors_naming_what_is_accepted(call: object) -> None:
    import servanda

    with pytest.raises(TypeError, match=r"str|Event|date"):
        call(servanda)  # type: ignore[operator]

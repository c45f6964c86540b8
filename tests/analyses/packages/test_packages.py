"""Packages: loading with coded diagnostics, scenarios, and the answer to "who must do what, by when, how likely"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.analyses.packages import analyse, attack_scenario, load_package, load_scenario
from servanda.diagnostics import CATALOGUE, ServandaError, render
from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "analyses" / "packages" / "fixtures" / "pkg"
runner = CliRunner()


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    """A writable copy of the fixture package."""
    target = tmp_path / "pkg"
    shutil.copytree(FIXTURE, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _codes(path: Path) -> list[str]:
    return [d.code for d in load_package(path).diagnostics]


# --------------------------------------------------------------------------- loader diagnostics


def test_fixture_package_loads() -> None:
    loaded = load_package(FIXTURE)
    assert loaded.ok and loaded.package is not None
    assert loaded.package.beneficiary == "UKR"
    assert loaded.package.guarantor_states() == ["USA", "GBR"]


def test_missing_instrument_file_has_location_and_suggestion(pkg: Path) -> None:
    _edit(pkg / "package.yaml", "{file: beta.yaml}", "{file: betta.yaml}")
    loaded = load_package(pkg)
    (d,) = loaded.diagnostics
    assert d.code == "P805" and d.severity == "error"
    assert d.span is not None and d.span.line == 11
    assert d.hint == "did you mean `beta.yaml`?"
    text = render(d, loaded.texts[d.file])
    assert "package.yaml:11:" in text and "^" in text and "betta.yaml" in text


def test_bare_file_name_entry_says_how_to_write_it(pkg: Path) -> None:
    _edit(pkg / "package.yaml", "{file: beta.yaml}", "beta.yaml")
    loaded = load_package(pkg)
    (d,) = loaded.diagnostics
    assert d.code == "P804" and d.span is not None and d.span.line == 11
    assert "instruments[1]" in d.message and d.hint is not None and "`- {file: beta.yaml}`" in d.hint


def test_unknown_library_id_suggests(pkg: Path) -> None:
    _edit(pkg / "package.yaml", "{file: beta.yaml}", "{id: nato.nta@1949}")
    (d,) = load_package(pkg).diagnostics
    assert d.code == "P806" and "nato.nat" in (d.hint or "")


def test_library_id_entry_is_accepted_but_must_protect_the_beneficiary(pkg: Path) -> None:
    _edit(pkg / "package.yaml", "{file: beta.yaml}", "{id: eu.teu_42_7@2009}")
    (d,) = load_package(pkg).diagnostics
    assert d.code == "P808" and "UKR" in d.message and "beneficiary" in (d.hint or "")


def test_instrument_without_the_beneficiary(pkg: Path) -> None:
    _edit(
        pkg / "beta.yaml",
        "{state: UKR, roles: [party, beneficiary]}",
        "{state: POL, roles: [party, beneficiary]}",
    )
    _edit(pkg / "beta.yaml", "beneficiary: [UKR]", "beneficiary: [POL]")
    _edit(pkg / "beta.yaml", "target: [UKR]", "target: [POL]")
    assert _codes(pkg) == ["P808"]


def test_unknown_key_and_missing_key(pkg: Path) -> None:
    _edit(pkg / "package.yaml", "beneficiary: UKR", "beneficary: UKR")
    codes = _codes(pkg)
    assert codes.count("P803") == 1 and codes.count("P804") == 1
    d = next(d for d in load_package(pkg).diagnostics if d.code == "P803")
    assert d.hint == "did you mean `beneficiary`?"


def test_bad_beneficiary_code_suggests(pkg: Path) -> None:
    _edit(pkg / "package.yaml", "beneficiary: UKR", "beneficiary: Ukraine")
    (d,) = load_package(pkg).diagnostics
    assert d.code == "P804" and d.hint == "did you mean `UKR`?"


def test_wrong_format_and_missing_package(pkg: Path, tmp_path: Path) -> None:
    _edit(pkg / "package.yaml", "format: servanda-package/1", "format: servanda/1")
    assert _codes(pkg) == ["P802"]
    assert _codes(tmp_path / "nowhere") == ["P801"]
    (tmp_path / "empty").mkdir()
    assert _codes(tmp_path / "empty") == ["P801"]


def test_illustrative_needs_a_note_and_duplicates_warn(pkg: Path) -> None:
    _edit(pkg / "package.yaml", 'illustrative_note: "A test fixture', 'note: "A test fixture')
    _edit(pkg / "package.yaml", "  - {file: beta.yaml}", "  - {file: beta.yaml}\n  - {file: beta.yaml}")
    loaded = load_package(pkg)
    assert sorted(d.code for d in loaded.diagnostics) == ["P810", "P811"]
    assert not loaded.ok


def test_broken_instrument_is_p807_with_its_diagnostics_as_notes(pkg: Path) -> None:
    _edit(
        pkg / "beta.yaml",
        "trigger: russian_attack\n        deadline",
        "trigger: russian_atack\n        deadline",
    )
    (d,) = load_package(pkg).diagnostics
    assert d.code == "P807" and d.notes and "E301" in d.notes[0]


def test_every_code_is_documented() -> None:
    doc = (ROOT / "docs" / "packages.md").read_text(encoding="utf-8")
    for code in (c for c in CATALOGUE if c.startswith("P")):
        assert f"| {code} |" in doc, code


# --------------------------------------------------------------------------- scenarios


def test_scenario_event_without_date_is_p812_with_location(pkg: Path) -> None:
    path = pkg / "scenarios" / "attack.yaml"
    _edit(path, "date: 2026-03-05, ", "")
    with pytest.raises(ServandaError) as info:
        load_scenario(path)
    (d,) = info.value.diagnostics
    assert d.code == "P812" and d.span is not None and d.span.line == 3 and "`s1`" in d.message


def test_attack_at_needs_a_date_and_valid_options() -> None:
    with pytest.raises(ServandaError) as info:
        attack_scenario("33,48", None, beneficiary="UKR")
    assert info.value.diagnostics[0].code == "P812"
    for bad in (("33;48", "2026-01-01", {}), ("333,48", "2026-01-01", {}), ("33,48", "2026-02-30", {})):
        with pytest.raises(ServandaError) as info:
            attack_scenario(bad[0], bad[1], beneficiary="UKR")
        assert info.value.diagnostics[0].code == "P814"
    with pytest.raises(ServandaError) as info:
        attack_scenario("33,48", "2026-01-01", beneficiary="UKR", event_class="missle_strike")
    assert info.value.diagnostics[0].hint == "did you mean `missile_strike`?"


# --------------------------------------------------------------------------- the answer


def test_answer_who_what_when_how_likely() -> None:
    package = load_package(FIXTURE).package
    assert package is not None
    scenario = attack_scenario("33.0,48.0", "2026-03-05", beneficiary="UKR", actor="RUS")
    answer = analyse(package, scenario, rho=0.0)
    usa, gbr = answer.guarantors
    assert [d.obligation for d in usa.duties] == ["consult", "assist"]
    consult = usa.duties[0]
    assert consult.due is not None and consult.due.isoformat() == "2026-03-06T00:00:00"
    assert usa.duties[1].by_when() == "forthwith" and usa.duties[1].means == ["use_armed_force"]
    assert gbr.duties[1].discretion == "intent" and gbr.duties[1].conditions == ["constitutional_processes"]
    assert usa.marginal is not None and gbr.marginal is not None
    # Beta is consultation-only: no such case in the data, so the reference-class rate is used (C705)
    assert (
        "reference class" in gbr.marginal_source and gbr.estimate is not None and "C705" in gbr.estimate.codes
    )
    ((k1, p1, lo1, hi1), (k2, p2, _, _)) = answer.at_least()
    assert (k1, k2) == (1, 2)
    assert p2 == pytest.approx(usa.marginal * gbr.marginal)
    assert p1 == pytest.approx(1 - (1 - usa.marginal) * (1 - gbr.marginal))
    assert lo1 <= p1 <= hi1


def test_attack_outside_the_area_activates_only_the_unrestricted_guarantee() -> None:
    package = load_package(FIXTURE).package
    assert package is not None
    scenario = attack_scenario("38.0,48.0", "2026-03-05", beneficiary="UKR", actor="RUS")
    answer = analyse(package, scenario)
    usa, gbr = answer.guarantors
    assert not usa.triggered and any("armed_attack" in n or "held" in n for n in usa.not_activated)
    assert gbr.triggered and len(answer.pmf) == 2


def test_attack_by_another_actor_activates_only_alpha() -> None:
    package = load_package(FIXTURE).package
    assert package is not None
    answer = analyse(package, attack_scenario("33.0,48.0", "2026-03-05", beneficiary="UKR", actor="BLR"))
    assert [g.state for g in answer.triggered] == ["USA"]


def test_correlation_raises_all_and_lowers_at_least_one() -> None:
    package = load_package(FIXTURE).package
    assert package is not None
    scenario = attack_scenario("33.0,48.0", "2026-03-05", beneficiary="UKR", actor="RUS")
    independent = dict((k, p) for k, p, _, _ in analyse(package, scenario, rho=0.0).at_least())
    correlated = dict((k, p) for k, p, _, _ in analyse(package, scenario, rho=0.8).at_least())
    assert correlated[2] > independent[2] and correlated[1] < independent[1]


# --------------------------------------------------------------------------- command line


def test_cli_package_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(
        app,
        ["package", str(FIXTURE), "--attack-at", "33,48", "--date", "2026-03-05", "--actor", "RUS",
         "--correlation", "0.3", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (answer,) = data["answers"]
    assert answer["format"] == "servanda-package-answer/1" and answer["n"] == 2
    assert answer["assumptions"]["correlation"] == 0.3
    assert answer["guarantors"][0]["duties"][0]["due"] == "2026-03-06T00:00:00"
    assert answer["guarantors"][0]["duties"][0]["clause"]["label"] == "Article 2"


def test_cli_package_uses_scenarios_folder_and_prints_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["package", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "Who must do what" in result.output and "P(at least k of 2 guarantors honour)" in result.output
    assert "2026-03-06 00:00 UTC" in result.output


def test_cli_package_errors_are_coded() -> None:
    no_date = runner.invoke(app, ["package", str(FIXTURE), "--attack-at", "33,48"])
    assert no_date.exit_code == 1 and "error[P812]" in no_date.output
    bad_rho = runner.invoke(app, ["package", str(FIXTURE), "--correlation", "1.5"])
    assert bad_rho.exit_code == 2 and "error[P815]" in bad_rho.output
    # A missing package or scenario file is a usage error: exit 2, like `servanda check no/such/file`.
    missing = runner.invoke(app, ["package", "no/such/folder"])
    assert missing.exit_code == 2 and "error[P801]" in missing.output and "Traceback" not in missing.output
    no_scenario = runner.invoke(app, ["package", str(FIXTURE), "--scenario", "no/such/events.yaml"])
    assert no_scenario.exit_code == 2 and "error[P813]" in no_scenario.output


def test_cli_scenario_file_without_date(pkg: Path) -> None:
    _edit(pkg / "scenarios" / "attack.yaml", "date: 2026-03-05, ", "")
    result = runner.invoke(app, ["package", str(pkg), "--scenario", str(pkg / "scenarios" / "attack.yaml")])
    assert result.exit_code == 1 and "error[P812]" in result.output and "attack.yaml:3:" in result.output


UKRAINE = ROOT / "examples" / "ukraine-2025"


@pytest.mark.skipif(
    not (UKRAINE / "geometries" / "line_of_contact_2025-12-14.geojson").exists(),
    reason="example geometries not present",
)
def test_ukraine_example_attack_across_the_line() -> None:
    loaded = load_package(UKRAINE)
    assert loaded.ok, [d.message for d in loaded.diagnostics]
    assert loaded.package is not None
    scenario = load_scenario(UKRAINE / "scenarios" / "attack_across_line.yaml")
    answer = analyse(loaded.package, scenario, rho=0.3)
    assert {g.state for g in answer.triggered} == {"USA", "GBR", "FRA", "DEU", "CAN", "JPN"}
    usa = next(g for g in answer.guarantors if g.state == "USA")
    assert any(d.obligation == "assist" and d.by_when() == "forthwith" for d in usa.duties)
    quiet = analyse(loaded.package, load_scenario(UKRAINE / "scenarios" / "quiet_front.yaml"))
    assert not quiet.triggered


def test_cli_credibility_uses_the_atop_coding() -> None:
    result = runner.invoke(app, ["credibility", str(FIXTURE / "beta.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["atop"]["defense"] == 0.0 and data["atop"]["consul"] == 1.0
    assert data["estimate"]["reference_class"]["n"] > 0
    unknown = runner.invoke(app, ["credibility", "no/such.yaml"])
    assert unknown.exit_code == 2 and "E101" in unknown.output

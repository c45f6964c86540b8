"""`servanda ratify` / `servanda durability` as a user meets them: tables, JSON, plots, coded errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parents[3]
PKG = "tests/analyses/ratification/fixtures/ukraine-mini"
STANCES = "src/servanda/data/stances/ukraine-2025.yaml"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def instrument(
    tmp_path: Path,
    state: str = "USA",
    form: str = "congressional_executive_agreement",
    roles: str = "[party, guarantor]",
) -> Path:
    text = (ROOT / PKG / "usa.yaml").read_text(encoding="utf-8")
    text = text.replace("{state: USA, roles: [party, guarantor]}", f"{{state: {state}, roles: {roles}}}")
    text = text.replace("kind: congressional_executive_agreement", f"kind: {form}")
    f = tmp_path / "g.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def test_ratify_table_and_package_lines() -> None:
    r = runner.invoke(app, ["ratify", PKG, "--stances", STANCES, "--as-of", "2026-12-01"])
    assert r.exit_code == 0, r.output
    for code in ("USA", "GBR", "FRA", "DEU", "CAN", "JPN"):
        assert code in r.output
    assert "P(all 6 approve within 12 months)" in r.output
    assert "Traceback" not in r.output


def test_ratify_json_has_everything() -> None:
    r = runner.invoke(app, ["ratify", PKG, "--stances", STANCES, "--as-of", "2026-12-01", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    g = {x["jurisdiction"]: x for x in data["guarantors"]}
    assert set(g) == {"USA", "GBR", "FRA", "DEU", "CAN", "JPN"}
    assert 0 < data["p_all_approve_within_12_months"] <= data["p_all_approve"] <= 1
    assert g["USA"]["stages"][1]["vote"]["required"] == 60
    assert {"median_days", "p10_days", "p90_days"} <= set(g["GBR"]["time_to_ratify"])
    assert len(data["durability"]["guarantors"]) == 6
    assert data["stances"]["illustrative"] is True


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plots_are_written(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"p{suffix}"
    r = runner.invoke(app, ["durability", PKG, "--as-of", "2026-12-01", "--plot", str(out)])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 1000


def test_durability_json() -> None:
    r = runner.invoke(
        app, ["durability", PKG, "--stances", STANCES, "--as-of", "2026-12-01", "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert 0 < data["p_all_in_force_10y"] < 1
    assert all(len(g["survival_by_year"]) == 11 for g in data["guarantors"])


def test_historical_case_by_name(tmp_path: Path) -> None:
    out = tmp_path / "case.png"
    r = runner.invoke(app, ["ratify", "nato-2022-finland-sweden", "--protocol", "FIN", "--plot", str(out)])
    assert r.exit_code == 0, r.output
    assert "coverage" in r.output and "TUR" in r.output and out.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"state": "UKR"}, "R501"),
        ({"state": "DEU"}, "R502"),
        ({"roles": "[party]"}, "R505"),
    ],
)
def test_bad_instruments_give_coded_errors(tmp_path: Path, kwargs: dict[str, str], code: str) -> None:
    f = instrument(tmp_path, **kwargs)
    r = runner.invoke(app, ["ratify", str(f), "--as-of", "2026-12-01"])
    assert r.exit_code == 1
    assert f"error[{code}]" in r.output and "Traceback" not in r.output
    assert "fix:" in r.output or "= help:" in r.output  # R501 is located in the file, like the loader's


def test_bad_stances_and_paths(tmp_path: Path) -> None:
    s = tmp_path / "s.yaml"
    s.write_text(
        "format: servanda-stances/1\nid: x\njurisdictions:\n  USA:\n    blocs:\n      R: {support: 1.5, cohesion: 0.5}\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["ratify", PKG, "--stances", str(s)])
    assert r.exit_code == 1 and "error[R504]" in r.output
    # Usage errors (missing input, bad option value) exit 2, like `servanda check`.
    r = runner.invoke(app, ["ratify", "no/such/folder"])
    assert r.exit_code == 2 and "error[R510]" in r.output
    r = runner.invoke(app, ["ratify", PKG, "--plot", "x.pdf"])
    assert r.exit_code == 2 and "error[R506]" in r.output
    r = runner.invoke(app, ["ratify", PKG, "--as-of", "yesterday"])
    assert r.exit_code == 2 and "error[R506]" in r.output


def test_election_calendar_in_the_past_is_d601(tmp_path: Path) -> None:
    # durability with a user file whose next election is already past
    s = tmp_path / "s.yaml"
    s.write_text(
        "format: servanda-stances/1\nid: x\njurisdictions:\n  USA:\n    p_turnover: 0.5\n", encoding="utf-8"
    )
    r = runner.invoke(
        app, ["durability", str(instrument(tmp_path)), "--stances", str(s), "--as-of", "2031-01-01"]
    )
    assert r.exit_code == 0  # bundled calendars roll forward with a warning
    assert "warning[D601]" in r.output


# --------------------------------------------------------------------------- review regressions


@pytest.mark.parametrize("command", ["ratify", "durability"])
def test_plot_into_missing_folder_is_a_coded_usage_error(tmp_path: Path, command: str) -> None:
    out = tmp_path / "no" / "such" / "folder" / "x.png"
    r = runner.invoke(app, [command, PKG, "--as-of", "2026-12-01", "--plot", str(out)])
    assert r.exit_code == 2, r.output
    assert "error[E101]" in r.output and "--plot" in r.output and str(out) in r.output
    assert "mkdir -p" in r.output and "Traceback" not in r.output
    assert isinstance(r.exception, SystemExit) and not out.exists()


def test_plot_onto_a_folder_is_a_coded_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "plots.png"
    folder.mkdir()
    r = runner.invoke(app, ["durability", PKG, "--as-of", "2026-12-01", "--plot", str(folder)])
    assert r.exit_code == 2 and "error[E101]" in r.output and "is a folder" in r.output


@pytest.mark.parametrize("years", ["1e9", "nan", "inf", "-inf", "-5", "0", "200.5"])
def test_durability_years_is_validated_and_blamed(years: str) -> None:
    r = runner.invoke(app, ["durability", PKG, "--as-of", "2026-12-01", "--years", years])
    assert r.exit_code == 2, r.output
    assert "error[E210]:" in r.output and "--> --years" in r.output and "0 < years <= 200" in r.output
    assert "instrument" not in r.output and "term" not in r.output and "Traceback" not in r.output


def test_durability_years_at_the_limit_runs() -> None:
    r = runner.invoke(app, ["durability", PKG, "--as-of", "2026-12-01", "--years", "200", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert all(g["term_years"] == 200 for g in json.loads(r.stdout)["guarantors"])


def test_instrument_with_huge_term_is_refused_with_a_location(tmp_path: Path) -> None:
    f = instrument(tmp_path)
    text = f.read_text(encoding="utf-8")
    assert "length: 10 years" in text
    f.write_text(text.replace("length: 10 years", "length: 99999999 years"), encoding="utf-8")
    for command in ("ratify", "durability"):
        r = runner.invoke(app, [command, str(f), "--as-of", "2026-12-01"])
        assert r.exit_code == 1, r.output
        assert "error[E210]" in r.output and f"{f}:" in r.output and "Traceback" not in r.output


def test_late_as_of_is_refused_not_overflowing() -> None:
    r = runner.invoke(app, ["durability", PKG, "--as-of", "9999-01-01"])
    assert (
        r.exit_code == 2
        and "error[R506]:" in r.output
        and "--> --as-of" in r.output
        and "Traceback" not in r.output
    )


@pytest.mark.parametrize("command", ["ratify", "durability"])
def test_missing_input_exits_2_with_a_suggestion(command: str) -> None:
    r = runner.invoke(app, [command, "no/such/folder"])
    assert r.exit_code == 2 and "error[R510]" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, [command, "us_jpn.tmsc"])
    assert r.exit_code == 2 and "did you mean `us_jpn.tmcs`?" in r.output
    r = runner.invoke(app, [command, PKG, "--stances", "no/such/stances.yaml"])
    assert r.exit_code == 2 and "error[R506]:" in r.output and "--> --stances" in r.output


def test_ratify_and_durability_accept_bundled_ids() -> None:
    for command in ("ratify", "durability"):
        r = runner.invoke(app, [command, "us_jpn.tmcs", "--as-of", "2026-12-01", "-f", "json"])
        assert r.exit_code == 0, r.output
        assert [g["jurisdiction"] for g in json.loads(r.stdout)["guarantors"]] == ["USA"]


def test_protocol_outside_a_case_is_refused() -> None:
    r = runner.invoke(app, ["ratify", PKG, "--protocol", "FIN"])
    assert (
        r.exit_code == 2
        and "error[R506]:" in r.output
        and "--> --protocol" in r.output
        and "historical case" in r.output
    )
    r = runner.invoke(app, ["ratify", "nato-2022-finland-sweden", "--protocol", "NOR"])
    assert r.exit_code == 2 and "has no protocol `NOR`" in r.output and "FIN, SWE" in r.output


def test_valid_iso_guarantor_without_data_is_not_given_another_country(tmp_path: Path) -> None:
    r = runner.invoke(app, ["ratify", str(instrument(tmp_path, state="CHE")), "--as-of", "2026-12-01"])
    assert r.exit_code == 1, r.output
    assert "error[R501]: no jurisdiction file for Switzerland (CHE)" in r.output
    assert "did you mean" not in r.output and "docs/ratification.md" in r.output
    assert "data/jurisdictions/CHE.yaml" in r.output
    assert f"{tmp_path / 'g.yaml'}:" in r.output  # located at the party's `state`


def test_mistyped_package_entry_gets_the_package_loaders_located_diagnostic(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / PKG, pkg)
    manifest = pkg / "package.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("{file: jpn.yaml}", "{file: jpn.yml}"), encoding="utf-8"
    )
    line = next(i for i, t in enumerate(manifest.read_text().splitlines(), 1) if "jpn.yml" in t)
    for command in ("ratify", "durability"):
        r = runner.invoke(app, [command, str(pkg), "--as-of", "2026-12-01"])
        assert r.exit_code == 1, r.output
        assert "error[P805]: no instrument file `jpn.yml`" in r.output
        assert f"{manifest}:{line}:" in r.output and "did you mean `jpn.yaml`?" in r.output
        assert "R510" not in r.output

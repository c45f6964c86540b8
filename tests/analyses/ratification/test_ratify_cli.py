"""`servanda ratify` / `servanda durability` as a user meets them: tables, JSON, plots, coded errors."""

from __future__ import annotations

import json
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
    assert f"error[{code}]" in r.output and "fix:" in r.output and "Traceback" not in r.output


def test_bad_stances_and_paths(tmp_path: Path) -> None:
    s = tmp_path / "s.yaml"
    s.write_text(
        "format: servanda-stances/1\nid: x\njurisdictions:\n  USA:\n    blocs:\n      R: {support: 1.5, cohesion: 0.5}\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["ratify", PKG, "--stances", str(s)])
    assert r.exit_code == 1 and "error[R504]" in r.output
    r = runner.invoke(app, ["ratify", "no/such/folder"])
    assert r.exit_code == 1 and "error[R510]" in r.output
    r = runner.invoke(app, ["ratify", PKG, "--plot", "x.pdf"])
    assert r.exit_code == 1 and "error[R506]" in r.output
    r = runner.invoke(app, ["ratify", PKG, "--as-of", "yesterday"])
    assert r.exit_code == 1 and "error[R506]" in r.output


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

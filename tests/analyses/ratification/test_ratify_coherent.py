"""Coherent pass probabilities (issue 12, item 2): historical instruments, the election flag, JSON fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app
from servanda.services import ratify
from servanda.services.errors import ServiceError

ROOT = Path(__file__).resolve().parents[3]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_an_instrument_in_force_is_reported_as_ratified_not_scored_today() -> None:
    out = ratify("us_jpn.tmcs@1960", as_of="2026-12-01")
    (usa,) = out.analysis.package.results  # type: ignore[union-attr]
    assert usa.status == "ratified" and usa.p_pass == 1.0 and usa.alternatives == []
    assert [s.kind for s in usa.stages] == ["ratified"]
    data = out.to_json()
    assert data["guarantors"][0]["status"] == "ratified"


def test_scoring_a_historical_instrument_against_its_own_time_is_asked_for_and_coded() -> None:
    with pytest.raises(ServiceError) as exc:
        ratify("us_jpn.tmcs@1960", as_of="2026-12-01", score_historical=True)
    assert [d.code for d in exc.value.diagnostics] == ["R508"]  # no 1960 Senate in the data
    assert "1960-01-19" in exc.value.diagnostics[0].message
    cli = runner.invoke(app, ["ratify", "us_jpn.tmcs@1960", "--as-of", "2026-12-01", "--score-historical"])
    assert cli.exit_code != 0 and "error[R508]" in cli.output and "Traceback" not in cli.output


def test_vote_after_the_next_election_is_flagged() -> None:
    out = ratify("examples/ukraine-2025", as_of="2026-12-01")
    usa = next(r for r in out.analysis.package.results if r.jurisdiction.code == "USA")  # type: ignore[union-attr]
    assert usa.election is not None and usa.election["seated"] == "2027-01-03"
    assert float(usa.election["share_after"]) > 0.5  # type: ignore[arg-type]
    assert any(d.code == "R513" for d in out.diagnostics)
    early = ratify("examples/ukraine-2025/gbr.yaml", as_of="2026-12-01")
    assert not any(d.code == "R513" for d in early.diagnostics)


def test_json_carries_interval_and_us_routes_side_by_side() -> None:
    data = ratify("examples/ukraine-2025/usa.yaml", as_of="2026-12-01").to_json()
    g = data["guarantors"][0]
    lo, hi = g["p_pass_interval_80"]
    assert 0.0 <= lo <= g["p_pass"] <= hi <= 1.0
    (alt,) = g["alternatives"]
    assert alt["legal_form"] == "treaty" and alt["p_pass"] <= g["p_pass"]
    text = runner.invoke(app, ["ratify", "examples/ukraine-2025/usa.yaml", "--as-of", "2026-12-01"])
    assert text.exit_code == 0 and "side by side" in text.output and "80 % CrI" in text.output

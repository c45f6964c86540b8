"""The Ukraine 2025 example as a new user meets it (skipped until the example package exists)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "ukraine-2025"
runner = CliRunner()


@pytest.mark.skipif(not (EXAMPLE / "package.yaml").is_file(), reason="examples/ukraine-2025 not present")
def test_ukraine_example_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    r = runner.invoke(app, ["ratify", "examples/ukraine-2025", "--as-of", "2026-12-01", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["stances"]["id"] == "ukraine-2025"  # bundled stances picked up by folder name
    codes = {g["jurisdiction"] for g in data["guarantors"]}
    assert {"USA", "GBR", "FRA", "DEU", "CAN", "JPN"} <= codes
    for g in data["guarantors"]:
        t = g["time_to_ratify"]
        assert g["route"] and 0 <= g["p_pass"] <= 1
        assert t["p10_days"] <= t["median_days"] <= t["p90_days"]
    assert 0 < data["p_all_approve_within_12_months"] <= data["p_all_approve"] < 1
    usa = next(g for g in data["durability"]["guarantors"] if g["jurisdiction"] == "USA")
    assert usa["withdrawal_lock"] is True and usa["survival_10y"] is not None

"""``servanda assess`` as a user meets it: per-guarantor rows, the package row, the correlation used, the chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
FORMAT_JSON = ["--format", "json"]
ARGS = ["assess", "examples/ukraine-2025", "--on", "2026-12-01", "--at", "2028-12-01"]


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_text_rows_package_correlation_and_chart(tmp_path: Path) -> None:
    chart = tmp_path / "assess.png"
    result = runner.invoke(app, [*ARGS, "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    out = result.output
    for state in ("USA", "GBR", "FRA", "DEU", "CAN", "JPN"):
        assert f"│ {state} (" in out
    for header in ("P(ratified by", "P(in force |", "P(honoured |", "P(delivers)"):
        assert header in out
    assert "package: at least k of 6 guarantors (correlation 0.33, default)" in out
    assert "P(at least 1 of 6 guarantors deliver by an attack on 2028-12-01)" in out
    assert "sensitivity: P(at least k deliver) by correlation" in out and "0.33 (used)" in out
    assert "P817" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_has_the_factors_and_the_correlation_used(tmp_path: Path) -> None:
    chart = tmp_path / "assess.svg"
    result = runner.invoke(
        app,
        [
            *ARGS,
            "--correlation",
            "0",
            "--k",
            "2",
            "--prior",
            "economic_aid=0.6",
            *FORMAT_JSON,
            "--plot",
            str(chart),
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == "servanda-assess/1"
    assert doc["correlation"]["rho"] == 0.0 and doc["correlation"]["source"] == "given"
    assert doc["k"] == 2 and len(doc["guarantors"]) == 6
    row = doc["guarantors"][0]
    assert row["p_delivers"] == pytest.approx(
        row["p_ratified_by_attack"] * row["p_in_force_given_ratified"] * row["p_honoured_given_in_force"]
    )
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    jpn = next(g for g in doc["guarantors"] if g["guarantor"] == "JPN")
    assert jpn["honouring"]["basis"] == "user" and jpn["p_honoured_given_in_force"] == 0.6


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (["--correlation", "2"], "P815"),
        (["--at", "2020-01-01"], "P818"),
        (["--k", "0"], "P818"),
        (["--plot", "chart.gif"], "E101"),
        (["--prior", "fighting=0.5"], "P818"),
        (["--prior", "economic_aid"], "P818"),
    ],
)
def test_usage_errors_exit_2_with_a_code(extra: list[str], code: str) -> None:
    result = runner.invoke(app, [*ARGS, *extra, "--format", "json"])
    assert result.exit_code == 2, result.output
    doc = json.loads(result.stdout)
    assert doc["format"] == "servanda-error/1"
    assert doc["diagnostics"][0]["code"] == code


def test_missing_package_exits_2() -> None:
    result = runner.invoke(app, ["assess", "no/such/package"])
    assert result.exit_code == 2
    assert "P801" in result.output

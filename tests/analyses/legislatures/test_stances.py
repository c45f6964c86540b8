"""Stance files: fallback chain and coded diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from servanda.analyses.legislatures.stances import (
    bundled_stances,
    global_default,
    load_stances,
    parse_stances,
)
from servanda.diagnostics import ServandaError


def make(**kw: object) -> dict:
    return {"format": "servanda-stances/1", "id": "t", **kw}


def test_fallback_chain() -> None:
    s = parse_stances(
        make(
            defaults={
                "government": {"support": 0.7, "cohesion": 0.5},
                "families": {"com": {"support": 0.1, "cohesion": 0.9}},
            },
            jurisdictions={
                "DEU": {
                    "blocs": {"AfD": {"support": 0.05, "cohesion": 0.9}},
                    "opposition": {"support": 0.4, "cohesion": 0.3},
                }
            },
        ),
        "t",
    )
    assert s.bloc("DEU", "AfD", "right", False).support == 0.05  # explicit bloc
    assert s.bloc("DEU", "Linke", None, False).support == 0.4  # jurisdiction opposition
    assert s.bloc("FRA", "PCF", "com", False).support == 0.1  # file family default
    assert s.bloc("FRA", "RE", None, True).support == 0.7  # file government default
    assert s.bloc("FRA", "RN", None, False) == global_default(False)  # global default


def test_out_of_range_values_are_r504() -> None:
    with pytest.raises(ServandaError) as exc:
        parse_stances(
            make(jurisdictions={"USA": {"blocs": {"R": {"support": 80, "cohesion": 0.5}}}}), "t.yaml"
        )
    d = exc.value.diagnostics[0]
    assert d.code == "R504" and "jurisdictions.USA.blocs.R" in d.location
    with pytest.raises(ServandaError) as exc:
        parse_stances(make(defaults={"government": {"support": 0.5, "cohesion": 0.0}}), "t.yaml")
    assert exc.value.diagnostics[0].code == "R504"


def test_unknown_jurisdiction_and_bad_keys() -> None:
    with pytest.raises(ServandaError) as exc:
        parse_stances(make(jurisdictions={"UAS": {}}), "t.yaml")
    assert exc.value.diagnostics[0].code == "R501" and "USA" in exc.value.diagnostics[0].hint
    with pytest.raises(ServandaError) as exc:
        parse_stances(make(jurisdictions={"USA": {"blok": {}}}), "t.yaml")
    assert exc.value.diagnostics[0].code == "R506"
    with pytest.raises(ServandaError) as exc:
        parse_stances(make(jurisdictions={"USA": {"p_oppose_after_turnover": 2}}), "t.yaml")
    assert exc.value.diagnostics[0].code == "D602"


def test_yaml_syntax_error_is_coded(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("format: servanda-stances/1\nid: [unclosed\n", encoding="utf-8")
    with pytest.raises(ServandaError) as exc:
        load_stances(f)
    assert exc.value.diagnostics[0].code == "R506"


def test_bundled_ukraine_stances_are_labelled_illustrative() -> None:
    s = bundled_stances("ukraine-2025")
    assert s.illustrative and s.assumption_note
    assert set(s.jurisdictions) == {"USA", "GBR", "FRA", "DEU", "CAN", "JPN"}

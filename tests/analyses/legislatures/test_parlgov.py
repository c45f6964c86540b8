"""The bundled ParlGov extract: content, derived rates, and reproducibility from ../shared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from servanda.analyses.legislatures.jurisdictions import data_root
from servanda.analyses.legislatures.parlgov import (
    build_extract,
    covered,
    early_turnover_rate,
    parlgov_composition,
    turnover_rate,
)


def test_extract_covers_30_states_without_usa() -> None:
    c = covered()
    assert len(c) == 30 and "USA" not in c and "DEU" in c


def test_composition_government_flags() -> None:
    comp = parlgov_composition("SWE", date(2022, 7, 5))
    assert comp is not None and comp.as_of == date(2018, 9, 9) and comp.total == 349
    assert any(b.government for b in comp.blocs)
    assert parlgov_composition("SWE", date(2004, 1, 1)) is None


def test_rates_are_sane() -> None:
    changes, n = turnover_rate("GBR")
    assert 0 <= changes <= n and n >= 3
    # Germany 2005-2021: the chancellor's party changed only at elections (CDU in 2005, SPD in 2021),
    # so no change between elections over the ~16 years from Merkel I to Scholz.
    changes, years = early_turnover_rate("DEU")
    assert changes == 0 and 15.5 < years < 16.5
    # Romania: four PM-party changes with no election in between (Ungureanu PDL -> Ponta PSD after the
    # April 2012 no-confidence vote; Ponta -> Ciolos 2015; Dancila PSD -> Orban PNL 2019; Ciuca -> Ciolacu 2023).
    changes, years = early_turnover_rate("ROU")
    assert changes == 4 and 16 < years < 17


def test_attribution_file_present() -> None:
    text = data_root().joinpath("parlgov", "SOURCE.md").read_text(encoding="utf-8")
    assert "Döring" in text and "CC0" in text and "10.7910/DVN/2VZ5ZC" in text


def test_extract_reproducible_from_shared(shared_dir: Path, tmp_path: Path) -> None:
    src = shared_dir / "data" / "parlgov"
    build_extract(src, tmp_path)
    for name in ("seats.csv", "cabinets.csv"):
        bundled = data_root().joinpath("parlgov", name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == bundled

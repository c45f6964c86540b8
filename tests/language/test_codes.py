"""Country-code suggestions point to the state meant, not to the closest string."""

from __future__ import annotations

from pathlib import Path

import pytest

from servanda.language.loader import load_instrument_text

VALID = (Path(__file__).resolve().parent.parent / "diagnostics/fixtures/_valid.yaml").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("written", "meant"), [("UK", "GBR"), ("NO", "NOR"), ("US", "USA"), ("Ukraine", "UKR"), ("EL", "GRC")]
)
def test_state_code_hint_names_the_state_meant(written: str, meant: str) -> None:
    text = VALID.replace(
        "{state: USA, roles: [party, guarantor]}", f"{{state: {written}, roles: [party, guarantor]}}"
    )
    (diagnostic,) = load_instrument_text(text, "t.yaml").diagnostics
    assert diagnostic.code == "E206" and diagnostic.hint == f"did you mean `{meant}`?"


def test_durations_beyond_200_years_are_refused() -> None:
    text = VALID.replace("  length: 10 years", "  length: 99999999 years")
    (diagnostic,) = load_instrument_text(text, "t.yaml").diagnostics
    assert diagnostic.code == "E210" and "200-year limit" in diagnostic.message

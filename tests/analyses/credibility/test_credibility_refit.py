"""Checks against the original data in ../shared; skipped cleanly when it is absent.

Set SERVANDA_SHARED_ATOP to point elsewhere; set SERVANDA_SLOW_TESTS=1 to also rerun the full nested
cross-validation (about 15 s) and compare it with the figures shipped in model.json.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servanda.analyses.credibility import load_model
from servanda.analyses.credibility.data import bf_counts, read_atop, read_bf, sha256, training_data
from servanda.analyses.credibility.excerpt import ALLIANCE_COLUMNS, FILES, MEMBER_COLUMNS, extract
from servanda.analyses.credibility.features import leeds_anac
from servanda.analyses.credibility.refit import NOTES_COUNTS, build

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("SERVANDA_SHARED_ATOP", REPO.parent / "shared" / "data" / "atop"))
DTA = SHARED / "BerkemeierFuhrmannRAP2018_0303.dta"
ALLIANCE = SHARED / "atop-alliance-level.csv"
MEMBER = SHARED / "atop-member-level.csv"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not (DTA.is_file() and ALLIANCE.is_file() and MEMBER.is_file()),
        reason="../shared/data/atop not available",
    ),
]


@pytest.fixture(scope="module")
def bf() -> pd.DataFrame:
    return read_bf(DTA)


@pytest.fixture(scope="module")
def atop() -> pd.DataFrame:
    return read_atop(ALLIANCE)


def test_research_notes_counts_reproduce(bf: pd.DataFrame) -> None:
    assert len(bf) == 576
    counts = bf_counts(bf)
    for key, expected in NOTES_COUNTS.items():
        assert counts[key] == expected, key
    # the headline figures, spelled out
    assert counts["all"] == (73, 146)
    assert counts["1816-1944"] == (61, 92)
    assert counts["1945-2003"] == (12, 54)
    assert counts["defense"] == (42, 102)
    assert counts["defense 1816-1944"] == (36, 59)
    assert counts["defense 1945-2003"] == (6, 43)


def test_merge_by_atopid(bf: pd.DataFrame, atop: pd.DataFrame) -> None:
    td = training_data(bf, atop)
    m = td.merge
    assert m["relevant_cases"] == m["relevant_cases_matched"] == 146
    assert m["bf_rows_matched"] == 575 and m["bf_atopids_unmatched"] == [4660]
    agreement = m["pledge_agreement_bf_vs_atop401"]
    assert isinstance(agreement, dict)
    assert agreement["defense"] == 146 and agreement["consul"] == 144
    assert td.X.shape == (146, 17)
    assert int(td.y.sum()) == 73


def test_leeds_anac_rule_matches_precomputed_columns(atop: pd.DataFrame) -> None:
    cols = ["intcom", "milcon", "base", "milaid", "subord", "contrib", "orgpurp1", "orgpurp2"]
    for rec in atop[[*cols, "hinst", "minst"]].to_dict("records"):
        vals = {k: (None if pd.isna(rec[k]) else float(rec[k])) for k in cols}
        high, moderate = leeds_anac(vals)
        for got, want in ((high, rec["hinst"]), (moderate, rec["minst"])):
            if pd.isna(want):
                assert got is None
            else:
                assert got == want


def test_refit_reproduces_shipped_coefficients() -> None:
    shipped = load_model().doc
    doc = build(DTA, ALLIANCE, draws=40, cv=False)
    assert doc["selected_spec"] == shipped["selected_spec"]
    assert doc["features"] == shipped["features"]
    assert doc["C"] == pytest.approx(shipped["C"])
    assert doc["intercept"] == pytest.approx(shipped["intercept"], abs=1e-5)
    for f, c in shipped["coef"].items():
        assert doc["coef"][f] == pytest.approx(c, abs=1e-5), f
    for name, cand in shipped["candidates"].items():
        assert doc["candidates"][name]["inner_cv_brier"] == pytest.approx(cand["inner_cv_brier"], abs=1e-6)
    np.testing.assert_allclose(
        np.array(doc["bootstrap"]["values"]), np.array(shipped["bootstrap"]["values"][:40]), atol=1e-4
    )
    assert doc["support"]["patterns"] == shipped["support"]["patterns"]
    assert doc["reference_classes"] == shipped["reference_classes"]
    assert doc["alternative_classes"] == shipped["alternative_classes"]
    assert [d["sha256"] for d in doc["provenance"]["data"]] == [sha256(DTA), sha256(ALLIANCE)]
    assert doc["provenance"]["data"] == shipped["provenance"]["data"]


@pytest.mark.skipif(os.environ.get("SERVANDA_SLOW_TESTS") != "1", reason="set SERVANDA_SLOW_TESTS=1")
def test_cross_validation_reproduces_shipped_metrics() -> None:
    shipped = load_model().doc["cv"]
    doc = build(DTA, ALLIANCE, draws=5, cv=True)
    for scheme, summary in shipped.items():
        for comparator, value in summary["brier"].items():
            assert doc["cv"][scheme]["brier"][comparator] == pytest.approx(value, abs=1e-5)


@pytest.mark.parametrize("level", ["alliance", "member"])
def test_bundled_excerpt_is_verbatim(level: str) -> None:
    src, cols = (ALLIANCE, ALLIANCE_COLUMNS) if level == "alliance" else (MEMBER, MEMBER_COLUMNS)
    fresh = extract(src, cols)
    bundled_path = REPO / "src" / "servanda" / "data" / "atop" / FILES[level]
    with bundled_path.open(newline="", encoding="utf-8") as fh:
        bundled = list(csv.reader(fh))
    assert bundled == fresh

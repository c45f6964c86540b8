"""Per-guarantor results and their aggregate over all guarantors: hand calculations and Monte Carlo agreement."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.analyses.legislatures.stances import parse_stances
from servanda.analyses.packages.guarantees import GuaranteeSpec
from servanda.analyses.packages.probability import p_at_least, poisson_binomial
from servanda.analyses.ratification.guarantors import (
    RatificationResult,
    analyse_guarantee,
    analyse_ratification,
)
from servanda.analyses.ratification.montecarlo import simulate_approvals

ON = date(2026, 6, 1)


def stances(data: dict) -> object:
    return parse_stances({"format": "servanda-stances/1", "id": "t", **data}, "t.yaml")


def test_poisson_binomial_hand() -> None:
    np.testing.assert_allclose(np.asarray(poisson_binomial([0.5, 0.5], 1.0)), [0.25, 0.5, 0.25])
    # P(at least 2 of 0.9, 0.8, 0.5) = 0.9*0.8 + 0.9*0.2*0.5 + 0.1*0.8*0.5 = 0.85
    assert p_at_least([0.9, 0.8, 0.5], 2, 0.0) == pytest.approx(0.85)
    assert p_at_least([0.9, 0.8, 0.5], 3, 0.0) == pytest.approx(0.36)
    assert p_at_least([0.9], 0, 0.0) == 1.0
    assert p_at_least([0.9], 2, 0.0) == 0.0


@given(ps=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_poisson_binomial_properties(ps: list[float]) -> None:
    pmf = np.asarray(poisson_binomial(ps, 1.0))
    assert pmf.sum() == pytest.approx(1.0)
    assert float(np.arange(len(pmf)) @ pmf) == pytest.approx(sum(ps))
    assert pmf[-1] == pytest.approx(float(np.prod(ps)), abs=1e-12)


def test_package_agrees_with_monte_carlo() -> None:
    ps = [0.58, 0.99, 0.87, 0.87, 1.0, 0.86]
    exact = np.asarray(poisson_binomial(ps, 1.0))
    n = 50_000
    mc = simulate_approvals(ps, n, seed=3)
    se = np.sqrt(np.maximum(exact * (1 - exact), 1e-6) / n)
    assert np.all(np.abs(mc - exact) < 4.5 * se)


def test_us_treaty_fails_without_opposition_votes() -> None:
    s = stances(
        {
            "jurisdictions": {
                "USA": {
                    "blocs": {
                        "R": {"support": 1.0, "cohesion": 1.0},
                        "D": {"support": 0.0, "cohesion": 1.0},
                        "I": {"support": 0.0, "cohesion": 1.0},
                    }
                }
            }
        }
    )
    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "USA", "treaty"), s, ON)
    assert r.p_pass == 0.0
    assert r.stages[0].vote is not None and r.stages[0].vote.required == 67


def test_us_cea_cloture_option() -> None:
    # Republicans (53) vote as one with p=1, Democrats never: majority passes, cloture (60) does not.
    base = {
        "R": {"support": 1.0, "cohesion": 1.0},
        "D": {"support": 0.0, "cohesion": 1.0},
        "I": {"support": 0.0, "cohesion": 1.0},
    }
    spec = GuaranteeSpec("t@1", "t", "USA", "congressional_executive_agreement")
    with_cloture = analyse_guarantee(spec, stances({"jurisdictions": {"USA": {"blocs": base}}}), ON)
    without = analyse_guarantee(
        spec, stances({"jurisdictions": {"USA": {"blocs": base, "options": {"cloture": False}}}}), ON
    )
    assert with_cloture.p_pass == 0.0
    assert without.p_pass == 1.0


def test_sole_executive_agreement_needs_no_vote() -> None:
    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "USA", "sole_executive_agreement"), stances({}), ON)
    assert r.p_pass == 1.0
    assert [s.kind for s in r.stages] == ["executive_signature"]
    assert r.time.quantile(0.5) == 0


def test_one_vote_route_probability_is_product_of_stages() -> None:
    # one stage depends on the stances: P(pass) is the product of the stage marginals
    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "DEU", "treaty"), stances({}), ON)
    assert r.p_pass == pytest.approx(math.prod(s.probability for s in r.stages), rel=1e-9)


def test_shared_stances_make_chambers_agree() -> None:
    """CEA: one latent stance per party in both chambers, so P(both) exceeds the product of the marginals."""
    r = analyse_guarantee(
        GuaranteeSpec("t@1", "t", "USA", "congressional_executive_agreement"), stances({}), ON
    )
    marginals = math.prod(s.probability for s in r.stages)
    assert r.p_pass > marginals + 0.01, (r.p_pass, marginals)
    assert r.p_interval is not None and r.p_interval[0] <= r.p_pass <= r.p_interval[1]


def test_proxy_upper_chamber_uses_the_same_party_draw() -> None:
    # Italy's Senate borrows the Camera's shares (R511): the two votes move together
    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "ITA", "treaty"), stances({}), ON)
    votes = [s for s in r.stages if s.vote is not None]
    assert len(votes) == 2
    assert r.p_pass >= math.prod(s.probability for s in r.stages) - 1e-9
    assert r.p_pass >= min(v.probability for v in votes) - 0.05


def test_government_rarely_defeats_its_own_treaty_japan() -> None:
    """Japan: LDP (68 % of the House of Representatives) at support 0.85, cohesion 0.7 — was P = 0.855."""
    from servanda.analyses.legislatures.stances import bundled_stances

    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "JPN", "treaty"), bundled_stances("ukraine-2025"), ON)
    assert r.p_pass > 0.95
    loose = stances(
        {
            "jurisdictions": {
                "JPN": {"government_defeat": 1.0, "blocs": {"LDP": {"support": 0.85, "cohesion": 0.7}}}
            }
        }
    )
    as_written = analyse_guarantee(GuaranteeSpec("t@1", "t", "JPN", "treaty"), loose, ON)
    assert 0.8 < as_written.p_pass < 0.9  # the stance as written, without the prior


US_BLOC = st.tuples(st.floats(0.0, 1.0), st.floats(0.05, 1.0))


@settings(max_examples=25, deadline=None)
@given(r=US_BLOC, d=US_BLOC, i=US_BLOC, cloture=st.booleans())
def test_article_ii_never_scores_above_the_cea(r, d, i, cloture) -> None:  # type: ignore[no-untyped-def]
    """For the same stances (and stance draws), 67 senators are never likelier than the CEA's majorities."""
    blocs = {k: {"support": v[0], "cohesion": v[1]} for k, v in {"R": r, "D": d, "I": i}.items()}
    s = stances({"jurisdictions": {"USA": {"blocs": blocs, "options": {"cloture": cloture}}}})
    treaty = analyse_guarantee(GuaranteeSpec("t@1", "t", "USA", "treaty"), s, ON)
    cea = analyse_guarantee(GuaranteeSpec("t@1", "t", "USA", "congressional_executive_agreement"), s, ON)
    assert treaty.p_pass <= cea.p_pass + 1e-9, (treaty.p_pass, cea.p_pass)
    side = treaty.alternatives[0]
    assert side["legal_form"] == "congressional_executive_agreement"
    assert side["p_pass"] == pytest.approx(cea.p_pass, abs=1e-12)


def test_negative_procedure_pass_probability() -> None:
    # Labour alone holds a majority and votes as one for: an objection can never carry.
    s = stances({"jurisdictions": {"GBR": {"blocs": {"Lab": {"support": 1.0, "cohesion": 1.0}}}}})
    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "GBR", "treaty"), s, ON)
    assert r.p_pass == 1.0
    # Everyone against: objection carries whenever a vote is held (0.3) and no waiver (0.5 for urgent)
    s = stances(
        {
            "priority": "urgent",  # the default priority is "normal" (no waiver)
            "defaults": {
                "government": {"support": 0.0, "cohesion": 1.0},
                "opposition": {"support": 0.0, "cohesion": 1.0},
                "government_defeat": 1.0,
            },
        }
    )
    r = analyse_guarantee(GuaranteeSpec("t@1", "t", "GBR", "treaty"), s, ON)
    assert r.p_pass == pytest.approx(1 - 0.5 * 0.3)


def test_package_within_12_months_consistent() -> None:
    specs = [
        GuaranteeSpec("t@1", "t", c, f)
        for c, f in [("USA", "congressional_executive_agreement"), ("GBR", "treaty"), ("DEU", "treaty")]
    ]
    pkg = analyse_ratification("p", specs, stances({}), ON)
    assert isinstance(pkg, RatificationResult)
    assert pkg.p_all_within(365) <= pkg.p_all() + 1e-12
    assert pkg.at_least()[3] == pytest.approx(pkg.p_all())
    assert pkg.at_least(365)[3] == pytest.approx(pkg.p_all_within(365))
    assert pkg.at_least()[0] == pytest.approx(1.0)
    d = pkg.to_json()
    assert set(d) >= {"p_all_approve", "p_all_approve_within_12_months", "guarantors"}


def test_higher_support_raises_package_probability() -> None:
    low = stances(
        {
            "defaults": {
                "government": {"support": 0.6, "cohesion": 0.5},
                "opposition": {"support": 0.3, "cohesion": 0.5},
            }
        }
    )
    high = stances(
        {
            "defaults": {
                "government": {"support": 0.9, "cohesion": 0.5},
                "opposition": {"support": 0.6, "cohesion": 0.5},
            }
        }
    )
    specs = [GuaranteeSpec("t@1", "t", c, "treaty") for c in ("DEU", "FRA", "JPN")]
    assert (
        analyse_ratification("p", specs, high, ON).p_all() > analyse_ratification("p", specs, low, ON).p_all()
    )

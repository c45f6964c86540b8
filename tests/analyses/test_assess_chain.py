"""The chained answer on the Ukraine example: factors multiply, types follow the duties, the package row
is the copula of the guarantors' chained marginals, and the shipped correlation default is what the data give."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from servanda.analyses.assess.chain import months_between
from servanda.analyses.assess.copula import at_least
from servanda.analyses.assess.correlation import _data_path, _profile, default_correlation, war_data
from servanda.analyses.assess.honour import TYPES, duty_type, honouring, strongest
from servanda.diagnostics import ServandaError
from servanda.services.assess import AssessResult, assess

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025"


@pytest.fixture(scope="module")
def result() -> AssessResult:
    return assess(EXAMPLE, on="2026-12-01", horizon="2028-12-01")


def test_product_equals_the_factors(result: AssessResult) -> None:
    assert result.chain.n == 6
    for g in result.chain.guarantors:
        assert g.in_force is not None
        assert g.delivers == pytest.approx(g.ratified * g.in_force * g.honour.probability, rel=1e-12)
        assert 0.0 < g.delivers <= min(g.ratified, g.in_force, g.honour.probability)
        row = g.to_json()
        assert row["p_delivers"] == pytest.approx(
            row["p_ratified_by_attack"] * row["p_in_force_given_ratified"] * row["p_honoured_given_in_force"]
        )
        assert [f["factor"] for f in row["factors"]] == ["ratified", "in_force", "honoured"]
        assert all(f["covers"] and f["does_not_cover"] for f in row["factors"])


def test_ratification_factor_is_pass_times_timely_completion(result: AssessResult) -> None:
    from servanda.services.ratify import ratify

    pkg = ratify(EXAMPLE, as_of="2026-12-01").analysis
    assert pkg is not None
    by_state = {r.spec.jurisdiction: r for r in pkg.package.results}
    for g in result.chain.guarantors:
        r = by_state[g.state]
        assert g.ratified == pytest.approx(r.p_pass * r.time.within(date(2028, 12, 1)), rel=1e-9)


def test_types_follow_what_each_instrument_obliges(result: AssessResult) -> None:
    types = {g.state: g.type for g in result.chain.guarantors}
    # US, UK, France: assist incl. use_armed_force; Germany, Canada: military assistance; Japan: money.
    assert types == {
        "USA": "armed_defence",
        "GBR": "armed_defence",
        "FRA": "armed_defence",
        "DEU": "military_aid",
        "CAN": "military_aid",
        "JPN": "economic_aid",
    }
    for g in result.chain.guarantors:
        assert g.type == strongest(g.types)


def test_no_weaker_promise_rated_above_a_defence_pact(result: AssessResult) -> None:
    armed = [g.honour for g in result.chain.guarantors if g.type == "armed_defence"]
    weaker = [g.honour for g in result.chain.guarantors if g.type != "armed_defence"]
    assert armed and weaker
    assert all(h.basis == "data" and h.separated for h in armed)
    top = max(h.probability for h in armed)
    for h in weaker:
        assert h.basis == "prior" and not h.separated
        assert h.probability <= top
        assert h.interval[1] - h.interval[0] > armed[0].interval[1] - armed[0].interval[0]  # a prior is wider
    codes = [d.code for d in result.diagnostics]
    assert codes.count("P817") == 2  # military_aid, economic_aid
    assert "P816" not in codes


def test_package_row_is_the_copula_of_the_chained_marginals(result: AssessResult) -> None:
    c = result.chain
    assert c.rho == default_correlation().default and c.rho_source == "default"
    ps = [g.delivers for g in c.guarantors]
    assert np.allclose(c.at_least(), at_least(ps, c.rho))
    doc = result.to_json()
    assert doc["package_row"]["p_at_least_k"]["delivers"] == pytest.approx(c.at_least()[1])
    assert doc["correlation"]["rho"] == c.rho
    stages = doc["package_row"]["at_least"]
    for row in stages:  # each later stage can only lose guarantors
        assert row["ratified"] >= row["ratified_and_in_force"] - 1e-12 >= row["delivers"] - 2e-12
        assert row["delivers_low"] <= row["delivers"] <= row["delivers_high"]
    sens = doc["sensitivity"]["p_at_least"]
    assert sens["1"][0] == pytest.approx(at_least(ps, 0.0)[1]) and sens["1"][-1] == pytest.approx(max(ps))


def test_correlation_and_k_are_honoured() -> None:
    r = assess(EXAMPLE, on="2026-12-01", horizon="2028-12-01", correlation=1.0, k=6)
    ps = [g.delivers for g in r.chain.guarantors]
    assert r.chain.at_least()[6] == pytest.approx(min(ps)) and r.chain.k == 6


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"correlation": 1.5}, "P815"),
        ({"horizon": "2025-01-01"}, "P818"),
        ({"horizon": "not a date"}, "P818"),
        ({"k": 7}, "P818"),
        ({"priors": {"fighting": 0.5}}, "P818"),
        ({"on": "2026-13-01"}, "P818"),
    ],
)
def test_bad_options_are_coded_usage_errors(kwargs: dict[str, object], code: str) -> None:
    args: dict[str, object] = {"on": "2026-12-01", **kwargs}
    with pytest.raises(ServandaError) as err:
        assess(EXAMPLE, **args)  # type: ignore[arg-type]
    assert err.value.code == code
    assert getattr(err.value, "exit_code", None) == 2


def test_no_attack_is_p819(tmp_path: Path) -> None:
    quiet = EXAMPLE / "scenarios" / "quiet_front.yaml"
    with pytest.raises(ServandaError) as err:
        assess(EXAMPLE, on="2026-12-01", scenario=quiet)
    assert err.value.code == "P819"


def test_user_prior_replaces_the_borrowed_record() -> None:
    r = assess(EXAMPLE, on="2026-12-01", horizon="2028-12-01", priors={"economic_aid": 0.6})
    jpn = next(g for g in r.chain.guarantors if g.state == "JPN")
    assert jpn.honour.probability == 0.6 and jpn.honour.basis == "user"
    assert [d.code for d in r.diagnostics].count("P817") == 1


def test_duty_types_and_honouring() -> None:
    assert duty_type("assist", ["provide_intelligence", "impose_sanctions"]) == "military_aid"
    assert duty_type("restore_sanctions", []) == "sanctions"
    assert duty_type("consult", []) == "consultation"
    assert duty_type("deploy_forces", []) == "armed_defence"
    record = (0.146, (0.072, 0.243), "defence pacts, 1945–2003: 6 of 43 honoured")
    for kind in TYPES:
        h = honouring(kind, record)
        assert h.probability == 0.146 and (h.basis == "data") == (kind == "armed_defence")


def test_months_between() -> None:
    assert months_between(date(2027, 1, 25), date(2028, 12, 1)) == 22
    assert months_between(date(2027, 1, 1), date(2026, 1, 1)) == 0


def test_shipped_correlation_document() -> None:
    doc = json.loads(_data_path().read_text(encoding="utf-8"))
    d = default_correlation()
    assert d.default == round(d.upper, 2) and d.lower <= d.estimate <= d.upper
    assert doc["fit"]["cases"] == 146 and doc["fit"]["wars"] == 45
    profile = {float(k): v for k, v in doc["fit"]["profile"].items()}
    cut = doc["fit"]["log_likelihood"] - 3.841458820694124 / 2
    inside = [r for r, ll in profile.items() if ll >= cut]
    assert max(inside) <= d.upper < min(r for r in profile if r > max(inside))
    assert "Berkemeier" in doc["source"]


@pytest.mark.shared
def test_correlation_profile_recomputed_from_the_replication_file(shared_dir: Path) -> None:
    from servanda.analyses.credibility.data import read_bf, relevant_cases, sha256

    path = shared_dir / "data" / "atop" / "BerkemeierFuhrmannRAP2018_0303.dta"
    if not path.is_file():
        pytest.skip("replication file absent")
    doc = json.loads(_data_path().read_text(encoding="utf-8"))
    assert sha256(path) == doc["data_sha256"]
    data = war_data(relevant_cases(read_bf(path)))
    cells = {
        c: [int(data.y[data.cell == i].sum()), int((data.cell == i).sum())] for i, c in enumerate(data.cells)
    }
    assert cells == doc["fit"]["cells"]
    rates = np.array([data.y[data.cell == c].mean() for c in range(len(data.cells))])
    from scipy.special import ndtri

    start = np.clip(ndtri(np.clip(rates, 1e-3, 1 - 1e-3)), -4, 4)
    for rho in ("0.00", "0.30"):
        ll, _ = _profile(data, float(rho), start)
        assert ll == pytest.approx(doc["fit"]["profile"][rho], abs=2e-3)

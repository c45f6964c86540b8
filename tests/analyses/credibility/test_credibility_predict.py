"""Prediction from the shipped model: works without ../shared."""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servanda.analyses.credibility as cred
from servanda.analyses.credibility import (
    CredibilityModel,
    excerpt,
    features,
    fit,
    load_model,
    model,
    predict,
    refit,
    validation,
)
from servanda.analyses.credibility.excerpt import ATOPIDS, atop_row, read_excerpt
from servanda.diagnostics import CATALOGUE, ServandaError

REPO = Path(__file__).resolve().parents[3]
PLEDGES = ("defense", "offense", "neutral", "nonagg", "consul")
NATO_LIKE = {"defense": 1, "offense": 0, "neutral": 0, "nonagg": 1, "consul": 1}
CONSUL_ONLY = {"defense": 0, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1}


def logit(p: float) -> float:
    return math.log(p / (1 - p))


@pytest.mark.parametrize("mod", [features, model, excerpt, cred])
def test_docstring_examples(mod: object) -> None:
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0


def test_modules_without_data_import() -> None:
    # the fitting modules import without touching ../shared
    assert fit.CS[-1] == pytest.approx(10.0)
    assert validation.OUTER_REPEATS == 10
    assert refit.NOTES_COUNTS["defense 1945-2003"] == (6, 43)


def test_shipped_model_loads_and_is_consistent() -> None:
    m = load_model()
    assert m.spec == m.doc["selected_spec"]
    assert m.draws.shape == (m.doc["bootstrap"]["draws"], len(m.features) + 1)
    assert sum(p["n"] for p in m.doc["support"]["patterns"]) == 146
    assert m.doc["merge"]["relevant_cases_matched"] == 146
    # the counts of the research notes travel with the model
    assert m.doc["notes_counts_bf_pledges"]["defense 1945-2003"] == [6, 43]
    assert m.doc["notes_counts_bf_pledges"]["all"] == [73, 146]
    # reference classes add up to the era totals
    for era, total in (("1816–1944", 92), ("1945–2003", 54)):
        n = sum(c.n for (cls, e), c in m.classes.items() if e == era and cls != "all")
        assert n == total == m.classes[("all", era)].n


@pytest.mark.parametrize("atopid", ATOPIDS)
def test_benchmark_treaties_from_bundled_excerpt(atopid: int) -> None:
    est = predict(atop_row(atopid))
    assert 0.0 <= est.interval[0] <= est.probability <= est.interval[1] <= 1.0
    assert est.basis == "model"
    assert est.reference_class.describe() == "defence pacts, 1945–2003: 6 of 43 honoured"
    assert est.base_rate == pytest.approx(6 / 43)
    assert [w.code for w in est.warnings] == ["C712"], est.warnings  # a present-day war is after 2003
    assert not predict(atop_row(atopid), war_year=1990).warnings
    # the shipped model reproduces the class rate closely (it is nearly saturated in class x era)
    assert abs(est.probability - 6 / 43) < 0.03


def test_nato_in_a_pre_1945_war_uses_the_pre_1945_class() -> None:
    est = predict(atop_row(3180), war_year=1914)
    assert est.reference_class.describe() == "defence pacts, 1816–1944: 36 of 59 honoured"
    assert est.probability > predict(atop_row(3180)).probability


def test_contributions_add_up_to_the_model_logit() -> None:
    for feats in (NATO_LIKE, {**NATO_LIKE, "defense": 0}, {"defense": 0, "offense": 1}):
        est = predict(feats)
        assert est.model_probability is not None
        lhs = logit(est.model_probability)
        rhs = logit(est.baseline_probability) + sum(est.contributions.values())
        assert lhs == pytest.approx(rhs, abs=1e-9)


def test_era_effect_equals_the_coefficients() -> None:
    # by construction: moving a defence pact from a pre- to a post-1945 war shifts the log-odds by
    # coef[post1945] + coef[defense_post1945]
    m = load_model()
    pre = predict(NATO_LIKE, war_year=1900).model_probability
    post = predict(NATO_LIKE, war_year=1990).model_probability
    assert pre is not None and post is not None
    coef = dict(zip(m.features, m.coef, strict=True))
    assert logit(post) - logit(pre) == pytest.approx(coef["post1945"] + coef["defense_post1945"])
    # and the sign of the shift follows the sign of that sum
    assert (post < pre) == (coef["post1945"] + coef["defense_post1945"] < 0)


def test_feature_flip_moves_probability_in_the_coefficient_direction() -> None:
    m = load_model()
    base = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 0.0])  # post-1945 neutrality pact
    names = list(m.features)
    for j, name in enumerate(names):
        x0, x1 = base.copy(), base.copy()
        x0[j], x1[j] = 0.0, 1.0
        p0 = 1 / (1 + math.exp(-(m.intercept + x0 @ m.coef)))
        p1 = 1 / (1 + math.exp(-(m.intercept + x1 @ m.coef)))
        assert np.sign(p1 - p0) == np.sign(m.coef[j]), name


def test_out_of_support_consultation_only_instrument() -> None:
    est = predict(CONSUL_ONLY)
    assert "C703" in est.codes and "C705" in est.codes
    assert est.basis == "reference_class"
    assert est.reference_class.describe() == "all alliance commitments, 1945–2003: 12 of 54 honoured"
    assert est.probability == pytest.approx(12 / 54)
    lo, hi = est.interval
    assert lo < 12 / 54 < hi
    assert est.model_probability is not None  # the extrapolation is still reported


def test_rare_combination_and_small_class_warn() -> None:
    est = predict({"defense": 0, "offense": 1})
    assert "C704" in est.codes  # only 2 post-1945 offence pacts
    assert "C706" in est.codes
    assert est.reference_class.era == "1816–2003"
    assert est.reference_class.n == 7


def test_missing_input_is_imputed_and_widens_the_interval() -> None:
    known = predict(NATO_LIKE)
    unknown = predict({"defense": None, "offense": None, "neutral": None, "nonagg": 1, "consul": 1})
    assert "C701" in unknown.codes
    assert set(unknown.imputed) >= {"cls_defense", "defense_post1945"}
    assert unknown.interval[1] - unknown.interval[0] > known.interval[1] - known.interval[0]
    assert unknown.reference_class.pledge_class == "all"


def test_invalid_codes_unknown_keys_and_bad_values() -> None:
    est = predict({**NATO_LIKE, "nonagg": 3, "defence": 1})
    assert "C702" in est.codes and "C707" in est.codes
    # inputs the shipped model does not use are not reported
    assert "C702" not in predict({**NATO_LIKE, "base": 7}).codes
    est = predict({**NATO_LIKE, "defense": 2})
    assert "C702" in est.codes and "C701" in est.codes
    with pytest.raises(ServandaError) as err:
        predict({**NATO_LIKE, "defense": "yes"})  # type: ignore[dict-item]
    assert err.value.code == "C708"
    with pytest.raises(ServandaError) as err:
        predict({**NATO_LIKE, "defense": float("inf")})
    assert err.value.code == "C708"
    with pytest.raises(ServandaError):
        predict(NATO_LIKE, level=1.5)
    assert "C702" in predict(NATO_LIKE, war_year=1700).codes


def test_nan_counts_as_missing() -> None:
    est = predict({**NATO_LIKE, "defense": float("nan")})
    assert "C701" in est.codes


def test_predict_is_deterministic_and_json_ready() -> None:
    a, b = predict(NATO_LIKE), predict(NATO_LIKE)
    assert a == b
    doc = json.loads(json.dumps(a.to_json()))
    assert doc["reference_class"]["n"] == 43
    assert doc["diagnostics"][0]["code"] in [c for c in CATALOGUE if c.startswith("C")]
    assert "6 of 43" in a.summary()


def test_invalid_model_file_raises_c710(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text('{"schema": "other"}', encoding="utf-8")
    with pytest.raises(ServandaError) as err:
        CredibilityModel.from_path(bad)
    assert err.value.code == "C710"
    with pytest.raises(ServandaError) as err:
        CredibilityModel.from_path(tmp_path / "absent.json")
    assert err.value.code == "C710"


def test_refit_cli_reports_c711_for_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = refit.main(
        [
            "--data",
            str(tmp_path / "no.dta"),
            "--atop",
            str(tmp_path / "no.csv"),
            "--out",
            str(tmp_path / "m.json"),
        ]
    )
    assert rc == 2
    assert "C711" in capsys.readouterr().err
    assert not (tmp_path / "m.json").exists()


def test_docs_list_every_code() -> None:
    doc = (REPO / "docs" / "credibility.md").read_text(encoding="utf-8")
    for code in [c for c in CATALOGUE if c.startswith("C")]:
        assert f"| {code} |" in doc, code


def test_bundled_excerpt_matches_the_research_notes() -> None:
    assert len(read_excerpt("alliance")) == 6
    assert len(read_excerpt("member")) == 74
    nato = atop_row(3180)
    assert (nato["defense"], nato["offense"], nato["nonagg"], nato["consul"]) == (1.0, 0.0, 1.0, 1.0)
    assert (nato["base"], nato["organ1"], nato["length"], nato["proren"], nato["asymm"]) == (3, 3, 240, 2, 0)
    us_nato = atop_row(3180, member=2)
    assert us_nato["defcoloc"] == 1.0
    japan = atop_row(3375, member=740)
    assert (japan["defense"], japan["concoreq"], japan["concoloc"]) == (0.0, 1.0, 1.0)
    assert atop_row(3375, member=2)["defcoloc"] == 0.0
    assert (atop_row(3375)["speclgth"], atop_row(3375)["renounce"]) == (2.0, 3.0)
    assert (atop_row(3240)["speclgth"], atop_row(3240)["renounce"]) == (3.0, 1.0)
    assert atop_row(3220)["contrib"] == 1.0
    with pytest.raises(KeyError):
        atop_row(9999)


PLEDGE_VALUES = st.sampled_from([None, 0, 1])
CODE_VALUES = st.sampled_from([None, 0, 1, 2, 3])


@settings(max_examples=60, deadline=None)
@given(
    pledges=st.fixed_dictionaries({p: PLEDGE_VALUES for p in PLEDGES}),
    design=st.fixed_dictionaries(
        {k: CODE_VALUES for k in ("intcom", "milcon", "base", "milaid", "organ1", "ecaid", "conditio")}
    ),
    war_year=st.one_of(st.none(), st.integers(1816, 2030)),
)
def test_probabilities_are_probabilities(
    pledges: dict[str, int | None], design: dict[str, int | None], war_year: int | None
) -> None:
    est = predict({**pledges, **design}, war_year=war_year)
    assert 0.0 <= est.interval[0] <= est.probability <= est.interval[1] <= 1.0
    assert est.model_probability is not None and 0.0 < est.model_probability < 1.0
    assert all(d.code in [c for c in CATALOGUE if c.startswith("C")] for d in est.diagnostics)


def test_every_excerpt_column_is_documented() -> None:
    import yaml

    doc = yaml.safe_load((REPO / "src" / "servanda" / "data" / "atop" / "variables.yaml").read_text("utf-8"))
    documented = {name: entry for group in doc.values() for name, entry in group.items()}
    for column in dict.fromkeys(excerpt.ALLIANCE_COLUMNS + excerpt.MEMBER_COLUMNS):
        entry = documented[column]
        assert entry["meaning"] and entry["basis"] in {"notes", "inferred", "third-party"}, column
    # the columns the model reads are all in the excerpt, so the ATOP export test data covers them
    used = {k for f in features.FEATURES.values() for k in f.inputs}
    assert used <= set(excerpt.ALLIANCE_COLUMNS)


# --------------------------------------------------------------------------- honesty (issue 12, item 5)


def test_interval_spans_the_defensible_reference_classes() -> None:
    nato = atop_row(3180)  # ATOP codes NATO's 1951 phase: bases, integrated command, asymmetric
    est = predict(nato, war_year=1990)
    labels = [c.label for c in est.classes]
    assert labels[0] == "defence pacts, 1945–2003"
    assert any("basing or stationed forces" in lab for lab in labels), labels
    assert all("1945–2003" in lab for lab in labels)  # the scenario's era only
    assert est.sampling_interval is not None
    lo, hi = est.interval
    slo, shi = est.sampling_interval
    assert lo <= slo and hi >= shi
    for c in est.classes:
        ci = c.interval(est.level)
        assert ci is not None and lo <= ci[0] + 1e-12 and ci[1] <= hi + 1e-12
    assert est.to_json()["reference_classes"][0]["label"] == labels[0]


def test_asymmetric_guarantee_widens_the_interval() -> None:
    plain = predict({**NATO_LIKE, "asymm": 0}, war_year=1990)
    asym = predict({**NATO_LIKE, "asymm": 1}, war_year=1990)
    assert len(asym.classes) > len(plain.classes)
    assert asym.interval[1] > plain.interval[1]
    assert asym.probability == pytest.approx(plain.probability)  # the model itself does not use asymm


def test_out_of_range_scenario_is_coded() -> None:
    est = predict(NATO_LIKE, war_year=2026)
    c712 = [d for d in est.diagnostics if d.code == "C712"]
    assert len(c712) == 1 and "2026" in c712[0].message and "2003" in c712[0].message
    assert c712[0].severity == "warning"
    assert "C712" not in predict(NATO_LIKE, war_year=2003).codes
    statute = predict(NATO_LIKE, war_year=1990, legal_form="statute")
    assert [d.path for d in statute.diagnostics if d.code == "C712"] == ["legal_form"]

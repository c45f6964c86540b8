"""The 2022 Finland/Sweden accession case: loading, prediction for 30 states, scoring."""

from __future__ import annotations

from datetime import date

import pytest

from servanda.analyses.ratification.historical import bundled_case, parse_case, run_case
from servanda.diagnostics import ServandaError


@pytest.fixture(scope="module")
def fin():  # type: ignore[no-untyped-def]
    return run_case(bundled_case("nato-2022-finland-sweden"), "FIN")


def test_case_lists_30_states_with_sources() -> None:
    case = bundled_case("nato-2022-finland-sweden")
    assert case.signed == date(2022, 7, 5)
    assert len(case.actual["FIN"]) == 30 and len(case.actual["SWE"]) == 30
    assert case.actual["SWE"]["TUR"].date == date(2024, 1, 23)
    assert case.actual["SWE"]["DEU"] == case.actual["FIN"]["DEU"]
    assert all(a.source in case.sources for rows in case.actual.values() for a in rows.values())


def test_predictions_and_scores(fin) -> None:  # type: ignore[no-untyped-def]
    assert len(fin.rows) == 30
    for row in fin.rows:
        assert 0.0 <= row.pit <= 1.0
        assert 0.0 < row.result.p_pass <= 1.0
    assert 0.0 <= fin.coverage_80() <= 1.0
    # the hold-out declared ex ante in the case's stances (Türkiye) is predicted slower than the typical state
    by = {r.result.jurisdiction.code: r.result.time.quantile(0.9) for r in fin.rows}
    typical = sorted(by.values())[len(by) // 2]
    assert by["TUR"] > typical
    d = fin.to_json()
    assert d["protocol"] == "FIN" and len(d["states"]) == 30


def test_bad_case_files_are_coded() -> None:
    with pytest.raises(ServandaError) as exc:
        parse_case({"format": "servanda-case/1", "id": "x"}, "x.yaml")
    assert exc.value.diagnostics[0].code == "R506"
    good = {
        "format": "servanda-case/1",
        "id": "x",
        "title": "x",
        "signed": "2022-07-05",
        "legal_form": "treaty",
        "sources": {"a": "b"},
        "stances": {"id": "s"},
        "actual": {"P": {"XXA": {"date": "2022-08-01", "source": "zz"}}},
    }
    with pytest.raises(ServandaError) as exc:
        parse_case(good, "x.yaml")
    assert exc.value.diagnostics[0].code == "R506" and "zz" in exc.value.diagnostics[0].message
    good["actual"] = {"P": {"XXA": {"date": "2022-08-01", "source": "a"}}}
    with pytest.raises(ServandaError) as exc:
        run_case(parse_case(good, "x.yaml"), "P")
    assert exc.value.diagnostics[0].code == "R501"

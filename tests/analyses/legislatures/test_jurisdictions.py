"""Jurisdiction library: completeness, citations, composition checks, coded diagnostics."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

import servanda
from servanda.analyses.legislatures.jurisdictions import (
    StageKind,
    ThresholdKind,
    data_root,
    jurisdiction_codes,
    load_jurisdiction,
    parse_jurisdiction,
)
from servanda.analyses.legislatures.legislature import composition_at, scale_blocs
from servanda.diagnostics import ServandaError

#: The 32 NATO members, taken from the bundled North Atlantic Treaty's parties (an independent source).
NATO = set(servanda.load("nato.nat@1949").party_codes)


def raw(code: str) -> dict[str, Any]:
    data = yaml.safe_load(data_root().joinpath(f"{code}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def codes_of(exc: pytest.ExceptionInfo[ServandaError]) -> list[str]:
    return [d.code for d in exc.value.diagnostics]


def test_library_covers_nato_japan_australia_korea() -> None:
    assert set(jurisdiction_codes()) == NATO | {"JPN", "AUS", "KOR"}
    assert len(NATO) == 32


@pytest.mark.parametrize("code", sorted(NATO | {"JPN", "AUS", "KOR"}))
def test_every_file_loads_and_cites(code: str) -> None:
    jur = load_jurisdiction(code)
    assert jur.code == code
    assert "treaty" in {f.value for f in jur.routes}
    for route in jur.routes.values():
        assert route.source
        for stage in route.stages:
            assert stage.source, (code, stage)
    for chamber in jur.chambers:
        for comp in chamber.compositions:
            assert comp.source
            assert comp.total == (comp.seats or chamber.seats)
    assert jur.elections, code
    assert all(e.source for e in jur.elections)


def test_us_has_three_routes_with_the_right_thresholds() -> None:
    usa = load_jurisdiction("USA")
    treaty = usa.route("treaty").stages[0]
    assert (treaty.chamber, treaty.threshold) == ("senate", ThresholdKind.TWO_THIRDS_PRESENT)
    cea = usa.route("congressional_executive_agreement")
    votes = [s for s in cea.stages if s.kind is StageKind.VOTE]
    assert [v.chamber for v in votes] == ["house", "senate"]
    assert votes[1].cloture is ThresholdKind.THREE_FIFTHS_OF_MEMBERS
    assert cea.options == {"cloture": True}
    sea = usa.route("sole_executive_agreement")
    assert all(s.kind is not StageKind.VOTE for s in sea.stages)


def test_uk_crag_is_a_21_day_negative_procedure() -> None:
    stage = load_jurisdiction("GBR").route("treaty").stages[0]
    assert stage.kind is StageKind.NEGATIVE_PROCEDURE
    assert (stage.min_days, stage.unit.value) == (21, "sitting")


def test_unknown_jurisdiction_suggests() -> None:
    with pytest.raises(ServandaError) as exc:
        load_jurisdiction("USB")
    assert codes_of(exc) == ["R501"]
    assert "USA" in exc.value.diagnostics[0].hint


def test_unknown_route() -> None:
    with pytest.raises(ServandaError) as exc:
        load_jurisdiction("DEU").route("congressional_executive_agreement")
    assert codes_of(exc) == ["R502"]
    assert "treaty" in exc.value.diagnostics[0].hint
    with pytest.raises(ServandaError) as exc:
        load_jurisdiction("DEU").route("bilateral_handshake")
    assert codes_of(exc) == ["R502"]


def test_seat_totals_must_add_up() -> None:
    data = raw("USA")
    data["chambers"][0]["compositions"][1]["blocs"][0]["seats"] = 54
    with pytest.raises(ServandaError) as exc:
        parse_jurisdiction(data, "USA.yaml")
    assert codes_of(exc) == ["R503"]
    assert "chambers.0.compositions.1" in exc.value.diagnostics[0].location


def test_probability_out_of_range() -> None:
    data = raw("FRA")
    for st in data["routes"]["treaty"]["stages"]:
        if st["kind"] == "constitutional_review":
            st["probability"] = 1.4
    with pytest.raises(ServandaError) as exc:
        parse_jurisdiction(data, "FRA.yaml")
    assert "R504" in codes_of(exc)


def test_unknown_chamber_and_schema_errors() -> None:
    data = raw("DEU")
    data["routes"]["treaty"]["stages"][0]["chamber"] = "reichstag"
    with pytest.raises(ServandaError) as exc:
        parse_jurisdiction(data, "DEU.yaml")
    assert codes_of(exc) == ["R507"]
    data = raw("DEU")
    data["routes"]["treaty"]["stages"][0]["threshold"] = "most_votes"
    with pytest.raises(ServandaError) as exc:
        parse_jurisdiction(data, "DEU.yaml")
    assert codes_of(exc) == ["R506"]


def test_composition_by_date_and_parlgov_history() -> None:
    deu = load_jurisdiction("DEU")
    comp, _ = composition_at(deu, "bundestag", date(2022, 7, 8))
    assert comp.as_of == date(2021, 9, 26) and comp.total == 736  # ParlGov, 20th Bundestag
    gov = {b.id for b in comp.blocs if b.government}
    assert {"SPD", "FDP"} <= gov
    comp, _ = composition_at(deu, "bundestag", date(2025, 6, 1))
    assert comp.as_of == date(2025, 2, 23) and comp.total == 630


def test_missing_composition_is_r508() -> None:
    with pytest.raises(ServandaError) as exc:
        composition_at(load_jurisdiction("KOR"), "assembly", date(2020, 1, 1))
    assert codes_of(exc) == ["R508"]


def test_proxy_and_stale_notes() -> None:
    comp, notes = composition_at(load_jurisdiction("ITA"), "senato", date(2024, 1, 1))
    assert comp.proxy and comp.total == 205
    assert [n.code for n in notes] == ["R511"]
    _, notes = composition_at(load_jurisdiction("NOR"), "storting", date(2026, 1, 1))
    assert [n.code for n in notes] == ["R512"]


def test_scale_blocs_largest_remainder() -> None:
    comp, _ = composition_at(load_jurisdiction("DEU"), "bundestag", date(2025, 6, 1))
    scaled = scale_blocs(comp.blocs, 69)
    assert sum(b.seats for b in scaled) == 69


def test_valid_iso_code_without_a_file_is_not_a_typo() -> None:
    # CHE is Switzerland, not a misspelt CZE: say there is no file and how to add one.
    with pytest.raises(ServandaError) as exc:
        load_jurisdiction("CHE")
    d = exc.value.diagnostics[0]
    assert d.code == "R501" and "Switzerland (CHE)" in d.message
    assert "did you mean" not in d.hint and "CZE`" not in d.hint
    assert "data/jurisdictions/CHE.yaml" in d.hint and "docs/ratification.md" in d.hint


def test_unknown_stance_key_uses_the_same_rule() -> None:
    from servanda.analyses.legislatures.stances import parse_stances

    data = {"format": "servanda-stances/1", "id": "t", "jurisdictions": {"CHE": {}, "UAS": {}}}
    with pytest.raises(ServandaError) as exc:
        parse_stances(data, "t.yaml")
    che, uas = exc.value.diagnostics
    assert "Switzerland" in che.message and "did you mean" not in che.hint
    assert uas.hint.startswith("did you mean `USA`?") and "not an ISO 3166" in uas.message


def test_montenegro_vote_encoding_agrees_with_its_citation() -> None:
    # The citation used to say "majority of members present" next to `majority_of_votes_cast`.
    jur = load_jurisdiction("MNE")
    for form in ("treaty", "statute"):
        route = jur.route(form)
        vote = next(s for s in route.stages if s.kind is StageKind.VOTE)
        assert vote.threshold is ThresholdKind.MAJORITY_OF_VOTES_CAST
        for text in (route.source, vote.source):
            assert "Art. 91(1)" in text and "majority of the votes of the MPs present" in text
            assert "majority of members present" not in text
        assert vote.note is not None and "majority_of_votes_cast" in vote.note
        assert not vote.verified
    promulgation = next(s for s in jur.route("treaty").stages if s.kind is StageKind.EXECUTIVE_SIGNATURE)
    assert "Art. 94" in promulgation.source and "present" not in promulgation.source

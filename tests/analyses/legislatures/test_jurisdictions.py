"""Jurisdiction library: completeness, citations, composition checks, coded diagnostics."""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

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


# --------------------------------------------------------------------------- facts (issue 12, item 6)

#: What counts as citing a source: a URL, or a pinpoint in a legal text (article, section, rule, code).
CITES = re.compile(
    r"https?://|\bArts?\.\s*\d|\bart\.\s*[IVX\d]|\bss?\.\s*\d|§|\bsection\s+\d|\bRules?\s+[IVXLC\d]"
    r"|\bChapter\s+\d|\bU\.S\.C\.|\bP\.L\.",
    re.IGNORECASE,
)


def _verified_facts(node: object, path: str = "") -> list[tuple[str, str]]:
    """(path, source) of every object of a loaded jurisdiction marked ``verified: true``."""
    out: list[tuple[str, str]] = []
    if isinstance(node, BaseModel):
        if getattr(node, "verified", False) is True:
            out.append((path or "<root>", getattr(node, "source", None) or ""))
        for name in type(node).model_fields:
            out += _verified_facts(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, list | tuple):
        for i, v in enumerate(node):
            out += _verified_facts(v, f"{path}[{i}]")
    elif isinstance(node, dict):
        for k, v in node.items():
            out += _verified_facts(v, f"{path}.{k}")
    return out


@pytest.mark.parametrize("code", jurisdiction_codes())
def test_every_verified_fact_carries_a_source(code: str) -> None:
    facts = _verified_facts(load_jurisdiction(code))
    assert facts, code
    uncited = [(p, s) for p, s in facts if not CITES.search(s)]
    assert not uncited, f"{code}: verified facts without a source (URL or legal pinpoint): {uncited}"


def test_a_verified_chamber_size_needs_a_source() -> None:
    doc = raw("AUS")
    doc["chambers"][0].pop("source")
    jur = parse_jurisdiction(doc, "AUS.yaml")
    (path, source) = next((p, s) for p, s in _verified_facts(jur) if p.startswith(".chambers[0]"))
    assert path == ".chambers[0]" and not CITES.search(source)


def test_poland_statute_route_has_one_signature_stage() -> None:
    for form in ("statute", "treaty"):
        kinds = [s.kind for s in load_jurisdiction("POL").route(form).stages]
        assert kinds.count(StageKind.EXECUTIVE_SIGNATURE) == 1, (form, kinds)


@pytest.mark.parametrize("code", jurisdiction_codes())
def test_no_route_repeats_a_stage_back_to_back(code: str) -> None:
    for form, route in load_jurisdiction(code).routes.items():
        keys = [(s.kind, s.chamber) for s in route.stages]
        assert all(a != b for a, b in itertools.pairwise(keys)), (code, form.value, keys)


def test_australia_house_has_150_seats_since_2025() -> None:
    aus = load_jurisdiction("AUS")
    assert aus.chamber("hor").seats == 150
    comp, notes = composition_at(aus, "hor", date(2025, 6, 1))
    assert comp.total == 150 and comp.as_of == date(2025, 5, 3) and not notes
    before, _ = composition_at(aus, "hor", date(2024, 6, 1))
    assert before.total == 151  # the 2022 House (ParlGov)


def test_japan_councillors_limit_excludes_recess_and_either_house_first() -> None:
    route = load_jurisdiction("JPN").route("treaty")
    hoc = next(s for s in route.stages if s.chamber == "hoc")
    assert hoc.cap_days == 30 and hoc.cap_excludes_recess
    assert route.note is not None and "either House first" in route.note


def test_us_house_of_3_january_2025_as_sworn() -> None:
    comp, _ = composition_at(load_jurisdiction("USA"), "house", date(2025, 1, 3))
    assert {b.id: b.seats for b in comp.blocs} == {"R": 219, "D": 215, "vacant": 1}
    assert [b.id for b in comp.blocs if b.vacant] == ["vacant"]


def test_spain_2022_date_is_the_end_of_the_senado_stage() -> None:
    text = (data_root().parent / "stances" / "nato-2022-finland-sweden.yaml").read_text(encoding="utf-8")
    case = yaml.safe_load(text)
    found = case["actual"]["FIN"]["ESP"]
    assert str(found["date"]) == "2022-09-21" and found["source"] == "esp_senado"
    assert "rtve.es" in case["sources"]["esp_senado"]

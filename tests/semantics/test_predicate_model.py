"""The predicate model: a tagged union read from the unchanged file format, with unchanged diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from servanda.language.checker import check
from servanda.language.loader import load_instrument_text
from servanda.model.instrument import (
    PREDICATE_KINDS,
    AllOf,
    EventClassIs,
    MinDeaths,
    Not,
    OnTargetTerritory,
    Trigger,
)
from servanda.model.schema import instrument_schema
from servanda.semantics.predicates import key_of

FIXTURE = (Path(__file__).resolve().parents[1] / "diagnostics" / "fixtures" / "E211.yaml").read_text(
    encoding="utf-8"
)
HEAD = FIXTURE.split("        match:")[0]
TAIL = "    obligations:" + FIXTURE.split("    obligations:")[1]

#: ``match:`` value → (code, message, line, column, hint) of every diagnostic, as before the tagged union.
CASES: list[tuple[str, list[tuple[str, str, int, int, str | None]]]] = [
    (
        "{}",
        [
            (
                "E211",
                "a predicate has exactly one key (found nothing); combine tests with `all:` or `any:`",
                22,
                16,
                None,
            )
        ],
    ),
    (
        "x",
        [
            (
                "E203",
                "`match`: input should be a valid dictionary or instance of predicate (got str)",
                22,
                16,
                "write a model",
            )
        ],
    ),
    (
        "[1]",
        [
            (
                "E203",
                "`match`: input should be a valid dictionary or instance of predicate (got list)",
                22,
                16,
                "write a model",
            )
        ],
    ),
    (
        "3",
        [
            (
                "E203",
                "`match`: input should be a valid dictionary or instance of predicate (got int)",
                22,
                16,
                "write a model",
            )
        ],
    ),
    (
        "null",
        [
            (
                "E211",
                "a trigger has exactly one of `match`, `all_of`, `any_of`, `territory` (found none)",
                20,
                9,
                None,
            )
        ],
    ),
    (
        "{event_class: [armed_attack], target: [UKR]}",
        [
            (
                "E211",
                "a predicate has exactly one key (found `event_class`, `target`); combine tests with `all:` or `any:`",
                22,
                16,
                None,
            )
        ],
    ),
    (
        "{event_clas: [armed_attack]}",
        [("E201", "unknown key `event_clas`", 22, 17, "did you mean `event_class`?")],
    ),
    (
        "{event_class: [armed_attack], foo: 1}",
        [
            (
                "E201",
                "unknown key `foo`",
                22,
                46,
                "allowed keys: actor, all, any, country, event_class, inside, min_deaths, not, on_target_territory, outside, target, uncertain",
            )
        ],
    ),
    (
        "{foo: 1, bar: 2}",
        [
            (
                "E201",
                "unknown key `foo`",
                22,
                17,
                "allowed keys: actor, all, any, country, event_class, inside, min_deaths, not, on_target_territory, outside, target, uncertain",
            ),
            (
                "E201",
                "unknown key `bar`",
                22,
                25,
                "allowed keys: actor, all, any, country, event_class, inside, min_deaths, not, on_target_territory, outside, target, uncertain",
            ),
        ],
    ),
    (
        "{actor: [RUS], target: bad}",
        [("E203", "`target`: input should be a valid list (got str)", 22, 39, "write a list")],
    ),
    (
        "{actor: [RUS], target: [XXQ]}",
        [("E206", "`XXQ` is not an ISO 3166-1 alpha-3 state code", 22, 40, "did you mean `XKX`?")],
    ),
    (
        "{all: [{event_class: [armed_attack]}, {}]}",
        [
            (
                "E211",
                "a predicate has exactly one key (found nothing); combine tests with `all:` or `any:`",
                22,
                54,
                None,
            )
        ],
    ),
    ("{all: x}", [("E203", "`all`: input should be a valid list (got str)", 22, 22, "write a list")]),
    (
        "{any: [x]}",
        [
            (
                "E203",
                "`0`: input should be a valid dictionary or instance of predicate (got str)",
                22,
                23,
                "write a model",
            )
        ],
    ),
    (
        "{not: x}",
        [
            (
                "E203",
                "`not`: input should be a valid dictionary or instance of predicate (got str)",
                22,
                22,
                "write a model",
            )
        ],
    ),
    (
        "{not: {}}",
        [
            (
                "E211",
                "a predicate has exactly one key (found nothing); combine tests with `all:` or `any:`",
                22,
                22,
                None,
            )
        ],
    ),
    (
        "{not: {actor: [RUS], target: [UKR]}}",
        [
            (
                "E211",
                "a predicate has exactly one key (found `actor`, `target`); combine tests with `all:` or `any:`",
                22,
                22,
                None,
            )
        ],
    ),
    ("{not: {acto: [RUS]}}", [("E201", "unknown key `acto`", 22, 23, "did you mean `actor`?")]),
    (
        "{event_class: [armed_atack]}",
        [
            (
                "E204",
                "`armed_atack` is not an event class or class group",
                22,
                31,
                "did you mean `armed_attack`?",
            )
        ],
    ),
    (
        "{event_class: armed_attack}",
        [("E203", "`event_class`: input should be a valid list (got str)", 22, 30, "write a list")],
    ),
    (
        "{min_deaths: -1}",
        [
            (
                "E210",
                "`min_deaths`: input should be greater than or equal to 0",
                22,
                29,
                "use a value within the range stated",
            )
        ],
    ),
    (
        "{min_deaths: x}",
        [("E203", "`min_deaths`: input should be a valid integer (got str)", 22, 29, "write a int")],
    ),
    (
        "{min_deaths: 1.5}",
        [("E203", "`min_deaths`: input should be a valid integer (got float)", 22, 29, "write a int")],
    ),
    (
        "{on_target_territory: false}",
        [("E204", "`False` is not allowed for `on_target_territory`", 22, 38, "expected True")],
    ),
    ("{on_target_territory: true}", []),
    (
        "{inside: nowhere}",
        [("E301", "undefined geometry `nowhere`", 22, 25, "define a geometry with id `nowhere`")],
    ),
    (
        "{inside: 3}",
        [("E203", "`inside`: input should be a valid string (got int)", 22, 25, "write a string")],
    ),
    (
        "{inside: Bad-Id}",
        [("E207", "`Bad-Id` is not a valid id for `inside`", 22, 25, "ids look like `art_5__para_1`")],
    ),
    (
        "{actor: [$target]}",
        [
            (
                "E306",
                "`$target` names the attacked state, which a trigger cannot refer to",
                22,
                25,
                "name the states or use `$parties`",
            )
        ],
    ),
    ("{actor: [$foo]}", [("E204", "`$foo` is not a party selector", 22, 25, None)]),
    (
        "{country: []}",
        [
            (
                "E320",
                "trigger `armed_attack` can never fire",
                20,
                13,
                "no combination of event class, actor, target, place and deaths satisfies it",
            ),
            (
                "E321",
                "obligation `consult` can never activate: its trigger can never fire",
                30,
                18,
                "correct trigger `armed_attack`",
            ),
        ],
    ),
    ("{all: []}", [("W401", "trigger `armed_attack` fires on every event", 20, 13, "tighten the predicate")]),
    (
        "{any: [{min_deaths: 3}, {all: [{target: [UKR], actor: [RUS]}]}]}",
        [
            (
                "E211",
                "a predicate has exactly one key (found `actor`, `target`); combine tests with `all:` or `any:`",
                22,
                47,
                None,
            )
        ],
    ),
    (
        "{not: {not: {not: {}}}}",
        [
            (
                "E211",
                "a predicate has exactly one key (found nothing); combine tests with `all:` or `any:`",
                22,
                34,
                None,
            )
        ],
    ),
    ("{all: [{any: [{not: {on_target_territory: 1}}]}]}", []),
]


@pytest.mark.parametrize(("match", "expected"), CASES, ids=[c[0] for c in CASES])
def test_predicate_diagnostics_are_unchanged(
    match: str, expected: list[tuple[str, str, int, int, str | None]]
) -> None:
    report = check(load_instrument_text(HEAD + "        match: " + match + "\n" + TAIL, "t.yaml"))
    got = [(d.code, d.message, d.span.line, d.span.col, d.hint) for d in report.diagnostics if d.span]
    assert got == expected


def test_each_key_reads_as_its_own_kind_and_back() -> None:
    trigger = Trigger.model_validate(
        {
            "id": "t",
            "kind": "attack",
            "match": {
                "all": [
                    {"event_class": ["armed_attack"]},
                    {"not": {"min_deaths": 3}},
                    {"on_target_territory": True},
                ]
            },
        }
    )
    match = trigger.match
    assert isinstance(match, AllOf)
    first, second, third = match.all
    assert isinstance(first, EventClassIs) and isinstance(third, OnTargetTerritory)
    assert isinstance(second, Not) and isinstance(second.not_, MinDeaths)
    assert [key_of(p) for p in match.all] == ["event_class", "not", "on_target_territory"]
    dumped = trigger.model_dump(by_alias=True, exclude_none=True)["match"]
    assert dumped == {
        "all": [{"event_class": ["armed_attack"]}, {"not": {"min_deaths": 3}}, {"on_target_territory": True}]
    }
    assert Trigger.model_validate({**trigger.model_dump(by_alias=True), "match": dumped}) == trigger


def test_the_schema_offers_one_single_key_object_per_kind() -> None:
    defs = instrument_schema()["$defs"]
    for key, kind in PREDICATE_KINDS.items():
        node = defs[kind.__name__]
        # one key, plus the `uncertain:` option of `inside`/`outside` (never required)
        assert next(iter(node["properties"])) == key and node["required"] == [key]
        assert set(node["properties"]) - {key} <= ({"uncertain"} if key in ("inside", "outside") else set())
        assert node["additionalProperties"] is False
    assert "PredicateKeys" not in defs

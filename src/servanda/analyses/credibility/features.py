"""Model features derived from ATOP variables.

The same function, :func:`derive_features`, turns a row of ATOP 4.01 (training) and an instrument's ATOP
export (prediction) into model features, so both sides are coded identically. Inputs are ATOP column
names (lower case) mapped to numbers, with ``None`` for a value the coding could not decide.

>>> d = derive_features({"defense": 1, "offense": 0, "neutral": 0, "nonagg": 1, "consul": 1,
...                      "intcom": 0, "milcon": 0, "base": 3}, post1945=1.0)
>>> d.values["defense"], d.values["inst_high"], d.values["post1945"]
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from servanda.diagnostics import Diagnostic

PLEDGES: tuple[str, ...] = ("defense", "offense", "neutral", "nonagg", "consul")

#: First year of the post-1945 era, as in Berkemeier & Fuhrmann's ``sample`` variable.
ERA_BREAK_YEAR = 1945
#: Years of the wars in the training data.
DATA_YEARS = (1816, 2003)


@dataclass(frozen=True)
class FeatureDef:
    """A model feature: its meaning and the ATOP variables it is computed from."""

    name: str
    description: str
    inputs: tuple[str, ...]


FEATURES: dict[str, FeatureDef] = {
    f.name: f
    for f in (
        FeatureDef(
            "post1945",
            "war in 1945-2003 (BF `sample` = 0); for prediction: war year >= 1945, default a present-day war",
            (),
        ),
        FeatureDef("defense", "defence pledge (ATOP defense = 1)", ("defense",)),
        FeatureDef("offense", "offence pledge (ATOP offense = 1)", ("offense",)),
        FeatureDef("neutral", "neutrality pledge (ATOP neutral = 1)", ("neutral",)),
        FeatureDef("nonagg", "non-aggression pledge (ATOP nonagg = 1)", ("nonagg",)),
        FeatureDef("consul", "consultation pledge (ATOP consul = 1)", ("consul",)),
        FeatureDef(
            "cls_defense",
            "pledge class: defence pact (defense = 1)",
            ("defense",),
        ),
        FeatureDef(
            "cls_offense",
            "pledge class: offence pact without a defence pledge",
            ("defense", "offense"),
        ),
        FeatureDef(
            "cls_neutral",
            "pledge class: neutrality pact without an active (defence/offence) pledge",
            ("defense", "offense", "neutral"),
        ),
        FeatureDef(
            "cls_nonagg",
            "pledge class: non-aggression pact without an active or neutrality pledge",
            ("defense", "offense", "neutral", "nonagg"),
        ),
        FeatureDef(
            "defense_post1945",
            "defence pact in a post-1945 war (cls_defense x post1945)",
            ("defense",),
        ),
        FeatureDef(
            "conditio",
            "some obligation is conditional (ATOP conditio; else any of defcon/offcon/neucon/concon)",
            ("conditio", "defcon", "offcon", "neucon", "concon"),
        ),
        FeatureDef("asymm", "obligations differ across members (ATOP asymm = 1)", ("asymm",)),
        FeatureDef("bilat", "bilateral (ATOP bilat = 1)", ("bilat",)),
        FeatureDef(
            "inst_high",
            "high military institutionalisation, Leeds & Anac (2005): intcom = 1 or milcon = 3 or base > 0",
            ("intcom", "milcon", "base"),
        ),
        FeatureDef(
            "inst_moderate",
            "moderate institutionalisation, Leeds & Anac (2005), and not high: milcon = 2, milaid in {3,4}, "
            "subord > 0, contrib = 1, or a military organisation (orgpurp1/orgpurp2 in {1,4})",
            ("milcon", "milaid", "subord", "contrib", "orgpurp1", "orgpurp2", "intcom", "base"),
        ),
        FeatureDef("econ", "economic aid or trade provisions (ATOP ecaid > 0)", ("ecaid",)),
    )
}

#: Pledge class (strongest pledge) and era, with the era effect allowed to differ for defence pacts.
CLASS_ERA: tuple[str, ...] = (
    "post1945",
    "cls_defense",
    "cls_offense",
    "cls_neutral",
    "cls_nonagg",
    "defense_post1945",
)

#: Candidate model specifications. The refit chooses between them by (inner) cross-validation.
SPECS: dict[str, tuple[str, ...]] = {
    "class_era": CLASS_ERA,
    "class_era_design": (
        *CLASS_ERA,
        "conditio",
        "asymm",
        "bilat",
        "inst_high",
        "inst_moderate",
        "econ",
    ),
}

#: ATOP inputs that are optional: when absent they count as "provision absent" without a note.
OPTIONAL_INPUTS: frozenset[str] = frozenset({"orgpurp2", "organ2"})

_BINARY_DIRECT = (*PLEDGES, "asymm", "bilat")


def clean_value(value: object) -> float | None:
    """Return a float, or ``None`` for missing (None, NaN).

    >>> clean_value(1), clean_value(None), clean_value(float("nan")), clean_value(True)
    (1.0, None, None, 1.0)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        f = float(value)
        return None if math.isnan(f) else f
    try:  # numpy scalars
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"not a number: {value!r}") from exc
    return None if math.isnan(f) else f


def _any_true(flags: Iterable[bool | None]) -> float | None:
    """Three-valued OR: 1 if any flag is True, 0 if all are False, else None."""
    seen_none = False
    for flag in flags:
        if flag is True:
            return 1.0
        if flag is None:
            seen_none = True
    return None if seen_none else 0.0


def _cmp(value: float | None, test: str, ref: float | Sequence[float]) -> bool | None:
    if value is None:
        return None
    if test == "eq":
        return value == ref
    if test == "gt":
        return value > ref  # type: ignore[operator]
    if test == "in":
        return value in ref  # type: ignore[operator]
    raise ValueError(test)


def leeds_anac(v: Mapping[str, float | None]) -> tuple[float | None, float | None]:
    """High and moderate institutionalisation following Leeds & Anac (2005).

    As in their Stata code, a missing component counts as absent unless every component of the index is
    missing, in which case the index is missing. Moderate is set to 0 when high is 1.

    >>> leeds_anac({"intcom": 0, "milcon": 2, "base": 0})
    (0.0, 1.0)
    >>> leeds_anac({"intcom": None, "milcon": None, "base": None})
    (None, None)
    """
    intcom, milcon, base = v.get("intcom"), v.get("milcon"), v.get("base")
    if intcom is None and milcon is None and base is None:
        high: float | None = None
    else:
        high = 1.0 if (intcom == 1 or milcon == 3 or (base is not None and base > 0)) else 0.0
    op1, op2 = v.get("orgpurp1"), v.get("orgpurp2")
    milorg: float | None = None  # military organisation (orgpurp 1 or 4)
    if op1 is not None or op2 is not None:
        milorg = 1.0 if (op1 in (1.0, 4.0) or op2 in (1.0, 4.0)) else 0.0
    milaid, subord, contrib = v.get("milaid"), v.get("subord"), v.get("contrib")
    parts = (milcon, milaid, subord, contrib, milorg)
    if all(p is None for p in parts):
        moderate: float | None = None
    else:
        moderate = (
            1.0
            if (
                milcon == 2
                or (milaid is not None and 2 < milaid < 5)
                or (subord is not None and subord > 0)
                or contrib == 1
                or milorg == 1
            )
            else 0.0
        )
    if high == 1.0 and moderate is not None:
        moderate = 0.0
    return high, moderate


@dataclass
class Derivation:
    """Model features computed from ATOP inputs, with notes on how they were computed."""

    values: dict[str, float | None]
    notes: list[Diagnostic] = field(default_factory=list)


def derive_features(
    atop: Mapping[str, object],
    *,
    post1945: float | None,
    atop_codes: Mapping[str, Sequence[float]] | None = None,
) -> Derivation:
    """Compute every candidate model feature from ATOP variables.

    ``atop_codes`` maps an ATOP variable to the codes observed in ATOP 4.01; a value outside them is
    reported (C702) and treated as missing. Binary features must be 0 or 1.

    >>> d = derive_features({"defense": 2}, post1945=1.0)
    >>> d.values["defense"] is None, d.notes[0].code
    (True, 'C702')
    """
    raw: dict[str, float | None] = {k: clean_value(val) for k, val in atop.items()}
    notes: list[Diagnostic] = []

    if atop_codes:
        for key, val in list(raw.items()):
            codes = atop_codes.get(key)
            if val is not None and codes is not None and val not in set(codes):
                notes.append(
                    Diagnostic(
                        "C702",
                        f"{key} = {val:g} is not among the codes seen in ATOP 4.01 "
                        f"({', '.join(f'{c:g}' for c in codes)}); treated as missing",
                        path=key,
                    )
                )
                raw[key] = None

    out: dict[str, float | None] = {"post1945": post1945}
    for name in _BINARY_DIRECT:
        val = raw.get(name)
        if val is not None and val not in (0.0, 1.0):
            notes.append(
                Diagnostic(
                    "C702",
                    f"{name} = {val:g} but the model's feature is 0/1; treated as missing",
                    path=name,
                )
            )
            val = None
        out[name] = val

    for k in ("defense", "offense", "neutral", "nonagg"):
        out[f"cls_{k}"] = _class_is(out, k)
    cd = out["cls_defense"]
    out["defense_post1945"] = None if cd is None or post1945 is None else cd * post1945

    cond = raw.get("conditio")
    if cond is not None and cond not in (0.0, 1.0):
        notes.append(
            Diagnostic("C702", f"conditio = {cond:g} is not 0/1; treated as missing", path="conditio")
        )
        cond = None
    if cond is None:
        cond = _any_true(_cmp(raw.get(k), "eq", 1.0) for k in ("defcon", "offcon", "neucon", "concon"))
    out["conditio"] = cond

    high, moderate = leeds_anac(raw)
    out["inst_high"], out["inst_moderate"] = high, moderate
    for feat, value in (("inst_high", high), ("inst_moderate", moderate)):
        missing_parts = [k for k in FEATURES[feat].inputs if raw.get(k) is None and k not in OPTIONAL_INPUTS]
        if value is not None and missing_parts:
            notes.append(
                Diagnostic(
                    "C701",
                    f"{feat} = {value:g} computed with {', '.join(missing_parts)} missing, counted as "
                    "absent (Leeds & Anac 2005 rule)",
                    path=feat,
                    level="note",
                )
            )

    ecaid = raw.get("ecaid")
    out["econ"] = None if ecaid is None else (1.0 if ecaid > 0 else 0.0)
    return Derivation(out, notes)


def _class_is(values: Mapping[str, float | None], pledge: str) -> float | None:
    """1 if ``pledge`` is the strongest pledge present, 0 if not, None if undecidable.

    >>> _class_is({"defense": None, "offense": 0}, "offense"), _class_is({"defense": None, "offense": 1}, "offense")
    (0.0, None)
    """
    earlier = PLEDGES[: PLEDGES.index(pledge)]
    own = values.get(pledge)
    if own == 0.0 or any(values.get(p) == 1.0 for p in earlier):
        return 0.0
    if own is None or any(values.get(p) is None for p in earlier):
        return None
    return 1.0


def pledge_class(values: Mapping[str, float | None]) -> str | None:
    """The reference pledge class: the strongest pledge present, in the order of :data:`PLEDGES`.

    Returns ``'none'`` when all five pledges are 0 and ``None`` when it cannot be decided.

    >>> pledge_class({"defense": 0, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1})
    'consul'
    >>> pledge_class({"defense": None, "offense": 1})
    """
    for p in PLEDGES:
        v = values.get(p)
        if v is None:
            return None
        if v == 1.0:
            return p
    return "none"


def era_of_year(war_year: int | None) -> float:
    """1.0 for a war in or after 1945 (or an unspecified present-day war), else 0.0.

    >>> era_of_year(None), era_of_year(1914), era_of_year(2026)
    (1.0, 0.0, 1.0)
    """
    if war_year is None:
        return 1.0
    return 1.0 if war_year >= ERA_BREAK_YEAR else 0.0


#: Column names of the ATOP 4.01 alliance- and member-level files (for the unknown-key check, C707).
_ATOP_COLUMN_TEXT = """
    atopid cowid cow4id begyr begmo begday endyr endmo endday ineffect bilat maxphase wartime estmode
    pubsecr secrart proadd futmem speclgth length renounce proren renewlgt term defense offense neutral
    nonagg consul active conditio defcon offcon neucon concon asymm notaiden dipaid terrres seppeace
    thirdcom noothall specthrt statthr1 statthr2 conwtin medarb milcon milaid intcom subord organ1
    orgpurp1 organ2 orgpurp2 base contrib armred acqterr divgains demwith reflnun refothio natrefal
    compag nomicoop conres agprois conmen ecaid interv mem1 mem2 mem3 mem4 mem5 mem6 mem7 mem8 mem9
    mem10 mem11 mem12 mem13 mem14 mem15 mem16 mem17 mem18 mem19 mem20 mem21 mem22 mem23 mem24 mem25
    mem26 mem27 mem28 mem29 mem30 mem31 mem32 mem33 mem34 mem35 mem36 mem37 mem38 mem39 mem40 mem41
    mem42 mem43 mem44 mem45 mem46 mem47 mem48 mem49 mem50 mem51 mem52 mem53 mem54 mem55 mem56 mem57
    mem58 mem59 source new4 rev4 version hinst minst milorg milinst pubtreat formorg formal member
    cowsys yrent moent dayent yrexit moexit dayexit phase cowwar termmode termcaus defcoadv defcoloc
    defcocon defconum defcodem defconpr offcoadv offcoloc offcocon offconum offcodem neucoadv neucoloc
    neucocon neuconum neucodem neuconpr neucoatt concoadv concoloc concocon concoreq olimob obvary
"""
ATOP_COLUMNS: frozenset[str] = frozenset(_ATOP_COLUMN_TEXT.split())

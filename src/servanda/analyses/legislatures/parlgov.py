"""The bundled ParlGov extract: dated lower-house seat compositions and cabinets (to mid-2023).

Data: Döring, Holger and Philip Manow. 2024. "ParlGov 2024 Release." Harvard Dataverse,
https://doi.org/10.7910/DVN/2VZ5ZC (CC0 1.0), legacy tables from github.com/hdigital/parlgov-web.
The extract (``data/jurisdictions/parlgov/``) keeps parliamentary elections since 2005 of the
states in the library; :func:`build_extract` rebuilds it from the full tables.

Example:
    >>> comp = parlgov_composition("DEU", date(2022, 7, 8))
    >>> comp.as_of.isoformat(), comp.total
    ('2021-09-26', 736)
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from servanda.analyses.legislatures.jurisdictions import Bloc, Composition, data_root
from servanda.analyses.tables import read_csv, read_csv_text, write_csv

PARLGOV_CITATION = (
    "Döring, H. and Manow, P. (2024). ParlGov 2024 Release. Harvard Dataverse, "
    "https://doi.org/10.7910/DVN/2VZ5ZC (CC0 1.0); bundled extract, see data/jurisdictions/parlgov/SOURCE.md"
)

#: States of the library (32 NATO members + JPN, AUS, KOR); ParlGov covers 30 of them.
SCOPE = frozenset(
    [
        "ALB",
        "BEL",
        "BGR",
        "CAN",
        "HRV",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "ISL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MNE",
        "NLD",
        "MKD",
        "NOR",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "TUR",
        "GBR",
        "USA",
        "JPN",
        "AUS",
        "KOR",
    ]
)


@dataclass(frozen=True)
class _Row:
    iso3: str
    election_date: date
    seats_total: int
    party_id: str
    party_short: str
    party_name: str
    family: str
    seats: int


@dataclass(frozen=True)
class _Cab:
    iso3: str
    cabinet_id: str
    start: date
    name: str
    caretaker: bool
    party_id: str
    pm: bool


def _read(name: str) -> list[dict[str, str]]:
    text = data_root().joinpath("parlgov", name).read_text(encoding="utf-8")
    return read_csv_text(text)[1]


@cache
def _seats() -> dict[str, list[_Row]]:
    out: dict[str, list[_Row]] = defaultdict(list)
    for r in _read("seats.csv"):
        out[r["iso3"]].append(
            _Row(
                r["iso3"],
                date.fromisoformat(r["election_date"]),
                int(r["seats_total"]),
                r["party_id"],
                r["party_short"],
                r["party_name"],
                r["family"],
                int(r["seats"]),
            )
        )
    return dict(out)


@cache
def _cabinets() -> dict[str, list[_Cab]]:
    out: dict[str, list[_Cab]] = defaultdict(list)
    for r in _read("cabinets.csv"):
        out[r["iso3"]].append(
            _Cab(
                r["iso3"],
                r["cabinet_id"],
                date.fromisoformat(r["start_date"]),
                r["cabinet_name"],
                r["caretaker"] == "1",
                r["party_id"],
                r["pm"] == "1",
            )
        )
    return dict(out)


def covered() -> list[str]:
    """ISO3 codes with ParlGov seat data in the extract."""
    return sorted(_seats())


def cabinet_parties(iso3: str, on: date) -> tuple[set[str], str | None]:
    """Party ids of the cabinet in office on ``on`` and the PM's party id."""
    cabs = [c for c in _cabinets().get(iso3, []) if c.start <= on]
    if not cabs:
        return set(), None
    start = max(c.start for c in cabs)
    current = [c for c in cabs if c.start == start]
    pm = next((c.party_id for c in current if c.pm), None)
    return {c.party_id for c in current}, pm


def election_dates(iso3: str) -> list[date]:
    """Dates of the parliamentary elections in the extract."""
    return sorted({r.election_date for r in _seats().get(iso3, [])})


def parlgov_composition(iso3: str, on: date) -> Composition | None:
    """Lower-house composition elected at the last election on or before ``on`` (None if none).

    Bloc ids are ParlGov short names; ``government`` marks the parties of the cabinet in office.
    """
    dates = [d for d in election_dates(iso3) if d <= on]
    if not dates:
        return None
    when = dates[-1]
    rows = [r for r in _seats()[iso3] if r.election_date == when]
    gov, _ = cabinet_parties(iso3, on)
    seen: dict[str, int] = {}
    blocs = []
    for r in rows:
        bid = r.party_short if r.party_short not in seen else f"{r.party_short}_{r.party_id}"
        seen[bid] = 1
        blocs.append(
            Bloc(id=bid, name=r.party_name, seats=r.seats, government=r.party_id in gov, family=r.family)
        )
    return Composition(
        as_of=when,
        blocs=blocs,
        source=PARLGOV_CITATION,
        verified=True,
        note=f"ParlGov election of {when}; government = cabinet in office on {on}",
    )


def turnover_rate(iso3: str) -> tuple[int, int]:
    """(changes, elections): how often the PM's party changed across an election, 2005–2023.

    Compares the PM party of the last cabinet before each election with the first cabinet
    formed after it. Used as the default P(turnover) per election.
    """
    cabs = _cabinets().get(iso3, [])
    if not cabs:
        return 0, 0
    pm_by_start: dict[date, str] = {}
    for c in cabs:
        if c.pm:
            pm_by_start[c.start] = c.party_id
    starts = sorted(pm_by_start)
    changes = n = 0
    for when in election_dates(iso3):
        before = [s for s in starts if s < when]
        after = [s for s in starts if s > when]
        if not before or not after:
            continue
        n += 1
        changes += pm_by_start[before[-1]] != pm_by_start[after[0]]
    return changes, n


def build_extract(src: Path, out: Path) -> tuple[int, int]:
    """Rebuild ``seats.csv`` and ``cabinets.csv`` from the full ParlGov legacy tables.

    Keeps parliamentary elections (type 13) since 2005 of the states in :data:`SCOPE`, parties
    with at least one seat, and cabinets starting since 2005. Returns (seat rows, cabinet rows).
    """

    def rows(name: str) -> list[dict[str, str]]:
        return read_csv(src / name)[1]

    countries = {r["id"]: r["name_short"] for r in rows("02__datacore__Country.csv")}
    codes = {r["id"]: r["short"] for r in rows("01__datacore__Code.csv")}
    parties = {r["id"]: r for r in rows("21__parties__Party.csv")}
    elections = {
        r["id"]: r
        for r in rows("31__elections__Election.csv")
        if r["type"] == "13" and countries.get(r["country"]) in SCOPE and r["date"] >= "2005-01-01"
    }
    seat_rows = []
    for r in rows("32__elections__ElectionResult.csv"):
        e = elections.get(r["election"])
        if e is None or not r["seats"] or int(r["seats"]) == 0:
            continue
        p = parties[r["party"]]
        seat_rows.append(
            {
                "iso3": countries[e["country"]],
                "election_id": e["id"],
                "election_date": e["date"],
                "seats_total": e["seats_total"],
                "party_id": r["party"],
                "party_short": p["name_short"],
                "party_name": p["name_english"],
                "family": codes.get(p["family"], ""),
                "seats": r["seats"],
            }
        )
    seat_rows.sort(key=lambda x: (x["iso3"], x["election_date"], -int(x["seats"])))
    cabs = {
        r["id"]: r
        for r in rows("41__cabinets__Cabinet.csv")
        if countries.get(r["country"]) in SCOPE and r["start_date"] >= "2005-01-01"
    }
    cab_rows = []
    for r in rows("42__cabinets__CabinetParty.csv"):
        c = cabs.get(r["cabinet"])
        if c is None:
            continue
        cab_rows.append(
            {
                "iso3": countries[c["country"]],
                "cabinet_id": c["id"],
                "start_date": c["start_date"],
                "cabinet_name": c["name"],
                "caretaker": c["caretaker"],
                "party_id": r["party"],
                "party_short": parties[r["party"]]["name_short"],
                "pm": r["pm"],
            }
        )
    cab_rows.sort(key=lambda x: (x["iso3"], x["start_date"], x["party_short"]))
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (("seats.csv", seat_rows), ("cabinets.csv", cab_rows)):
        write_csv(out / name, list(data[0]), [list(r.values()) for r in data])
    return len(seat_rows), len(cab_rows)


def early_turnover_rate(iso3: str) -> tuple[int, float]:
    """(changes, years): PM-party changes between two cabinets with no election in between.

    A crude base rate for a change of government between scheduled elections; the
    per-year rate is ``(changes + 0.5) / years`` (Jeffreys-like smoothing).
    """
    cabs = _cabinets().get(iso3, [])
    pm = sorted({(c.start, c.party_id) for c in cabs if c.pm})
    if len(pm) < 2:
        return 0, 0.0
    elections = election_dates(iso3)
    changes = 0
    for (s0, p0), (s1, p1) in itertools.pairwise(pm):
        if p0 != p1 and not any(s0 < e <= s1 for e in elections):
            changes += 1
    years = (pm[-1][0] - pm[0][0]).days / 365.25
    return changes, years

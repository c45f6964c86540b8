"""Validated identifiers: ISO 3166 alpha-3 state codes, organisation codes, party selectors, ids.

Example:
    >>> is_state_code("UKR"), is_state_code("UKX")
    (True, False)
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from servanda.model.vocabulary import SELECTORS

#: Organisations that may be parties. ISO 3166 has no codes for them; they are written ``org:XX``.
ORGANISATIONS: dict[str, str] = {
    "org:EU": "European Union",
    "org:NATO": "North Atlantic Treaty Organization",
    "org:UN": "United Nations",
    "org:OSCE": "Organization for Security and Co-operation in Europe",
    "org:G7": "Group of Seven",
}


@cache
def state_codes() -> frozenset[str]:
    """All ISO 3166-1 alpha-3 codes, plus ``XKX`` (Kosovo, user-assigned and widely used)."""
    return frozenset({c.alpha_3 for c in pycountry.countries} | {"XKX"})


def is_state_code(code: str) -> bool:
    """True for a valid ISO 3166-1 alpha-3 code."""
    return code in state_codes()


def state_name(code: str) -> str:
    """Short English name of a state or organisation code (the code itself if unknown).

    >>> state_name("GBR")
    'United Kingdom'
    """
    if code in ORGANISATIONS:
        return ORGANISATIONS[code]
    if code == "XKX":
        return "Kosovo"
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def suggest(word: str, choices: list[str] | frozenset[str] | set[str], n: int = 1) -> list[str]:
    """Close matches for a "did you mean" hint (case-insensitive)."""
    lowered = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


#: Codes people write for states that are not ISO 3166 alpha-3 (EU/UN usage, old codes).
COMMON_ALIASES: dict[str, str] = {
    "UK": "GBR",
    "EL": "GRC",
    "XK": "XKX",
    "KS": "XKX",
    "ROM": "ROU",
    "ZAR": "COD",
}


def _name_to_code(word: str) -> str | None:
    if word.upper() in COMMON_ALIASES:
        return COMMON_ALIASES[word.upper()]
    if len(word) == 2:
        found2 = pycountry.countries.get(alpha_2=word.upper())
        if found2 is not None:
            return str(found2.alpha_3)
    try:
        found = pycountry.countries.lookup(word)
    except LookupError:
        return None
    return str(found.alpha_3)


def _check_state(value: str) -> str:
    if is_state_code(value):
        return value
    hint = _name_to_code(value) or next(iter(suggest(value, state_codes())), None)
    raise PydanticCustomError(
        "country_code",
        "`{value}` is not an ISO 3166-1 alpha-3 state code",
        {"value": value, "suggestion": hint or ""},
    )


def _check_party_code(value: str) -> str:
    if value in ORGANISATIONS:
        return value
    if value.startswith("org:"):
        raise PydanticCustomError(
            "country_code",
            "`{value}` is not a known organisation code",
            {"value": value, "suggestion": next(iter(suggest(value, set(ORGANISATIONS))), "")},
        )
    return _check_state(value)


def _check_party_or_selector(value: str) -> str:
    if value.startswith("$"):
        if value in SELECTORS:
            return value
        raise PydanticCustomError(
            "selector",
            "`{value}` is not a party selector",
            {"value": value, "suggestion": next(iter(suggest(value, set(SELECTORS))), "")},
        )
    return _check_party_code(value)


StateCode = Annotated[str, AfterValidator(_check_state)]
PartyCode = Annotated[str, AfterValidator(_check_party_code)]
PartyRef = Annotated[str, AfterValidator(_check_party_or_selector)]

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
INSTRUMENT_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*@[0-9][0-9A-Za-z.-]*$"

#: A snake_case identifier: clause ids such as ``art_5__para_1``, trigger and obligation ids.
Ident = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
#: An instrument id carrying its version: ``nato.nat@1949``.
InstrumentId = Annotated[str, StringConstraints(pattern=INSTRUMENT_ID_PATTERN, max_length=120)]

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _check_currency(value: str) -> str:
    if _CURRENCY.match(value) and pycountry.currencies.get(alpha_3=value) is not None:
        return value
    codes = {str(c.alpha_3) for c in pycountry.currencies}
    raise PydanticCustomError(
        "currency_code",
        "`{value}` is not an ISO 4217 currency code",
        {"value": value, "suggestion": next(iter(suggest(value, codes)), "")},
    )


CurrencyCode = Annotated[str, AfterValidator(_check_currency)]

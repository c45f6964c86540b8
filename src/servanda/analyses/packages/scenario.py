"""Scenarios for packages: an events file (``format: servanda-scenario/1`` with ``events:``) or one attack
built from command-line options. A scenario without a date is refused (P812).

Example:
    >>> s = attack_scenario("35.14,47.84", "2026-03-05", beneficiary="UKR", actor="RUS", event_class="missile_strike")
    >>> s.events[0].date.isoformat(), s.events[0].target, s.events[0].event_class.value
    ('2026-03-05', 'UKR', 'missile_strike')
    >>> try:
    ...     attack_scenario("35.14,47.84", None, beneficiary="UKR")
    ... except ServandaError as exc:
    ...     print(exc.diagnostics[0].code, exc.diagnostics[0].message)
    P812 `--attack-at` needs `--date YYYY-MM-DD`
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from servanda.analyses.packages.model import unreadable_yaml
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.yaml_source import read_source
from servanda.model.codes import is_state_code, suggest
from servanda.model.events import Event
from servanda.model.periods import date_range_problem, parse_user_date
from servanda.model.vocabulary import EventClass
from servanda.sources.rows import EventCounts, read_events

SCENARIO_FORMAT = "servanda-scenario/1"


@dataclass
class Scenario:
    """Events to evaluate the package against, with where they came from."""

    label: str
    events: list[Event]
    file: str | None = None
    as_of: dt.date | None = None
    #: Rows read, accepted and rejected (the one count of :mod:`servanda.sources.rows`); None for
    #: a scenario built from options.
    counts: EventCounts | None = None

    @property
    def rejected(self) -> list[Diagnostic]:
        """Every rejected row's diagnostic."""
        return list(self.counts.diagnostics) if self.counts is not None else []

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        """First and last event date."""
        days = sorted(e.date for e in self.events)
        return days[0], days[-1]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "label": self.label,
            "file": self.file,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "events": len(self.events),
            "first": self.dates[0].isoformat(),
            "last": self.dates[1].isoformat(),
            "events_rejected": self.counts.rejected if self.counts is not None else 0,
            "events_file": self.counts.to_json() if self.counts is not None else None,
        }


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (YAML with ``events:``; JSON and CSV event files also work)."""
    p = Path(path)
    if not p.is_file():
        raise ServandaError(
            [
                Diagnostic(
                    "P813",
                    f"no scenario file `{p}`",
                    str(p),
                    hint="pass an events file (.yaml with `events:`)",
                )
            ]
        )
    as_of: dt.date | None = None
    label = p.stem
    if p.suffix.lower() in (".yaml", ".yml"):
        doc = read_source(p)
        if doc.data is None or doc.diagnostics:
            raise ServandaError(
                [unreadable_yaml("P813", "scenario", str(p), doc)],
                {str(p): doc.text},
            )
        data = doc.data

        def problem(code: str, message: str, key: str, hint: str) -> ServandaError:
            return ServandaError(
                [Diagnostic(code, message, str(p), doc.span_of((key,)), hint=hint)], {str(p): doc.text}
            )

        if isinstance(data, dict):
            fmt = data.get("format")
            if fmt is not None and fmt != SCENARIO_FORMAT:
                raise problem(
                    "P813",
                    f"format `{fmt}` is not a scenario",
                    "format",
                    f"write `format: {SCENARIO_FORMAT}`",
                )
            if not isinstance(data.get("events"), list) or not data.get("events"):
                raise problem(
                    "P813",
                    "the scenario has no `events:` list",
                    "events",
                    "add `events:` with at least one event",
                )
            rows = data["events"]
            label = str(data.get("title") or label)
            raw_as_of = data.get("as_of")
            if raw_as_of is not None:
                if not isinstance(raw_as_of, dt.date) or date_range_problem(raw_as_of):
                    raise problem("P814", f"`as_of: {raw_as_of}` is not a date", "as_of", "write YYYY-MM-DD")
                as_of = raw_as_of
        else:
            rows = data
        undated = [
            Diagnostic(
                "P812",
                f"event {k + 1}{' `' + str(row.get('id')) + '`' if isinstance(row, dict) and row.get('id') else ''} has no `date`",
                str(p),
                doc.key_span_of((*(("events",) if isinstance(data, dict) else ()), k)),
                hint="add `date: YYYY-MM-DD` to the event",
            )
            for k, row in enumerate(rows if isinstance(rows, list) else [])
            if isinstance(row, dict) and row.get("date") in (None, "")
        ]
        if undated:
            raise ServandaError(undated, {str(p): doc.text})
    batch = read_events(p)
    if not batch.events:
        notes = tuple(f"{d.code} {d.location}: {d.message}" for d in batch.diagnostics[:5])
        raise ServandaError(
            [
                Diagnostic(
                    "P813",
                    "no event of the scenario could be read",
                    str(p),
                    notes=notes,
                    hint="fix the rejected rows shown",
                )
            ]
        )
    return Scenario(label, batch.events, str(p), as_of, batch.counts())


def _bad(message: str, option: str, hint: str) -> ServandaError:
    return ServandaError([Diagnostic("P814", message, option, hint=hint)])


def attack_scenario(
    attack_at: str,
    date: str | None,
    *,
    beneficiary: str,
    actor: str | None = None,
    event_class: str = "missile_strike",
    deaths: int = 0,
    target: str | None = None,
    country: str | None = None,
) -> Scenario:
    """One attack at ``LON,LAT`` on ``date`` against the package beneficiary (or ``target``)."""
    if not date:
        raise ServandaError(
            [
                Diagnostic(
                    "P812",
                    "`--attack-at` needs `--date YYYY-MM-DD`",
                    "--attack-at",
                    hint=f"pass e.g. `--attack-at {attack_at} --date 2026-03-05`",
                )
            ]
        )
    try:
        lon_text, lat_text = attack_at.split(",")
        lon, lat = float(lon_text), float(lat_text)
    except ValueError:
        raise _bad(
            f"`--attack-at {attack_at}` is not LON,LAT",
            "--attack-at",
            "write two numbers, longitude first: `--attack-at 35.14,47.84`",
        ) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _bad(
            f"`--attack-at {attack_at}` is out of range",
            "--attack-at",
            "longitude in [-180, 180], latitude in [-90, 90], longitude first",
        )
    try:
        day = parse_user_date(date)
    except ValueError as exc:
        raise _bad(f"`--date {date}`: {exc}", "--date", "write an existing date as YYYY-MM-DD") from None
    classes = {c.value for c in EventClass}
    if event_class not in classes:
        close = suggest(event_class, classes)
        raise _bad(
            f"`--class {event_class}` is not an event class",
            "--class",
            f"did you mean `{close[0]}`?"
            if close
            else "event classes are listed in docs/format.md#eventclass",
        )
    for option, code in (("--actor", actor), ("--target", target), ("--country", country)):
        if code is not None and not is_state_code(code):
            raise _bad(f"`{option} {code}` is not an ISO 3166-1 alpha-3 code", option, "write e.g. `RUS`")
    row: dict[str, Any] = {
        "id": "scenario-attack",
        "source": "synthetic",
        "date": day,
        "lon": lon,
        "lat": lat,
        "actor": actor,
        "target": target or beneficiary,
        "country": country or beneficiary,
        "event_class": event_class,
        "deaths": deaths,
    }
    try:
        event = Event.model_validate(row)
    except ValidationError as exc:  # pragma: no cover - guarded above
        raise _bad(str(exc), "--attack-at", "check the options") from None
    who = f" by {actor}" if actor else ""
    label = f"{event_class}{who} at {lon:g},{lat:g} on {day.isoformat()} against {event.target}"
    return Scenario(label, [event])

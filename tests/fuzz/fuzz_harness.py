"""Mutation fuzzing of every input kind: seeds, boundary-value mutators, in-process and subprocess runners.

Shared by ``tests/fuzz`` (a modest budget inside ``./scripts/test``) and ``scripts/fuzz`` (large
budgets). A case fails when it raises (in-process), prints a traceback (subprocess), exits with a
code outside {0, 1, 2} (70 is an internal error, so a failure) or takes longer than 20 s.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "tests/analyses/packages/fixtures/pkg"
OK_CODES = {0, 1, 2}
HANG_SECONDS = 20

#: Boundary values: dates around the documented range and impossible days; numbers and coordinates.
DATES = [
    "0001-01-01",
    "1799-12-31",
    "1800-01-01",
    "2200-12-31",
    "2201-01-01",
    "9999-12-31",
    "9999-12-30",
    "2025-02-30",
    "2024-02-29",
    "2025-13-01",
]
NUMBERS = [
    "nan",
    "NaN",
    ".nan",
    "inf",
    "-inf",
    ".inf",
    "Infinity",
    "-0",
    "-0.0",
    "0",
    "1e400",
    "-1e400",
    "99999999999999999999999999",
    "-1",
    "90",
    "-90",
    "180",
    "-180",
    "90.0000001",
    "-180.0000001",
    "1e-320",
]
ODD_TEXT = ["R\u0430S", "\u200bUKR", "UKR\u00a0", "Latvia", "ukr", "\ufeff", "é", "\x00", "\u202e"]

EVENTS_CSV = (
    "id,date,event_class,actor,target,country,lat,lon,deaths\n"
    "e1,2026-03-05,missile_strike,RUS,LVA,LVA,56.95,24.10,3\n"
    "e2,2026-03-06,shelling,RUS,UKR,UKR,49.90,36.20,0\n"
)
EVENTS_JSON = (
    '{"events": [{"id": "e1", "date": "2026-03-05", "event_class": "missile_strike", "actor": "RUS",'
    ' "target": "LVA", "country": "LVA", "lat": 56.95, "lon": 24.10, "deaths": 3},'
    ' {"id": "e2", "date": "2026-03-06", "event_class": "shelling", "lat": 49.9, "lon": 36.2}]}\n'
)
GEOJSON = (
    '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a"},'
    ' "geometry": {"type": "Polygon", "coordinates": [[[30.0, 45.0], [40.0, 45.0], [40.0, 52.0],'
    " [30.0, 52.0], [30.0, 45.0]]]}}]}\n"
)


def _seed(relative: str) -> bytes:
    return (ROOT / relative).read_bytes()


@dataclass(frozen=True)
class Kind:
    """One input kind: its seed, file name, and how to run it (CLI arguments or an in-process call)."""

    name: str
    seed: Callable[[], bytes]
    filename: str
    args: Callable[[Path, Path], list[str]] | None = None
    call: Callable[[Path], Any] | None = None
    expected: tuple[type[BaseException], ...] = ()


def _load_stances(path: Path) -> Any:
    from servanda.analyses.legislatures.stances import load_stances

    return load_stances(path)


def _load_jurisdiction(path: Path) -> Any:
    from servanda.analyses.legislatures.jurisdictions import parse_jurisdiction, read_yaml

    doc = read_yaml(path)
    return parse_jurisdiction(doc.data, str(path), doc)


def _read_geojson(path: Path) -> Any:
    from servanda.semantics.geometry import read_geojson

    return read_geojson(path)


def _expected_analysis() -> tuple[type[BaseException], ...]:
    from servanda.diagnostics import ServandaError

    return (ServandaError,)


def _expected_geometry() -> tuple[type[BaseException], ...]:
    from servanda.semantics.geometry import GeometryError

    return (GeometryError,)


def kinds() -> dict[str, Kind]:
    """Every input kind with its seed."""
    return {
        "instrument": Kind(
            "instrument",
            lambda: _seed("tests/diagnostics/fixtures/_valid.yaml"),
            "instrument.yaml",
            lambda f, d: ["check", str(f)],
        ),
        "package": Kind(
            "package",
            lambda: _seed("tests/analyses/packages/fixtures/pkg/package.yaml"),
            "package.yaml",
            lambda f, d: ["package", str(f), "--scenario", str(PKG / "scenarios/attack.yaml")],
        ),
        "scenario": Kind(
            "scenario",
            lambda: _seed("tests/analyses/packages/fixtures/pkg/scenarios/attack.yaml"),
            "scenario.yaml",
            lambda f, d: ["package", str(PKG), "--scenario", str(f)],
        ),
        "stance": Kind(
            "stance",
            lambda: _seed("src/servanda/data/stances/ukraine-2025.yaml"),
            "stance.yaml",
            call=_load_stances,
        ),
        "jurisdiction": Kind(
            "jurisdiction",
            lambda: _seed("src/servanda/data/jurisdictions/FRA.yaml"),
            "FRA.yaml",
            call=_load_jurisdiction,
        ),
        "events_csv": Kind(
            "events_csv",
            EVENTS_CSV.encode,
            "events.csv",
            lambda f, d: ["evaluate", "nato.nat", "--events", str(f)],
        ),
        "events_json": Kind(
            "events_json",
            EVENTS_JSON.encode,
            "events.json",
            lambda f, d: ["evaluate", "nato.nat", "--events", str(f), "--format", "json"],
        ),
        "events_yaml": Kind(
            "events_yaml",
            lambda: _seed("tests/diagnostics/fixtures/V901.yaml"),
            "events.yaml",
            lambda f, d: ["evaluate", "nato.nat", "--events", str(f)],
        ),
        "geojson": Kind("geojson", GEOJSON.encode, "zone.geojson", call=_read_geojson),
    }


# --------------------------------------------------------------------------- mutators

_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(rb"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w-])")
_WORD = re.compile(rb"\b[A-Z]{3}\b")


def _replace_match(data: bytes, pattern: re.Pattern[bytes], values: list[str], rng: random.Random) -> bytes:
    matches = list(pattern.finditer(data))
    if not matches:
        return data
    m = rng.choice(matches)
    return data[: m.start()] + rng.choice(values).encode("utf-8") + data[m.end() :]


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.randrange(4)
    if op == 0:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 1:
        del lines[i]
    elif op == 2:
        lines.insert(i, lines[j])
    else:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return b"\n".join(lines)


def _bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    i = rng.randrange(len(data))
    op = rng.randrange(5)
    if op == 0:
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
    if op == 1:
        return data[:i] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[i:]
    if op == 2:
        return data[:i] + data[i + rng.randrange(1, 64) :]
    if op == 3:
        j = min(len(data), i + rng.randrange(1, 200))
        return data[:j] + data[i:j] * rng.randrange(1, 20) + data[j:]
    return data[:i]


def _nest(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([63, 64, 65, 100, 1000, 16000])
    i = rng.randrange(len(data) + 1)
    bomb = b"[" * depth + b"1" + b"]" * depth if rng.random() < 0.5 else b"{" * depth
    return data[:i] + bomb + data[i:]


def _encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    op = rng.randrange(5)
    if op == 0:
        return text.encode("utf-16")
    if op == 1:
        return text.encode("utf-32")
    if op == 2:
        return text.replace("a", "é", 3).encode("cp1252", errors="replace")
    if op == 3:
        return b"\xef\xbb\xbf" + data
    i = rng.randrange(len(data) + 1)
    return data[:i] + b"\x00" * rng.randrange(1, 4) + data[i:]


def _text(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return _replace_match(data, _WORD, ODD_TEXT, rng)
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(ODD_TEXT).encode("utf-8") + data[i:]


MUTATORS: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = [
    ("date", lambda d, r: _replace_match(d, _DATE, DATES, r)),
    ("number", lambda d, r: _replace_match(d, _NUMBER, NUMBERS, r)),
    ("lines", _lines),
    ("bytes", _bytes),
    ("nesting", _nest),
    ("encoding", _encoding),
    ("text", _text),
]


def mutate(seed: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """Apply 1–3 random mutators to ``seed`` (boundary dates and numbers are the most likely)."""
    data = seed
    for _ in range(rounds or rng.choice([1, 1, 2, 3])):
        weights = [4, 4, 2, 2, 1, 1, 1]
        _, mutator = rng.choices(MUTATORS, weights=weights)[0]
        data = mutator(data, rng)
    return data


# --------------------------------------------------------------------------- runners


@dataclass
class Outcome:
    """What one case did."""

    kind: str
    exit_code: int | None
    seconds: float
    failure: str | None = None


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang(f"no answer after {HANG_SECONDS} s")


def write_case(kind: Kind, data: bytes, folder: Path) -> Path:
    """Write the case into ``folder`` (a package case gets a copy of the fixture package)."""
    if kind.name == "package":
        target = folder / "pkg"
        if not target.exists():
            shutil.copytree(PKG, target)
        path = target / "package.yaml"
    else:
        path = folder / kind.filename
    path.write_bytes(data)
    return path


def run_in_process(kind: Kind, path: Path) -> Outcome:
    """Run one case in this process (CLI through typer's runner, or a direct call)."""
    from typer.testing import CliRunner

    from servanda.interfaces.cli.app import app

    start = time.perf_counter()
    use_alarm = hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(HANG_SECONDS)
    try:
        if kind.call is not None:
            expected = (
                _expected_analysis() if kind.name in ("stance", "jurisdiction") else _expected_geometry()
            )
            try:
                kind.call(path)
                code = 0
            except expected:
                code = 1
            except Exception:
                return Outcome(kind.name, None, time.perf_counter() - start, traceback.format_exc(limit=-3))
        else:
            assert kind.args is not None
            result = CliRunner().invoke(app, kind.args(path, path.parent))
            code = result.exit_code
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                tb = "".join(traceback.format_exception(result.exception, limit=-3))
                return Outcome(kind.name, code, time.perf_counter() - start, tb)
    except _Hang as exc:
        return Outcome(kind.name, None, float(HANG_SECONDS), f"hang: {exc}")
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - start
    if code not in OK_CODES:
        return Outcome(kind.name, code, seconds, f"exit code {code} is outside {sorted(OK_CODES)}")
    return Outcome(kind.name, code, seconds)


def servanda_executable() -> list[str]:
    """The command that runs the CLI in a subprocess."""
    script = Path(sys.executable).parent / "servanda"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from servanda.interfaces.cli.app import main; main()"]


def run_subprocess(kind: Kind, path: Path) -> Outcome:
    """Run one case through the real CLI in a subprocess (stderr checked for tracebacks)."""
    if kind.args is None:
        return run_in_process(kind, path)
    start = time.perf_counter()
    env = {**os.environ, "COLUMNS": "120"}
    try:
        proc = subprocess.run(
            [*servanda_executable(), *kind.args(path, path.parent)],
            capture_output=True,
            timeout=HANG_SECONDS,
            env=env,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return Outcome(kind.name, None, float(HANG_SECONDS), f"hang: no answer after {HANG_SECONDS} s")
    seconds = time.perf_counter() - start
    stderr = proc.stderr.decode("utf-8", errors="replace")
    if "Traceback (most recent call last)" in stderr:
        return Outcome(kind.name, proc.returncode, seconds, stderr[-2000:])
    if proc.returncode not in OK_CODES:
        return Outcome(kind.name, proc.returncode, seconds, f"exit code {proc.returncode}: {stderr[-500:]}")
    return Outcome(kind.name, proc.returncode, seconds)

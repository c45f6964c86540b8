"""One failing fixture (or invocation) per diagnostic code, with a golden expected output.

Every code of the catalogue is either produced here (and its rendering compared with
``golden/<code>.txt``) or listed in :data:`NO_GOLDEN` with the reason. A missing golden file fails;
re-record the golden files with::

    SERVANDA_RESET_GOLDEN=1 python3 -m uv run --frozen pytest tests/diagnostics

Kinds of producer: instrument files (E/W, ``check``), events files (V90x; V91x–V92x: downloads read by
the source adapters, ``fixtures/sources/``), stance, case and jurisdiction
files (R/D, the ratification readers), package and scenario files (P), a few direct calls for codes that
come from bundled data or an option rather than a file (R508–R512, C7xx, P801), and CLI invocations for
codes that only an option or a whole run can provoke (R502, D601, P814, P815).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from servanda.analyses.credibility import CredibilityModel, predict
from servanda.analyses.legislatures.jurisdictions import load_jurisdiction, parse_jurisdiction, read_yaml
from servanda.analyses.legislatures.legislature import composition_at
from servanda.analyses.legislatures.stances import load_stances
from servanda.analyses.monitor import load_compliance
from servanda.analyses.packages import load_package, load_scenario
from servanda.analyses.packages.guarantees import specs_from_path
from servanda.diagnostics import CATALOGUE, Diagnostic, ServandaError, render
from servanda.interfaces.cli.app import app
from servanda.io.yaml_source import MAX_BYTES
from servanda.language.checker import check, check_file
from servanda.language.loader import load_instrument_text
from servanda.services.ratify import resolve_stances
from servanda.sources import read_events_file
from servanda.sources.rows import read_events

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
REL = "tests/diagnostics/fixtures"
RESET = "SERVANDA_RESET_GOLDEN=1 python3 -m uv run --frozen pytest tests/diagnostics"

#: Codes without a golden output, and why (each is exercised by the unit tests named).
NO_GOLDEN: dict[str, str] = {
    "V946": "a note on a whole monitor run without compliance records; "
    "tests/analyses/monitor/test_monitor_sources.py",
    "R511": "comes from bundled data only (a chamber without compositions that borrows another's "
    "shares); tests/analyses/ratification/test_ratify_legislature.py",
    "R513": "needs a whole ratification analysis whose completion dates straddle an election (its share "
    "comes from the time-to-ratify model); tests/analyses/ratification/test_ratify_coherent.py",
    "D603": "a note printed beside a durability result (an instrument without a fixed term), not an "
    "error of a file; tests/analyses/durability",
    "D604": "cannot come from a file: every legal form of the instrument model has an exit difficulty; "
    "it guards the bundled parameter file (tests/analyses/durability)",
    "C711": "comes from the refit tool's data files (not shipped); tests/analyses/credibility",
    "P816": "needs a whole package analysis on a scenario date; tests/analyses/packages/test_packages.py",
    "P817": "a warning printed beside a whole `servanda assess` run (its tables would make the golden "
    "brittle); tests/analyses/test_assess_chain.py",
    "V932": "needs a second process holding the store open; tests/store/test_event_store.py",
    "V950": "needs a scheduler address where none listens; tests/evaluation/test_dask_engine.py",
}

Produced = tuple[list[Diagnostic], dict[str, str | None]]
#: E/W codes that come from an option, not from an instrument file.
OPTION_CODES = frozenset({"E110"})


def _caught(run: Callable[[], object]) -> Produced:
    try:
        run()
    except ServandaError as exc:
        return exc.diagnostics, exc.texts
    return [], {}


def _source(code: str) -> Produced:
    """An events download (``fixtures/sources/<code>.*``) read by the source adapters."""
    (path,) = (FIXTURES / "sources").glob(f"{code}.*")
    relative = str(path.relative_to(ROOT))
    try:
        ingest = read_events_file(relative, "nope" if code == "V923" else None)
    except ServandaError as exc:
        return exc.diagnostics, {}
    return ingest.report.diagnostics(), {}


def _core(code: str) -> Produced:
    relative = f"{REL}/{code}.yaml"
    if code == "E101":
        report = check_file(f"{REL}/E101-no-such-file.yaml")
        return report.diagnostics, {}
    if code == "E103":
        big = (FIXTURES / "_valid.yaml").read_text(encoding="utf-8") + "#" * MAX_BYTES
        report = check(load_instrument_text(big, relative))
        return report.diagnostics, {}
    if code.startswith("V") and code >= "V910":
        return _source(code)
    if code.startswith("V"):
        batch = read_events(relative)
        return batch.diagnostics, {relative: (ROOT / relative).read_text(encoding="utf-8")}
    report = check_file(relative)
    return report.diagnostics, {relative: report.load.document.text}


def _is_core(code: str) -> bool:
    """Codes of instrument files, canonical events files and event downloads (produced by :func:`_core`)."""
    return (code[0] in "EW" and code not in OPTION_CODES) or "V900" <= code < "V930"


def _compliance(code: str) -> Produced:
    relative = f"{REL}/{code}.yaml"
    return load_compliance(relative).diagnostics, {relative: (ROOT / relative).read_text(encoding="utf-8")}


def _store_diagnostics(code: str) -> Produced:
    """The event store's codes (V93x): bad store paths and refused ingests, on an in-memory store."""
    import polars as pl

    from servanda.services.store import store_ingest
    from servanda.store import EventStore, frame_ingest

    when = datetime(2024, 3, 4, tzinfo=UTC)
    frame = pl.DataFrame({"id": ["UKR1", "UKR1", "UKR2"], "source_row": [1, 2, 3]})
    if code == "V930":
        return _caught(lambda: EventStore(REL))
    if code == "V931":
        return _caught(lambda: EventStore(f"{REL}/V931.duckdb"))
    if code == "V938":
        with tempfile.TemporaryDirectory() as folder:
            args: dict[str, Any] = {"store": f"{folder}/s.duckdb", "read": _read_canonical_csv}
            store_ingest([f"{REL}/V938.csv"], **args)
            return store_ingest([f"{REL}/V938.csv"], **args).diagnostics, {}
    store = EventStore(":memory:")
    if code == "V933":
        return _caught(lambda: store.ingest(frame_ingest(frame, "acled", file=f"{REL}/V933.csv")))
    if code == "V934":
        # a full export of one event after one of two, with one row rejected: UKR1 is not deleted
        second = frame_ingest(frame.tail(1), "acled", file=f"{REL}/V938.csv")
        second = dataclasses.replace(
            second, report=dataclasses.replace(second.report, rows_read=2, rejected=1)
        )
        with tempfile.TemporaryDirectory() as folder:
            opts: dict[str, Any] = {"store": f"{folder}/s.duckdb", "partial": False}
            store_ingest([f"{REL}/V938.csv"], **opts, read=lambda p, s: frame_ingest(frame.tail(2), "acled"))
            return store_ingest([f"{REL}/V938.csv"], **opts, read=lambda p, s: second).diagnostics, {}
    if code == "V935":
        store.ingest(frame_ingest(frame.tail(1), "acled"), ingested_at=when)
        earlier = when - timedelta(days=7)
        return _caught(
            lambda: store.ingest(
                frame_ingest(frame.tail(1), "ucdp_ged", file=f"{REL}/V935.csv"), ingested_at=earlier
            )
        )
    if code == "V936":
        lying = frame_ingest(frame.tail(1), "acled", file=f"{REL}/V936.csv")
        lying = dataclasses.replace(lying, report=dataclasses.replace(lying.report, rows_read=5, rejected=1))
        return _caught(lambda: store.ingest(lying))
    assert code == "V937"
    return _caught(lambda: store.import_parquet(f"{REL}/V937-no-such-file.parquet"))


def _read_canonical_csv(path: Path, source: str | None = None) -> object:
    import hashlib

    import polars as pl

    from servanda.store import frame_ingest

    frame = pl.read_csv(path, schema_overrides={"id": pl.Utf8}, try_parse_dates=True)
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return frame_ingest(frame, source or "acled", file=str(path), sha256=sha)


#: Options of the front-line codes provoked by an option on the valid fixture series.
FRONTLINE_OPTIONS: dict[str, dict[str, object]] = {
    "V970": {"end": "2025-12-15"},
    "V971": {"start": "2025-13-01"},
    "V974": {"start": "2030-01-01"},
    "V975": {"oblast": True},
}


def _frontline(code: str) -> Produced:
    """Run the frontline service on ``fixtures/frontline/<code>`` (or the valid series with an option)."""
    from servanda.frontline import readers
    from servanda.services.frontline import frontline

    folder = "_valid" if code in FRONTLINE_OPTIONS else code
    series = f"{REL}/frontline/{folder}" if code != "V960" else f"{REL}/frontline/V960-no-such-folder"
    saved = readers.MAX_BYTES
    readers.MAX_BYTES = 100 if code == "V962" else saved
    try:
        result = frontline(series, **FRONTLINE_OPTIONS.get(code, {}))  # type: ignore[arg-type]
    except ServandaError as exc:
        return exc.diagnostics, exc.texts
    finally:
        readers.MAX_BYTES = saved
    return result.diagnostics, {}


def _package(code: str) -> Produced:
    loaded = load_package(f"{REL}/{code}.yaml")
    return loaded.diagnostics, dict(loaded.texts)


def _cli(*args: str) -> Callable[[str], str]:
    def run(code: str) -> str:
        result = CliRunner().invoke(app, [a.replace("{fixture}", f"{REL}/{code}.yaml") for a in args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result.output

    return run


def _notes(run: Callable[[], tuple[object, list[Diagnostic]]]) -> Callable[[str], Produced]:
    return lambda code: (run()[1], {})


def _jurisdiction_file(path: str) -> object:
    """Read a user jurisdiction file as the bundled ones are read (strict reader, located errors)."""
    doc = read_yaml(path)
    return parse_jurisdiction(doc.data, path, doc)


def _predict(features: dict[str, object]) -> Callable[[str], Produced]:
    return lambda code: (
        _caught(lambda: predict(features)) if code == "C708" else (predict(features).diagnostics, {})
    )


PRODUCERS: dict[str, Callable[[str], Produced | str]] = {
    **{c: _core for c in CATALOGUE if _is_core(c)},
    **{c: _compliance for c in ("V940", "V941", "V942")},
    "V943": _cli("monitor", "budapest.memorandum"),
    "V945": _cli(
        "monitor",
        "budapest.memorandum",
        "--events",
        "tests/fixtures/monitor/budapest_events.csv",
        "--from",
        "2022-01-01",
        "--to",
        "2021-01-01",
    ),
    **{c: (lambda code: _store_diagnostics(code)) for c in CATALOGUE if c.startswith("V93") and c != "V932"},
    "V947": _cli("monitor", "budapest.memorandum", "--events", "tests/fixtures/monitor/no-such-*.parquet"),
    "V951": _cli(
        "monitor",
        "budapest.memorandum",
        "--events",
        "tests/fixtures/monitor/budapest_events.csv",
        "--engine",
        "dask",
        "--scheduler",
        "localhost:8786",
    ),
    **{
        c: (lambda code: _caught(lambda: load_stances(f"{REL}/{code}.yaml")))
        for c in ("R501", "R504", "R506", "D602")
    },
    **{c: (lambda code: _caught(lambda: _jurisdiction_file(f"{REL}/{code}.yaml"))) for c in ("R503", "R507")},
    "R502": _cli("ratify", "{fixture}", "--as-of", "2026-01-01"),
    "R505": lambda code: _caught(lambda: specs_from_path(f"{REL}/{code}.yaml")),
    "R508": lambda code: _caught(
        lambda: composition_at(load_jurisdiction("NOR"), "storting", date(1900, 1, 1))
    ),
    "R509": lambda code: (resolve_stances(None, Path(f"{REL}/_valid.yaml"))[1], {}),
    "R510": lambda code: _caught(lambda: specs_from_path(f"{REL}/R510-no-such-file.yaml")),
    "R512": _notes(lambda: composition_at(load_jurisdiction("NOR"), "storting", date(2026, 1, 1))),
    "D601": _cli("durability", "examples/ukraine-2025", "--stances", "{fixture}", "--as-of", "2026-12-01"),
    "C701": _predict({"defense": None, "offense": None, "neutral": None, "nonagg": 1, "consul": 1}),
    "C702": _predict({"defense": 1, "offense": 0, "neutral": 0, "nonagg": 3, "consul": 1}),
    "C703": _predict({"defense": 0, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1}),
    "C704": _predict({"defense": 0, "offense": 1}),
    "C705": _predict({"defense": 0, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1}),
    "C706": _predict({"defense": 0, "offense": 1}),
    "C709": _predict({"defense": 1}),
    "C712": lambda code: (
        predict(
            {"defense": 1, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1}, war_year=2026
        ).diagnostics,
        {},
    ),
    "C707": _predict({"defense": 1, "defence": 1}),
    "C708": _predict({"defense": "yes"}),
    "C710": lambda code: _caught(lambda: CredibilityModel.from_path(f"{REL}/C710.json")),
    "P801": lambda code: (load_package(f"{REL}/P801-no-such-package.yaml").diagnostics, {}),
    **{c: _package for c in CATALOGUE if c.startswith("P") and (FIXTURES / f"{c}.yaml").exists()},
    **{c: (lambda code: _caught(lambda: load_scenario(f"{REL}/{code}.yaml"))) for c in ("P812", "P813")},
    "P814": _cli(
        "package", "tests/analyses/packages/fixtures/pkg", "--attack-at", "200,100", "--date", "2026-01-01"
    ),
    "P815": _cli("package", "tests/analyses/packages/fixtures/pkg", "--correlation", "2"),
    "P818": _cli("assess", "examples/ukraine-2025", "--on", "2026-12-01", "--at", "2020-01-01"),
    "P819": _cli(
        "assess",
        "examples/ukraine-2025",
        "--on",
        "2026-12-01",
        "--scenario",
        "examples/ukraine-2025/scenarios/quiet_front.yaml",
    ),
    "E110": _cli("compare", "anzus@1951", "--weights", "obligation=2,automaticty=1"),
    **{c: _frontline for c in CATALOGUE if c[:3] in ("V96", "V97")},
}


def _text(diagnostic: Diagnostic, texts: dict[str, str | None]) -> str | None:
    if diagnostic.file in texts:
        return texts[diagnostic.file]
    path = ROOT / diagnostic.file
    if diagnostic.span is not None and diagnostic.file and path.is_file():
        return path.read_text(encoding="utf-8")
    return None


def produce(code: str) -> tuple[set[str], str]:
    """Run the producer for ``code``: the codes it reported and their rendering."""
    out = PRODUCERS[code](code)
    if isinstance(out, str):
        return {c for c in CATALOGUE if f"[{c}]" in out}, out
    diagnostics, texts = out
    rendered = "\n".join(render(d, _text(d, texts)) for d in diagnostics) + "\n"
    return {d.code for d in diagnostics}, rendered


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")


def test_every_code_has_a_golden_or_a_reason() -> None:
    missing = sorted(set(CATALOGUE) - set(PRODUCERS) - set(NO_GOLDEN))
    assert not missing, f"add a fixture and golden for {missing}, or list them in NO_GOLDEN with the reason"
    assert not set(PRODUCERS) & set(NO_GOLDEN)
    assert set(NO_GOLDEN) <= set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(PRODUCERS))
def test_fixture_produces_code_and_golden_output(code: str) -> None:
    codes, rendered = produce(code)
    assert code in codes, f"the producer for {code} reported {sorted(codes)}"
    golden = GOLDEN / f"{code}.txt"
    if os.environ.get("SERVANDA_RESET_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"no golden output golden/{golden.name}; record it with: {RESET}"
    assert rendered == golden.read_text(encoding="utf-8"), f"output changed; if intended, re-record: {RESET}"


@pytest.mark.parametrize("code", sorted(c for c in PRODUCERS if c in CATALOGUE and _is_core(c)))
def test_every_diagnostic_points_inside_its_file(code: str) -> None:
    diagnostics, texts = _core(code)
    for diagnostic in diagnostics:
        text = texts.get(diagnostic.file)
        if diagnostic.span is None or text is None:
            continue
        assert 1 <= diagnostic.span.line <= max(1, len(text.splitlines()) + 1)


@pytest.mark.parametrize(
    "code", sorted(c for c in PRODUCERS if (FIXTURES / f"{c}.yaml").exists() and c[0] in "RDP")
)
def test_file_diagnostics_of_analyses_point_at_file_line_col(code: str) -> None:
    """R/D/P findings about a fixture file carry a span in that file (``file:line:col``)."""
    out = PRODUCERS[code](code)
    if isinstance(out, str):
        pytest.skip("CLI invocation")
    about_fixture = [d for d in out[0] if d.code == code and d.file.endswith(f"{code}.yaml")]
    assert about_fixture and all(d.span is not None for d in about_fixture), [d.location for d in out[0]]


def test_valid_base_has_no_diagnostics() -> None:
    report = check_file(f"{REL}/_valid.yaml")
    assert report.diagnostics == []


def test_ratify_with_an_impossible_date_in_a_stance_file_is_located_not_a_traceback() -> None:
    """Regression (issue 7): ``as_of: 2026-02-30`` in a stance file crashed ``servanda ratify``."""
    result = CliRunner().invoke(app, ["ratify", "examples/ukraine-2025", "--stances", f"{REL}/R506.yaml"])
    assert result.exit_code == 1 and not isinstance(result.exception, ValueError)
    assert "error[R506]: `2026-02-30` is not a valid date" in result.output
    assert f"--> {REL}/R506.yaml:4:8" in result.output and "Traceback" not in result.output
    json_run = ["ratify", "examples/ukraine-2025", "--stances", f"{REL}/R506.yaml", "--format", "json"]
    data = __import__("json").loads(CliRunner().invoke(app, json_run).stdout)
    (diagnostic,) = data["diagnostics"]
    assert (
        diagnostic["code"] == "R506"
        and diagnostic["span"]["line"] == 4
        and diagnostic["location"].endswith(":4:8")
    )


def test_missing_golden_fails_naming_the_reset_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(globals(), "GOLDEN", tmp_path)
    monkeypatch.delenv("SERVANDA_RESET_GOLDEN", raising=False)
    with pytest.raises(AssertionError, match="SERVANDA_RESET_GOLDEN=1"):
        test_fixture_produces_code_and_golden_output("E301")

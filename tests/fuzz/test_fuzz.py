"""Fuzzing as a test: every input kind, mutated with boundary dates, numbers, encodings and nesting.

A modest budget runs here; ``scripts/fuzz --inputs 10000`` runs a large one. Each case must end
with exit code 0, 1 or 2 and a coded diagnostic: no exception, no traceback, no hang.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fuzz_harness import DATES, NUMBERS, kinds, mutate, run_in_process, run_subprocess, write_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KINDS = kinds()
EXAMPLES = 20


@pytest.mark.parametrize("name", sorted(KINDS))
def test_mutated_inputs_never_crash(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    kind = KINDS[name]
    seed = kind.seed()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.randoms(use_true_random=False))
    def case(rng: random.Random) -> None:
        folder = tmp_path_factory.mktemp(name)
        path = write_case(kind, mutate(seed, rng), folder)
        outcome = run_in_process(kind, path)
        assert outcome.failure is None, f"{name} case {path}:\n{outcome.failure}"

    case()


_DAY = rb"\d{4}-\d{2}-\d{2}"
_OUT_OF_RANGE = {
    "0001-01-01",
    "1799-12-31",
    "2201-01-01",
    "9999-12-31",
    "9999-12-30",
    "2025-02-30",
    "2025-13-01",
}


@pytest.mark.parametrize(
    ("name", "values", "pattern", "template"),
    [
        ("instrument", DATES, rb"status:", b"signed: {v}\nstatus:"),
        ("events_csv", DATES, _DAY, b"{v}"),
        ("events_yaml", DATES, _DAY, b"{v}"),
        ("scenario", DATES, _DAY, b"{v}"),
        ("events_csv", NUMBERS, rb"56\.95", b"{v}"),
        ("events_json", NUMBERS, rb"49\.9", b"{v}"),
        ("geojson", NUMBERS, rb"45\.0", b"{v}"),
    ],
)
def test_boundary_sweep(
    name: str, values: list[str], pattern: bytes, template: bytes, tmp_path: Path
) -> None:
    """Every boundary value in one place: a coded answer, never a crash; impossible dates are refused."""
    import re

    kind = KINDS[name]
    seed = kind.seed()
    for i, value in enumerate(values):
        folder = tmp_path / str(i)
        folder.mkdir()
        data = re.sub(pattern, template.replace(b"{v}", value.encode()), seed, count=1)
        assert data != seed
        path = write_case(kind, data, folder)
        outcome = run_in_process(kind, path)
        assert outcome.failure is None, f"{name} with {value}: {outcome.failure}"
        if value in _OUT_OF_RANGE and name in ("instrument", "events_csv", "events_yaml"):
            assert outcome.exit_code != 0, f"{name} with {value} was accepted"


@pytest.mark.parametrize("name", ["instrument", "events_csv"])
def test_cli_subprocess_sample(name: str, tmp_path: Path) -> None:
    kind = KINDS[name]
    path = write_case(kind, mutate(kind.seed(), random.Random(8), rounds=2), tmp_path)
    outcome = run_subprocess(kind, path)
    assert outcome.failure is None, outcome.failure


_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(max_size=20),
    st.text(max_size=30),
    st.sampled_from(["nato.nat", "", "\x00", "/dev/zero", "/tmp", "nato.nat\n", "../../etc/passwd"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(_VALUES)
def test_api_load_and_check_with_any_value(value: object) -> None:
    """`servanda.load`/`check` answer any value with a result, InstrumentError, or a TypeError naming the types."""
    from servanda.api import InstrumentError, check, load

    for function in (load, check):
        try:
            function(value)  # type: ignore[arg-type]
        except InstrumentError:
            pass
        except TypeError as exc:
            # the typed API names what it accepts (a path/str or bundled id), never a bare internal error
            assert "str" in str(exc) or "path" in str(exc), f"{function.__name__}({value!r}): {exc}"

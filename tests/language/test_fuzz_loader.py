"""Property-based tests: mutated instrument files never crash the loader or checker, and every
diagnostic points inside the file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servanda.language.checker import check
from servanda.language.loader import load_instrument_text

VALID = (Path(__file__).resolve().parent.parent / "diagnostics/fixtures/_valid.yaml").read_text(
    encoding="utf-8"
)
LINES = VALID.splitlines(keepends=True)
NOISE = st.sampled_from(
    [
        "",
        " ",
        "  ",
        ":",
        "- ",
        "&a ",
        "*a",
        "!!str ",
        "{",
        "}",
        "[",
        "]",
        "'",
        '"',
        "#",
        "\t",
        "NO",
        "2025-02-30",
        "24",
        "yes",
        "null",
        "~",
        "$target",
        "UKX",
        "armed_attack",
        "\x00",
        "é",
        "\ufeff",
        "-1",
        "1e309",
        "?",
    ]
)


def assert_sane(text: str | bytes) -> None:
    result = load_instrument_text(text, "fuzz.yaml")
    report = check(result)
    source = result.document.text or ""
    n_lines = max(1, len(source.splitlines()) + 1)
    for diagnostic in report.diagnostics:
        assert diagnostic.code[0] in "EW"
        if diagnostic.span is not None:
            assert 1 <= diagnostic.span.line <= n_lines, diagnostic
            assert diagnostic.span.col >= 1
    if report.instrument is None:
        assert report.errors > 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(LINES) - 1), st.integers(0, 80), NOISE)
def test_inserting_noise_never_crashes(line: int, col: int, noise: str) -> None:
    lines = list(LINES)
    text = lines[line]
    lines[line] = text[:col] + noise + text[col:]
    assert_sane("".join(lines))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, len(LINES) - 1), min_size=1, max_size=4, unique=True))
def test_deleting_lines_never_crashes(drop: list[int]) -> None:
    assert_sane("".join(line for i, line in enumerate(LINES) if i not in drop))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    assert_sane(data)


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    result = load_instrument_text(bomb, "bomb.yaml")
    assert {d.code for d in result.diagnostics} == {"E106"}


def test_deep_nesting_is_reported_not_raised() -> None:
    assert_sane("a: " + "[" * 5000 + "]" * 5000 + "\n")

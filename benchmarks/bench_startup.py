"""Benchmark: start-up time of ``servanda --help`` against ``python -c "import pydantic"``.

Not a unit test (the start-up test in tests/test_cli.py checks which modules load, not time). Both
commands run in the same process environment, best of several repeats, and the ratio is printed: the
CLI should cost little more than importing pydantic, which every command needs anyway.

Run:
    uv run --frozen python benchmarks/bench_startup.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPEATS = 7


def best_of(command: list[str], repeats: int = REPEATS) -> float:
    """Fastest wall time of ``repeats`` runs of ``command`` (output discarded)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    script = Path(sys.executable).parent / "servanda"
    servanda = [str(script)] if script.exists() else [sys.executable, "-m", "servanda.interfaces.cli"]
    commands = {
        "python -c 'import pydantic'": [sys.executable, "-c", "import pydantic"],
        "servanda --help": [*servanda, "--help"],
        "servanda --version": [*servanda, "--version"],
        "servanda library": [*servanda, "library"],
    }
    times = {name: best_of(cmd) for name, cmd in commands.items()}
    base = times["python -c 'import pydantic'"]
    for name, seconds in times.items():
        print(f"{name:32s} {seconds * 1000:8.0f} ms   {seconds / base:5.2f} x pydantic")
    print(f"ratio servanda --help / import pydantic: {times['servanda --help'] / base:.2f}")


if __name__ == "__main__":
    main()

"""Regenerate docs/errors.md and the reference part of docs/format.md from the model and catalogue.

Usage: uv run --frozen python scripts/gen_docs.py
"""

from __future__ import annotations

from pathlib import Path

from servanda.language.docgen import errors_doc, format_doc

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    fixtures = ROOT / "tests" / "diagnostics" / "fixtures"
    golden = ROOT / "tests" / "diagnostics" / "golden"
    (ROOT / "docs" / "errors.md").write_text(errors_doc(fixtures, golden), encoding="utf-8")
    fmt = ROOT / "docs" / "format.md"
    fmt.write_text(format_doc(fmt.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()

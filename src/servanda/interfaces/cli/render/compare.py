"""Render comparisons as Markdown, JSON-ready data or rich tables (moved from analyses/compare/render.py).

Example:
    >>> from servanda.api import load
    >>> from servanda.analyses.compare import compare
    >>> text = markdown([compare(load("anzus@1951"), load("nato.nat@1949"))])
    >>> text.splitlines()[0]
    '# ANZUS compared with NATO Art. 5'
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from servanda.analyses.compare import FORMAT, Comparison
from servanda.analyses.compare.dimensions import Cell

_VERDICT_STYLE = {
    "stronger": "bold green",
    "equivalent": "bold",
    "weaker": "bold red",
    "absent": "bold yellow",
}


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_cell(cell: Cell) -> str:
    cites = "<br>".join(f"↳ {_md(c.short())}" for c in cell.citations)
    return _md(cell.summary) + (f"<br>{cites}" if cites else "")


def _perspective(c: Comparison) -> str:
    g = ", ".join(c.subject.perspective.guarantors) or "—"
    gb = ", ".join(c.baseline.perspective.guarantors) or "—"
    return f"Read for guarantor(s) {g} in `{c.subject.id}` and {gb} in `{c.baseline.id}`."


def markdown(comparisons: list[Comparison]) -> str:
    """Markdown: one section per compared instrument; every cell cites its clauses.

    The verdict rules are in docs/compare.md.
    """
    out: list[str] = []
    for c in comparisons:
        out += [f"# {c.subject.title} compared with {c.baseline.title}", ""]
        if c.subject.illustrative:
            out += ["**Illustrative instrument** — a hypothetical text, not an agreed one.", ""]
        where = f" ({c.subject.file})" if c.subject.file else ""
        out += [
            f"`{c.subject.id}`{where} against `{c.baseline.id}`. {_perspective(c)} "
            "Verdicts follow the rules in docs/compare.md.",
            "",
            f"| Dimension | {_md(c.subject.title)} | {_md(c.baseline.title)} | Verdict |",
            "|---|---|---|---|",
        ]
        for r in c.results:
            out.append(
                f"| {r.dimension.title} | {_md_cell(r.subject)} | {_md_cell(r.baseline)} | **{r.verdict}** |"
            )
        layer = (
            "text and the cited layer of practice (`--text-only` leaves it out)"
            if c.practice
            else "text only (`--practice` adds the cited layer of practice)"
        )
        out += ["", f"Read: {layer}. No tally: the dimensions are not commensurable."]
        if c.summary is not None:
            out += ["", f"Summary: {c.summary.describe()}."]
        out += [""]
    return "\n".join(out).rstrip() + "\n"


def json_data(comparisons: list[Comparison]) -> dict[str, Any]:
    """The ``servanda-compare/1`` JSON document."""
    return {"format": FORMAT, "comparisons": [c.to_json() for c in comparisons]}


def _rich_cell(cell: Cell) -> str:
    cites = "\n".join(f"[dim]↳ {escape(c.short())}[/]" for c in cell.citations)
    return escape(cell.summary) + (f"\n{cites}" if cites else "")


def rich_tables(comparisons: list[Comparison]) -> list[Table]:
    """One rich table per compared instrument."""
    tables = []
    for c in comparisons:
        title = f"{escape(c.subject.title)} vs {escape(c.baseline.title)}"
        if c.subject.illustrative and "illustrative" not in c.subject.title.lower():
            title += " [yellow](illustrative)[/]"
        table = Table(
            title=title, caption=escape(_perspective(c)), header_style="bold", expand=True, show_lines=True
        )
        table.add_column("dimension", ratio=2)
        table.add_column(escape(c.subject.title), ratio=5)
        table.add_column(escape(c.baseline.title), ratio=5)
        table.add_column("verdict", min_width=10, no_wrap=True)
        for r in c.results:
            style = _VERDICT_STYLE[r.verdict]
            table.add_row(
                r.dimension.title, _rich_cell(r.subject), _rich_cell(r.baseline), f"[{style}]{r.verdict}[/]"
            )
        tables.append(table)
    return tables

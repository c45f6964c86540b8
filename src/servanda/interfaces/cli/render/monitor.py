"""Render ``servanda monitor``: a rich table grouped by obligation, and a matplotlib timeline plot.

Example:
    >>> from servanda.services.monitor import monitor
    >>> out = monitor("budapest.memorandum", events=["tests/fixtures/monitor/budapest_events.csv"])
    >>> monitor_table(out).title.startswith("monitor budapest.memorandum")
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from servanda.interfaces.cli.output import console as default_console
from servanda.services.monitor import MonitorResult

STYLE = {
    "pending": "yellow",
    "honoured": "green",
    "breached": "bold red",
    "disputed": "magenta",
    "suspended": "dim",
    "standing": "dim",
}


def _ids(ids: list[str], total: int | None = None, shown: int = 3) -> str:
    total = len(ids) if total is None else total
    text = ", ".join(ids[:shown])
    return text + (f" … (+{total - min(shown, len(ids))})" if total > shown else "")


def monitor_table(result: MonitorResult) -> Table:
    """One row per activation and bearer, grouped by obligation (a separator between obligations)."""
    lc = result.lifecycle
    title = f"monitor {result.target}: {lc.start or 'first event'} → {lc.end}"
    if result.counterfactual:
        title += " [COUNTERFACTUAL]"
    table = Table(title=escape(title), header_style="bold", show_lines=False)
    for column in ("obligation", "bearer", "triggered", "due", "state", "rule", "evidence", "why"):
        table.add_column(column, overflow="fold")
    previous = None
    for row in sorted(lc.rows, key=lambda r: (r.instrument, r.clause, r.obligation)):
        key = (row.instrument, row.obligation)
        if previous is not None and key != previous:
            table.add_section()
        name = (
            f"{row.obligation}\n[dim]{row.instrument} {row.clause} · {row.action}[/]"
            if key != previous
            else ""
        )
        previous = key
        evidence = _ids(row.breach_evidence, row.breach_count) if row.breach_count else _ids(row.evidence)
        why = row.reason + (f"; sets off {', '.join(row.consequences)}" if row.consequences else "")
        table.add_row(
            name,
            row.bearer,
            str(row.triggered_on or "")
            if row.kind == "triggered"
            else (f"standing from {row.triggered_on}" if row.triggered_on else "standing"),
            row.due.isoformat(timespec="minutes") if row.due else "",
            f"[{STYLE.get(row.state, '')}]{row.state}[/]",
            row.rule,
            escape(evidence),
            escape(why),
        )
    return table


def print_monitor(result: MonitorResult, target: Console | None = None) -> None:
    """The ingest reports, the lifecycle table, consequences, counts and the counterfactual label."""
    out = target or default_console
    note = result.counterfactual_note
    if note:
        out.print(f"[bold magenta]{escape(note)}[/]")
    for report in result.ingest:
        for line in report.lines():
            out.print(escape(line))
    if result.store:
        known = f" as known on {result.as_of_data}" if result.as_of_data else ""
        out.print(f"event store {escape(result.store)}{known}: {result.events.height} events")
    if result.compliance is not None:
        load = result.compliance
        out.print(
            f"compliance {escape(load.file)}: {load.read} records read, {load.accepted} accepted, "
            f"{load.rejected} rejected"
        )
    out.print(monitor_table(result))
    for c in result.lifecycle.consequences:
        answers = f" (answers {', '.join(c.breaches)})" if c.breaches else ""
        out.print(
            f"[bold]consequence[/] {escape(c.enforcement)} ({c.mechanism}) by {', '.join(c.by)} against "
            f"{', '.join(c.against)}: set off on {c.on} by `{c.trigger}`{escape(answers)}; evidence "
            f"{escape(_ids(c.evidence))}"
        )
    counts = ", ".join(f"{state} {n}" for state, n in sorted(result.counts().items()))
    out.print(
        f"{len(result.rows)} activation(s): {counts or 'none'}; {result.lifecycle.events_considered} events considered"
    )
    if note:
        out.print(f"[bold magenta]{escape(note)}[/]")


def plot_timeline(result: MonitorResult, path: Path) -> None:
    """A timeline (PNG or SVG by suffix): events, triggers, deadlines, actions and breaches per obligation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in result.rows if r.state not in ("standing",)]
    lanes: dict[str, list[Any]] = {}
    for r in rows:
        lanes.setdefault(f"{r.obligation} / {r.bearer}", []).append(r)
    names = list(lanes)
    fig, ax = plt.subplots(figsize=(11, 1.8 + 0.35 * (len(names) + 1)))
    dates = result.events["date"].to_list() if result.events.height else []
    if dates:
        ax.scatter(dates, [len(names)] * len(dates), marker="|", color="grey", s=40, label="events")
    records = {r.id: r for r in (result.compliance.records if result.compliance else [])}
    labelled: set[str] = set()

    def mark(x: Any, y: int, marker: str, color: str, label: str) -> None:
        ax.scatter(
            [x], [y], marker=marker, color=color, s=50, label=None if label in labelled else label, zorder=3
        )
        labelled.add(label)

    for y, name in enumerate(names):
        for r in lanes[name]:
            if r.kind == "triggered" and r.triggered_on:
                mark(r.triggered_on, y, "o", "tab:blue", "trigger")
            if r.due:
                mark(r.due, y, "x", "black", "deadline")
            if r.first_breach or (r.state == "breached" and r.state_from):
                mark(r.first_breach or r.state_from, y, "X", "tab:red", "breach")
            for rid in r.records:
                if rid in records:
                    mark(records[rid].date, y, "^", "tab:green", "action")
    ax.set_yticks(range(len(names) + 1), [*names, "events"])
    title = f"servanda monitor {result.target}"
    if result.counterfactual_note:
        title += "\n" + result.counterfactual_note
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    if labelled or dates:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=7, ncols=5, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)

"""Read a YAML file into plain data while remembering where every value came from.

Safer and stricter than ``yaml.safe_load``:

* read through :mod:`servanda.io.reader`: regular files only, UTF-8 only (a BOM is accepted;
  UTF-16/UTF-32 is named), 2 MiB at most, nesting checked in linear time before parsing;
* no anchors, aliases or explicit tags (no alias bombs, no object construction);
* duplicate keys are errors, keys are strings;
* scalars follow the YAML 1.2 core schema, so ``NO`` (Norway) stays a string and only
  ``true``/``false`` are booleans; ``YYYY-MM-DD`` becomes a date when the date exists and
  stays text otherwise (the model then reports it as impossible).

Example:
    >>> doc = parse_text("a:\\n  b: [1, NO]\\n", "x.yaml")
    >>> doc.data, doc.span_of(("a", "b", 1)).line
    ({'a': {'b': [1, 'NO']}}, 2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from servanda.diagnostics import Diagnostic, Span
from servanda.io.reader import MAX_BYTES as _CAPS
from servanda.io.reader import MAX_DEPTH, encoding_problem, nesting_problem, read_bytes

MAX_BYTES = _CAPS["instrument"]
PathKey = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SAFE_TAGS = {None, "!", "tag:yaml.org,2002:str"}


@dataclass
class SourceDocument:
    """Parsed data plus positions. ``data`` is None when the file could not be read."""

    file: str
    text: str | None
    data: Any = None
    spans: dict[PathKey, Span] = field(default_factory=dict)
    key_spans: dict[PathKey, Span] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def span_of(self, path: PathKey) -> Span | None:
        """Span of the value at ``path``, or of the nearest enclosing value."""
        for cut in range(len(path), -1, -1):
            span = self.spans.get(tuple(path[:cut]))
            if span is not None:
                return span
        return None

    def key_span_of(self, path: PathKey) -> Span | None:
        """Span of the key whose value is at ``path`` (falls back to the value's span)."""
        return self.key_spans.get(tuple(path)) or self.span_of(path)


def _span(node: yaml.Node | yaml.Event | yaml.MarkedYAMLError) -> Span:
    start = getattr(node, "start_mark", None) or getattr(node, "problem_mark", None)
    end = getattr(node, "end_mark", None) or start
    if start is None:
        return Span(1, 1, 1, 2)
    end_line, end_col = (
        (end.line + 1, end.column + 1) if end is not None else (start.line + 1, start.column + 2)
    )
    if (end_line, end_col) <= (start.line + 1, start.column + 1):
        end_line, end_col = start.line + 1, start.column + 2
    return Span(start.line + 1, start.column + 1, end_line, end_col)


def read_source(path: Path, kind: str = "instrument") -> SourceDocument:
    """Read and parse ``path`` (a ``kind`` of file, for its size cap); problems become diagnostics."""
    result = read_bytes(path, kind)
    if result.raw is None:
        return SourceDocument(result.file, None, diagnostics=result.diagnostics)
    return parse_bytes(result.raw, result.file)


def parse_bytes(raw: bytes, file: str) -> SourceDocument:
    """Decode (UTF-8 only) and parse ``raw``."""
    if len(raw) > MAX_BYTES:
        return SourceDocument(
            file,
            None,
            diagnostics=[
                Diagnostic(
                    "E103", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}", file, Span(1, 1, 1, 2)
                )
            ],
        )
    problem = encoding_problem(raw, file)
    if problem is not None:
        return SourceDocument(file, raw.decode("utf-8", errors="replace"), diagnostics=[problem])
    return parse_text(raw.decode("utf-8-sig"), file)


def parse_text(text: str, file: str) -> SourceDocument:
    """Parse YAML text into data with positions (nesting is checked first, in linear time)."""
    doc = SourceDocument(file, text)
    deep = nesting_problem(text, file, limit=MAX_DEPTH)
    if deep is not None:
        doc.diagnostics.append(deep)
        return doc
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                doc.diagnostics.append(
                    Diagnostic(
                        "E106",
                        f"alias `*{event.anchor}` is not allowed",
                        file,
                        _span(event),
                        hint="write the content out in full",
                    )
                )
            elif anchor := getattr(event, "anchor", None):
                doc.diagnostics.append(
                    Diagnostic(
                        "E106",
                        f"anchor `&{anchor}` is not allowed",
                        file,
                        _span(event),
                        hint="remove the anchor",
                    )
                )
            tag = getattr(event, "tag", None)
            if (
                isinstance(event, yaml.NodeEvent)
                and tag not in _SAFE_TAGS
                and not (isinstance(event, yaml.CollectionStartEvent) and getattr(event, "implicit", False))
            ):
                doc.diagnostics.append(
                    Diagnostic(
                        "E107",
                        f"tag `{tag}` is not allowed",
                        file,
                        _span(event),
                        hint="remove the tag; quote the value for a string",
                    )
                )
        if doc.diagnostics:
            return doc
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        doc.diagnostics.append(Diagnostic("E104", f"{problem}{context}", file, _span(exc)))
        return doc
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        doc.diagnostics.append(
            Diagnostic(
                "E104",
                f"control character {char} is not allowed in YAML",
                file,
                Span(line, col, line, col + 1),
                hint="remove the character (files must be plain UTF-8 text)",
            )
        )
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        doc.diagnostics.append(Diagnostic("E104", str(exc).split("\n")[0], file, Span(1, 1, 1, 2)))
        return doc
    except RecursionError:
        doc.diagnostics.append(Diagnostic("E104", "nesting too deep", file, Span(1, 1, 1, 2)))
        return doc
    if len(nodes) != 1 or not isinstance(nodes[0], yaml.MappingNode):
        what = (
            "no document" if not nodes else f"{len(nodes)} documents" if len(nodes) > 1 else "not a mapping"
        )
        span = _span(nodes[1]) if len(nodes) > 1 else (_span(nodes[0]) if nodes else Span(1, 1, 1, 2))
        doc.diagnostics.append(Diagnostic("E108", f"expected one mapping document, found {what}", file, span))
        return doc
    try:
        doc.data = _convert(nodes[0], (), doc)
    except RecursionError:
        doc.diagnostics.append(Diagnostic("E104", "nesting too deep", file, Span(1, 1, 1, 2)))
        doc.data = None
    return doc


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style is not None and node.style in "'\"|>":
        return value
    if node.tag == "tag:yaml.org,2002:str":
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    match = _DATE.match(value)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return value
    return value


def _convert(node: yaml.Node, path: PathKey, doc: SourceDocument) -> Any:
    doc.spans[path] = _span(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.MappingNode)
    out: dict[str, Any] = {}
    seen: dict[str, Span] = {}
    for key_node, value_node in node.value:
        key_span = _span(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            doc.diagnostics.append(
                Diagnostic("E203", "a key must be text, not a list or mapping", doc.file, key_span)
            )
            continue
        key = key_node.value
        if key in seen:
            first = seen[key]
            doc.diagnostics.append(
                Diagnostic(
                    "E105",
                    f"duplicate key `{key}` (first at line {first.line})",
                    doc.file,
                    key_span,
                    hint=f"remove one of the two `{key}` keys",
                )
            )
            continue
        seen[key] = key_span
        doc.key_spans[(*path, key)] = key_span
        out[key] = _convert(value_node, (*path, key), doc)
    return out

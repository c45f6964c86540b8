"""Load an instrument file: YAML with positions → validated :class:`Instrument`, or diagnostics.

Example:
    >>> from servanda.language.loader import load_instrument
    >>> result = load_instrument("no/such/file.yaml")
    >>> result.ok, result.diagnostics[0].code
    (False, 'E101')
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from servanda.diagnostics import Diagnostic, Span
from servanda.io.yaml_source import PathKey, SourceDocument, parse_bytes, read_source
from servanda.model.codes import suggest
from servanda.model.instrument import (
    CLAUSE_ELEMENT_KINDS,
    FORMAT_VERSION,
    PREDICATE_TYPES,
    Instrument,
    Predicate,
    PredicateKeys,
)

_TYPE_CODES = {
    "extra_forbidden": "E201",
    "missing": "E202",
    "enum": "E204",
    "literal_error": "E204",
    "selector": "E204",
    "event_class": "E204",
    "currency_code": "E204",
    "string_pattern_mismatch": "E207",
    "country_code": "E206",
    "duration_without_unit": "E209",
    "greater_than": "E210",
    "duration_too_long": "E210",
    "zero_duration": "E210",
    "window_days": "E210",
    "greater_than_equal": "E210",
    "less_than_equal": "E210",
    "too_short": "E210",
    "too_long": "E210",
    "string_too_short": "E210",
    "string_too_long": "E210",
    "predicate_shape": "E211",
    "trigger_shape": "E211",
    "geometry_shape": "E211",
    "activation_shape": "E211",
    "illustrative_note": "E211",
    "date_order": "E211",
    "date_out_of_range": "E210",
    "date_parsing": "E205",
    "date_from_datetime_parsing": "E205",
    "date_from_datetime_inexact": "E205",
}


@dataclass
class LoadResult:
    """The outcome of loading one file."""

    file: str
    document: SourceDocument
    instrument: Instrument | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when an instrument was built (warnings may remain)."""
        return self.instrument is not None

    @property
    def base_dir(self) -> Path:
        """Folder that relative paths in the file (geometries) are resolved against."""
        return Path(self.file).parent


def load_instrument(path: str | Path) -> LoadResult:
    """Read, parse and validate an instrument file. Never raises for bad input."""
    document = read_source(Path(path))
    return _validate(document)


def load_instrument_text(text: str | bytes, file: str = "<string>") -> LoadResult:
    """Like :func:`load_instrument` for text already in memory."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return _validate(parse_bytes(raw, file))


def _validate(document: SourceDocument) -> LoadResult:
    result = LoadResult(document.file, document, diagnostics=list(document.diagnostics))
    if document.data is None or (
        result.diagnostics and any(d.code in {"E104", "E106", "E107"} for d in result.diagnostics)
    ):
        return result
    data = document.data
    version = data.get("format")
    if version != FORMAT_VERSION:
        span = document.span_of(("format",)) if "format" in data else Span(1, 1, 1, 2)
        shown = "no `format` key" if version is None else f"format `{version}`"
        hint = f"write `format: {FORMAT_VERSION}`"
        other = {
            "servanda-package/1": "this is a package: run `servanda package` on its folder",
            "servanda-test/1": "this is a scenario test: pytest runs it",
            "servanda-scenario/1": "this is an events file: pass it to `servanda evaluate --events`",
            "servanda-stances/1": "this is a stances file: pass it to `servanda ratify --stances`",
        }
        if isinstance(version, str) and version in other:
            hint = other[version]
        result.diagnostics.append(
            Diagnostic(
                "E109",
                f"{shown}; this servanda reads `{FORMAT_VERSION}`",
                document.file,
                span,
                hint=hint,
            )
        )
        return result
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as exc:
        result.diagnostics.extend(validation_diagnostics(exc.errors(), document))
        return result
    if not any(d.severity == "error" for d in result.diagnostics):
        result.instrument = instrument
    return result


# --------------------------------------------------------------------------- error translation


def _clean_path(loc: tuple[int | str, ...], data: Any) -> tuple[PathKey, bool]:
    """Keep the loc elements that exist in the data; report whether a union tag was dropped."""
    path: list[str | int] = []
    current = data
    dropped = False
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part] if isinstance(current, dict) else current[int(part)]
        elif part == "[key]":
            continue
        else:
            if isinstance(current, dict | list) and not isinstance(part, int) and not _is_union_tag(part):
                path.append(part)  # a missing key or an extra key at this level
                current = None
            elif part not in _PREDICATE_TAGS:  # a predicate's tag is its only branch, not an alternative
                dropped = True
    return tuple(path), dropped


def _is_union_tag(part: str) -> bool:
    """Pydantic names union branches by type (`Duration`, `literal[...]`, `bool`); file keys are snake_case."""
    return part[:1].isupper() or part.startswith(("literal[", "function-")) or part in _TYPE_TAGS


_TYPE_TAGS = {"bool", "str", "int", "float", "date", "list", "dict", "none"}
_PREDICATE_TAGS = {kind.__name__ for kind in PREDICATE_TYPES} | {PredicateKeys.__name__}


def _model_at(path: PathKey, root: type[BaseModel] = Instrument) -> type[BaseModel] | None:
    """The model class whose fields are allowed at ``path`` (a mapping in the file)."""
    current: Any = root
    for part in path:
        model = _as_model(current)
        if model is not None and isinstance(part, str):
            fields = {f.alias or n: f for n, f in model.model_fields.items()}
            if part not in fields:
                return None
            current = fields[part].annotation
            continue
        current = _element_type(current)
    return _as_model(current)


def _element_type(annotation: Any) -> Any:
    for arg in typing.get_args(annotation):
        if _as_model(arg) is not None:
            return arg
        inner = _element_type(arg)
        if inner is not None:
            return inner
    return None


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if annotation == Predicate:
        return PredicateKeys  # the tagged union's keys, all of them
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            model = _as_model(arg)
            if model is not None:
                return model
    return None


def breadcrumb(data: Any, path: PathKey) -> str | None:
    """Human path to the element at ``path``: ``Article 5 (art_5) › obligation `assist```."""
    if not isinstance(data, dict):
        return None
    parts: list[str] = []
    if len(path) >= 2 and path[0] == "clauses" and isinstance(path[1], int):
        clauses = data.get("clauses")
        if isinstance(clauses, list) and path[1] < len(clauses) and isinstance(clauses[path[1]], dict):
            clause = clauses[path[1]]
            label = clause.get("label") or f"clause {path[1] + 1}"
            parts.append(f"{label} ({clause.get('id', '?')})")
            if len(path) >= 4 and isinstance(path[3], int):
                group = clause.get(path[2])
                kind = CLAUSE_ELEMENT_KINDS.get(str(path[2]), str(path[2]))
                if isinstance(group, list) and path[3] < len(group) and isinstance(group[path[3]], dict):
                    parts.append(f"{kind} `{group[path[3]].get('id', path[3])}`")
    elif path:
        parts.append(
            "".join(
                f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path)
            )
        )
    return " › ".join(parts) or None


def validation_diagnostics(
    errors: Iterable[Any], document: SourceDocument, root: type[BaseModel] = Instrument
) -> list[Diagnostic]:
    """Pydantic validation errors as located, coded diagnostics (E2xx), for any file whose top is ``root``."""
    out: list[Diagnostic] = []
    seen: set[tuple[PathKey, str]] = set()
    for error in errors:
        path, dropped = _clean_path(tuple(error["loc"]), document.data)
        kind = str(error["type"])
        if kind == "predicate_type":
            kind = "model_type"  # a predicate that is not a mapping reads like any other model
        if dropped and kind == "literal_error":
            continue  # the other branch of a union explains the problem better
        if (kind.endswith("_parsing") and kind.startswith("date")) or kind == "date_type":
            value = error.get("input")
            code = "E205" if isinstance(value, str) else "E203"
        else:
            code = _TYPE_CODES.get(kind, "E203")
        if path == ("format",) and root is Instrument:
            code = "E109"
        diagnostic = _diagnostic(code, kind, error, path, document, root)
        key = (path, diagnostic.code)
        if key in seen:
            continue
        seen.add(key)
        out.append(diagnostic)
    return out


def _diagnostic(
    code: str, kind: str, error: Any, path: PathKey, document: SourceDocument, root: type[BaseModel]
) -> Diagnostic:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    crumb = breadcrumb(document.data, path)
    hint: str | None = None
    name = str(path[-1]) if path else "document"
    if code == "E201":
        allowed = _allowed_keys(path[:-1], root)
        close = suggest(name, allowed) if allowed else []
        message = f"unknown key `{name}`"
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else (f"allowed keys: {', '.join(sorted(allowed))}" if allowed else None)
        )
        return Diagnostic(code, message, document.file, document.key_span_of(path), crumb, hint)
    if code == "E202":
        parent = path[:-1]
        span = document.key_span_of(parent) if parent else Span(1, 1, 1, 2)
        return Diagnostic(
            code,
            f"missing key `{name}`",
            document.file,
            span,
            crumb,
            f"add `{name}:` here (see docs/format.md)",
        )
    span = document.span_of(path)
    if code == "E204":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in str(expected).replace(" or ", ",").split(",") if o.strip()]
        suggestion = ctx.get("suggestion") or (
            suggest(str(value), options)[0] if options and suggest(str(value), options) else ""
        )
        message = f"`{value}` is not allowed for `{name}`"
        if kind in ("selector", "currency_code", "event_class"):
            message = error["msg"]
        hint = (
            f"did you mean `{suggestion}`?" if suggestion else (f"expected {expected}" if expected else None)
        )
        return Diagnostic(code, message, document.file, span, crumb, hint)
    if code == "E206":
        suggestion = ctx.get("suggestion")
        hint = (
            f"did you mean `{suggestion}`?" if suggestion else "use an ISO 3166-1 alpha-3 code such as `UKR`"
        )
        return Diagnostic(code, error["msg"], document.file, span, crumb, hint)
    if code == "E205":
        return Diagnostic(
            code,
            f"`{value}` is not a valid date",
            document.file,
            span,
            crumb,
            "write an existing date as YYYY-MM-DD",
        )
    if code == "E207":
        pattern = ctx.get("pattern", "")
        example = "`nato.nat@1949`" if "@" in pattern else "`art_5__para_1`"
        return Diagnostic(
            code,
            f"`{value}` is not a valid id for `{name}`",
            document.file,
            span,
            crumb,
            f"ids look like {example}",
        )
    if code == "E109":
        return Diagnostic(
            code,
            f"format `{value}` is not supported",
            document.file,
            span,
            crumb,
            f"write `format: {FORMAT_VERSION}`",
        )
    if code == "E210":
        return Diagnostic(
            code,
            f"`{name}`: {error['msg'].lower()}",
            document.file,
            span,
            crumb,
            "use a value within the range stated",
        )
    if code == "E209":
        return Diagnostic(code, error["msg"], document.file, span, crumb, "write the unit, e.g. `24 hours`")
    if code == "E211":
        return Diagnostic(code, error["msg"].removeprefix("Value error, "), document.file, span, crumb)
    expected_type = kind.removesuffix("_type").replace("_", " ")
    return Diagnostic(
        "E203",
        f"`{name}`: {error['msg'].lower()} (got {type(value).__name__})"
        if kind.endswith("_type") or kind.startswith("model")
        else f"`{name}`: {error['msg']}",
        document.file,
        span,
        crumb,
        f"write a {expected_type}" if kind.endswith("_type") else None,
    )


def _allowed_keys(path: PathKey, root: type[BaseModel]) -> list[str]:
    model = _model_at(path, root)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]

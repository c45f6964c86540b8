"""Read a user file safely: regular files only, a size cap before parsing, UTF-8, bounded nesting.

Every problem is a coded diagnostic (E101 cannot read, E102 not UTF-8, E103 too large,
E104 nesting too deep), never an exception, a hang or a parser recursion.

* ``stat`` is checked before opening: a folder, FIFO, socket or device (``/dev/zero``) is refused;
  the file is opened with ``O_NONBLOCK`` and re-checked with ``fstat``, so a FIFO swapped in
  between cannot hang the reader;
* at most ``cap + 1`` bytes are read, so an oversized file costs nothing to refuse;
* a UTF-16/UTF-32 byte-order mark or NUL-byte pattern is named; cp1252-looking bytes get a hint;
* nesting (flow brackets and YAML indentation) is measured in one linear pass before any
  recursive parser sees the text.

Example:
    >>> nesting_problem("[" * 100 + "]" * 100, "x.json", json_syntax=True).message
    'nesting deeper than 64 levels (line 1, column 65)'
    >>> nesting_problem("a:\\n  b: [1, 2]\\n", "x.yaml") is None
    True
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from servanda.diagnostics import Diagnostic, ServandaError, Span

Kind = Literal[
    "instrument",
    "package",
    "scenario",
    "stance",
    "jurisdiction",
    "events_yaml",
    "events",
    "events_csv",
    "geojson",
]

MiB = 1024 * 1024
#: Size cap per kind of file (bytes). Documented in docs/format.md#input-limits.
MAX_BYTES: dict[str, int] = {
    "instrument": 2 * MiB,
    "package": 2 * MiB,
    "scenario": 2 * MiB,
    "stance": 2 * MiB,
    "jurisdiction": 2 * MiB,
    "events_yaml": 2 * MiB,
    "events": 256 * MiB,
    "events_csv": 2048 * MiB,
    "geojson": 64 * MiB,
}
#: Deepest nesting of lists/mappings accepted in any YAML or JSON file.
MAX_DEPTH = 64


@dataclass
class ReadResult:
    """Bytes (and text once decoded) of one file, or the diagnostics that explain why not."""

    file: str
    raw: bytes | None = None
    text: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the content was read (and decoded, if asked)."""
        return not self.diagnostics


def _whole(file: str) -> Span:
    return Span(1, 1, 1, 2)


def file_problem(path: Path) -> Diagnostic | None:
    """Why ``path`` is not a regular readable file (E101), or None."""
    file = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Diagnostic("E101", f"no such file `{file}`", file)
    except OSError as exc:
        return Diagnostic("E101", f"cannot read `{file}`: {exc.strerror or exc}", file)
    except ValueError:
        return Diagnostic("E101", f"`{file!r}` is not a usable path (it contains a NUL character)", file)
    if stat.S_ISDIR(info.st_mode):
        return Diagnostic("E101", f"`{file}` is a folder, not a file", file, hint="give the path of a file")
    if not stat.S_ISREG(info.st_mode):
        what = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        return Diagnostic(
            "E101",
            f"`{file}` is {what}; only regular files are read",
            file,
            hint="copy the content into a regular file first",
        )
    return None


def _too_large(file: str, size: int | str, cap: int, kind: str) -> Diagnostic:
    hint = {
        "events": "large event sets belong in CSV, which is streamed (up to 2 GiB)",
        "geojson": "simplify the geometry (e.g. `mapshaper -simplify 10%`) or split it",
    }.get(kind, "split the file, or move bulky material into separate files")
    shown = f"{size:,} bytes" if isinstance(size, int) else size
    return Diagnostic("E103", f"file is {shown}; the limit is {cap:,}", file, _whole(file), hint=hint)


def read_bytes(path: str | Path, kind: str = "instrument", max_bytes: int | None = None) -> ReadResult:
    """The bytes of a regular file of at most the cap for ``kind`` (or ``max_bytes``)."""
    path = Path(path)
    file = str(path)
    cap = max_bytes if max_bytes is not None else MAX_BYTES.get(kind, 2 * MiB)
    problem = file_problem(path)
    if problem is not None:
        return ReadResult(file, diagnostics=[problem])
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return ReadResult(
            file, diagnostics=[Diagnostic("E101", f"cannot read `{file}`: {exc.strerror}", file)]
        )
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return ReadResult(file, diagnostics=[Diagnostic("E101", f"`{file}` is not a regular file", file)])
        if info.st_size > cap:
            return ReadResult(file, diagnostics=[_too_large(file, info.st_size, cap, kind)])
        chunks: list[bytes] = []
        remaining = cap + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        return ReadResult(
            file, diagnostics=[Diagnostic("E101", f"cannot read `{file}`: {exc.strerror}", file)]
        )
    finally:
        os.close(fd)
    if len(raw) > cap:
        return ReadResult(file, diagnostics=[_too_large(file, f"more than {cap:,} bytes", cap, kind)])
    return ReadResult(file, raw=raw)


def too_large(file: str, size: int | str, cap: int, kind: str) -> Diagnostic:
    """E103 for a file of ``size`` bytes over the ``cap`` of ``kind`` (with the kind's hint)."""
    return _too_large(file, size, cap, kind)


def head_bytes(path: str | Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a regular file (b"" if it is not one or cannot be read); never blocks."""
    if file_problem(Path(path)) is not None:
        return b""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


def read_head(path: str | Path, size: int = 4096) -> str:
    """The first ``size`` bytes of a regular file as text (for format sniffing); "" if unreadable.

    Never blocks on a FIFO or device and never reads a large file whole.
    """
    if file_problem(Path(path)) is not None:
        return ""
    result = read_bytes(path, max_bytes=size, kind="head")
    raw = result.raw
    if raw is None:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return ""
        try:
            raw = os.read(fd, size)
        except OSError:
            return ""
        finally:
            os.close(fd)
    return raw.decode("utf-8", errors="replace")


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian) byte-order mark"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian) byte-order mark"),
    (b"\xfe\xff", "UTF-16 (big-endian) byte-order mark"),
    (b"\xff\xfe", "UTF-16 (little-endian) byte-order mark"),
)


def encoding_problem(raw: bytes, file: str) -> Diagnostic | None:
    """Why ``raw`` is not UTF-8 text (E102), naming UTF-16/UTF-32 and NUL bytes; None if it is."""
    hint = "re-save the file as UTF-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return Diagnostic(
                "E102", f"the file starts with a {name}: it is not UTF-8", file, Span(1, 1, 1, 2), hint=hint
            )
    head = raw[:4096]
    if b"\x00" in head:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        if odd > len(head) // 4 and even < odd // 4:
            message = "the file looks like UTF-16 (little-endian, no byte-order mark): it is not UTF-8"
        elif even > len(head) // 4 and odd < even // 4:
            message = "the file looks like UTF-16 (big-endian, no byte-order mark): it is not UTF-8"
        else:
            offset = raw.index(b"\x00")
            message = f"NUL byte (0x00) at offset {offset}: this is a binary file, not UTF-8 text"
        return Diagnostic("E102", message, file, Span(1, 1, 1, 2), hint=hint)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        try:
            raw[: exc.start + 4096].decode("cp1252")
            hint = "re-save the file as UTF-8 (it looks like Windows-1252: `iconv -f cp1252 -t utf-8`)"
        except UnicodeDecodeError:
            pass
        return Diagnostic(
            "E102",
            f"byte 0x{byte:02x} at offset {exc.start} is not valid UTF-8",
            file,
            Span(line, col, line, col + 1),
            hint=hint,
        )
    return None


def decode(raw: bytes, file: str) -> ReadResult:
    """UTF-8 text of ``raw`` (a UTF-8 BOM is dropped), or E102."""
    problem = encoding_problem(raw, file)
    if problem is not None:
        return ReadResult(file, raw=raw, diagnostics=[problem])
    return ReadResult(file, raw=raw, text=raw.decode("utf-8-sig"))


def read_text(path: str | Path, kind: str = "instrument", max_bytes: int | None = None) -> ReadResult:
    """Bytes read safely (:func:`read_bytes`) and decoded as UTF-8 (:func:`decode`)."""
    result = read_bytes(path, kind, max_bytes)
    if result.raw is None:
        return result
    return decode(result.raw, result.file)


def _deep(file: str, line: int, col: int, limit: int) -> Diagnostic:
    return Diagnostic(
        "E104",
        f"nesting deeper than {limit} levels (line {line}, column {col})",
        file,
        Span(line, col, line, col + 1),
        hint="flatten the structure; no servanda file needs this much nesting",
    )


def nesting_problem(
    text: str, file: str, *, json_syntax: bool = False, limit: int = MAX_DEPTH
) -> Diagnostic | None:
    """E104 when lists/mappings nest deeper than ``limit``; one linear pass, no recursion.

    Flow brackets are counted outside quoted strings (and YAML comments); for YAML, block
    indentation levels and ``- `` sequence markers count as well.
    """
    depth = 0
    line = 1
    line_start = 0
    indents: list[int] = []
    i = 0
    n = len(text)
    at_line_start = True
    while i < n:
        ch = text[i]
        if at_line_start and not json_syntax and depth == 0:
            at_line_start = False
            j = i
            while j < n and text[j] == " ":
                j += 1
            if j < n and text[j] not in "\n\r#":
                indent = j - i
                while indents and indents[-1] > indent:
                    indents.pop()
                if not indents or indents[-1] < indent:
                    indents.append(indent)
                dashes = 0
                k = j
                while k + 1 < n and text[k] == "-" and text[k + 1] in " \t":
                    dashes += 1
                    k += 2
                    while k < n and text[k] == " ":
                        k += 1
                if len(indents) + dashes > limit:
                    return _deep(file, line, j - line_start + 1, limit)
        at_line_start = False
        if ch == "\n":
            line += 1
            line_start = i + 1
            at_line_start = True
        elif ch in "[{":
            depth += 1
            if depth + len(indents) > limit:
                return _deep(file, line, i - line_start + 1, limit)
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    i += 1
                elif text[i] == "\n":
                    line += 1
                    line_start = i + 1
                i += 1
        elif ch == "'" and not json_syntax and (i == 0 or text[i - 1] in " \t[{,:-\n"):
            i += 1
            while i < n and text[i] != "'":
                if text[i] == "\n":
                    line += 1
                    line_start = i + 1
                i += 1
        elif ch == "#" and not json_syntax and (i == 0 or text[i - 1] in " \t\n"):
            while i + 1 < n and text[i + 1] != "\n":
                i += 1
        i += 1
    return None


class _Refused(ServandaError):
    """A JSON constant (NaN, Infinity) refused while parsing; caught at once by :func:`parse_json`."""


def _no_constant(name: str) -> Any:
    raise _Refused.one(
        "E104", f"`{name}` is not a number in JSON (write a finite number, not NaN or infinity)"
    )


def parse_json(text: str, file: str, limit: int = MAX_DEPTH) -> tuple[Any, Diagnostic | None]:
    """Parse JSON text after the nesting check; NaN/Infinity refused; never raises.

    >>> parse_json('{"a": [1, 2]}', "x.json")
    ({'a': [1, 2]}, None)
    >>> parse_json('[NaN]', "x.json")[1].message
    '`NaN` is not a number in JSON (write a finite number, not NaN or infinity)'
    """
    deep = nesting_problem(text, file, json_syntax=True, limit=limit)
    if deep is not None:
        return None, deep
    try:
        return json.loads(text, parse_constant=_no_constant), None
    except _Refused as exc:
        return None, Diagnostic("E104", exc.diagnostics[0].message, file, Span(1, 1, 1, 2))
    except json.JSONDecodeError as exc:
        return None, Diagnostic(
            "E104",
            f"not valid JSON: {exc.msg}",
            file,
            Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1),
        )
    except (RecursionError, ValueError) as exc:  # pragma: no cover - nesting is checked first
        return None, Diagnostic("E104", f"not valid JSON: {exc}", file, Span(1, 1, 1, 2))


def read_json(path: str | Path, kind: str = "events") -> tuple[Any, ReadResult]:
    """Read and parse a JSON file through every check; data is None when a diagnostic explains why."""
    result = read_text(path, kind)
    if result.text is None:
        return None, result
    data, problem = parse_json(result.text, result.file)
    if problem is not None:
        result.diagnostics.append(problem)
    return data, result


def is_finite_number(value: Any) -> bool:
    """True for an int or a finite float (not bool).

    >>> is_finite_number(1.5), is_finite_number(float("nan")), is_finite_number(True)
    (True, False, False)
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)

"""The catalogue, docs/errors.md, the analyses' code tables and the codes raised in src agree.

Modelled on pydantic's ``tests/test_docs.py::test_error_codes``: a code raised anywhere in ``src`` must be in
the one static catalogue and documented; every catalogue code must be raised somewhere (or be listed in
``RESERVED`` with the reason); each analysis page ends with a table of exactly its codes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servanda.diagnostics import CATALOGUE, RESERVED, Diagnostic, ServandaError, render

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "servanda"
CODE = re.compile(r"""["']([EWRDCPV]\d{3})["']""")
CATALOGUE_FILE = SRC / "diagnostics" / "catalogue.py"

#: Analysis page -> code prefix of the table at its end.
PAGES = {"ratification.md": "R", "durability.md": "D", "credibility.md": "C", "packages.md": "P"}


def codes_used_in_src() -> dict[str, set[str]]:
    """Code literals in the source (outside the catalogue itself), with the files that use them."""
    used: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if path == CATALOGUE_FILE:
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_code_used_in_src_is_in_the_catalogue() -> None:
    unknown = {code: files for code, files in codes_used_in_src().items() if code not in CATALOGUE}
    assert not unknown, f"codes used in src but missing from servanda/diagnostics/catalogue.py: {unknown}"


def test_every_catalogue_code_is_used_or_reserved() -> None:
    used = codes_used_in_src()
    unused = sorted(c for c in CATALOGUE if c not in used and c not in RESERVED)
    assert not unused, f"catalogue codes raised nowhere in src (use them, or add them to RESERVED): {unused}"
    assert set(RESERVED) <= set(CATALOGUE)
    assert all(reason.strip() for reason in RESERVED.values())


def test_docs_errors_documents_every_code() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for code, info in CATALOGUE.items():
        assert f"## {code}" in doc, code
        assert f"| [{code}](#{code.lower()}) | {info.severity} | {info.title} |" in doc, code


@pytest.mark.parametrize("page", sorted(PAGES))
def test_analysis_page_tables_agree_with_the_catalogue(page: str) -> None:
    """The table of codes closing each analysis page has one row per catalogue code of its range, and the
    severity it gives starts with the catalogue's (a page may add when a finding is lowered)."""
    prefix = PAGES[page]
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    rows = dict(re.findall(rf"^\| ({prefix}\d{{3}}) \| ([^|]+) \|", text, flags=re.M))
    expected = {c for c in CATALOGUE if c.startswith(prefix)}
    assert set(rows) == expected, f"{page}: table lists {sorted(rows)}, catalogue has {sorted(expected)}"
    for code, severity in rows.items():
        assert severity.strip().startswith(CATALOGUE[code].severity), (code, severity)


def test_codes_are_well_formed_and_titles_unique_per_range() -> None:
    for code, info in CATALOGUE.items():
        assert re.fullmatch(r"[EWRDCPV]\d{3}", code) and info.code == code
        assert info.title and info.explanation and info.fix
        assert info.severity in ("error", "warning", "note")


def test_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="X999"):
        Diagnostic("X999", "no such code")


def test_one_json_shape() -> None:
    located = Diagnostic("R504", "support 80 is outside [0, 1]", "s.yaml", path="USA.blocs.R")
    data = located.to_json()
    assert list(data) == [
        "code",
        "message",
        "file",
        "span",
        "breadcrumb",
        "hint",
        "notes",
        "path",
        "location",
        "severity",
        "title",
    ]
    assert data["location"] == "s.yaml: USA.blocs.R" and data["severity"] == "error"
    assert Diagnostic("C709", "no skill", level="note").to_json()["severity"] == "note"


def test_servanda_error_carries_and_renders_its_diagnostics() -> None:
    error = ServandaError.one(
        "P805", "no instrument file `usa.yml`", "pkg/package.yaml", hint="did you mean?"
    )
    assert error.code == "P805" and str(error) == render(error.diagnostics[0], None)


def test_one_exception_base() -> None:
    """Every exception class in src derives from ServandaError (the only direct Exception subclass)."""
    direct = re.compile(r"^class (\w+)\((?:Exception|ValueError|LookupError|RuntimeError|TypeError)\)", re.M)
    found = {
        (str(path.relative_to(ROOT)), name)
        for path in SRC.rglob("*.py")
        for name in direct.findall(path.read_text(encoding="utf-8"))
    }
    assert found == {("src/servanda/diagnostics/errors.py", "ServandaError")}


def test_diagnostics_is_the_lowest_layer() -> None:
    """``servanda.diagnostics`` imports nothing else of servanda."""
    for path in (SRC / "diagnostics").glob("*.py"):
        imports = re.findall(r"^\s*(?:from|import) (servanda\.\w+)", path.read_text(encoding="utf-8"), re.M)
        assert set(imports) <= {"servanda.diagnostics"}, (path.name, imports)

"""The import graph of ``src/servanda`` points down the layers only, and has no cycle between packages.

The layers, lowest first, are described in ``docs/architecture.md``. A module may import its own layer and
any lower one; packages inside ``analyses`` may import each other but never in a cycle.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "src" / "servanda"

#: Layer of each top-level package or module of ``servanda``, lowest first.
LAYERS: dict[str, int] = {
    "diagnostics": 0,
    "io": 1,
    "model": 2,
    "semantics": 3,
    "language": 4,
    "frontline": 4,
    "sources": 4,
    "evaluation": 5,
    "store": 5,
    "analyses": 6,
    "services": 7,
    "interfaces": 8,
    "api": 8,
    "__init__": 9,
    "__main__": 9,
}


def _unit(module: str) -> str:
    """The graph node of a module: its top-level package, or ``analyses.<name>`` inside analyses."""
    parts = module.split(".")[1:]
    if parts and parts[0] == "analyses" and len(parts) > 1:
        return f"analyses.{parts[1]}"
    return parts[0] if parts else "__init__"


def _is_submodule(name: str) -> bool:
    return (ROOT / f"{name}.py").is_file() or (ROOT / name / "__init__.py").is_file()


def _edges() -> dict[str, set[tuple[str, str]]]:
    """``{unit: {(imported unit, where)}}`` for every absolute import of ``servanda.*`` in the source."""
    edges: dict[str, set[tuple[str, str]]] = {}
    for file in sorted(ROOT.rglob("*.py")):
        module = "servanda." + ".".join(file.relative_to(ROOT).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        source = _unit(module)
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "servanda" and node.level == 0:
                names = [f"servanda.{a.name}" for a in node.names if _is_submodule(a.name)]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                # ``servanda`` itself (the lazy facade, ``__version__``) is imported before any submodule
                # anyway, so naming it adds no edge.
                if name.startswith("servanda."):
                    target = _unit(name)
                    if target != source:
                        where = f"{file.relative_to(ROOT.parent)}:{node.lineno}"
                        edges.setdefault(source, set()).add((target, where))
    return edges


def _layer(unit: str) -> int:
    return LAYERS[unit.split(".")[0]]


def test_every_package_has_a_layer() -> None:
    units = {
        _unit("servanda." + ".".join(f.relative_to(ROOT).with_suffix("").parts)) for f in ROOT.rglob("*.py")
    }
    missing = sorted(u for u in units if u.split(".")[0] not in LAYERS)
    assert not missing, f"packages without a layer (add them to LAYERS and docs/architecture.md): {missing}"


def test_imports_point_down_only() -> None:
    upward = [
        f"{where}: {source} (layer {_layer(source)}) imports {target} (layer {_layer(target)})"
        for source, targets in _edges().items()
        for target, where in targets
        if _layer(target) > _layer(source)
    ]
    assert not upward, "imports pointing up a layer:\n" + "\n".join(sorted(upward))


def test_no_cycle_between_packages() -> None:
    graph = {source: {target for target, _ in targets} for source, targets in _edges().items()}
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle between packages: {' -> '.join(exc.args[1])}")

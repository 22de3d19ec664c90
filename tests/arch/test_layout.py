"""The package's layout: sub-packages by role, imports only downwards, no module too long, a docstring on each."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "laos_tip"
#: The layers, lowest first: a module may import its own layer and the layers below, never one above.
LAYERS = ("core", "factfile", "views", "render", "export", "cli")
#: Modules outside the layers, and the highest layer each may import.
TOP = {"__init__": "export", "__main__": "cli", "api": "export", "reference": "cli", "rows": "core"}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
NAMES = {".".join(("laos_tip", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
         for p in MODULES}


def layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imports(path: Path) -> set[str]:
    """Every laos_tip module ``path`` imports, at the top or inside a function (not only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            typing_only |= {id(child) for child in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("laos_tip"):
            # "from laos_tip.export import metadata" imports the module laos_tip.export.metadata.
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & NAMES
            found |= submodules if len(submodules) == len(node.names) else {node.module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("laos_tip")}
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself (laos_tip.__version__)
    return parts[1] if parts[1] in LAYERS else TOP.get(parts[1], parts[1])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path: Path) -> None:
    own = layer(path)
    ceiling = LAYERS.index(TOP[own]) if own in TOP else LAYERS.index(own)
    above = sorted(m for m in imports(path) if (lay := layer_of(m)) in LAYERS and LAYERS.index(lay) > ceiling)
    assert not above, f"{path.relative_to(PACKAGE)} ({own}) imports a layer above it: {above}"


def test_modules_import_no_cycle() -> None:
    """No two modules import each other, directly or through others (type-checking imports aside)."""
    names = {".".join(("laos_tip", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__"): p
             for p in MODULES}
    assert set(names) == NAMES
    graph = {name: {m for m in imports(path) if m in names and m != name} for name, path in names.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
                return True
            if nxt not in state and visit(nxt, [*trail, nxt]):
                return True
        state[node] = 2
        return False

    # A package's __init__ that lists its submodules is not a cycle with them: only real imports count.
    assert not any(visit(name, [name]) for name in sorted(graph) if name not in state), f"cycle: {' -> '.join(cycle)}"


def test_the_library_never_imports_the_command_line() -> None:
    library = [p for p in MODULES if layer(p) in ("core", "factfile", "views", "render", "export", "api", "__init__")]
    offenders = {str(p.relative_to(PACKAGE)): sorted(m for m in imports(p) if m.startswith("laos_tip.cli"))
                 for p in library}
    assert not {k: v for k, v in offenders.items() if v}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_short_and_says_what_it_owns(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500, f"{path.name} has {len(text.splitlines())} lines"
    assert ast.get_docstring(ast.parse(text)), f"{path.relative_to(PACKAGE)} has no docstring"


def test_the_old_names_are_gone() -> None:
    """``fast``, ``runtime``, ``spec`` and ``check`` named modules that held other things than their names say."""
    assert not {p.stem for p in PACKAGE.glob("*.py")} & {"fast", "runtime", "spec", "check", "views", "output"}

"""The layout of the site: which app may import which (README.md, "Layout"), and no import circles.

Every project .py file is read with ``ast``, function-level imports included:
- ``core`` is the base: it imports no other project package;
- nothing but the tests (and the benchmarks in ``bench/``) imports the demo data;
- ``groups`` and ``risalah`` never import ``events`` or ``reports``;
- no circle between project modules through module-level imports (``if TYPE_CHECKING`` ones
  count too: a circle hidden from the interpreter is still one for the reader).
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "media", "static", "__pycache__"}
APPS = {"core", "groups", "risalah", "events", "reports", "demo"}
MAY_IMPORT_DEMO = {"demo", "tests", "bench"}
NOT_FROM_GROUPS_OR_RISALAH = {"events", "reports"}


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    source: str  # the importing module, dotted
    target: str  # the imported project module, dotted
    module_level: bool

    def __str__(self) -> str:
        where = "" if self.module_level else " (inside a function)"
        return f"{self.path}:{self.line} imports {self.target}{where}"


def project_files() -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the project."""
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            modules[".".join(parts)] = path
    return modules


MODULES = project_files()
TOP_LEVEL = {name.split(".")[0] for name in MODULES}


def _resolve(name: str) -> str | None:
    """The longest project module that ``name`` starts with; None outside the project."""
    parts = name.split(".")
    if parts[0] not in TOP_LEVEL:
        return None
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _function_level(tree: ast.Module) -> set[int]:
    """ids of the import nodes inside a function (they run when called, not on import)."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    return inside


def imports_of(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    in_function = _function_level(tree)
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            # "from risalah import checker" imports the module risalah.checker.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names
            ]
        for name in dict.fromkeys(names):
            target = _resolve(name)
            if target is not None and target != module:
                relative = path.relative_to(ROOT).as_posix()
                found.append(Import(relative, node.lineno, module, target, id(node) not in in_function))
    return found


ALL_IMPORTS = sorted(
    (found for module, path in MODULES.items() for found in imports_of(module, path)),
    key=lambda found: (found.path, found.line),
)


def _top(name: str) -> str:
    return name.split(".")[0]


def _report(imports: list[Import]) -> str:
    return "\n".join(str(found) for found in imports)


def test_the_reader_sees_function_level_imports():
    """The layout rules would be blind without them (``import`` inside a view, say)."""
    tree = ast.parse("import a\n\ndef f():\n    from core import b\n")
    inside = _function_level(tree)
    levels = [id(node) in inside for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert levels == [False, True]
    assert {"core", "groups", "risalah", "demo", "kbk_portal", "tests"} <= TOP_LEVEL


def test_core_imports_no_other_project_package():
    upward = [i for i in ALL_IMPORTS if _top(i.source) == "core" and _top(i.target) != "core"]
    assert upward == [], "core is the base and imports no app:\n" + _report(upward)


def test_only_the_tests_import_the_demo_data():
    users = [i for i in ALL_IMPORTS if _top(i.target) == "demo" and _top(i.source) not in MAY_IMPORT_DEMO]
    assert users == [], "no app imports the demo data (tests may):\n" + _report(users)


def test_groups_and_risalah_do_not_import_events_or_reports():
    upward = [
        i
        for i in ALL_IMPORTS
        if _top(i.source) in {"groups", "risalah"} and _top(i.target) in NOT_FROM_GROUPS_OR_RISALAH
    ]
    assert upward == [], "groups and risalah sit below events and reports:\n" + _report(upward)


def _cycles(edges: dict[str, dict[str, Import]]) -> list[list[str]]:
    """One circle per strongly connected group of modules (Tarjan), as a list of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    circles = []
    for group in groups:
        members, start = set(group), min(group)
        # Walk inside the group from its first module back to it (breadth first: the shortest circle).
        paths = {start: [start]}
        queue = [start]
        while queue:
            node = queue.pop(0)
            for target in sorted(edges.get(node, {})):
                if target == start:
                    circles.append([*paths[node], start])
                    queue = []
                    break
                if target in members and target not in paths:
                    paths[target] = [*paths[node], target]
                    queue.append(target)
    return circles


def test_the_cycle_finder_finds_a_circle():
    a_b = Import("a.py", 1, "a", "b", True)
    b_a = Import("b.py", 2, "b", "a", True)
    assert _cycles({"a": {"b": a_b}, "b": {"a": b_a}}) == [["a", "b", "a"]]
    assert _cycles({"a": {"b": a_b}}) == []


def test_no_import_circles_between_project_modules():
    edges: dict[str, dict[str, Import]] = {}
    for found in ALL_IMPORTS:
        if found.module_level:
            edges.setdefault(found.source, {}).setdefault(found.target, found)
    circles = _cycles(edges)
    described = [
        " -> ".join(circle)
        + "\n"
        + "\n".join(f"  {edges[a][b]}" for a, b in zip(circle, circle[1:], strict=False))
        for circle in circles
    ]
    assert circles == [], "import circles (move what both sides need below them):\n" + "\n".join(described)

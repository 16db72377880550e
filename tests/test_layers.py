"""The portal's layers, checked on the source with `ast` (no import-linter needed):

1. portal/rules is plain Python: it imports nothing from `portal` outside `portal.rules`, and
   nothing from Flask or a Flask extension.
2. A package never imports another package's views: what other packages use lives in a module of
   its own (flows/progress.py, offices/filters.py, desk/access.py, saved/forms.py). The one place
   allowed is create_app() in portal/__init__.py, which imports every blueprint to register it.
3. No import cycle inside portal/rules. Every import counts, one inside a function too: a
   deferred import does not remove a cycle, it only hides it.
4. A test takes what it shares with other tests from a helpers module (tests/helpers.py, or a
   package's helpers.py or conftest.py), never from another test module: a test module is for
   its tests, and moving or deleting one must not break others. Importing a test module whole,
   as tests/fuzz/test_every_form_route_is_fuzzed.py does to see what each one fuzzes, is not
   taking a helper from it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = "portal.rules"
BLUEPRINT_REGISTRY = ("portal/__init__.py", "create_app")  # (file, function) that may import views


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the project root
    line: int
    target: str  # the module named after `import` or `from`, a relative one made absolute
    names: tuple[str, ...]  # what `from target import ...` takes; () for `import target`
    function: str | None  # the outermost function the import is in, None at module level

    def modules(self) -> list[str]:
        """Everything that may be a module: the target, and each `target.name` of a from-import."""
        return [self.target, *(f"{self.target}.{name}" for name in self.names)]

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def module_of(path: str) -> str:
    parts = Path(path).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: str) -> str:
    """The top-level package a file belongs to: portal.flows for portal/flows/views.py, portal for
    portal/cli.py."""
    parts = Path(path).parts
    return f"portal.{parts[1]}" if len(parts) > 2 else "portal"


def _absolute(path: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    here = module_of(path).split(".")
    if not path.endswith("__init__.py"):
        here = here[:-1]  # a module's relative imports start from its package
    base = here[: len(here) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_in(path: str, source: str) -> list[Import]:
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend(Import(path, child.lineno, a.name, (), function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                names = tuple(a.name for a in child.names)
                found.append(Import(path, child.lineno, _absolute(path, child), names, function))
            inside = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, function or (child.name if inside else None))

    visit(ast.parse(source, filename=path), None)
    return found


def in_rules(module: str) -> bool:
    return module == RULES or module.startswith(RULES + ".")


def rules_breaches(imp: Import) -> Iterator[str]:
    top = imp.target.split(".")[0]
    if top == "flask" or top.startswith("flask_"):
        yield f"{imp.where()}: portal/rules imports Flask ({imp.target})"
    elif imp.target == "portal":  # `from portal import rules` stays inside; `clock` does not
        outside = [m for m in imp.modules()[1:] if not in_rules(m)] if imp.names else ["portal"]
        if outside:
            yield f"{imp.where()}: portal/rules imports {', '.join(outside)}"
    elif top == "portal" and not in_rules(imp.target):
        yield f"{imp.where()}: portal/rules imports {imp.target}"


def views_breaches(imp: Import) -> Iterator[str]:
    if (imp.path, imp.function) == BLUEPRINT_REGISTRY:
        return
    own = package_of(imp.path)
    views = {
        ".".join(parts[:3])
        for parts in (m.split(".") for m in imp.modules())
        if len(parts) >= 3 and parts[0] == "portal" and parts[2] == "views"
    }
    for module in sorted(views):
        if module.rsplit(".", 1)[0] != own:
            yield f"{imp.where()}: {own} imports another package's views ({module})"


def rules_cycle(imports: dict[str, list[Import]]) -> Iterator[str]:
    modules = {module_of(path) for path in imports if in_rules(module_of(path))}
    # importer -> the rules module it imports -> the (first) import statement that does it
    edges: dict[str, dict[str, Import]] = {module: {} for module in modules}
    for path, found in imports.items():
        module = module_of(path)
        if module not in modules:
            continue
        for imp in found:
            for name in imp.modules()[1:] or [imp.target]:
                target = name if name in modules else imp.target
                if target in modules and target != module:
                    edges[module].setdefault(target, imp)
    try:
        TopologicalSorter({m: set(deps) for m, deps in edges.items()}).prepare()
    except CycleError as exc:
        # graphlib gives [a, b, ..., a], each importing the one before it; told the other way
        # round, from the first module by name, so the message does not depend on dict order
        cycle = exc.args[1][::-1][:-1]
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[: start + 1]
        steps = [f"{edges[a][b].where()} imports {b}" for a, b in pairwise(cycle)]
        yield "import cycle in portal/rules: " + "; ".join(steps)


def layer_problems(sources: dict[str, str]) -> list[str]:
    """Every breach of the layers in `sources` (path relative to the project root -> text)."""
    imports = {path: imports_in(path, text) for path, text in sources.items()}
    problems: list[str] = []
    for path, found in imports.items():
        for imp in found:
            if in_rules(module_of(path)):
                problems.extend(rules_breaches(imp))
            problems.extend(views_breaches(imp))
    problems.extend(rules_cycle(imports))
    return problems


def portal_sources() -> dict[str, str]:
    files = sorted((ROOT / "portal").rglob("*.py"))
    return {f.relative_to(ROOT).as_posix(): f.read_text(encoding="utf-8") for f in files}


def test_the_portal_keeps_its_layers():
    sources = portal_sources()
    assert {"portal/rules/library.py", "portal/flows/views.py"} <= set(sources)
    assert layer_problems(sources) == []


def test_the_check_finds_every_kind_of_breach():
    sources = {
        "portal/__init__.py": (
            "from portal.main.views import bp\n"  # at module level: not the allowed place
            "def create_app():\n"
            "    from portal.flows.views import bp\n"
        ),
        "portal/cli.py": "import portal.stats.views\n",
        "portal/rules/__init__.py": "from portal.rules.library import load\n",
        "portal/rules/library.py": "from flask import request\nfrom portal.rules.offices import x\n",
        "portal/rules/offices.py": (
            "from portal import clock\n"
            "from ..content import library\n"
            "def load():\n"
            "    from portal.rules import library\n"  # inside a function: still a cycle
        ),
        "portal/rules/model.py": "from portal import rules\nfrom . import errors\n",
        "portal/rules/errors.py": "import flask_babel\n",
        "portal/desk/views.py": "from portal.saved.views import CodeForm\n",
        "portal/desk/admin.py": "from .views import bp\nfrom portal.desk import views\n",
        "portal/checklists/views.py": "from ..flows import views\n",
    }
    assert layer_problems(sources) == [
        "portal/__init__.py:1: portal imports another package's views (portal.main.views)",
        "portal/cli.py:1: portal imports another package's views (portal.stats.views)",
        "portal/rules/library.py:1: portal/rules imports Flask (flask)",
        "portal/rules/offices.py:1: portal/rules imports portal.clock",
        "portal/rules/offices.py:2: portal/rules imports portal.content",
        "portal/rules/errors.py:1: portal/rules imports Flask (flask_babel)",
        "portal/desk/views.py:1: portal.desk imports another package's views (portal.saved.views)",
        "portal/checklists/views.py:1: portal.checklists imports another package's views "
        "(portal.flows.views)",
        "import cycle in portal/rules: portal/rules/library.py:2 imports portal.rules.offices; "
        "portal/rules/offices.py:4 imports portal.rules.library",
    ]


def is_test_module(module: str) -> bool:
    return module.split(".")[-1].startswith("test_")


def helpers_breaches(sources: dict[str, str]) -> list[str]:
    """Each import, in `sources` (test files), of a test module or of a name from one."""
    return [
        f"{imp.where()}: takes {', '.join(imp.names)} from the test module {imp.target}: move "
        "it to a helpers module"
        if imp.names
        else f"{imp.where()}: imports the test module {imp.target}: move what it needs to a "
        "helpers module"
        for path, text in sources.items()
        for imp in imports_in(path, text)
        if is_test_module(imp.target)
    ]


def test_tests_share_helpers_not_test_modules():
    files = sorted((ROOT / "tests").rglob("*.py"))
    sources = {f.relative_to(ROOT).as_posix(): f.read_text(encoding="utf-8") for f in files}
    assert "tests/stats/test_dashboard.py" in sources
    assert helpers_breaches(sources) == []


def test_the_check_finds_a_test_importing_another():
    sources = {
        "tests/stats/test_a.py": "from tests.stats.test_b import finish\nfrom tests import helpers\n",
        "tests/test_c.py": "def test_x():\n    from .stats.test_b import add\n",
        "tests/test_d.py": "import tests.test_c\nfrom tests.fuzz import test_e  # whole\n",
    }
    assert helpers_breaches(sources) == [
        "tests/stats/test_a.py:1: takes finish from the test module tests.stats.test_b: move it "
        "to a helpers module",
        "tests/test_c.py:2: takes add from the test module tests.stats.test_b: move it to a "
        "helpers module",
        "tests/test_d.py:1: imports the test module tests.test_c: move what it needs to a "
        "helpers module",
    ]

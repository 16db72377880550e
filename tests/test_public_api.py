"""The portal stands on the public APIs of Flask, Werkzeug, Jinja, WTForms and the extensions:
no `._name` of another object, no private module or name imported, no getattr of a private
name. What remains is allowed here by name, with the documentation that makes it public."""

from __future__ import annotations

import ast

from portal import PROJECT_ROOT

ALLOWED = {
    # Flask's documentation ("Notes On Proxies") names this the way to get the object behind
    # current_app, e.g. to use it as a cache key.
    "_get_current_object": "https://flask.palletsprojects.com/en/stable/reqcontext/#notes-on-proxies",
}


def private_uses(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            found += [(node.lineno, p) for p in parts if is_private(p) and p != "__future__"]
            found += [(node.lineno, a.name) for a in node.names if is_private(a.name)]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, p) for a in node.names for p in a.name.split(".") if is_private(p)
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and is_private(node.args[1].value)
        ):
            found.append((node.lineno, node.args[1].value))
    return found


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_private_attribute_of_a_library_is_used():
    files = [*sorted((PROJECT_ROOT / "portal").rglob("*.py")), PROJECT_ROOT / "gunicorn.conf.py"]
    uses = [
        f"{path.relative_to(PROJECT_ROOT)}:{line} {name}"
        for path in files
        for line, name in private_uses(path.read_text(encoding="utf-8"))
        if name not in ALLOWED
    ]
    assert uses == []


def test_the_check_finds_what_it_looks_for():
    source = (
        "from werkzeug.datastructures import Headers\n"
        "from flask_login import _get_user\n"
        "import werkzeug._internal\n"
        "headers._list.extend(x)\n"
        "getattr(db, '_teardown_session')\n"
        "self._cache = {}\n"
        "name.__class__\n"
    )
    assert sorted(name for _line, name in private_uses(source)) == [
        "_get_user", "_internal", "_list", "_teardown_session"
    ]  # fmt: skip
    assert all(reason.startswith("https://") for reason in ALLOWED.values())

"""A YAML loader that remembers where every mapping and key came from.

Content errors must name the file and line, so mappings are loaded as `Node` (a dict) that
knows its own line and the line of each key. Lists become `NodeList` with per-item lines.
`read_content` reads one content file, reporting a missing file or bad YAML at its line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from portal.rules.errors import Reporter


class Node(dict):
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class NodeList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser is about 10x faster than the pure-Python one; both give line marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


# YAML 1.1 reads yes/no/on/off as booleans, which turns an option value "no" or an outcome
# called "yes" into True/False. Content means words, so only true/false are booleans here.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    result = Node()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain words", key_node.start_mark
            )
        key = str(key).lower() if isinstance(key, bool) else str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> NodeList:
    result = NodeList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:  # 2026-13-01 has a date's shape but is no date
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
        ) from exc


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


# What the parser says, and what an editor can do about it.
_PLAIN = [
    ("mapping values are not allowed",
     "a ':' where YAML expected none: put text containing ': ' in quotes, or check the "
     "indentation on this line or the one above"),
    ("could not find expected ':'",
     "a line without 'key: value': check for a missing ':', or the indentation on this line or "
     "the one above"),
    ("did not find expected key", "check the indentation on this line or the one above"),
    ("expected <block end>", "check the indentation on this line or the one above"),
    ("did not find expected '-' indicator",
     "a list item without '- ', or the indentation on this line or the one above is off"),
    ("found character '\\t'", "a tab: indent with spaces only"),
    ("found a tab character", "a tab: indent with spaces only"),
    ("found unexpected end of stream", "a quote or bracket opened and never closed"),
    ("found undefined alias", "a '*' starts a value: put the value in quotes"),
]  # fmt: skip


def _plain(problem: str) -> str:
    for start, advice in _PLAIN:
        if problem.startswith(start):
            return f"{advice} (the parser says: {problem})"
    return problem


def load_yaml(path: Path) -> Any:
    """Parse a content file; syntax errors become YamlSyntaxError with the line number."""
    text = path.read_text(encoding="utf-8")
    try:
        # _LineLoader subclasses (C)SafeLoader: no Python objects can be built from content.
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506  # nosec B506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(
            line, f"YAML syntax: {_plain(exc.problem or exc.context or '')}"
        ) from exc


def _relative(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_content(root: Path, path: Path, report: Reporter) -> tuple[str, Any]:
    """A content file's name for messages (relative to content/'s parent) and its YAML, or
    None when it is missing or not valid YAML (reported, with its line)."""
    name = _relative(root, path)
    try:
        return name, load_yaml(path)
    except YamlSyntaxError as exc:
        report.error(name, exc.line, str(exc))
    except FileNotFoundError:
        report.error(name, 1, "file is missing")
    return name, None

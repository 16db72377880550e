"""Typed reads from a YAML mapping that report schema problems with file and line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.rules.errors import Reporter
from portal.rules.yamlload import Node, NodeList

_MISSING = object()


class Fields:
    def __init__(
        self, raw: Any, path: str, report: Reporter, what: str, allowed: set[str], line: int = 1
    ):
        self.path = path
        self.report = report
        self.what = what
        self.ok = isinstance(raw, dict)
        self.raw: Node = raw if isinstance(raw, Node) else Node()
        self.line = getattr(raw, "line", line)
        if not self.ok:
            report.error(path, self.line, f"{what} must be a mapping")
            return
        for key in self.raw:
            if key not in allowed:
                report.error(path, self.raw.line_of(key), f"{what}: unknown field '{key}'")

    def line_of(self, key: str) -> int:
        return self.raw.line_of(key) if key in self.raw else self.line

    def _get(self, key: str, required: bool) -> Any:
        value = self.raw.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required and self.ok:
                self.report.error(self.path, self.line, f"{self.what}: missing field '{key}'")
            return _MISSING
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not value.strip():
            self.report.error(self.path, self.line_of(key), f"{self.what}: '{key}' must be text")
            return None
        return " ".join(value.split())

    def word(self, key: str, required: bool = True, choices: tuple[str, ...] = ()) -> str | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool):
            value = "yes" if value else "no"
        value = str(value)
        if choices and value not in choices:
            self.report.error(
                self.path,
                self.line_of(key),
                f"{self.what}: '{key}' must be one of {', '.join(choices)}, not '{value}'",
            )
            return None
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.report.error(
                self.path, self.line_of(key), f"{self.what}: '{key}' must be a date (YYYY-MM-DD)"
            )
            return None
        return value

    def number(self, key: str, required: bool = False) -> float | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report.error(
                self.path, self.line_of(key), f"{self.what}: '{key}' must be a number"
            )
            return None
        return value

    def boolean(self, key: str, required: bool = False) -> bool | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.report.error(
                self.path, self.line_of(key), f"{self.what}: '{key}' must be true or false"
            )
            return None
        return value

    def items(self, key: str, required: bool = False) -> NodeList:
        value = self._get(key, required)
        if value is _MISSING:
            return NodeList()
        if not isinstance(value, list):
            self.report.error(self.path, self.line_of(key), f"{self.what}: '{key}' must be a list")
            return NodeList()
        if not isinstance(value, NodeList):
            value = NodeList(value)
            value.line = self.line_of(key)
            value.item_lines = []
        return value

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        values = self.items(key, required)
        result = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.report.error(
                    self.path, values.line_of(index), f"{self.what}: '{key}' must list text"
                )
                continue
            result.append(" ".join(value.split()))
        return tuple(result)

    def words(self, key: str, required: bool = False) -> tuple[str, ...]:
        values = self.items(key, required)
        return tuple(str(v) for v in values if isinstance(v, str | int))

    def mapping(self, key: str, required: bool = True) -> Node:
        value = self._get(key, required)
        if value is _MISSING:
            return Node()
        if not isinstance(value, dict):
            self.report.error(
                self.path, self.line_of(key), f"{self.what}: '{key}' must be a mapping"
            )
            return Node()
        if not isinstance(value, Node):
            value = Node(value)
            value.line = self.line_of(key)
            value.key_lines = {}
        return value

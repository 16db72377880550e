"""Problems found in content, each tied to a file and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

LISTED_AT_MOST = 15


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A hint for an unknown id: the closest valid ones, and the valid ones (up to a limit)."""
    valid = sorted(set(known))
    close = difflib.get_close_matches(name, valid, n=2)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    listed = ", ".join(valid[:LISTED_AT_MOST]) + (", …" if len(valid) > LISTED_AT_MOST else "")
    return f".{hint} Valid: {listed or 'none'}"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" stops the portal; "warning" is reported by the check

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Reporter:
    """Collects problems while content is parsed so one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, line: int, message: str) -> None:
        self._add(Problem(path, line, message))

    def warning(self, path: str, line: int, message: str) -> None:
        self._add(Problem(path, line, message, "warning"))

    def _add(self, problem: Problem) -> None:
        if problem not in self.problems:  # each problem once, however often it is met
            self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

"""URL matching, remembered per process.

Werkzeug finds a request's rule by walking its routing state machine one path segment at a time,
with a regular expression for each variable part. A question page's URL has four
(/<lang>/<country>/<pathway>/q/<question_id>), and matching it cost about as much as the rest
of the view. The answer depends only on the path, method and map, and the same few thousand
paths (languages x flows x questions) come up again and again, so each match is remembered.

Only paths that matched are remembered: a 404, 405 or redirect raises and is worked out again
each time. The paths of the portal hold languages, country codes and question ids, never a
person's answers (those travel in form bodies and the encrypted cookie).
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Map, Rule

MAX_REMEMBERED = 4096  # languages x flows x questions, with room to spare


class RememberingMatcher:
    """Wraps Werkzeug's matcher (Map._matcher); forgets everything when the map changes."""

    def __init__(self, matcher: Any) -> None:
        self._matcher = matcher
        self._known: dict[tuple[str, str, str, bool], tuple[Rule, dict[str, Any]]] = {}

    def add(self, rule: Rule) -> None:
        self._known.clear()
        self._matcher.add(rule)

    def update(self) -> None:
        self._known.clear()
        self._matcher.update()

    def match(
        self, domain: str, path: str, method: str, websocket: bool
    ) -> tuple[Rule, dict[str, Any]]:
        key = (domain, path, method, websocket)
        known = self._known.get(key)
        if known is None:
            known = self._matcher.match(domain, path, method, websocket)  # raises: not kept
            if len(self._known) >= MAX_REMEMBERED:
                self._known.clear()  # a crawler's many odd paths must not crowd out real ones
            self._known[key] = known
        rule, values = known
        return rule, dict(values)  # Flask pops values (the language) from its own copy

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)  # merge_slashes and the like


class RememberingMap(Map):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._matcher = RememberingMatcher(self._matcher)

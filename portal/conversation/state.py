"""What a conversation carries between messages: the flow, the language and the answers, plus
the run's statistics bookkeeping, so a message counts once as on the web."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.content import library
from portal.i18n import LOCALES
from portal.rules.model import Flow

KEY_LIMIT = 64  # question ids and answer values are short words; anything longer is not ours


@dataclass
class Conversation:
    country: str  # the host country as URLs write it (lower case)
    pathway: str
    locale: str  # a Babel locale of portal/i18n.py's LOCALES
    answers: dict[str, Any] = field(default_factory=dict)
    tally: dict[str, Any] = field(default_factory=dict)  # stats/counters.py RunTally's store

    @property
    def flow(self) -> Flow:
        found = library().flow(self.country, self.pathway)
        if found is None:  # from_dict and begin() only make conversations of existing flows
            raise LookupError(f"no flow {self.country}/{self.pathway}")
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "c": self.country, "p": self.pathway, "l": self.locale, "a": self.answers,
            "s": self.tally,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation | None:
        """The conversation sealed earlier, or None if it no longer fits the content (a flow
        removed since) or is not one of ours."""
        country, pathway, locale = data.get("c"), data.get("p"), data.get("l")
        answers, tally = data.get("a"), data.get("s", {})
        if not all(isinstance(v, str) for v in (country, pathway, locale)):
            return None
        if locale not in LOCALES.values() or not isinstance(answers, dict):
            return None
        if not isinstance(tally, dict) or any(len(str(k)) > KEY_LIMIT for k in answers):
            return None
        assert isinstance(country, str) and isinstance(pathway, str)  # for mypy: checked above
        if library().flow(country, pathway) is None:
            return None
        return cls(country, pathway, str(locale), answers, tally)

"""What is translated, read from the PO catalogs themselves.

Compiled .mo files leave out fuzzy entries, so gettext falls back to the English source when a
source string changed; this index says *which* strings those are, so pages can mark them
"translation pending" instead of passing English off as a translation, and `flask translations
status` can report completeness per locale and domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

SOURCE_LOCALE = "en"
# The line in a catalog's header comment that says a native speaker has checked it, e.g.
# "# Reviewed by a native speaker: Ana Souza, 2027-01-15". `pybabel update` keeps the header
# comment; until the line is there, pages say the translation has not been checked.
NATIVE_REVIEW = re.compile(r"^# Reviewed by a native speaker: *(\S.*)$", re.MULTILINE)
# A message's msgid, or its (msgid, msgid_plural) for a plural message.
MessageId = str | tuple[str, ...]


@dataclass
class CatalogState:
    translated: frozenset[MessageId]
    fuzzy: frozenset[MessageId]
    total: int
    native_review: str | None = None  # who checked it and when, from the header comment

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * len(self.translated) / self.total


@dataclass
class CatalogIndex:
    directory: Path
    _states: dict[tuple[str, str], CatalogState] = field(default_factory=dict)

    def state(self, locale: str, domain: str) -> CatalogState:
        key = (locale, domain)
        if key not in self._states:
            self._states[key] = self._read(locale, domain)
        return self._states[key]

    def _read(self, locale: str, domain: str) -> CatalogState:
        path = self.directory / locale / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            return CatalogState(frozenset(), frozenset(), self.template_size(domain))
        stat = path.stat()
        return _read_po_state(str(path), locale, stat.st_mtime_ns, stat.st_size)

    def template_size(self, domain: str) -> int:
        path = self.directory / f"{domain}.pot"
        if not path.exists():
            return 0
        with path.open("rb") as handle:
            return len([m for m in read_po(handle) if m.id])

    def is_translated(self, locale: str, domain: str, msgid: str) -> bool:
        return locale == SOURCE_LOCALE or msgid in self.state(locale, domain).translated

    def natively_reviewed(self, locale: str) -> bool:
        """Whether a native speaker has checked both of the locale's catalogs."""
        return locale == SOURCE_LOCALE or all(
            self.state(locale, domain).native_review for domain in ("messages", "content")
        )

    def coverage(self, locale: str, domain: str, msgids: list[str]) -> float:
        """Share of these strings translated in the locale (1.0 for the source language)."""
        if locale == SOURCE_LOCALE or not msgids:
            return 1.0
        done = self.state(locale, domain).translated
        return sum(1 for m in msgids if m in done) / len(msgids)

    def untranslated(self, locale: str, domain: str) -> list[Message]:
        """The entries with no current translation (empty or fuzzy), with their locations."""
        path = self.directory / locale / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            return []
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        return [m for m in catalog if m.id and (m.fuzzy or not _complete(m))]

    @cached_property
    def locales(self) -> list[str]:
        return sorted(p.name for p in self.directory.iterdir() if (p / "LC_MESSAGES").is_dir())


@cache
def _read_po_state(path: str, locale: str, _mtime_ns: int, _size: int) -> CatalogState:
    """Parsing a catalog takes a few hundred milliseconds: every app in a process (the tests
    make thousands) shares one reading of each file until the file changes."""
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    messages = [m for m in catalog if m.id]
    translated = frozenset(_message_id(m) for m in messages if m.string and not m.fuzzy)
    fuzzy = frozenset(_message_id(m) for m in messages if m.fuzzy)
    review = NATIVE_REVIEW.search(catalog.header_comment or "")
    return CatalogState(translated, fuzzy, len(messages), review.group(1) if review else None)


def _message_id(message: Message) -> MessageId:
    # read_po gives a plural message's ids as a tuple; Babel's type also allows a list
    return tuple(message.id) if isinstance(message.id, list) else message.id


def _complete(message: Message) -> bool:
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(forms)

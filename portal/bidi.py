"""Latin runs inside right-to-left text: URLs, e-mail addresses, Portuguese and Spanish names,
codes, phone numbers. The Unicode bidirectional algorithm orders a run's neutral characters
(the "://" of a URL, the parentheses and hyphens of a phone number, a closing quote) by the
Arabic text around them, so "https://gov.br/x" or "(11) 3115-2048" can come out scrambled.
Each run is wrapped in <bdi> (`unicode-bidi: isolate`, on pages and in PDFs) so it keeps its
own left-to-right order."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_LETTER = r"A-Za-z0-9\u00C0-\u024F"
_INSIDE = _LETTER + r" .,:;/\\\-–—_()@&+'’\"“”«»%#?=~*\[\]"
# A run starts with a Latin letter or digit (or an opening bracket, quote or "+" before one) and
# ends with one (or a closing bracket, quote or "/"): the spaces and punctuation around it stay
# with the right-to-left text.
_RUN = re.compile(rf"[(\"“«+]?[{_LETTER}](?:[{_INSIDE}]*[{_LETTER})/\"”»])?")
_OPENING = {"(": ")", "“": "”", "«": "»", "[": "]"}
_CLOSING = {closing: opening for opening, closing in _OPENING.items()}


def isolate_latin(text: str) -> Markup:
    """`text` escaped, with each Latin run in a <bdi>. A bracket or quote without its partner in
    the run, or around all of it, stays outside, so it mirrors with the text around it."""
    out: list[Markup] = []
    last = 0
    for match in _RUN.finditer(text):
        for start, end in _pieces(text, match.start(), match.end()):
            out.append(escape(text[last:start]))
            out.append(Markup("<bdi>{}</bdi>").format(text[start:end]))
            last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The run split at every unmatched bracket or quote, each piece trimmed of spaces and of a
    pair of brackets or quotes around all of it."""
    cuts = _unmatched(text, start, end)
    pieces = []
    for left, right in zip([start, *(c + 1 for c in cuts)], [*cuts, end], strict=True):
        while left < right and text[left] == " ":
            left += 1
        while right > left and text[right - 1] == " ":
            right -= 1
        if right - left > 2 and _pair_around(text[left:right]):
            pieces += _pieces(text, left + 1, right - 1)
        elif left < right and re.search(rf"[{_LETTER}]", text[left:right]):
            pieces.append((left, right))
    return pieces


def _unmatched(text: str, start: int, end: int) -> list[int]:
    """Positions of the brackets and quotes in text[start:end] that have no partner there."""
    open_at: list[int] = []
    quote_at: int | None = None
    alone = []
    for i in range(start, end):
        char = text[i]
        if char in _OPENING:
            open_at.append(i)
        elif char in _CLOSING:
            if open_at and text[open_at[-1]] == _CLOSING[char]:
                open_at.pop()
            else:
                alone.append(i)
        elif char == '"':
            quote_at = i if quote_at is None else None
    alone += open_at + ([quote_at] if quote_at is not None else [])
    return sorted(alone)


def _pair_around(run: str) -> bool:
    """Whether the run's first and last characters are a bracket or quote pair enclosing it."""
    first, last = run[0], run[-1]
    if first == last == '"':
        return '"' not in run[1:-1]
    return _OPENING.get(first) == last and not _unmatched(run, 1, len(run) - 1)

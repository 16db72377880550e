"""What a person types on a phone, read as the form fields the web page would post: option
numbers, several numbers, a date in the order their language writes it, a country's name.
Anything unreadable becomes fields the form refuses, so its own message (in the person's
language) says what is wrong."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from babel import Locale
from babel.dates import get_month_names
from werkzeug.datastructures import MultiDict

from portal.flows.forms import ascii_digits, country_choices
from portal.rules.model import Question

REFUSED = "\x00"  # no option, date part or country has this value: the form says why
DATE_PARTS = ("day", "month", "year")
SEPARATORS = re.compile(r"[\s,;/.\-]+")
MANY = 9  # more countries than this matching what was typed: ask for more of the name
# Arabic and Persian keyboards give different code points for the same letters (yeh, kaf, and
# teh marbuta for heh): a Dari speaker on an Arabic keyboard types the same word differently.
ONE_LETTER = str.maketrans(
    {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647"}
)


def folded(text: str) -> str:
    """Lower case without accents or extra spaces: "  Perú " and "peru" are the same word, and
    so are Arabic and Persian spellings of the same letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(bare.translate(ONE_LETTER).split())


def number(text: str) -> int | None:
    """A whole number typed on any of the keyboards forms.ascii_digits reads."""
    digits = ascii_digits(text.strip())
    return int(digits) if digits is not None and len(digits) <= 4 else None


def option_value(question: Question, text: str) -> str:
    """The option a number picks ("2" is the second), or a value the form refuses."""
    picked = number(text)
    if picked is None:
        return REFUSED if text.strip() else ""
    if 1 <= picked <= len(question.options):
        return question.options[picked - 1].value
    return REFUSED


def choice_fields(question: Question, text: str) -> MultiDict:
    return MultiDict({"answer": option_value(question, text)})


def multi_fields(question: Question, text: str) -> MultiDict:
    """ "1,3", "1 3" or "1;3": one answer per number."""
    parts = [p for p in SEPARATORS.split(text.strip()) if p]
    return MultiDict([("answer", option_value(question, p)) for p in dict.fromkeys(parts)])


@cache
def date_order(locale: str) -> tuple[str, ...]:
    """("day", "month", "year") in the order the locale's short date pattern writes them:
    day month year in es, pt_BR and fr; month day year in en."""
    pattern = Locale.parse(locale).date_formats["short"].pattern
    where = {part: pattern.find(letter) for part, letter in zip(DATE_PARTS, "dMy", strict=True)}
    return tuple(sorted(DATE_PARTS, key=lambda part: where[part] % 1000))


def month_number(word: str, locale: str) -> int | None:
    """A month typed as a word, "marzo" or "mar", in the person's language or English."""
    word = folded(word).rstrip(".")
    if len(word) < 3:
        return None
    for language in dict.fromkeys((locale, "en")):
        for width in ("wide", "abbreviated"):
            names = get_month_names(width, locale=language)
            for month, name in names.items():
                if folded(name).rstrip(".") == word or (
                    width == "wide" and folded(name).startswith(word)
                ):
                    return month
    return None


def date_fields(question: Question, text: str, locale: str) -> MultiDict:
    """The day, month and year boxes, filled from the parts typed in the locale's order."""
    order = [part for part in date_order(locale) if question.type == "date" or part != "day"]
    parts = [p for p in SEPARATORS.split(text.strip()) if p]
    values: list[str] = []
    for part in parts:
        digits = ascii_digits(part)
        month = month_number(part, locale) if digits is None else None
        values.append(digits if digits is not None else str(month) if month else REFUSED)
    if values and len(values) != len(order):
        values = [REFUSED] * len(order)  # "Enter the date in numbers, …"
    return MultiDict(dict(zip(order, values or [""] * len(order), strict=True)))


@cache
def _country_names(locale: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each country's code and the folded names a person may type for it."""
    names: dict[str, list[str]] = {}
    for language in dict.fromkeys((locale, "en")):
        for choice in country_choices(language):
            names.setdefault(choice.value, []).append(folded(str(choice.label)))
    return tuple((code, tuple(dict.fromkeys(found))) for code, found in names.items())


def countries_matching(text: str, locale: str) -> list[str]:
    """ISO codes of the countries a typed name fits: the one named exactly (or by its code);
    otherwise every one with a word starting with what was typed, in the language's order."""
    typed = folded(text)
    if not typed:
        return []
    named = _country_names(locale)
    exact = [code for code, found in named if typed in found or typed == code.casefold()]
    if exact:
        return exact[:1]
    if len(typed) < 3:
        return []
    return [code for code, found in named if any(_starts_a_word(typed, n) for n in found)]


def _starts_a_word(typed: str, name: str) -> bool:
    return name.startswith(typed) or f" {typed}" in name or f"-{typed}" in name


def country_names(codes: Iterable[str], locale: str) -> dict[str, str]:
    """The names the country question lists, in the person's language."""
    wanted = set(codes)
    return {c.value: str(c.label) for c in country_choices(locale) if c.value in wanted}

"""Every catalog passes a PO linter, so what a translator types cannot break a page or read
badly: variables and HTML as in the source, the same kind of punctuation at the end, no doubled
spaces.

Variables and HTML are dennis's checks (https://github.com/mozilla/dennis). dennis looks at
neither end punctuation nor spacing, so those two are small checks of our own below.
tests/test_translations.py also compares placeholders, every plural form included.
Every catalog in translations/ is linted, a new locale's as soon as its folder exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from dennis.linter import Linter, get_lint_rules
from dennis.tools import parse_pofile

from tests.helpers_i18n import TRANSLATIONS

CATALOGS = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))

# Every dennis rule but W302 ("translated string is same as source string"): the names of
# offices and organisations, "Total" or "No" are rightly the same in several languages.
LINTER = Linter(
    ["python-format", "python-brace-format"],
    sorted(rule for rule in get_lint_rules() if rule != "W302"),
)

# End punctuation, ours: a translation ends with the same kind of mark as its source, in its
# script's own form. Whitespace before the mark does not count (French puts a space, normal or
# no-break, before ? ! : ;), nor does an opening mark (Spanish ¿…? and ¡…!).
END_MARKS = {
    "...": "…",
    "…": "…",
    ".": ".",
    "۔": ".",  # Arabic full stop (Pashto, Urdu); "." is used in Arabic, Dari and Pashto too
    "?": "?",
    "؟": "?",  # Arabic question mark (Arabic, Dari, Pashto)
    "!": "!",
    ":": ":",
    ";": ";",
    "؛": ";",  # Arabic semicolon
    ",": ",",
    "،": ",",  # Arabic comma
}
# Closing brackets and quotes are looked through: "(see below)." and "(see below.)" both end
# with a full stop.
CLOSERS = ")]}\"'’”»›"
NAMES = {"": "no punctuation", ".": "a full stop", "…": "…", "?": "?", "!": "!", ":": ":"}
# Two or more spaces in a row, of any width (normal, no-break, narrow no-break, thin).
DOUBLE_SPACE = re.compile(r"[ \u00a0\u202f\u2009]{2,}")


def end_mark(text: str) -> tuple[str, bool]:
    """The kind of mark text ends with ("" for none), and whether a bracket or quote closes it."""
    text = text.rstrip()
    inner = text.rstrip(CLOSERS).rstrip()
    for mark, kind in END_MARKS.items():  # "..." before "."
        if inner.endswith(mark):
            return kind, inner != text
    return "", inner != text


def end_punctuation(source: str, translation: str) -> str | None:
    want, source_closed = end_mark(source)
    have, closed = end_mark(translation)
    if want == have or not translation.strip():
        return None
    # A colon before a list may be left out (or added) as the language prefers; a colon or none
    # is never a real problem elsewhere either (a heading, a label).
    if {want, have} == {":", ""}:
        return None
    # By a closing bracket or quote, where the full stop goes (or whether there is one) is the
    # language's convention: "(see below)" can become "(ver abajo)." in a sentence of its own.
    if {want, have} == {".", ""} and (source_closed or closed):
        return None
    return f"ends with {NAMES.get(have, have)} where the source ends with {NAMES.get(want, want)}"


def doubled_space(source: str, translation: str) -> str | None:
    if len(DOUBLE_SPACE.findall(translation)) <= len(DOUBLE_SPACE.findall(source)):
        return None
    match = DOUBLE_SPACE.search(translation)
    assert match is not None
    around = translation[max(match.start() - 15, 0) : match.end() + 15]
    return f"doubled space: {around!r}"


def forms(entry) -> list[tuple[str, str]]:
    """(source, translation) for each form: the singular against msgid, the others against
    msgid_plural."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if n == 0 else entry.msgid_plural, text)
        for n, text in sorted(entry.msgstr_plural.items())
    ]


@dataclass(frozen=True)
class Problem:
    catalog: str  # "fr messages"
    line: int
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.catalog} (line {self.line}) msgid {self.msgid!r}: {self.what}"


def problems(path: Path) -> list[Problem]:
    """Every problem in one catalog (translated entries only: fuzzy ones are never shown)."""
    catalog = f"{path.parent.parent.name} {path.stem}"
    found = []
    # Read here and passed as text: given a path, dennis leaves the file open.
    for entry in parse_pofile(path.read_text(encoding="utf-8")).translated_entries():
        what = [f"{m.code} {m.msg}" for m in LINTER.lint_poentry(entry)]
        for source, translation in forms(entry):
            for check in (end_punctuation, doubled_space):
                problem = check(source, translation)
                if problem and problem not in what:
                    what.append(problem)
        found += [Problem(catalog, entry.linenum, entry.msgid, w) for w in what]
    return found


@pytest.mark.parametrize(
    "path", CATALOGS, ids=[f"{p.parent.parent.name}-{p.stem}" for p in CATALOGS]
)
def test_catalog_passes_the_po_linter(path):
    found = problems(path)
    assert not found, f"{len(found)} problems in {path}:\n" + "\n".join(map(str, found))


# A Spanish catalog with one of each problem, then entries that must pass. "<NBSP>" stands for a
# no-break space.
BAD = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Language: es\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#, python-format
msgid "Printed on %(date)s."
msgstr "Impreso el %(fecha)s."

msgid "Open <a href=\"/help\">the help page</a>."
msgstr "Abra <b>la página de ayuda</b>."

msgid "Are you sure?"
msgstr "¿Está seguro."

msgid "Delete my answers now"
msgstr "Borrar  mis respuestas ahora"

msgid "Where are you now?"
msgstr "Où êtes-vous maintenant<NBSP> ?"

#, python-format
msgid "%(num)d document"
msgid_plural "%(num)d documents"
msgstr[0] "%(num)d documento."
msgstr[1] "%(num)d documentos"

msgid "What do you want to do?"
msgstr "¿Qué quiere hacer?"

msgid "Are you in Brazil now?"
msgstr "Êtes-vous au Brésil maintenant<NBSP>?"

msgid "Which country are you in now?"
msgstr "په کوم هېواد کې یاست؟"

msgid "Keep this page."
msgstr "دا پاڼه وساتئ۔"

msgid "Bring these documents:"
msgstr "Traiga estos documentos"

msgid "Fees (if any)"
msgstr "Tasas (si las hay)."

msgid "Loading..."
msgstr "Cargando…"

msgid "Save"
msgstr "Save"

#, fuzzy
msgid "Continue."
msgstr "Continuar  ahora"
"""


def test_the_linter_reports_each_kind_of_problem(tmp_path):
    path = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(BAD.replace("<NBSP>", "\u00a0"), encoding="utf-8")
    found = problems(path)
    report = "\n".join(map(str, found))
    assert sorted((p.msgid, p.what.split(":")[0]) for p in found) == [
        ("%(num)d document", "ends with a full stop where the source ends with no punctuation"),
        ("Are you sure?", "ends with a full stop where the source ends with ?"),
        ("Delete my answers now", "doubled space"),
        ('Open <a href="/help">the help page</a>.', "W303 different html"),
        ("Printed on %(date)s.", "E201 invalid variables"),
        ("Printed on %(date)s.", "W202 missing variables"),
        ("Where are you now?", "doubled space"),
    ], report
    # What a translator reads when `make test` fails: locale, domain, line, msgid, problem.
    assert (
        "es messages (line 8) msgid 'Printed on %(date)s.': E201 invalid variables: %(fecha)s"
        in report
    )
    assert "W202 missing variables: %(date)s" in report
    assert 'W303 different html: "</a>" vs. "</b>"' in report
    assert "doubled space: 'Borrar  mis respuestas '" in report

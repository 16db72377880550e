"""What a person types: the words for back, exit and start in every language, and the same
word typed on an Arabic or a Persian keyboard."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, pgettext

from portal.chat.typed import folded
from portal.i18n import LOCALES
from tests.chat.conftest import Person, chat_context


def word(locale: str, name: str) -> str:
    with force_locale(locale):
        return pgettext("typed word", name)


@pytest.mark.parametrize("locale", list(LOCALES.values()))
def test_every_language_has_three_different_words_and_each_works(app, locale):
    with chat_context(app):
        words = {name: word(locale, name) for name in ("back", "exit", "start")}
        assert len({folded(w) for w in words.values()}) == 3, words
        person = Person()
        person.says("hola")
        person.says(str(list(LOCALES.values()).index(locale) + 1))  # the language menu
        country_menu = person.replies[-1]  # after a note on privacy, said once
        assert "Twilio" in country_menu
        person.says("1")  # the first country: its guide menu
        menu_again = person.says(words["back"].upper())
        assert country_menu.endswith(menu_again) and len(menu_again) < len(country_menu)
        person.says("1")
        assert person.says(f"  {words['start']} ") == menu_again
        person.says(words["exit"])
        assert person.state is None


@pytest.mark.parametrize(
    ("one", "other"),
    [("كابل", "کابل"), ("علي", "علی"), ("مدرسة", "مدرسه"), ("  Perú ", "peru"), ("ÉXITO", "exito")],
)
def test_one_word_typed_on_different_keyboards_reads_the_same(one, other):
    assert folded(one) == folded(other)

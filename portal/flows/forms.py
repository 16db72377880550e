"""One WTForms form per question type. Labels and option texts come from content and are
translated when the form is built for the person's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates it (WTForms 3.3)
from wtforms.validators import AnyOf, InputRequired, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal import clock
from portal.formats import TERRITORY_FALLBACK, recorded_country_names
from portal.i18n import content_text
from portal.rules.countries import COUNTRY_CODES, country_options
from portal.rules.model import YES_NO_EXTRAS, Question

CHOOSE_SHOWN = _l("Select one of the options shown")
# What a question left unanswered says, unless its content gives its own `error:`.
UNANSWERED = {
    "choice": _l("Select the answer that fits your situation"),
    "yes_no": _l("Select yes or no"),
    "multi": _l("Select every answer that fits your situation"),
    "country": _l("Choose a country"),
    "number": _l("Enter a number"),
    "date": _l("Enter the day, month and year"),
    "month_year": _l("Enter the month and year"),
}
# The default when the question also offers "I don't know" or "I prefer not to say": those
# answers are named, so that nobody thinks they must answer yes, no or a country.
OFFERING = {
    "yes_no": (
        # TRANSLATORS: %(first)s is one more answer offered, e.g. "I don't know", translated.
        _l("Select yes or no, or choose “%(first)s”"),
        # TRANSLATORS: %(first)s and %(second)s are "I don't know" and "I prefer not to say".
        _l("Select yes or no, or choose “%(first)s” or “%(second)s”"),
    ),
    # TRANSLATORS: %(first)s is the answer "I prefer not to say", translated.
    "country": (_l("Choose a country, or choose “%(first)s”"),),
}


# Digits typed on Arabic (U+0660-0669) and Persian (U+06F0-06F9) keyboards, read as ASCII.
# Every other character that str.isdigit() accepts (full-width, superscripts, circled numbers)
# is refused: int() fails on some of them, and nobody here types them on purpose.
_KEYBOARD_DIGITS = str.maketrans(
    {chr(base + n): str(n) for base in (0x0660, 0x06F0) for n in range(10)}
)


def ascii_digits(text: str) -> str | None:
    """The digits of `text` in ASCII, or None unless every character is a digit of one of
    those keyboards (several in one number are read too: Arabic and Persian layouts mix)."""
    digits = text.translate(_KEYBOARD_DIGITS)
    return digits if digits.isascii() and digits.isdigit() else None


def fallback(locale: str) -> str:
    return TERRITORY_FALLBACK.get(locale.split("_")[0], "en")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class QuestionForm(FlaskForm):
    """Base: subclasses expose `answer_value()` giving the value to store."""

    def answer_value(self) -> Any:
        return self.answer.data

    def first_error_id(self) -> str:
        return "answer"

    @staticmethod
    def prefill_data(value: Any) -> dict[str, Any]:
        return {"answer": value}


def _option_label(option) -> str:
    return _(option.label) if option.ui_label else content_text(option.label)


def unanswered_message(question: Question) -> str:
    """The message for a question left unanswered: the content's own `error:`, or the type's
    default, which names the "I don't know" and "I prefer not to say" answers it offers."""
    if question.error:
        return content_text(question.error)
    extras = [_(o.label) for o in question.options if o.ui_label and o.value in YES_NO_EXTRAS]
    if extras and question.type in OFFERING:
        names = dict(zip(("first", "second"), extras, strict=False))
        return OFFERING[question.type][len(extras) - 1] % names
    return str(UNANSWERED[question.type])


class _Choices(QuestionForm):
    def first_error_id(self) -> str:
        return "answer-0"


def choice_form(question: Question) -> type[QuestionForm]:
    values = [o.value for o in question.options]

    class ChoiceForm(_Choices):
        answer = RadioField(
            choices=[SelectChoice(o.value, _option_label(o)) for o in question.options],
            validators=[
                InputRequired(message=unanswered_message(question)),
                AnyOf(values, message=CHOOSE_SHOWN),
            ],
            validate_choice=False,
        )

    return ChoiceForm


def multi_form(question: Question) -> type[QuestionForm]:
    values = set(question.option_values())

    def only_known(form, field: Field) -> None:
        if not set(field.data or []) <= values:
            raise ValidationError(str(CHOOSE_SHOWN))

    class MultiForm(_Choices):
        answer = MultiCheckboxField(
            choices=[SelectChoice(o.value, _option_label(o)) for o in question.options],
            validators=[InputRequired(message=unanswered_message(question)), only_known],
            validate_choice=False,
        )

    return MultiForm


def country_choices(locale: str) -> list[SelectChoice]:
    """One option per country. A name in the fallback language (French on an ht page, where
    content/names/ht.yaml records no Creole name) says so: <option lang="fr">."""
    options = country_options(locale, fallback(locale), recorded_country_names(locale))
    return [
        SelectChoice(code, name, render_kw={"lang": lang} if lang else {})
        for code, name, lang in options
    ]


def country_form(question: Question, locale: str) -> type[QuestionForm]:
    declines = [SelectChoice(o.value, _(o.label)) for o in question.options]  # prefer_not

    class CountryForm(QuestionForm):
        answer = SelectField(
            choices=[SelectChoice("", _("Choose a country")), *declines, *country_choices(locale)],
            validators=[
                InputRequired(message=unanswered_message(question)),
                AnyOf(
                    sorted(COUNTRY_CODES | {c.value for c in declines}),
                    message=_l("Choose a country from the list"),
                ),
            ],
            validate_choice=False,
        )

    return CountryForm


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        if valuelist and valuelist[0].strip():
            digits = ascii_digits(valuelist[0].strip())
            if digits is None or len(digits) > 9:
                raise ValueError(str(_l("Enter a whole number, like 3")))
            self.data = int(digits)


def number_form(question: Question) -> type[QuestionForm]:
    low = int(question.min) if question.min is not None else 0
    high = int(question.max) if question.max is not None else 1000

    class NumberForm(QuestionForm):
        answer = WholeNumberField(
            validators=[
                InputRequired(message=unanswered_message(question)),
                NumberRange(low, high, message=_l("Enter a number from %(min)s to %(max)s")),
            ]
        )

    return NumberForm


class DateForm(QuestionForm):
    """GOV.UK-style date input: separate day, month and year boxes."""

    day = StringField(_l("Day"))
    month = StringField(_l("Month"))
    year = StringField(_l("Year"))
    with_day = True
    unanswered: Any = UNANSWERED["date"]  # date_form() gives the question's own

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        parts = {"day": self.day.data, "month": self.month.data, "year": self.year.data}
        if not self.with_day:
            parts["day"] = "1"
        texts = {k: (v or "").strip() for k, v in parts.items()}
        if not any(texts.values()) or (
            not self.with_day and not any(texts[k] for k in ("month", "year"))
        ):
            self.year.errors = [self.unanswered]
            return False
        digits = [ascii_digits(texts[k]) for k in ("year", "month", "day")]
        numbers = [int(d) for d in digits if d is not None and len(d) <= 4]
        if len(numbers) < 3:
            self.year.errors = [_("Enter the date in numbers, for example 27 3 2015")]
            return False
        year, month, day = numbers
        if year < 1900:
            self.year.errors = [_("Enter the year with 4 numbers, for example 2015")]
            return False
        try:
            when = dt.date(year, month, day)
        except ValueError:
            self.year.errors = [_("Enter a real date")]
            return False
        if when > clock.today():
            self.year.errors = [_("The date must be today or in the past")]
            return False
        self.value = when.isoformat() if self.with_day else when.isoformat()[:7]
        return True

    def answer_value(self) -> Any:
        return self.value

    def first_error_id(self) -> str:
        return "day" if self.with_day else "month"

    @staticmethod
    def prefill_data(value: Any) -> dict[str, Any]:
        parts = str(value).split("-")
        data = {"year": parts[0], "month": str(int(parts[1]))} if len(parts) >= 2 else {}
        if len(parts) == 3:
            data["day"] = str(int(parts[2]))
        return data


class MonthYearForm(DateForm):
    with_day = False
    unanswered = UNANSWERED["month_year"]


def date_form(question: Question, base: type[DateForm]) -> type[QuestionForm]:
    class QuestionDateForm(base):  # type: ignore[valid-type,misc]
        unanswered = unanswered_message(question)

    return QuestionDateForm


def form_class(question: Question, locale: str) -> type[QuestionForm]:
    if question.type in ("choice", "yes_no"):
        return choice_form(question)
    if question.type == "multi":
        return multi_form(question)
    if question.type == "country":
        return country_form(question, locale)
    if question.type == "number":
        return number_form(question)
    if question.type == "date":
        return date_form(question, DateForm)
    return date_form(question, MonthYearForm)

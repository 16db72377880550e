"""The optional "help us improve services" questions and the dashboard's filters."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, RadioField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates it (WTForms 3.3)
from wtforms.validators import AnyOf, Optional, ValidationError

from portal.flows.forms import country_choices
from portal.rules.countries import COUNTRY_CODES

PREFER_NOT = ("prefer_not", _l("Prefer not to say"))
AGE_BANDS = [
    ("under_18", _l("Under 18")),
    ("18_24", _l("18 to 24")),
    ("25_34", _l("25 to 34")),
    ("35_49", _l("35 to 49")),
    ("50_64", _l("50 to 64")),
    ("65_plus", _l("65 or older")),
    PREFER_NOT,
]
GENDERS = [
    ("woman", _l("Woman")),
    ("man", _l("Man")),
    # TRANSLATORS: a gender option in an anonymous survey, for people who are neither or both.
    ("another", _l("Another gender")),
    PREFER_NOT,
]
STATELESS = ("stateless", _l("Stateless (no nationality)"))
NATIONALITY_VALUES = [*sorted(COUNTRY_CODES), STATELESS[0], PREFER_NOT[0]]
CHOOSE_SHOWN = _l("Select one of the options shown")


def _radio(label, options) -> RadioField:
    values = [value for value, _ in options]
    return RadioField(
        label,
        choices=[SelectChoice(value, text) for value, text in options],
        validators=[Optional(), AnyOf(values, message=CHOOSE_SHOWN)],
        validate_choice=False,
    )


class ProfileForm(FlaskForm):
    """Every question is optional; each answer is counted on its own and never stored."""

    age_band = _radio(_l("Your age"), AGE_BANDS)
    gender = _radio(_l("Your gender"), GENDERS)
    nationality = SelectField(
        _l("Your nationality"),
        validators=[Optional(), AnyOf(NATIONALITY_VALUES, message=CHOOSE_SHOWN)],
        validate_choice=False,
    )

    def __init__(self, locale: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.nationality.choices = [
            SelectChoice("", _l("Choose (optional)")),
            *country_choices(locale),  # the flows' list: French fallbacks marked on ht pages
            SelectChoice(*STATELESS),
            SelectChoice(*PREFER_NOT),
        ]

    def answers(self) -> dict[str, str]:
        return {
            name: self[name].data
            for name in ("age_band", "gender", "nationality")
            if self[name].data
        }


def month_label(month: dt.date) -> str:
    return month.strftime("%Y-%m")


def offered(form, field) -> None:
    field.data = field.data or ""  # a filter left out means "All"
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(str(CHOOSE_SHOWN))


class FilterForm(Form):
    """GET form: a period of whole months, then optional country, pathway, language, channel
    and municipality. Only values that were offered are accepted."""

    start = SelectField(_l("From"), validators=[offered], validate_choice=False)
    until = SelectField(_l("Until"), validators=[offered], validate_choice=False)
    country = SelectField(_l("Country"), validators=[offered], validate_choice=False)
    pathway = SelectField(_l("Pathway"), validators=[offered], validate_choice=False)
    language = SelectField(_l("Language"), validators=[offered], validate_choice=False)
    channel = SelectField(_l("Channel"), validators=[offered], validate_choice=False)
    # TRANSLATORS: a statistics filter: the city where a journey happened (the desk's city, or
    # the one the person chose).
    municipality = SelectField(_l("Municipality"), validators=[offered], validate_choice=False)

    def set_choices(self, months: list[dt.date], **options: list[tuple[str, str]]) -> None:
        month_choices = [SelectChoice(month_label(m), month_label(m)) for m in months]
        self.start.choices = month_choices
        self.until.choices = month_choices
        everything = SelectChoice("", _l("All"))
        for name, pairs in options.items():
            field = self[name]
            if not isinstance(field, SelectField):
                raise TypeError(f"'{name}' is not one of the filters offering choices")
            field.choices = [everything] + [SelectChoice(v, t) for v, t in pairs]

    def validate_until(self, field) -> None:
        if (self.start.data or "") > (field.data or ""):
            raise ValidationError(str(_l("The end of the period must not be before its start")))

    def first_error_id(self) -> str:
        return next(iter(self.errors), "start")

"""The blank checklist's "where each answer leads" lines ("If No, go to question 5."), in the
current locale, from the routes the rules engine works out (portal/rules/routes.py)."""

from __future__ import annotations

import datetime as dt

from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

from portal.formats import territories
from portal.i18n import content_text
from portal.rules.lifecycle import shown
from portal.rules.model import Flow, Question
from portal.rules.routes import Branch, Route


def _fill(translated: str, **values: object) -> Markup:
    """A translated pattern filled with values that may already be markup (content strings not
    yet translated carry their lang="en" span); anything else is escaped."""
    return escape(translated) % {k: escape(v) for k, v in values.items()}


def either(items: list[Markup]) -> Markup:
    """'question 3, question 5 or question 7'."""
    if len(items) == 1:
        return items[0]
    # TRANSLATORS: the last two of a list of possibilities, e.g. "question 3, question 5 or the
    # result “Talk to someone”"; %(items)s is the first ones, separated by commas.
    pattern = gettext("%(items)s or %(last)s")
    return _fill(pattern, items=Markup(", ").join(items[:-1]), last=items[-1])


class Lines:
    """Builds the lines for one flow, in the locale current when it is made."""

    def __init__(self, flow: Flow, routes: list[Route], today: dt.date):
        self.flow = flow
        self.numbers = {route.question.id: route.number for route in routes}
        self.today = today
        self.countries = territories(str(get_locale()))

    def _answer(self, question: Question, values: tuple[str, ...]) -> Markup:
        labels = {o.value: o for o in question.options}
        names = []
        for value in values:
            option = labels.get(value)
            if option is None:  # a country code a rule names
                names.append(escape(self.countries.get(value, value)))
            else:
                label = gettext(option.label) if option.ui_label else content_text(option.label)
                # TRANSLATORS: an answer quoted on a paper checklist, as in: If “No”, go to
                # question 5. Use your language's quotation marks.
                names.append(_fill(gettext("“%(answer)s”"), answer=label))
        return either(names)

    def _outcome(self, outcome_id: str) -> Markup:
        outcome = self.flow.outcomes[outcome_id]
        return escape(content_text(shown(self.flow, outcome, self.today).title))

    def _choice(self, node: str) -> Markup:
        if node in self.numbers:
            return _fill(gettext("question %(number)s"), number=self.numbers[node])
        # TRANSLATORS: one of the places an answer may lead to on a paper checklist
        return _fill(gettext("the result “%(outcome)s”"), outcome=self._outcome(node))

    def line(self, question: Question, branch: Branch, alone: bool) -> Markup:
        """alone: the question has this one branch, so every answer leads there."""
        if branch.depends:
            choices = either([self._choice(node) for node in branch.leads])
            if alone:
                text = gettext("What comes next depends on your answers: %(choices)s.")
            elif branch.answers:
                text = gettext(
                    "If %(answer)s, what comes next depends on other answers: %(choices)s."
                )
                return _fill(text, answer=self._answer(question, branch.answers), choices=choices)
            else:
                text = gettext("Otherwise, what comes next depends on other answers: %(choices)s.")
            return _fill(text, choices=choices)
        node = branch.leads[0]
        if node in self.numbers:
            number = self.numbers[node]
            if alone:
                return _fill(gettext("Then go to question %(number)s."), number=number)
            if branch.answers:
                # TRANSLATORS: on a paper checklist: "If No, go to question 5."
                text = gettext("If %(answer)s, go to question %(number)s.")
                answer = self._answer(question, branch.answers)
                return _fill(text, answer=answer, number=number)
            return _fill(gettext("Otherwise, go to question %(number)s."), number=number)
        outcome = self._outcome(node)
        if alone:
            return _fill(gettext("Then the questions end here: “%(outcome)s”."), outcome=outcome)
        if branch.answers:
            text = gettext("If %(answer)s, the questions end here: “%(outcome)s”.")
            return _fill(text, answer=self._answer(question, branch.answers), outcome=outcome)
        return _fill(gettext("Otherwise, the questions end here: “%(outcome)s”."), outcome=outcome)


def route_lines(flow: Flow, routes: list[Route], today: dt.date) -> dict[str, list[Markup]]:
    """For each question id, its lines in the current locale, in the order of its branches."""
    lines = Lines(flow, routes, today)
    return {
        route.question.id: [
            lines.line(route.question, branch, len(route.branches) == 1)
            for branch in route.branches
        ]
        for route in routes
    }

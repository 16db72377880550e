"""Which languages a release requires, declared by each flow (`required_languages:`, read by
rules/language_tags.py), and the content strings that makes required in each. `flask
translations status` and the tests check them, so adding a country or a language is a content
change, not a Python one."""

from __future__ import annotations

from collections.abc import Iterable

from portal.rules.extract import flow_strings, office_strings
from portal.rules.library import ContentLibrary
from portal.rules.model import Flow, Office


def required_flows(library: ContentLibrary) -> dict[str, tuple[str, ...]]:
    """Each required locale and the flows that require it, in the library's order."""
    by_locale: dict[str, list[str]] = {}
    for flow in library.flows.values():
        for locale in flow.required_languages:
            by_locale.setdefault(locale, []).append(flow.id)
    return {locale: tuple(flows) for locale, flows in sorted(by_locale.items())}


def _offices_shown(library: ContentLibrary, flows: list[Flow], locale: str) -> Iterable[Office]:
    """A country with a flow that requires the locale shows all its offices in it (its office
    directory, linked from that flow's pages, lists them all); a flow for every country
    (help-me-choose) shows the offices its outcomes send people to in each country."""
    countries = {flow.country for flow in flows}
    for country in sorted(countries):
        if country != "ALL":
            yield from (o for o in library.offices.values() if o.country == country)
            continue
        for flow in (f for f in flows if f.country == country):
            services = tuple({s for o in flow.outcomes.values() for s in o.services})
            for host in library.countries:
                yield from library.offices_for(host, services)


def required_strings(library: ContentLibrary, locale: str) -> list[str]:
    """The content strings `locale` must have translated for a release."""
    flows = [library.flows[f] for f in required_flows(library).get(locale, ())]
    if not flows:
        return []
    strings: list[str] = []
    for pathway in library.pathways.values():
        strings += [pathway.title, pathway.description]
    for flow in flows:
        strings += [text for text, _path, _line in flow_strings(flow)]
    for office in _offices_shown(library, flows, locale):
        strings += office_strings(office)
    return strings

"""Load and validate everything under content/: countries, pathways, offices, flows and names."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from portal.rules.checks import check_flow
from portal.rules.errors import ContentError, Problem, Reporter, did_you_mean
from portal.rules.evidence import check_evidence
from portal.rules.fields import Fields
from portal.rules.flowfile import parse_flow
from portal.rules.language_tags import parse_language
from portal.rules.model import SAFEGUARD_KINDS, Country, Flow, Office, Pathway, Where
from portal.rules.offices import STALE_AFTER_DAYS, load_offices
from portal.rules.scenarios import run_scenarios, unreached
from portal.rules.sourced_names import SourcedNames, load_sourced_names
from portal.rules.yamlload import read_content


@dataclass
class ContentLibrary:
    root: Path
    countries: dict[str, Country] = field(default_factory=dict)
    pathways: dict[str, Pathway] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    names: dict[str, SourcedNames] = field(default_factory=dict)  # content/names/, by language
    problems: list[Problem] = field(default_factory=list)
    _routes: dict[tuple[str, str], Flow] = field(default_factory=dict, repr=False, compare=False)

    def flow(self, country: str, pathway: str) -> Flow | None:
        """The flow for a host country, or one written for every country (flows/all/)."""
        found = self._routes.get((country, pathway))
        if found is None:
            if country.upper() not in self.countries:
                return None
            found = self.flows.get(f"{country.lower()}/{pathway}") or self.flows.get(
                f"all/{pathway}"
            )
            if found is not None:  # only real flows: odd URLs must not fill the table
                self._routes[(country, pathway)] = found
        return found

    def flows_in(self, country: str) -> list[Flow]:
        """The country's pathway flows, in the order of pathways.yaml."""
        order = list(self.pathways)
        found = [
            f
            for f in self.flows.values()
            if f.country == country.upper() and self.pathways[f.pathway].kind == "pathway"
        ]
        return sorted(found, key=lambda f: order.index(f.pathway) if f.pathway in order else 99)

    def offices_for(self, country: str, services: tuple[str, ...]) -> list[Office]:
        return [
            o
            for o in self.offices.values()
            if o.country == country.upper() and set(o.services) & set(services)
        ]


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(root.rglob("*.yaml"))
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)


# One library per content folder, for the last few folders used: production reads one; the
# tests make apps on copies of content/ between apps on the shipped one, which would otherwise
# be loaded again (about a second) after each of them.
_CACHE: OrderedDict[str, tuple[tuple, ContentLibrary]] = OrderedDict()
_FOLDERS_KEPT = 4


def load_library_cached(root: Path | str, today: dt.date) -> ContentLibrary:
    """load_library, reused while no content file of the folder changes and the day is the
    same (many apps in one process, as in tests, share one validated library)."""
    root = Path(root)
    folder, key = str(root.resolve()), (today, _signature(root))
    kept = _CACHE.get(folder)
    if kept is None or kept[0] != key:
        kept = _CACHE[folder] = (key, load_library(root, today=today))
    _CACHE.move_to_end(folder)
    while len(_CACHE) > _FOLDERS_KEPT:
        _CACHE.popitem(last=False)
    return kept[1]


def load_library(
    root: Path | str, today: dt.date | None = None, strict: bool = True
) -> ContentLibrary:
    """Load content/. With strict, any error raises ContentError naming every file:line."""
    root = Path(root)
    today = today or dt.date.today()
    report = Reporter()
    library = ContentLibrary(root)
    _load_countries(library, report)
    _load_pathways(library, report)
    library.offices = load_offices(root, library.countries, report, today)
    library.names = load_sourced_names(root, report)
    for path in sorted((root / "flows").glob("*/*.yaml")):
        name, raw = read_content(root, path, report)
        if raw is None:
            continue
        flow = parse_flow(raw, name, report)
        if flow is None:
            continue
        expected = f"{path.parent.name}/{path.stem}"
        if flow.id != expected:
            report.error(name, 1, f"'flow: {flow.id}' does not match the file's place ({expected})")
            continue
        pathway = library.pathways.get(flow.pathway)
        check_flow(flow, report, pathway.safeguards if pathway else ())
        check_evidence(flow, report, today)
        _check_links(library, flow, report, today)
        library.flows[flow.id] = flow
    if not report.errors:
        _check_scenarios(library, report, today)
    library.problems = sorted(report.problems)
    if strict and report.errors:
        raise ContentError(report.errors)
    return library


def _load_countries(library: ContentLibrary, report: Reporter) -> None:
    name, raw = read_content(library.root, library.root / "countries.yaml", report)
    for code, craw in (raw or {}).items():
        keys = {"currency", "paper", "language"}
        f = Fields(craw, name, report, f"country '{code}'", keys, raw.line_of(code))
        currency, paper = f.word("currency"), f.word("paper", choices=("A4", "letter"))
        language = parse_language(f, name, report)
        if currency and paper and language:
            library.countries[str(code)] = Country(
                str(code), currency, paper, Where(name, f.line), language
            )


def _load_pathways(library: ContentLibrary, report: Reporter) -> None:
    name, raw = read_content(library.root, library.root / "pathways.yaml", report)
    keys = {"title", "description", "kind", "icon", "safeguards"}
    for pid, praw in (raw or {}).items():
        f = Fields(praw, name, report, f"pathway '{pid}'", keys, raw.line_of(pid))
        title, description = f.text("title"), f.text("description")
        kind = f.word("kind", required=False, choices=("pathway", "triage")) or "pathway"
        safeguards = f.words("safeguards")
        for safeguard in safeguards:
            if safeguard not in SAFEGUARD_KINDS:
                report.error(name, f.line_of("safeguards"), f"unknown safeguard '{safeguard}'")
        if title and description:
            library.pathways[pid] = Pathway(
                pid, title, description, Where(name, f.line), kind,
                f.word("icon", required=False), safeguards,
            )  # fmt: skip


def _check_links(library: ContentLibrary, flow: Flow, report: Reporter, today: dt.date) -> None:
    path = flow.where.path
    if flow.country not in library.countries and flow.country != "ALL":
        report.error(path, 1, f"country '{flow.country}' is not in countries.yaml")
    if flow.pathway not in library.pathways:
        report.error(path, 1, f"pathway '{flow.pathway}' is not in pathways.yaml")
    if (today - flow.last_reviewed).days > STALE_AFTER_DAYS:
        report.warning(
            path, 1, f"{flow.id} was last reviewed on {flow.last_reviewed}, over 12 months ago"
        )
    for outcome in flow.outcomes.values():
        for pathway in (r.pathway for r in outcome.related):
            if pathway not in library.pathways:
                report.error(
                    path,
                    outcome.line_of("related"),
                    f"outcome '{outcome.id}' relates to unknown pathway '{pathway}'"
                    + did_you_mean(pathway, library.pathways),
                )
        countries = list(library.countries) if flow.country == "ALL" else [flow.country]
        closed_services = outcome.if_closed.services if outcome.if_closed else None
        for service in {*outcome.services, *(closed_services or ())}:
            for country in countries:
                if not library.offices_for(country, (service,)):
                    message = f"no office in {country} offers service '{service}'"
                    report.error(path, outcome.line_of("offices"), message)
        if outcome.valid_until and outcome.valid_until < today:
            report.warning(
                path,
                outcome.where.line,
                f"outcome '{outcome.id}' rests on a rule that expired on {outcome.valid_until}",
            )
    for source in flow.sources.values():
        if not source.verified:
            report.warning(path, source.where.line, f"source '{source.id}' is marked unverified")


def _check_scenarios(library: ContentLibrary, report: Reporter, today: dt.date) -> None:
    for flow in library.flows.values():
        check_scenarios(flow, report, today)


def check_scenarios(flow: Flow, report: Reporter, today: dt.date) -> int:
    """Run a flow's scenarios, reporting failures and what none reaches; how many ran."""
    results = run_scenarios(flow, today)
    for result in results:
        for failure in result.failures:
            report.error(
                flow.where.path,
                result.scenario.where.line,
                f"scenario '{result.scenario.name}': {failure}",
            )
    if any(not result.visited for result in results):
        return len(results)  # a scenario with impossible answers: what it reaches is unknown
    for node_id in unreached(flow, results):
        node = flow.node(node_id)
        assert node is not None
        report.error(flow.where.path, node.where.line, f"no scenario reaches '{node_id}'")
    return len(results)

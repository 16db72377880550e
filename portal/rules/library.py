"""Load and validate everything under content/: countries, pathways, offices and flows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from portal.rules.checks import check_flow
from portal.rules.errors import ContentError, Problem, Reporter
from portal.rules.fields import Fields
from portal.rules.flowfile import parse_flow
from portal.rules.model import Country, Flow, Office, Pathway, Where
from portal.rules.scenarios import run_scenarios, unreached
from portal.rules.yamlload import YamlSyntaxError, load_yaml

STALE_AFTER_DAYS = 365
OFFICE_KEYS = {
    "name",
    "country",
    "city",
    "address",
    "hours",
    "phone",
    "url",
    "locator_url",
    "note",
    "services",
    "languages",
    "free",
    "no_intermediaries",
    "latitude",
    "longitude",
    "source",
    "last_reviewed",
}


@dataclass
class ContentLibrary:
    root: Path
    countries: dict[str, Country] = field(default_factory=dict)
    pathways: dict[str, Pathway] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def flow(self, country: str, pathway: str) -> Flow | None:
        return self.flows.get(f"{country.lower()}/{pathway}")

    def flows_in(self, country: str) -> list[Flow]:
        order = list(self.pathways)
        found = [f for f in self.flows.values() if f.country == country.upper()]
        return sorted(found, key=lambda f: order.index(f.pathway) if f.pathway in order else 99)

    def offices_for(self, country: str, services: tuple[str, ...]) -> list[Office]:
        return [
            o
            for o in self.offices.values()
            if o.country == country.upper() and set(o.services) & set(services)
        ]


def _relative(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read(root: Path, path: Path, report: Reporter):
    name = _relative(root, path)
    try:
        return name, load_yaml(path)
    except YamlSyntaxError as exc:
        report.error(name, exc.line, str(exc))
    except FileNotFoundError:
        report.error(name, 1, "file is missing")
    return name, None


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
    _load_offices(library, report, today)
    for path in sorted((root / "flows").glob("*/*.yaml")):
        name, raw = _read(root, path, report)
        if raw is None:
            continue
        flow = parse_flow(raw, name, report)
        if flow is None:
            continue
        expected = f"{path.parent.name}/{path.stem}"
        if flow.id != expected:
            report.error(name, 1, f"'flow: {flow.id}' does not match the file's place ({expected})")
            continue
        check_flow(flow, report)
        _check_links(library, flow, report, today)
        library.flows[flow.id] = flow
    if not report.errors:
        _check_scenarios(library, report, today)
    library.problems = sorted(report.problems)
    if strict and report.errors:
        raise ContentError(report.errors)
    return library


def _load_countries(library: ContentLibrary, report: Reporter) -> None:
    name, raw = _read(library.root, library.root / "countries.yaml", report)
    for code, craw in (raw or {}).items():
        f = Fields(
            craw, name, report, f"country '{code}'", {"currency", "paper"}, raw.line_of(code)
        )
        currency, paper = f.word("currency"), f.word("paper", choices=("A4", "letter"))
        if currency and paper:
            library.countries[str(code)] = Country(str(code), currency, paper, Where(name, f.line))


def _load_pathways(library: ContentLibrary, report: Reporter) -> None:
    name, raw = _read(library.root, library.root / "pathways.yaml", report)
    for pid, praw in (raw or {}).items():
        f = Fields(
            praw, name, report, f"pathway '{pid}'", {"title", "description"}, raw.line_of(pid)
        )
        title, description = f.text("title"), f.text("description")
        if title and description:
            library.pathways[pid] = Pathway(pid, title, description, Where(name, f.line))


def _load_offices(library: ContentLibrary, report: Reporter, today: dt.date) -> None:
    name, raw = _read(library.root, library.root / "offices.yaml", report)
    for oid, oraw in (raw or {}).items():
        f = Fields(oraw, name, report, f"office '{oid}'", OFFICE_KEYS, raw.line_of(oid))
        country, office_name, source = f.word("country"), f.text("name"), f.text("source")
        reviewed = f.date("last_reviewed")
        if country and country not in library.countries:
            report.error(name, f.line_of("country"), f"office '{oid}': unknown country '{country}'")
        address, locator = f.text("address", required=False), f.word("locator_url", required=False)
        if f.ok and not address and not locator:
            report.error(name, f.line, f"office '{oid}' needs an address or a 'locator_url'")
        services = f.words("services", required=True)
        if not (country and office_name and source and reviewed and services):
            continue
        if (today - reviewed).days > STALE_AFTER_DAYS:
            report.warning(
                name,
                f.line_of("last_reviewed"),
                f"office '{oid}' was last reviewed over 12 months ago",
            )
        library.offices[oid] = Office(
            id=oid,
            country=country,
            name=office_name,
            city=f.text("city", required=False),
            address=address,
            hours=f.text("hours", required=False),
            phone=f.word("phone", required=False),
            url=f.word("url", required=False),
            locator_url=locator,
            note=f.text("note", required=False),
            services=services,
            languages=f.words("languages"),
            free=f.boolean("free"),
            no_intermediaries=bool(f.boolean("no_intermediaries")),
            latitude=f.number("latitude"),
            longitude=f.number("longitude"),
            source=source,
            last_reviewed=reviewed,
            where=Where(name, f.line),
        )


def _check_links(library: ContentLibrary, flow: Flow, report: Reporter, today: dt.date) -> None:
    path = flow.where.path
    if flow.country not in library.countries:
        report.error(path, 1, f"country '{flow.country}' is not in countries.yaml")
    if flow.pathway not in library.pathways:
        report.error(path, 1, f"pathway '{flow.pathway}' is not in pathways.yaml")
    if (today - flow.last_reviewed).days > STALE_AFTER_DAYS:
        report.warning(
            path, 1, f"{flow.id} was last reviewed on {flow.last_reviewed}, over 12 months ago"
        )
    for outcome in flow.outcomes.values():
        for pathway in outcome.related:
            if pathway not in library.pathways:
                report.error(
                    path,
                    outcome.where.line,
                    f"outcome '{outcome.id}' relates to unknown pathway '{pathway}'",
                )
        for service in outcome.services:
            if not library.offices_for(flow.country, (service,)):
                report.error(
                    path,
                    outcome.where.line,
                    f"no office in {flow.country} offers service '{service}'",
                )
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
        results = run_scenarios(flow, today)
        for result in results:
            for failure in result.failures:
                report.error(
                    flow.where.path,
                    result.scenario.where.line,
                    f"scenario '{result.scenario.name}': {failure}",
                )
        for node_id in unreached(flow, results):
            node = flow.node(node_id)
            assert node is not None
            report.error(flow.where.path, node.where.line, f"no scenario reaches '{node_id}'")

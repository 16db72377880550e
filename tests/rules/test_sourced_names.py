"""Names CLDR lacks, with their sources (content/names/<language>.yaml, portal/rules/
sourced_names.py): plain Python, no Flask. The shipped Haitian Creole file is complete for the
region, and a bad file is reported at its file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

from portal.rules.errors import Reporter
from portal.rules.sourced_names import load_sourced_names
from tests.helpers import LIBRARY

# Every CLDR territory of Latin America and the Caribbean (029 Caribbean, 013 Central America,
# 005 South America).
REGION = {
    "AG", "AI", "AW", "BB", "BL", "BQ", "BS", "CU", "CW", "DM", "DO", "GD", "GP", "HT", "JM", "KN",
    "KY", "LC", "MF", "MQ", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
    "BZ", "CR", "GT", "HN", "MX", "NI", "PA", "SV",
    "AR", "BO", "BR", "BV", "CL", "CO", "EC", "FK", "GF", "GS", "GY", "PE", "PY", "SR", "UY", "VE",
}  # fmt: skip
# Where people on the move in the region often come from (the nationality question's usual
# answers beyond the region), and where many are headed.
ON_THE_MOVE = {
    "AF", "SY", "UA", "RU", "CN", "IN", "BD", "NP", "PK", "LK", "NG", "GH", "CM", "SN", "GN", "CD",
    "CG", "AO", "ER", "ET", "SO", "SD", "MR", "BF", "ML", "CI", "TG", "BJ", "UZ", "TR", "IR", "IQ",
    "LB", "PS", "YE", "MA", "EG", "US", "CA", "ES", "PT", "FR", "IT",
}  # fmt: skip

GOOD = """\
sources:
  osm:
    title: OpenStreetMap name:ht
    url: https://example.org/country-names
    checked_on: 2026-12-03
countries:
  BR: {name: Brezil, source: osm, quote: "ht: Brezil"}
without_name:
  JM: {source: osm}
days:
  names: [lendi, madi, mèkredi, jedi, vandredi, samdi, dimanch]
  source: osm
"""


def load(tmp_path: Path, text: str, language: str = "ht"):
    root = tmp_path / "content"
    (root / "names").mkdir(parents=True, exist_ok=True)
    (root / "names" / f"{language}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    report = Reporter()
    return load_sourced_names(root, report), [str(p) for p in report.problems]


def test_the_shipped_creole_names_cover_the_region_and_the_usual_nationalities():
    ht = LIBRARY.names["ht"]
    looked_up = set(ht.countries) | ht.without_name
    assert looked_up >= REGION, sorted(REGION - looked_up)
    assert looked_up >= ON_THE_MOVE, sorted(ON_THE_MOVE - looked_up)
    assert {"BR", "CO", "MX", "VE", "HT"} <= set(ht.countries)  # hosts and the largest groups
    assert not [p for p in LIBRARY.problems if "names/" in p.path]


def test_every_shipped_name_has_a_source_read_on_a_day():
    ht = LIBRARY.names["ht"]
    for code, found in ht.countries.items():
        source = ht.sources[found.source]
        assert source.url.startswith("https://") and source.checked_on, code
        assert found.quote and found.name in found.quote, code
    assert ht.days == ("lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi", "dimanch")
    assert ht.months is not None and ht.months[0] == "janvye" and ht.months[11] == "desanm"


def test_a_good_file_loads(tmp_path):
    names, problems = load(tmp_path, GOOD)
    assert problems == []
    assert names["ht"].country_names() == {"BR": "Brezil"}
    assert names["ht"].without_name == {"JM"} and names["ht"].months is None


def test_no_names_folder_is_no_names(tmp_path):
    report = Reporter()
    assert load_sourced_names(tmp_path, report) == {} and report.problems == []


def test_a_code_that_is_no_cldr_territory_is_reported_at_its_line(tmp_path):
    _, problems = load(tmp_path, GOOD.replace("  JM: {source: osm}", "  JA: {source: osm}"))
    assert problems[0].startswith("content/names/ht.yaml:9: 'JA' is not a CLDR territory code.")
    assert "Valid: AC, AD" in problems[0]


def test_a_name_without_a_known_source_is_reported(tmp_path):
    text = GOOD.replace("  BR: {name: Brezil, source: osm,", "  BR: {name: Brezil, source: wiki,")
    _, problems = load(tmp_path, text)
    assert problems[0].startswith("content/names/ht.yaml:7: country 'BR': unknown source 'wiki'")
    _, problems = load(tmp_path, GOOD.replace("name: Brezil, source: osm, ", "name: Brezil, "))
    assert problems == ["content/names/ht.yaml:7: country 'BR': missing field 'source'"]


def test_a_country_twice_or_a_name_twice_is_reported(tmp_path):
    _, problems = load(tmp_path, GOOD.replace("  JM: {source: osm}", "  BR: {source: osm}"))
    assert problems == ["content/names/ht.yaml:9: 'BR' is named at line 7 too"]
    twice = GOOD.replace("without_name:", "  BR: {name: Brazil, source: osm}\nwithout_name:")
    _, problems = load(tmp_path, twice)
    assert len(problems) == 1 and problems[0].startswith("content/names/ht.yaml:8: YAML syntax")
    assert "duplicate key 'BR'" in problems[0]
    alike = GOOD.replace("without_name:", "  PT: {name: Brezil, source: osm}\nwithout_name:")
    _, problems = load(tmp_path, alike)
    assert problems == ["content/names/ht.yaml:8: 'Brezil' is already the name of BR"]


def test_days_must_be_seven_and_a_file_must_be_named_after_a_language(tmp_path):
    _, problems = load(tmp_path, GOOD.replace("samdi, dimanch]", "samdi]"))
    assert problems == ["content/names/ht.yaml:11: 'days' must list 7 names, not 6"]
    _, problems = load(tmp_path / "other", GOOD, language="pt-BR")
    assert problems == [
        "content/names/pt-BR.yaml:1: 'pt-BR' is not a language code such as ht or pt: rename the file"
    ]


def test_an_unused_source_is_a_warning(tmp_path):
    extra = "  spare:\n    title: t\n    url: https://example.org\n    checked_on: 2026-12-03\n"
    _, problems = load(tmp_path, GOOD.replace("countries:", extra + "countries:"))
    assert problems == ["content/names/ht.yaml:6: warning: source 'spare' is not used"]

"""Which offices an outcome shows first (portal/rules/offices.py): plain Python, no Flask. With
no coordinates in the content, "nearest" is the person's own city, then the nationwide lines."""

from __future__ import annotations

import datetime as dt

from portal.rules.model import Office, Where
from portal.rules.offices import NATIONWIDE, for_print, matching_offices, nearest, office_cities
from tests.helpers import LIBRARY


def office(oid: str, city: str, *services: str) -> Office:
    return Office(
        id=oid, country="BR", name=oid, city=city, address="Rua 1" if city != NATIONWIDE else None,
        hours=(), phone=None, url=None, locator_url="https://example.org", note=None,
        services=services, languages=(), free=True, no_intermediaries=False, latitude=None,
        longitude=None, source="test", last_reviewed=dt.date(2026, 12, 1), where=Where("t", 1),
    )  # fmt: skip


POLICE_SP = office("police_sp", "São Paulo", "residence", "asylum")
AID_SP_1 = office("aid_sp_1", "São Paulo", "legal_aid")
AID_SP_2 = office("aid_sp_2", "São Paulo", "legal_aid")
AID_SP_3 = office("aid_sp_3", "São Paulo", "legal_aid")
DIPLOMA_SP = office("diploma_sp", "São Paulo", "revalidation")
AID_BV = office("aid_bv", "Boa Vista", "legal_aid")
BOOKING = office("booking", NATIONWIDE, "residence")
DEFENDER = office("defender", NATIONWIDE, "legal_aid", "child_protection")
ALL = [POLICE_SP, AID_SP_1, AID_SP_2, AID_SP_3, DIPLOMA_SP, AID_BV, BOOKING, DEFENDER]


def ids(offices) -> list[str]:
    return [o.id for o in offices]


def test_an_office_offering_none_of_the_services_is_never_shown():
    assert ids(matching_offices(ALL, ["revalidation"])) == ["diploma_sp"]
    for city in ("São Paulo", "Boa Vista", None):
        shown = nearest(ALL, ["residence", "legal_aid"], city).offices
        assert "diploma_sp" not in ids(shown)
        assert all({"residence", "legal_aid"} & set(o.services) for o in shown)


def test_one_office_for_each_service_the_city_first_then_more_of_the_same():
    near = nearest(ALL, ["legal_aid", "residence"], "São Paulo", limit=3)
    # legal aid and the police in the city come before a third legal-aid office
    assert ids(near.offices) == ["aid_sp_1", "police_sp", "aid_sp_2"]
    assert near.in_city == 3 and near.city == "São Paulo"
    assert near.matching == 7  # everything offering legal aid or residence, in any city


def test_a_service_the_city_lacks_comes_from_a_nationwide_line():
    near = nearest(ALL, ["residence", "legal_aid"], "Boa Vista", limit=3)
    assert ids(near.offices) == ["aid_bv", "booking", "defender"]  # the city's own first
    assert near.in_city == 1


def test_no_office_in_the_city_gives_the_nationwide_ones_and_says_so():
    near = nearest(ALL, ["legal_aid"], "Manaus")
    assert ids(near.offices) == ["defender"] and near.in_city == 0


def test_without_a_city_only_nationwide_offices_are_shown():
    near = nearest(ALL, ["residence", "legal_aid"], None)
    assert ids(near.offices) == ["booking", "defender"] and near.in_city == 0
    assert "aid_bv" not in ids(near.offices)  # another city is never guessed to be near


def test_at_most_the_limit():
    assert len(nearest(ALL, ["legal_aid"], "São Paulo", limit=3).offices) == 3
    assert ids(nearest(ALL, ["legal_aid"], "São Paulo").offices) == ["aid_sp_1", "aid_sp_2"]


def test_as_many_as_the_kinds_of_help_at_least_two_at_most_three():
    two = nearest(ALL, ["legal_aid", "residence"], "São Paulo").offices
    assert ids(two) == ["aid_sp_1", "police_sp"]
    three = ["legal_aid", "residence", "child_protection"]
    assert ids(nearest(ALL, three, "São Paulo").offices) == ["aid_sp_1", "police_sp", "defender"]
    assert len(nearest(ALL, [*three, "asylum"], "São Paulo").offices) == 3


def test_print_with_a_city_the_nearest_and_every_nationwide_line_not_other_cities():
    printed = for_print(ALL, ["legal_aid", "residence"], "São Paulo")
    assert ids(printed) == ["aid_sp_1", "police_sp", "booking", "defender"]
    assert "aid_bv" not in ids(printed) and "aid_sp_3" not in ids(printed)


def test_print_without_a_city_lists_every_matching_office_by_city_nationwide_last():
    printed = for_print(ALL, ["legal_aid", "residence"], None)
    assert ids(printed) == [
        "aid_bv", "aid_sp_1", "aid_sp_2", "aid_sp_3", "police_sp", "booking", "defender",
    ]  # fmt: skip


def test_cities_are_those_with_an_office():
    assert office_cities(ALL) == ["Boa Vista", "São Paulo"]


def test_brazils_residence_outcome_in_sao_paulo_shows_two_of_thirteen():
    """The case the issue measured: 13 offices in 5 cities, before any filter."""
    outcome = LIBRARY.flows["br/regularization"].outcomes["likely"]
    offices = [o for o in LIBRARY.offices.values() if o.country == "BR"]
    assert len(matching_offices(offices, outcome.services)) == 13
    near = nearest(offices, outcome.services, "São Paulo")
    assert len(near.offices) == 2 and near.in_city == 2
    shown_services = {s for o in near.offices for s in o.services}
    assert set(outcome.services) <= shown_services  # legal aid and the police both there

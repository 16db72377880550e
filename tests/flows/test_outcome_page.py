"""The outcome page in the order a person acts on it (issue 15): badge and headline, why in a
sentence or two, any warning, the steps, the PDF button, documents, fees, where to go, then the
whole why and the sources folded away in a <details> (no JavaScript needed)."""

from __future__ import annotations

import re

import pytest

from portal.flows.presenter import lead_of
from tests.helpers import LIBRARY, answer_all
from tests.helpers_i18n import LOCALES, tr

# Pages, PDFs and headers: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

FLOW = LIBRARY.flows["br/regularization"]
LIKELY = {"nationality": "VE", "birth_date": "1990-05-04", "has_id": "expired",
          "parents_named": "yes", "criminal_record": "no", "can_pay": "no"}  # fmt: skip


def test_the_lead_is_the_first_sentence_or_two():
    assert lead_of("One. Two is here. Three.") == "One. Two is here."
    long_first = "A first sentence that is long enough to stand alone as the lead of a page here."
    assert lead_of(f"{long_first} Second. Third.") == f"{long_first} Second."
    longer = long_first + " It goes on and on for quite a while longer than that."
    assert lead_of(f"{longer} Second.") == longer


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Under the Ley de Migración (art. 52 fr. V), people can ask. Then more.",
         "Under the Ley de Migración (art. 52 fr. V), people can ask."),
        ("The office is on Av. Paulista in the city of São Paulo near the metro. Go early.",
         "The office is on Av. Paulista in the city of São Paulo near the metro."),
        ("Portaria Interministerial 19/2021 gives a permit for 2 years and more and more. An "
         "expired passport is accepted.",
         "Portaria Interministerial 19/2021 gives a permit for 2 years and more and more."),
        ("Yon timoun gen dwa pou yo pwoteje l, kèlkeswa nasyonalite l. ICBF pwoteje timoun yo.",
         "Yon timoun gen dwa pou yo pwoteje l, kèlkeswa nasyonalite l."),
        ("للطفل الحق في الحماية وفي الحصول على وثائق في أي مكان من البلاد. يمكن للمكتب المساعدة.",
         "للطفل الحق في الحماية وفي الحصول على وثائق في أي مكان من البلاد."),
    ],
)  # fmt: skip
def test_a_stop_ends_a_sentence_only_before_a_new_one(text, lead):
    assert lead_of(text) == lead


def test_no_lead_when_it_would_be_the_whole_why():
    assert lead_of("Only one sentence here.") == ""
    assert lead_of("") == ""


def order_of(html: str, *markers: str) -> list[int]:
    return [html.index(marker) for marker in markers]


@pytest.mark.parametrize("lang", LOCALES)
def test_the_outcome_page_reads_in_the_order_a_person_acts(client, lang):
    locale = LOCALES[lang]
    answer_all(client, lang, FLOW, LIKELY)
    html = client.get(f"/{lang}/br/regularization/result").get_data(as_text=True)
    html = html.split('<main id="main"', 1)[1]
    outcome = FLOW.outcomes["likely"]
    why = " ".join(tr(locale, outcome.why, "content").split())
    steps = tr(locale, outcome.next_steps[0], "content")
    positions = order_of(
        html, 'class="kind kind-likely"', "<h1>", 'class="why-lead"', 'class="steps"',
        "checklist.pdf", 'class="checklist"', 'class="fees"', 'id="where-to-go"',
        'id="sources"', 'class="how-sure"',
    )  # fmt: skip
    assert positions == sorted(positions), positions
    assert steps in html
    lead = re.sub(r"<[^>]+>", "", re.search(r'class="why-lead">(.*?)</p>', html, re.S).group(1))
    why_text = re.sub(r"<[^>]+>", "", why)  # right to left: Latin runs in <bdi>
    assert len(lead) < len(why_text) and why_text.startswith(" ".join(lead.split()))
    folded = html.split('<details class="reference sources-list" id="sources">', 1)[1]
    assert why in " ".join(folded.split("</details>", 1)[0].split())  # all of it, folded away
    assert 'class="back"' not in html  # "See or change your answers" is at the end


def test_a_short_why_is_shown_whole_and_not_folded_again(client):
    flow = LIBRARY.flows["br/family_reunification"]
    outcome = flow.outcomes["not_eligible"]
    assert not lead_of(outcome.why)  # one sentence
    scenario = next(s for s in flow.scenarios if s.expect == outcome.id)
    answer_all(client, "en", flow, scenario.answers)
    html = client.get("/en/br/family_reunification/result").get_data(as_text=True)
    why = " ".join(outcome.why.split())
    assert f'<p class="why-lead">{why}</p>' in " ".join(html.split())
    assert html.count(why[:60]) == 1
    assert "Why, and the legal sources" not in html and ">Legal sources</summary>" in html


def test_an_untranslated_why_leads_with_its_english_first_sentence(client):
    flow = LIBRARY.flow("CO", "regularization")  # not translated into Arabic
    scenario = next(
        s for s in flow.scenarios
        if s.today is None and lead_of(" ".join(flow.outcomes[s.expect].why.split()))
    )  # fmt: skip
    answer_all(client, "ar", flow, scenario.answers)
    html = client.get("/ar/co/regularization/result").get_data(as_text=True)
    lead = lead_of(" ".join(flow.outcomes[scenario.expect].why.split()))
    assert f'<p class="why-lead"><span lang="en" dir="ltr">{lead}</span></p>' in html


# A law's number, an article or a portaria in the lead: the plain reason comes first, the
# citation after it (issue 15). "Ley Retorno" names a programme, so names alone are allowed.
CITATION = re.compile(
    r"\b(Portaria|Resoluci[oó]n \d|Resolução|Decreto \d|Lei \d|Ley \d|arts?\. \d|article \d"
    r"|artículo \d|artigo \d|atik \d)"
    r"|\b\d+/\d{2,4}\b|\b(under|according to) the \d{4} rules\b",
    re.IGNORECASE,
)
WHYS = [
    pytest.param(why, id=f"{key}:{outcome.id}{suffix}")
    for key, flow in sorted(LIBRARY.flows.items())
    for outcome in flow.outcomes.values()
    for why, suffix in ((outcome.why, ""), (getattr(outcome.if_closed, "why", None), ":closed"))
    if why
]


def test_the_citation_pattern_finds_what_it_must():
    assert CITATION.search("Under Portaria Interministerial 37/2023, Haitians could")
    assert CITATION.search("The Ley sobre Refugiados (art. 12) says")
    assert CITATION.search("The Ley Retorno (Ley 1565 de 2012) supports")
    assert not CITATION.search("Only adults can register for the Ley Retorno benefits.")


@pytest.mark.parametrize("why", WHYS)
def test_every_why_leads_with_a_plain_reason_not_a_citation(why):
    text = " ".join(why.split())
    lead = lead_of(text) or text
    assert not CITATION.search(lead), lead


@pytest.mark.parametrize("lang", ["es", "pt-BR", "fr", "ht"])
def test_every_translated_why_leads_with_a_plain_reason_too(lang):
    found = []
    for param in WHYS:
        (why,) = param.values
        text = " ".join(tr(LOCALES[lang], " ".join(why.split()), "content").split())
        lead = lead_of(text) or text
        if CITATION.search(lead):
            found.append(f"{param.id}: {lead}")
    assert not found, "\n".join(found)

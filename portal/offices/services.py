"""What each service tag of content/offices/*.yaml means, in words a person can read: the
printed office list says what each office does. A tag with no words yet prints as the tag with
spaces (tests/offices/test_offices_pdf.py names every tag the content uses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SERVICE_NAMES = {
    # TRANSLATORS: what an office does, listed after "Services:" on the printed list of offices
    # (as are the phrases after this one). Short, no capital letter unless your language needs one.
    "asylum": _l("asylum and refugee status"),
    "asylum_advice": _l("advice on asylum"),
    "child_protection": _l("protection of children"),
    "family_visa": _l("family reunion visas"),
    "human_rights": _l("reporting human rights violations"),
    "humanitarian_card": _l("humanitarian visitor card"),
    "legal_aid": _l("free legal help"),
    "orientation": _l("information and guidance"),
    # TRANSLATORS: Colombia's PEP-Tutor permit for children in the care of an adult
    "pep_tutor": _l("PEP-Tutor permit for children"),
    # TRANSLATORS: Colombia's Permiso por Protección Temporal (PPT)
    "ppt": _l("Temporary Protection Permit (PPT)"),
    "residence": _l("residence permits"),
    "return_assistance": _l("help to return home"),
    "returnee_support": _l("support after returning"),
    "revalidation": _l("recognition of diplomas"),
    "visa": _l("visas"),
}


def service_names(tags: tuple[str, ...]) -> list[str]:
    """The office's services in the page's language, in the content's order."""
    return [str(SERVICE_NAMES[tag]) if tag in SERVICE_NAMES else tag.replace("_", " ")
            for tag in tags]  # fmt: skip

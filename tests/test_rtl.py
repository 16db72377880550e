"""Right-to-left: Arabic pages carry dir and lang, and the stylesheet uses logical properties
so the layout mirrors by itself."""

import re

from portal import PROJECT_ROOT

CSS = (PROJECT_ROOT / "portal" / "static" / "style.css").read_text()


def test_stylesheet_uses_logical_properties_only():
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)",
        CSS,
    )
    assert physical == []


def test_arabic_dari_and_pashto_pages_are_right_to_left(client):
    for lang in ("ar", "fa-AF", "ps"):
        for page in ["/", "/br/", "/br/humanitarian_visa/", "/br/offices", "/nope/"]:
            html = client.get(f"/{lang}{page}").get_data(as_text=True)
            assert f'<html lang="{lang}" dir="rtl">' in html, page


def test_language_switcher_names_each_language_in_itself(client):
    html = client.get("/ar/").get_data(as_text=True)
    for name, lang in [("Español", "es"), ("Português (Brasil)", "pt-BR"), ("English", "en"),
                       ("Français", "fr"), ("Kreyòl Ayisyen", "ht"), ("العربية", "ar"),
                       ("دری", "fa-AF"), ("پښتو", "ps")]:  # fmt: skip
        assert f'lang="{lang}"' in html and f">{name}<" in html
    assert 'hreflang="ar" aria-current="true"' in html.replace('dir="rtl" ', "")

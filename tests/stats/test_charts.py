"""Chart labels are never cut: wrapped, and the label column as wide as the longest line, in
Portuguese too. Widths are estimated on the generous side of a real sans-serif font."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.stats.charts import BAR_AREA, LABEL_GAP, LABEL_MAX, VALUE_GAP, bar_chart, text_width
from tests.helpers_i18n import tr
from tests.stats.helpers import finish

LONG_PT = (
    "Brasil – Autorização de residência por acolhida humanitária: você já tem o protocolo de "
    "solicitação de refúgio ou o documento provisório de registro nacional migratório?"
)
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")]  # fmt: skip


def test_a_long_portuguese_label_is_wrapped_whole_and_fits():
    chart = bar_chart([(LONG_PT, [1234, "menos de 5"]), ("Manaus", ["oculto", 7])])
    bar = chart.bars[0]
    assert " ".join(bar.lines) == LONG_PT  # nothing cut, no "…"
    assert len(bar.lines) > 1
    assert all(text_width(line) + LABEL_GAP <= chart.label_width for line in bar.lines)
    assert chart.label_width <= LABEL_MAX + LABEL_GAP
    for bar in chart.bars:  # every value or note ends inside the picture
        text = f"{bar.value:,}" if bar.value is not None else bar.note
        assert chart.label_width + bar.width + VALUE_GAP + text_width(text) <= chart.width
    rows = {b.label: b for b in chart.bars if b.series == 0}
    assert rows["Manaus"].y >= bar_bottom(chart, LONG_PT)  # the next row starts below it


def bar_bottom(chart, label):
    first = next(b for b in chart.bars if b.label == label)
    return first.label_y + (len(first.lines) - 1) * chart.line_height


def test_short_labels_keep_a_narrow_label_column():
    chart = bar_chart([("Total", [5])])
    assert chart.label_width < 100 and chart.width < 100 + BAR_AREA + 60


@pytest.mark.parametrize("font", [f for f in FONTS if f.exists()], ids=lambda f: f.name)
def test_estimates_are_never_narrower_than_a_real_font(font):
    from PIL import ImageFont

    face = ImageFont.truetype(str(font), 13)
    for text in (LONG_PT, "Você pode ter direito — procure orientação", "MMMM WWWW",
                 "Kreyòl Ayisyen", "Português (Brasil)", "1.234.567", "menos de 5",
                 "0123456789 abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                 "ãçéêíóõúàâÁÉÓÚÇñ“”«»ò"):  # fmt: skip
        assert face.getlength(text) <= text_width(text), text


def test_the_dashboard_draws_portuguese_labels_whole(app, editor):
    for _ in range(5):
        finish(app.test_client(), lang="pt-BR")
    svg = editor.get("/pt-BR/stats/").get_data(as_text=True)
    charts = svg[svg.index("<svg") :]
    assert "…" not in charts
    assert f">{tr('pt_BR', 'Likely eligible')}</tspan>" in charts

"""PDF checklist benchmark: WeasyPrint alone vs the portal's fresh and cached renders of the
same HTML. Prints figures, not pass/fail; compare the ratios from one run (machines are shared
and noisy), never absolute times across runs.

    .venv/bin/python bench/pdf.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import time

from weasyprint import HTML

from portal import PROJECT_ROOT, create_app
from portal.checklists.pdf import PdfRenderer, StaticOnlyFetcher
from portal.extensions import db

STATIC = PROJECT_ROOT / "portal" / "static"
SCENARIO = {"location": "abroad", "nationality": "SY"}


def checklist_html() -> str:
    """The HTML of a real checklist: Brazil's humanitarian visa, Spanish with Arabic."""
    app = create_app({"ENV_NAME": "testing", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # fmt: skip
    with app.app_context():
        db.create_all()  # the flow pages count anonymous statistics
    client = app.test_client()
    client.post("/es/br/humanitarian_visa/restart")
    for question, value in SCENARIO.items():
        client.post(f"/es/br/humanitarian_visa/q/{question}", data={"answer": value})
    import portal.checklists.views as views

    captured: dict[str, str] = {}
    real = views.render_template

    def capture(template: str, **context) -> str:
        captured["html"] = real(template, **context)
        return captured["html"]

    views.render_template = capture
    assert client.get("/es/br/humanitarian_visa/checklist.pdf?second=ar").status_code == 200
    views.render_template = real
    return captured["html"]


def timed(action, runs: int) -> list[float]:
    times = []
    for index in range(runs):
        start = time.perf_counter()
        action(index)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    html = checklist_html()
    base = STATIC.resolve().as_uri() + "/"
    renderer = PdfRenderer(STATIC, timeout=60, max_pages=30, cache_size=4, recycle_after=10_000)
    renderer.render("<p>warm-up</p>")  # start the worker outside the measurement

    def alone(_index: int) -> None:
        HTML(string=html, base_url=base, url_fetcher=StaticOnlyFetcher(STATIC)).write_pdf()

    def fresh(index: int) -> None:
        renderer.render(html + f"<!-- {index} -->")  # a new cache key, the same document

    renderer.render(html)

    def cached(_index: int) -> None:
        renderer.render(html)

    results = {}
    for name, action in (("WeasyPrint alone", alone), ("portal, fresh", fresh),
                         ("portal, cached", cached)):  # fmt: skip
        action(0)
        results[name] = statistics.median(timed(action, runs))
    reference = results["WeasyPrint alone"]
    print(f"PDF checklist (es + ar, {len(html) // 1024} KB of HTML), median of {runs} runs")
    print(f"{'':20} {'ms':>9} {'vs WeasyPrint alone':>21}")
    for name, seconds in results.items():
        print(f"{name:20} {seconds * 1000:9.1f} {seconds / reference:20.2f}x")
    print("target: fresh <= 1.20x; a repeat request is served from the cache")
    renderer.close()


if __name__ == "__main__":
    main()

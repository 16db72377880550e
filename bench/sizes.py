"""Compressed size of each page type, against the 14 KB a first round trip can carry (ten TCP
segments): a person on a slow connection sees the page after one round trip if its HTML and the
stylesheet together fit. For each page type the largest of the six languages is shown.

    .venv/bin/python bench/sizes.py
"""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
from pathlib import Path

from portal import PROJECT_ROOT, create_app
from portal.extensions import db
from portal.i18n import LOCALES

try:
    import brotli
except ImportError:  # optional: only gzip figures then
    brotli = None

BUDGET = 14 * 1024
EVERY_TYPE = PROJECT_ROOT / "tests" / "browser" / "every_question_type.yaml"
QUESTION_TYPES = ("choice", "yes_no", "multi", "date", "month_year", "number", "country")


def content_with_every_question_type(root: Path) -> Path:
    """content/ plus the browser tests' flow that asks the types no real flow asks yet."""
    content = root / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    shutil.copy(EVERY_TYPE, content / "flows" / "br")
    with (content / "pathways.yaml").open("a", encoding="utf-8") as pathways:
        pathways.write(
            "every_question_type:\n  title: Every question type\n"
            "  description: Only in the benchmarks.\n  icon: document\n"
        )
    return content


def form_data(question_type: str, value) -> dict[str, object]:
    if question_type == "date":
        year, month, day = str(value).split("-")
        return {"day": day, "month": month, "year": year}
    if question_type == "month_year":
        year, month = str(value).split("-")[:2]
        return {"month": month, "year": year}
    return {"answer": value}


def pages_in(app, lang: str) -> dict[str, str]:
    """The HTML of one page of each type in this language, reached as a person would."""
    client = app.test_client()
    pages = {
        "home": client.get(f"/{lang}/"),
        "country": client.get(f"/{lang}/br/"),
        "start": client.get(f"/{lang}/br/regularization/"),
    }
    flows = app.extensions["content"].flows
    ordered = sorted(flows.values(), key=lambda f: f.id != "br/regularization")
    for flow in ordered:
        if flow.country == "ALL":
            continue
        base = f"/{lang}/{flow.country.lower()}/{flow.pathway}"
        for scenario in flow.scenarios:
            unseen = {f"question: {q.type}" for q in flow.questions.values()} - set(pages)
            if not unseen and flow.id != "br/regularization":
                break
            walk_scenario(client, base, flow, scenario.answers, pages)
            if flow.id == "br/regularization" and "check" not in pages:
                pages["check"] = client.get(f"{base}/check")
                pages["result"] = client.get(f"{base}/result")
    pages["offices"] = client.get(f"/{lang}/br/offices")
    pages["error (404)"] = client.get(f"/{lang}/no-such-country/")
    for name, response in pages.items():
        expected = 404 if name.startswith("error") else 200
        if response.status_code != expected:
            raise RuntimeError(f"{name} in {lang}: {response.status_code}, not {expected}")
    return {name: response.get_data() for name, response in pages.items()}


def walk_scenario(client, base: str, flow, answers: dict, pages: dict) -> None:
    """Answer one scenario page by page, keeping the first page seen of each question type."""
    location = client.post(f"{base}/restart").headers["Location"]
    for _ in range(len(flow.questions) + 1):
        match = re.search(r"/q/(\w+)$", location)
        if not match or match.group(1) not in answers:
            return
        question = flow.questions[match.group(1)]
        pages.setdefault(f"question: {question.type}", client.get(location))
        response = client.post(location, data=form_data(question.type, answers[question.id]))
        location = response.headers.get("Location", "")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def br(data: bytes) -> int | None:
    return len(brotli.compress(data, quality=11)) if brotli else None


def kb(size: int | None) -> str:
    return "—" if size is None else f"{size / 1024:.1f}"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="camino-sizes-") as tmp:
        app = create_app(
            {
                "ENV_NAME": "testing",
                "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/sizes.sqlite3",
                "CONTENT_DIR": str(content_with_every_question_type(Path(tmp))),
            }
        )
        with app.app_context():
            db.create_all()
        css = app.test_client().get("/static/style.css").get_data()
        largest: dict[str, tuple[int, str, bytes]] = {}
        for lang in LOCALES:
            for name, html in pages_in(app, lang).items():
                if name not in largest or gz(html) > largest[name][0]:
                    largest[name] = (gz(html), lang, html)
        with app.app_context():
            db.engine.dispose()

    order = [
        "home",
        "country",
        "start",
        *[f"question: {t}" for t in QUESTION_TYPES],
        "check",
        "result",
        "offices",
        "error (404)",
    ]
    css_gz, css_br = gz(css), br(css)
    print(f"Page weight in KB (largest language), budget {BUDGET / 1024:.0f} KB of HTML + CSS")
    print(
        f"{'page':22} {'lang':6} {'HTML':>6} {'gzip':>6} {'brotli':>7} "
        f"{'+CSS gz':>8} {'+CSS br':>8}  budget"
    )
    for name in order:
        if name not in largest:
            print(f"{name:22} (no flow asks this type)")
            continue
        _size, lang, html = largest[name]
        total_gz = gz(html) + css_gz
        total_br = br(html) + css_br if brotli else None
        verdict = "ok" if (total_br or total_gz) <= BUDGET else "OVER"
        print(
            f"{name:22} {lang:6} {kb(len(html)):>6} {kb(gz(html)):>6} {kb(br(html)):>7} "
            f"{kb(total_gz):>8} {kb(total_br):>8}  {verdict}"
        )
    print(f"{'style.css':22} {'':6} {kb(len(css)):>6} {kb(css_gz):>6} {kb(css_br):>7}")
    print("budget judged on brotli where available (what browsers ask for over HTTPS), else gzip")


if __name__ == "__main__":
    main()

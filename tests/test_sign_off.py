"""`flask content sign-off` records a legal review; the draft notice goes, and comes back saying
so when the content changes after the review. `flask content due` lists what needs an editor."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from portal.cli import due, sign_off
from tests.helpers import CONTENT, pdf_text, running_app, visible_text

# Content files, pages and PDFs: nothing here depends on which database runs, so once (SQLite).
pytestmark = pytest.mark.content_only

REVIEWED_ON = dt.date(2026, 12, 3)
START, RESULT = "/en/br/regularization/", "/en/br/regularization/result"
ANSWERS = [("nationality", "VE"), ("birth_date", None)]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def run(database_uri, content, command, *args):
    with running_app(database_uri, CONTENT_DIR=str(content)) as app:
        return app.test_cli_runner().invoke(command, [*args, "--dir", str(content)])


def pages(database_uri, content, lang="en"):
    """The flow's start page, a result page and its PDF, as text."""
    with running_app(database_uri, TESTING=True, WTF_CSRF_ENABLED=False,
                     CONTENT_DIR=str(content)) as app:  # fmt: skip
        client = app.test_client()
        start = visible_text(client.get(START.replace("/en/", f"/{lang}/")).get_data(as_text=True))
        client.post("/en/br/regularization/restart")
        client.post("/en/br/regularization/q/nationality", data={"answer": "SY"})
        result = client.get(RESULT)
        assert result.status_code == 200, "the answers did not reach an outcome"
        pdf = pdf_text(client.get("/en/br/regularization/checklist.pdf").data)
        return start, visible_text(result.get_data(as_text=True)), pdf


def sign(database_uri, content):
    return run(database_uri, content, sign_off, "br/regularization", "--by", "Ana Souza",
               "--organisation", "Clínica de Direitos", "--on", REVIEWED_ON.isoformat())  # fmt: skip


def test_a_signed_off_flow_shows_who_checked_it_and_no_draft_notice(database_uri, content):
    start, result, pdf = pages(database_uri, content)
    assert "Draft information" in start and "Draft information" in result
    assert "not yet checked by a legal reviewer" in pdf

    signed = sign(database_uri, content)
    assert signed.exit_code == 0, signed.output
    start, result, pdf = pages(database_uri, content)
    assert "Checked by a legal reviewer (Clínica de Direitos) on December 3, 2026." in start
    assert "Draft information" not in start and "Draft information" not in result
    assert "Checked by a legal reviewer (Clínica de Direitos) on December 3, 2026." in pdf
    assert "Draft" not in pdf


def test_editing_after_the_review_brings_the_draft_notice_back_saying_why(database_uri, content):
    assert sign(database_uri, content).exit_code == 0
    flow = content / "flows" / "br" / "regularization.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("minutes: 4", "minutes: 5", 1), encoding="utf-8")
    start, result, pdf = pages(database_uri, content)
    assert "changed since the legal review of December 3, 2026" in start
    assert "Changed since the legal review of December 3, 2026" in result
    assert "changed since the legal review of December 3, 2026" in pdf
    assert "Checked by a legal reviewer" not in start + pdf

    listed = run(database_uri, content, due, "--today", "2026-12-04")
    assert listed.exit_code == 1
    assert "br/regularization changed after its legal review of 2026-12-03" in listed.output
    assert "regularization.yaml:45: review:" in listed.output

    flow.write_text(text, encoding="utf-8")  # undone: the signed content again
    start, _result, _pdf = pages(database_uri, content)
    assert "Checked by a legal reviewer" in start


def test_a_reviewed_flow_without_its_hash_is_an_error(database_uri, content):
    flow = content / "flows" / "br" / "regularization.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(text.replace("review: {status: draft}",
                                 "review: {status: reviewed, by: A, organisation: B, on: 2026-12-01}"),
                    encoding="utf-8")  # fmt: skip
    refused = run(database_uri, content, sign_off, "br/regularization", "--by", "A",
                  "--organisation", "B")  # fmt: skip
    assert refused.exit_code == 1 and "run `flask content check` first" in refused.output


def test_sign_off_refuses_an_unknown_flow_and_a_two_line_name(database_uri, content):
    unknown = run(database_uri, content, sign_off, "br/nothing", "--by", "A", "--organisation", "B")
    assert unknown.exit_code == 2 and "Flows: all/help_me_choose, br/diploma_revalidation" in (
        unknown.output
    )
    two_lines = run(database_uri, content, sign_off, "br/regularization", "--by", "A\nB",
                    "--organisation", "B")  # fmt: skip
    assert two_lines.exit_code == 2 and "'by' must be one line of text" in two_lines.output


def test_due_lists_programmes_past_check_by_and_old_sources_and_exits_1(database_uri, content):
    assert run(database_uri, content, due, "--today", "2026-12-03").exit_code == 0
    later = run(database_uri, content, due, "--today", "2027-07-01")
    assert later.exit_code == 1
    assert "programme 'haiti_pi55' was to be checked by 2027-03-01" in later.output
    assert "source 'pi19' last checked on" in later.output
    assert later.output.splitlines()[0].startswith("content/flows/")

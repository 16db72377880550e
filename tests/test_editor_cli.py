"""The editor's commands: `content check FLOW` for one flow, `translations status` driven by
each flow's `required_languages`, and `--missing` listing what to translate with file:line."""

from __future__ import annotations

import shutil

import pytest

from portal.rules.errors import Reporter
from tests.helpers import CONTENT
from tests.rules.helpers import TODAY, VALID, F, content_with, problems


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_required_languages_must_be_language_tags(tmp_path):
    flow = VALID.replace(
        "review: {status: draft}", "review: {status: draft}\nrequired_languages: [es, xx-Nowhere]"
    )
    assert problems(tmp_path, flow) == [
        f"{F}:8: 'required_languages': 'xx-Nowhere' is not a language tag such as es or pt-BR"
    ]


def test_each_problem_is_reported_once():
    report = Reporter()
    for _ in range(3):
        report.error("f.yaml", 3, "same")
    report.warning("f.yaml", 3, "same")
    assert [str(p) for p in report.problems] == ["f.yaml:3: same", "f.yaml:3: warning: same"]


def test_check_one_flow_shows_its_own_problems_only(app, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    other = root / "flows" / "mx" / "regularization.yaml"
    other.write_text(other.read_text().replace("minutes:", "minutes: [", 1))  # broken YAML
    ok = invoke(app, "content", "check", "br/voluntary_return", "--dir", str(root))
    assert ok.exit_code == 0, ok.output
    assert "OK: br/voluntary_return," in ok.output and "mx/" not in ok.output
    broken = invoke(app, "content", "check", "mx/regularization", "--dir", str(root))
    assert broken.exit_code == 1 and "content/flows/mx/regularization.yaml:" in broken.output
    assert "1 error(s) in content/flows/mx/regularization.yaml." in broken.output
    unknown = invoke(app, "content", "check", "br/regularisation", "--dir", str(root))
    assert unknown.exit_code == 2
    assert "Did you mean br/regularization" in unknown.output


def test_a_failing_scenario_fails_the_one_flow_check(app, tmp_path):
    root = content_with(tmp_path, VALID.replace("expect: no}", "expect: yes}"))
    result = invoke(app, "content", "check", "br/regularization", "--dir", str(root),
                    "--today", TODAY.isoformat())  # fmt: skip
    assert result.exit_code == 1
    assert f"{F}:64: scenario 'other': expected outcome 'yes', got 'no'" in result.output


def test_status_follows_each_flows_required_languages(app):
    result = invoke(app, "translations", "status")
    assert result.exit_code == 0, result.output
    assert (
        f"6 of {len(app.extensions['content'].flows)} flows: 100%" in result.output
    )  # ar: Brazil + help-me-choose
    assert "br/family_reunification, br/humanitarian_visa, br/regularization: 100%" in result.output
    assert "every flow: 100%" in result.output


@pytest.fixture
def requiring_german(tmp_path, database_uri):
    """The shipped content with one flow that requires German, which has no catalog."""
    from tests.helpers import app_on

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    flow = root / "flows" / "mx" / "voluntary_return.yaml"
    flow.write_text(
        flow.read_text().replace("required_languages: [es,", "required_languages: [de, es,")
    )
    yield from app_on(database_uri, CONTENT_DIR=str(root))


def test_a_required_language_without_a_catalog_fails(requiring_german):
    result = invoke(requiring_german, "translations", "status")
    assert result.exit_code == 1
    assert "de       no catalog: translations/de/ is missing  FAIL" in result.output


def test_missing_lists_untranslated_strings_with_file_and_line(app):
    result = invoke(app, "translations", "status", "--missing", "ar")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if ": content: untranslated: " in line]
    assert lines and all(line.startswith("content/") for line in lines)
    assert any(line.startswith("content/flows/mx/") for line in lines)
    assert "string(s) to translate in ar." in result.output
    unknown = invoke(app, "translations", "status", "--missing", "de")
    assert unknown.exit_code == 2 and "No catalog for 'de'" in unknown.output

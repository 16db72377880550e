import datetime as dt

from portal.rules.graph import to_dot, to_mermaid
from tests.helpers import library

FLOW = library(dt.date(2026, 11, 28)).flow("CO", "regularization")


def test_dot_labels_questions_conditions_and_outcomes():
    dot = to_dot(FLOW)
    assert dot.startswith('digraph "co/regularization" {')
    assert '"nationality" -> "has_ppt" [label="nationality = VE"];' in dot
    assert '"birth_date" -> "child_alone" [label="fact:age < 18"];' in dot
    assert '"fear_return" -> "protection" [label="yes (safeguard: fear_of_return)"];' in dot
    assert '"fear_return" -> "talk_to_someone" [label="prefer_not (safeguard: declined)"];' in dot
    assert "(urgent_protection)" in dot
    assert dot.count(" -> ") == 23


def test_mermaid_is_a_flowchart_with_the_same_edges():
    mermaid = to_mermaid(FLOW)
    assert mermaid.startswith("flowchart TD\n")
    assert '  nationality -- "otherwise" --> not_venezuelan' in mermaid
    assert mermaid.count("-->") == 23


def test_flask_content_graph(app):
    result = app.test_cli_runner().invoke(
        args=["content", "graph", "co/regularization", "--format", "mermaid"]
    )
    assert result.exit_code == 0 and result.output.startswith("flowchart TD")
    result = app.test_cli_runner().invoke(args=["content", "graph", "zz/nothing"])
    assert result.exit_code == 2 and "Unknown flow 'zz/nothing'" in result.output

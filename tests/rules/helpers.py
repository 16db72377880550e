"""What the content-validation tests share: small flows that each test breaks in one place, and a
copy of content/ whose only flow is one of them (as br/regularization)."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

from portal.rules import ContentError, load_library
from tests.helpers import CONTENT

TODAY = dt.date(2026, 11, 28)

# A small valid flow; each test breaks one thing in it.
VALID = """\
flow: br/regularization
title: A test flow
summary: Checks one thing.
checks: [One thing.]
minutes: 1
last_reviewed: 2026-11-01
review: {status: draft}
sources:
  law: {title: A law, kind: law, url: "https://example.org/law", checked_on: 2026-11-01, lang: en, quote: "Article 1."}
facts:
  age: {years_since: born}
safeguards: {unaccompanied_child: {question: alone, outcome: child}}
start: nationality
questions:
  nationality:
    type: country
    text: Nationality?
    next:
      - {if: {eq: VE}, go: born}
      - {go: no}
  born:
    type: date
    text: Born when?
    next:
      - {if: {fact: age, lt: 18}, go: alone}
      - {go: yes}
  alone:
    type: yes_no
    text: Alone?
    next:
      - {go: kids}
  kids:
    type: choice
    text: Kids?
    options:
      - {value: one, label: One}
      - {value: two, label: Two}
    next:
      - {go: yes}
outcomes:
  yes:
    kind: likely
    title: Yes
    why: Because.
    checklist:
      - item: Kid papers
        if: {answer: kids, eq: two}
    offices: [residence]
    sources: [law]
  no:
    kind: not_this_way
    title: No
    why: Because not.
    sources: [law]
  child:
    kind: urgent_protection
    title: Child
    why: Call.
    sources: [law]
scenarios:
  - {name: adult, today: 2026-11-28, answers: {nationality: VE, born: 1990-01-01}, expect: yes}
  - {name: child, today: 2026-11-28, answers: {nationality: VE, born: 2015-01-01, alone: "no", kids: two}, expect: yes,
     checklist_includes: [Kid papers]}
  - {name: other, answers: {nationality: CO}, expect: no}
  - {name: lone child, today: 2026-11-28, answers: {nationality: VE, born: 2015-01-01, alone: "yes"}, expect: child}
"""


def content_with(tmp_path: Path, flow_text: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    shutil.rmtree(root / "flows")
    (root / "flows" / "br").mkdir(parents=True)
    (root / "flows" / "br" / "regularization.yaml").write_text(textwrap.dedent(flow_text))
    return root


def problems(tmp_path: Path, flow_text: str) -> list[str]:
    try:
        load_library(content_with(tmp_path, flow_text), today=TODAY)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


F = "content/flows/br/regularization.yaml"


# A flow with an outcome that rests on a programme (open from 2026-01-01 to 2027-04-30).
PROGRAMME_FLOW = """\
flow: br/regularization
title: A programme
summary: One programme.
checks: [One thing.]
minutes: 1
last_reviewed: 2026-11-01
review: {status: draft}
sources:
  law: {title: A law, kind: law, url: "https://example.org/law", checked_on: 2026-11-01, lang: en, quote: "Article 1."}
  news: {title: A newspaper, kind: press, url: "https://example.org/news", checked_on: 2026-11-01, lang: en, quote: "It opened."}
programmes:
  window:
    name: The registration window
    basis: [law]
    opens: 2026-01-01
    closes: 2027-04-30
    status: open
    check_by: 2027-02-01
    check_at: https://example.org/check
start: apply
questions:
  apply:
    type: yes_no
    text: Apply?
    next:
      - {if: {eq: "yes"}, go: register}
      - {go: other}
outcomes:
  register:
    kind: likely
    programme: window
    title: You can register
    why: The window is open.
    next_steps: [Register online.]
    checklist: [Your passport.]
    offices: [residence]
    sources: [law]
    if_closed:
      title: The window closed
      why: It took applications until 30 April 2027.
      next_steps: [Ask a free legal-aid organisation what exists now.]
      offices: [legal_aid]
  other:
    kind: not_this_way
    title: Other ways
    why: Because.
    sources: [news]
scenarios:
  - {name: open, today: 2026-12-02, answers: {apply: "yes"}, expect: register, shows: likely, says: [Register online]}
  - {name: closed, today: 2027-05-01, answers: {apply: "yes"}, expect: register, shows: closed,
     says: [free legal-aid], does_not_say: [Register online]}
  - {name: no, answers: {apply: "no"}, expect: other}
"""

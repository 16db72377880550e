"""Blank question pages are rendered once and reused (portal/flows/blank_pages.py): each person
still gets their own CSRF token, and nothing of anyone's answers is ever kept or shown to
someone else."""

from __future__ import annotations

import re

from jinja2 import Environment, meta, nodes

from portal.flows.blank_pages import CSRF_SLOT, BlankPages
from tests.helpers import create_staff, sign_in

BIRTH_DATE = "/en/br/regularization/q/birth_date"


def kept_text(app) -> str:
    store = app.extensions.get("blank_pages")
    return b"".join(store.pages.values()).decode() if store else ""


def token_in(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def person_at_birth_date(app):
    """A new person who has started the flow and answered the first question."""
    client = app.test_client()
    start = client.get("/en/br/regularization/").get_data(as_text=True)
    client.post("/en/br/regularization/restart", data={"csrf_token": token_in(start)})
    client.post(
        "/en/br/regularization/q/nationality", data={"answer": "VE", "csrf_token": token_in(start)}
    )
    return client


def test_each_person_gets_their_own_working_token_on_the_same_kept_page(csrf_app):
    first, second = person_at_birth_date(csrf_app), person_at_birth_date(csrf_app)
    page_one = first.get(BIRTH_DATE).get_data(as_text=True)
    page_two = second.get(BIRTH_DATE).get_data(as_text=True)
    kept = csrf_app.extensions["blank_pages"].pages
    assert any(key[0] == BIRTH_DATE for key in kept)  # the second page came from the cache
    assert CSRF_SLOT not in page_one + page_two
    assert token_in(page_one) != token_in(page_two)
    assert page_one.replace(token_in(page_one), "") == page_two.replace(token_in(page_two), "")
    # Each token is valid for its own session only.
    date = {"day": "4", "month": "5", "year": "1990"}
    assert (
        second.post(BIRTH_DATE, data={**date, "csrf_token": token_in(page_one)}).status_code == 400
    )
    assert (
        first.post(BIRTH_DATE, data={**date, "csrf_token": token_in(page_one)}).status_code == 302
    )


def test_a_page_showing_an_answer_is_never_kept(client, app):
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    client.post(BIRTH_DATE, data={"day": "4", "month": "5", "year": "1987"})
    again = client.get(BIRTH_DATE).get_data(as_text=True)
    assert 'value="1987"' in again  # the person sees their own answer...
    kept = kept_text(app)
    assert "1987" not in kept  # ...which no kept page contains
    newcomer = app.test_client()
    newcomer.post("/en/br/regularization/restart")
    newcomer.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert "1987" not in newcomer.get(BIRTH_DATE).get_data(as_text=True)


def test_staff_in_assisted_mode_get_their_own_page(app, client):
    person = app.test_client()
    person.post("/en/br/regularization/restart")
    person.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert 'class="assisted' not in person.get(BIRTH_DATE).get_data(as_text=True)
    create_staff(app)
    sign_in(client)
    client.post("/en/br/regularization/restart")
    client.post("/en/br/regularization/q/nationality", data={"answer": "VE"})
    assert 'class="assisted' in client.get(BIRTH_DATE).get_data(as_text=True)
    kept = kept_text(app)
    assert 'class="assisted' not in kept


def test_the_least_recently_used_page_goes_first_when_full():
    store = BlankPages(size=2)
    store.keep("a", b"A")
    store.keep("b", b"B")
    assert store.get("a") == b"A"  # "a" is now the most recently used
    store.keep("c", b"C")
    assert store.get("b") is None and store.get("a") == b"A" and store.get("c") == b"C"


def test_a_page_with_more_than_one_token_slot_is_never_kept(app):
    from portal.flows.blank_pages import blank_page

    with app.test_request_context("/en/"):
        app.preprocess_request()
        response = blank_page(("two-forms",), lambda token: f"<p>{token()}</p><p>{token()}</p>")
        assert CSRF_SLOT not in response.get_data(as_text=True)
        assert ("two-forms",) not in app.extensions["blank_pages"].pages


# What a kept question page may read, and why each is covered by its key (request.path, back
# link, step) or the same for everyone: anything else, e.g. request.args, flashed messages or
# the user, would show one person's page to another.
COVERED = {
    "flow",
    "question",
    "form",
    "back_url",
    "step",  # from the path and the flow's rules
    "csrf_token",  # written in per request (the one slot)
    "translated",  # the flow's translation coverage: the same for every person in a language
    "in_flow",  # Quick exit shown: the same on every question page
    "ct",
    "_",
    "gettext",
    "ngettext",
    "languages",
    "html_lang",
    "text_direction",
    "translation_unchecked",  # whether a native speaker checked the language: same for all
    "url_lang",
    "format_day",
    "country_name",
    "url_for",
    "config",  # language-dependent only
    "staff_signed_in",  # kept pages are made only when no staff member is signed in
    "current_user",  # read only under staff_signed_in(): never in a kept page
    "request",  # only .endpoint, .view_args and .method (the path), checked below
    "meta_description",
    "m",
    "_trans",  # a name the i18n extension itself adds for {% trans %} blocks
    "href",  # set inside base.html's language list from request.endpoint and view_args
    "desk_session_ends_at",  # read only under staff_signed_in()
}
REQUEST_READS = {"endpoint", "view_args", "method", "blueprint"}  # all from the path


def parser(app) -> Environment:
    """A plain environment to read the templates with: the app's own resolves its globals, and
    meta then reports none of them."""
    return Environment(loader=app.jinja_env.loader, extensions=["jinja2.ext.i18n"], autoescape=True)


def template_chain(app, name: str) -> list[str]:
    """The question template and everything it extends, includes or imports."""
    seen, pending = [], [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        env = parser(app)
        source = env.loader.get_source(env, current)[0]
        pending += [t for t in meta.find_referenced_templates(env.parse(source)) if t]
    return seen


def test_the_question_template_reads_only_what_the_key_covers(app):
    env = parser(app)
    for name in template_chain(app, "flows/question.html"):
        tree = env.parse(env.loader.get_source(env, name)[0])
        extra = meta.find_undeclared_variables(tree) - COVERED
        assert not extra, f"{name} reads {sorted(extra)}: put it in the blank page's key"
        for node in tree.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "request":
                assert node.attr in REQUEST_READS, f"{name} reads request.{node.attr}"


def test_the_template_check_can_fail(app):
    tree = parser(app).parse("{{ request.args.get('city') }}{{ get_flashed_messages() }}")
    assert meta.find_undeclared_variables(tree) - COVERED == {"get_flashed_messages"}
    reads = {n.attr for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Name)}
    assert reads - REQUEST_READS == {"args"}

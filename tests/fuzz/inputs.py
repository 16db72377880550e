"""What the fuzz tests post: random, malformed, oversized and odd-Unicode form bodies, and the
checks every answer to them must pass (never a 5xx; a refusal in the person's language)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING
from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.helpers_i18n import LOCALES, tr

if TYPE_CHECKING:
    from tests.fuzz.conftest import FuzzApp

MAX_BODY = 16 * 1024  # MAX_CONTENT_LENGTH in portal/config.py

# Deterministic (the same examples on every run, no example database written) and quick: the
# properties are simple, so breadth comes from the strategies, not from many examples.
FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "VE\x00",
    "\u202eVE",  # right-to-left override
    "\u200f\u061c\u2067x\u2069",  # RTL mark, Arabic letter mark, isolates
    "e\u0301\u0301\u0301\u0301\u0301\u0301",  # stacked combining accents
    "\U0001f1fb\U0001f1ea",  # a flag emoji
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # a family emoji with joiners
    "\ufeff1",
    "\uffff",
    "\U0010ffff",
    "\u0661\u0669\u0669\u0660",  # Arabic-Indic digits
    "１２",  # full-width digits
    "²",
    "١-٢",
    "-1",
    "1e9",
    "99999999999999999999999",
    "\r\n\t",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00%ff",
    "A" * 3000,
]
# Bytes that are not valid UTF-8: a lone surrogate as CESU-8, an overlong "/", stray bytes.
NASTY_BYTES = [
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xff\xfe",
    b"\x80",
    b"a\xe2\x82",
    b"\xf4\x90\x80\x80",
]

odd_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
    st.text(st.characters(categories=["Mn", "Cf", "So", "Zs", "Nd"]), max_size=30),
)
raw_bytes = st.one_of(st.sampled_from(NASTY_BYTES), st.binary(max_size=30))
# What number and date boxes get from any keyboard: every character Unicode calls a digit (Nd:
# Arabic-Indic, full-width, Devanagari...), another number (No: superscripts, circled, fractions)
# or a letter-like number (Nl: Roman numerals), alone or among ASCII digits.
number_text = st.text(
    st.one_of(st.characters(categories=["Nd", "No", "Nl"]), st.sampled_from("0123456789")),
    min_size=1,
    max_size=6,
)


def _as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def values(
    valid: list[str] | tuple[str, ...] = (), numeric: bool = False
) -> st.SearchStrategy[bytes]:
    options = [odd_text, raw_bytes]
    if numeric:
        options.insert(0, number_text)
    if valid:
        options.insert(0, st.sampled_from(list(valid)))
    return st.one_of(*options).map(_as_bytes)


def fields(names: list[str], valid: list[str] | tuple[str, ...] = (), numeric: bool = False):
    """Lists of (name, value) pairs: the right names, wrong names, repeats, missing ones."""
    name = st.one_of(st.sampled_from(names), odd_text, raw_bytes).map(_as_bytes)
    return st.lists(st.tuples(name, values(valid, numeric)), max_size=6)


@dataclass(frozen=True)
class Body:
    kind: str  # form | raw | multipart | uploads | broken-multipart | json | other-type | ...
    data: bytes
    content_type: str
    with_token: bool  # the CSRF token field is posted with its real value

    @property
    def is_form(self) -> bool:
        return self.kind in ("form", "multipart")


def urlencode(pairs) -> bytes:
    return b"&".join(
        quote_from_bytes(n).encode() + b"=" + quote_from_bytes(v).encode() for n, v in pairs
    )


def multipart(pairs, boundary: str = "fuzzboundary", as_files: bool = False) -> bytes:
    filename = b'; filename="answer.txt"' if as_files else b""
    parts = [
        b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="' + n + b'"'
        + filename + b"\r\n\r\n" + v
        for n, v in pairs
    ]  # fmt: skip
    return b"\r\n".join([*parts, b"--" + boundary.encode() + b"--\r\n"])


FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=fuzzboundary"


@st.composite
def bodies(
    draw,
    names: list[str],
    valid: list[str] | tuple[str, ...] = (),
    token: str = "",
    numeric: bool = False,
):
    """One request body: mostly form-encoded fields, sometimes malformed or oversized. Numeric
    fields (numbers, dates) get digits of every script too."""
    kind = draw(
        st.sampled_from(
            ["form"] * 6 + ["raw", "multipart", "broken-multipart", "json", "other-type"]
            + ["oversized", "too-many-parts"]
        )
    )  # fmt: skip
    with_token = bool(token) and draw(st.sampled_from([True, True, True, False]))
    pairs = draw(fields(names, valid, numeric))
    if with_token:
        pairs = [(b"csrf_token", token.encode()), *pairs]
    if kind == "form":
        return Body(kind, urlencode(pairs), FORM, with_token)
    if kind == "multipart":
        as_files = draw(st.booleans())  # the portal takes no files: uploads must be refused
        kind = "uploads" if as_files and pairs else kind
        return Body(kind, multipart(pairs, as_files=as_files), MULTIPART, with_token)
    if kind == "broken-multipart":
        data = draw(
            st.sampled_from([multipart(pairs)[:-7], b"--x\r\n", draw(st.binary(max_size=60))])
        )
        # Any boundary a header can carry: a raw line break cannot be sent in one (the test
        # client refuses it too, since Werkzeug 3.1.0).
        boundary = draw(odd_text.filter(lambda text: not set(text) & {"\r", "\n"}))
        return Body(kind, data, "multipart/form-data; boundary=" + boundary, with_token)
    if kind == "raw":
        return Body(kind, draw(st.binary(max_size=200)), FORM, False)
    if kind == "json":
        document = draw(
            st.sampled_from([[], ["VE"], "VE", 1, 0.5, True])
            | st.recursive(
                st.none() | st.booleans() | st.integers() | odd_text,
                lambda inner: (
                    st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3)
                ),
                max_leaves=8,
            )
            | st.dictionaries(st.sampled_from(names), odd_text | st.lists(odd_text, max_size=3))
        )
        return Body(kind, json.dumps(document).encode(), "application/json", False)
    if kind == "other-type":
        content_type = draw(st.sampled_from(["application/json", "text/plain", "", "image/png"]))
        return Body(kind, draw(st.binary(max_size=100)), content_type, False)
    if kind == "oversized":
        size = draw(st.integers(MAX_BODY + 1, 4 * MAX_BODY))
        return Body(kind, urlencode([*pairs, (b"answer", b"9" * size)]), FORM, with_token)
    # MAX_FORM_PARTS (200) limits multipart bodies; a url-encoded body is only limited in size.
    many = [(b"a", b"1")] * draw(st.integers(201, 250))
    return Body(kind, multipart(many + pairs), MULTIPART, with_token)


languages = st.sampled_from(sorted(LOCALES))


def post(client, url: str, body: Body):
    return client.post(url, data=body.data, content_type=body.content_type)


REFUSALS = {
    400: ("There is a problem", "This page has expired", "Something in the form was not right",
          "Nothing was deleted"),
    404: ("Page not found",),
    405: ("That did not work",),
    413: ("What you sent is too long",),
    429: ("Too many tries",),
}  # fmt: skip


def assert_clear_answer(response, lang: str, *, expect: tuple[str, ...] = ()) -> str:
    """No 5xx; a refusal is a page in the person's language that says what went wrong. `expect`
    narrows which refusal texts are acceptable for this input."""
    if response.mimetype != "text/html":
        assert response.status_code < 400, response.status
        return ""
    html = response.get_data(as_text=True)
    assert response.status_code < 500, html[:300]
    if response.status_code < 400:
        return html
    locale = LOCALES[lang]
    assert f'<html lang="{lang}"' in html
    texts = expect or REFUSALS[response.status_code]
    page = unescape(html)  # lazily translated texts are not escaped, so compare plain text
    shown = [text for text in texts if unescape(tr(locale, text)) in page]
    assert shown, f"{response.status_code} page without a clear message in {lang}: {html[:400]}"
    return html


def expected_refusal(
    body: Body, csrf: bool, reads_form: bool = True
) -> tuple[int, tuple[str, ...]] | None:
    """The status and message some inputs must get whatever else is in them. A route with no
    fields (sign out, start again) only reads the body for its CSRF token."""
    if body.kind in ("oversized", "too-many-parts") and (csrf or reads_form):
        return 413, ("What you sent is too long",)
    # A file part is refused as soon as the body is read, before the CSRF token is looked at.
    if body.kind == "uploads" and (csrf or reads_form) and _part_headers_decode(body.data):
        return 400, ("Something in the form was not right",)
    if csrf and not body.with_token and body.kind != "broken-multipart":
        return 400, ("This page has expired",)
    return None


def _part_headers_decode(data: bytes) -> bool:
    """Whether a file part reaches the portal. Werkzeug reads the parts in order and stops,
    quietly, at the first whose headers are not UTF-8 (a field name of lone surrogate bytes,
    say): what follows is never read, so a body whose first file part comes after such a part
    is a form without those fields, not an upload."""
    for part in data.split(b"--fuzzboundary"):
        headers = part.split(b"\r\n\r\n", 1)[0]
        try:
            headers.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if b"filename=" in headers:
            return True
    return False


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form without a CSRF token"
    return match.group(1)


def queries(names: list[str], valid: list[str]):
    """Query strings as a browser or a hand-typed address sends them: anything outside printable
    ASCII arrives percent-encoded, including bytes that are not UTF-8."""
    typed = raw_bytes.map(lambda raw: quote_from_bytes(raw, safe="=&%+;/?"))
    return (
        fields(names, valid).map(lambda pairs: urlencode(pairs).decode())
        | typed
        | st.just("city=" + "x" * 20_000)
    )


def check(
    fuzz: FuzzApp, response, lang: str, body: Body, ok: tuple[int, ...], problem: str,
    reads_form: bool = True,
):  # fmt: skip
    """Expected refusals first; a well-formed form gets `ok` or a 400 saying `problem`.
    Returns whether the post was refused."""
    expected = expected_refusal(body, fuzz.csrf, reads_form)
    if expected:
        assert response.status_code == expected[0]
        assert_clear_answer(response, lang, expect=expected[1])
    elif body.kind == "form":
        assert response.status_code in (*ok, 400)
        assert_clear_answer(response, lang, expect=(problem,))
    else:
        assert_clear_answer(response, lang)
    return response.status_code >= 400

"""What every printed document shares: the public address it prints, and turning its HTML into
a PDF download through the one render worker (portal/checklists/pdf.py).

Imports no feature's views, so any feature (checklists, offices, saved codes) can print."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, make_response, url_for

from portal.checklists.pdf import RenderFailed, renderer_for
from portal.errors import render_error


def public_address(endpoint: str, **values) -> str:
    """An address to print: on PUBLIC_URL, never on the host a request names (anyone can send
    any Host header, and paper lasts). Production refuses to start without PUBLIC_URL
    (config.py); development and testing without it use the request's host, which security.py
    has checked is well formed."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def pdf_response(html: str, filename: str, what: str, keep: bool = True) -> Response:
    """The PDF of `html` as a download named `filename`, or the 503 page when it cannot be
    rendered. `what` names the document in the log (never its content); `keep=False` for a
    document holding a secret, which the render cache must not keep."""
    static = Path(current_app.static_folder or "static")
    try:
        pdf = renderer_for(static, current_app.config).render(html, keep=keep)
    except RenderFailed:
        current_app.logger.warning("%s PDF could not be rendered", what)
        return make_response(render_error(503))
    disposition = f'attachment; filename="{filename}"'
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": disposition})

"""Render a checklist page to PDF with WeasyPrint, fetching only the portal's own static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyFetcher(URLFetcher):
    """Serves files under the static folder and refuses every other URL (no network, no
    arbitrary local files), so content can never make the renderer read something else."""

    def __init__(self, static_dir: Path):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = static_dir.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if not url.startswith("file:"):
            raise ValueError(f"PDF rendering may not fetch {url!r}")
        target = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if self.root not in target.parents or not target.is_file():
            raise ValueError(f"PDF rendering may not fetch {url!r}")
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime})


def render_pdf(html: str, static_dir: Path) -> bytes:
    base_url = static_dir.resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(static_dir))
    return document.write_pdf()

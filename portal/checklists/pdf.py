"""Render checklist HTML to PDF with WeasyPrint, safely and fast.

- Fetches only the portal's own static files (StaticOnlyFetcher): content can never make the
  renderer read the network or an arbitrary local file.
- Renders in a separate worker process with a time limit and a page limit; the worker is
  replaced after a number of documents so memory stays bounded.
- Caches finished PDFs by the SHA-256 of the exact HTML and paper size, i.e. by everything that
  changes the document: flow, outcome, the answers that matter, both languages, offices filter,
  content and translations version and the print date all appear in that HTML.
"""

from __future__ import annotations

import atexit
import hashlib
import mimetypes
import multiprocessing
import os
import signal
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyFetcher(URLFetcher):
    """Serves files under the static folder and inline data: URLs (the QR code); refuses every
    other URL."""

    def __init__(self, static_dir: Path):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = static_dir.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("file:"):
            raise ValueError(f"PDF rendering may not fetch {url!r}")
        target = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if self.root not in target.parents or not target.is_file():
            raise ValueError(f"PDF rendering may not fetch {url!r}")
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime})


class TooManyPages(ValueError):
    pass


class RenderFailed(RuntimeError):
    pass


def render_pdf(html: str, static_dir: Path, max_pages: int = 40) -> bytes:
    """Render in this process (the worker calls this)."""
    base_url = static_dir.resolve().as_uri() + "/"
    document = HTML(
        string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(static_dir)
    ).render()
    if len(document.pages) > max_pages:
        raise TooManyPages(f"{len(document.pages)} pages, the limit is {max_pages}")
    return document.write_pdf()


def _warm_up(pid_slot) -> None:
    # The parent reads the worker's process id from here to stop a render that runs too long.
    pid_slot.value = os.getpid()
    render_pdf("<p>.</p>", Path(__file__).resolve().parent.parent / "static")


def _ready() -> bool:
    return True


# Starting a worker (a new interpreter, WeasyPrint's imports, a first render) can take many
# seconds on a busy machine; it is waited for apart, so the render timeout measures rendering.
WARM_UP_SECONDS = 120


class PdfRenderer:
    """A small pool of render workers shared by the app process, with an LRU cache."""

    def __init__(self, static_dir: Path, *, timeout: float, max_pages: int, cache_size: int,
                 recycle_after: int) -> None:  # fmt: skip
        self.static_dir = static_dir
        self.timeout = timeout
        self.max_pages = max_pages
        self.cache_size = cache_size
        self.recycle_after = recycle_after
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._worker_pid = None  # a shared integer the render worker writes its pid into
        self.renders = 0  # fresh renders, for tests and the benchmark
        self.hits = 0

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._worker_pid = context.Value("i", 0, lock=False)
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=context,
                max_tasks_per_child=self.recycle_after,
                initializer=_warm_up,
                initargs=(self._worker_pid,),
            )
            try:
                self._pool.submit(_ready).result(timeout=WARM_UP_SECONDS)
            except (FutureTimeout, BrokenProcessPool) as exc:
                self._reset()
                raise RenderFailed("the PDF worker did not start") from exc
        return self._pool

    def _reset(self) -> None:
        if self._pool is not None:
            pid = self._worker_pid.value if self._worker_pid is not None else 0
            # Only a live child of this process: never a recycled worker's reused process id.
            if pid and pid in {child.pid for child in multiprocessing.active_children()}:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    @staticmethod
    def key(html: str) -> str:
        return hashlib.sha256(html.encode("utf-8")).hexdigest()

    def cached(self, html: str) -> bytes | None:
        with self._lock:
            pdf = self._cache.get(self.key(html))
            if pdf is not None:
                self._cache.move_to_end(self.key(html))
            return pdf

    def render(self, html: str, keep: bool = True) -> bytes:
        """The PDF for this HTML, from the cache or a fresh render in the worker. `keep=False`
        for a document holding a secret (a saved code): never cached, never served from it."""
        pdf = self.cached(html) if keep else None
        if pdf is not None:
            self.hits += 1
            return pdf
        with self._lock:
            future = self._executor().submit(render_pdf, html, self.static_dir, self.max_pages)
        try:
            pdf = future.result(timeout=self.timeout)
        except FutureTimeout as exc:
            with self._lock:
                self._reset()
            raise RenderFailed("PDF rendering took too long") from exc
        except BrokenProcessPool as exc:
            with self._lock:
                self._reset()
            raise RenderFailed("the PDF worker stopped") from exc
        except TooManyPages as exc:
            raise RenderFailed(str(exc)) from exc
        with self._lock:
            self.renders += 1
            if not keep:
                return pdf
            self._cache[self.key(html)] = pdf
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return pdf

    def close(self) -> None:  # pragma: no cover - called at interpreter exit
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None


_RENDERERS: dict[tuple, PdfRenderer] = {}


def renderer_for(static_dir: Path, config) -> PdfRenderer:
    """One renderer (one worker, one cache) per process and settings, shared by every app."""
    key = (
        str(static_dir), config["PDF_TIMEOUT_SECONDS"], config["PDF_MAX_PAGES"],
        config["PDF_CACHE_SIZE"], config["PDF_RECYCLE_AFTER"],
    )  # fmt: skip
    if key not in _RENDERERS:
        _RENDERERS[key] = PdfRenderer(
            static_dir,
            timeout=config["PDF_TIMEOUT_SECONDS"],
            max_pages=config["PDF_MAX_PAGES"],
            cache_size=config["PDF_CACHE_SIZE"],
            recycle_after=config["PDF_RECYCLE_AFTER"],
        )
        atexit.register(_RENDERERS[key].close)
    return _RENDERERS[key]

"""Throughput of a real question page as a ratio of a bare Flask hello-world, both served by
gunicorn with the project's gunicorn.conf.py (same workers, same logging) and loaded the same
way. The page is the second question of Brazil's regularization flow, requested with the
encrypted session cookie of a person who has started the flow and answered the first question,
so every request opens a real encrypted session. The portal runs with PORTAL_ENV_NAME=production.

In each round both servers are loaded at the same moment, with one wrk each: a neighbour using
the CPU slows both alike, so it moves both figures but not their ratio (each server gets an
equal share of the CPU, so the ratio of their throughputs is the inverse ratio of what a request
costs). The median round is reported.

    .venv/bin/python bench/throughput.py [--rounds 5] [--seconds 6] [--connections 10]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from load import ensure_wrk, run_python, run_wrk  # bench/ is on sys.path as the script's folder
from servers import gunicorn, started_flow

FLOW = "br/regularization"
FIRST_ANSWERS = {"nationality": "VE"}
TARGET = 0.6  # issue 17: at least 0.6 x a hello-world under the same gunicorn config


def portal_env(workdir: Path) -> dict[str, str]:
    database = f"sqlite:///{workdir / 'bench.sqlite3'}"
    from portal import create_app
    from portal.extensions import db

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
    return {
        "PORTAL_ENV_NAME": "production",
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        # wrk and the Python client address the server as 127.0.0.1:<port>: the trusted host.
        "PORTAL_PUBLIC_URL": "https://127.0.0.1",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", database),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--connections", type=int, default=10)
    options = parser.parse_args()
    wrk = ensure_wrk()
    workers = os.environ.get("WEB_CONCURRENCY") or str((os.cpu_count() or 1) * 2 + 1)
    common = {"WEB_CONCURRENCY": workers, "LOG_LEVEL": "warning"}

    with tempfile.TemporaryDirectory(prefix="camino-bench-") as tmp:
        workdir = Path(tmp)
        with (
            gunicorn(
                "hello:app",
                {**common, "PYTHONPATH": str(Path(__file__).parent)},
                workdir / "hello.log",
            ) as hello,
            gunicorn(
                "wsgi:app",
                {**common, **portal_env(workdir)},
                workdir / "portal.log",
                ready_path="/healthz",
            ) as portal,
        ):
            _cookie, question = started_flow(*portal, FLOW, FIRST_ANSWERS)

            def load(name: str, seconds: int) -> Callable[[], float]:
                """Prepare one load run; returns a function that runs it."""
                if name == "hello":
                    host, port, path, cookie = *hello, "/", ""
                else:  # a fresh person each time, as a browser keeps its cookie current
                    cookie, path = started_flow(*portal, FLOW, FIRST_ANSWERS)
                    host, port = portal
                if wrk:
                    url = f"http://{host}:{port}{path}"
                    return lambda: run_wrk(wrk, url, cookie, seconds, options.connections)
                return lambda: run_python(host, port, path, cookie, seconds, options.connections)

            def together(seconds: int) -> dict[str, float]:
                """Load both servers at the same moment: whatever else the machine is doing
                slows both alike, and each gets an equal share of the CPU."""
                runs = {name: load(name, seconds) for name in ("hello", "question")}
                with ThreadPoolExecutor(2) as pool:
                    futures = {name: pool.submit(run) for name, run in runs.items()}
                return {name: future.result() for name, future in futures.items()}

            together(2)  # warm up: first connections, the blank page, caches
            rounds = [together(options.seconds) for _ in range(options.rounds)]

    ratios = sorted(r["question"] / r["hello"] for r in rounds)
    middle = min(rounds, key=lambda r: abs(r["question"] / r["hello"] - statistics.median(ratios)))
    tool = f"wrk, {options.connections} connections" if wrk else "Python threads (no wrk)"
    print(
        f"Throughput under gunicorn.conf.py ({workers} sync workers; {tool}; "
        f"{options.rounds} rounds of {options.seconds:g} s)"
    )
    print(f"{'(both loaded at once)':42} {'requests/s':>11}")
    print(f"{'Flask hello-world':42} {middle['hello']:11.0f}")
    print(
        f"{'question page (' + question.rsplit('/', 1)[-1] + ', with session)':42} "
        f"{middle['question']:11.0f}"
    )
    ratio = statistics.median(ratios)
    print(
        f"ratio {ratio:.2f} (rounds: {', '.join(f'{r:.2f}' for r in ratios)}); "
        f"target >= {TARGET}  {'ok' if ratio >= TARGET else 'MISSED'}"
    )


if __name__ == "__main__":
    main()

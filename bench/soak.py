"""The question page under sustained load and at a steady rate, served as production serves it
(gunicorn with gunicorn.conf.py, PORTAL_ENV_NAME=production; the same page and session cookie as
bench/throughput.py: the second question of Brazil's regularization flow).

1. Soak: wrk holds --connections (200) connections for --seconds (60) on loopback, with a
   --timeout per request. Every response must be a 2xx and no socket may fail (connect, read,
   write or timeout). wrk is a closed loop: its latencies only show the queue it builds itself.
2. Open loop, in --rounds rounds, each: a single client's median latency (one request at a time
   for --single-seconds), the capacity (wrk, 10 connections, --capacity-seconds), requests at a
   fixed rate of --fraction (half) of that capacity for --open-seconds, and the capacity again.
   wrk2 and oha are not packaged here, so the open-loop generator is `open_loop` below, run in
   --generators processes. Every request has an intended send time (start + i / rate) fixed in
   advance, whatever the server does, and its latency is counted from that intended time, not
   from when it was actually sent: a stalled server or a late generator makes the requests
   behind it late instead of silently sending fewer, so coordinated omission is avoided. The
   p95 from the actual send is shown beside it: the difference is the generator's own delay
   (on a busy machine it waits for a CPU too). The verdict is the median over the rounds of
   p95 / single-client median. Each round repeats the same steps on the Flask hello-world of
   bench/throughput.py, as a reference: what this machine and gunicorn config allow at all.

The servers run on the first half of this process's CPUs and everything that makes load (this
script, wrk, the generator) on the other half, as if the load came from another machine: on
shared CPUs a request waits whenever the generator holds the CPU its worker needs, and that
wait was most of the p95 measured here before (see docs/performance.md). gunicorn gets the
workers gunicorn.conf.py would choose on a machine with the servers' CPUs (2 x CPUs + 1), unless
WEB_CONCURRENCY says otherwise. With the generator on a CPU of its own, it may spin for the last
fraction of a millisecond before each send, which epoll cannot wait for.

Each round uses a person who has just started the flow, so the cookie stays younger than the
session's refresh interval (a minute) as a browser's would. Needs wrk (installed with apt-get
when running as root).

    .venv/bin/python bench/soak.py [--seconds 60] [--connections 200] [--timeout 10]
        [--rounds 3] [--open-seconds 10] [--fraction 0.5] [--only soak|open]
"""

from __future__ import annotations

import argparse
import errno
import math
import multiprocessing
import os
import re
import selectors
import socket
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from load import ensure_wrk, run_wrk  # bench/ is on sys.path as the script's folder
from servers import gunicorn, started_flow
from throughput import FIRST_ANSWERS, FLOW, portal_env

P95_TARGET = 3.0  # p95 at half capacity, in single-client medians
HEADER = (
    ("round page", "single", "single", "capacity", "rate", "p50", "p95", "p99", "p95 from",
     "capacity", "p95 /"),
    ("", "median", "p95", "before", "sent", "", "", "", "the send", "after", "single"),
)  # fmt: skip
WIDTHS = (10, 7, 7, 9, 6, 7, 7, 7, 8, 9, 7)
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk_soak(wrk: str, url: str, cookie: str, seconds: int, connections: int, timeout: int):
    """Run wrk once; returns requests/s, latency percentiles (closed loop) and error counts."""
    command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s"]
    command += ["--latency", "-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)$", output, re.MULTILINE))
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _seconds(percentiles["50"]),
        "p99": _seconds(percentiles["99"]),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket": [int(n) for n in socket_errors.groups()] if socket_errors else [0, 0, 0, 0],
        "output": output,
    }


def status_of(response: bytes) -> int:
    """The status of a whole response, or ConnectionError if it is cut short."""
    head, _, body = response.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].split()
    length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
    if len(status) < 2 or not status[0].startswith(b"HTTP/") or not length:
        raise ConnectionError("not an HTTP response with a length")
    if int(length.group(1)) != len(body):
        raise ConnectionError("incomplete response")
    return int(status[1])


def single_client(host: str, port: int, payload: bytes, seconds: float) -> list[float]:
    """Latencies of requests sent one after another by one client, each on a new connection
    (sync workers close each one), with plain sockets like the open loop."""
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with socket.create_connection((host, port)) as sock:
            sock.sendall(payload)
            response = b"".join(iter(lambda: sock.recv(65536), b""))
        latencies.append(time.monotonic() - started)
        if status_of(response) != 200:
            raise RuntimeError("the single client got an error")
    return latencies


def open_loop(host, port, payload, rate, seconds, timeout, start, share=0, shares=1):
    """Send requests number share, share + shares, ... of an open-loop schedule: request i is
    due at start + i / rate (time.monotonic), sent then on a new connection however the
    earlier ones fare, and its latency runs from that intended time, not from when it was
    actually sent. One non-blocking loop (selectors) per process, cheap enough that the client
    is not what limits the rate. Returns the latencies of the successes, the failures by kind,
    how late the latest send was, and the CPU seconds used."""
    selector = selectors.DefaultSelector()
    due = iter([start + i / rate for i in range(share, round(rate * seconds), shares)])
    latencies: list[float] = []
    from_send: list[float] = []  # the same, from the actual send: what the client's delays add
    failures: Counter[str] = Counter()
    lateness, swept, cpu = 0.0, start, time.process_time()

    def finish(sock: socket.socket, kind: str | None = None) -> None:
        intended, sent, chunks = selector.unregister(sock).data
        sock.close()
        if kind is None:
            try:
                status = status_of(b"".join(chunks))
                kind = None if status == 200 else f"status {status}"
            except ConnectionError:
                kind = "incomplete"
        if kind is None and time.monotonic() - intended > timeout:
            kind = "timeout"
        if kind is None:
            latencies.append(time.monotonic() - intended)
            from_send.append(time.monotonic() - sent)
        else:
            failures[kind] += 1

    next_due = next(due, None)
    while next_due is not None or selector.get_map():
        now = time.monotonic()
        while next_due is not None and next_due <= now:  # a late send is caught up at once
            lateness = max(lateness, now - next_due)
            sock = socket.socket()
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_WRITE, (next_due, now, []))
            error = sock.connect_ex((host, port))
            if error not in (0, errno.EINPROGRESS):
                finish(sock, f"connect: {os.strerror(error)}")
            next_due = next(due, None)
        wait = 0.05 if next_due is None else min(0.05, next_due - time.monotonic())
        # epoll waits whole milliseconds, rounding up: a send due in 0.3 ms would leave up to a
        # millisecond late, and its latency, counted from the intended time, would carry that.
        # So wait the whole milliseconds only (less a hair, so that rounding up keeps them
        # whole) and then poll without waiting until the send is due.
        wait = max(0.0, math.floor(wait * 1000) / 1000 - 1e-6)
        for key, events in selector.select(wait):
            sock, chunks = key.fileobj, key.data[2]
            if events & selectors.EVENT_WRITE:
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if error:
                    finish(sock, f"connect: {os.strerror(error)}")
                    continue
                try:
                    if sock.send(payload) != len(payload):  # a new socket's buffer takes it all
                        raise OSError(errno.EAGAIN, "short write")
                except OSError as error:
                    finish(sock, f"write: {error.strerror}")
                    continue
                selector.modify(sock, selectors.EVENT_READ, key.data)
                continue
            try:
                data = sock.recv(65536)
            except OSError as error:
                finish(sock, f"read: {error.strerror}")
                continue
            if data:
                chunks.append(data)
            else:  # the server closed the connection: the response is whole
                finish(sock)
        if time.monotonic() - swept > 0.1:
            swept = time.monotonic()
            for key in list(selector.get_map().values()):
                if swept - key.data[0] > timeout:
                    finish(key.fileobj, "timeout")
    return latencies, from_send, failures, lateness, time.process_time() - cpu


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def row(name: str, figure: str, target: str = "", met: bool | None = None) -> None:
    verdict = "" if met is None else ("ok" if met else "MISSED")
    print(f"{name:44} {figure:>17} {target:>9}  {verdict}".rstrip())


def soak(wrk: str, portal: tuple[str, int], options) -> None:
    path, cookie = started(portal)
    url = f"http://{portal[0]}:{portal[1]}{path}"
    result = wrk_soak(wrk, url, cookie, options.seconds, options.connections, options.timeout)
    print(
        f"Soak: question page, {options.connections} connections for {options.seconds} s on "
        f"loopback (wrk, timeout {options.timeout} s)"
    )
    row("", "figure", "target")
    row("requests/s", f"{result['rate']:.0f}")
    row("requests answered", f"{result['requests']}")
    row(
        "latency p50 / p99 (closed loop), ms",
        f"{result['p50'] * 1e3:.0f} / {result['p99'] * 1e3:.0f}",
    )
    row("non-2xx responses", f"{result['non_2xx']}", "0", result["non_2xx"] == 0)
    socket = "/".join(str(n) for n in result["socket"])
    row("socket errors connect/read/write/timeout", socket, "0", not any(result["socket"]))
    if result["non_2xx"] or any(result["socket"]):
        print(result["output"])


def open_round(wrk: str, server: tuple[str, int], path: str, cookie: str, options) -> dict:
    """A single client's median, the capacity, the open loop at a fraction of it, and the
    capacity again (if it fell below the rate sent, the machine got busier meanwhile)."""
    host, port = server
    url = f"http://{host}:{port}{path}"
    headers = f"Host: {host}:{port}\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "")
    payload = f"GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n".encode()
    single_client(host, port, payload, 0.5)  # warm up this client's path
    alone = single_client(host, port, payload, options.single_seconds)
    single, single_p95 = statistics.median(alone), percentile(alone, 0.95)
    capacity = run_wrk(wrk, url, cookie, options.capacity_seconds, 10)
    rate = capacity * options.fraction
    shares = options.generators
    start = time.monotonic() + 0.5  # after the processes have started
    schedule = (host, port, payload, rate, options.open_seconds, options.timeout, start)
    with ProcessPoolExecutor(shares, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(open_loop, *schedule, k, shares) for k in range(shares)]
        parts = [future.result() for future in futures]
    latencies = [latency for part in parts for latency in part[0]]
    from_send = [latency for part in parts for latency in part[1]]
    failures = sum((part[2] for part in parts), Counter())
    lateness = max(part[3] for part in parts)
    cpu = sum(part[4] for part in parts) / options.open_seconds
    after = run_wrk(wrk, url, cookie, options.capacity_seconds, 10)
    p50, p95, p99 = (percentile(latencies or [0.0], f) for f in (0.5, 0.95, 0.99))
    sent_p95 = percentile(from_send or [0.0], 0.95)
    return dict(single=single, single_p95=single_p95, capacity=capacity, rate=rate, p50=p50,
                p95=p95, p99=p99, sent_p95=sent_p95, after=after, ratio=p95 / single,
                failures=failures, late=lateness, cpu=cpu)  # fmt: skip


def open_at_half(wrk: str, portal: tuple[str, int], hello: tuple[str, int], options) -> None:
    rounds = []
    for _ in range(options.rounds):  # a person who has just started, so the cookie is current
        rounds.append(("question", open_round(wrk, portal, *started(portal), options)))
        rounds.append(("hello", open_round(wrk, hello, "/", "", options)))
    print(
        f"Open loop at {options.fraction:g} x capacity, {options.rounds} round(s) of "
        f"{options.open_seconds} s, each on the question page and then on the\n"
        "Flask hello-world (Python generator; latency from each intended send time)"
    )
    for line in HEADER:
        print(" ".join(f"{word:>{width}}" for word, width in zip(line, WIDTHS, strict=True)))
    for number, (page, r) in enumerate(rounds, 2):
        ms = [r[key] * 1e3 for key in ("single", "single_p95", "p50", "p95", "p99", "sent_p95")]
        cells = [*ms[:2], r["capacity"], r["rate"], *ms[2:], r["after"], r["ratio"]]
        digits = (1, 1, 0, 0, 1, 1, 1, 1, 0, 2)
        figures = zip(cells, WIDTHS[1:], digits, strict=True)
        print(f"{number // 2} {page:>8}", " ".join(f"{c:{w}.{d}f}" for c, w, d in figures))
    print(
        "(ms, requests/s; capacity with wrk, 10 connections, "
        f"{options.capacity_seconds} s; single client {options.single_seconds} s; "
        f"{options.generators} generator\nprocess(es), polling before each send: at most "
        f"{max(r['cpu'] for _, r in rounds):.0%} of a CPU, at most "
        f"{max(r['late'] for _, r in rounds) * 1e3:.0f} ms late)"
    )
    median = {page: statistics.median(r["ratio"] for p, r in rounds if p == page)
              for page in ("question", "hello")}  # fmt: skip
    row("question page: p95 / single client's median", f"{median['question']:.2f}",
        f"<= {P95_TARGET:g}", median["question"] <= P95_TARGET)  # fmt: skip
    row("hello-world, the same (what the machine allows)", f"{median['hello']:.2f}")
    failures = sum((r["failures"] for _, r in rounds), Counter())
    errors = ", ".join(f"{kind} {n}" for kind, n in failures.items()) or "0"
    row("errors and timeouts, all rounds", errors, "0", not failures)


def started(portal: tuple[str, int]) -> tuple[str, str]:
    """The path and cookie of a person who has just answered the flow's first question."""
    cookie, path = started_flow(*portal, FLOW, FIRST_ANSWERS)
    return path, cookie


def cpu_list(cpus: set[int]) -> str:
    return ",".join(str(cpu) for cpu in sorted(cpus))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60, help="soak duration")
    parser.add_argument("--connections", type=int, default=200, help="soak connections")
    parser.add_argument("--timeout", type=int, default=10, help="seconds per request")
    parser.add_argument("--rounds", type=int, default=3, help="open-loop rounds")
    parser.add_argument("--single-seconds", type=int, default=3)
    parser.add_argument("--capacity-seconds", type=int, default=5)
    parser.add_argument("--open-seconds", type=int, default=10, help="per round")
    parser.add_argument("--fraction", type=float, default=0.5, help="of capacity, open loop")
    parser.add_argument("--generators", type=int, help="processes (default: the client's CPUs)")
    parser.add_argument("--only", choices=("soak", "open"))
    options = parser.parse_args()
    wrk = ensure_wrk()
    if wrk is None:
        raise SystemExit("bench/soak.py needs wrk: apt-get install wrk")
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        raise SystemExit("bench/soak.py needs 2 CPUs: one for the servers, one for the load")
    server_cpus, client_cpus = set(cpus[: len(cpus) // 2]), set(cpus[len(cpus) // 2 :])
    os.sched_setaffinity(0, client_cpus)  # wrk and the generator processes inherit it
    options.generators = options.generators or len(client_cpus)
    workers = os.environ.get("WEB_CONCURRENCY") or str(len(server_cpus) * 2 + 1)

    with tempfile.TemporaryDirectory(prefix="camino-soak-") as tmp:
        workdir = Path(tmp)
        common = {"WEB_CONCURRENCY": workers, "LOG_LEVEL": "warning"}
        with (
            gunicorn(
                "wsgi:app",
                {**common, **portal_env(workdir)},
                workdir / "portal.log",
                ready_path="/healthz",
                cpus=server_cpus,
            ) as portal,
            gunicorn(
                "hello:app",
                {**common, "PYTHONPATH": str(Path(__file__).parent)},
                workdir / "hello.log",
                cpus=server_cpus,
            ) as hello,
        ):
            path, cookie = started(portal)
            run_wrk(wrk, f"http://{portal[0]}:{portal[1]}{path}", cookie, 2, 10)  # warm up
            run_wrk(wrk, f"http://{hello[0]}:{hello[1]}/", "", 1, 10)
            load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
            print(
                f"gunicorn.conf.py, {workers} sync workers on CPU {cpu_list(server_cpus)}; wrk "
                f"and the generator on CPU {cpu_list(client_cpus)}; load {load}"
            )
            if options.only != "open":
                soak(wrk, portal, options)
            if options.only != "soak":
                if options.only is None:
                    print()
                open_at_half(wrk, portal, hello, options)


if __name__ == "__main__":
    main()

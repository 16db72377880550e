"""Load generators: wrk when installed (a Debian package, installed here when running as root),
otherwise a Python one with threads (slower, so it flatters the ratio: say which was used)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import threading
import time


def ensure_wrk() -> str | None:
    if shutil.which("wrk") is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(install, env=env, capture_output=True).returncode != 0:  # noqa: S603
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)  # noqa: S607
            subprocess.run(install, env=env, capture_output=True)  # noqa: S603
    return shutil.which("wrk")


def run_wrk(wrk: str, url: str, cookie: str, seconds: float, connections: int) -> float:
    """Requests per second of successful (2xx) responses."""
    command = [wrk, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    timeouts = re.search(r"timeout (\d+)", output)
    if "Non-2xx" in output or (timeouts and int(timeouts.group(1)) > 0):
        raise RuntimeError(f"errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def run_python(host: str, port: int, path: str, cookie: str, seconds: float, threads: int):
    """Requests per second with one thread per connection (the server closes each one)."""
    deadline = time.monotonic() + seconds
    counts = [0] * threads
    failures: list[int] = []
    headers = {"Cookie": cookie} if cookie else {}

    def worker(index: int) -> None:
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                failures.append(response.status)
                return
            counts[index] += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise RuntimeError(f"errors under load: {failures[:5]}")
    return sum(counts) / (time.monotonic() - started)

"""The portal under a real gunicorn, configured as in production, for what only the real server
shows: its logs, its limits across worker processes, malformed requests and slow clients.

    with gunicorn_server({"LOG_LEVEL": "debug"}, workers=2) as server:
        response = server.get("/es/br/offices?city=Manaus")
        assert response.status == 200 and "Manaus" not in server.log()
        answer = server.raw(b"GET / HTTP/1.1 junk\\r\\n\\r\\n")  # a malformed request

Requests carry `Host: camino.example`, the host of the PORTAL_PUBLIC_URL the server runs with.
"""

from __future__ import annotations

import ast
import atexit
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from portal import PROJECT_ROOT

PUBLIC_HOST = "camino.example"
PUBLIC_URL = f"https://{PUBLIC_HOST}"
BIN = Path(sys.executable).parent
# Read by gunicorn.conf.py or gunicorn itself: the test's own settings must not leak in.
SERVER_VARIABLES = ("BIND", "PORT", "WEB_CONCURRENCY", "WORKER_TIMEOUT", "FORWARDED_ALLOW_IPS",
                    "LOG_LEVEL", "GUNICORN_CMD_ARGS", "DATABASE_URL", "REDIS_URL")  # fmt: skip


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies this response sets, by name."""
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class GunicornServer:
    port: int
    env: dict[str, str] = field(repr=False)  # may hold credentials from the environment
    process: subprocess.Popen[bytes]
    log_path: Path
    host: str = PUBLIC_HOST
    # Where requests come from. Any 127.x.y.z address is this machine: another one is another
    # client for the rate limits, which a log cannot confuse with the address gunicorn listens on.
    source: str = "127.0.0.1"
    timeout: float = 30.0
    _opened: list[socket.socket] = field(default_factory=list, repr=False)
    _final_log: str | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """Everything gunicorn (master, workers and the app) wrote to stdout and stderr so far
        (after the server stopped: everything it wrote)."""
        if self._final_log is not None:
            return self._final_log
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, timeout: float = 10.0) -> str:
        """The log once it contains `text` (a worker writes its access line after answering)."""
        deadline = time.monotonic() + timeout
        while text not in (log := self.log()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear in the server log:\n{log}")
            time.sleep(0.05)
        return log

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        source: str | None = None,
        timeout: float | None = None,
    ) -> Response:
        """One request on a new connection; redirects are not followed."""
        sent = {"Host": self.host, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout or self.timeout,
            source_address=(source or self.source, 0),
        )  # fmt: skip
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(
        self,
        path: str,
        data: Mapping[str, str] | bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        **kw: Any,
    ) -> Response:
        """A form post (a mapping is sent urlencoded), or raw bytes with the caller's headers."""
        sent = dict(headers or {})
        if isinstance(data, Mapping):
            data = urllib.parse.urlencode(data)
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        body = data.encode() if isinstance(data, str) else data
        return self.request("POST", path, body=body or b"", headers=sent, cookies=cookies, **kw)

    def connect(self, data: bytes = b"", source: str | None = None) -> socket.socket:
        """An open connection that has sent `data` and waits: a slow or stalled client. Closed
        when the server stops, if the test has not closed it."""
        client = socket.create_connection(
            ("127.0.0.1", self.port),
            timeout=self.timeout,
            source_address=(source or self.source, 0),
        )
        self._opened.append(client)
        if data:
            client.sendall(data)
        return client

    def raw(
        self,
        data: bytes,
        source: str | None = None,
        timeout: float = 10.0,
        half_close: bool = False,
    ) -> bytes:
        """Send bytes as they are (a malformed request) and return everything the server answers
        until it closes the connection, or what came within `timeout` seconds. `half_close`
        tells the server nothing more will come, as a client that gave up would."""
        with self.connect(source=source) as client:
            client.settimeout(timeout)
            client.sendall(data)
            if half_close:
                client.shutdown(socket.SHUT_WR)
            received = bytearray()
            try:
                while chunk := client.recv(65536):
                    received += chunk
            except (TimeoutError, ConnectionResetError):
                pass
            return bytes(received)

    def close_connections(self) -> None:
        for client in self._opened:
            client.close()
        self._opened.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(env: Mapping[str, str], database_uri: str) -> dict[str, str]:
    """os.environ without PORTAL_* or server settings, production settings, then `env`."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PORTAL_") and key not in SERVER_VARIABLES
    }
    return {
        **inherited,
        "PORTAL_ENV_NAME": "production",
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "PORTAL_PUBLIC_URL": PUBLIC_URL,
        "PORTAL_SQLALCHEMY_DATABASE_URI": database_uri,
        **env,
    }


def migrate(env: Mapping[str, str]) -> None:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "portal", "db", "upgrade"],
        cwd=PROJECT_ROOT, env=dict(env), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}\n{done.stderr}")


_migrated_template: Path | None = None


def fresh_sqlite(directory: Path) -> str:
    """A migrated SQLite database in `directory`: migrated once per test process, then copied
    (migrating loads the whole app, which takes seconds)."""
    global _migrated_template
    if _migrated_template is None:
        template_dir = Path(tempfile.mkdtemp(prefix="camino-template-"))
        atexit.register(shutil.rmtree, template_dir, ignore_errors=True)
        template = template_dir / "db.sqlite3"
        migrate(server_environment({}, f"sqlite:///{template}"))
        _migrated_template = template
    target = directory / "db.sqlite3"
    shutil.copyfile(_migrated_template, target)
    return f"sqlite:///{target}"


def config_file(directory: Path, overrides: Mapping[str, Any]) -> Path:
    """gunicorn.conf.py, then `overrides` (literal values only: they are written as Python)."""
    source = str(PROJECT_ROOT / "gunicorn.conf.py")
    lines = [
        f"import pathlib\nexec(compile(pathlib.Path({source!r}).read_text(), {source!r}, 'exec'))"
    ]
    for name, value in overrides.items():
        try:
            written = name.isidentifier() and ast.literal_eval(repr(value)) == value
        except (ValueError, SyntaxError):
            written = False
        if not written:
            raise ValueError(f"cannot write the gunicorn setting {name}={value!r}")
        lines.append(f"{name} = {value!r}")
    path = directory / "gunicorn.conf.py"
    path.write_text("\n".join(lines) + "\n")
    return path


def stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM (graceful stop), then SIGKILL to gunicorn's whole process group: the master, its
    workers and their PDF render processes, all started by this helper."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_until_ready(server: GunicornServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        # Another process took the port after it was found free: the answer would not be ours.
        if "Address already in use" in server.log():
            raise RuntimeError(f"port {server.port} was taken:\n{server.log()}")
        if server.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with code {server.process.returncode}:\n{server.log()}"
            )
        try:
            if server.get("/healthz", timeout=2).status == 200:
                return
        # Not listening yet. A probe from an ephemeral port to a free port in the same range can
        # even connect to itself (TCP simultaneous open) and read its own request back: a
        # BadStatusLine "GET /healthz HTTP/1.1", seen in CI. Both mean: ask again.
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"gunicorn did not answer /healthz in {timeout:g} s:\n{server.log()}"
            )
        time.sleep(0.05)


@contextmanager
def gunicorn_server(
    env: dict[str, str],
    workers: int = 3,
    config_overrides: dict[str, Any] | None = None,
    *,
    start_timeout: float = 30.0,
    stop_timeout: float = 10.0,
    migrate_database: bool = True,
) -> Iterator[GunicornServer]:
    """`.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app` on a free 127.0.0.1 port, in production
    mode, with a fresh migrated SQLite database unless `env` sets
    PORTAL_SQLALCHEMY_DATABASE_URI (then that database is migrated, unless `migrate_database`
    is false). `config_overrides` replace settings of gunicorn.conf.py, e.g. {"timeout": 2}."""
    with tempfile.TemporaryDirectory(prefix="camino-gunicorn-") as temporary:
        directory = Path(temporary)
        if "PORTAL_SQLALCHEMY_DATABASE_URI" in env:
            database_uri = env["PORTAL_SQLALCHEMY_DATABASE_URI"]
            if migrate_database:
                migrate(server_environment(env, database_uri))
        else:
            database_uri = fresh_sqlite(directory)
        config = config_file(directory, config_overrides) if config_overrides else None
        command = [str(BIN / "gunicorn"), "-c", str(config or "gunicorn.conf.py"), "wsgi:app"]
        for attempt in range(3):
            port = free_port()
            environment = {
                **server_environment(env, database_uri),
                "BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(workers),
            }
            log_path = directory / f"server-{attempt}.log"
            with log_path.open("wb") as output:
                # A process group of its own, so that stopping it reaches every process it starts.
                process = subprocess.Popen(
                    command, cwd=PROJECT_ROOT, env=environment,
                    stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            server = GunicornServer(port, environment, process, log_path)
            try:
                wait_until_ready(server, start_timeout)
                break
            except BaseException as exc:
                stop(process, stop_timeout)  # whatever went wrong, leave no server running
                # Another process may have taken the free port between probe and bind.
                taken = isinstance(exc, RuntimeError) and "Address already in use" in server.log()
                if not taken or attempt == 2:
                    raise
        try:
            yield server
        finally:
            server.close_connections()
            stop(process, stop_timeout)
            server._final_log = server.log()

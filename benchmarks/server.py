"""Server mode under load: 100 clients on loopback, reads and answer saves, PostgreSQL with 4
workers; then the same run against SQLite in local mode.

Usage: python benchmarks/server.py [--clients 100] [--seconds 15] [--workers 4] [--rate 300]

For each database:

- **mixed, closed loop**: every client reads its assessment (GET, as the questionnaire does)
  three times for each answer it saves (PUT with version), each request as soon as the previous
  one is answered: requests per second, and p50/p99 of reads and of saves;
- **paced saves**: the clients together offer ``--rate`` saves per second on a fixed schedule
  (latency counts from the scheduled time: no coordinated omission): p50/p99 of the saves.

PostgreSQL runs on a throwaway cluster this script starts (Debian ``postgresql``), with the
server's usual durability (fsync on); gcat runs as ``gcat serve --mode server --workers N``.
Targets (issue 12): at least 1,000 requests/s, and p99 under 100 ms for saves at 300/s. A
benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.web import free_port, percentile
from tests.postgres import PostgresCluster

from gcat.frameworks import load_framework
from gcat.policy.access import local_actor
from gcat.services import accounts
from gcat.services.database import open_database

PASSWORD = "benchmark password 2025"
MEMBERS = (
    "Senegal",
    "Peru",
    "France",
    "Japan",
    "Kenya",
    "Morocco",
    "Chile",
    "Norway",
    "India",
    "Ghana",
)
LOCAL_TOKEN = "benchmark-csrf-token"


@dataclass
class Session:
    """What one client sends: the cookie header and the CSRF token."""

    cookie: str
    token: str
    assessment: int
    version: int = 0
    """The version of the client's answer (saves name the version they are based on)."""


@dataclass
class Results:
    reads: list[float] = field(default_factory=list)
    saves: list[float] = field(default_factory=list)
    errors: int = 0


class Connection:
    """A lean keep-alive HTTP/1.1 client (the load generator shares the two cores)."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        port: int,
        session: Session,
    ) -> None:
        self.reader, self.writer, self.port, self.session = reader, writer, port, session

    @classmethod
    async def open(cls, port: int, session: Session) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port), port, session)

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        host = f"127.0.0.1:{self.port}"
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
            f"X-CSRF-Token: {self.session.token}\r\nCookie: {self.session.cookie}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def run_load(
    port: int, sessions: list[Session], seconds: float, rate: float = 0.0
) -> Results:
    """Closed loop: each client reads three times, saves once, again, each request as soon as
    the previous one is answered. With ``rate``: saves only, ``rate`` per second across all
    clients on a fixed schedule, latency counted from the scheduled time."""
    indicators = list(load_framework().indicators)
    results = Results()
    deadline = time.perf_counter() + seconds

    async def client(n: int, session: Session) -> None:
        connection = await Connection.open(port, session)
        indicator = indicators[n % len(indicators)]
        step = 0
        interval = len(sessions) / rate if rate else 0.0
        scheduled = time.perf_counter() + n * interval / len(sessions)
        while time.perf_counter() < deadline:
            if interval:
                await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
                start = scheduled
                scheduled += interval
            else:
                start = time.perf_counter()
            if rate or step % 4 == 3:
                body = json.dumps(
                    {"level": step % 6, "comment": f"save {step}", "version": session.version}
                )
                status, data = await connection.request(
                    "PUT",
                    f"/api/assessments/{session.assessment}/answers/{indicator}",
                    body.encode(),
                )
                if status == 200:
                    session.version = json.loads(data)["version"]
                    results.saves.append(time.perf_counter() - start)
                else:
                    results.errors += 1
            else:
                status, _ = await connection.request(
                    "GET", f"/api/assessments/{session.assessment}"
                )
                if status == 200:
                    results.reads.append(time.perf_counter() - start)
                else:
                    results.errors += 1
            step += 1
        connection.close()

    await asyncio.gather(*(client(n, s) for n, s in enumerate(sessions)))
    return results


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gcat stopped")
        try:
            if httpx.get(f"{url}/api/ping", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gcat did not start")


def report(name: str, results: Results, seconds: float) -> None:
    total = len(results.reads) + len(results.saves)

    def ms(values: list[float], share: float) -> str:
        return f"{percentile(values, share) * 1000:6.1f}"

    print(
        f"{name:<46}: {total / seconds:6,.0f} req/s | reads p50 {ms(results.reads, 0.5)} "
        f"p99 {ms(results.reads, 0.99)} ms | saves {len(results.saves) / seconds:5,.0f}/s "
        f"p50 {ms(results.saves, 0.5)} p99 {ms(results.saves, 0.99)} ms | errors {results.errors}"
    )


def server_sessions(url: str, clients: int) -> list[Session]:
    sessions = []
    for n in range(clients):
        with httpx.Client(base_url=url, timeout=60, headers={"Origin": url}) as client:
            body = client.post(
                "/api/session", json={"username": f"user{n % len(MEMBERS)}", "password": PASSWORD}
            ).json()
            client.headers["X-CSRF-Token"] = body["csrf_token"]
            created = client.post(
                "/api/assessments", json={"administration": "x", "cycle": f"c{n}"}
            )
            sessions.append(
                Session(
                    f"gcat_session={client.cookies['gcat_session']}",
                    body["csrf_token"],
                    created.json()["id"],
                )
            )
    return sessions


def local_sessions(url: str, clients: int) -> list[Session]:
    headers = {
        "Origin": url,
        "X-CSRF-Token": LOCAL_TOKEN,
        "Cookie": f"gcat_csrf={LOCAL_TOKEN}; gcat_user=Benchmark",
    }
    sessions = []
    for n in range(clients):
        created = httpx.post(
            f"{url}/api/assessments",
            json={"administration": "Benchmark", "cycle": f"c{n}"},
            headers=headers,
        )
        sessions.append(
            Session(
                f"gcat_csrf={LOCAL_TOKEN}; gcat_user=Benchmark", LOCAL_TOKEN, created.json()["id"]
            )
        )
    return sessions


def measure(
    name: str,
    command: list[str],
    env: dict[str, str],
    port: int,
    args: argparse.Namespace,
    server: bool,
) -> None:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        sessions = (
            server_sessions(url, args.clients) if server else local_sessions(url, args.clients)
        )
        asyncio.run(run_load(port, sessions, 3))  # warm every worker up
        mixed = asyncio.run(run_load(port, sessions, args.seconds))
        report(f"{name}, mixed (closed loop)", mixed, args.seconds)
        paced = asyncio.run(run_load(port, sessions, args.seconds, args.rate))
        report(f"{name}, saves at {args.rate:.0f}/s offered", paced, args.seconds)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=300.0)
    args = parser.parse_args()
    load_average = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load_average:.1f}; {args.clients} clients")
    base = {k: v for k, v in os.environ.items() if not k.startswith("GCAT_")}
    cluster = PostgresCluster(options=("-c fsync=on", "-c synchronous_commit=on")).start()
    try:
        database_url = cluster.url(cluster.create_database(name="bench"))
        engine = open_database(database_url)
        for n, member in enumerate(MEMBERS):
            accounts.add_user(
                local_actor("bench"),
                engine,
                username=f"user{n}",
                password=PASSWORD,
                role="respondent",
                administration=member,
            )
        engine.dispose()
        port = free_port()
        env = {
            **base,
            "GCAT_SECRET_KEY": secrets.token_urlsafe(48),
            "GCAT_DATABASE_URL": database_url,
        }
        command = [
            sys.executable,
            "-m",
            "gcat",
            "serve",
            "--mode",
            "server",
            "--workers",
            str(args.workers),
        ]
        measure(
            f"PostgreSQL, {args.workers} workers",
            [*command, "--port", str(port), "--no-browser"],
            env,
            port,
            args,
            True,
        )
    finally:
        cluster.destroy()
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        command = [sys.executable, "-m", "gcat", "serve", "--no-browser", "--port", str(port)]
        command += ["--database", f"sqlite:///{Path(folder) / 'bench.sqlite3'}"]
        measure("SQLite, local mode (1 process)", command, base, port, args, False)
    print(f"load average after the run {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""Server mode under faults, as run in production: ``gcat serve --mode server --workers 2`` on a
PostgreSQL cluster of its own, with clients saving answers all along.

- SIGKILL one worker in the middle of the load: every acknowledged write is in the database,
  the other worker keeps serving, and the supervisor starts a new worker.
- Restart PostgreSQL in the middle of the load: requests get a clean 503 with a retryable
  message (``Retry-After``), never a 500, and gcat recovers by itself once the database is back.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from gcat.frameworks import load_framework
from gcat.policy.access import local_actor
from gcat.services import accounts
from gcat.services.database import open_database
from tests.postgres import PostgresCluster
from tests.web.conftest import PASSWORD, free_port, login

pytestmark = pytest.mark.postgres
CLIENTS = 6


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    cluster: PostgresCluster
    database_url: str

    def workers(self) -> list[int]:
        """The worker processes (children of the supervisor that run the app)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        workers = []
        for pid in pids:
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                state = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            live = "State:\tZ" not in state
            if b"spawn_main" in command and b"resource_tracker" not in command and live:
                workers.append(pid)
        return workers


@pytest.fixture
def server(fast_passwords: None) -> Iterator[Server]:
    cluster = PostgresCluster().start()
    try:
        database_url = cluster.url(cluster.create_database(name="faults"))
        engine = open_database(database_url)
        for n in range(CLIENTS):
            accounts.add_user(
                local_actor("operator"),
                engine,
                username=f"user{n}",
                password=PASSWORD,
                role="respondent",
                administration="Senegal",
            )
        engine.dispose()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("GCAT_")}
        env.update(GCAT_SECRET_KEY=secrets.token_urlsafe(48), GCAT_DATABASE_URL=database_url)
        command = [sys.executable, "-m", "gcat", "serve", "--mode", "server", "--workers", "2"]
        process = subprocess.Popen(
            [*command, "--port", str(port), "--no-browser"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        found = Server(url, process, cluster, database_url)
        while time.monotonic() < deadline:
            try:
                up = httpx.get(f"{url}/api/ping", timeout=2).status_code == 200
            except httpx.TransportError:
                up = False
            if up and len(found.workers()) == 2:
                break
            time.sleep(0.2)
        else:
            process.kill()
            raise RuntimeError("gcat server did not start")
        yield found
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    finally:
        cluster.destroy()


@dataclass
class Load:
    """Clients saving answers in a loop, each on its own assessment."""

    server: Server
    acknowledged: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    unavailable: list[httpx.Response] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    threads: list[threading.Thread] = field(default_factory=list)
    saving: set[int] = field(default_factory=set)

    def start(self) -> Load:
        """Start the clients; return once every one of them has saved an answer."""
        for n in range(CLIENTS):
            thread = threading.Thread(target=self._client, args=(n,), daemon=True)
            thread.start()
            self.threads.append(thread)
        deadline = time.monotonic() + 60
        while len(self.saving) < CLIENTS and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.saving) == CLIENTS, "the clients did not start saving"
        return self

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def _client(self, n: int) -> None:
        indicators = list(load_framework().indicators)[:20]
        url = self.server.url
        with httpx.Client(base_url=url, timeout=5, headers={"Origin": url}) as client:
            login(client, f"user{n}")
            aid = client.post(
                "/api/assessments", json={"administration": "x", "cycle": f"c{n}"}
            ).json()["id"]
            versions = dict.fromkeys(indicators, 0)
            step = 0
            while not self.stop.is_set():
                for indicator, version in list(versions.items()):
                    if self.stop.is_set():
                        break
                    level = (step + version) % 6
                    try:
                        response = client.put(
                            f"/api/assessments/{aid}/answers/{indicator}",
                            json={"level": level, "version": version},
                        )
                    except httpx.TransportError as exc:
                        with self.lock:
                            self.errors[type(exc).__name__] += 1
                        versions[indicator] = self._reload(client, aid, indicator)
                        continue
                    with self.lock:
                        self.statuses[response.status_code] += 1
                        if response.status_code == 503:
                            self.unavailable.append(response)
                    if response.status_code == 200:
                        new = response.json()["version"]
                        versions[indicator] = new
                        with self.lock:
                            self.acknowledged[(aid, indicator)] = (new, level)
                            self.saving.add(n)
                    elif response.status_code == 409:  # saved before the cut, answer lost
                        versions[indicator] = self._reload(client, aid, indicator)
                    elif response.status_code == 503:
                        time.sleep(0.1)
                step += 1

    @staticmethod
    def _reload(client: httpx.Client, aid: int, indicator: str) -> int:
        for _ in range(50):
            try:
                response = client.get(f"/api/assessments/{aid}")
                if response.status_code == 200:
                    for answer in response.json()["answers"]:
                        if answer["indicator_id"] == indicator:
                            return int(answer["version"])
                    return 0
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        return 0

    def check_acknowledged(self) -> int:
        """Every acknowledged answer is in the database (its version, or a later one)."""
        engine = sa.create_engine(self.server.database_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    sa.text("SELECT assessment_id, indicator_id, version, level FROM answers")
                ).all()
        finally:
            engine.dispose()
        stored = {(row[0], row[1]): (row[2], row[3]) for row in rows}
        for key, (version, level) in self.acknowledged.items():
            assert key in stored, key
            assert stored[key][0] >= version, (key, stored[key], version)
            if stored[key][0] == version:
                assert stored[key][1] == level, key
        return len(self.acknowledged)


def test_sigkill_of_one_worker_loses_no_acknowledged_write(server: Server) -> None:
    load = Load(server).start()
    time.sleep(2)
    before = sum(load.statuses.values())
    victim, survivor = server.workers()
    os.kill(victim, signal.SIGKILL)
    time.sleep(4)
    after = sum(load.statuses.values())
    load.finish()
    saved = load.check_acknowledged()
    assert saved > 0 and after - before > 20  # the other worker kept serving
    assert load.statuses[500] == 0
    assert sum(load.errors.values()) <= CLIENTS  # only requests in flight on the killed worker
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(server.workers()) < 2:
        time.sleep(0.5)
    assert survivor in server.workers() and len(server.workers()) == 2  # a new worker started
    print(
        f"SIGKILL: {saved} answers acknowledged, all stored; {dict(load.statuses)}; "
        f"transport errors {dict(load.errors)}; {after - before} saves after the kill"
    )
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as client:
        login(client, "user0")
        assert client.get("/api/session").status_code == 200


def test_a_postgresql_restart_gives_503_then_recovers_without_restarting_gcat(
    server: Server,
) -> None:
    load = Load(server).start()
    time.sleep(2)
    server.cluster.stop()
    time.sleep(3)
    server.cluster.start()
    recovered_from = sum(load.statuses.values())
    time.sleep(5)
    load.finish()
    assert load.statuses[503] > 0, load.statuses
    assert load.statuses[500] == 0, load.statuses
    assert sum(load.statuses.values()) - recovered_from > 20  # saving again after the restart
    for response in load.unavailable[:20]:
        body = response.json()
        assert body["code"] == "database.unavailable" and "try again" in body["message"]
        assert response.headers["retry-after"] == "5"
    saved = load.check_acknowledged()
    print(
        f"restart: {dict(load.statuses)}; transport errors {dict(load.errors)}; "
        f"{saved} acknowledged answers stored"
    )
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as client:
        login(client, "user1")
        assert client.get("/api/session").status_code == 200

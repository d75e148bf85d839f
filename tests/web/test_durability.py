"""Nothing acknowledged is lost: SIGKILL the server mid-save, restart it, check every answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from gcat.frameworks import load_framework
from tests.web.conftest import free_port, same_origin_client


def serve_command(database: Path, port: int) -> list[str]:
    """The command that starts the app on ``port`` with ``database``, as a user would."""
    return [
        sys.executable,
        "-m",
        "gcat",
        "serve",
        "--no-browser",
        "--port",
        str(port),
        "--database",
        f"sqlite:///{database}",
    ]


def _running(pid: str) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def start(database: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        serve_command(database, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/frameworks", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=10)
    raise RuntimeError("server did not start")


def test_sigkill_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    database = tmp_path / "gcat.sqlite3"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start(database, port)
    indicators = list(load_framework().indicators)
    acknowledged: dict[str, tuple[int, int]] = {}  # indicator → (version, level) last acknowledged
    lock = threading.Lock()
    stop = threading.Event()
    try:
        with same_origin_client(url) as client:
            aid = client.post(
                "/api/assessments", json={"administration": "Kill", "cycle": "1"}
            ).json()["id"]

        def writer(offset: int) -> None:
            versions = dict.fromkeys(indicators[offset::4], 0)
            with same_origin_client(url, timeout=5) as client:
                step = 0
                while not stop.is_set():
                    for ind, version in list(versions.items()):
                        level = (step + version) % 6
                        try:
                            response = client.put(
                                f"/api/assessments/{aid}/answers/{ind}",
                                json={"level": level, "version": version},
                            )
                        except httpx.TransportError:
                            return
                        if response.status_code != 200:
                            return
                        versions[ind] = response.json()["version"]
                        with lock:
                            acknowledged[ind] = (versions[ind], level)
                    step += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30  # let every writer get answers acknowledged first
        while time.monotonic() < deadline:
            with lock:
                if len(acknowledged) == len(indicators):
                    break
            time.sleep(0.05)
        time.sleep(0.5)  # then kill in the middle of the stream of saves
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(acknowledged) == len(indicators), "every writer got acknowledgements before the kill"
    proc = start(database, port)
    try:
        stored = {
            a["indicator_id"]: a
            for a in httpx.get(f"{url}/api/assessments/{aid}").json()["answers"]
        }
    finally:
        proc.kill()
        proc.wait(timeout=10)
    for ind, (version, level) in acknowledged.items():
        answer = stored[ind]
        assert answer["version"] >= version, ind
        if answer["version"] == version:
            assert answer["level"] == level, ind


def test_port_taken_is_a_clear_message(tmp_path: Path) -> None:
    import socket

    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        proc = subprocess.run(
            serve_command(tmp_path / "x.sqlite3", port),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert proc.returncode == 2
    assert f"port {port} is already in use" in proc.stderr and "Traceback" not in proc.stderr


def test_sigterm_stops_the_server_within_five_seconds_even_mid_request(tmp_path: Path) -> None:
    """A request still sending its body (or a render in the worker) does not hold the server."""
    import socket

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start(tmp_path / "gcat.sqlite3", port)
    try:
        with same_origin_client(url, timeout=60) as client:  # the render worker is started
            aid = client.post("/api/assessments", json={"administration": "T", "cycle": "1"})
            report = client.get(f"/assessments/{aid.json()['id']}/download/report/pdf")
            assert report.status_code == 200 and report.content.startswith(b"%PDF")
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(
            f"POST /import HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {url}\r\n"
            "X-CSRF-Token: t\r\nCookie: gcat_csrf=t\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000000\r\n\r\n{".encode()
        )
        time.sleep(0.3)
        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert children, "the report was rendered in a worker process"
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        stopped = time.monotonic() - started
        slow.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert stopped < 5, stopped
    time.sleep(0.5)
    alive = [pid for pid in children if _running(pid)]
    assert not alive, "the render worker outlived the server"

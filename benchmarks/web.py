"""Web app speed: cold start, answer saves under 20 concurrent clients, and the framework ceiling.

Usage: python benchmarks/web.py [--starts 7] [--clients 20] [--seconds 10]

- Cold start: from launching ``gcat serve`` to the first page served (median of N starts).
- Saves: N clients on loopback, each saving answers (PUT with version) as fast as it can, for a
  fixed time, against one server process on a fresh SQLite file: saves per second and latency
  percentiles.
- Ceiling: the same load on a trivial endpoint of the same app (GET /api/ping), and the ratio.
A benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from gcat.frameworks import load_framework


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch(database: Path, port: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start the server; return it and the seconds until the home page was served."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gcat",
            "serve",
            "--no-browser",
            "--port",
            str(port),
            "--database",
            f"sqlite:///{database}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                return proc, time.perf_counter() - start
        except httpx.TransportError:
            time.sleep(0.005)
        if time.perf_counter() - start > 30:
            proc.kill()
            raise RuntimeError("server did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


TOKEN = "benchmark-csrf-token"
"""The CSRF token the load generator's requests carry (in the header and its cookie)."""


class Connection:
    """A minimal keep-alive HTTP/1.1 client: the load generator shares the machine with the
    server, so it must cost far less CPU per request than a full client library."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int
    ) -> None:
        self.reader, self.writer, self.port = reader, writer, port

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port), port)

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        origin = f"127.0.0.1:{self.port}"
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {origin}\r\nOrigin: http://{origin}\r\n"
            f"X-CSRF-Token: {TOKEN}\r\nCookie: gcat_csrf={TOKEN}; gcat_user=Benchmark\r\n"
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


async def load(
    port: int, clients: int, seconds: float, assessment_id: int | None, rate: float = 0.0
) -> list[float]:
    """Run ``clients`` loops for ``seconds``; return the latency of every successful request.

    With ``rate`` (requests per second across all clients) each client sends on a fixed
    schedule and latency counts from the scheduled time (no coordinated omission); without it,
    each client sends its next request as soon as the previous one is answered.
    """
    indicators = list(load_framework().indicators)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client_loop(n: int) -> None:
        connection = await Connection.open(port)
        mine = indicators[n % len(indicators)]
        version = 0
        step = 0
        interval = clients / rate if rate else 0.0
        scheduled = time.perf_counter() + n * interval / clients
        while time.perf_counter() < deadline:
            if interval:
                await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
                start = scheduled
                scheduled += interval
            else:
                start = time.perf_counter()
            if assessment_id is None:
                status, _ = await connection.request("GET", "/api/ping")
            else:
                body = json.dumps(
                    {"level": step % 6, "comment": f"save {step}", "version": version}
                )
                status, data = await connection.request(
                    "PUT", f"/api/assessments/{assessment_id}/answers/{mine}", body.encode()
                )
                if status == 200:
                    version = json.loads(data)["version"]
            if status == 200:
                latencies.append(time.perf_counter() - start)
            step += 1
        connection.close()

    await asyncio.gather(*(client_loop(n) for n in range(clients)))
    return latencies


def report(name: str, latencies: list[float], seconds: float) -> float:
    rate = len(latencies) / seconds
    print(
        f"{name:<28}: {rate:8,.0f} req/s   p50 {percentile(latencies, 0.5) * 1000:6.1f} ms   "
        f"p99 {percentile(latencies, 0.99) * 1000:6.1f} ms   ({len(latencies):,} requests)"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=300.0, help="offered saves/s, paced run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        starts = []
        for n in range(args.starts):
            proc, elapsed = launch(Path(folder) / f"cold{n}.sqlite3", free_port())
            starts.append(elapsed)
            stop(proc)
        print(
            f"cold start (command → first page): median {statistics.median(starts):.2f} s "
            f"over {len(starts)} starts (min {min(starts):.2f}, max {max(starts):.2f})"
        )
        port = free_port()
        proc, _ = launch(Path(folder) / "load.sqlite3", port)
        url = f"http://127.0.0.1:{port}"
        try:

            def fresh(cycle: str) -> int:
                body = {"administration": "Benchmark", "cycle": cycle}
                headers = {
                    "Origin": url,
                    "X-CSRF-Token": TOKEN,
                    "Cookie": f"gcat_csrf={TOKEN}; gcat_user=Benchmark",
                }
                response = httpx.post(f"{url}/api/assessments", json=body, headers=headers)
                return int(response.json()["id"])

            saves = asyncio.run(load(port, args.clients, args.seconds, fresh("flat")))
            paced = asyncio.run(load(port, args.clients, args.seconds, fresh("paced"), args.rate))
            ceiling = asyncio.run(load(port, args.clients, args.seconds, None))
        finally:
            stop(proc)
    print(f"{args.clients} concurrent clients on loopback, {args.seconds:.0f} s each, SQLite (WAL)")
    save_rate = report("answer saves, flat out", saves, args.seconds)
    report(f"answer saves at {args.rate:.0f}/s offered", paced, args.seconds)
    ceiling_rate = report("trivial endpoint (GET ping)", ceiling, args.seconds)
    print(f"saves reach {save_rate / ceiling_rate:.0%} of the framework's own ceiling")


if __name__ == "__main__":
    main()

"""Memory and responsiveness while hostile exchange files are refused (issue 7).

Usage: python benchmarks/hostile_import.py [--pings 200]

Two hostile ``.gcat.json`` files, each under the 10 MB limit: 650,000 junk answers (about 8 MB)
and one comment of 9 MB. For each it prints:

- the peak memory (max RSS) of ``gcat import`` refusing it, in a fresh process;
- the growth of the app's peak memory (VmHWM) while ``/import`` refuses it, and the latency of
  ``/api/ping`` sent continuously meanwhile (median and max).

Targets: under 150 MB in the CLI and in the server; ping under 100 ms. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from gcat.demo import demo_evaluations
from gcat.exchange.exchange_file import exchange_checksum, export_exchange

MB = 1024 * 1024
TOKEN = "benchmark-csrf-token"


def hostile_files(folder: Path) -> dict[str, Path]:
    base = json.loads(export_exchange(demo_evaluations()[1]))
    junk = json.loads(json.dumps(base))
    junk["answers"] = {f"J{n:06d}": 0 for n in range(650_000)}
    comment = json.loads(json.dumps(base))
    comment["answers"]["PL-01"]["comment"] = "x" * (9 * MB)
    files = {}
    for name, payload in (("650k junk answers", junk), ("one 9 MB comment", comment)):
        payload["checksum"]["value"] = exchange_checksum(payload)
        path = folder / f"{name.replace(' ', '-')}.gcat.json"
        path.write_text(json.dumps(payload, separators=(",", ":")), "utf-8")
        files[name] = path
    return files


CLI_PROBE = """
import sys
from pathlib import Path
from typer.testing import CliRunner
from gcat.cli import app
result = CliRunner().invoke(app, ["import", sys.argv[1], "-o", sys.argv[2]])
status = Path("/proc/self/status").read_text().splitlines()
print(result.exit_code, next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")))
"""
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.


def cli_peak(path: Path, folder: Path) -> tuple[int, float]:
    """Exit code and max RSS (MB) of ``gcat import`` on ``path`` in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", CLI_PROBE, str(path), str(folder / "out.yaml")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), int(out[1]) / 1024


def hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_run(path: Path, folder: Path, pings: int) -> tuple[int, float, float, float, float]:
    """Status of the upload, HWM before and after (MB), ping median and max (ms)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
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
            f"sqlite:///{folder / f'{port}.sqlite3'}",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/api/ping", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        before = hwm(proc.pid)
        latencies: list[float] = []
        done = threading.Event()

        def ping() -> None:
            with httpx.Client(base_url=url, timeout=10) as client:
                while not done.is_set() or len(latencies) < pings:
                    start = time.perf_counter()
                    client.get("/api/ping")
                    latencies.append((time.perf_counter() - start) * 1000)
                    time.sleep(0.005)

        pinger = threading.Thread(target=ping)
        pinger.start()
        headers = {
            "Origin": url,
            "X-CSRF-Token": TOKEN,
            "Cookie": f"gcat_csrf={TOKEN}; gcat_user=Benchmark",
        }
        with path.open("rb") as handle:
            status = httpx.post(
                f"{url}/import", files={"file": (path.name, handle)}, headers=headers, timeout=60
            ).status_code
        done.set()
        pinger.join()
        return status, before, hwm(proc.pid), statistics.median(latencies), max(latencies)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pings", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, path in hostile_files(folder).items():
            code, peak = cli_peak(path, folder)
            status, before, after, median, worst = server_run(path, folder, args.pings)
            print(f"{name} ({path.stat().st_size / MB:.1f} MB)")
            print(f"  CLI gcat import: exit {code}, peak RSS {peak:.0f} MB")
            print(
                f"  server /import: HTTP {status}, peak RSS {before:.0f} → {after:.0f} MB "
                f"(+{after - before:.0f} MB); /api/ping median {median:.1f} ms, "
                f"max {worst:.1f} ms over {args.pings}+ pings"
            )


if __name__ == "__main__":
    main()

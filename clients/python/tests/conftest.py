"""Starts real newswired processes (the built binary with its plugins) for the tests.

The binary comes from $NEWSWIRE_BIN_DIR, else `swift build --show-bin-path`
in the repository. Without a built server the tests are skipped, unless
$NEWSWIRE_REQUIRE_SERVER is set (scripts/test sets it), when they fail.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional

import pytest

REPO = Path(__file__).resolve().parents[3]
ARTICLES = REPO / "Tests" / "Fixtures" / "articles"


def _bin_dir() -> Optional[Path]:
    d = os.environ.get("NEWSWIRE_BIN_DIR")
    if d:
        return Path(d)
    try:
        out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 else None


_BIN: Optional[Path] = None


def newswired() -> Path:
    global _BIN
    if _BIN is None:
        d = _bin_dir()
        _BIN = d / "newswired" if d else Path("/nonexistent/newswired")
    if not _BIN.exists():
        msg = "newswired is not built (%s); run swift build" % _BIN
        if os.environ.get("NEWSWIRE_REQUIRE_SERVER"):
            pytest.fail(msg)
        pytest.skip(msg)
    return _BIN


class Server:
    """One newswired on a free TCP port and a Unix socket, with the test service and the plugins next to the binary."""

    def __init__(self, *args: str):
        self.dir = tempfile.mkdtemp(prefix="newswire-py-")
        self.sock = os.path.join(self.dir, "nw.sock")
        self.log_path = os.path.join(self.dir, "newswired.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(newswired()), "--listen", "127.0.0.1:0", "--listen", "unix:" + self.sock, "--enable-test-service",
             "--log-level", "notice", "--data-dir", self.dir, *args],
            stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        self.tcp = None
        while time.monotonic() < deadline:
            log = self.log()
            m = re.search(r"listening on (127\.0\.0\.1:\d+)", log)
            if m and "listening on unix" in log:
                self.tcp = m.group(1)
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.tcp is None:
            self.stop()
            raise RuntimeError("newswired did not start:\n" + self.log())
        self.unix = "unix:" + self.sock

    def address(self, kind: str) -> str:
        return self.tcp if kind == "tcp" else self.unix

    def log(self) -> str:
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()
    assert s.proc.returncode == 0, s.log()


@pytest.fixture(params=["tcp", "unix"])
def address(request, server) -> str:
    return server.address(request.param)


@pytest.fixture
def make_server():
    started: List[Server] = []

    def make(*args: str) -> Server:
        s = Server(*args)
        started.append(s)
        return s
    yield make
    for s in started:
        s.stop()


def wait_until(cond, what: str, limit: float = 15.0) -> None:
    """Waits for an event the test caused (bounded, so a broken build fails instead of hanging)."""
    end = time.monotonic() + limit
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("gave up waiting: " + what)
        time.sleep(0.02)

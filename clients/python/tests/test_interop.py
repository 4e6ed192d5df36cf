"""The interop cases (Sources/NewswireInterop, docs/PROTOCOL.md section 17) from Python, over TCP and a Unix socket."""
from __future__ import annotations

import asyncio
import subprocess
import sys

import newswire
from newswire import interop


def test_sync_interop(address):
    with newswire.Client(address) as c:
        results = interop.run(c)
    assert [r.name for r in results] == interop.CASE_NAMES
    assert [(r.name, r.failure) for r in results if not r.passed] == []
    assert len(results) == 14


def test_async_interop(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            return await interop.run_async(c)
    results = asyncio.run(go())
    assert [r.name for r in results] == interop.CASE_NAMES
    assert [(r.name, r.failure) for r in results if not r.passed] == []


def test_interop_command(server):
    out = subprocess.run([sys.executable, "-m", "newswire.interop", "--server", server.unix, "--async"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == "interop: 14 passed, 0 failed"


def test_interop_command_reports_failures(make_server):
    # With no server there, every case fails and the command says so.
    s = make_server()
    s.stop()
    out = subprocess.run([sys.executable, "-m", "newswire.interop", "--server", s.tcp],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stdout.splitlines()[-1] == "interop: 0 passed, 14 failed"

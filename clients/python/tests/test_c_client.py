"""The C client (clients/c) against the real server: its output agrees with the Python client's results."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

import newswire

from conftest import ARTICLES, REPO

C_DIR = REPO / "clients" / "c"
FILES = sorted(ARTICLES.glob("*.txt"))


@pytest.fixture(scope="module")
def c_client():
    exe = os.environ.get("NEWSWIRE_C_CLIENT")
    if exe:
        return exe
    if not (shutil.which("make") and shutil.which("cc") and shutil.which("pkg-config")):
        if os.environ.get("NEWSWIRE_REQUIRE_SERVER"):
            pytest.fail("cannot build the C client: make, cc or pkg-config is missing")
        pytest.skip("cannot build the C client: make, cc or pkg-config is missing")
    subprocess.run(["make", "-s", "-C", str(C_DIR)], check=True)
    return str(C_DIR / "newswire-analyze")


def expected(address):
    lines = []
    with newswire.Client(address) as c:
        docs = [newswire.read_article(f) for f in FILES]
        for d, r in zip(docs, c.analyze(docs).results):
            s = r.sentiment.document
            lines.append("== %s: %s" % (d.id, d.title))
            lines.append("sentiment: %+.3f (positive %.3f, negative %.3f, neutral %.3f), %d sentences"
                         % (s.compound, s.positive, s.negative, s.neutral, len(r.sentiment.sentences)))
            lines += ["  entity: %s %+.3f" % (e.name, e.score.compound) for e in r.sentiment.entities]
            lines.append("quotes: %d" % len(r.quotes.quotes))
            for q in r.quotes.quotes:
                speaker = r.quotes.speakers[q.speaker - 1].name if q.speaker else "(unattributed)"
                kind = {1: "direct", 2: "partial", 3: "indirect", 4: "term"}.get(q.kind, "quote")
                lines.append('  [%s] "%s" — %s%s, confidence %.2f' % (kind, q.text, speaker, " (%s)" % q.cue if q.cue else "", q.confidence))
            lines += ["error: %s: code %d: %s" % (e.analyzer or "server", e.code, e.message) for e in r.errors]
    return lines


def test_c_client_prints_what_the_server_found(c_client, address):
    out = subprocess.run([c_client, "--server", address, "--timeout", "30", *map(str, FILES)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == expected(address)


def test_c_client_reports_a_failed_call(c_client, server):
    out = subprocess.run([c_client, "--server", server.unix, "--analyzer", "nope", str(FILES[0])],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 10 + 3
    assert out.stderr.startswith('newswire-analyze: Analyze failed: code 3: unknown analyzer "nope"')


def test_c_client_without_a_server(c_client, tmp_path):
    out = subprocess.run([c_client, "--server", "unix:%s" % (tmp_path / "none.sock"), str(FILES[0])],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 10 + 14 and "cannot connect" in out.stderr

"""docs/PROTOCOL.md against the real server, byte for byte, with plain sockets.

The worked examples of section 19 are sent exactly as the document prints
them, and the answers must be exactly the bytes it prints. A few more of the
document's claims a client writer relies on are checked the same way."""
from __future__ import annotations

import re
import socket
import struct

import pytest

from newswire._wire import FrameDecoder, FrameType
from newswire.rpc.v1 import rpc_pb2

from conftest import REPO

DOC = (REPO / "docs" / "PROTOCOL.md").read_text(encoding="utf-8")
PREFACE = bytes.fromhex("4e 57 52 50 00 01 00 00")


def section(title_start: str) -> str:
    i = DOC.index("\n## " + title_start)
    j = DOC.find("\n## ", i + 1)
    return DOC[i:] if j < 0 else DOC[i:j]


def byte_strings(text: str):
    return [bytes.fromhex(b) for b in re.findall(r"As one byte string:\n\n```\n(.*?)```", text, re.S)]


def connect(server, kind):
    if kind == "tcp":
        host, port = server.tcp.rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
    else:
        s = socket.socket(socket.AF_UNIX)
        s.connect(server.sock)
    s.settimeout(10)
    return s


def read_exactly(s, n):
    got = b""
    while len(got) < n:
        d = s.recv(n - len(got))
        if not d:
            break
        got += d
    return got


def frames(s, count):
    """Reads the server preface and then `count` frames."""
    d = FrameDecoder(lambda t: 1 << 24)
    items = []
    while len(items) < count + 1:
        data = s.recv(65536)
        assert data, "connection closed after %r" % (items,)
        items += d.feed(data)
    return items[1:]


def frame(t, call_id, payload=b"", flags=0):
    return struct.pack(">IBBHI", len(payload), t, flags, 0, call_id) + payload


@pytest.mark.parametrize("kind", ["tcp", "unix"])
def test_worked_examples_byte_for_byte(server, kind):
    blocks = byte_strings(section("19."))
    assert len(blocks) == 4, "section 19 should have two examples, each a request and an answer"
    for request, answer in zip(blocks[0::2], blocks[1::2]):
        with connect(server, kind) as s:
            s.sendall(request)
            got = read_exactly(s, len(answer))
            assert got.hex(" ") == answer.hex(" ")
            # Nothing more follows for the call.
            s.settimeout(0.2)
            with pytest.raises(socket.timeout):
                s.recv(1)


def test_preface_bytes():
    assert "The version 1.0 preface is therefore `4E 57 52 50 00 01 00 00`." in DOC


def test_streaming_output_example(server):
    m = re.search(r"request bytes\n`([0-9a-f ]+)` — yields two MESSAGE frames with payloads\n`([0-9a-f ]+)` and `([0-9a-f ]+)`", DOC)
    assert m, "the StreamingOutputCall example of section 17"
    req, first, second = (bytes.fromhex(g) for g in m.groups())
    hdr = rpc_pb2.RequestHeaders(method="/newswire.testing.v1.TestService/StreamingOutputCall").SerializeToString()
    with connect(server, "tcp") as s:
        s.sendall(PREFACE + frame(1, 1, hdr) + frame(2, 1, req, 1))
        got = frames(s, 4)
    assert [(f.type, f.payload) for f in got] == [(1, b""), (2, first), (2, second), (4, b"")]


def test_invalid_metadata_message(server):
    hdr = rpc_pb2.RequestHeaders(method="/newswire.health.v1.Health/Check",
                                 metadata=[rpc_pb2.MetadataEntry(key="Upper", value=b"x")]).SerializeToString()
    with connect(server, "unix") as s:
        s.sendall(PREFACE + frame(1, 1, hdr, 1))
        (t,) = frames(s, 1)
    tr = rpc_pb2.Trailers.FromString(t.payload)
    assert t.type == FrameType.TRAILERS and tr.code == 3
    assert "`%s`" % tr.message in section("10.")


@pytest.mark.parametrize("bad,code,message", [
    (b"GET / HTTP/1.1\r\n\r\n", 13,
     'bad preface: expected magic 4E575250 ("NWRP"), got 47455420 ("GET "); is the peer a Newswire endpoint?'),
    (b"NWRP\x00\x02\x00\x00", 9, "client speaks protocol 2.0; this server speaks 1.0"),
    (PREFACE + frame(8, 0), 13, "unknown frame type 0x8"),
    (PREFACE + frame(6, 0, b"1234"), 13, "PING frames carry 8 bytes on call id 0 (got 4 bytes on call id 0)"),
    (PREFACE + frame(2, 7, b""), 13, "MESSAGE frame for call 7, which was never opened"),
])
def test_connection_errors_are_as_documented(server, bad, code, message):
    with connect(server, "tcp") as s:
        s.sendall(bad)
        (g,) = frames(s, 1)
        assert g.type == FrameType.GOAWAY and g.call_id == 0
        goaway = rpc_pb2.GoAway.FromString(g.payload)
        assert (goaway.code, goaway.message, goaway.last_call_id) == (code, message, 0)
        assert s.recv(100) == b""  # then the server closes
    assert message in DOC or message.split(" (got")[0] in DOC


def test_call_ids_must_increase(server):
    hdr = rpc_pb2.RequestHeaders(method="/newswire.testing.v1.TestService/EmptyCall").SerializeToString()
    with connect(server, "tcp") as s:
        s.sendall(PREFACE + frame(1, 43, hdr) + frame(2, 43, b"", 1))
        got = frames(s, 3)
        assert [f.type for f in got] == [1, 2, 4]
        s.sendall(frame(1, 43, hdr))
        (g,) = frames_after(s)
    goaway = rpc_pb2.GoAway.FromString(g.payload)
    assert (goaway.code, goaway.message, goaway.last_call_id) == (13, "HEADERS frame for call 43: call ids must increase (last was 43)", 43)


def frames_after(s):
    d = FrameDecoder(lambda t: 1 << 24, expect_preface=False)
    items = []
    while not items:
        data = s.recv(65536)
        assert data
        items += d.feed(data)
    return items


def test_ping_is_answered(server):
    with connect(server, "unix") as s:
        s.sendall(PREFACE + frame(6, 0, b"abcdefgh"))
        (p,) = frames(s, 1)
    assert (p.type, p.flags, p.call_id, p.payload) == (6, 1, 0, b"abcdefgh")

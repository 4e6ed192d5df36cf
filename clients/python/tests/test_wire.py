"""The protocol core on its own: bytes in, bytes out (no socket, no server).

These cover what the real server cannot be made to do on demand: its
keepalive PING (sent after 60 s of silence), an error GOAWAY with calls
open, a protocol violation by the server."""
from __future__ import annotations

import pytest

from newswire import StatusCode
from newswire._wire import (ACK, PREFACE, ConnectionCore, FrameDecoder, FrameType, MethodKind, Oversized,
                            Preface, ProtocolError, encode_frame, timeout_micros)
from newswire.rpc.v1 import rpc_pb2


def frame(t, call_id, payload=b"", flags=0):
    return encode_frame(t, call_id, payload, flags)


def core_with_call(kind=MethodKind.UNARY):
    core = ConnectionCore("test")
    call = core.open_call("/a.B/C", kind, None, None, b"req", True)
    core.receive(PREFACE)
    core.take_output()
    return core, call


def test_decoder_byte_by_byte():
    d = FrameDecoder(lambda t: 100)
    data = PREFACE + frame(FrameType.MESSAGE, 3, b"hello") + frame(FrameType.PING, 0, bytes(8), ACK)
    items = []
    for i in range(len(data)):
        items += d.feed(data[i:i + 1])
    assert items[0] == Preface(1, 0)
    assert items[1].payload == b"hello" and items[1].call_id == 3
    assert items[2].flags == ACK


def test_decoder_skips_an_oversized_payload_and_stays_in_sync():
    d = FrameDecoder(lambda t: 4)
    data = PREFACE + frame(FrameType.MESSAGE, 1, b"0123456789") + frame(FrameType.MESSAGE, 1, b"ok")
    items = d.feed(data[:15]) + d.feed(data[15:25]) + d.feed(data[25:])
    assert items[1] == Oversized(FrameType.MESSAGE, 0, 1, 10)
    assert items[2].payload == b"ok"


def test_decoder_errors():
    with pytest.raises(ProtocolError, match="bad preface"):
        FrameDecoder(lambda t: 10).feed(b"HTTP/1.1")
    with pytest.raises(ProtocolError, match="unknown frame type 0x8"):
        FrameDecoder(lambda t: 10).feed(PREFACE + frame(8, 0))


def test_request_frames():
    core = ConnectionCore("test")
    md = __import__("newswire").Metadata({"k": "v"})
    core.open_call("/newswire.health.v1.Health/Check", MethodKind.UNARY, 1.0, md, b"", True)
    out = core.take_output()
    assert out[:8] == PREFACE
    headers = rpc_pb2.RequestHeaders(method="/newswire.health.v1.Health/Check", timeout_micros=1_000_000,
                                     metadata=[rpc_pb2.MetadataEntry(key="k", value=b"v")]).SerializeToString()
    assert out[8:] == frame(FrameType.HEADERS, 1, headers) + frame(FrameType.MESSAGE, 1, b"", 0x01)


def test_timeouts():
    assert timeout_micros(None) == 0
    assert timeout_micros(0) == 1 and timeout_micros(-5) == 1
    assert timeout_micros(0.0000001) == 1
    assert timeout_micros(1.5) == 1_500_000
    assert timeout_micros(1e300) == 315360000000000


def test_server_ping_is_answered_with_the_same_payload():
    core, _ = core_with_call()
    core.receive(frame(FrameType.PING, 0, b"\x00\x00\x00\x00\x00\x00\x00\x01"))
    assert core.take_output() == frame(FrameType.PING, 0, b"\x00\x00\x00\x00\x00\x00\x00\x01", ACK)
    core.receive(frame(FrameType.PING, 0, b"12345678", ACK))
    assert core.take_output() == b""  # an ACK is not answered
    assert core.closed is None


def test_malformed_ping_is_a_connection_error():
    core, call = core_with_call()
    core.receive(frame(FrameType.PING, 0, b"1234"))
    assert core.closed.code == StatusCode.INTERNAL
    assert call.status.code == StatusCode.INTERNAL


def test_graceful_goaway_lets_processed_calls_finish():
    core = ConnectionCore("test")
    a = core.open_call("/a.B/C", MethodKind.UNARY, None, None, b"", True)
    b = core.open_call("/a.B/C", MethodKind.UNARY, None, None, b"", True)
    core.receive(PREFACE + frame(FrameType.GOAWAY, 0, rpc_pb2.GoAway(last_call_id=1, message="bye").SerializeToString()))
    assert b.status.code == StatusCode.UNAVAILABLE and b.unprocessed
    assert a.status is None and not core.accepts_calls and core.closed is None
    core.receive(frame(FrameType.MESSAGE, 1, b"x") + frame(FrameType.TRAILERS, 1))
    assert a.status.code == StatusCode.OK and list(a.messages) == [b"x"]
    assert core.closed is not None  # the last call ended: close


def test_error_goaway_fails_every_call():
    core = ConnectionCore("test")
    a = core.open_call("/a.B/C", MethodKind.BIDI_STREAMING)
    core.receive(PREFACE + frame(FrameType.GOAWAY, 0, rpc_pb2.GoAway(last_call_id=1, code=14, message="keepalive").SerializeToString()))
    assert a.status.code == StatusCode.UNAVAILABLE and not a.unprocessed
    assert "keepalive" in a.status.message


def test_server_may_not_send_cancel():
    core, call = core_with_call()
    core.receive(frame(FrameType.CANCEL, 1))
    assert call.status.code == StatusCode.INTERNAL


def test_unary_ok_without_a_message_is_an_error():
    core, call = core_with_call()
    core.receive(frame(FrameType.TRAILERS, 1))
    assert call.status.code == StatusCode.INTERNAL


def test_second_unary_response_cancels_the_call():
    core, call = core_with_call()
    core.receive(frame(FrameType.MESSAGE, 1, b"a") + frame(FrameType.MESSAGE, 1, b"b"))
    assert call.status.code == StatusCode.INTERNAL
    assert core.take_output() == frame(FrameType.CANCEL, 1)


def test_frames_for_ended_calls_are_ignored():
    core, call = core_with_call(MethodKind.BIDI_STREAMING)
    core.cancel(call)
    core.receive(frame(FrameType.MESSAGE, 1, b"late") + frame(FrameType.TRAILERS, 1) + frame(FrameType.MESSAGE, 1, bytes(5 << 20)))
    assert core.closed is None and call.status.code == StatusCode.CANCELLED


def test_wrong_major_version():
    core = ConnectionCore("test")
    call = core.open_call("/a.B/C", MethodKind.UNARY, None, None, b"", True)
    core.receive(b"NWRP\x00\x02\x00\x00")
    assert call.status.code == StatusCode.UNAVAILABLE and "speaks protocol 2.0" in call.status.message

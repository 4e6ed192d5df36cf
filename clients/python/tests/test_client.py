"""The synchronous client against a real newswired: every call kind, every status path,
deadlines, cancellation, metadata, connection reuse, GOAWAY, PING, TCP and Unix sockets."""
from __future__ import annotations

import socket
import threading

import pytest

import newswire
from newswire import Metadata, MethodKind, RpcError, StatusCode
from newswire.health.v1 import health_pb2
from newswire.testing.v1 import test_pb2 as T

from conftest import wait_until

TS = "/newswire.testing.v1.TestService/"


def out_req(*sizes, interval_us=0, status=None):
    return T.StreamingOutputCallRequest(
        response_parameters=[T.ResponseParameters(size=n, interval_us=interval_us) for n in sizes],
        response_status=status)


@pytest.fixture
def client(address):
    with newswire.Client(address) as c:
        yield c


# -- call kinds ----------------------------------------------------------------------

def test_unary(client):
    assert client.health() == health_pb2.HealthCheckResponse.SERVING
    r = client.unary(TS + "UnaryCall", T.SimpleRequest(response_size=10), T.SimpleResponse)
    assert r.payload.body == bytes(10)
    assert client.unary(TS + "EmptyCall", b"") == b""


def test_server_streaming(client):
    call = client.server_stream(TS + "StreamingOutputCall", out_req(3, 0, 5), T.StreamingOutputCallResponse)
    assert [len(m.payload.body) for m in call] == [3, 0, 5]
    assert call.code() == StatusCode.OK


def test_server_streaming_with_no_messages_is_trailers_only(client):
    call = client.server_stream(TS + "StreamingOutputCall", out_req(), T.StreamingOutputCallResponse)
    assert list(call) == []
    assert call.code() == StatusCode.OK
    assert call.headers() == Metadata()


def test_client_streaming(client):
    reqs = [T.StreamingInputCallRequest(payload=T.Payload(body=bytes(n))) for n in (1, 2, 3000)]
    r = client.client_stream(TS + "StreamingInputCall", reqs, T.StreamingInputCallResponse)
    assert r.aggregated_payload_size == 3003
    r = client.client_stream(TS + "StreamingInputCall", [], T.StreamingInputCallResponse)
    assert r.aggregated_payload_size == 0


def test_bidi_streaming_interleaves(client):
    with client.bidi_stream(TS + "FullDuplexCall", response_type=T.StreamingOutputCallResponse) as call:
        for n in (7, 1, 0, 70000):
            call.send(out_req(n))
            assert len(call.recv().payload.body) == n
        call.close_send()
        assert call.recv() is None
        assert call.code() == StatusCode.OK


def test_bidi_streaming_from_an_iterable(client):
    call = client.bidi_stream(TS + "FullDuplexCall", (out_req(n, n) for n in range(1, 6)), T.StreamingOutputCallResponse)
    assert [len(m.payload.body) for m in call] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_unary_call_gives_headers_and_trailers(client):
    md = Metadata([("x-newswire-test-echo-initial", "hello"), ("x-newswire-test-echo-trailing-bin", b"\x00\xff\x10")])
    call = client.unary_call(TS + "UnaryCall", T.SimpleRequest(response_size=1), T.SimpleResponse, metadata=md)
    assert call.result().payload.body == b"\x00"
    assert call.headers()["x-newswire-test-echo-initial"] == "hello"
    assert call.trailers()["x-newswire-test-echo-trailing-bin"] == b"\x00\xff\x10"


# -- statuses ----------------------------------------------------------------------------

@pytest.mark.parametrize("code", range(1, 17))
def test_every_status_code_is_raised_with_message_and_trailers(client, code):
    md = {"x-newswire-test-echo-trailing-bin": bytes([code, 0, 255])}
    with pytest.raises(RpcError) as e:
        client.unary(TS + "UnaryCall", T.SimpleRequest(response_status=T.EchoStatus(code=code, message="status %d" % code)), metadata=md)
    assert e.value.code == code and isinstance(e.value.code, StatusCode)
    assert e.value.message == "status %d" % code
    assert e.value.trailers["x-newswire-test-echo-trailing-bin"] == bytes([code, 0, 255])
    assert str(e.value) == "%s: status %d" % (StatusCode(code).name, code)


def test_status_ends_a_stream_after_its_messages(client):
    call = client.server_stream(TS + "StreamingOutputCall", out_req(4, 4, status=T.EchoStatus(code=10, message="stop")),
                                T.StreamingOutputCallResponse)
    got = []
    with pytest.raises(RpcError) as e:
        for m in call:
            got.append(len(m.payload.body))
    assert got == [4, 4]
    assert e.value.code == StatusCode.ABORTED and e.value.message == "stop"


def test_unknown_code_passes_through(client):
    with pytest.raises(RpcError) as e:
        client.unary(TS + "UnaryCall", T.SimpleRequest(response_status=T.EchoStatus(code=99, message="new")))
    assert e.value.code == 99 and str(e.value) == "CODE_99: new"


def test_not_found(client):
    with pytest.raises(RpcError) as e:
        client.health("nope")
    assert (e.value.code, e.value.message) == (StatusCode.NOT_FOUND, 'unknown service "nope"')


@pytest.mark.parametrize("path,message", [
    ("/newswire.testing.v1.TestService/NoSuchMethod", "unknown method NoSuchMethod for service newswire.testing.v1.TestService"),
    ("/no.such.Service/Call", "unknown service no.such.Service"),
    ("/newswire.testing.v1.TestService/UnimplementedCall", "UnimplementedCall is never implemented"),
    ("no-slash", 'malformed method path "no-slash": expected /package.Service/Method'),
    ("/a b/c", 'malformed method path "/a b/c": expected /package.Service/Method'),
])
def test_unimplemented(client, path, message):
    with pytest.raises(RpcError) as e:
        client.unary(path, b"")
    assert (e.value.code, e.value.message) == (StatusCode.UNIMPLEMENTED, message)


def test_undecodable_request_is_invalid_argument(client):
    with pytest.raises(RpcError) as e:
        client.unary(TS + "UnaryCall", b"\xff\xff\xff")
    assert e.value.code == StatusCode.INVALID_ARGUMENT
    assert e.value.message == "cannot decode the request as newswire.testing.v1.SimpleRequest (3 bytes)"


def test_request_over_the_server_limit(client):
    big = T.SimpleRequest(payload=T.Payload(body=bytes(4 * 1024 * 1024)))
    with pytest.raises(RpcError) as e:
        client.unary(TS + "UnaryCall", big)
    assert e.value.code == StatusCode.RESOURCE_EXHAUSTED
    assert "exceeds the server's limit of 4194304 bytes" in e.value.message
    assert client.health() == 1  # the connection carries on
    assert client.connections_opened == 1


def test_request_headers_over_the_limit(client):
    with pytest.raises(RpcError) as e:
        client.unary(TS + "EmptyCall", b"", metadata={"big": "x" * 17000})
    assert e.value.code == StatusCode.RESOURCE_EXHAUSTED
    assert "exceed the server's limit of 16384 bytes" in e.value.message
    assert client.health() == 1


def test_response_over_the_client_limit(address):
    with newswire.Client(address, max_receive_message_size=1000) as c:
        with pytest.raises(RpcError) as e:
            c.unary(TS + "UnaryCall", T.SimpleRequest(response_size=5000))
        assert e.value.code == StatusCode.RESOURCE_EXHAUSTED
        assert "exceeds the client's limit of 1000 bytes" in e.value.message
        assert len(c.unary(TS + "UnaryCall", T.SimpleRequest(response_size=900), T.SimpleResponse).payload.body) == 900
        assert c.connections_opened == 1


def test_second_request_on_a_unary_method(client):
    call = client.open_call(TS + "UnaryCall", MethodKind.BIDI_STREAMING)
    call.send(T.SimpleRequest())
    call.send(T.SimpleRequest())
    s = call.wait()
    assert (s.code, s.message) == (StatusCode.INTERNAL, "more than one request message for a unary method")


def test_no_request_on_a_unary_method(client):
    call = client.open_call(TS + "UnaryCall", MethodKind.BIDI_STREAMING, end_stream=True)
    s = call.wait()
    assert (s.code, s.message) == (StatusCode.INTERNAL, "no request message for a unary method")


def test_client_refuses_a_second_message_on_its_own_unary_calls(client):
    call = client.open_call(TS + "UnaryCall", MethodKind.UNARY, request=T.SimpleRequest(response_size=2),
                            response_type=T.SimpleResponse)
    with pytest.raises(ValueError):
        call.send(T.SimpleRequest())
    call.close_send()
    assert call.result().payload.body == b"\x00\x00"


def test_send_after_close_send(client):
    call = client.bidi_stream(TS + "FullDuplexCall")
    call.close_send()
    with pytest.raises(ValueError):
        call.send(out_req(1))
    assert call.wait().code == StatusCode.OK


def test_send_after_the_call_ended_raises_its_status(client):
    call = client.bidi_stream(TS + "FullDuplexCall")
    call.send(out_req(status=T.EchoStatus(code=9, message="no more")))
    assert call.wait().code == StatusCode.FAILED_PRECONDITION
    with pytest.raises(RpcError) as e:
        call.send(out_req(1))
    assert e.value.message == "no more"


def test_metadata_is_checked_before_sending():
    with pytest.raises(ValueError, match="is not valid"):
        Metadata({"Upper": "x"})
    with pytest.raises(ValueError, match="not printable ASCII"):
        Metadata({"k": "caf\u00e9"})
    with pytest.raises(TypeError):
        Metadata({"k-bin": "text"})
    md = Metadata([("k", "1"), ("k", "2"), ("k-bin", b"\x00")])
    assert md.get_all("k") == ["1", "2"] and md["k"] == "1" and len(md) == 3


def test_no_server_is_unavailable(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with newswire.Client("127.0.0.1:%d" % port) as c:
        with pytest.raises(RpcError) as e:
            c.health()
        assert e.value.code == StatusCode.UNAVAILABLE and "cannot connect" in e.value.message
    with newswire.Client("unix:%s" % (tmp_path / "none.sock")) as c:
        with pytest.raises(RpcError) as e:
            c.health()
        assert e.value.code == StatusCode.UNAVAILABLE


def test_not_a_newswire_server_is_unavailable():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()

        def answer():
            conn, _ = listener.accept()
            conn.recv(100)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()
        t = threading.Thread(target=answer)
        t.start()
        with newswire.Client(listener.getsockname()) as c:
            with pytest.raises(RpcError) as e:
                c.health(timeout=10)
        t.join()
    assert e.value.code == StatusCode.UNAVAILABLE and "did not answer with the Newswire preface" in e.value.message


# -- deadlines and cancellation ------------------------------------------------------------

def test_deadline_on_a_stream_that_never_ends(client):
    call = client.watch_health(timeout=0.2)
    assert next(call).status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(RpcError) as e:
        next(call)
    assert e.value.code == StatusCode.DEADLINE_EXCEEDED


def test_deadline_on_a_slow_server(client):
    with pytest.raises(RpcError) as e:
        client.unary(TS + "FullDuplexCall", out_req(1, interval_us=3_000_000), timeout=0.1)
    assert e.value.code == StatusCode.DEADLINE_EXCEEDED
    assert client.health() == 1


def test_expired_deadline(client):
    with pytest.raises(RpcError) as e:
        client.unary(TS + "EmptyCall", b"", timeout=0)
    assert e.value.code == StatusCode.DEADLINE_EXCEEDED


def test_huge_deadline_is_accepted(client):
    assert client.health(timeout=1e12) == 1


def test_cancel_from_another_thread(client):
    call = client.watch_health()
    assert next(call).status == 1
    threading.Timer(0.05, call.cancel).start()
    with pytest.raises(RpcError) as e:
        next(call)
    assert e.value.code == StatusCode.CANCELLED
    assert client.health() == 1


def test_cancel_frees_the_server_slot(address):
    # The server allows 100 open calls per connection; cancelled ones no longer count.
    with newswire.Client(address, max_concurrent_calls=1000) as c:
        watches = [c.watch_health() for _ in range(100)]
        for w in watches:
            assert next(w).status == 1
        with pytest.raises(RpcError) as e:
            c.health()
        assert e.value.code == StatusCode.RESOURCE_EXHAUSTED
        assert e.value.message == "too many concurrent calls on this connection (limit 100)"
        for w in watches[:10]:
            w.cancel()
        assert c.health() == 1
        for w in watches[10:]:
            w.cancel()
        assert c.connections_opened == 1


def test_calls_over_the_client_limit_wait_for_a_slot(address):
    with newswire.Client(address, max_concurrent_calls=3) as c:
        watches = [c.watch_health() for _ in range(3)]
        for w in watches:
            assert next(w).status == 1
        with pytest.raises(RpcError) as e:
            c.health(timeout=0.2)
        assert e.value.code == StatusCode.DEADLINE_EXCEEDED and "free call slot" in e.value.message
        result = []
        t = threading.Thread(target=lambda: result.append(c.health()))
        t.start()
        watches[0].cancel()
        t.join(30)
        assert result == [1]
        for w in watches:
            w.cancel()


def test_context_manager_cancels_an_open_call(client):
    with client.watch_health() as call:
        next(call)
    assert call.code() == StatusCode.CANCELLED


# -- one connection, many calls -------------------------------------------------------------

def test_many_calls_in_flight_share_one_connection(address):
    with newswire.Client(address) as c:
        errors = []

        def worker(i):
            try:
                for j in range(10):
                    r = c.unary(TS + "UnaryCall", T.SimpleRequest(response_size=i * 10 + j), T.SimpleResponse)
                    assert len(r.payload.body) == i * 10 + j
            except Exception as e:  # collected and asserted below
                errors.append(e)
        streams = [c.server_stream(TS + "StreamingOutputCall", out_req(*[1000] * 20, interval_us=1000)) for _ in range(10)]
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert [sum(len(m) for m in s) for s in streams] == [20 * 1006] * 10  # 0a eb 07 + Payload(0a e8 07 + 1000 bytes)
        assert c.connections_opened == 1


def test_ping(client):
    assert client.ping() > 0
    assert client.ping() > 0


def test_keepalive_pings_are_answered(address):
    with newswire.Client(address, keepalive_interval=0.1) as c:
        call = c.watch_health()
        next(call)
        conn = c._conn
        wait_until(lambda: conn.core.pings_answered >= 2, "two keepalive PINGs answered")
        call.cancel()
        assert c.health() == 1


# -- GOAWAY -----------------------------------------------------------------------------

def test_idle_goaway_then_a_new_connection(make_server):
    s = make_server("--idle-timeout", "1")
    with newswire.Client(s.tcp) as c:
        assert c.health() == 1
        conn = c._conn
        wait_until(lambda: conn.core.closed is not None, "the idle GOAWAY")
        assert conn.core.goaway.code == 0 and conn.core.goaway.message == "idle for 1 s"
        assert conn.core.goaway.last_call_id == 1
        assert c.health() == 1
        assert c.connections_opened == 2


def test_graceful_shutdown(make_server):
    s = make_server("--drain-timeout", "10")
    with newswire.Client(s.unix) as c:
        watch = c.watch_health()
        assert next(watch).status == 1
        slow = c.server_stream(TS + "StreamingOutputCall", out_req(1, 2, 3, interval_us=200_000), T.StreamingOutputCallResponse)
        assert c.health() == 1  # calls 1..3 are open or done before the GOAWAY
        s.terminate()
        assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
        with pytest.raises(RpcError) as e:
            next(watch)
        assert (e.value.code, e.value.message) == (StatusCode.UNAVAILABLE, "server is shutting down")
        # A call opened before the GOAWAY runs to completion.
        assert [len(m.payload.body) for m in slow] == [1, 2, 3]
        wait_until(lambda: c._conn.core.goaway is not None, "the GOAWAY")
        # New calls need a new connection, which the stopped server cannot give.
        with pytest.raises(RpcError) as e:
            c.health()
        assert e.value.code == StatusCode.UNAVAILABLE
    s.proc.wait(20)
    assert s.proc.returncode == 0

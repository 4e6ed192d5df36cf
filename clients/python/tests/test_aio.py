"""The asyncio client against a real newswired."""
from __future__ import annotations

import asyncio

import pytest

import newswire
from newswire import Metadata, MethodKind, RpcError, StatusCode
from newswire.health.v1 import health_pb2
from newswire.testing.v1 import test_pb2 as T

TS = "/newswire.testing.v1.TestService/"


def out_req(*sizes, interval_us=0, status=None):
    return T.StreamingOutputCallRequest(
        response_parameters=[T.ResponseParameters(size=n, interval_us=interval_us) for n in sizes],
        response_status=status)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_every_call_kind(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            assert await c.health() == health_pb2.HealthCheckResponse.SERVING
            r = await c.unary(TS + "UnaryCall", T.SimpleRequest(response_size=3), T.SimpleResponse)
            assert r.payload.body == bytes(3)
            call = c.server_stream(TS + "StreamingOutputCall", out_req(1, 2), T.StreamingOutputCallResponse)
            assert [len(m.payload.body) async for m in call] == [1, 2]
            r = await c.client_stream(TS + "StreamingInputCall", [T.StreamingInputCallRequest(payload=T.Payload(body=bytes(n))) for n in (5, 6)],
                                      T.StreamingInputCallResponse)
            assert r.aggregated_payload_size == 11
            async with c.bidi_stream(TS + "FullDuplexCall", response_type=T.StreamingOutputCallResponse) as call:
                for n in (9, 0, 100000):
                    await call.send(out_req(n))
                    assert len((await call.recv()).payload.body) == n
                await call.close_send()
                assert await call.recv() is None
                assert await call.code() == StatusCode.OK
            assert c.connections_opened == 1
    run(go())


def test_metadata_and_statuses(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            md = Metadata([("x-newswire-test-echo-initial", "a b"), ("x-newswire-test-echo-trailing-bin", b"\x01\x02")])
            call = await c.unary_call(TS + "UnaryCall", T.SimpleRequest(), metadata=md)
            assert (await call.headers())["x-newswire-test-echo-initial"] == "a b"
            assert (await call.trailers())["x-newswire-test-echo-trailing-bin"] == b"\x01\x02"
            for code in range(1, 17):
                with pytest.raises(RpcError) as e:
                    await c.unary(TS + "UnaryCall", T.SimpleRequest(response_status=T.EchoStatus(code=code, message="m%d" % code)), metadata=md)
                assert (e.value.code, e.value.message) == (code, "m%d" % code)
                assert e.value.trailers["x-newswire-test-echo-trailing-bin"] == b"\x01\x02"
            with pytest.raises(RpcError) as e:
                await c.health("nope")
            assert e.value.code == StatusCode.NOT_FOUND
            with pytest.raises(RpcError) as e:
                await c.unary(TS + "UnaryCall", b"\xff")
            assert e.value.code == StatusCode.INVALID_ARGUMENT
            with pytest.raises(RpcError) as e:
                await c.unary(TS + "Nope", b"")
            assert e.value.code == StatusCode.UNIMPLEMENTED
            with pytest.raises(RpcError) as e:
                await c.unary(TS + "UnaryCall", T.SimpleRequest(payload=T.Payload(body=bytes(4 << 20))))
            assert e.value.code == StatusCode.RESOURCE_EXHAUSTED
            call = c.open_call(TS + "UnaryCall", MethodKind.CLIENT_STREAMING)
            await call.send(b"")
            await call.send(b"")
            assert (await call.wait()).message == "more than one request message for a unary method"
            assert await c.health() == 1
            assert c.connections_opened == 1
    run(go())


def test_deadlines(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            call = c.watch_health(timeout=0.2)
            assert (await call.recv()).status == 1
            with pytest.raises(RpcError) as e:
                await call.recv()
            assert e.value.code == StatusCode.DEADLINE_EXCEEDED
            with pytest.raises(RpcError) as e:
                await c.unary(TS + "FullDuplexCall", out_req(1, interval_us=3_000_000), timeout=0.1)
            assert e.value.code == StatusCode.DEADLINE_EXCEEDED
            with pytest.raises(RpcError) as e:
                await c.unary(TS + "EmptyCall", b"", timeout=0)
            assert e.value.code == StatusCode.DEADLINE_EXCEEDED
            assert await c.health(timeout=1e12) == 1
    run(go())


def test_cancellation(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            call = c.watch_health()
            assert (await call.recv()).status == 1
            asyncio.get_running_loop().call_later(0.05, call.cancel)
            with pytest.raises(RpcError) as e:
                await call.recv()
            assert e.value.code == StatusCode.CANCELLED
            # Cancelling the task that awaits a call cancels the call on the server.
            task = asyncio.ensure_future(c.unary(TS + "FullDuplexCall", out_req(1, interval_us=5_000_000)))
            await asyncio.sleep(0.1)
            assert len(c._conn.core.calls) == 1
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert c._conn.core.calls == {}
            # Cancelled before it was even sent.
            call = c.open_call(TS + "StreamingInputCall", MethodKind.CLIENT_STREAMING)
            call.cancel()
            assert await call.code() == StatusCode.CANCELLED
            assert await c.health() == 1
    run(go())


def test_many_concurrent_calls_on_one_connection(address):
    async def go():
        async with newswire.AsyncClient(address) as c:
            async def one(i):
                r = await c.unary(TS + "UnaryCall", T.SimpleRequest(response_size=i), T.SimpleResponse)
                return len(r.payload.body)

            async def stream(i):
                call = c.server_stream(TS + "StreamingOutputCall", out_req(*[i] * 5, interval_us=2000), T.StreamingOutputCallResponse)
                return [len(m.payload.body) async for m in call]
            sizes = await asyncio.gather(*[one(i) for i in range(300)])
            streams = await asyncio.gather(*[stream(i) for i in range(50)])
            assert sizes == list(range(300))
            assert streams == [[i] * 5 for i in range(50)]
            assert c.connections_opened == 1
            assert await c.ping() > 0
    run(go())


def test_request_streams_from_async_iterables(address):
    async def go():
        async def reqs():
            for n in (1, 2, 3):
                await asyncio.sleep(0)
                yield out_req(n)
        async with newswire.AsyncClient(address) as c:
            call = c.bidi_stream(TS + "FullDuplexCall", reqs(), T.StreamingOutputCallResponse)
            assert [len(m.payload.body) async for m in call] == [1, 2, 3]
    run(go())


def test_idle_goaway_then_a_new_connection(make_server):
    s = make_server("--idle-timeout", "1")

    async def go():
        async with newswire.AsyncClient(s.unix) as c:
            assert await c.health() == 1
            conn = c._conn
            for _ in range(750):
                if conn.core.closed is not None:
                    break
                await asyncio.sleep(0.02)
            assert conn.core.goaway is not None and conn.core.goaway.code == 0
            assert await c.health() == 1
            assert c.connections_opened == 2
    run(go())


def test_no_server_is_unavailable(tmp_path):
    async def go():
        async with newswire.AsyncClient("unix:%s" % (tmp_path / "none.sock")) as c:
            with pytest.raises(RpcError) as e:
                await c.health()
            assert e.value.code == StatusCode.UNAVAILABLE
    run(go())

"""gRPC's interop cases, as `newswire interop` runs them, from Python.

Run against a server started with --enable-test-service:

    python -m newswire.interop --server 127.0.0.1:7411          # the sync client
    python -m newswire.interop --server unix:/tmp/nw.sock --async  # the asyncio client

Prints PASS/FAIL per case and "interop: N passed, M failed"; exits 1 if any failed.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Awaitable, Callable, List, NamedTuple, Optional, Sequence

from ._errors import RpcError, StatusCode
from ._metadata import Metadata
from ._wire import MethodKind
from .aio import AsyncClient
from .client import Client
from .testing.v1 import test_pb2 as T

SERVICE = "newswire.testing.v1.TestService"
SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
REQUEST_SIZES = [27182, 8, 1828, 45904]
RESPONSE_SIZES = [31415, 9, 2653, 58979]
INITIAL_KEY = "x-newswire-test-echo-initial"
TRAILING_KEY = "x-newswire-test-echo-trailing-bin"


def path(method: str) -> str:
    return "/%s/%s" % (SERVICE, method)


class InteropFailure(Exception):
    pass


class Result(NamedTuple):
    name: str
    failure: Optional[str]
    seconds: float

    @property
    def passed(self) -> bool:
        return self.failure is None


def expect(ok: bool, what: str) -> None:
    if not ok:
        raise InteropFailure(what)


def expect_code(code, want: StatusCode, message: Optional[str] = None, got_message: str = "") -> None:
    expect(code == want, "expected status %s, got %s %r" % (want.name, getattr(code, "name", code), got_message))
    if message is not None:
        expect(got_message == message, "expected message %r, got %r" % (message, got_message))


def zeros(n: int) -> bytes:
    return bytes(n)


def _echo_metadata() -> Metadata:
    return Metadata([(INITIAL_KEY, "test_initial_metadata_value"), (TRAILING_KEY, b"\xab\xab\xab")])


# -- the sync client -----------------------------------------------------------

def _empty_unary(c: Client) -> None:
    r = c.unary(path("EmptyCall"), b"")
    expect(r == b"", "expected an empty response, got %d bytes" % len(r))


def _large_unary(c: Client) -> None:
    r = c.unary(path("UnaryCall"), T.SimpleRequest(response_size=314159, payload=T.Payload(body=zeros(271828))), T.SimpleResponse)
    expect(len(r.payload.body) == 314159, "expected a 314159-byte payload, got %d" % len(r.payload.body))


def _client_streaming(c: Client) -> None:
    r = c.client_stream(path("StreamingInputCall"), (T.StreamingInputCallRequest(payload=T.Payload(body=zeros(n))) for n in REQUEST_SIZES),
                        T.StreamingInputCallResponse)
    expect(r.aggregated_payload_size == 74922, "expected aggregate 74922, got %d" % r.aggregated_payload_size)


def _server_streaming(c: Client) -> None:
    req = T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=n) for n in RESPONSE_SIZES])
    call = c.server_stream(path("StreamingOutputCall"), req, T.StreamingOutputCallResponse)
    sizes = [len(m.payload.body) for m in call]
    expect_code(call.code(), StatusCode.OK)
    expect(sizes == RESPONSE_SIZES, "expected sizes %s, got %s" % (RESPONSE_SIZES, sizes))


def _ping_pong(c: Client) -> None:
    with c.bidi_stream(path("FullDuplexCall"), response_type=T.StreamingOutputCallResponse) as call:
        for req, resp in zip(REQUEST_SIZES, RESPONSE_SIZES):
            call.send(T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=resp)], payload=T.Payload(body=zeros(req))))
            m = call.recv()
            expect(m is not None, "stream ended before the response to a %d-byte request" % req)
            expect(len(m.payload.body) == resp, "expected a %d-byte response, got %d" % (resp, len(m.payload.body)))
        call.close_send()
        expect(call.recv() is None, "expected the stream to end after four responses")
        expect_code(call.code(), StatusCode.OK)


def _empty_stream(c: Client) -> None:
    call = c.open_call(path("FullDuplexCall"), MethodKind.BIDI_STREAMING, end_stream=True)
    msgs = list(call)
    expect_code(call.code(), StatusCode.OK)
    expect(msgs == [], "expected no responses, got %d" % len(msgs))


def _custom_metadata(c: Client) -> None:
    md = _echo_metadata()
    call = c.unary_call(path("UnaryCall"), T.SimpleRequest(response_size=314159, payload=T.Payload(body=zeros(271828))),
                        T.SimpleResponse, metadata=md)
    expect(call.headers().get(INITIAL_KEY) == "test_initial_metadata_value", "unary: initial metadata not echoed in the headers")
    expect(call.trailers().get(TRAILING_KEY) == b"\xab\xab\xab", "unary: -bin metadata not echoed in the trailers")
    call = c.bidi_stream(path("FullDuplexCall"), [T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=314159)],
                                                                              payload=T.Payload(body=zeros(271828)))],
                         T.StreamingOutputCallResponse, metadata=md)
    msgs = list(call)
    expect(len(msgs) == 1, "full duplex: expected one response, got %d" % len(msgs))
    expect(call.headers().get(INITIAL_KEY) == "test_initial_metadata_value", "full duplex: initial metadata not echoed")
    expect(call.trailers().get(TRAILING_KEY) == b"\xab\xab\xab", "full duplex: -bin metadata not echoed in the trailers")


def _status_code_and_message(c: Client) -> None:
    status = T.EchoStatus(code=2, message="test status message")
    try:
        c.unary(path("UnaryCall"), T.SimpleRequest(response_status=status))
        raise InteropFailure("expected status UNKNOWN, but the call succeeded")
    except RpcError as e:
        expect_code(e.code, StatusCode.UNKNOWN, "test status message", e.message)
    call = c.open_call(path("FullDuplexCall"), MethodKind.BIDI_STREAMING,
                       request=T.StreamingOutputCallRequest(response_status=status), end_stream=True)
    s = call.wait()
    expect_code(s.code, StatusCode.UNKNOWN, "test status message", s.message)


def _special_status_message(c: Client) -> None:
    try:
        c.unary(path("UnaryCall"), T.SimpleRequest(response_status=T.EchoStatus(code=2, message=SPECIAL_MESSAGE)))
        raise InteropFailure("expected status UNKNOWN, but the call succeeded")
    except RpcError as e:
        expect_code(e.code, StatusCode.UNKNOWN, SPECIAL_MESSAGE, e.message)


def _unimplemented(method: str) -> Callable[[Client], None]:
    def run(c: Client) -> None:
        try:
            c.unary(method, b"")
            raise InteropFailure("expected status UNIMPLEMENTED, but the call succeeded")
        except RpcError as e:
            expect_code(e.code, StatusCode.UNIMPLEMENTED, got_message=e.message)
    return run


def _cancel_after_begin(c: Client) -> None:
    call = c.open_call(path("StreamingInputCall"), MethodKind.CLIENT_STREAMING)
    call.cancel()
    expect_code(call.code(), StatusCode.CANCELLED)


def _cancel_after_first_response(c: Client) -> None:
    call = c.bidi_stream(path("FullDuplexCall"), response_type=T.StreamingOutputCallResponse)
    call.send(T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=31415)], payload=T.Payload(body=zeros(27182))))
    expect(call.recv() is not None, "no first response")
    call.cancel()
    expect_code(call.code(), StatusCode.CANCELLED)


def _timeout_on_sleeping_server(c: Client) -> None:
    call = c.bidi_stream(path("FullDuplexCall"), timeout=0.001)
    try:
        call.send(T.StreamingOutputCallRequest(payload=T.Payload(body=zeros(27182))))
    except RpcError:
        pass
    s = call.wait()
    expect_code(s.code, StatusCode.DEADLINE_EXCEEDED, got_message=s.message)


CASES: List[tuple] = [
    ("empty_unary", _empty_unary),
    ("large_unary", _large_unary),
    ("client_streaming", _client_streaming),
    ("server_streaming", _server_streaming),
    ("ping_pong", _ping_pong),
    ("empty_stream", _empty_stream),
    ("custom_metadata", _custom_metadata),
    ("status_code_and_message", _status_code_and_message),
    ("special_status_message", _special_status_message),
    ("unimplemented_method", _unimplemented(path("UnimplementedCall"))),
    ("unimplemented_service", _unimplemented("/newswire.testing.v1.UnimplementedService/UnimplementedCall")),
    ("cancel_after_begin", _cancel_after_begin),
    ("cancel_after_first_response", _cancel_after_first_response),
    ("timeout_on_sleeping_server", _timeout_on_sleeping_server),
]
CASE_NAMES = [name for name, _ in CASES]


def run(client: Client, only: Sequence[str] = ()) -> List[Result]:
    """Runs the named cases (all when `only` is empty), in order, with the sync client."""
    results = []
    for name, case in CASES:
        if only and name not in only:
            continue
        start = time.monotonic()
        failure = None
        try:
            case(client)
        except Exception as e:  # a case's failure, whatever it is, is reported, not raised
            failure = "%s: %s" % (type(e).__name__, e)
        results.append(Result(name, failure, time.monotonic() - start))
    return results


# -- the asyncio client ----------------------------------------------------------

async def _a_empty_unary(c: AsyncClient) -> None:
    r = await c.unary(path("EmptyCall"), b"")
    expect(r == b"", "expected an empty response, got %d bytes" % len(r))


async def _a_large_unary(c: AsyncClient) -> None:
    r = await c.unary(path("UnaryCall"), T.SimpleRequest(response_size=314159, payload=T.Payload(body=zeros(271828))), T.SimpleResponse)
    expect(len(r.payload.body) == 314159, "expected a 314159-byte payload, got %d" % len(r.payload.body))


async def _a_client_streaming(c: AsyncClient) -> None:
    async def requests():
        for n in REQUEST_SIZES:
            yield T.StreamingInputCallRequest(payload=T.Payload(body=zeros(n)))
    r = await c.client_stream(path("StreamingInputCall"), requests(), T.StreamingInputCallResponse)
    expect(r.aggregated_payload_size == 74922, "expected aggregate 74922, got %d" % r.aggregated_payload_size)


async def _a_server_streaming(c: AsyncClient) -> None:
    req = T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=n) for n in RESPONSE_SIZES])
    call = c.server_stream(path("StreamingOutputCall"), req, T.StreamingOutputCallResponse)
    sizes = [len(m.payload.body) async for m in call]
    expect_code(await call.code(), StatusCode.OK)
    expect(sizes == RESPONSE_SIZES, "expected sizes %s, got %s" % (RESPONSE_SIZES, sizes))


async def _a_ping_pong(c: AsyncClient) -> None:
    async with c.bidi_stream(path("FullDuplexCall"), response_type=T.StreamingOutputCallResponse) as call:
        for req, resp in zip(REQUEST_SIZES, RESPONSE_SIZES):
            await call.send(T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=resp)], payload=T.Payload(body=zeros(req))))
            m = await call.recv()
            expect(m is not None, "stream ended before the response to a %d-byte request" % req)
            expect(len(m.payload.body) == resp, "expected a %d-byte response, got %d" % (resp, len(m.payload.body)))
        await call.close_send()
        expect(await call.recv() is None, "expected the stream to end after four responses")
        expect_code(await call.code(), StatusCode.OK)


async def _a_empty_stream(c: AsyncClient) -> None:
    call = c.open_call(path("FullDuplexCall"), MethodKind.BIDI_STREAMING, end_stream=True)
    msgs = [m async for m in call]
    expect_code(await call.code(), StatusCode.OK)
    expect(msgs == [], "expected no responses, got %d" % len(msgs))


async def _a_custom_metadata(c: AsyncClient) -> None:
    md = _echo_metadata()
    call = await c.unary_call(path("UnaryCall"), T.SimpleRequest(response_size=314159, payload=T.Payload(body=zeros(271828))),
                              T.SimpleResponse, metadata=md)
    expect((await call.headers()).get(INITIAL_KEY) == "test_initial_metadata_value", "unary: initial metadata not echoed in the headers")
    expect((await call.trailers()).get(TRAILING_KEY) == b"\xab\xab\xab", "unary: -bin metadata not echoed in the trailers")
    call = c.bidi_stream(path("FullDuplexCall"), [T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=314159)],
                                                                              payload=T.Payload(body=zeros(271828)))],
                         T.StreamingOutputCallResponse, metadata=md)
    msgs = [m async for m in call]
    expect(len(msgs) == 1, "full duplex: expected one response, got %d" % len(msgs))
    expect((await call.headers()).get(INITIAL_KEY) == "test_initial_metadata_value", "full duplex: initial metadata not echoed")
    expect((await call.trailers()).get(TRAILING_KEY) == b"\xab\xab\xab", "full duplex: -bin metadata not echoed in the trailers")


async def _a_status_code_and_message(c: AsyncClient) -> None:
    status = T.EchoStatus(code=2, message="test status message")
    try:
        await c.unary(path("UnaryCall"), T.SimpleRequest(response_status=status))
        raise InteropFailure("expected status UNKNOWN, but the call succeeded")
    except RpcError as e:
        expect_code(e.code, StatusCode.UNKNOWN, "test status message", e.message)
    call = c.open_call(path("FullDuplexCall"), MethodKind.BIDI_STREAMING,
                       request=T.StreamingOutputCallRequest(response_status=status), end_stream=True)
    s = await call.wait()
    expect_code(s.code, StatusCode.UNKNOWN, "test status message", s.message)


async def _a_special_status_message(c: AsyncClient) -> None:
    try:
        await c.unary(path("UnaryCall"), T.SimpleRequest(response_status=T.EchoStatus(code=2, message=SPECIAL_MESSAGE)))
        raise InteropFailure("expected status UNKNOWN, but the call succeeded")
    except RpcError as e:
        expect_code(e.code, StatusCode.UNKNOWN, SPECIAL_MESSAGE, e.message)


def _a_unimplemented(method: str) -> Callable[[AsyncClient], Awaitable[None]]:
    async def run(c: AsyncClient) -> None:
        try:
            await c.unary(method, b"")
            raise InteropFailure("expected status UNIMPLEMENTED, but the call succeeded")
        except RpcError as e:
            expect_code(e.code, StatusCode.UNIMPLEMENTED, got_message=e.message)
    return run


async def _a_cancel_after_begin(c: AsyncClient) -> None:
    call = c.open_call(path("StreamingInputCall"), MethodKind.CLIENT_STREAMING)
    call.cancel()
    expect_code(await call.code(), StatusCode.CANCELLED)


async def _a_cancel_after_first_response(c: AsyncClient) -> None:
    call = c.bidi_stream(path("FullDuplexCall"), response_type=T.StreamingOutputCallResponse)
    await call.send(T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=31415)], payload=T.Payload(body=zeros(27182))))
    expect(await call.recv() is not None, "no first response")
    call.cancel()
    expect_code(await call.code(), StatusCode.CANCELLED)


async def _a_timeout_on_sleeping_server(c: AsyncClient) -> None:
    call = c.bidi_stream(path("FullDuplexCall"), timeout=0.001)
    try:
        await call.send(T.StreamingOutputCallRequest(payload=T.Payload(body=zeros(27182))))
    except RpcError:
        pass
    s = await call.wait()
    expect_code(s.code, StatusCode.DEADLINE_EXCEEDED, got_message=s.message)


ASYNC_CASES: List[tuple] = [
    ("empty_unary", _a_empty_unary),
    ("large_unary", _a_large_unary),
    ("client_streaming", _a_client_streaming),
    ("server_streaming", _a_server_streaming),
    ("ping_pong", _a_ping_pong),
    ("empty_stream", _a_empty_stream),
    ("custom_metadata", _a_custom_metadata),
    ("status_code_and_message", _a_status_code_and_message),
    ("special_status_message", _a_special_status_message),
    ("unimplemented_method", _a_unimplemented(path("UnimplementedCall"))),
    ("unimplemented_service", _a_unimplemented("/newswire.testing.v1.UnimplementedService/UnimplementedCall")),
    ("cancel_after_begin", _a_cancel_after_begin),
    ("cancel_after_first_response", _a_cancel_after_first_response),
    ("timeout_on_sleeping_server", _a_timeout_on_sleeping_server),
]


async def run_async(client: AsyncClient, only: Sequence[str] = ()) -> List[Result]:
    """Runs the named cases (all when `only` is empty), in order, with the asyncio client."""
    results = []
    for name, case in ASYNC_CASES:
        if only and name not in only:
            continue
        start = time.monotonic()
        failure = None
        try:
            await case(client)
        except Exception as e:
            failure = "%s: %s" % (type(e).__name__, e)
        results.append(Result(name, failure, time.monotonic() - start))
    return results


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m newswire.interop", description="Runs the interop cases against a newswired started with --enable-test-service.")
    p.add_argument("--server", default=None, help="HOST:PORT or unix:PATH (default: $NEWSWIRE_SERVER, else 127.0.0.1:7411)")
    p.add_argument("--async", dest="use_async", action="store_true", help="use the asyncio client")
    p.add_argument("--case", action="append", default=[], choices=CASE_NAMES, help="run only this case (repeatable)")
    args = p.parse_args(argv)
    if args.use_async:
        async def go() -> List[Result]:
            async with AsyncClient(args.server) as c:
                return await run_async(c, args.case)
        results = asyncio.run(go())
    else:
        with Client(args.server) as c:
            results = run(c, args.case)
    for r in results:
        print("PASS %s (%d ms)" % (r.name, round(r.seconds * 1000)) if r.passed else "FAIL %s: %s" % (r.name, r.failure))
    failed = sum(1 for r in results if not r.passed)
    print("interop: %d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

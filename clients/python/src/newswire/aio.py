"""The asyncio client: one connection per client, shared by any number of
concurrent calls, driven by the event loop (an asyncio.Protocol around the
same ConnectionCore as the sync client)."""
from __future__ import annotations

import asyncio
import itertools
import struct
import time
from typing import Any, AsyncIterable, Callable, Iterable, List, Optional, Type, Union

from google.protobuf.message import Message

from . import _helpers
from ._address import AddressLike
from ._codec import encode
from ._errors import RpcError, Status, StatusCode
from ._metadata import Metadata, MetadataLike
from ._wire import CallBase, ClientOptions, CallState, ConnectionCore, MethodKind
from .analysis.v1 import analysis_pb2, duplicates_pb2, quotes_pb2
from .dedup.v1 import dedup_pb2
from .articles import DocumentLike
from .health.v1 import health_pb2
from .reflection.v1 import reflection_pb2
from .sentiment.v1 import sentiment_pb2

__all__ = ["AsyncClient", "AsyncCall"]

Requests = Union[Iterable[Any], AsyncIterable[Any]]


class _AsyncConnection(asyncio.Protocol):
    def __init__(self, client: "AsyncClient"):
        self.label = str(client.address)
        self.core = ConnectionCore(self.label, client.max_receive_message_size)
        self.transport: Optional[asyncio.Transport] = None
        self.send_buffer_limit = client.send_buffer_limit
        self.writable = asyncio.Event()
        self.writable.set()
        self.slot_freed = asyncio.Event()
        self._closing = False
        self._keepalive_task: Optional[asyncio.Task] = None
        self._client = client

    @classmethod
    async def open(cls, client: "AsyncClient") -> "_AsyncConnection":
        loop = asyncio.get_running_loop()
        conn = cls(client)
        a = client.address
        try:
            if a.is_unix:
                connect = loop.create_unix_connection(lambda: conn, a.path)
            else:
                connect = loop.create_connection(lambda: conn, a.host, a.port)
            await asyncio.wait_for(connect, client.connect_timeout)
        except asyncio.TimeoutError:
            raise RpcError(StatusCode.UNAVAILABLE, "cannot connect to %s: timed out after %s s" % (a, client.connect_timeout)) from None
        except OSError as e:
            raise RpcError(StatusCode.UNAVAILABLE, "cannot connect to %s: %s — is newswired running? Start it with: newswired --listen %s"
                           % (a, e.strerror or e, a)) from None
        if client.keepalive_interval is not None:
            conn._keepalive_task = loop.create_task(conn._keepalive(client.keepalive_interval, client.keepalive_timeout))
        return conn

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        transport.set_write_buffer_limits(high=self.send_buffer_limit)  # type: ignore[attr-defined]
        self.changed()

    def data_received(self, data: bytes) -> None:
        self.core.receive(data)
        self.changed()

    def eof_received(self) -> bool:
        self.core.receive_eof()
        self.changed()
        return False

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self.core.receive_eof(str(exc) if exc else "the server closed it")
        self.writable.set()
        self.changed()
        if self._keepalive_task is not None:
            self._keepalive_task.cancel()

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    def changed(self) -> None:
        """After every change to the core: write what it produced, close when it is over."""
        t = self.transport
        if t is None:
            return
        if self.core.out and not t.is_closing():
            t.write(self.core.take_output())
        if self.core.finished and not self._closing:
            self._closing = True
            self.writable.set()
            t.close()

    def buffer_full(self) -> bool:
        return not self.writable.is_set()

    async def _keepalive(self, interval: float, timeout: float) -> None:
        seq = itertools.count(1)
        sent: Optional[float] = None
        tick = min(1.0, interval / 4)
        while not self.core.finished:
            await asyncio.sleep(tick)
            now = time.monotonic()
            if sent is not None and self.core.last_received >= sent:
                sent = None
            if sent is not None:
                if now - sent > timeout:
                    self.core.fail(StatusCode.UNAVAILABLE, "keepalive ping to %s not answered within %g s" % (self.label, timeout))
            elif now - self.core.last_received >= interval:
                sent = now
                self.core.ping(struct.pack(">Q", next(seq)))
            self.changed()

    def close(self, code: int = StatusCode.CANCELLED, message: str = "the client was closed") -> None:
        self.core.fail(code, message)
        self.changed()


class AsyncCall(CallBase):
    """One call in progress (asyncio). It starts at once, in the background.

    `await send(m)`, `await close_send()`; `async for` the responses (decoded
    as `response_type` when given), or `await recv()`; `await result()` for
    the one response of a unary or client-streaming call. A call that ends
    with a status other than OK raises RpcError from these. `cancel()` ends
    it; `async with call:` cancels it if still open at the end of the block.
    """

    def __init__(self, client: "AsyncClient", method: str, kind: MethodKind, response_type: Optional[Type[Message]],
                 timeout: Optional[float], metadata: Optional[Metadata], request: Optional[bytes], end_stream: bool):
        super().__init__(client, method, kind, response_type, timeout, metadata, request, end_stream)
        self._conn: Optional[_AsyncConnection] = None
        self._event = asyncio.Event()
        self._timer: Optional[asyncio.TimerHandle] = None
        self._cancel_requested = False
        self._opening = asyncio.get_running_loop().create_task(self._open(request, end_stream))
        self._opening.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def _open(self, request: Optional[bytes], end_stream: bool) -> None:
        limit = self._client.max_concurrent_calls
        for attempt in range(3):
            conn = await self._client._connection()
            # The server refuses calls over its per-connection limit; wait for a slot instead.
            while len(conn.core.calls) >= limit and conn.core.accepts_calls:
                conn.slot_freed.clear()
                remaining = None if self._deadline is None else self._deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(conn.slot_freed.wait(), remaining)
                except asyncio.TimeoutError:
                    break
            if not (conn.core.went_away and attempt < 2):
                break  # else a graceful GOAWAY came first: use a new connection
        timeout = None if self._deadline is None else self._deadline - time.monotonic()
        if len(conn.core.calls) >= limit:
            st = conn.core.local_failure(self.method, self.kind, StatusCode.DEADLINE_EXCEEDED,
                                         "deadline of %g s exceeded waiting for a free call slot" % self._timeout)
        elif timeout is not None and timeout <= 0:
            st = conn.core.local_failure(self.method, self.kind, StatusCode.DEADLINE_EXCEEDED,
                                         "deadline of %g s exceeded before the call was sent" % self._timeout)
        else:
            st = conn.core.open_call(self.method, self.kind, timeout, self._metadata, request, end_stream)
        event = self._event

        def wake() -> None:
            event.set()
            if st.done:
                conn.slot_freed.set()
                if self._timer is not None:
                    self._timer.cancel()
        st.waker = wake
        self._conn, self._state = conn, st
        if timeout is not None and not st.done:
            self._timer = asyncio.get_running_loop().call_later(max(0.0, timeout), self._expire, conn, st)
        if self._cancel_requested:
            conn.core.cancel(st)
        conn.changed()
        event.set()

    def _expire(self, conn: _AsyncConnection, st: CallState) -> None:
        conn.core.cancel(st, StatusCode.DEADLINE_EXCEEDED, "deadline of %g s exceeded" % self._timeout)
        conn.changed()

    async def _ready(self) -> CallState:
        await self._opening
        assert self._state is not None
        return self._state

    async def _wait(self, ready: Callable[[CallState], bool]) -> CallState:
        while True:
            st = await self._ready()
            while not ready(st):
                self._event.clear()
                await self._event.wait()
            if st.done and st.unprocessed and self._replay is not None and self._retries > 0 and not self._cancel_requested:
                self._retries -= 1
                self._opening = asyncio.get_running_loop().create_task(self._open(*self._replay))
                try:
                    await self._opening
                except RpcError:
                    return st
                continue
            return st

    # -- sending -------------------------------------------------------------

    async def send(self, message: Any, end_stream: bool = False) -> None:
        """Sends one request message; waits while the connection's send buffer is full."""
        data = encode(message)
        st = await self._ready()
        conn = self._conn
        assert conn is not None
        while conn.buffer_full() and not st.done:
            self._event.clear()
            waits = [asyncio.ensure_future(conn.writable.wait()), asyncio.ensure_future(self._event.wait())]
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for w in waits:
                    w.cancel()
        if not st.done:
            conn.core.send_message(st, data, end_stream)
            conn.changed()
            return
        if st.status.code == StatusCode.OK:
            raise RpcError(StatusCode.FAILED_PRECONDITION, "the call has already ended")
        raise self._error(st)

    async def close_send(self) -> None:
        """Half-closes: no more request messages."""
        st = await self._ready()
        self._conn.core.half_close(st)
        self._conn.changed()

    def cancel(self) -> None:
        """Cancels the call: the server is told, and the call ends with CANCELLED."""
        self._cancel_requested = True
        if self._state is not None:
            self._conn.core.cancel(self._state)
            self._conn.changed()

    # -- receiving -----------------------------------------------------------

    async def headers(self) -> Metadata:
        st = await self._wait(lambda s: s.headers is not None or s.done)
        return st.headers if st.headers is not None else Metadata()

    async def recv(self) -> Any:
        """The next response message, or None once the call has ended OK."""
        st = await self._wait(lambda s: bool(s.messages) or s.done)
        if st.messages:
            data = st.messages.popleft()
            try:
                return self._decode(data)
            except RpcError as e:
                self._conn.core.cancel(st, e.code, e.message)
                self._conn.changed()
                raise
        if st.status.code != StatusCode.OK:
            raise self._error(st)
        return None

    def __aiter__(self) -> "AsyncCall":
        return self

    async def __anext__(self) -> Any:
        m = await self.recv()
        if m is None:
            raise StopAsyncIteration
        return m

    async def result(self) -> Any:
        st = await self._wait(lambda s: s.done)
        if st.status.code != StatusCode.OK:
            raise self._error(st)
        if not st.messages:
            raise RpcError(StatusCode.FAILED_PRECONDITION, "the response was already read")
        return await self.recv()

    async def wait(self) -> Status:
        """Waits for the end; the status (does not raise)."""
        return (await self._wait(lambda s: s.done)).status

    async def status(self) -> Status:
        return await self.wait()

    async def code(self) -> Any:
        return (await self.wait()).code

    async def trailers(self) -> Metadata:
        return (await self.wait()).trailers

    async def __aenter__(self) -> "AsyncCall":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        if not self.done():
            self.cancel()


class AsyncClient(ClientOptions):
    """The asyncio client of one Newswire server; see `newswire.Client` for
    the address and the options. Use it from one event loop."""

    def __init__(self, address: AddressLike = None, **options: Any):
        super().__init__(address, **options)
        self._conn: Optional[_AsyncConnection] = None
        self._connecting: Optional[asyncio.Future] = None
        self._closed = False

    async def _connection(self) -> _AsyncConnection:
        while True:
            if self._closed:
                raise RpcError(StatusCode.CANCELLED, "the client was closed")
            c = self._conn
            if c is not None and c.core.accepts_calls:
                return c
            if self._connecting is None:
                self._connecting = asyncio.get_running_loop().create_task(_AsyncConnection.open(self))
                try:
                    self._conn = await self._connecting
                    self.connections_opened += 1
                finally:
                    self._connecting = None
                return self._conn
            try:
                await asyncio.shield(self._connecting)
            except RpcError:
                raise

    async def close(self) -> None:
        """Closes the connection; calls still open end with CANCELLED."""
        self._closed = True
        c, self._conn = self._conn, None
        if c is not None:
            c.close()
            await asyncio.sleep(0)

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # -- calls ---------------------------------------------------------------

    def open_call(self, method: str, kind: MethodKind = MethodKind.BIDI_STREAMING, *,
                  response_type: Optional[Type[Message]] = None, timeout: Optional[float] = None,
                  metadata: MetadataLike = None, request: Any = None, end_stream: bool = False) -> AsyncCall:
        md = metadata if isinstance(metadata, Metadata) or metadata is None else Metadata(metadata)
        return AsyncCall(self, method, MethodKind(kind), response_type, timeout, md,
                         None if request is None else encode(request), end_stream)

    async def unary_call(self, method: str, request: Any, response_type: Optional[Type[Message]] = None, *,
                         timeout: Optional[float] = None, metadata: MetadataLike = None) -> AsyncCall:
        call = self.open_call(method, MethodKind.UNARY, response_type=response_type, timeout=timeout,
                              metadata=metadata, request=request, end_stream=True)
        try:
            st = await call._wait(lambda s: s.done)
        except BaseException:  # task cancellation included: tell the server
            call.cancel()
            raise
        if st.status.code != StatusCode.OK:
            raise call._error(st)
        return call

    async def unary(self, method: str, request: Any, response_type: Optional[Type[Message]] = None, *,
                    timeout: Optional[float] = None, metadata: MetadataLike = None) -> Any:
        call = await self.unary_call(method, request, response_type, timeout=timeout, metadata=metadata)
        return await call.result()

    def server_stream(self, method: str, request: Any, response_type: Optional[Type[Message]] = None, *,
                      timeout: Optional[float] = None, metadata: MetadataLike = None) -> AsyncCall:
        return self.open_call(method, MethodKind.SERVER_STREAMING, response_type=response_type, timeout=timeout,
                              metadata=metadata, request=request, end_stream=True)

    async def client_stream(self, method: str, requests: Requests, response_type: Optional[Type[Message]] = None, *,
                            timeout: Optional[float] = None, metadata: MetadataLike = None) -> Any:
        call = self.open_call(method, MethodKind.CLIENT_STREAMING, response_type=response_type,
                              timeout=timeout, metadata=metadata)
        try:
            await _send_all(call, requests, raise_errors=True)
            return await call.result()
        except BaseException:
            call.cancel()
            raise

    def bidi_stream(self, method: str, requests: Optional[Requests] = None,
                    response_type: Optional[Type[Message]] = None, *, timeout: Optional[float] = None,
                    metadata: MetadataLike = None) -> AsyncCall:
        """A bidirectional call. With `requests` (an iterable or async
        iterable), a task sends them and half-closes while you read."""
        call = self.open_call(method, MethodKind.BIDI_STREAMING, response_type=response_type,
                              timeout=timeout, metadata=metadata)
        if requests is not None:
            call._sender = asyncio.get_running_loop().create_task(_send_all(call, requests))  # type: ignore[attr-defined]
        return call

    async def ping(self, timeout: float = 10.0) -> float:
        """Sends a PING and waits for its ACK; the round-trip time in seconds."""
        conn = await self._connection()
        fut = asyncio.get_running_loop().create_future()
        payload = struct.pack(">d", time.monotonic())
        start = time.monotonic()
        conn.core.ping(payload, lambda ok: fut.done() or fut.set_result(ok))
        conn.changed()
        try:
            ok = await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:
            conn.core.ping_waiters.pop(payload, None)
            raise RpcError(StatusCode.DEADLINE_EXCEEDED, "no PING ACK within %g s" % timeout) from None
        if not ok:
            closed = conn.core.closed
            raise RpcError(closed.code if closed else StatusCode.UNAVAILABLE, closed.message if closed else "connection closed")
        return time.monotonic() - start

    # -- built-in services ---------------------------------------------------

    async def health(self, service: str = "", *, timeout: Optional[float] = None) -> int:
        r = await self.unary(_helpers.HEALTH_CHECK, health_pb2.HealthCheckRequest(service=service),
                             health_pb2.HealthCheckResponse, timeout=timeout)
        return r.status

    def watch_health(self, service: str = "", *, timeout: Optional[float] = None) -> AsyncCall:
        return self.server_stream(_helpers.HEALTH_WATCH, health_pb2.HealthCheckRequest(service=service),
                                  health_pb2.HealthCheckResponse, timeout=timeout)

    async def list_services(self, *, timeout: Optional[float] = None) -> List[reflection_pb2.ServiceInfo]:
        r = await self.unary(_helpers.LIST_SERVICES, reflection_pb2.ListServicesRequest(),
                             reflection_pb2.ListServicesResponse, timeout=timeout)
        return list(r.services)

    async def list_plugins(self, *, timeout: Optional[float] = None) -> reflection_pb2.ListPluginsResponse:
        return await self.unary(_helpers.LIST_PLUGINS, reflection_pb2.ListPluginsRequest(),
                                reflection_pb2.ListPluginsResponse, timeout=timeout)

    async def list_analyzers(self, *, timeout: Optional[float] = None) -> List[analysis_pb2.AnalyzerInfo]:
        r = await self.unary(_helpers.LIST_ANALYZERS, analysis_pb2.ListAnalyzersRequest(),
                             analysis_pb2.ListAnalyzersResponse, timeout=timeout)
        return list(r.analyzers)

    # -- analysis ------------------------------------------------------------

    async def analyze(self, documents: Any, analyzers: Optional[Iterable[str]] = None, *,
                      timeout: Optional[float] = None, metadata: MetadataLike = None) -> analysis_pb2.AnalyzeResponse:
        return await self.unary(_helpers.ANALYZE, _helpers.analyze_request(documents, analyzers),
                                analysis_pb2.AnalyzeResponse, timeout=timeout, metadata=metadata)

    async def analyze_document(self, document: DocumentLike, analyzers: Optional[Iterable[str]] = None, *,
                               timeout: Optional[float] = None, metadata: MetadataLike = None) -> analysis_pb2.DocumentAnalysis:
        r = await self.analyze([document], analyzers, timeout=timeout, metadata=metadata)
        return _helpers.checked(r.results[0])

    def analyze_stream(self, documents: Union[Iterable[DocumentLike], AsyncIterable[DocumentLike]],
                       analyzers: Optional[Iterable[str]] = None, *, timeout: Optional[float] = None,
                       metadata: MetadataLike = None) -> AsyncCall:
        """Analysis/AnalyzeStream: `async for` the returned call for one
        DocumentAnalysis per document, in order; a task sends the documents."""
        return self.bidi_stream(_helpers.ANALYZE_STREAM, _stream_requests(documents, analyzers),
                                analysis_pb2.DocumentAnalysis, timeout=timeout, metadata=metadata)

    async def sentiment(self, document: DocumentLike, *, timeout: Optional[float] = None) -> analysis_pb2.SentimentResult:
        return (await self.analyze_document(document, ["sentiment"], timeout=timeout)).sentiment

    async def score(self, text: str, *, skip_entities: bool = False,
                    timeout: Optional[float] = None) -> analysis_pb2.SentimentResult:
        return await self.unary(_helpers.SENTIMENT_SCORE, sentiment_pb2.ScoreRequest(text=text, skip_entities=skip_entities),
                                analysis_pb2.SentimentResult, timeout=timeout)

    async def quotes(self, document: DocumentLike, *, timeout: Optional[float] = None) -> quotes_pb2.QuotesResult:
        return (await self.analyze_document(document, ["quotes"], timeout=timeout)).quotes

    async def quote_groups(self, documents: Iterable[DocumentLike], *, timeout: Optional[float] = None) -> _helpers.QuoteGroups:
        return _helpers.quote_groups(await self.analyze(documents, ["quotes"], timeout=timeout))

    async def duplicates(self, document: DocumentLike, *, timeout: Optional[float] = None) -> duplicates_pb2.DuplicatesResult:
        return (await self.analyze_document(document, ["dedup"], timeout=timeout)).duplicates

    async def duplicate_clusters(self, documents: Iterable[DocumentLike], *, timeout: Optional[float] = None) -> _helpers.Duplicates:
        return _helpers.duplicates(await self.analyze(documents, ["dedup"], timeout=timeout))

    # -- the dedup plugin's collections (as Client's) -------------------------

    async def dedup_cluster(self, documents: Iterable[DocumentLike], *, min_similarity: float = 0.0,
                            passages: bool = False, timeout: Optional[float] = None) -> dedup_pb2.ClusterResponse:
        return await self.unary(*_helpers.dedup_cluster(documents, min_similarity, passages), timeout=timeout)

    async def dedup_add(self, collection: str, documents: Iterable[DocumentLike], *,
                        timeout: Optional[float] = None) -> dedup_pb2.AddResponse:
        return await self.unary(*_helpers.dedup_add(collection, documents), timeout=timeout)

    async def dedup_query(self, collection: str, document: DocumentLike, *, min_similarity: float = 0.0, limit: int = 0,
                          timeout: Optional[float] = None) -> List[dedup_pb2.Match]:
        r = await self.unary(*_helpers.dedup_query(collection, document, min_similarity, limit), timeout=timeout)
        return list(r.matches)

    async def dedup_remove(self, collection: str, document_ids: Iterable[str], *, timeout: Optional[float] = None) -> int:
        return (await self.unary(*_helpers.dedup_remove(collection, document_ids), timeout=timeout)).removed

    async def dedup_stats(self, collection: str = "", *, timeout: Optional[float] = None) -> dedup_pb2.StatsResponse:
        return await self.unary(*_helpers.dedup_stats(collection), timeout=timeout)

    async def dedup_collections(self, *, timeout: Optional[float] = None) -> List[dedup_pb2.CollectionStats]:
        return list((await self.unary(*_helpers.dedup_collections(), timeout=timeout)).collections)

    async def dedup_drop(self, collection: str, *, timeout: Optional[float] = None) -> None:
        await self.unary(*_helpers.dedup_drop(collection), timeout=timeout)


async def _stream_requests(documents, analyzers):
    if hasattr(documents, "__aiter__"):
        async for d in documents:
            yield _helpers.stream_request(d, analyzers)
    else:
        for d in documents:
            yield _helpers.stream_request(d, analyzers)


async def _send_all(call: AsyncCall, requests: Requests, raise_errors: bool = False) -> None:
    try:
        if hasattr(requests, "__aiter__"):
            async for r in requests:  # type: ignore[union-attr]
                await call.send(r)
        else:
            for r in requests:  # type: ignore[union-attr]
                await call.send(r)
        await call.close_send()
    except RpcError:
        if raise_errors:
            raise
    except Exception as e:
        if raise_errors:
            raise
        st = call._state
        if st is not None and call._conn is not None:
            call._conn.core.cancel(st, StatusCode.CANCELLED, "the request iterator raised %s: %s" % (type(e).__name__, e))
            call._conn.changed()

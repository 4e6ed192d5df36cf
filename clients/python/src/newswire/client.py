"""The synchronous client: one connection shared by calls from any thread.

Each connection has a reader thread (frames in, PINGs answered, calls woken)
and a writer thread (frames out, in order, without ever blocking the reader).
"""
from __future__ import annotations

import itertools
import select
import socket
import struct
import threading
import time
from typing import Any, Callable, Iterable, Iterator, List, Optional, Type

from google.protobuf.message import Message

from . import _helpers
from ._address import Address, AddressLike
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

__all__ = ["Client", "Call"]


def _connect(address: Address, timeout: Optional[float]) -> socket.socket:
    try:
        if address.is_unix:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout)
                sock.connect(address.path)
            except BaseException:
                sock.close()
                raise
        else:
            sock = socket.create_connection((address.host, address.port), timeout=timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except socket.timeout:
        raise RpcError(StatusCode.UNAVAILABLE, "cannot connect to %s: timed out after %s s" % (address, timeout)) from None
    except OSError as e:
        raise RpcError(StatusCode.UNAVAILABLE, "cannot connect to %s: %s — is newswired running? Start it with: newswired --listen %s"
                       % (address, e.strerror or e, address)) from None
    sock.settimeout(None)
    return sock


class _Connection:
    """One socket, its ConnectionCore, a reader and a writer thread."""

    def __init__(self, client: "Client"):
        self.label = str(client.address)
        self.lock = threading.Lock()
        self.core = ConnectionCore(self.label, client.max_receive_message_size)
        self.out_ready = threading.Condition(self.lock)
        self.space = threading.Condition(self.lock)
        self.send_buffer_limit = client.send_buffer_limit
        self.keepalive_interval = client.keepalive_interval
        self.keepalive_timeout = client.keepalive_timeout
        self._inflight = 0
        self._closing = False
        self._ping_seq = itertools.count(1)
        self._keepalive_sent: Optional[float] = None
        self.sock = _connect(client.address, client.connect_timeout)
        self._writer = threading.Thread(target=self._write_loop, name="newswire-writer", daemon=True)
        self._reader = threading.Thread(target=self._read_loop, name="newswire-reader", daemon=True)
        self._writer.start()
        self._reader.start()

    # Called with the lock held after every change to the core.
    def changed(self) -> None:
        if self.core.out:
            self.out_ready.notify()
        if self.core.finished and not self._closing:
            self._closing = True
            self.out_ready.notify()
            self.space.notify_all()

    def buffer_full(self) -> bool:
        return len(self.core.out) + self._inflight > self.send_buffer_limit

    def _write_loop(self) -> None:
        while True:
            with self.lock:
                while not self.core.out and not self._closing:
                    self.out_ready.wait()
                data = self.core.take_output()
                if not data:
                    break
                self._inflight = len(data)
            try:
                self.sock.sendall(data)
            except OSError as e:
                with self.lock:
                    self.core.receive_eof(str(e))
                    self.changed()
                break
            with self.lock:
                self._inflight = 0
                self.space.notify_all()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _read_loop(self) -> None:
        sock = self.sock
        tick = None if self.keepalive_interval is None else min(1.0, self.keepalive_interval / 4)
        while True:
            try:
                if tick is not None:
                    ready, _, _ = select.select([sock], [], [], tick)
                    if not ready:
                        self._keepalive()
                        if self._closing:
                            break
                        continue
                data = sock.recv(262144)
            except OSError as e:
                data = None
                err = str(e)
            with self.lock:
                if data:
                    self.core.receive(data)
                else:
                    self.core.receive_eof("the server closed it" if data is not None else err)
                self.changed()
                if self._closing:
                    break
        self._writer.join(5)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def _keepalive(self) -> None:
        now = time.monotonic()
        with self.lock:
            core = self.core
            if self._keepalive_sent is not None and core.last_received >= self._keepalive_sent:
                self._keepalive_sent = None
            if self._keepalive_sent is not None:
                if now - self._keepalive_sent > self.keepalive_timeout:
                    core.fail(StatusCode.UNAVAILABLE, "keepalive ping to %s not answered within %g s" % (self.label, self.keepalive_timeout))
            elif now - core.last_received >= self.keepalive_interval:
                self._keepalive_sent = now
                core.ping(struct.pack(">Q", next(self._ping_seq)))
            self.changed()

    def close(self, code: int = StatusCode.CANCELLED, message: str = "the client was closed") -> None:
        with self.lock:
            self.core.fail(code, message)
            self.changed()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _waker(cond: threading.Condition, space: threading.Condition) -> Callable[[], None]:
    def wake() -> None:  # called with the connection's lock held
        cond.notify_all()
        space.notify_all()
    return wake


class Call(CallBase):
    """One call in progress, of any kind.

    Send with `send` and `close_send`; read responses by iterating (each
    response, decoded as `response_type` when one was given) or with `recv`;
    `result()` waits for the one response of a unary or client-streaming call.
    A call that ends with a status other than OK raises RpcError from these.
    `cancel()` ends it from any thread. As a context manager, a call still
    open at the end of the block is cancelled.
    """

    def __init__(self, client: "Client", method: str, kind: MethodKind, response_type: Optional[Type[Message]],
                 timeout: Optional[float], metadata: Optional[Metadata], request: Optional[bytes], end_stream: bool):
        super().__init__(client, method, kind, response_type, timeout, metadata, request, end_stream)
        self._open(request, end_stream)

    def _open(self, request: Optional[bytes], end_stream: bool) -> None:
        limit = self._client.max_concurrent_calls
        for attempt in range(3):
            conn = self._client._connection()
            cond = threading.Condition(conn.lock)
            with conn.lock:
                # The server refuses calls over its per-connection limit; wait for a slot instead.
                while len(conn.core.calls) >= limit and conn.core.accepts_calls:
                    remaining = None if self._deadline is None else self._deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        break
                    conn.space.wait(remaining)
                if conn.core.went_away and attempt < 2:
                    continue  # a graceful GOAWAY came first: use a new connection
                timeout = None if self._deadline is None else self._deadline - time.monotonic()
                if len(conn.core.calls) >= limit:
                    st = conn.core.local_failure(self.method, self.kind, StatusCode.DEADLINE_EXCEEDED,
                                                 "deadline of %g s exceeded waiting for a free call slot" % self._timeout)
                elif timeout is not None and timeout <= 0:
                    st = conn.core.local_failure(self.method, self.kind, StatusCode.DEADLINE_EXCEEDED,
                                                 "deadline of %g s exceeded before the call was sent" % self._timeout)
                else:
                    st = conn.core.open_call(self.method, self.kind, timeout, self._metadata, request, end_stream)
                st.waker = _waker(cond, conn.space)
                conn.changed()
                break
        self._conn, self._state, self._cond = conn, st, cond

    def _wait(self, ready: Callable[[CallState], bool]) -> CallState:
        while True:
            conn, st = self._conn, self._state
            with conn.lock:
                while not ready(st):
                    if st.deadline is None:
                        self._cond.wait()
                        continue
                    remaining = st.deadline - time.monotonic()
                    if remaining <= 0:
                        self._expire(conn, st)
                        break
                    self._cond.wait(remaining)
            if self._maybe_replay(st):
                continue
            return st

    def _expire(self, conn: _Connection, st: CallState) -> None:
        conn.core.cancel(st, StatusCode.DEADLINE_EXCEEDED, "deadline of %g s exceeded" % self._timeout)
        conn.changed()

    def _maybe_replay(self, st: CallState) -> bool:
        if not (st.done and st.unprocessed and self._replay is not None and self._retries > 0):
            return False
        self._retries -= 1
        try:
            self._open(*self._replay)
        except RpcError:
            return False
        return True

    # -- sending -------------------------------------------------------------

    def send(self, message: Any, end_stream: bool = False) -> None:
        """Sends one request message (a protobuf message or bytes); waits while
        the connection's send buffer is full. Raises RpcError if the call has
        already ended."""
        data = encode(message)
        conn, st = self._conn, self._state
        with conn.lock:
            while conn.buffer_full() and not st.done:
                if st.deadline is None:
                    conn.space.wait()
                    continue
                remaining = st.deadline - time.monotonic()
                if remaining <= 0:
                    self._expire(conn, st)
                    break
                conn.space.wait(remaining)
            if not st.done:
                conn.core.send_message(st, data, end_stream)
                conn.changed()
                return
        if st.status.code == StatusCode.OK:
            raise RpcError(StatusCode.FAILED_PRECONDITION, "the call has already ended")
        raise self._error(st)

    def close_send(self) -> None:
        """Half-closes: no more request messages."""
        conn, st = self._conn, self._state
        with conn.lock:
            conn.core.half_close(st)
            conn.changed()

    def cancel(self) -> None:
        """Cancels the call: the server is told, and the call ends with CANCELLED."""
        conn, st = self._conn, self._state
        with conn.lock:
            conn.core.cancel(st)
            conn.changed()

    # -- receiving -----------------------------------------------------------

    def headers(self) -> Metadata:
        """The response headers; waits for them (empty if the call ended without any)."""
        st = self._wait(lambda s: s.headers is not None or s.done)
        return st.headers if st.headers is not None else Metadata()

    def recv(self) -> Any:
        """The next response message, or None once the call has ended OK."""
        st = self._wait(lambda s: bool(s.messages) or s.done)
        if st.messages:
            with self._conn.lock:
                data = st.messages.popleft()
            try:
                return self._decode(data)
            except RpcError as e:
                self._fail_locally(e)
                raise
        if st.status.code != StatusCode.OK:
            raise self._error(st)
        return None

    def _fail_locally(self, e: RpcError) -> None:
        conn, st = self._conn, self._state
        with conn.lock:
            conn.core.cancel(st, e.code, e.message)
            conn.changed()

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        m = self.recv()
        if m is None:
            raise StopIteration
        return m

    def result(self) -> Any:
        """The response of a unary or client-streaming call; waits for the end."""
        st = self._wait(lambda s: s.done)
        if st.status.code != StatusCode.OK:
            raise self._error(st)
        if not st.messages:
            raise RpcError(StatusCode.FAILED_PRECONDITION, "the response was already read")
        return self.recv()

    def wait(self) -> Status:
        """Waits for the end; the status (does not raise)."""
        return self._wait(lambda s: s.done).status

    def status(self) -> Status:
        return self.wait()

    def code(self) -> Any:
        return self.wait().code

    def trailers(self) -> Metadata:
        return self.wait().trailers

    def __enter__(self) -> "Call":
        return self

    def __exit__(self, *exc: Any) -> None:
        if not self._state.done:
            self.cancel()


class Client(ClientOptions):
    """A client of one Newswire server.

    `address` is "HOST:PORT", "[IPV6]:PORT", "PORT", "unix:PATH" or (host,
    port); None means $NEWSWIRE_SERVER, else 127.0.0.1:7411. Calls share one
    connection, opened on first use and again after the server closes it.
    Thread-safe: calls may run from any number of threads at once.

    At most `max_concurrent_calls` calls are open on the connection at once
    (the server's default limit is 100); more wait for a free slot.

    `keepalive_interval` (seconds, default off) makes the client PING the
    server after that long without receiving anything, and give up on the
    connection if nothing arrives within `keepalive_timeout`. The client
    always answers the server's PINGs.
    """

    def __init__(self, address: AddressLike = None, **options: Any):
        super().__init__(address, **options)
        self._lock = threading.Lock()
        self._conn: Optional[_Connection] = None
        self._closed = False

    def _connection(self) -> _Connection:
        with self._lock:
            if self._closed:
                raise RpcError(StatusCode.CANCELLED, "the client was closed")
            c = self._conn
            if c is not None:
                with c.lock:
                    if c.core.accepts_calls:
                        return c
            self._conn = _Connection(self)
            self.connections_opened += 1
            return self._conn

    def close(self) -> None:
        """Closes the connection; calls still open end with CANCELLED."""
        with self._lock:
            self._closed = True
            c, self._conn = self._conn, None
        if c is not None:
            c.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- calls ---------------------------------------------------------------

    def open_call(self, method: str, kind: MethodKind = MethodKind.BIDI_STREAMING, *,
                  response_type: Optional[Type[Message]] = None, timeout: Optional[float] = None,
                  metadata: MetadataLike = None, request: Any = None, end_stream: bool = False) -> Call:
        """Starts a call of any kind. `request`, if given, is sent with the
        HEADERS; `end_stream` half-closes at once. Raises RpcError UNAVAILABLE
        if no connection can be made."""
        md = metadata if isinstance(metadata, Metadata) or metadata is None else Metadata(metadata)
        return Call(self, method, MethodKind(kind), response_type, timeout, md,
                    None if request is None else encode(request), end_stream)

    def unary_call(self, method: str, request: Any, response_type: Optional[Type[Message]] = None, *,
                   timeout: Optional[float] = None, metadata: MetadataLike = None) -> Call:
        """A unary call, finished: `.result()`, `.headers()` and `.trailers()` are ready. Raises RpcError."""
        call = self.open_call(method, MethodKind.UNARY, response_type=response_type, timeout=timeout,
                              metadata=metadata, request=request, end_stream=True)
        try:
            st = call._wait(lambda s: s.done)
        except BaseException:
            call.cancel()
            raise
        if st.status.code != StatusCode.OK:
            raise call._error(st)
        return call

    def unary(self, method: str, request: Any, response_type: Optional[Type[Message]] = None, *,
              timeout: Optional[float] = None, metadata: MetadataLike = None) -> Any:
        """A unary call: the response (decoded as `response_type`, else bytes). Raises RpcError."""
        return self.unary_call(method, request, response_type, timeout=timeout, metadata=metadata).result()

    def server_stream(self, method: str, request: Any, response_type: Optional[Type[Message]] = None, *,
                      timeout: Optional[float] = None, metadata: MetadataLike = None) -> Call:
        """A server-streaming call: iterate it for the responses."""
        return self.open_call(method, MethodKind.SERVER_STREAMING, response_type=response_type, timeout=timeout,
                              metadata=metadata, request=request, end_stream=True)

    def client_stream(self, method: str, requests: Iterable[Any], response_type: Optional[Type[Message]] = None, *,
                      timeout: Optional[float] = None, metadata: MetadataLike = None) -> Any:
        """A client-streaming call: sends every request, half-closes, returns the response."""
        call = self.open_call(method, MethodKind.CLIENT_STREAMING, response_type=response_type,
                              timeout=timeout, metadata=metadata)
        try:
            for r in requests:
                call.send(r)
            call.close_send()
            return call.result()
        except BaseException:
            call.cancel()
            raise

    def bidi_stream(self, method: str, requests: Optional[Iterable[Any]] = None,
                    response_type: Optional[Type[Message]] = None, *, timeout: Optional[float] = None,
                    metadata: MetadataLike = None) -> Call:
        """A bidirectional call. With `requests`, a thread sends them and
        half-closes while you iterate the responses; without, use `send` and
        `close_send` yourself."""
        call = self.open_call(method, MethodKind.BIDI_STREAMING, response_type=response_type,
                              timeout=timeout, metadata=metadata)
        if requests is not None:
            threading.Thread(target=_send_all, args=(call, requests), name="newswire-sender", daemon=True).start()
        return call

    def ping(self, timeout: float = 10.0) -> float:
        """Sends a PING and waits for its ACK; the round-trip time in seconds."""
        conn = self._connection()
        got = threading.Event()
        acked: List[bool] = []
        payload = struct.pack(">d", time.monotonic())
        start = time.monotonic()

        def on_ack(ok: bool) -> None:
            acked.append(ok)
            got.set()
        with conn.lock:
            conn.core.ping(payload, on_ack)
            conn.changed()
        if not got.wait(timeout):
            with conn.lock:
                conn.core.ping_waiters.pop(payload, None)
            raise RpcError(StatusCode.DEADLINE_EXCEEDED, "no PING ACK within %g s" % timeout)
        if not acked[0]:
            closed = conn.core.closed
            raise RpcError(closed.code if closed else StatusCode.UNAVAILABLE, closed.message if closed else "connection closed")
        return time.monotonic() - start

    # -- built-in services ---------------------------------------------------

    def health(self, service: str = "", *, timeout: Optional[float] = None) -> int:
        """Health/Check: a HealthCheckResponse.ServingStatus (SERVING is 1). Raises RpcError NOT_FOUND for an unknown service."""
        return self.unary(_helpers.HEALTH_CHECK, health_pb2.HealthCheckRequest(service=service),
                          health_pb2.HealthCheckResponse, timeout=timeout).status

    def watch_health(self, service: str = "", *, timeout: Optional[float] = None) -> Call:
        """Health/Watch: iterate it for HealthCheckResponse messages, one per change."""
        return self.server_stream(_helpers.HEALTH_WATCH, health_pb2.HealthCheckRequest(service=service),
                                  health_pb2.HealthCheckResponse, timeout=timeout)

    def list_services(self, *, timeout: Optional[float] = None) -> List[reflection_pb2.ServiceInfo]:
        return list(self.unary(_helpers.LIST_SERVICES, reflection_pb2.ListServicesRequest(),
                               reflection_pb2.ListServicesResponse, timeout=timeout).services)

    def list_plugins(self, *, timeout: Optional[float] = None) -> reflection_pb2.ListPluginsResponse:
        return self.unary(_helpers.LIST_PLUGINS, reflection_pb2.ListPluginsRequest(),
                          reflection_pb2.ListPluginsResponse, timeout=timeout)

    def list_analyzers(self, *, timeout: Optional[float] = None) -> List[analysis_pb2.AnalyzerInfo]:
        return list(self.unary(_helpers.LIST_ANALYZERS, analysis_pb2.ListAnalyzersRequest(),
                               analysis_pb2.ListAnalyzersResponse, timeout=timeout).analyzers)

    # -- analysis ------------------------------------------------------------

    def analyze(self, documents: Any, analyzers: Optional[Iterable[str]] = None, *,
                timeout: Optional[float] = None, metadata: MetadataLike = None) -> analysis_pb2.AnalyzeResponse:
        """Analysis/Analyze on a batch (Documents or str texts; one document is a
        batch of one). Per-document failures are in each result's `errors`."""
        return self.unary(_helpers.ANALYZE, _helpers.analyze_request(documents, analyzers),
                          analysis_pb2.AnalyzeResponse, timeout=timeout, metadata=metadata)

    def analyze_document(self, document: DocumentLike, analyzers: Optional[Iterable[str]] = None, *,
                         timeout: Optional[float] = None, metadata: MetadataLike = None) -> analysis_pb2.DocumentAnalysis:
        """Analyses one document; raises AnalyzerError if an analyzer failed on it."""
        r = self.analyze([document], analyzers, timeout=timeout, metadata=metadata)
        return _helpers.checked(r.results[0])

    def analyze_stream(self, documents: Iterable[DocumentLike], analyzers: Optional[Iterable[str]] = None, *,
                       timeout: Optional[float] = None, metadata: MetadataLike = None) -> Call:
        """Analysis/AnalyzeStream: iterate the returned call for one
        DocumentAnalysis per document, in order, as each is ready. A thread
        sends the documents (any iterable, e.g. a generator reading a feed)."""
        requests = (_helpers.stream_request(d, analyzers) for d in documents)
        return self.bidi_stream(_helpers.ANALYZE_STREAM, requests, analysis_pb2.DocumentAnalysis,
                                timeout=timeout, metadata=metadata)

    def sentiment(self, document: DocumentLike, *, timeout: Optional[float] = None) -> analysis_pb2.SentimentResult:
        """The sentiment analyzer on one document: its SentimentResult."""
        return self.analyze_document(document, ["sentiment"], timeout=timeout).sentiment

    def score(self, text: str, *, skip_entities: bool = False, timeout: Optional[float] = None) -> analysis_pb2.SentimentResult:
        """The sentiment plugin's own Sentiment/Score on a text (with
        `skip_entities`, the sentence and document scores only)."""
        return self.unary(_helpers.SENTIMENT_SCORE, sentiment_pb2.ScoreRequest(text=text, skip_entities=skip_entities),
                          analysis_pb2.SentimentResult, timeout=timeout)

    def quotes(self, document: DocumentLike, *, timeout: Optional[float] = None) -> quotes_pb2.QuotesResult:
        """The quotes analyzer on one document: its quotations and speakers."""
        return self.analyze_document(document, ["quotes"], timeout=timeout).quotes

    def quote_groups(self, documents: Iterable[DocumentLike], *, timeout: Optional[float] = None) -> _helpers.QuoteGroups:
        """The quotes analyzer on a batch: each document's QuotesResult, and the
        same remark reported by several documents (batch.quote_groups)."""
        return _helpers.quote_groups(self.analyze(documents, ["quotes"], timeout=timeout))

    def duplicates(self, document: DocumentLike, *, timeout: Optional[float] = None) -> duplicates_pb2.DuplicatesResult:
        """The dedup analyzer on one document: repeated paragraphs and headlines."""
        return self.analyze_document(document, ["dedup"], timeout=timeout).duplicates

    def duplicate_clusters(self, documents: Iterable[DocumentLike], *, timeout: Optional[float] = None) -> _helpers.Duplicates:
        """The dedup analyzer on a batch: each document's DuplicatesResult, and
        the clusters of near-duplicate documents (batch.duplicate_clusters)."""
        return _helpers.duplicates(self.analyze(documents, ["dedup"], timeout=timeout))

    # -- the dedup plugin's collections (newswire.dedup.v1.Dedup) -------------

    def dedup_cluster(self, documents: Iterable[DocumentLike], *, min_similarity: float = 0.0, passages: bool = False,
                      timeout: Optional[float] = None) -> dedup_pb2.ClusterResponse:
        """Dedup/Cluster: clusters of near-duplicates among `documents` (0 = the
        plugin's threshold), and with `passages` each one's repeated paragraphs."""
        return self.unary(*_helpers.dedup_cluster(documents, min_similarity, passages), timeout=timeout)

    def dedup_add(self, collection: str, documents: Iterable[DocumentLike], *,
                  timeout: Optional[float] = None) -> dedup_pb2.AddResponse:
        """Dedup/Add: files `documents` (by their ids) in `collection`, created on
        first use; durable once this returns. `added` and `replaced` counts."""
        return self.unary(*_helpers.dedup_add(collection, documents), timeout=timeout)

    def dedup_query(self, collection: str, document: DocumentLike, *, min_similarity: float = 0.0, limit: int = 0,
                    timeout: Optional[float] = None) -> List[dedup_pb2.Match]:
        """Dedup/Query: the documents of `collection` near `document`, most
        similar first (`document_id`, estimated `similarity`)."""
        return list(self.unary(*_helpers.dedup_query(collection, document, min_similarity, limit), timeout=timeout).matches)

    def dedup_remove(self, collection: str, document_ids: Iterable[str], *, timeout: Optional[float] = None) -> int:
        """Dedup/Remove: how many of `document_ids` were in `collection`."""
        return self.unary(*_helpers.dedup_remove(collection, document_ids), timeout=timeout).removed

    def dedup_stats(self, collection: str = "", *, timeout: Optional[float] = None) -> dedup_pb2.StatsResponse:
        """Dedup/Stats: one collection's (or, with "", every collection's) counts,
        the index parameters and the database size."""
        return self.unary(*_helpers.dedup_stats(collection), timeout=timeout)

    def dedup_collections(self, *, timeout: Optional[float] = None) -> List[dedup_pb2.CollectionStats]:
        """Dedup/ListCollections."""
        return list(self.unary(*_helpers.dedup_collections(), timeout=timeout).collections)

    def dedup_drop(self, collection: str, *, timeout: Optional[float] = None) -> None:
        """Dedup/DropCollection: deletes `collection` and everything in it."""
        self.unary(*_helpers.dedup_drop(collection), timeout=timeout)


def _send_all(call: Call, requests: Iterable[Any]) -> None:
    try:
        for r in requests:
            call.send(r)
        call.close_send()
    except RpcError:
        pass  # the call has ended; the reader sees why
    except Exception as e:  # the iterable failed: end the call so the reader does not wait forever
        call._fail_locally(RpcError(StatusCode.CANCELLED, "the request iterator raised %s: %s" % (type(e).__name__, e)))

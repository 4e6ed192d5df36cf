"""The Newswire wire protocol without any I/O (docs/PROTOCOL.md).

`FrameDecoder` turns received bytes into the server's preface and frames;
`encode_frame` makes frames; `ConnectionCore` keeps the state of one
connection and its calls: bytes in (`receive`), bytes out (`take_output`);
`ClientOptions` holds what both clients are configured with.
The sync and asyncio clients wrap it with sockets, threads or an event loop.
"""
from __future__ import annotations

import collections
import enum
import math
import struct
import time
from typing import Callable, Deque, Dict, List, NamedTuple, Optional, Union

from google.protobuf.message import DecodeError

from ._address import AddressLike, parse_address
from ._codec import decoder
from ._errors import Code, RpcError, Status, StatusCode, code_name, status_code
from ._metadata import Metadata
from .rpc.v1 import rpc_pb2

MAGIC = b"NWRP"
VERSION_MAJOR = 1
VERSION_MINOR = 0
PREFACE = MAGIC + struct.pack(">HH", VERSION_MAJOR, VERSION_MINOR)
HEADER = struct.Struct(">IBBHI")
HEADER_SIZE = HEADER.size  # 12

END_STREAM = 0x01
ACK = 0x01

#: The server treats any timeout above ten years as ten years (section 8).
MAX_TIMEOUT_MICROS = 10 * 365 * 86400 * 1_000_000
#: The largest RequestHeaders payload the server accepts (section 12).
MAX_REQUEST_HEADERS = 16384
#: Largest HEADERS, TRAILERS or GOAWAY payload this client accepts.
MAX_CONTROL_PAYLOAD = 1 << 20
DEFAULT_MAX_RECEIVE_MESSAGE = 4 * 1024 * 1024


class FrameType(enum.IntEnum):
    HEADERS = 0x01
    MESSAGE = 0x02
    HALF_CLOSE = 0x03
    TRAILERS = 0x04
    CANCEL = 0x05
    PING = 0x06
    GOAWAY = 0x07


class MethodKind(enum.IntEnum):
    UNARY = 0
    CLIENT_STREAMING = 1
    SERVER_STREAMING = 2
    BIDI_STREAMING = 3

    @property
    def single_request(self) -> bool:
        return self in (MethodKind.UNARY, MethodKind.SERVER_STREAMING)

    @property
    def single_response(self) -> bool:
        return self in (MethodKind.UNARY, MethodKind.CLIENT_STREAMING)


class ProtocolError(Exception):
    """The server broke the protocol; the connection cannot go on."""


class Frame(NamedTuple):
    type: int
    flags: int
    call_id: int
    payload: bytes


class Oversized(NamedTuple):
    """A frame whose payload was over this client's limit; the payload was skipped."""

    type: int
    flags: int
    call_id: int
    length: int


class Preface(NamedTuple):
    major: int
    minor: int


def encode_frame(ftype: int, call_id: int, payload: bytes = b"", flags: int = 0) -> bytes:
    return HEADER.pack(len(payload), ftype, flags, 0, call_id) + payload


class FrameDecoder:
    """Incremental decoder of what a server sends: its 8-byte preface, then frames.

    `limit(type)` gives the largest payload accepted for a frame type; a larger
    one is skipped as it arrives and reported as `Oversized`."""

    def __init__(self, limit: Callable[[int], int], expect_preface: bool = True):
        self._buf = bytearray()
        self._limit = limit
        self._need_preface = expect_preface
        self._skip = 0
        self._pending: Optional[Oversized] = None

    def feed(self, data: bytes) -> List[Union[Preface, Frame, Oversized]]:
        out: List[Union[Preface, Frame, Oversized]] = []
        buf = self._buf
        if self._skip:
            n = min(self._skip, len(data))
            self._skip -= n
            data = data[n:]
            if self._skip == 0 and self._pending is not None:
                out.append(self._pending)
                self._pending = None
        buf += data
        pos = 0
        while True:
            if self._skip:
                break
            if self._need_preface:
                if len(buf) - pos >= 4 and bytes(buf[pos:pos + 4]) != MAGIC:
                    raise ProtocolError("bad preface: expected magic 4E575250 (\"NWRP\"), got %s" % bytes(buf[pos:pos + 4]).hex().upper())
                if len(buf) - pos < 8:
                    break
                major, minor = struct.unpack_from(">HH", buf, pos + 4)
                out.append(Preface(major, minor))
                pos += 8
                self._need_preface = False
                continue
            if len(buf) - pos < HEADER_SIZE:
                break
            length, ftype, flags, _reserved, call_id = HEADER.unpack_from(buf, pos)
            if not FrameType.HEADERS <= ftype <= FrameType.GOAWAY:
                raise ProtocolError("unknown frame type 0x%x" % ftype)
            if length > self._limit(ftype):
                pos += HEADER_SIZE
                avail = len(buf) - pos
                if avail >= length:
                    pos += length
                    out.append(Oversized(ftype, flags, call_id, length))
                else:
                    pos += avail
                    self._skip = length - avail
                    self._pending = Oversized(ftype, flags, call_id, length)
                continue
            if len(buf) - pos - HEADER_SIZE < length:
                break
            start = pos + HEADER_SIZE
            out.append(Frame(ftype, flags, call_id, bytes(buf[start:start + length])))
            pos = start + length
        del buf[:pos]
        return out


def timeout_micros(timeout: Optional[float]) -> int:
    """The RequestHeaders.timeout_micros for a timeout in seconds: 0 for none,
    at least 1 for an expired one, at most ten years."""
    if timeout is None:
        return 0
    if timeout != timeout:  # NaN
        raise ValueError("timeout is NaN")
    if timeout <= 0:
        return 1
    if timeout * 1_000_000 >= MAX_TIMEOUT_MICROS:
        return MAX_TIMEOUT_MICROS
    return max(1, math.ceil(timeout * 1_000_000))


class CallState:
    """One call as the connection sees it. The wrappers read it under their lock
    (sync) or on the loop (asyncio)."""

    __slots__ = ("id", "method", "kind", "headers", "messages", "status", "request_closed",
                 "requests_sent", "responses", "unprocessed", "waker", "deadline", "timeout",
                 "_delivered_headers")

    def __init__(self, call_id: int, method: str, kind: MethodKind, timeout: Optional[float]):
        self.id = call_id
        self.method = method
        self.kind = kind
        self.headers: Optional[Metadata] = None
        self.messages: Deque[bytes] = collections.deque()
        self.status: Optional[Status] = None
        self.request_closed = False
        self.requests_sent = 0
        self.responses = 0
        #: Ended by a GOAWAY whose last_call_id is below this call's id: the server
        #: never processed it, so it is safe to send again on a new connection.
        self.unprocessed = False
        self.waker: Optional[Callable[[], None]] = None
        self.timeout = timeout
        self.deadline: Optional[float] = None if timeout is None else time.monotonic() + max(0.0, min(timeout, MAX_TIMEOUT_MICROS / 1e6))

    @property
    def done(self) -> bool:
        return self.status is not None

    def wake(self) -> None:
        if self.waker is not None:
            self.waker()


class ConnectionCore:
    """The state of one client connection: calls, GOAWAY, PINGs; no I/O."""

    def __init__(self, label: str, max_receive_message_size: int = DEFAULT_MAX_RECEIVE_MESSAGE):
        self.label = label
        self.max_receive_message_size = max_receive_message_size
        self.out = bytearray(PREFACE)
        self.calls: Dict[int, CallState] = {}
        self.next_id = 1
        self.server_preface: Optional[Preface] = None
        self.goaway: Optional[rpc_pb2.GoAway] = None
        #: Set once the connection is over (an error, EOF, or the last call after a graceful GOAWAY).
        self.closed: Optional[Status] = None
        self.last_received = time.monotonic()
        self.ping_waiters: Dict[bytes, Callable[[bool], None]] = {}
        self.pings_answered = 0
        self._decoder = FrameDecoder(self._limit)

    def _limit(self, ftype: int) -> int:
        if ftype == FrameType.MESSAGE:
            return self.max_receive_message_size
        if ftype == FrameType.PING:
            return 8
        if ftype in (FrameType.HALF_CLOSE, FrameType.CANCEL):
            return 0
        return MAX_CONTROL_PAYLOAD

    # -- state ---------------------------------------------------------------

    @property
    def accepts_calls(self) -> bool:
        return self.closed is None and self.goaway is None and self.next_id <= 0xFFFFFFFF

    @property
    def went_away(self) -> bool:
        """A graceful GOAWAY arrived: new calls belong on a new connection."""
        return self.goaway is not None and self.goaway.code == StatusCode.OK

    @property
    def finished(self) -> bool:
        """Nothing more will happen on this connection: close the socket."""
        return self.closed is not None

    def take_output(self) -> bytes:
        data = bytes(self.out)
        self.out.clear()
        return data

    def _write(self, ftype: int, call_id: int, payload: bytes = b"", flags: int = 0) -> None:
        if self.closed is None:
            self.out += HEADER.pack(len(payload), ftype, flags, 0, call_id)
            self.out += payload

    # -- calls ---------------------------------------------------------------

    def open_call(self, method: str, kind: MethodKind, timeout: Optional[float] = None,
                  metadata: Optional[Metadata] = None, first_message: Optional[bytes] = None,
                  end_stream: bool = False) -> CallState:
        """Opens a call: HEADERS, then `first_message` if given; `end_stream`
        half-closes (on the HEADERS frame when there is no first message)."""
        if not isinstance(method, str):
            raise TypeError("the method path is a str such as \"/newswire.health.v1.Health/Check\"")
        micros = timeout_micros(timeout)
        call = CallState(self.next_id, method, kind, timeout)
        if self.closed is not None:
            call.status = self.closed
            return call
        if self.goaway is not None:
            call.status = Status(StatusCode.UNAVAILABLE, "the connection to %s is going away" % self.label, Metadata())
            call.unprocessed = True
            return call
        self.next_id += 1
        headers = rpc_pb2.RequestHeaders(method=method, timeout_micros=micros,
                                         metadata=(metadata or Metadata())._to_proto(rpc_pb2.MetadataEntry))
        self.calls[call.id] = call
        self._write(FrameType.HEADERS, call.id, headers.SerializeToString(),
                    END_STREAM if end_stream and first_message is None else 0)
        if first_message is not None:
            call.requests_sent = 1
            self._write(FrameType.MESSAGE, call.id, first_message, END_STREAM if end_stream else 0)
        if end_stream:
            call.request_closed = True
        return call

    def local_failure(self, method: str, kind: MethodKind, code: Code, message: str) -> CallState:
        """A call that ended before it was sent (id 0, never on the wire)."""
        call = CallState(0, method, kind, None)
        call.status = Status(code, message, Metadata())
        return call

    def send_message(self, call: CallState, data: bytes, end_stream: bool = False) -> None:
        """Sends one request message. Raises ValueError if the request side is
        closed; does nothing if the call has ended (check call.status)."""
        if call.done:
            return
        if call.request_closed:
            raise ValueError("the request side of this call is closed (close_send was called)")
        if call.kind.single_request and call.requests_sent >= 1:
            raise ValueError("a %s call sends exactly one request message" % call.kind.name.lower().replace("_", "-"))
        call.requests_sent += 1
        self._write(FrameType.MESSAGE, call.id, data, END_STREAM if end_stream else 0)
        if end_stream:
            call.request_closed = True

    def half_close(self, call: CallState) -> None:
        if call.done or call.request_closed:
            return
        call.request_closed = True
        self._write(FrameType.HALF_CLOSE, call.id)

    def cancel(self, call: CallState, code: Code = StatusCode.CANCELLED, message: str = "cancelled by the client") -> None:
        """Ends the call locally with `code` and tells the server (CANCEL)."""
        if call.done:
            return
        self._write(FrameType.CANCEL, call.id)
        self._end(call, Status(code, message, Metadata()))

    def ping(self, payload: bytes, on_ack: Optional[Callable[[bool], None]] = None) -> None:
        """Sends a PING; `on_ack(True)` runs when its ACK arrives, `on_ack(False)` if the connection ends first."""
        if len(payload) != 8:
            raise ValueError("a PING carries exactly 8 bytes")
        if on_ack is not None:
            self.ping_waiters[payload] = on_ack
        self._write(FrameType.PING, 0, payload)

    def _end(self, call: CallState, status: Status) -> None:
        if call.status is not None:
            return
        call.status = status
        self.calls.pop(call.id, None)
        call.wake()
        if self.goaway is not None and not self.calls and self.closed is None:
            self.closed = Status(StatusCode.UNAVAILABLE, "the connection to %s closed after GOAWAY" % self.label, Metadata())

    def fail(self, code: Code, message: str) -> None:
        """Ends the connection: every open call fails with `code`."""
        if self.closed is not None:
            return
        status = Status(code, message, Metadata())
        self.closed = status
        self.out.clear()
        for call in list(self.calls.values()):
            call.status = status
            call.wake()
        self.calls.clear()
        for waiter in self.ping_waiters.values():
            waiter(False)
        self.ping_waiters.clear()

    # -- receiving -----------------------------------------------------------

    def receive(self, data: bytes) -> None:
        """Feeds bytes from the server. Wakes the calls it changes; on a
        protocol error fails the connection."""
        if self.closed is not None:
            return
        self.last_received = time.monotonic()
        try:
            items = self._decoder.feed(data)
        except ProtocolError as e:
            if self.server_preface is None:
                self.fail(StatusCode.UNAVAILABLE, "%s did not answer with the Newswire preface; is it a Newswire server? (%s)" % (self.label, e))
            else:
                self.fail(StatusCode.INTERNAL, "protocol error from %s: %s" % (self.label, e))
            return
        for item in items:
            if self.closed is not None:
                return
            if isinstance(item, Frame):
                self._handle(item)
            elif isinstance(item, Preface):
                self.server_preface = item
                if item.major != VERSION_MAJOR:
                    self.fail(StatusCode.UNAVAILABLE, "server at %s speaks protocol %d.%d; this client speaks %d.%d"
                              % (self.label, item.major, item.minor, VERSION_MAJOR, VERSION_MINOR))
            else:
                call = self.calls.get(item.call_id)
                if item.type == FrameType.MESSAGE:
                    if call is not None:
                        self.cancel(call, StatusCode.RESOURCE_EXHAUSTED,
                                    "received message of %d bytes exceeds the client's limit of %d bytes"
                                    % (item.length, self.max_receive_message_size))
                else:
                    self.fail(StatusCode.INTERNAL, "protocol error from %s: %s frame of %d bytes is over its size limit"
                              % (self.label, FrameType(item.type).name, item.length))

    def receive_eof(self, reason: str = "the server closed it") -> None:
        if self.closed is None:
            self.fail(StatusCode.UNAVAILABLE, "connection to %s lost: %s" % (self.label, reason))

    def _handle(self, f: Frame) -> None:
        t = f.type
        if t == FrameType.PING:
            if f.call_id != 0 or len(f.payload) != 8:
                self.fail(StatusCode.INTERNAL, "protocol error from %s: PING frames carry 8 bytes on call id 0 (got %d bytes on call id %d)"
                          % (self.label, len(f.payload), f.call_id))
            elif f.flags & ACK:
                self.pings_answered += 1
                waiter = self.ping_waiters.pop(f.payload, None)
                if waiter is not None:
                    waiter(True)
            else:
                self._write(FrameType.PING, 0, f.payload, ACK)
            return
        if t == FrameType.GOAWAY:
            self._goaway(f)
            return
        if t in (FrameType.HALF_CLOSE, FrameType.CANCEL):
            self.fail(StatusCode.INTERNAL, "protocol error from %s: the server sent a %s frame, which only clients send"
                      % (self.label, FrameType(t).name))
            return
        call = self.calls.get(f.call_id)
        if call is None:
            return  # a call that has ended or that we cancelled: frames cross on the wire
        if t == FrameType.HEADERS:
            if call.headers is None:
                try:
                    h = rpc_pb2.ResponseHeaders.FromString(f.payload)
                    call.headers = Metadata._received(h.metadata)
                except DecodeError:
                    call.headers = Metadata()
                call.wake()
        elif t == FrameType.MESSAGE:
            if call.kind.single_response and call.responses >= 1:
                self.cancel(call, StatusCode.INTERNAL, "the server sent more than one response message for a %s method"
                            % call.kind.name.lower().replace("_", "-"))
                return
            call.responses += 1
            if call.headers is None:
                call.headers = Metadata()
            call.messages.append(f.payload)
            call.wake()
        elif t == FrameType.TRAILERS:
            try:
                tr = rpc_pb2.Trailers.FromString(f.payload)
            except DecodeError:
                self._end(call, Status(StatusCode.INTERNAL, "malformed trailers from the server", Metadata()))
                return
            status = Status(status_code(tr.code), tr.message, Metadata._received(tr.metadata))
            if status.code == StatusCode.OK and call.kind.single_response and call.responses != 1:
                status = Status(StatusCode.INTERNAL, "the server ended a %s call with OK but sent no response message"
                                % call.kind.name.lower().replace("_", "-"), status.trailers)
            self._end(call, status)

    def _goaway(self, f: Frame) -> None:
        try:
            g = rpc_pb2.GoAway.FromString(f.payload)
        except DecodeError:
            g = rpc_pb2.GoAway(last_call_id=0, code=StatusCode.UNAVAILABLE, message="malformed GOAWAY")
        first = self.goaway is None
        self.goaway = g
        reason = g.message or "server sent GOAWAY"
        for call in [c for c in self.calls.values() if c.id > g.last_call_id]:
            call.unprocessed = True
            self._end(call, Status(StatusCode.UNAVAILABLE, "server is going away before processing the call: %s" % reason, Metadata()))
        if g.code != StatusCode.OK:
            code = StatusCode.RESOURCE_EXHAUSTED if g.code == StatusCode.RESOURCE_EXHAUSTED else StatusCode.UNAVAILABLE
            self.fail(code, "server closed the connection (GOAWAY %s): %s" % (code_name(status_code(g.code)), reason))
        elif first and not self.calls:
            self.closed = Status(StatusCode.UNAVAILABLE, "the connection to %s closed after GOAWAY: %s" % (self.label, reason), Metadata())


class CallBase:
    """What the sync and asyncio calls share: the call's parameters, its
    deadline, whether it may be replayed after a GOAWAY, and reading its state."""

    def __init__(self, client, method: str, kind: MethodKind, response_type, timeout: Optional[float],
                 metadata: Optional[Metadata], request: Optional[bytes], end_stream: bool):
        self.method = method
        self.kind = kind
        self._client = client
        self._decode = decoder(response_type)
        self._metadata = metadata
        self._timeout = timeout
        self._deadline = None if timeout is None else time.monotonic() + timeout
        # A call whose whole request went with its HEADERS can be sent again if
        # a GOAWAY says the server never processed it.
        self._replay = (request, end_stream) if end_stream else None
        self._retries = 2
        self._state: Optional[CallState] = None

    def _error(self, st: CallState) -> RpcError:
        s = st.status
        assert s is not None
        return RpcError(s.code, s.message, s.trailers, st.headers)

    def done(self) -> bool:
        return self._state is not None and self._state.done

    @property
    def call_id(self) -> Optional[int]:
        return None if self._state is None else self._state.id


class ClientOptions:
    """What the sync and asyncio clients share: the server's address and the
    connection options (see `newswire.Client` for their meaning)."""

    def __init__(self, address: AddressLike = None, *, connect_timeout: Optional[float] = 10.0,
                 max_receive_message_size: int = DEFAULT_MAX_RECEIVE_MESSAGE,
                 send_buffer_limit: int = 4 * 1024 * 1024, max_concurrent_calls: int = 100,
                 keepalive_interval: Optional[float] = None, keepalive_timeout: float = 20.0):
        self.address = parse_address(address)
        self.max_concurrent_calls = max_concurrent_calls
        self.connect_timeout = connect_timeout
        self.max_receive_message_size = max_receive_message_size
        self.send_buffer_limit = send_buffer_limit
        self.keepalive_interval = keepalive_interval
        self.keepalive_timeout = keepalive_timeout
        self.connections_opened = 0

"""Requests in, responses out: protobuf messages or raw bytes."""
from __future__ import annotations

from typing import Any, Callable, Optional, Type

from google.protobuf.message import DecodeError, Message

from ._errors import RpcError, StatusCode


def encode(message: Any) -> bytes:
    """A request as bytes: a protobuf message is serialized, bytes pass as they are."""
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    if isinstance(message, Message):
        return message.SerializeToString()
    raise TypeError("a request message is a protobuf message or bytes, got %s" % type(message).__name__)


def decoder(response_type: Optional[Type[Message]]) -> Callable[[bytes], Any]:
    """Parses response bytes as `response_type` (None: return the bytes)."""
    if response_type is None:
        return lambda b: b

    def decode(b: bytes) -> Any:
        try:
            return response_type.FromString(b)
        except DecodeError:
            raise RpcError(StatusCode.INTERNAL, "cannot decode the response as %s (%d bytes)"
                           % (response_type.DESCRIPTOR.full_name, len(b))) from None
    return decode

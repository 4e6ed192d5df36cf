"""Status codes, call statuses and the exception a failed call raises."""
from __future__ import annotations

import enum
from typing import NamedTuple, Optional, Union

from ._metadata import Metadata


class StatusCode(enum.IntEnum):
    """gRPC's status codes, with gRPC's numbers (docs/PROTOCOL.md, section 11)."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16


Code = Union[StatusCode, int]


def status_code(n: int) -> Code:
    """The StatusCode for `n`, or `n` itself for a code this client does not know."""
    try:
        return StatusCode(n)
    except ValueError:
        return int(n)


def code_name(code: Code) -> str:
    return code.name if isinstance(code, StatusCode) else "CODE_%d" % code


class Status(NamedTuple):
    """How a call ended: its code, message and trailing metadata."""

    code: Code
    message: str
    trailers: Metadata

    @property
    def ok(self) -> bool:
        return self.code == StatusCode.OK


class RpcError(Exception):
    """A call that ended with a status other than OK.

    `code` is a StatusCode (or a plain int for a code this client does not
    know), `message` the server's (or the client's) status message, `trailers`
    the trailing metadata, `headers` the response headers if any came.
    """

    def __init__(self, code: Code, message: str = "", trailers: Optional[Metadata] = None,
                 headers: Optional[Metadata] = None):
        self.code = status_code(int(code))
        self.message = message
        self.trailers = trailers if trailers is not None else Metadata()
        self.headers = headers if headers is not None else Metadata()
        super().__init__("%s: %s" % (code_name(self.code), message))

    @property
    def status(self) -> Status:
        return Status(self.code, self.message, self.trailers)

    def __repr__(self) -> str:
        return "RpcError(%s, %r)" % (code_name(self.code), self.message)


class AnalyzerError(RpcError):
    """An analyzer failed on a document (a DocumentAnalysis.errors entry), raised
    by the helpers that analyse one document. `analyzer` names it ("" for the
    server's own checks, such as invalid UTF-8)."""

    def __init__(self, analyzer: str, code: int, message: str):
        self.analyzer = analyzer
        super().__init__(code, ("%s: %s" % (analyzer, message)) if analyzer else message)

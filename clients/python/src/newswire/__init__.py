"""Newswire's Python client: calls to a newswired server, synchronous
(`Client`) or asyncio (`AsyncClient`), over TCP or a Unix socket.

    import newswire
    with newswire.Client("127.0.0.1:7411") as client:
        result = client.analyze_document(newswire.read_article("article.txt"))
        print(result.sentiment.document.compound)

The message classes generated from the server's .proto files are under
`newswire.<package>.v1`, e.g. `newswire.analysis.v1.analysis_pb2`.
"""
from ._address import Address, parse_address
from ._errors import AnalyzerError, RpcError, Status, StatusCode
from ._helpers import Duplicates, QuoteGroups
from ._metadata import Metadata
from ._wire import MethodKind
from .aio import AsyncCall, AsyncClient
from .articles import Utf8Index, document, read_article, span_text, str_range
from .client import Call, Client

__version__ = "0.1.0"

__all__ = [
    "Address", "AnalyzerError", "AsyncCall", "AsyncClient", "Call", "Client", "Duplicates", "Metadata",
    "MethodKind", "QuoteGroups", "RpcError", "Status", "StatusCode", "Utf8Index", "document",
    "parse_address", "read_article", "span_text", "str_range",
]

"""Documents to analyse, and the byte offsets of results turned into str indices.

Spans in results (`Span{start, end}`) are UTF-8 byte offsets into
`Document.text` (docs/PROTOCOL.md, "Spans"); Python strings index code
points. `span_text` and `Utf8Index` convert.
"""
from __future__ import annotations

import bisect
import os
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from .analysis.v1 import analysis_pb2, common_pb2

Document = analysis_pb2.Document
DocumentLike = Union[analysis_pb2.Document, str]


def document(text: str, *, id: str = "", title: str = "", source: str = "", url: str = "",
             published_unix_ms: int = 0, language: str = "") -> analysis_pb2.Document:
    """A Document for `text` (UTF-8 body, paragraphs separated by newlines)."""
    return analysis_pb2.Document(id=id, title=title, text=text, source=source, url=url,
                                 published_unix_ms=published_unix_ms, language=language)


def read_article(path: Union[str, "os.PathLike[str]"], *, id: Optional[str] = None, **fields) -> analysis_pb2.Document:
    """Reads an article file as `newswire analyze` does: the whole file is the
    text, its first non-empty line the title, its path the id. Invalid UTF-8
    is replaced by U+FFFD (which the server then refuses for that document)."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    title = next((line for line in text.split("\n") if line.strip()), "")
    return document(text, id=os.fspath(path) if id is None else id, title=fields.pop("title", title), **fields)


def as_document(d: DocumentLike) -> analysis_pb2.Document:
    if isinstance(d, analysis_pb2.Document):
        return d
    if isinstance(d, str):
        return document(d)
    raise TypeError("a document is a newswire Document or a str, got %s" % type(d).__name__)


def as_documents(docs: Union[DocumentLike, Iterable[DocumentLike]]) -> List[analysis_pb2.Document]:
    if isinstance(docs, (str, analysis_pb2.Document)):
        return [as_document(docs)]
    return [as_document(d) for d in docs]


SpanLike = Union[common_pb2.Span, Tuple[int, int]]


def _bounds(span: SpanLike) -> Tuple[int, int]:
    if isinstance(span, tuple):
        return span
    return span.start, span.end


class Utf8Index:
    """Converts UTF-8 byte offsets of one text into str indices.

    Build it once per text and convert many spans: each conversion is a
    binary search. An offset that falls inside a character's encoding raises
    ValueError.

    >>> idx = Utf8Index("Zoë said yes")
    >>> idx.str_range((5, 9)), idx.text_of((5, 9))
    ((4, 8), 'said')
    """

    def __init__(self, text: str):
        self.text = text
        self._ascii = text.isascii()
        self._size = len(text.encode("utf-8"))
        if not self._ascii:
            starts = []
            pos = 0
            for ch in text:
                starts.append(pos)
                o = ord(ch)
                pos += 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
            self._starts = starts

    @property
    def byte_length(self) -> int:
        return self._size

    def str_index(self, offset: int) -> int:
        """The str index of a UTF-8 byte offset (0 ≤ offset ≤ byte length)."""
        if not 0 <= offset <= self._size:
            raise ValueError("byte offset %d is outside the text (%d bytes)" % (offset, self._size))
        if self._ascii:
            return offset
        if offset == self._size:
            return len(self.text)
        i = bisect.bisect_left(self._starts, offset)
        if i == len(self._starts) or self._starts[i] != offset:
            raise ValueError("byte offset %d is inside a character, not at its start" % offset)
        return i

    def str_range(self, span: SpanLike) -> Tuple[int, int]:
        """A span's [start, end) as str indices."""
        start, end = _bounds(span)
        if end < start:
            raise ValueError("span [%d, %d) ends before it starts" % (start, end))
        return self.str_index(start), self.str_index(end)

    def text_of(self, span: SpanLike) -> str:
        """The text a span covers."""
        i, j = self.str_range(span)
        return self.text[i:j]


def span_text(text: str, span: SpanLike) -> str:
    """The part of `text` that a span (UTF-8 byte offsets) covers."""
    start, end = _bounds(span)
    b = text.encode("utf-8")
    if not (0 <= start <= end <= len(b)):
        raise ValueError("span [%d, %d) is outside the text (%d bytes)" % (start, end, len(b)))
    try:
        return b[start:end].decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("span [%d, %d) does not start and end at character boundaries" % (start, end)) from None


def str_range(text: str, span: SpanLike) -> Tuple[int, int]:
    """A span's [start, end) as indices into the str `text`."""
    return Utf8Index(text).str_range(span)

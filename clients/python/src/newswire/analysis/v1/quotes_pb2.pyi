from newswire.analysis.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
DIRECT: QuoteKind
INDIRECT: QuoteKind
PARTIAL: QuoteKind
QUOTE_KIND_UNSPECIFIED: QuoteKind
TERM: QuoteKind

class Quote(_message.Message):
    __slots__ = ["confidence", "continued", "cue", "inherited", "kind", "span", "speaker", "speaker_mention", "text"]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    CONTINUED_FIELD_NUMBER: _ClassVar[int]
    CUE_FIELD_NUMBER: _ClassVar[int]
    INHERITED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_MENTION_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    confidence: float
    continued: bool
    cue: str
    inherited: bool
    kind: QuoteKind
    span: _common_pb2.Span
    speaker: int
    speaker_mention: _common_pb2.Span
    text: str
    def __init__(self, kind: _Optional[_Union[QuoteKind, str]] = ..., span: _Optional[_Union[_common_pb2.Span, _Mapping]] = ..., text: _Optional[str] = ..., speaker: _Optional[int] = ..., speaker_mention: _Optional[_Union[_common_pb2.Span, _Mapping]] = ..., cue: _Optional[str] = ..., confidence: _Optional[float] = ..., continued: bool = ..., inherited: bool = ...) -> None: ...

class QuoteGroup(_message.Message):
    __slots__ = ["occurrences", "speaker", "text"]
    OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    occurrences: _containers.RepeatedCompositeFieldContainer[QuoteOccurrence]
    speaker: str
    text: str
    def __init__(self, speaker: _Optional[str] = ..., text: _Optional[str] = ..., occurrences: _Optional[_Iterable[_Union[QuoteOccurrence, _Mapping]]] = ...) -> None: ...

class QuoteOccurrence(_message.Message):
    __slots__ = ["document", "document_id", "quote", "similarity"]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    document: int
    document_id: str
    quote: int
    similarity: float
    def __init__(self, document: _Optional[int] = ..., document_id: _Optional[str] = ..., quote: _Optional[int] = ..., similarity: _Optional[float] = ...) -> None: ...

class QuotesResult(_message.Message):
    __slots__ = ["quotes", "speakers"]
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    SPEAKERS_FIELD_NUMBER: _ClassVar[int]
    quotes: _containers.RepeatedCompositeFieldContainer[Quote]
    speakers: _containers.RepeatedCompositeFieldContainer[Speaker]
    def __init__(self, quotes: _Optional[_Iterable[_Union[Quote, _Mapping]]] = ..., speakers: _Optional[_Iterable[_Union[Speaker, _Mapping]]] = ...) -> None: ...

class Speaker(_message.Message):
    __slots__ = ["kind", "mentions", "name", "organization", "title"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    kind: _common_pb2.EntityKind
    mentions: _containers.RepeatedCompositeFieldContainer[_common_pb2.Span]
    name: str
    organization: str
    title: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.EntityKind, str]] = ..., title: _Optional[str] = ..., organization: _Optional[str] = ..., mentions: _Optional[_Iterable[_Union[_common_pb2.Span, _Mapping]]] = ...) -> None: ...

class QuoteKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

from newswire.analysis.v1 import common_pb2 as _common_pb2
from newswire.analysis.v1 import quotes_pb2 as _quotes_pb2
from newswire.analysis.v1 import duplicates_pb2 as _duplicates_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AnalyzeRequest(_message.Message):
    __slots__ = ["analyzers", "documents"]
    ANALYZERS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    analyzers: _containers.RepeatedScalarFieldContainer[str]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    def __init__(self, documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., analyzers: _Optional[_Iterable[str]] = ...) -> None: ...

class AnalyzeResponse(_message.Message):
    __slots__ = ["batch", "results"]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    batch: BatchAnalysis
    results: _containers.RepeatedCompositeFieldContainer[DocumentAnalysis]
    def __init__(self, results: _Optional[_Iterable[_Union[DocumentAnalysis, _Mapping]]] = ..., batch: _Optional[_Union[BatchAnalysis, _Mapping]] = ...) -> None: ...

class AnalyzeStreamRequest(_message.Message):
    __slots__ = ["analyzers", "document"]
    ANALYZERS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    analyzers: _containers.RepeatedScalarFieldContainer[str]
    document: Document
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., analyzers: _Optional[_Iterable[str]] = ...) -> None: ...

class AnalyzerBatchRequest(_message.Message):
    __slots__ = ["analyses", "documents"]
    ANALYSES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    analyses: _containers.RepeatedCompositeFieldContainer[DocumentAnalysis]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    def __init__(self, documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., analyses: _Optional[_Iterable[_Union[DocumentAnalysis, _Mapping]]] = ...) -> None: ...

class AnalyzerError(_message.Message):
    __slots__ = ["analyzer", "code", "message"]
    ANALYZER_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    analyzer: str
    code: int
    message: str
    def __init__(self, analyzer: _Optional[str] = ..., code: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class AnalyzerInfo(_message.Message):
    __slots__ = ["batch_method", "method", "name", "plugin_version"]
    BATCH_METHOD_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_VERSION_FIELD_NUMBER: _ClassVar[int]
    batch_method: str
    method: str
    name: str
    plugin_version: str
    def __init__(self, name: _Optional[str] = ..., plugin_version: _Optional[str] = ..., method: _Optional[str] = ..., batch_method: _Optional[str] = ...) -> None: ...

class AnalyzerRequest(_message.Message):
    __slots__ = ["document"]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    document: Document
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ...) -> None: ...

class BatchAnalysis(_message.Message):
    __slots__ = ["duplicate_clusters", "errors", "extensions", "quote_groups"]
    DUPLICATE_CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    EXTENSIONS_FIELD_NUMBER: _ClassVar[int]
    QUOTE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    duplicate_clusters: _containers.RepeatedCompositeFieldContainer[_duplicates_pb2.DuplicateCluster]
    errors: _containers.RepeatedCompositeFieldContainer[AnalyzerError]
    extensions: _containers.RepeatedCompositeFieldContainer[ExtensionResult]
    quote_groups: _containers.RepeatedCompositeFieldContainer[_quotes_pb2.QuoteGroup]
    def __init__(self, quote_groups: _Optional[_Iterable[_Union[_quotes_pb2.QuoteGroup, _Mapping]]] = ..., duplicate_clusters: _Optional[_Iterable[_Union[_duplicates_pb2.DuplicateCluster, _Mapping]]] = ..., extensions: _Optional[_Iterable[_Union[ExtensionResult, _Mapping]]] = ..., errors: _Optional[_Iterable[_Union[AnalyzerError, _Mapping]]] = ...) -> None: ...

class Document(_message.Message):
    __slots__ = ["id", "language", "published_unix_ms", "source", "text", "title", "url"]
    ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    id: str
    language: str
    published_unix_ms: int
    source: str
    text: str
    title: str
    url: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., text: _Optional[str] = ..., source: _Optional[str] = ..., url: _Optional[str] = ..., published_unix_ms: _Optional[int] = ..., language: _Optional[str] = ...) -> None: ...

class DocumentAnalysis(_message.Message):
    __slots__ = ["document_id", "duplicates", "errors", "extensions", "index", "quotes", "sentiment"]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    EXTENSIONS_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    duplicates: _duplicates_pb2.DuplicatesResult
    errors: _containers.RepeatedCompositeFieldContainer[AnalyzerError]
    extensions: _containers.RepeatedCompositeFieldContainer[ExtensionResult]
    index: int
    quotes: _quotes_pb2.QuotesResult
    sentiment: SentimentResult
    def __init__(self, document_id: _Optional[str] = ..., index: _Optional[int] = ..., sentiment: _Optional[_Union[SentimentResult, _Mapping]] = ..., quotes: _Optional[_Union[_quotes_pb2.QuotesResult, _Mapping]] = ..., duplicates: _Optional[_Union[_duplicates_pb2.DuplicatesResult, _Mapping]] = ..., extensions: _Optional[_Iterable[_Union[ExtensionResult, _Mapping]]] = ..., errors: _Optional[_Iterable[_Union[AnalyzerError, _Mapping]]] = ...) -> None: ...

class EntitySentiment(_message.Message):
    __slots__ = ["kind", "mentions", "name", "score", "sentences", "title"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    kind: _common_pb2.EntityKind
    mentions: _containers.RepeatedCompositeFieldContainer[_common_pb2.Span]
    name: str
    score: SentimentScore
    sentences: _containers.RepeatedScalarFieldContainer[int]
    title: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.EntityKind, str]] = ..., title: _Optional[str] = ..., mentions: _Optional[_Iterable[_Union[_common_pb2.Span, _Mapping]]] = ..., sentences: _Optional[_Iterable[int]] = ..., score: _Optional[_Union[SentimentScore, _Mapping]] = ...) -> None: ...

class ExtensionResult(_message.Message):
    __slots__ = ["analyzer", "type", "value"]
    ANALYZER_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    analyzer: str
    type: str
    value: bytes
    def __init__(self, analyzer: _Optional[str] = ..., type: _Optional[str] = ..., value: _Optional[bytes] = ...) -> None: ...

class ListAnalyzersRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListAnalyzersResponse(_message.Message):
    __slots__ = ["analyzers"]
    ANALYZERS_FIELD_NUMBER: _ClassVar[int]
    analyzers: _containers.RepeatedCompositeFieldContainer[AnalyzerInfo]
    def __init__(self, analyzers: _Optional[_Iterable[_Union[AnalyzerInfo, _Mapping]]] = ...) -> None: ...

class SentenceSentiment(_message.Message):
    __slots__ = ["score", "span"]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    score: SentimentScore
    span: _common_pb2.Span
    def __init__(self, span: _Optional[_Union[_common_pb2.Span, _Mapping]] = ..., score: _Optional[_Union[SentimentScore, _Mapping]] = ...) -> None: ...

class SentimentResult(_message.Message):
    __slots__ = ["document", "entities", "sentences"]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    document: SentimentScore
    entities: _containers.RepeatedCompositeFieldContainer[EntitySentiment]
    sentences: _containers.RepeatedCompositeFieldContainer[SentenceSentiment]
    def __init__(self, document: _Optional[_Union[SentimentScore, _Mapping]] = ..., sentences: _Optional[_Iterable[_Union[SentenceSentiment, _Mapping]]] = ..., entities: _Optional[_Iterable[_Union[EntitySentiment, _Mapping]]] = ...) -> None: ...

class SentimentScore(_message.Message):
    __slots__ = ["compound", "negative", "neutral", "positive"]
    COMPOUND_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_FIELD_NUMBER: _ClassVar[int]
    NEUTRAL_FIELD_NUMBER: _ClassVar[int]
    POSITIVE_FIELD_NUMBER: _ClassVar[int]
    compound: float
    negative: float
    neutral: float
    positive: float
    def __init__(self, compound: _Optional[float] = ..., positive: _Optional[float] = ..., negative: _Optional[float] = ..., neutral: _Optional[float] = ...) -> None: ...

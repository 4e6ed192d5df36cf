from newswire.analysis.v1 import analysis_pb2 as _analysis_pb2
from newswire.analysis.v1 import duplicates_pb2 as _duplicates_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AddRequest(_message.Message):
    __slots__ = ["collection", "documents"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    collection: str
    documents: _containers.RepeatedCompositeFieldContainer[_analysis_pb2.Document]
    def __init__(self, collection: _Optional[str] = ..., documents: _Optional[_Iterable[_Union[_analysis_pb2.Document, _Mapping]]] = ...) -> None: ...

class AddResponse(_message.Message):
    __slots__ = ["added", "replaced"]
    ADDED_FIELD_NUMBER: _ClassVar[int]
    REPLACED_FIELD_NUMBER: _ClassVar[int]
    added: int
    replaced: int
    def __init__(self, added: _Optional[int] = ..., replaced: _Optional[int] = ...) -> None: ...

class ClusterRequest(_message.Message):
    __slots__ = ["documents", "min_similarity", "passages"]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    MIN_SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    PASSAGES_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[_analysis_pb2.Document]
    min_similarity: float
    passages: bool
    def __init__(self, documents: _Optional[_Iterable[_Union[_analysis_pb2.Document, _Mapping]]] = ..., min_similarity: _Optional[float] = ..., passages: bool = ...) -> None: ...

class ClusterResponse(_message.Message):
    __slots__ = ["clusters", "passages"]
    CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    PASSAGES_FIELD_NUMBER: _ClassVar[int]
    clusters: _containers.RepeatedCompositeFieldContainer[_duplicates_pb2.DuplicateCluster]
    passages: _containers.RepeatedCompositeFieldContainer[_duplicates_pb2.DuplicatesResult]
    def __init__(self, clusters: _Optional[_Iterable[_Union[_duplicates_pb2.DuplicateCluster, _Mapping]]] = ..., passages: _Optional[_Iterable[_Union[_duplicates_pb2.DuplicatesResult, _Mapping]]] = ...) -> None: ...

class CollectionStats(_message.Message):
    __slots__ = ["created_unix_ms", "documents", "name", "updated_unix_ms"]
    CREATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UPDATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    created_unix_ms: int
    documents: int
    name: str
    updated_unix_ms: int
    def __init__(self, name: _Optional[str] = ..., documents: _Optional[int] = ..., created_unix_ms: _Optional[int] = ..., updated_unix_ms: _Optional[int] = ...) -> None: ...

class DedupParameters(_message.Message):
    __slots__ = ["bands", "headline_characters", "permutations", "rows", "shingle_words", "threshold"]
    BANDS_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_CHARACTERS_FIELD_NUMBER: _ClassVar[int]
    PERMUTATIONS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    SHINGLE_WORDS_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    bands: int
    headline_characters: int
    permutations: int
    rows: int
    shingle_words: int
    threshold: float
    def __init__(self, shingle_words: _Optional[int] = ..., headline_characters: _Optional[int] = ..., permutations: _Optional[int] = ..., bands: _Optional[int] = ..., rows: _Optional[int] = ..., threshold: _Optional[float] = ...) -> None: ...

class DropCollectionRequest(_message.Message):
    __slots__ = ["collection"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    collection: str
    def __init__(self, collection: _Optional[str] = ...) -> None: ...

class DropCollectionResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListCollectionsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListCollectionsResponse(_message.Message):
    __slots__ = ["collections"]
    COLLECTIONS_FIELD_NUMBER: _ClassVar[int]
    collections: _containers.RepeatedCompositeFieldContainer[CollectionStats]
    def __init__(self, collections: _Optional[_Iterable[_Union[CollectionStats, _Mapping]]] = ...) -> None: ...

class Match(_message.Message):
    __slots__ = ["document_id", "similarity"]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    similarity: float
    def __init__(self, document_id: _Optional[str] = ..., similarity: _Optional[float] = ...) -> None: ...

class QueryRequest(_message.Message):
    __slots__ = ["collection", "document", "limit", "min_similarity"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    MIN_SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    collection: str
    document: _analysis_pb2.Document
    limit: int
    min_similarity: float
    def __init__(self, collection: _Optional[str] = ..., document: _Optional[_Union[_analysis_pb2.Document, _Mapping]] = ..., min_similarity: _Optional[float] = ..., limit: _Optional[int] = ...) -> None: ...

class QueryResponse(_message.Message):
    __slots__ = ["matches"]
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[Match]
    def __init__(self, matches: _Optional[_Iterable[_Union[Match, _Mapping]]] = ...) -> None: ...

class RemoveRequest(_message.Message):
    __slots__ = ["collection", "document_ids"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    collection: str
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, collection: _Optional[str] = ..., document_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RemoveResponse(_message.Message):
    __slots__ = ["removed"]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    removed: int
    def __init__(self, removed: _Optional[int] = ...) -> None: ...

class StatsRequest(_message.Message):
    __slots__ = ["collection"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    collection: str
    def __init__(self, collection: _Optional[str] = ...) -> None: ...

class StatsResponse(_message.Message):
    __slots__ = ["collections", "database_bytes", "parameters"]
    COLLECTIONS_FIELD_NUMBER: _ClassVar[int]
    DATABASE_BYTES_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    collections: _containers.RepeatedCompositeFieldContainer[CollectionStats]
    database_bytes: int
    parameters: DedupParameters
    def __init__(self, collections: _Optional[_Iterable[_Union[CollectionStats, _Mapping]]] = ..., parameters: _Optional[_Union[DedupParameters, _Mapping]] = ..., database_bytes: _Optional[int] = ...) -> None: ...

from newswire.analysis.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
DUPLICATE_KIND_UNSPECIFIED: DuplicateKind
HEADLINE: DuplicateKind
PARAGRAPH: DuplicateKind

class ClusterMember(_message.Message):
    __slots__ = ["document", "document_id", "similarity"]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    document: int
    document_id: str
    similarity: float
    def __init__(self, document: _Optional[int] = ..., document_id: _Optional[str] = ..., similarity: _Optional[float] = ...) -> None: ...

class DuplicateCluster(_message.Message):
    __slots__ = ["members"]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[ClusterMember]
    def __init__(self, members: _Optional[_Iterable[_Union[ClusterMember, _Mapping]]] = ...) -> None: ...

class DuplicatePassages(_message.Message):
    __slots__ = ["kind", "similarity", "spans"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    SPANS_FIELD_NUMBER: _ClassVar[int]
    kind: DuplicateKind
    similarity: float
    spans: _containers.RepeatedCompositeFieldContainer[_common_pb2.Span]
    def __init__(self, kind: _Optional[_Union[DuplicateKind, str]] = ..., spans: _Optional[_Iterable[_Union[_common_pb2.Span, _Mapping]]] = ..., similarity: _Optional[float] = ...) -> None: ...

class DuplicatesResult(_message.Message):
    __slots__ = ["passages"]
    PASSAGES_FIELD_NUMBER: _ClassVar[int]
    passages: _containers.RepeatedCompositeFieldContainer[DuplicatePassages]
    def __init__(self, passages: _Optional[_Iterable[_Union[DuplicatePassages, _Mapping]]] = ...) -> None: ...

class DuplicateKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

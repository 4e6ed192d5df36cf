from newswire.analysis.v1 import analysis_pb2 as _analysis_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ScoreRequest(_message.Message):
    __slots__ = ["skip_entities", "text"]
    SKIP_ENTITIES_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    skip_entities: bool
    text: str
    def __init__(self, text: _Optional[str] = ..., skip_entities: bool = ...) -> None: ...

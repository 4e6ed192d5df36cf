from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

BIDI_STREAMING: MethodKind
CLIENT_STREAMING: MethodKind
DESCRIPTOR: _descriptor.FileDescriptor
SERVER_STREAMING: MethodKind
UNARY: MethodKind

class FileByFilenameRequest(_message.Message):
    __slots__ = ["filename"]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    filename: str
    def __init__(self, filename: _Optional[str] = ...) -> None: ...

class FileContainingSymbolRequest(_message.Message):
    __slots__ = ["symbol"]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    def __init__(self, symbol: _Optional[str] = ...) -> None: ...

class FileDescriptorResponse(_message.Message):
    __slots__ = ["file_descriptor_proto"]
    FILE_DESCRIPTOR_PROTO_FIELD_NUMBER: _ClassVar[int]
    file_descriptor_proto: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, file_descriptor_proto: _Optional[_Iterable[bytes]] = ...) -> None: ...

class ListPluginsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListPluginsResponse(_message.Message):
    __slots__ = ["failures", "plugins"]
    FAILURES_FIELD_NUMBER: _ClassVar[int]
    PLUGINS_FIELD_NUMBER: _ClassVar[int]
    failures: _containers.RepeatedCompositeFieldContainer[PluginLoadFailure]
    plugins: _containers.RepeatedCompositeFieldContainer[PluginInfo]
    def __init__(self, plugins: _Optional[_Iterable[_Union[PluginInfo, _Mapping]]] = ..., failures: _Optional[_Iterable[_Union[PluginLoadFailure, _Mapping]]] = ...) -> None: ...

class ListServicesRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListServicesResponse(_message.Message):
    __slots__ = ["services"]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    services: _containers.RepeatedCompositeFieldContainer[ServiceInfo]
    def __init__(self, services: _Optional[_Iterable[_Union[ServiceInfo, _Mapping]]] = ...) -> None: ...

class MethodInfo(_message.Message):
    __slots__ = ["kind", "name", "path", "request_type", "response_type"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    REQUEST_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    kind: MethodKind
    name: str
    path: str
    request_type: str
    response_type: str
    def __init__(self, name: _Optional[str] = ..., path: _Optional[str] = ..., kind: _Optional[_Union[MethodKind, str]] = ..., request_type: _Optional[str] = ..., response_type: _Optional[str] = ...) -> None: ...

class PluginInfo(_message.Message):
    __slots__ = ["abi_major", "abi_minor", "description", "name", "path", "schema_files", "serialized", "services", "version"]
    ABI_MAJOR_FIELD_NUMBER: _ClassVar[int]
    ABI_MINOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FILES_FIELD_NUMBER: _ClassVar[int]
    SERIALIZED_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    abi_major: int
    abi_minor: int
    description: str
    name: str
    path: str
    schema_files: _containers.RepeatedScalarFieldContainer[str]
    serialized: bool
    services: _containers.RepeatedCompositeFieldContainer[ServiceInfo]
    version: str
    def __init__(self, name: _Optional[str] = ..., version: _Optional[str] = ..., description: _Optional[str] = ..., abi_major: _Optional[int] = ..., abi_minor: _Optional[int] = ..., path: _Optional[str] = ..., services: _Optional[_Iterable[_Union[ServiceInfo, _Mapping]]] = ..., serialized: bool = ..., schema_files: _Optional[_Iterable[str]] = ...) -> None: ...

class PluginLoadFailure(_message.Message):
    __slots__ = ["path", "reason"]
    PATH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    path: str
    reason: str
    def __init__(self, path: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ServiceInfo(_message.Message):
    __slots__ = ["methods", "name", "provider"]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    methods: _containers.RepeatedCompositeFieldContainer[MethodInfo]
    name: str
    provider: str
    def __init__(self, name: _Optional[str] = ..., methods: _Optional[_Iterable[_Union[MethodInfo, _Mapping]]] = ..., provider: _Optional[str] = ...) -> None: ...

class MethodKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

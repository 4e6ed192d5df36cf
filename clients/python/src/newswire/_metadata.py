"""Call metadata: an ordered list of (key, value) entries (docs/PROTOCOL.md, section 10)."""
from __future__ import annotations

import re
from typing import Iterable, Iterator, List, Mapping, Optional, Tuple, Union

Value = Union[str, bytes]
MetadataLike = Union["Metadata", Mapping[str, Value], Iterable[Tuple[str, Value]], None]

_KEY = re.compile(r"[0-9a-z_.\-]+\Z")
_PRINTABLE = re.compile(r"[\x20-\x7e]*\Z")


def is_binary_key(key: str) -> bool:
    return key.endswith("-bin")


def check_entry(key: str, value: Value) -> Tuple[str, Value]:
    """Validates one entry to send; returns it normalised (str for text keys, bytes for -bin keys).

    Raises TypeError or ValueError, with the server's wording, for what the
    server would refuse with INVALID_ARGUMENT."""
    if not isinstance(key, str):
        raise TypeError("metadata keys are str, got %s" % type(key).__name__)
    if not _KEY.match(key):
        raise ValueError("metadata key %r is not valid: keys are lowercase ASCII letters, digits, '_', '.' and '-'" % key)
    if is_binary_key(key):
        if isinstance(value, str):
            raise TypeError("metadata value for %r must be bytes: the key ends in \"-bin\"" % key)
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError("metadata value for %r must be bytes, got %s" % (key, type(value).__name__))
        return key, bytes(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            value = bytes(value).decode("ascii")
        except UnicodeDecodeError:
            value = None  # type: ignore[assignment]
    if not isinstance(value, str):
        raise TypeError("metadata value for %r must be str (printable ASCII)" % key)
    if not _PRINTABLE.match(value):
        raise ValueError("metadata value for %r is not printable ASCII: binary values need a key ending in \"-bin\"" % key)
    return key, value


class Metadata:
    """Ordered metadata entries; keys may repeat.

    Values are `str` for ordinary keys and `bytes` for keys ending in `-bin`.
    Build one from a dict, a list of pairs or keyword-free `add` calls;
    `md["key"]` and `md.get("key")` return the first value of a key.
    """

    __slots__ = ("_entries",)

    def __init__(self, entries: MetadataLike = None):
        self._entries: List[Tuple[str, Value]] = []
        if entries is None:
            return
        if isinstance(entries, Metadata):
            self._entries = list(entries._entries)
            return
        items = entries.items() if isinstance(entries, Mapping) else entries
        for k, v in items:
            self.add(k, v)

    def add(self, key: str, value: Value) -> "Metadata":
        self._entries.append(check_entry(key, value))
        return self

    @classmethod
    def _received(cls, entries) -> "Metadata":
        """From protobuf MetadataEntry messages sent by the server: accepted as they are."""
        md = cls()
        for e in entries:
            value: Value = e.value if is_binary_key(e.key) else e.value.decode("latin-1")
            md._entries.append((e.key, value))
        return md

    def _to_proto(self, entry_type) -> list:
        return [entry_type(key=k, value=v if isinstance(v, bytes) else v.encode("ascii")) for k, v in self._entries]

    def get(self, key: str, default: Optional[Value] = None) -> Optional[Value]:
        for k, v in self._entries:
            if k == key:
                return v
        return default

    def get_all(self, key: str) -> List[Value]:
        return [v for k, v in self._entries if k == key]

    def __getitem__(self, key: str) -> Value:
        for k, v in self._entries:
            if k == key:
                return v
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(k == key for k, _ in self._entries)

    def __iter__(self) -> Iterator[Tuple[str, Value]]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Metadata):
            return self._entries == other._entries
        return NotImplemented

    def __repr__(self) -> str:
        return "Metadata(%r)" % (self._entries,)

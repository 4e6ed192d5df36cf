"""Server addresses: HOST:PORT, [IPV6]:PORT, PORT, unix:PATH (as newswired --listen takes them)."""
from __future__ import annotations

import os
from typing import NamedTuple, Optional, Tuple, Union

DEFAULT_ADDRESS = "127.0.0.1:7411"


class Address(NamedTuple):
    host: Optional[str]  # None for a Unix socket
    port: int
    path: Optional[str]  # the Unix socket path

    @property
    def is_unix(self) -> bool:
        return self.path is not None

    def __str__(self) -> str:
        if self.path is not None:
            return "unix:" + self.path
        if self.host is not None and ":" in self.host:
            return "[%s]:%d" % (self.host, self.port)
        return "%s:%d" % (self.host, self.port)


AddressLike = Union[str, Tuple[str, int], Address, None]


def parse_address(address: AddressLike = None) -> Address:
    """Parses an address; None means $NEWSWIRE_SERVER, else 127.0.0.1:7411."""
    if isinstance(address, Address):
        return address
    if address is None:
        address = os.environ.get("NEWSWIRE_SERVER") or DEFAULT_ADDRESS
    if isinstance(address, tuple):
        host, port = address
        return Address(host, int(port), None)
    if not isinstance(address, str):
        raise TypeError("an address is a str such as \"127.0.0.1:7411\" or \"unix:/tmp/newswire.sock\"")
    bad = ValueError("bad server address %r: expected HOST:PORT, [IPV6]:PORT, PORT or unix:PATH" % address)
    if address.startswith("unix:"):
        path = address[5:]
        if not path:
            raise bad
        return Address(None, 0, path)
    if address.isdigit():
        host, port_s = "127.0.0.1", address
    elif address.startswith("["):
        end = address.find("]:")
        if end < 0:
            raise bad
        host, port_s = address[1:end], address[end + 2:]
    else:
        host, sep, port_s = address.rpartition(":")
        if not sep or not host or ":" in host:
            raise bad
    if not port_s.isdigit() or not 0 < int(port_s) < 65536:
        raise bad
    return Address(host, int(port_s), None)

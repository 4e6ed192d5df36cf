#!/usr/bin/env python3
"""End-to-end check: clients that vanish while the server is writing to them.

Each round opens a connection, asks TestService.StreamingOutputCall for
several 1 MiB messages, and resets the socket (SO_LINGER 0) as soon as the
first bytes come back, so the server's next writes meet a closed peer (EPIPE
or ECONNRESET). The server must drop that connection only, and go on serving.
Usage: e2e_peer_gone.py ADDRESS   (HOST:PORT or unix:PATH); exits non-zero on failure.
"""
import socket
import struct
import sys

import newswire
from newswire.testing.v1 import test_pb2 as T

address = sys.argv[1]
for _ in range(20):
    c = newswire.Client(address)
    req = T.StreamingOutputCallRequest(response_parameters=[T.ResponseParameters(size=1 << 20) for _ in range(8)])
    stream = c.server_stream("/newswire.testing.v1.TestService/StreamingOutputCall", req, T.StreamingOutputCallResponse)
    next(stream)                      # the server is now writing the rest
    sock = c._connection().sock
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()                      # RST: the peer is gone mid-stream
    try:
        c.close()
    except Exception:
        pass
with newswire.Client(address) as c:
    assert c.health() == 1, "the server stopped serving after its peers vanished"
print("e2e_peer_gone: the server survived 20 peers that vanished mid-stream")

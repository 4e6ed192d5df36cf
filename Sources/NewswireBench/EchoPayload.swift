// `--payload-size N` for the test service's UnaryCall: a SimpleRequest whose
// encoding is N bytes, asking for a SimpleResponse whose encoding is N bytes.
import NewswireProto

public enum EchoPayload {
    public static let method = "/newswire.testing.v1.TestService/UnaryCall"

    /// The request, or nil when no SimpleRequest encodes to exactly `size` bytes, or no
    /// SimpleResponse does: sizes below 8, and the few that varint length prefixes skip (130, 133, 16387, ...).
    public static func request(encodedSize size: Int) -> [UInt8]? {
        guard size >= 0 else { return nil }
        if size == 0 { return [] }
        // The response body: the largest whose SimpleResponse is at most `size` bytes.
        guard let body = largest(atMost: size, { TestMessages.SimpleResponse(payload: [UInt8](repeating: 0, count: $0)).protobuf().count }),
              TestMessages.SimpleResponse(payload: [UInt8](repeating: 0, count: body)).protobuf().count == size else { return nil }
        let encode = { (n: Int) in
            TestMessages.SimpleRequest(responseSize: UInt32(body), payload: [UInt8](repeating: 0x61, count: n)).protobuf()
        }
        guard let n = largest(atMost: size, { encode($0).count }) else { return nil }
        let bytes = encode(n)
        return bytes.count == size ? bytes : nil
    }

    /// The largest n >= 0 with size(n) <= limit (size grows with n), or nil.
    static func largest(atMost limit: Int, _ size: (Int) -> Int) -> Int? {
        var n = limit
        // Varint lengths make the overhead at most a dozen bytes: a short walk down.
        while n >= 0 {
            if size(n) <= limit { return n }
            n -= 1
        }
        return nil
    }
}

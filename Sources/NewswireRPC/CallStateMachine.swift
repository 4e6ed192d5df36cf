// The life of one call, as both ends see it. Pure: events in, verdicts out.
//
//   request side:  HEADERS ─► MESSAGE* ─► HALF_CLOSE        (client sends)
//   response side: HEADERS? ─► MESSAGE* ─► TRAILERS         (server sends)
//   either side may end it early: CANCEL (client), TRAILERS (server), deadline.
@_exported import NewswireWire

public struct CallStateMachine: Sendable {
    public let kind: MethodKind
    public private(set) var requestCount = 0
    public private(set) var responseCount = 0
    public private(set) var requestClosed = false
    public private(set) var responseHeadersSent = false
    public private(set) var isFinished = false

    public init(kind: MethodKind) { self.kind = kind }

    /// A request message arrives (server) or is sent (client).
    public mutating func requestMessage() throws(RPCError) {
        guard !isFinished else { throw RPCError(.internal, "message after the call ended") }
        guard !requestClosed else { throw RPCError(.internal, "message after half-close") }
        if !kind.clientStreams && requestCount == 1 {
            throw RPCError(.internal, "more than one request message for a \(kind.name) method")
        }
        requestCount += 1
    }

    /// The client says it sends nothing more.
    public mutating func halfClose() throws(RPCError) {
        guard !isFinished else { return }
        guard !requestClosed else { throw RPCError(.internal, "half-close sent twice") }
        requestClosed = true
        if !kind.clientStreams && requestCount == 0 {
            throw RPCError(.internal, "no request message for a \(kind.name) method")
        }
    }

    /// Response headers go out; false if they already had.
    public mutating func responseHeaders() -> Bool {
        guard !responseHeadersSent, !isFinished else { return false }
        responseHeadersSent = true
        return true
    }

    /// A response message goes out (server) or arrives (client).
    public mutating func responseMessage() throws(RPCError) {
        guard !isFinished else { throw RPCError(.internal, "response after the call ended") }
        if !kind.serverStreams && responseCount == 1 {
            throw RPCError(.internal, "more than one response message for a \(kind.name) method")
        }
        responseCount += 1
        responseHeadersSent = true
    }

    /// The call ends (trailers, cancel or deadline). Returns false if it had already ended.
    public mutating func finish() -> Bool {
        guard !isFinished else { return false }
        isFinished = true
        return true
    }

    /// Checks a successful status against what the method kind promises.
    public func checkOKResponseCount() -> RPCError? {
        if !kind.serverStreams && responseCount == 0 {
            return RPCError(.internal, "a \(kind.name) method ended with OK but sent no response message")
        }
        return nil
    }
}

// newswire.rpc.v1: the payloads of HEADERS, TRAILERS and GOAWAY frames.
import CProtobufC
import NewswireMessages

public struct MetadataEntry: Sendable, Equatable, Hashable {
    public var key: String
    public var value: [UInt8]
    public init(key: String, value: [UInt8]) { self.key = key; self.value = value }
}

extension Arena {
    fileprivate func metadata(_ entries: [MetadataEntry]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Rpc__V1__MetadataEntry>?>?) {
        let items = entries.map { e in
            let m: UnsafeMutablePointer<Newswire__Rpc__V1__MetadataEntry> = message(newswire__rpc__v1__metadata_entry__init)
            m.pointee.key = string(e.key)
            m.pointee.value = binary(e.value)
            return m
        }
        return (items.count, pointers(items))
    }
}

private func readMetadata(_ p: UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Rpc__V1__MetadataEntry>?>?, _ n: Int) -> [MetadataEntry] {
    array(p, n) { MetadataEntry(key: string($0.pointee.key), value: bytes($0.pointee.value)) }
}

public struct RequestHeadersMessage: ProtoMessage, Equatable {
    public static let protoName = "newswire.rpc.v1.RequestHeaders"
    public var method: String
    public var timeoutMicros: UInt64
    public var metadata: [MetadataEntry]

    public init(method: String, timeoutMicros: UInt64 = 0, metadata: [MetadataEntry] = []) {
        self.method = method; self.timeoutMicros = timeoutMicros; self.metadata = metadata
    }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        let v: RequestHeadersMessage? = try unpack(b, as: Self.protoName, newswire__rpc__v1__request_headers__unpack, newswire__rpc__v1__request_headers__free_unpacked) { p in
            guard isValidUTF8(p.pointee.method) else { return nil }
            return RequestHeadersMessage(method: string(p.pointee.method), timeoutMicros: p.pointee.timeout_micros,
                                         metadata: readMetadata(p.pointee.metadata, p.pointee.n_metadata))
        }
        guard let v else { throw ProtoDecodingError(messageType: Self.protoName) }
        self = v
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Rpc__V1__RequestHeaders> = a.message(newswire__rpc__v1__request_headers__init)
        m.pointee.method = a.string(method)
        m.pointee.timeout_micros = timeoutMicros
        (m.pointee.n_metadata, m.pointee.metadata) = a.metadata(metadata)
        return pack(m)
    }
}

public struct ResponseHeadersMessage: ProtoMessage, Equatable {
    public static let protoName = "newswire.rpc.v1.ResponseHeaders"
    public var metadata: [MetadataEntry]

    public init(metadata: [MetadataEntry] = []) { self.metadata = metadata }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        if b.isEmpty { self.init(); return }   // the usual case, without a round trip through protobuf-c
        self = try unpack(b, as: Self.protoName, newswire__rpc__v1__response_headers__unpack, newswire__rpc__v1__response_headers__free_unpacked) { p in
            ResponseHeadersMessage(metadata: readMetadata(p.pointee.metadata, p.pointee.n_metadata))
        }
    }

    public func protobuf() -> [UInt8] {
        if metadata.isEmpty { return [] }   // every field at its default: zero bytes
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Rpc__V1__ResponseHeaders> = a.message(newswire__rpc__v1__response_headers__init)
        (m.pointee.n_metadata, m.pointee.metadata) = a.metadata(metadata)
        return pack(m)
    }
}

public struct TrailersMessage: ProtoMessage, Equatable {
    public static let protoName = "newswire.rpc.v1.Trailers"
    public var code: UInt32
    public var message: String
    public var metadata: [MetadataEntry]

    public init(code: UInt32, message: String = "", metadata: [MetadataEntry] = []) {
        self.code = code; self.message = message; self.metadata = metadata
    }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        if b.isEmpty { self.init(code: 0); return }   // OK with nothing else: the usual case
        self = try unpack(b, as: Self.protoName, newswire__rpc__v1__trailers__unpack, newswire__rpc__v1__trailers__free_unpacked) { p in
            TrailersMessage(code: p.pointee.code, message: string(p.pointee.message),
                            metadata: readMetadata(p.pointee.metadata, p.pointee.n_metadata))
        }
    }

    public func protobuf() -> [UInt8] {
        if code == 0 && message.isEmpty && metadata.isEmpty { return [] }   // every field at its default
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Rpc__V1__Trailers> = a.message(newswire__rpc__v1__trailers__init)
        m.pointee.code = code
        m.pointee.message = a.string(message)
        (m.pointee.n_metadata, m.pointee.metadata) = a.metadata(metadata)
        return pack(m)
    }
}

public struct GoAwayMessage: ProtoMessage, Equatable {
    public static let protoName = "newswire.rpc.v1.GoAway"
    public var lastCallID: UInt32
    public var code: UInt32
    public var message: String

    public init(lastCallID: UInt32, code: UInt32, message: String) {
        self.lastCallID = lastCallID; self.code = code; self.message = message
    }

    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__rpc__v1__go_away__unpack, newswire__rpc__v1__go_away__free_unpacked) { p in
            GoAwayMessage(lastCallID: p.pointee.last_call_id, code: p.pointee.code, message: string(p.pointee.message))
        }
    }

    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Rpc__V1__GoAway> = a.message(newswire__rpc__v1__go_away__init)
        m.pointee.last_call_id = lastCallID
        m.pointee.code = code
        m.pointee.message = a.string(message)
        return pack(m)
    }
}

// The C boundary for protobuf-c: building C message structs from Swift values
// (in an arena freed when packing is done) and reading unpacked C structs back
// into Swift values. Every protobuf-c pointer in the project stays in this module.
import CProtobufC
#if canImport(Glibc)
import Glibc
#endif

/// A message that converts to and from protobuf bytes.
public protocol ProtoMessage: Sendable {
    /// Fully qualified protobuf name, e.g. "newswire.health.v1.HealthCheckRequest".
    static var protoName: String { get }
    init(protobuf bytes: [UInt8]) throws(ProtoDecodingError)
    func protobuf() -> [UInt8]
}

public struct ProtoDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let messageType: String
    public var description: String { "malformed \(messageType) message" }
    public init(messageType: String) { self.messageType = messageType }
}

/// Owns every C allocation made while building one message; frees them all at once.
///
/// Allocations are carved from 8 KiB chunks (16-byte aligned), so a message of many small
/// fields costs a few mallocs rather than one per field; large ones get a block of their own.
/// Each allocation is zeroed, and only it: a message of a few bytes (an RPC envelope) must not
/// pay for clearing a whole chunk.
final class Arena {
    private var blocks: [UnsafeMutableRawPointer] = []
    private var next: UnsafeMutableRawPointer? = nil
    private var remaining = 0

    private static let chunkSize = 8192
    private static let alignment = 16

    deinit { for b in blocks { free(b) } }

    /// `zeroed: false` for memory the caller overwrites whole at once (a copy of bytes).
    func allocate<T>(_ type: T.Type, count: Int = 1, zeroed: Bool = true) -> UnsafeMutablePointer<T> {
        precondition(MemoryLayout<T>.alignment <= Arena.alignment)
        let n = max(count, 1)
        let size = (n * MemoryLayout<T>.stride + Arena.alignment - 1) & ~(Arena.alignment - 1)
        let raw: UnsafeMutableRawPointer
        if size > Arena.chunkSize / 4 {
            raw = zeroed ? calloc(1, size)! : malloc(size)!
            blocks.append(raw)
        } else {
            if size > remaining {
                let chunk = malloc(Arena.chunkSize)!
                blocks.append(chunk)
                next = chunk
                remaining = Arena.chunkSize
            }
            raw = next!
            if zeroed { raw.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
            next = raw + size
            remaining -= size
        }
        return raw.bindMemory(to: T.self, capacity: n)
    }

    /// A NUL-terminated copy of `s`.
    func string(_ s: String) -> UnsafeMutablePointer<CChar> {
        var utf8 = Array(s.utf8)
        utf8.append(0)
        let p = allocate(CChar.self, count: utf8.count)
        utf8.withUnsafeBytes { src in UnsafeMutableRawPointer(p).copyMemory(from: src.baseAddress!, byteCount: src.count) }
        return p
    }

    func binary(_ b: [UInt8]) -> ProtobufCBinaryData {
        if b.isEmpty { return ProtobufCBinaryData(len: 0, data: nil) }
        let p = allocate(UInt8.self, count: b.count, zeroed: false)
        b.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: b.count) }
        return ProtobufCBinaryData(len: b.count, data: p)
    }

    /// A C struct initialised by protobuf-c's generated `__init` function.
    func message<T>(_ initialize: (UnsafeMutablePointer<T>) -> Void) -> UnsafeMutablePointer<T> {
        let p = allocate(T.self)
        initialize(p)
        return p
    }

    /// An array of pointers, as protobuf-c stores repeated message fields.
    func pointers<T>(_ items: [UnsafeMutablePointer<T>]) -> UnsafeMutablePointer<UnsafeMutablePointer<T>?>? {
        if items.isEmpty { return nil }
        let p = allocate(UnsafeMutablePointer<T>?.self, count: items.count)
        for (i, item) in items.enumerated() { p[i] = item }
        return p
    }
}

/// Packs a C message struct whose first member is a `ProtobufCMessage`.
func pack<T>(_ message: UnsafeMutablePointer<T>) -> [UInt8] {
    message.withMemoryRebound(to: ProtobufCMessage.self, capacity: 1) { m in
        let size = protobuf_c_message_get_packed_size(m)
        return [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            count = size == 0 ? 0 : protobuf_c_message_pack(m, buf.baseAddress)
        }
    }
}

/// Whether `bytes` parse as the message, without building Swift values from it
/// (for checking bytes that are passed on as they are).
func parses<T>(
    _ bytes: [UInt8],
    _ unpackFn: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<T>?,
    _ freeFn: (UnsafeMutablePointer<T>?, UnsafeMutablePointer<ProtobufCAllocator>?) -> Void
) -> Bool {
    guard let p = bytes.withUnsafeBufferPointer({ unpackFn(nil, $0.count, $0.baseAddress) }) else { return false }
    freeFn(p, nil)
    return true
}

/// Unpacks `bytes` with a generated `__unpack` function, reads the result and frees it.
func unpack<T, R>(
    _ bytes: [UInt8], as name: String,
    _ unpackFn: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<T>?,
    _ freeFn: (UnsafeMutablePointer<T>?, UnsafeMutablePointer<ProtobufCAllocator>?) -> Void,
    _ read: (UnsafeMutablePointer<T>) -> R
) throws(ProtoDecodingError) -> R {
    let parsed: UnsafeMutablePointer<T>? = bytes.withUnsafeBufferPointer { unpackFn(nil, $0.count, $0.baseAddress) }
    guard let parsed else { throw ProtoDecodingError(messageType: name) }
    defer { freeFn(parsed, nil) }
    return read(parsed)
}

/// A Swift string from a protobuf-c `char *`; invalid UTF-8 is repaired with U+FFFD.
func string(_ p: UnsafeMutablePointer<CChar>?) -> String {
    guard let p else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: p, count: strlen(p)), as: UTF8.self)
}

/// Whether a protobuf-c `char *` holds valid UTF-8.
func isValidUTF8(_ p: UnsafeMutablePointer<CChar>?) -> Bool {
    guard let p else { return true }
    let buf = UnsafeRawBufferPointer(start: p, count: strlen(p))
    var it = buf.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&it) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}

func bytes(_ b: ProtobufCBinaryData) -> [UInt8] {
    guard b.len > 0, let d = b.data else { return [] }
    return Array(UnsafeBufferPointer(start: d, count: b.len))
}

func array<T, R>(_ p: UnsafeMutablePointer<UnsafeMutablePointer<T>?>?, _ n: Int, _ read: (UnsafeMutablePointer<T>) -> R) -> [R] {
    guard let p, n > 0 else { return [] }
    return (0..<n).compactMap { p[$0].map(read) }
}

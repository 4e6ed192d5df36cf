// Request metadata, response headers and trailers: ordered key/value pairs.

public struct Metadata: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [MetadataEntry]

    public init(_ entries: [MetadataEntry] = []) { self.entries = entries }

    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.map { MetadataEntry(key: $0.0, value: Array($0.1.utf8)) }
    }

    public func makeIterator() -> IndexingIterator<[MetadataEntry]> { entries.makeIterator() }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public mutating func add(_ key: String, _ value: String) { entries.append(MetadataEntry(key: key, value: Array(value.utf8))) }
    public mutating func add(_ key: String, bytes: [UInt8]) { entries.append(MetadataEntry(key: key, value: bytes)) }

    /// The first value for `key`.
    public subscript(key: String) -> [UInt8]? { entries.first { $0.key == key }?.value }
    public func string(_ key: String) -> String? { self[key].map { String(decoding: $0, as: UTF8.self) } }

    /// Keys are [0-9a-z_.-]+; values of keys not ending in "-bin" are printable ASCII.
    /// Returns a description of the first invalid entry, or nil.
    public func validationError() -> String? {
        for e in entries {
            if e.key.isEmpty || !e.key.utf8.allSatisfy(Metadata.isKeyByte) {
                return "metadata key \"\(e.key)\" is not valid: keys are lowercase ASCII letters, digits, '_', '.' and '-'"
            }
            if !e.key.hasSuffix("-bin") && !e.value.allSatisfy({ (0x20...0x7E).contains($0) }) {
                return "metadata value for \"\(e.key)\" is not printable ASCII: binary values need a key ending in \"-bin\""
            }
        }
        return nil
    }

    static func isKeyByte(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
    }
}

/// "/package.Service/Method", split.
public struct MethodPath: Sendable, Hashable, CustomStringConvertible {
    public let service: String
    public let method: String
    public var description: String { "/\(service)/\(method)" }

    public init(service: String, method: String) { self.service = service; self.method = method }

    /// Parses "/service/method": printable ASCII, exactly two slashes, neither part empty.
    /// Works on the UTF-8 bytes: this runs once per call.
    public init?(_ path: String) {
        var path = path
        let parts: (String, String)? = path.withUTF8 { b in
            guard b.count >= 4, b[0] == 0x2F else { return nil }
            var second = 0
            for i in 1..<b.count {
                let c = b[i]
                guard c > 0x20 && c < 0x7F else { return nil }
                if c == 0x2F {
                    guard second == 0 else { return nil }
                    second = i
                }
            }
            guard second > 1, second < b.count - 1 else { return nil }
            return (String(decoding: UnsafeBufferPointer(rebasing: b[1..<second]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: b[(second + 1)...]), as: UTF8.self))
        }
        guard let parts else { return nil }
        service = parts.0; method = parts.1
    }
}

// Writing protobuf bytes directly, without building protobuf-c structs first: for the hot
// answers (the sentiment plugin's result, once per document). The output is byte for byte what
// protobuf-c's `protobuf_c_message_pack` writes for the same message (tested against it in
// ProtoEncoderTests), which for proto3 fields without presence means:
// - fields in field-number order;
// - a scalar field is left out when it is zero (a double when it compares equal to 0, so -0.0
//   too, but not NaN);
// - a string is written up to its first NUL byte (protobuf-c reads `char *`), and left out when
//   that is empty;
// - a message field is written whenever it is set, even when empty;
// - repeated uint32 fields are packed; an empty repeated field is left out.

/// A growing byte buffer with protobuf's field writers. Length-delimited fields whose size is not
/// known in advance (`message`) get a one-byte length that is widened after their content is
/// written, moving the content when it is 128 bytes or more.
public final class ProtoEncoder {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var length = 0
    /// Bytes written so far.
    public var count: Int { @inline(__always) get { length } }

    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: length) { buf, n in
            if length > 0 { buf.baseAddress!.update(from: base, count: length) }
            n = length
        }
    }

    /// Starts again, keeping the memory.
    public func reset() { length = 0 }

    @inline(__always)
    private func reserve(_ n: Int) {
        if length + n > capacity { grow(length + n) }
    }

    @inline(never)
    private func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: length)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always)
    public func byte(_ b: UInt8) {
        reserve(1)
        base[length] = b
        length += 1
    }

    @inline(__always)
    public func varint(_ value: UInt64) {
        reserve(10)
        var v = value
        while v >= 0x80 {
            base[length] = UInt8(truncatingIfNeeded: v) | 0x80
            length += 1
            v >>= 7
        }
        base[length] = UInt8(truncatingIfNeeded: v)
        length += 1
    }

    @inline(__always)
    private func tag(_ field: UInt32, _ wireType: UInt32) {
        let t = field << 3 | wireType
        if t < 0x80 { byte(UInt8(t)) } else { varint(UInt64(t)) }
    }

    /// A uint32 or enum field (wire type 0); left out when 0.
    @inline(__always)
    public func uint32(_ field: UInt32, _ value: UInt32) {
        if value == 0 { return }
        tag(field, 0)
        varint(UInt64(value))
    }

    /// An int64 field (wire type 0, two's complement in ten bytes when negative); left out when 0.
    public func int64(_ field: UInt32, _ value: Int64) {
        if value == 0 { return }
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }

    /// A double field (wire type 1); left out when it equals 0 (as protobuf-c: -0.0 too).
    @inline(__always)
    public func double(_ field: UInt32, _ value: Double) {
        if value == 0 { return }
        tag(field, 1)
        reserve(8)
        UnsafeMutableRawPointer(base + length).storeBytes(of: value.bitPattern.littleEndian, as: UInt64.self)
        length += 8
    }

    /// A string field from UTF-8 bytes: up to the first NUL; left out when that is empty.
    public func string(_ field: UInt32, utf8: UnsafeBufferPointer<UInt8>) {
        var n = 0
        while n < utf8.count && utf8[n] != 0 { n += 1 }
        if n == 0 { return }
        tag(field, 2)
        varint(UInt64(n))
        reserve(n)
        (base + length).update(from: utf8.baseAddress!, count: n)
        length += n
    }

    /// A string field; as `string(_:utf8:)`.
    public func string(_ field: UInt32, _ value: String) {
        if value.isEmpty { return }
        var s = value
        s.withUTF8 { string(field, utf8: $0) }
    }

    /// A packed repeated uint32 field; left out when empty.
    public func packedUInt32(_ field: UInt32, _ values: UnsafeBufferPointer<UInt32>) {
        if values.isEmpty { return }
        var size = 0
        for v in values { size += ProtoEncoder.varintSize(UInt64(v)) }
        tag(field, 2)
        varint(UInt64(size))
        for v in values { varint(UInt64(v)) }
    }

    public func packedUInt32(_ field: UInt32, _ values: [UInt32]) {
        values.withUnsafeBufferPointer { packedUInt32(field, $0) }
    }

    /// A message field (always written: a set message field is present even when empty), its
    /// content written by `body`.
    @inline(__always)
    public func message(_ field: UInt32, _ body: (ProtoEncoder) -> Void) {
        tag(field, 2)
        let at = beginLength()
        body(self)
        endLength(at)
    }

    /// Reserves a one-byte length; returns where the content starts.
    @inline(__always)
    public func beginLength() -> Int {
        byte(0)
        return length
    }

    /// Writes the length of the content since `start` (from `beginLength`).
    @inline(__always)
    public func endLength(_ start: Int) {
        let size = length - start
        if size < 0x80 {
            base[start - 1] = UInt8(size)
            return
        }
        widenLength(start, size)
    }

    @inline(never)
    private func widenLength(_ start: Int, _ size: Int) {
        let extra = ProtoEncoder.varintSize(UInt64(size)) - 1
        reserve(extra)
        (base + start + extra).update(from: base + start, count: size)   // memmove: overlapping is fine
        var v = UInt64(size)
        var at = start - 1
        while v >= 0x80 {
            base[at] = UInt8(truncatingIfNeeded: v) | 0x80
            at += 1
            v >>= 7
        }
        base[at] = UInt8(truncatingIfNeeded: v)
        length += extra
    }

    @inline(__always)
    public static func varintSize(_ v: UInt64) -> Int {
        // 1 + floor(bits / 7), with 0 taking one byte.
        let bits = 64 - (v | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }
}

// MARK: The analysis messages

extension SentimentScore {
    /// Its fields (the content of a SentimentScore message).
    @inline(__always)
    public func encodeFields(_ e: ProtoEncoder) {
        e.double(1, compound); e.double(2, positive); e.double(3, negative); e.double(4, neutral)
    }
}

extension Span {
    @inline(__always)
    public func encodeFields(_ e: ProtoEncoder) {
        e.uint32(1, start); e.uint32(2, end)
    }
}

extension SentimentResult {
    /// Its fields, as `protobuf()` writes them.
    public func encodeFields(_ e: ProtoEncoder) {
        e.message(1) { document.encodeFields($0) }
        for s in sentences {
            e.message(2) { e in
                e.message(1) { s.span.encodeFields($0) }
                e.message(2) { s.score.encodeFields($0) }
            }
        }
        for x in entities {
            e.message(3) { e in
                e.string(1, x.name)
                e.uint32(2, x.kind.rawValue)
                e.string(3, x.title)
                for m in x.mentions { e.message(4) { m.encodeFields($0) } }
                e.packedUInt32(5, x.sentences)
                e.message(6) { x.score.encodeFields($0) }
            }
        }
    }

    /// The same bytes as `protobuf()`, written directly.
    public func encoded() -> [UInt8] {
        let e = ProtoEncoder(capacity: 256 + 64 * sentences.count + 128 * entities.count)
        encodeFields(e)
        return e.bytes
    }

    /// A DocumentAnalysis holding only this result: the same bytes as
    /// `DocumentAnalysis(sentiment: self).protobuf()`, written directly.
    public func encodedAsDocumentAnalysis() -> [UInt8] {
        let e = ProtoEncoder(capacity: 256 + 64 * sentences.count + 128 * entities.count)
        e.message(3) { encodeFields($0) }
        return e.bytes
    }
}

/// Writes a SentimentResult (or a DocumentAnalysis holding only one) straight into protobuf bytes,
/// without building the Swift values first: the same bytes as `SentimentResult.protobuf()` (or
/// `DocumentAnalysis(sentiment:).protobuf()`) for the same content. Calls must come in field
/// order: `document`, then every `sentence`, then every entity (`beginEntity`, its `mention`s,
/// `endEntity`), then `finish`.
public final class SentimentResultWriter {
    private let e: ProtoEncoder
    private let asDocumentAnalysis: Bool
    private var outer = 0
    private var entityStart = 0

    public init(asDocumentAnalysis: Bool, capacity: Int = 4096) {
        e = ProtoEncoder(capacity: capacity)
        self.asDocumentAnalysis = asDocumentAnalysis
        if asDocumentAnalysis {
            e.byte(3 << 3 | 2)   // DocumentAnalysis.sentiment
            outer = e.beginLength()
        }
    }

    public func document(_ score: SentimentScore) {
        e.message(1) { score.encodeFields($0) }
    }

    public func sentence(start: UInt32, end: UInt32, score: SentimentScore) {
        e.message(2) { e in
            e.message(1) { e in e.uint32(1, start); e.uint32(2, end) }
            e.message(2) { score.encodeFields($0) }
        }
    }

    public func beginEntity(name: String, kind: EntityKind, title: String) {
        e.byte(3 << 3 | 2)
        entityStart = e.beginLength()
        e.string(1, name)
        e.uint32(2, kind.rawValue)
        e.string(3, title)
    }

    public func mention(start: UInt32, end: UInt32) {
        e.message(4) { e in e.uint32(1, start); e.uint32(2, end) }
    }

    public func endEntity(sentences: UnsafeBufferPointer<UInt32>, score: SentimentScore) {
        e.packedUInt32(5, sentences)
        e.message(6) { score.encodeFields($0) }
        e.endLength(entityStart)
    }

    public func finish() -> [UInt8] {
        if asDocumentAnalysis { e.endLength(outer) }
        return e.bytes
    }
}

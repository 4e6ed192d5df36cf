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

#if canImport(Glibc)
import Glibc
#endif

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
        guard let start = utf8.baseAddress, !utf8.isEmpty else { return }
        let n = memchr(start, 0, utf8.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? utf8.count
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
        write(maxBytes: size) { c in for v in values { c.varint32(v) } }
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

    /// Whether every byte is below 0x80 and none is 0: eight at a time, the last eight (or, below
    /// eight bytes, the first and last four) read overlapping the ones before (a byte read twice is
    /// tested twice, with the same answer); below four bytes, one at a time.
    static func isASCIIWithoutNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        let raw = UnsafeRawPointer(p)
        // A top bit set, or a zero byte (`(w - 0x01…) & ~w` sets the top bit of the first).
        @inline(__always) func bad(_ w: UInt64) -> Bool {
            (w | ((w &- 0x0101_0101_0101_0101) & ~w)) & 0x8080_8080_8080_8080 != 0
        }
        @inline(__always) func bad(_ w: UInt32) -> Bool {
            (w | ((w &- 0x0101_0101) & ~w)) & 0x8080_8080 != 0
        }
        if n >= 8 {
            var i = 0
            while i < n &- 8 {
                if bad(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return false }
                i &+= 8
            }
            return !bad(raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
        }
        if n >= 4 {
            return !bad(raw.loadUnaligned(as: UInt32.self)) && !bad(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self))
        }
        for i in 0..<n where p[i] == 0 || p[i] >= 0x80 { return false }
        return true
    }

    /// A string field from bytes known to hold no NUL (left out when empty).
    func stringWithoutNUL(_ field: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        let n = bytes.count
        tag(field, 2)
        varint(UInt64(n))
        reserve(n)
        (base + length).update(from: from, count: n)
        length += n
    }

    @inline(__always)
    public static func varintSize(_ v: UInt64) -> Int {
        // 1 + floor(bits / 7), with 0 taking one byte.
        let bits = 64 - (v | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }
}

// MARK: Small fields without a capacity check each

/// A write position inside an encoder's buffer with room already made (`ProtoEncoder.write`):
/// the small fields of the hot messages are stored through it without a check each, and the
/// encoder's length is set once at the end.
struct Cursor {
    var q: UnsafeMutablePointer<UInt8>

    @inline(__always)
    mutating func byte(_ b: UInt8) { q.pointee = b; q += 1 }

    @inline(__always)
    mutating func varint32(_ value: UInt32) {
        // (Offsets in a text are mostly below 2^14: two bytes, written without a loop.)
        if value < 0x4000 {
            if value < 0x80 { q.pointee = UInt8(truncatingIfNeeded: value); q += 1; return }
            q[0] = UInt8(truncatingIfNeeded: value) | 0x80; q[1] = UInt8(truncatingIfNeeded: value >> 7); q += 2
            return
        }
        var v = value
        while v >= 0x80 { q.pointee = UInt8(truncatingIfNeeded: v) | 0x80; q += 1; v >>= 7 }
        q.pointee = UInt8(truncatingIfNeeded: v); q += 1
    }

    /// A uint32 field whose tag is one byte; nothing when 0.
    @inline(__always)
    mutating func uint32(_ tag: UInt8, _ v: UInt32) {
        if v != 0 { byte(tag); varint32(v) }
    }

    @inline(__always)
    mutating func double(_ tag: UInt8, _ v: Double) {
        if v == 0 { return }
        q.pointee = tag
        UnsafeMutableRawPointer(q + 1).storeBytes(of: v.bitPattern.littleEndian, as: UInt64.self)
        q += 9
    }

    /// A string field with a one-byte tag, from bytes that hold no NUL; nothing when empty.
    @inline(__always)
    mutating func string(_ tag: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        byte(tag)
        varint32(UInt32(bytes.count))
        q.update(from: from, count: bytes.count)
        q += bytes.count
    }

    /// A packed repeated uint32 field with a one-byte tag, whose values take `size` bytes;
    /// nothing when empty.
    @inline(__always)
    mutating func packed(_ tag: UInt8, _ values: UnsafeBufferPointer<UInt32>, size: Int) {
        if values.isEmpty { return }
        byte(tag)
        varint32(UInt32(size))
        for v in values { varint32(v) }
    }

    /// A SentimentScore message field with a one-byte tag.
    @inline(__always)
    mutating func score(_ tag: UInt8, _ s: SentimentScore) {
        byte(tag)
        byte(UInt8(ProtoEncoder.scoreSize(s)))   // at most 36
        double(1 << 3 | 1, s.compound); double(2 << 3 | 1, s.positive)
        double(3 << 3 | 1, s.negative); double(4 << 3 | 1, s.neutral)
    }

    /// A SentenceSentiment, as a field of SentimentResult (at most 54 bytes).
    @inline(__always)
    mutating func sentence(_ start: UInt32, _ end: UInt32, _ s: SentimentScore) {
        let size = 2 + Cursor.spanSize(start, end) + 2 + ProtoEncoder.scoreSize(s)
        byte(2 << 3 | 2)
        byte(UInt8(size))   // at most 52: one byte
        span(1 << 3 | 2, start, end)
        score(2 << 3 | 2, s)
    }

    /// A Span message field with a one-byte tag (always written, even when empty).
    // (Transparent: @inline(__always) left it out of line in the loops over mentions.)
    @_transparent
    mutating func span(_ tag: UInt8, _ start: UInt32, _ end: UInt32) {
        if Cursor.twoByteVarints(start, end) {
            // The eight bytes the general path below writes for them, in one store: the tag, the
            // size 6, then each field's tag and its varint's two bytes.
            let s = UInt64(start), e = UInt64(end)
            let w = UInt64(tag) | 6 << 8 | (1 << 3) << 16 | (s & 0x7F | 0x80) << 24 | (s >> 7) << 32
                | (2 << 3) << 40 | (e & 0x7F | 0x80) << 48 | (e >> 7) << 56
            UnsafeMutableRawPointer(q).storeBytes(of: w.littleEndian, as: UInt64.self)
            q += 8
            return
        }
        byte(tag)
        byte(UInt8(Cursor.spanSize(start, end)))   // at most 12
        uint32(1 << 3, start); uint32(2 << 3, end)
    }

    /// Whether both values take two bytes as varints (128 ..< 16384, as most offsets in a text do).
    @inline(__always)
    static func twoByteVarints(_ a: UInt32, _ b: UInt32) -> Bool {
        // (An unsigned difference below the range's length: values below 128 wrap to large ones.)
        a &- 0x80 < 0x3F80 && b &- 0x80 < 0x3F80
    }

    /// The size of a Span message's fields (each uint32 left out when 0).
    @inline(__always)
    static func spanSize(_ start: UInt32, _ end: UInt32) -> Int {
        twoByteVarints(start, end) ? 6 : ProtoEncoder.uint32FieldSize(start) + ProtoEncoder.uint32FieldSize(end)
    }
}

extension ProtoEncoder {
    /// Makes room for `maxBytes`, then lets `body` write at most that many through a cursor.
    @inline(__always)
    func write(maxBytes: Int, _ body: (inout Cursor) -> Void) {
        reserve(maxBytes)
        var c = Cursor(q: base + length)
        body(&c)
        length = c.q - base
    }

    /// The size of a uint32 as a varint.
    @inline(__always)
    static func varint32Size(_ v: UInt32) -> Int { v < 0x80 ? 1 : v < 0x4000 ? 2 : varintSize(UInt64(v)) }

    /// The size of a uint32 field with its one-byte tag (0 when the field is left out).
    @inline(__always)
    static func uint32FieldSize(_ v: UInt32) -> Int {
        v == 0 ? 0 : v < 0x80 ? 2 : v < 0x4000 ? 3 : 1 + varintSize(UInt64(v))
    }

    /// The size of the fields of a SentimentScore (each double, when not 0, a tag and 8 bytes).
    @inline(__always)
    static func scoreSize(_ s: SentimentScore) -> Int {
        // (`v == 0` for 0 and -0 alone, the doubles whose bits are 0 but for the sign; read as
        // integers, without the floating-point compare's care for NaN.)
        @inline(__always) func size(_ v: Double) -> Int { v.bitPattern << 1 == 0 ? 0 : 9 }
        return size(s.compound) + size(s.positive) + size(s.negative) + size(s.neutral)
    }
}

// MARK: The analysis messages

extension SentimentResult {
    /// The same bytes as `protobuf()`, written directly (by `SentimentResultWriter`).
    public func encoded() -> [UInt8] { write(asDocumentAnalysis: false) }

    /// A DocumentAnalysis holding only this result: the same bytes as
    /// `DocumentAnalysis(sentiment: self).protobuf()`, written directly.
    public func encodedAsDocumentAnalysis() -> [UInt8] { write(asDocumentAnalysis: true) }

    private func write(asDocumentAnalysis: Bool) -> [UInt8] {
        let w = SentimentResultWriter(asDocumentAnalysis: asDocumentAnalysis, capacity: 256 + 64 * sentences.count + 128 * entities.count)
        w.document(document)
        let spans = sentences.flatMap { [$0.span.start, $0.span.end] }, scores = sentences.map(\.score)
        spans.withUnsafeBufferPointer { sp in scores.withUnsafeBufferPointer { w.sentences(spans: sp, scores: $0) } }
        for x in entities { w.entity(x) }
        return w.finish()
    }
}

extension SentimentResultWriter {
    /// Writes `x` in one call (`entity(name:kind:title:mentions:sentences:score:)`), or, when
    /// `inParts`, in three steps (`beginEntity`, each `mention`, `endEntity`): the same bytes.
    public func entity(_ x: EntitySentiment, inParts: Bool = false) {
        var name = x.name, title = x.title
        name.withUTF8 { n in
            title.withUTF8 { t in
                if inParts {
                    beginEntity(name: n, kind: x.kind, title: t)
                    for m in x.mentions { mention(start: m.start, end: m.end) }
                    x.sentences.withUnsafeBufferPointer { endEntity(sentences: $0, score: x.score) }
                    return
                }
                let pairs = x.mentions.flatMap { [$0.start, $0.end] }
                pairs.withUnsafeBufferPointer { m in
                    x.sentences.withUnsafeBufferPointer { entity(name: n, kind: x.kind, title: t, mentions: m, sentences: $0, score: x.score) }
                }
            }
        }
    }
}

/// Writes a SentimentResult (or a DocumentAnalysis holding only one) straight into protobuf bytes,
/// without building the Swift values first: the same bytes as `SentimentResult.protobuf()` (or
/// `DocumentAnalysis(sentiment:).protobuf()`) for the same content. Calls must come in field
/// order: `document`, then every `sentence`, then every entity (`beginEntity`, its `mention`s,
/// `endEntity`), then `finish`.
///
/// A sentence (at most 54 bytes: a span of two uint32s and four doubles), a mention (at most 14)
/// and a score (at most 38) are written after one capacity check, through a `Cursor`.
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
        e.write(maxBytes: 2 + 36) { $0.score(1 << 3 | 2, score) }
    }

    public func sentence(start: UInt32, end: UInt32, score: SentimentScore) {
        e.write(maxBytes: 2 + 52) { $0.sentence(start, end, score) }
    }

    /// Every sentence at once: `sentence` for each (start, end) pair in `spans` (start, end, start,
    /// end, ...) with the score of the same index, after one capacity check.
    public func sentences(spans: UnsafeBufferPointer<UInt32>, scores: UnsafeBufferPointer<SentimentScore>) {
        precondition(spans.count == 2 * scores.count, "a span for each score")
        e.write(maxBytes: (2 + 52) * scores.count) { c in
            for k in 0..<scores.count { c.sentence(spans[2 * k], spans[2 * k + 1], scores[k]) }
        }
    }

    public func beginEntity(name: String, kind: EntityKind, title: String) {
        var name = name, title = title
        name.withUTF8 { n in title.withUTF8 { t in beginEntity(name: n, kind: kind, title: t) } }
    }

    /// The same from the UTF-8 bytes of the name and title (nil: none). Bytes that are not valid
    /// UTF-8 are written as the String made of them would be (repaired), so both forms agree.
    public func beginEntity(name: UnsafeBufferPointer<UInt8>, kind: EntityKind, title: UnsafeBufferPointer<UInt8>?) {
        e.byte(3 << 3 | 2)
        entityStart = e.beginLength()
        string(1, name)
        e.uint32(2, kind.rawValue)
        if let title { string(3, title) }
    }

    private func string(_ field: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) {
        // (ASCII without a NUL byte, as names mostly are, is written as it is by either path.)
        if ProtoEncoder.isASCIIWithoutNUL(bytes) { e.stringWithoutNUL(field, bytes); return }
        if UTF8Validation.isValid(bytes) { e.string(field, utf8: bytes) } else { e.string(field, String(decoding: bytes, as: UTF8.self)) }
    }

    public func mention(start: UInt32, end: UInt32) {
        e.write(maxBytes: 14) { $0.span(4 << 3 | 2, start, end) }
    }

    /// A whole entity in one call: the same bytes as `beginEntity`, then `mention` for each
    /// (start, end) pair in `mentions` (start, end, start, end, ...), then `endEntity`. When the
    /// name and title are ASCII without NUL bytes (as they mostly are: then both ways of writing a
    /// string give their bytes as they are), it is written after one capacity check, through a
    /// `Cursor`.
    public func entity(name: UnsafeBufferPointer<UInt8>, kind: EntityKind, title: UnsafeBufferPointer<UInt8>?,
                       mentions: UnsafeBufferPointer<UInt32>, sentences: UnsafeBufferPointer<UInt32>, score: SentimentScore) {
        let pairs = mentions.count / 2
        guard ProtoEncoder.isASCIIWithoutNUL(name), title.map({ ProtoEncoder.isASCIIWithoutNUL($0) }) ?? true else {
            beginEntity(name: name, kind: kind, title: title)
            e.write(maxBytes: 14 * pairs) { c in
                for k in 0..<pairs { c.span(4 << 3 | 2, mentions[2 * k], mentions[2 * k + 1]) }
            }
            endEntity(sentences: sentences, score: score)
            return
        }
        var packed = 0
        for v in sentences { packed += ProtoEncoder.varint32Size(v) }
        let strings = 12 + name.count + (title?.count ?? 0)   // each with a tag and a length of at most 5
        entityStart = e.count + 2
        e.write(maxBytes: 2 + strings + 6 + 14 * pairs + 6 + packed + 2 + 36) { c in
            c.byte(3 << 3 | 2)
            c.byte(0)   // the length, set by `endLength`
            c.string(1 << 3 | 2, name)
            c.uint32(2 << 3, kind.rawValue)
            if let title { c.string(3 << 3 | 2, title) }
            for k in 0..<pairs { c.span(4 << 3 | 2, mentions[2 * k], mentions[2 * k + 1]) }
            c.packed(5 << 3 | 2, sentences, size: packed)
            c.score(6 << 3 | 2, score)
        }
        e.endLength(entityStart)
    }

    public func endEntity(sentences: UnsafeBufferPointer<UInt32>, score: SentimentScore) {
        var packed = 0
        for v in sentences { packed += ProtoEncoder.varint32Size(v) }
        e.write(maxBytes: 6 + packed + 2 + 36) { c in
            c.packed(5 << 3 | 2, sentences, size: packed)
            c.score(6 << 3 | 2, score)
        }
        e.endLength(entityStart)
    }

    public func finish() -> [UInt8] {
        if asDocumentAnalysis { e.endLength(outer) }
        return e.bytes
    }
}

// A byte-keyed hash table of every word the scorer knows: lexicon entries, boosters,
// negations and the handful of words the rules test for by name. Built once; looked up
// with a lower-cased byte slice, so scoring never makes a String per token.

/// What a rule needs to know about one known word.
struct WordInfo: Sendable {
    static let inLexicon: UInt8 = 1
    static let isBooster: UInt8 = 2
    static let isNegation: UInt8 = 4
    static let inPhrase: UInt8 = 8
    /// With `isBooster`: a dampener (-0.293) rather than an intensifier (+0.293).
    static let isDampener: UInt8 = 16

    /// The lexicon's mean valence (meaningful with `inLexicon`).
    var valence: Double = 0
    var flags: UInt8 = 0
    var role: Role = .none

    /// The booster/dampener increment (meaningful with `isBooster`).
    @inline(__always)
    var booster: Double { flags & WordInfo.isDampener != 0 ? -Weights.boosterIncrement : Weights.boosterIncrement }
}

/// Words that rules test for by name.
///
/// A byte rather than an enum, so that reading one from a token's bits is free (an enum's
/// init(rawValue:) has to check the value).
struct Role: Equatable, Sendable {
    let rawValue: UInt8

    static let none = Role(rawValue: 0)
    static let no = Role(rawValue: 1)
    static let kind = Role(rawValue: 2)
    static let of = Role(rawValue: 3)
    static let least = Role(rawValue: 4)
    static let at = Role(rawValue: 5)
    static let very = Role(rawValue: 6)
    static let never = Role(rawValue: 7)
    static let so = Role(rawValue: 8)
    static let this = Role(rawValue: 9)
    static let without = Role(rawValue: 10)
    static let doubt = Role(rawValue: 11)
    static let or = Role(rawValue: 12)
    static let nor = Role(rawValue: 13)
    static let but = Role(rawValue: 14)
}

struct WordTable: Sendable {
    private(set) var infos: [WordInfo] = []
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    /// Open addressing, linear probing; -1 is empty, else an index into `infos`.
    private var slots: [Int32]
    private var mask: Int

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    // FNV-1a, 64-bit, folded; usable byte by byte while lower-casing.
    static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func hashStep(_ h: UInt64, _ b: UInt8) -> UInt64 {
        (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
    }

    @inline(__always)
    static func hashFull(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = hashSeed
        for b in bytes { h = hashStep(h, b) }
        return hashMix(h)
    }

    /// Final mixing, so that both the low bits (the slot) and the high bits (the tag) depend
    /// on every byte.
    @inline(__always)
    static func hashMix(_ h: UInt64) -> UInt64 {
        var x = h ^ (h >> 31)
        x = x &* 0x9E37_79B9_7F4A_7C15
        return x ^ (x >> 29)
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        Int(truncatingIfNeeded: hashFull(bytes))
    }

    /// The id of `bytes`, or -1.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = WordTable.hash(bytes)
        return slots.withUnsafeBufferPointer { slots in
            keyBytes.withUnsafeBufferPointer { keys in
                var slot = h & mask
                while true {
                    let id = slots[slot]
                    if id < 0 { return -1 }
                    let n = Int(keyLength[Int(id)])
                    if n == bytes.count {
                        let s = Int(keyStart[Int(id)])
                        var same = true
                        var k = 0
                        while k < n {
                            if keys[s + k] != bytes[k] { same = false; break }
                            k += 1
                        }
                        if same { return id }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The id of `bytes`, adding an empty entry when it is new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let found = lookup(bytes)
        if found >= 0 { return found }
        if (infos.count + 1) * 2 > slots.count { grow() }
        let id = Int32(infos.count)
        keyStart.append(Int32(keyBytes.count))
        keyLength.append(Int32(bytes.count))
        keyBytes.append(contentsOf: bytes)
        infos.append(WordInfo())
        place(id, hash: WordTable.hash(bytes))
        return id
    }

    mutating func intern(_ word: String) -> Int32 {
        var word = word
        return word.withUTF8 { intern($0) }
    }

    var keyBytesForFreeze: [UInt8] { keyBytes }
    var slotsForFreeze: [Int32] { slots }
    func span(_ id: Int) -> (start: Int32, length: Int32) { (keyStart[id], keyLength[id]) }

    mutating func update(_ id: Int32, _ body: (inout WordInfo) -> Void) {
        body(&infos[Int(id)])
    }

    private mutating func place(_ id: Int32, hash: Int) {
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<infos.count {
            let s = Int(keyStart[id]), n = Int(keyLength[id])
            let h = keyBytes.withUnsafeBufferPointer { WordTable.hash(UnsafeBufferPointer(rebasing: $0[s..<(s + n)])) }
            place(Int32(id), hash: h)
        }
    }
}

/// The finished table in raw storage, for lookups without bounds checks or reference
/// counting in the tokenizer's inner loop. Immutable after init, hence Sendable.
///
/// Open addressing with the entries in the slots: each slot holds the first 16 bytes of a key
/// (zero-padded) and the token bits the tokenizer writes for it (its id, flags and role:
/// `SentimentAnalyzer.Token`) with the key's length in the top byte, so a lookup that finds a
/// word reads one slot. A word's valence, and the rest of a key longer than 16 bytes, are
/// found by its id.
final class FrozenWordTable: @unchecked Sendable {
    struct Slot {
        var key0: UInt64
        var key1: UInt64
        /// Token bits, and the key's length (at most 255: longer keys show 255) in bits 56...63;
        /// 0 for an empty slot.
        var bits: UInt64
    }

    struct Record {
        var valence: Double
        var length: Int
        var overflowStart: Int
    }

    private let records: UnsafeMutableBufferPointer<Record>
    private let overflow: UnsafeMutableBufferPointer<UInt8>
    private let slots: UnsafeMutableBufferPointer<Slot>
    private let mask: Int
    /// One bit per value of the top 16 bits of a key's hash, set for every key. Most tokens
    /// are not in the table, and most of those are turned away by one load from these 8 KiB.
    /// They sit right before the slots, in one allocation: a lookup reaches both from the slots'
    /// address (one register fewer in the tokenizer's loop).
    private let filter: UnsafeMutablePointer<UInt64>
    static let filterWords = 1024

    init(_ table: WordTable) {
        let count = table.infos.count
        records = .allocate(capacity: max(1, count))
        var overflowBytes: [UInt8] = []
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        let filterBytes = FrozenWordTable.filterWords * MemoryLayout<UInt64>.stride
        let block = UnsafeMutableRawPointer.allocate(byteCount: filterBytes + capacity * MemoryLayout<Slot>.stride,
                                                     alignment: 16)
        filter = block.bindMemory(to: UInt64.self, capacity: FrozenWordTable.filterWords)
        filter.initialize(repeating: 0, count: FrozenWordTable.filterWords)
        slots = UnsafeMutableBufferPointer(start: (block + filterBytes).bindMemory(to: Slot.self, capacity: capacity),
                                           count: capacity)
        slots.initialize(repeating: Slot(key0: 0, key1: 0, bits: 0))
        mask = capacity - 1
        let all = table.keyBytesForFreeze
        // Shorter keys are placed first, so that they sit at (or near) their home slot: the
        // words most tokens are (the, of, to, for, but, no, ...) are short, and are found with
        // one or two probes. (Which slot a key lands in changes nothing else.)
        let order = (0..<count).sorted { (table.span($0).length, $0) < (table.span($1).length, $1) }
        for id in order {
            let span = table.span(id)
            let key = Array(all[Int(span.start)..<Int(span.start + span.length)])
            let padded = key + [UInt8](repeating: 0, count: 16)  // keyWords reads 16 bytes
            let (k0, k1) = padded.withUnsafeBufferPointer { FrozenWordTable.keyWords($0.baseAddress!, key.count) }
            let info = table.infos[id]
            records[id] = Record(valence: info.valence, length: key.count, overflowStart: overflowBytes.count)
            if key.count > 16 { overflowBytes.append(contentsOf: key[16...]) }
            // No token is empty: an empty key is never looked up, and not placed.
            if key.isEmpty { continue }
            let h = padded.withUnsafeBufferPointer { FrozenWordTable.hashKey($0.baseAddress!, key.count) }
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot].bits != 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(key0: k0, key1: k1,
                               bits: SentimentAnalyzer.Token.bits(id: Int32(id), info) | UInt64(min(key.count, 255)) << 56)
            filter[Int(h >> 54)] |= 1 << ((h >> 48) & 63)
        }
        overflow = .allocate(capacity: max(1, overflowBytes.count))
        _ = overflow.initialize(from: overflowBytes)
    }

    deinit {
        records.deallocate()
        overflow.deallocate()
        filter.deallocate()  // and the slots after it
    }

    /// The first 16 bytes of a key of `count` bytes at `p`, zero-padded, as two words.
    /// Reads 16 bytes from `p` whatever `count` is.
    @inline(__always)
    static func keyWords(_ p: UnsafePointer<UInt8>, _ count: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(p)
        var a = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if count < 8 {
            a &= (1 << UInt64(8 * count)) &- 1
            b = 0
        } else if count < 16 {
            b &= (1 << UInt64(8 * (count - 8))) &- 1
        }
        return (a, b)
    }

    /// The valence of word `id`.
    @inline(__always)
    func valence(_ id: Int32) -> Double { records[Int(id)].valence }

    /// The hash of a key of at most 16 bytes given as `keyWords` gives them: one 64 × 64 → 128
    /// bit multiply, folded (the key's length is not hashed: keys of different lengths differ
    /// in their padding, or else are told apart by the length in the slot). With `k1` zero —
    /// keys of at most 8 bytes — it is a single multiply.
    @inline(__always)
    static func hashWords(_ k0: UInt64, _ k1: UInt64) -> UInt64 {
        let x = k0 ^ (k1 &* 0xC2B2_AE3D_27D4_EB4F)
        let m = x.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return m.high ^ m.low
    }

    /// The hash the table is built with, of the `count` bytes at `p` (readable for count + 16
    /// bytes): its first 16 bytes as two words, then the rest byte by byte.
    @inline(__always)
    static func hashKey(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let (k0, k1) = keyWords(p, count)
        var h = hashWords(k0, k1)
        if count > 16 {
            for k in 16..<count { h = WordTable.hashStep(h, p[k]) }
            h = WordTable.hashMix(h)
        }
        return h
    }

    /// The table's raw parts, to be held in the tokenizer's locals.
    var lookup: WordLookup { WordLookup(slots: UnsafePointer(slots.baseAddress!), mask: mask) }

    /// The token bits of the `count` bytes at `bytes` (readable for count + 16 bytes) whose
    /// `hashKey` is `hash`, or `Token.unknown`.
    func find(_ bytes: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> UInt64 {
        let (k0, k1) = FrozenWordTable.keyWords(bytes, count)
        if count <= 16 { return lookup.find(k0, k1, count, hash: hash) }
        if !lookup.mayContain(hash) { return SentimentAnalyzer.Token.unknown }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = slots[slot]
            if s.bits == 0 { return SentimentAnalyzer.Token.unknown }
            if s.key0 == k0 && s.key1 == k1 && s.bits >> 56 == UInt64(min(count, 255)) {
                let r = records[Int(truncatingIfNeeded: s.bits & 0xFFFF_FFFF)]
                if r.length == count && memoryEqual(overflow.baseAddress! + r.overflowStart, bytes + 16, count - 16) {
                    return s.bits & WordLookup.tokenBits
                }
            }
            slot = (slot + 1) & mask
        }
    }
}

/// Lookups of keys of at most 16 bytes in a FrozenWordTable (which must outlive it).
struct WordLookup {
    /// The slots, right after the filter's 8 KiB.
    let slots: UnsafePointer<FrozenWordTable.Slot>
    let mask: Int

    /// A slot's bits without the key length.
    static let tokenBits: UInt64 = 0x00FF_FFFF_FFFF_FFFF

    /// Whether a key with hash `h` may be in the table (if not, it is not).
    @inline(__always)
    func mayContain(_ h: UInt64) -> Bool {
        let filter = UnsafeRawPointer(slots) - FrozenWordTable.filterWords * MemoryLayout<UInt64>.stride
        let word = filter.load(fromByteOffset: Int(truncatingIfNeeded: h &>> 54) &* 8, as: UInt64.self)
        return (word &>> (h &>> 48)) & 1 != 0
    }

    /// The token bits of the key of `count` (1...16) bytes held in `k0`, `k1` (as `keyWords`
    /// gives them), or `Token.unknown`; bits 56...63 may hold the key's length.
    @inline(__always)
    func find(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> UInt64 {
        let h = FrozenWordTable.hashWords(k0, k1)
        if !mayContain(h) { return SentimentAnalyzer.Token.unknown }
        return find(k0, k1, count, hash: h)
    }

    /// The same, with its hash `h` and without the filter.
    @inline(__always)
    func find(_ k0: UInt64, _ k1: UInt64, _ count: Int, hash h: UInt64) -> UInt64 {
        var slot = Int(truncatingIfNeeded: h) & mask
        let length = UInt64(truncatingIfNeeded: count)
        while true {
            let s = slots[slot]
            // The slot's bits as they stand, the key's length in bits 56...63 included: no reader
            // of a token looks at those bits (see `SentimentAnalyzer.Token`), so they need no mask.
            if s.key0 == k0 && s.key1 == k1 && s.bits &>> 56 == length { return s.bits }
            if s.bits == 0 { return SentimentAnalyzer.Token.unknown }
            slot = (slot &+ 1) & mask
        }
    }
}

@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var k = 0
    while k < n {
        if a[k] != b[k] { return false }
        k += 1
    }
    return true
}

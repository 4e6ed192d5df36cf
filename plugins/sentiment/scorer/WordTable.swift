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
enum Role: UInt8, Sendable {
    case none, no, kind, of, least, at, very, never, so, this, without, doubt, or, nor, but
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
/// Each word is one 32-byte record holding its WordInfo and the first 16 bytes of its key
/// (zero-padded), so a lookup that finds a word usually reads a single cache line besides
/// its slot; longer keys continue in `overflow`.
final class FrozenWordTable: @unchecked Sendable {
    struct Record {
        var info: WordInfo
        var length: UInt16
        var overflowStart: Int32
        var key0: UInt64
        var key1: UInt64
    }

    private let records: UnsafeMutableBufferPointer<Record>
    private let overflow: UnsafeMutableBufferPointer<UInt8>
    /// Open addressing, linear probing: 0 is empty, else the high 32 bits of the key's hash
    /// (compared first, so a miss rarely reads a record) and id + 1.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    /// One bit per value of a 16-bit hash of a key's first 16 bytes and length (`filterBit`, two
    /// independent multiplies: quick), set for every key. Most tokens are not in the table, and
    /// most of those are turned away by one load from these 8 KiB, before the full hash is made.
    private let filter: UnsafeMutablePointer<UInt64>

    init(_ table: WordTable) {
        let count = table.infos.count
        records = .allocate(capacity: max(1, count))
        var overflowBytes: [UInt8] = []
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        filter = .allocate(capacity: 1024)
        filter.initialize(repeating: 0, count: 1024)
        slots.initialize(repeating: 0)
        mask = capacity - 1
        let all = table.keyBytesForFreeze
        for id in 0..<count {
            let span = table.span(id)
            let key = Array(all[Int(span.start)..<Int(span.start + span.length)])
            let padded = key + [UInt8](repeating: 0, count: 16)  // keyWords reads 16 bytes
            let (k0, k1) = padded.withUnsafeBufferPointer { FrozenWordTable.keyWords($0.baseAddress!, key.count) }
            records[id] = Record(info: table.infos[id], length: UInt16(truncatingIfNeeded: key.count),
                                 overflowStart: Int32(overflowBytes.count), key0: k0, key1: k1)
            // A key of 64 KiB or more cannot be stored; it is left out of the slots, so it is
            // never found (no real lexicon has one).
            if key.count > Int(UInt16.max) { continue }
            if key.count > 16 { overflowBytes.append(contentsOf: key[16...]) }
            let h = padded.withUnsafeBufferPointer { FrozenWordTable.hashKey($0.baseAddress!, key.count) }
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (h >> 32) << 32 | UInt64(id + 1)
            let bit = FrozenWordTable.filterBit(k0, k1, key.count)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        overflow = .allocate(capacity: max(1, overflowBytes.count))
        _ = overflow.initialize(from: overflowBytes)
    }

    deinit {
        records.deallocate()
        overflow.deallocate()
        slots.deallocate()
        filter.deallocate()
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

    @inline(__always)
    func info(_ id: Int32) -> WordInfo { records[Int(id)].info }

    /// The hash of a key of at most 16 bytes given as `keyWords` gives them.
    @inline(__always)
    static func hashWords(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> UInt64 {
        var h = (k0 &* 0x9E37_79B9_7F4A_7C15) ^ ((k1 &+ UInt64(truncatingIfNeeded: count)) &* 0xC2B2_AE3D_27D4_EB4F)
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 29)
    }

    /// The hash the table is built with, of the `count` bytes at `p` (readable for count + 16
    /// bytes): its first 16 bytes as two words, then the rest byte by byte.
    @inline(__always)
    static func hashKey(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let (k0, k1) = keyWords(p, count)
        var h = hashWords(k0, k1, count)
        if count > 16 {
            for k in 16..<count { h = WordTable.hashStep(h, p[k]) }
            h = WordTable.hashMix(h)
        }
        return h
    }

    /// The filter's bit for a key whose first 16 bytes are `k0`, `k1` (as `keyWords` gives them).
    @inline(__always)
    static func filterBit(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> Int {
        let h = ((k0 &+ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15) ^ (k1 &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: h >> 48)
    }

    /// Whether the key whose first 16 bytes are `k0`, `k1` may be in the table (if not, it is not).
    @inline(__always)
    func mayContain(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> Bool {
        let bit = FrozenWordTable.filterBit(k0, k1, count)
        return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The id of the key of `count` <= 16 bytes held in `k0`, `k1` (as `keyWords` gives them),
    /// or -1.
    @inline(__always)
    func find(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> Int32 {
        if !mayContain(k0, k1, count) { return -1 }
        return lookup(k0, k1, count, hash: FrozenWordTable.hashWords(k0, k1, count))
    }

    /// The id of the key of `count` <= 16 bytes held in `k0`, `k1` (as `keyWords` gives them),
    /// whose `hashKey` is `hash`, or -1.
    @inline(__always)
    func lookup(_ k0: UInt64, _ k1: UInt64, _ count: Int, hash: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = hash >> 32
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            if entry >> 32 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                let r = records[id]
                if Int(r.length) == count && r.key0 == k0 && r.key1 == k1 { return Int32(id) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of the `count` bytes at `bytes` (readable for count + 16 bytes) whose
    /// `hashKey` is `hash`, or -1.
    @inline(__always)
    func lookup(_ bytes: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> Int32 {
        let (b0, b1) = FrozenWordTable.keyWords(bytes, count)
        if !mayContain(b0, b1, count) { return -1 }
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = hash >> 32
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            if entry >> 32 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                let r = records[id]
                if Int(r.length) == count {
                    let (k0, k1) = FrozenWordTable.keyWords(bytes, count)
                    if r.key0 == k0 && r.key1 == k1
                        && (count <= 16 || memoryEqual(overflow.baseAddress! + Int(r.overflowStart), bytes + 16, count - 16)) {
                        return Int32(id)
                    }
                }
            }
            slot = (slot + 1) & mask
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

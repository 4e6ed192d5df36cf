// Named entities by rule: capitalised runs, titles, acronyms, merged across a document.
//
// How it works, per sentence:
//
// 1. Tokens: words (letters, digits and marks, joined by internal hyphens and apostrophes:
//    "Kim Jong-un", "O'Brien") and single punctuation marks. A trailing "'s"/"’s" is stripped and
//    ends a name, except on plurals that are part of names ("People's"); a trailing plural
//    apostrophe ("Workers'") does not end one. "Mr."/"Dr."/"St." and initials ("J.") keep their
//    dot; dotted acronyms ("U.S.") are one token. A hyphen between a country or acronym and a
//    capitalised word ("DPRK-Russia", "Russia-North Korea") separates two names. Hyphenated
//    adjectives ("Western-supplied", "T-shirts") and words run together ("HomeWorldAsia") are
//    not names.
// 2. Runs: maximal sequences of capitalised words. Inside a run, lowercase connectors are allowed
//    only where they make sense: "of" (and "of the") after an organisation, place or role word
//    ("Ministry of Foreign Affairs", "Republic of Korea", "Secretary of State"), "for" after an
//    organisation word, "and" once a run already has "of" ("Ministry of Culture and Tourism"), and
//    name particles ("de", "van", "bin"). A run breaks before an acronym that follows ordinary
//    words ("Republic of Korea DPRK"), after an acronym when a role or nationality follows ("DPRK
//    Chairman Kim" → "DPRK" | "Chairman Kim"; but "RINJ Foundation" stays whole), at months and
//    weekdays, at "The/A/An", and after a possessive.
// 3. Cleanup: common sentence-initial words (The, In, However, ...) are dropped from the front;
//    runs made only of nationality adjectives ("North Korean") are dropped; all-capital runs of
//    several words are labels ("ALSO READ") and dropped, except a dateline ("SEOUL - ...").
// 4. Titles: role words at the front of a run ("Russian President", "Foreign Minister",
//    "Secretary of State", "Mr.") are cut off and kept as the title; so is a lowercase role right
//    before the run with the capitalised words before it ("North Korean leader", "Kremlin
//    spokesman", "North Korea's leader"). A run that is all title is not an entity. An entity's
//    title is the first role seen; a courtesy title ("Mr.", "Dr.") only when there is no role.
// 5. An acronym in parentheses right after a name of two or more words with the same first letter
//    ("Korean Central News Agency (KCNA)"), or right after it without parentheses when it spells
//    the name's initials ("Democratic People's Republic of Korea DPRK"), becomes an alias of it.
//
// Across the document:
//
// 6. Mentions group by a normalised key (case-folded, hyphens as spaces, ’ as '), so "Kim Jong Un"
//    and "Kim Jong-un", or "Tass" and "TASS", are one entity. A one-word mention joins the unique
//    multi-word person whose name ends with it ("Putin" → "Vladimir Putin"), or, when no person
//    ends with it, the unique one whose name starts with it ("Kim" → "Kim Jong-un"); when two
//    people qualify it stays an entity of its own (a person). An acronym not otherwise known joins
//    the unique non-person name whose initials it spells ("DPRK", "US" → "United States").
//    A one-word name seen only at the start of sentences, with no other support (a title, a known
//    word, a following "said", a possessive), is dropped: it is most likely an ordinary word
//    ("Speaking", "Observers"). Generic words alone ("Treaty", "Ministry") are dropped too. A
//    two-word run opening a sentence or quotation ("Welcome Putin") is read as its second word
//    when that word is a name elsewhere and the first is seen in lowercase or opens a quotation.
// 7. Lines in Title Case with no final stop (headlines) are not mined for new names (every word is
//    capitalised there); they only add mentions of names found elsewhere, and of known places and
//    organisations.
// 8. Kind: person if any mention had a title; then a known place or organisation by name; an
//    acronym is an organisation (unless it is a country: US, UK, DPRK, ...); a name with an
//    organisation word is an organisation; with a place word, or a known place, a place; two or
//    three name-shaped words (no role, nationality, place or common-noun word) a person; one word
//    after "in"/"at"/"from" a place; otherwise `other`.
//
// The output is ordered by first mention and is deterministic.

import Synchronization

public enum EntityKind: Sendable, Hashable { case person, organization, place, other }

public struct Entity: Sendable, Equatable {
    /// Canonical: the fullest form seen, e.g. "Vladimir Putin".
    public var name: String
    public var kind: EntityKind
    /// Every mention by name, in order (the name part only: no title, no possessive).
    public var mentions: [TextSpan]
    /// A role seen before the name, e.g. "Russian President", if any.
    public var title: String?

    public init(name: String, kind: EntityKind, mentions: [TextSpan], title: String? = nil) {
        self.name = name; self.kind = kind; self.mentions = mentions; self.title = title
    }
}

/// An entity as the finder holds it, shown to `EntityFinder.forEach`: the same content as an
/// `Entity`, its name, title and mentions read in place (valid only during the visit).
public struct FoundEntity {
    public var kind: EntityKind
    /// The canonical name's UTF-8 bytes, as `Entity.name` holds them once made a String.
    public var name: UnsafeBufferPointer<UInt8>
    /// The title's UTF-8 bytes, or nil when there is none.
    public var title: UnsafeBufferPointer<UInt8>?
    /// Every mention by name, in order.
    public var mentions: UnsafeBufferPointer<TextSpan>

    /// The `Entity` with this content.
    public var entity: Entity {
        Entity(name: FoundEntity.string(name), kind: kind, mentions: Array(mentions), title: title.map(FoundEntity.string))
    }

    /// The String of UTF-8 bytes (repaired if invalid, as `String(decoding:as:)` does); made in
    /// place when it fits in a String without storage of its own (15 bytes or fewer).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count <= 15 else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { _ = $0.initialize(from: bytes); return bytes.count }
    }
}

public enum EntityFinder {
    /// People and organisations (and places) named in the text, merged across the document, in
    /// order of first mention. `sentences` are the text's sentences (`SentenceSplitter.split`); if
    /// empty, the text is split here.
    public static func find(in text: String, sentences: [TextSpan]) -> [Entity] {
        var t = text
        return t.withUTF8 { find(utf8: $0, sentences: sentences) }
    }

    /// The same for the UTF-8 text in `utf8` (valid UTF-8, e.g. a String's bytes).
    public static func find(utf8 source: UnsafeBufferPointer<UInt8>, sentences: [TextSpan]) -> [Entity] {
        var entities: [Entity] = []
        forEach(utf8: source, sentences: sentences) { entities.append($0.entity) }
        return entities
    }

    /// The same entities, in the same order, each shown to `body` as the finder holds it (no
    /// Strings or arrays made): for callers that only read them, such as an encoder. When
    /// `skippingOther`, entities of kind `.other` are left out (not made).
    public static func forEach(utf8 source: UnsafeBufferPointer<UInt8>, sentences: [TextSpan], skippingOther: Bool = false,
                               _ body: (FoundEntity) -> Void) {
        let storage = FinderStorage.take()
        // A padded copy, in the storage's memory, so that words can be read up to 64 bytes at a
        // time. (The storage, and so the copy, lives until given back below.)
        storage.paddedText.fill(source)
        let p = storage.paddedText.bytes
        let sents = sentences.isEmpty ? SentenceSplitter.split(bytes: p) : sentences
        var finder = Finder(p, storage)
        finder.run(sents, storage, skippingOther: skippingOther, body)
        storage.give(back: &finder, textLength: source.count)
    }
}

/// The finder's buffers, kept for the next document: allocating and freeing a dozen buffers
/// per document cost more than clearing them. Each is cleared when a finder takes it, so a
/// finder starts exactly as with new buffers (only their capacities differ, which no answer
/// depends on). A storage is used by one finder at a time: it is taken from the pool (under its
/// lock) and given back after the document; the pool keeps a few, for the threads that find
/// entities at once. Buffers only grow, so a storage that has served a long text is not kept:
/// what the pool holds stays bounded (the buffers grow to a few times the text's size).
final class FinderStorage: @unchecked Sendable {
    let toks = Buffer<Tok>()
    let lowercaseWords = Buffer<(Int32, Int32)>(capacity: 256)
    let strs = Buffer<UInt8>(capacity: 1024)
    // (Not checked for exclusive access at run time: a storage is used by one finder at a time.)
    @exclusivity(unchecked) var keys = KeyTable()
    let scratch = Buffer<UInt8>(capacity: 64)
    let keyScratch = Buffer<UInt8>(capacity: 64)
    let mentionMemo = MentionMemo()
    @exclusivity(unchecked) var mentions: [Mention] = []
    let headlines = HeadlineTokens()
    /// The text, padded.
    let paddedText = PaddedText(capacity: 4096)
    /// The merge's lists (`Finder.Grouping`).
    let groups = Buffer<Finder.Group>(capacity: 64)
    let links = Buffer<Int32>(capacity: 256)
    let byKey = Buffer<Int32>(capacity: 2048)

    private static let pool = Mutex<[FinderStorage]>([])
    private static let kept = 8
    /// Storages that served a text longer than this are freed, not kept.
    static let largestKeptText = 64 * 1024

    init() { mentions.reserveCapacity(64) }

    /// A storage from the pool, or a new one.
    static func take() -> FinderStorage {
        pool.withLock { $0.popLast() } ?? FinderStorage()
    }

    /// Keeps the finder's mentions array (emptied, with its capacity) and puts this storage back
    /// in the pool, unless the text it served (`textLength` bytes) was a long one.
    func give(back finder: inout Finder, textLength: Int) {
        guard textLength <= FinderStorage.largestKeptText else { return }
        finder.mentions.removeAll(keepingCapacity: true)
        mentions = finder.mentions
        finder.mentions = []
        FinderStorage.pool.withLock { if $0.count < FinderStorage.kept { $0.append(self) } }
    }
}

/// The tokens of a document's headlines as `Finder.run` made them, kept for the merge (which
/// reads headlines for names found elsewhere) so that it need not tokenize them again.
final class HeadlineTokens {
    /// All headlines' tokens, one after another.
    let toks = Buffer<Tok>(capacity: 64)
    /// Where each headline's tokens end in `toks`.
    let ends = Buffer<Int32>(capacity: 16)

    func removeAll() { toks.removeAll(); ends.removeAll() }

    /// Keeps `t`, the tokens of one headline.
    func add(_ t: Buffer<Tok>) {
        t.withUnsafeBufferPointer { toks.append(contentsOf: $0) }
        ends.append(Int32(truncatingIfNeeded: toks.count))
    }
}

// MARK: - Tokens

struct TokFlags: OptionSet {
    let rawValue: UInt16
    static let word = TokFlags(rawValue: 1 << 0)
    static let cap = TokFlags(rawValue: 1 << 1)
    static let lower = TokFlags(rawValue: 1 << 2)
    static let allCaps = TokFlags(rawValue: 1 << 3)
    static let digit = TokFlags(rawValue: 1 << 4)
    static let initial = TokFlags(rawValue: 1 << 5)
    static let dotted = TokFlags(rawValue: 1 << 6)
    static let withDot = TokFlags(rawValue: 1 << 7)
    static let possessive = TokFlags(rawValue: 1 << 8)
    static let pluralPossessive = TokFlags(rawValue: 1 << 9)
    static let clauseInitial = TokFlags(rawValue: 1 << 10)
    static let opener = TokFlags(rawValue: 1 << 11)
    /// A hyphenated adjective or common noun ("Western-supplied", "Moscow-based", "T-shirts"), or
    /// words run together ("HomeWorldAsia"; one hump as in "McDonald" is fine).
    static let compound = TokFlags(rawValue: 1 << 12)
}

struct Tok {
    // Offsets and counts as Int32 (a text is shorter than 2 GiB: `Finder.tokenize` checks), so
    // that a token takes 32 bytes, not 48; read as Int.
    private var start32: Int32
    private var end32: Int32
    var lex: Lex
    private var letters32: Int32
    var scalar: UInt32   // punctuation only
    var f: TokFlags

    @inline(__always) var start: Int { Int(start32) }
    @inline(__always) var end: Int { Int(end32) }
    @inline(__always) var letters: Int { Int(letters32) }

    @inline(__always)
    init(start: Int, end: Int, f: TokFlags, lex: Lex, letters: Int, scalar: UInt32) {
        start32 = Int32(truncatingIfNeeded: start); end32 = Int32(truncatingIfNeeded: end)
        self.f = f; self.lex = lex; letters32 = Int32(truncatingIfNeeded: letters); self.scalar = scalar
    }

    @inline(__always) var isWord: Bool { f.contains(.word) }
    @inline(__always) var isAcronym: Bool {
        (f.contains(.allCaps) && letters >= 2 && letters <= 6 && !f.contains(.digit) && !lex.contains(.roman))
            || (f.contains(.dotted) && f.contains(.allCaps))
    }
}

// MARK: - Mentions

/// A range of bytes in `Finder.strs` (names and titles are kept there as bytes; Strings are made
/// only for the entities returned).
struct ByteRange: Equatable {
    var start: Int32
    var count: Int32
    static let none = ByteRange(start: -1, count: 0)
    @inline(__always) var exists: Bool { start >= 0 }
}

/// A mention holds no references (names and keys are byte ranges and interned ids), so copying
/// one is a plain memory copy.
struct Mention {
    var span: TextSpan
    var name: ByteRange
    var key: Int32            // KeyTable id
    var lastKey: Int32        // KeyTable id of the last token's key
    var tokens: Int           // name words (connectors not counted)
    var initials: Int32 = -1  // KeyTable id of the first letters of the name words, upper-cased ("DPRK"); only when tokens >= 2
    var keyWords: Int         // words of the key (hyphens count as spaces)
    var title: ByteRange = .none
    var titleIsRole = false
    var personTitle = false
    var acronym = false
    var prep = false
    var initialOnly = false
    var support = false       // possessive, or followed by a verb of saying
    var dateline = false
    var aliasOf: Int? = nil
    var lex: Lex = []         // flags of the whole name
    var hasOrgWord = false
    var hasPlaceHead = false
    var directionalPlace = false
    var personShaped = false
    /// For a two-word run whose first word opens the sentence: the mention without that word.
    var tail: Int? = nil
    /// ... that first word (its byte offsets in the text), and whether the run opens a quotation.
    var headStart: Int32 = 0
    var headEnd: Int32 = 0
    var headAfterQuote = false
}

/// Interned matching keys: equal keys get equal ids, so the merge compares and hashes integers.
///
/// Keys were Strings, compared by Swift's String equality (canonical equivalence). For ASCII keys
/// that is byte equality, done here in a byte hash table. The first non-ASCII key switches the
/// table to a String dictionary (holding every key so far), so that keys with non-ASCII text are
/// matched exactly as Strings match.
struct KeyTable {
    let bytes = Buffer<UInt8>(capacity: 2048)
    /// Per key id: where its bytes start in `bytes` (low 32 bits) and how many (high 32 bits), so
    /// that a new key is one append and a probe reads one word.
    private let spans = Buffer<UInt64>(capacity: 128)
    /// Open addressing, linear probing: -1 is empty, else a key id.
    private var slots = Buffer<Int32>(capacity: 256)
    /// (Not stored: `Finder` stays within 128 bytes, which Swift copies without a call to memcpy.)
    private var mask: Int { slots.count &- 1 }
    private var strings: [String: Int32]? = nil

    init() {
        slots.append(repeating: -1, count: 256)
    }

    /// Empties the table: as `init` leaves it, in the buffers it has.
    mutating func removeAll() {
        bytes.removeAll(); spans.removeAll()
        slots.removeAll()
        slots.append(repeating: -1, count: 256)
        strings = nil
    }

    var count: Int { spans.count }

    @inline(__always)
    func range(_ id: Int32) -> Range<Int> {
        let sp = spans[Int(id)]
        let s = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: sp))
        return s..<(s &+ Int(truncatingIfNeeded: sp >> 32))
    }

    /// The words a key's hash is made of, read eight bytes at a time: at 0, 8, 16, ... and a last
    /// one ending at the key's end (overlapping the one before); for keys of fewer than 8 bytes the
    /// first and last four, or the first, middle and last byte. Together they hold every byte, so
    /// two keys of one length are equal when their words are. `body` gets each word in turn.
    /// Reads only the `n` bytes at `q`.
    @inline(__always)
    static func forEachWord(_ q: UnsafePointer<UInt8>, _ n: Int, _ body: (UInt64) -> Void) {
        let raw = UnsafeRawPointer(q)
        if n >= 8 {
            var i = 0
            while i < n &- 8 { body(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i &+= 8 }
            body(raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
        } else if n >= 4 {
            body(UInt64(raw.loadUnaligned(as: UInt32.self))
                 | UInt64(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)) << 32)
        } else if n > 0 {
            body(UInt64(q[0]) | UInt64(q[n >> 1]) << 8 | UInt64(q[n &- 1]) << 16)
        }
    }

    /// The slot hash of a key, and whether any of its bytes is non-ASCII.
    @inline(__always)
    static func hash(_ q: UnsafeBufferPointer<UInt8>) -> (hash: Int, ascii: Bool) {
        let n = q.count
        guard let base = q.baseAddress, n > 0 else { return (0, true) }
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        var any: UInt64 = 0
        forEachWord(base, n) { w in h = (h ^ w) &* 0xC2B2_AE3D_27D4_EB4F; any |= w }
        // (The low bits of a product depend on the low bits of its factors only: the upper half,
        // which depends on all of them, is folded in.)
        return (Int(truncatingIfNeeded: h ^ (h >> 32)), any & 0x8080_8080_8080_8080 == 0)
    }

    /// Are the `n` bytes at `a` and at `b` the same? (Word by word, as `forEachWord` reads them.)
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        if n >= 8 {
            var i = 0
            while i < n &- 8 {
                if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i &+= 8
            }
            return ra.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        if n >= 4 {
            return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
                && ra.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == rb.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        }
        return n == 0 || (a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n &- 1] == b[n &- 1])
    }

    /// The id of the key `q`, adding it when `insert` and new; nil when absent and not inserted.
    mutating func id(_ q: UnsafeBufferPointer<UInt8>, insert: Bool) -> Int32? {
        // The hash, and whether any byte is non-ASCII, in one pass.
        let (h, ascii) = KeyTable.hash(q)
        if !ascii || strings != nil { return stringID(q, insert: insert) }
        let n = q.count
        var slot = h & mask
        let found: Int32? = bytes.withUnsafeBufferPointer { keyBytes in
            slots.withUnsafeBufferPointer { slots in
                spans.withUnsafeBufferPointer { spans in
                    while true {
                        let e = slots[slot]
                        if e < 0 { return nil }
                        let sp = spans[Int(e)]
                        if Int(truncatingIfNeeded: sp >> 32) == n {
                            let s = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: sp))
                            if n == 0 || KeyTable.same(keyBytes.baseAddress! + s, q.baseAddress!, n) { return e }
                        }
                        slot = (slot &+ 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        guard insert else { return nil }
        let id = append(q)
        slots[slot] = id
        if count &* 2 > slots.count { rehash() }
        return id
    }

    /// `id` once a key with non-ASCII bytes has been seen: every key in a String dictionary (made
    /// from the keys so far when the first such key comes).
    @inline(never)
    private mutating func stringID(_ q: UnsafeBufferPointer<UInt8>, insert: Bool) -> Int32? {
        if strings == nil {
            var all: [String: Int32] = [:]
            for i in 0..<count { all[bytes.withUnsafeBufferPointer(range(Int32(i))) { String(decoding: $0, as: UTF8.self) }] = Int32(i) }
            strings = all
        }
        let key = String(decoding: q, as: UTF8.self)
        if let found = strings![key] { return found }
        guard insert else { return nil }
        let id = append(q)
        strings![key] = id
        return id
    }

    /// Keeps the bytes of a new key; returns its id.
    @inline(__always)
    private func append(_ q: UnsafeBufferPointer<UInt8>) -> Int32 {
        let id = Int32(truncatingIfNeeded: count)
        let n = q.count
        spans.append(UInt64(UInt32(truncatingIfNeeded: bytes.count)) | UInt64(truncatingIfNeeded: n) << 32)
        if n > 0 {
            // Most keys are short: copied as two overlapping words (or halves), reading and
            // writing only the `n` bytes, not by a call to memcpy.
            let to = UnsafeMutableRawPointer(bytes.reserve(room: n)), from = UnsafeRawPointer(q.baseAddress!)
            if n >= 8 && n <= 16 {
                to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self), toByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 && n < 8 {
                to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self), toByteOffset: n &- 4, as: UInt32.self)
            } else {
                to.copyMemory(from: from, byteCount: n)
            }
            bytes.didAppend(n, room: n)
        }
        return id
    }

    private mutating func rehash() {
        let size = slots.count * 2
        slots = Buffer<Int32>(capacity: size)
        slots.append(repeating: -1, count: size)
        for i in 0..<count {
            var slot = bytes.withUnsafeBufferPointer(range(Int32(i))) { KeyTable.hash($0).hash } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }
}

/// What `Finder.makeMention` works out for a name from its tokens (all but its span and title).
struct MentionParts: Equatable {
    var name: ByteRange
    var key: Int32
    var lastKey: Int32
    var initials: Int32
    var words: Int32
    var keyWords: Int32
    /// From the first token's start to the name's end.
    var length: Int32
    var lex: Lex
    var acronym: Bool
    var hasOrgWord: Bool
    var hasPlaceHead: Bool
    var personShaped: Bool
    var directionalPlace: Bool
}

/// `Finder.makeMention`'s parts in one document, by the bytes of the name's tokens: open
/// addressing over entries holding the first occurrence's byte range, token count and hash.
/// (A class: `Finder` holds one reference, and stays within 128 bytes, which Swift copies
/// without a call to memcpy.)
final class MentionMemo {
    struct Entry { var start: Int32; var end: Int32; var tokens: Int32; var hash: Int; var parts: MentionParts }
    private let entries = Buffer<Entry>(capacity: 64)
    /// -1 empty, else an index into `entries`.
    private var slots = Buffer<Int32>(capacity: 128)
    private var mask = 127

    init() { slots.append(repeating: -1, count: mask + 1) }

    /// Empties the memo: as `init` leaves it, in the buffers it has.
    func removeAll() {
        entries.removeAll()
        mask = 127
        slots.removeAll()
        slots.append(repeating: -1, count: mask + 1)
    }

    /// The parts kept for the bytes `p[s..<e]` made of `tokens + 1` tokens.
    @inline(__always)
    func find(_ p: Bytes, _ s: Int, _ e: Int, tokens: Int, hash: Int) -> MentionParts? {
        let n = e &- s
        let mask = mask
        // In place: a slot holds -1 or an index into `entries`, and an entry's fields are read
        // one by one (it is copied only when it is the one).
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                var slot = hash & mask
                while true {
                    let i = Int(slots[slot])
                    if i < 0 { return nil }
                    if entries[i].hash == hash && Int(entries[i].end &- entries[i].start) == n && Int(entries[i].tokens) == tokens
                        && KeyTable.same(p.baseAddress! + Int(entries[i].start), p.baseAddress! + s, n) { return entries[i].parts }
                    slot = (slot &+ 1) & mask
                }
            }
        }
    }

    func add(_ parts: MentionParts, start s: Int, end e: Int, tokens: Int, hash: Int) {
        if (entries.count + 1) * 2 > slots.count {
            let size = slots.count * 2
            slots = Buffer<Int32>(capacity: size)
            slots.append(repeating: -1, count: size)
            mask = size - 1
            for i in 0..<entries.count { place(Int32(i), entries[i].hash) }
        }
        let i = Int32(entries.count)
        entries.append(Entry(start: Int32(s), end: Int32(e), tokens: Int32(tokens), hash: hash, parts: parts))
        place(i, hash)
    }

    private func place(_ i: Int32, _ hash: Int) {
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = i
    }
}

struct Finder {
    let p: Bytes
    let lexicon = Lexicon.shared
    let toks: Buffer<Tok>
    var mentions: [Mention]
    /// The headlines' tokens (see `addHeadlineMentions`).
    let headlines: HeadlineTokens
    /// The words seen in lowercase (byte offsets); hashed only if the merge needs them.
    let lowercaseWords: Buffer<(Int32, Int32)>
    /// Mention names and titles, as bytes (see `ByteRange`).
    let strs: Buffer<UInt8>
    var keys: KeyTable
    /// Scratch for building a key or a name to look up.
    let scratch: Buffer<UInt8>
    let keyScratch: Buffer<UInt8>
    /// `makeMention`'s answers so far, by the text of the name's tokens (see `makeMention`).
    let mentionMemo: MentionMemo

    /// A finder over `p` with the buffers of `storage`, emptied (the arrays are moved out of it).
    init(_ p: Bytes, _ storage: FinderStorage) {
        self.p = p
        toks = storage.toks; toks.removeAll()
        lowercaseWords = storage.lowercaseWords; lowercaseWords.removeAll()
        strs = storage.strs; strs.removeAll()
        storage.keys.removeAll()
        keys = storage.keys
        scratch = storage.scratch; scratch.removeAll()
        keyScratch = storage.keyScratch; keyScratch.removeAll()
        mentionMemo = storage.mentionMemo; mentionMemo.removeAll()
        mentions = storage.mentions; storage.mentions = []
        mentions.removeAll(keepingCapacity: true)
        headlines = storage.headlines; headlines.removeAll()
    }

    /// The entities of the text's `sentences`, shown to `visit`; `storage` is the one the finder
    /// was made with (the merge takes its lists from it).
    mutating func run(_ sentences: [TextSpan], _ storage: FinderStorage, skippingOther: Bool = false, _ visit: (FoundEntity) -> Void) {
        let n = p.count
        for s in sentences {
            let a = max(0, min(s.start, n)), b = max(a, min(s.end, n))
            guard a < b else { continue }
            tokenize(a, b)
            // (Most sentences end in ".", "!" or "?": then `isHeadline` says no at its first test,
            // which this is, made here without the call.)
            let last = p[b &- 1]
            if last != 0x2E && last != 0x21 && last != 0x3F && isHeadline(a, b) { headlines.add(toks); continue }
            extract()
        }
        merge(Grouping(keys: keys.count, mentions: mentions.count, in: storage), skippingOther: skippingOther, visit)
    }

    // MARK: Tokenizer

    /// The lexicon flags of token `k`. A lowercase word is looked up only when a rule asks for
    /// it (most never are: rules look at the words in and around capitalised runs); the answer
    /// is then kept in the token.
    @inline(__always) func lex(_ k: Int) -> Lex {
        let l = toks[k].lex
        return l == .unresolved ? Finder.resolveLex(k, toks, p, lexicon) : l
    }

    /// Looks up token `k` of `toks` and keeps the answer in it. (Static: a call of a method of
    /// the finder from a mutating one copies all of the finder's 128 bytes to pass it.)
    @inline(never) static func resolveLex(_ k: Int, _ toks: Buffer<Tok>, _ p: Bytes, _ lexicon: Lexicon) -> Lex {
        let t = toks[k]
        let nameEnd = t.f.contains(.withDot) && !t.f.contains(.dotted) ? t.end - 1 : t.end
        let l = lexicon.lookup(p, t.start, nameEnd)
        toks[k].lex = l
        return l
    }

    /// Is there a word character at `i`?
    @inline(__always) func wordCharAt(_ i: Int, _ e: Int) -> Bool {
        guard i < e else { return false }
        let b = p[i]
        if b < 0x80 { return b.isASCIIAlnum }
        return classifyScalar(decodeScalar(p, i).value).isWordChar
    }

    /// Which of the tokenizer's paths `tokenize` takes. All make the same tokens (the tests
    /// check); each is faster than the next on what it takes.
    enum TokenizerPaths {
        /// `chunkWords` (on x86-64), `plainWords` for the words too long for it, and the general loop.
        case all
        /// `plainWords` (the byte loop) and the general loop.
        case byteLoop
        /// The general loop only.
        case general
    }

    mutating func tokenize(_ s: Int, _ e: Int, paths: TokenizerPaths = .all) {
        toks.removeAll()
        let classes = asciiWordClasses
        let kinds = tokenByteKinds, ends = endsPlainWord
        var i = s
        var clauseNext = true
        var prevBlank = true
        // Offsets fit in Int32 (checked once here, not per word).
        precondition(e <= Int(Int32.max), "text too long")
        while i < e {
            // Most of a sentence: plain words, blanks and ASCII punctuation.
            #if arch(x86_64)
            if paths == .all {
                let (next, stop) = chunkWords(i, e, &clauseNext, &prevBlank, kinds, ends)
                i = next
                if stop == .long { i = plainWords(i, e, &clauseNext, &prevBlank, kinds, ends) }
            } else if paths == .byteLoop {
                i = plainWords(i, e, &clauseNext, &prevBlank, kinds, ends)
            }
            #else
            if paths != .general { i = plainWords(i, e, &clauseNext, &prevBlank, kinds, ends) }
            #endif
            guard i < e else { break }
            let b = p[i]
            if b < 0x80 {
                if classes[Int(b)] != 0 {
                    // A word that `plainWords` left (digits, capitals after the first letter, or
                    // what follows it). Those of ASCII letters and digits followed by a blank or
                    // punctuation that neither extends the word (- ' and non-ASCII) nor may belong
                    // to it (. after initials and abbreviations) are counted while scanned and
                    // emitted here, as `word` would. `word` takes the rest.
                    // (Counted with one addition a byte: each class adds one to its own 21-bit
                    // field of `counts`.)
                    var j: Int
                    let plain: PlainWord
                    // Words of up to seven bytes (most): found and counted in one 8-byte word, without a
                    // loop (`p` is padded). Upper-case letters are counted up to 3, as far as they matter.
                    let w = SWAR.load(p, i)
                    let letters = SWAR.inRange(w | 0x2020_2020_2020_2020, 0x61, 0x7A)
                    let digitBytes = SWAR.inRange(w, 0x30, 0x39)
                    let length = (~(letters | digitBytes) & SWAR.highs).trailingZeroBitCount >> 3
                    if length < 8 && i + length <= e {
                        j = i + length
                        let inWord: UInt64 = (1 << UInt64(8 * length)) &- 1
                        let upper = letters & ~(w << 2) & inWord
                        let lower = letters & (w << 2) & inWord
                        let digits = digitBytes & inWord
                        let upper2 = upper & (upper &- 1), upper3 = upper2 & (upper2 &- 1)
                        plain = PlainWord(upper: upper == 0 ? 0 : upper2 == 0 ? 1 : upper3 == 0 ? 2 : 3, lower: lower != 0,
                                          digits: digits == 0 ? 0 : digits.nonzeroBitCount, humps: -1)
                    } else {
                        let counts = asciiWordCounts
                        j = i
                        var sum: UInt64 = 0
                        while j < e {
                            let c = counts[Int(p[j])]
                            if c == 0 { break }
                            sum &+= c
                            j &+= 1
                        }
                        if j - i >= 1 << 20 {   // the fields would overflow: the general path
                            i = word(i, e, &clauseNext); prevBlank = false; continue
                        }
                        plain = PlainWord(upper: Int(sum & 0x1F_FFFF), lower: (sum >> 21) & 0x1F_FFFF != 0,
                                          digits: Int(sum >> 42), humps: -1)
                    }
                    if j < e {
                        let next = p[j]
                        if next >= 0x80 || next == 0x2E || next == 0x2D || next == 0x27 {
                            i = word(i, e, &clauseNext); prevBlank = false; continue
                        }
                    }
                    emitPlain(i, j, plain, &clauseNext)
                    i = j; prevBlank = false
                    continue
                }
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) { i += 1; prevBlank = true; continue }
                // Punctuation. Straight quotes open when they follow a blank.
                var f: TokFlags = []
                switch b {
                case 0x22, 0x27: if prevBlank || toks.isEmpty { f = .opener }
                case 0x28, 0x5B, 0x3A, 0x2D: f = .opener
                default: break
                }
                toks.append(Tok(start: i, end: i + 1, f: f, lex: [], letters: 0, scalar: UInt32(b)))
                clauseNext = !f.isEmpty
                i += 1; prevBlank = false
                continue
            }
            let (v, l) = decodeScalar(p, i)
            let c = classifyScalar(v)
            if c.isWordChar && c != .mark { i = word(i, e, &clauseNext); prevBlank = false; continue }
            if c == .space || spaceLen(p, i) > 0 { i += l; prevBlank = true; continue }
            let opener = openerLen(p, i) > 0 || v == 0x2014 || v == 0x2013
            toks.append(Tok(start: i, end: i + l, f: opener ? .opener : [], lex: [], letters: 0, scalar: v))
            clauseNext = opener
            i += l; prevBlank = false
        }
    }

    /// Records the tokens from `start` on while they are of the commonest kinds, and returns the
    /// offset of the first that is not (or `e`): exactly what the general loop of `tokenize` would
    /// record for them, with less work. The kinds:
    /// - Plain words: one ASCII letter, then lowercase ASCII letters, then a blank or punctuation
    ///   that neither extends the word nor may belong to it (`endsPlainWord`), or a full stop
    ///   after a word of two letters or more that is not an honorific or a name abbreviation
    ///   ("Mr.", "St.": those keep their dot). `emitPlain`/`emitWord` would give them .word, and
    ///   .lower or .cap by the first letter (with one capital at most, never .allCaps, .compound or
    ///   .digit); `letters` = the length; a lexicon lookup only when capitalised. (No lowercase
    ///   word is an honorific or name abbreviation: those lists are capitalised. A single letter
    ///   before a full stop may be an initial or part of "a.m.": the general path.) Anything
    ///   else (capitals or digits later in the word, the sentence's end inside it, - ' or
    ///   non-ASCII after) is left to the general path.
    /// - ASCII blanks, and ASCII punctuation, exactly as `tokenize` records them.
    /// `kinds` is `tokenByteKinds`, `ends` `endsPlainWord` (fetched once by the caller).
    /// On x86-64, `chunkWords` takes all these and more, 64 bytes at a time; this byte loop
    /// serves the other architectures, the words too long for a chunk, and the tests (which
    /// check both against the general loop).
    mutating func plainWords(_ start: Int, _ e: Int, _ clauseNext: inout Bool, _ prevBlank: inout Bool,
                             _ kinds: UnsafePointer<UInt8>, _ ends: UnsafePointer<Bool>) -> Int {
        var i = start
        let p = self.p, lexicon = self.lexicon
        // At most one token a byte.
        let room = e - i
        let tp = toks.reserve(room: room)
        let lp = lowercaseWords.reserve(room: room)
        let tokensBefore = toks.count
        var nt = 0, nl = 0
        var clause = clauseNext, blank = prevBlank
        while i < e {
            let b = p[i]
            let c = kinds[Int(b)]
            if c == 8 {
                #if arch(x86_64)
                // Most blanks are single spaces; a longer run is passed as far as the sixteen
                // bytes from `i` show it (kind 8 is exactly `ByteClasses.blanks`), at most to the
                // sentence's end, where the byte loop would stop too. (`p` is padded: the byte
                // after `i` is readable.)
                if kinds[Int(p.baseAddress![i &+ 1])] != 8 {
                    i &+= 1
                } else {
                    let nonBlank = ~ByteClasses.of(UnsafeRawPointer(p.baseAddress! + i)).blanks & 0xFFFF
                    i = min(i &+ nonBlank.trailingZeroBitCount, e)
                }
                #else
                i &+= 1
                #endif
                blank = true; continue
            }
            if c == 16 {
                // Punctuation. Straight quotes open when they follow a blank.
                var f: TokFlags = []
                switch b {
                case 0x22, 0x27: if blank || tokensBefore + nt == 0 { f = .opener }
                case 0x28, 0x5B, 0x3A, 0x2D: f = .opener
                default: break
                }
                tp[nt] = Tok(start: i, end: i &+ 1, f: f, lex: [], letters: 0, scalar: UInt32(b)); nt &+= 1
                clause = !f.isEmpty; blank = false
                i &+= 1
                continue
            }
            guard c == 1 || c == 2 else { break }
            // The lowercase letters after the first (the scan stops at the text's end at the
            // latest: the padding is zeros).
            #if arch(x86_64)
            let classes = ByteClasses.of(UnsafeRawPointer(p.baseAddress! + i))
            var j: Int
            let stop = ~classes.lower & 0xFFFE
            if stop != 0 {
                j = i &+ stop.trailingZeroBitCount
            } else {
                j = i &+ 16
                while true {
                    let more = ~ByteClasses.of(UnsafeRawPointer(p.baseAddress! + j)).lower & 0xFFFF
                    if more != 0 { j &+= more.trailingZeroBitCount; break }
                    j &+= 16
                }
            }
            #else
            var j = i &+ 1
            while true {
                let stop = ~SWAR.inRange(SWAR.load(p, j), 0x61, 0x7A) & SWAR.highs
                if stop != 0 { j &+= stop.trailingZeroBitCount >> 3; break }
                j &+= 8
            }
            #endif
            guard j <= e else { break }
            var dot = false
            if j < e {
                let next = p[j]
                dot = next == 0x2E
                guard ends[Int(next)] || (dot && j &- i >= 2) else { break }
            }
            if c == 2 {
                let f: TokFlags = clause ? [.word, .lower, .clauseInitial] : [.word, .lower]
                lp[nl] = (Int32(truncatingIfNeeded: i), Int32(truncatingIfNeeded: j)); nl &+= 1
                tp[nt] = Tok(start: i, end: j, f: f, lex: .unresolved, letters: j &- i, scalar: 0); nt &+= 1
            } else {
                guard let lex = Finder.plainCapitalLexOutOfLine(lexicon, p, i, j, dot: dot) else { break }
                let f: TokFlags = clause ? [.word, .cap, .clauseInitial] : [.word, .cap]
                tp[nt] = Tok(start: i, end: j, f: f, lex: lex, letters: j &- i, scalar: 0); nt &+= 1
            }
            clause = false; blank = false
            i = j
        }
        toks.didAppend(nt, room: room)
        lowercaseWords.didAppend(nl, room: room)
        clauseNext = clause; prevBlank = blank
        return i
    }

    #if arch(x86_64)
    /// Why `chunkWords` stopped.
    enum ChunkStop {
        /// At the end of the sentence, or at a token that it leaves to the general loop of
        /// `tokenize`.
        case done
        /// At a word whose end no chunk from its start shows (63 letters or more): the byte loop
        /// of `plainWords` takes it.
        case long
    }

    /// Records the tokens from `start` on, 64 bytes at a time, while they are of the commonest
    /// kinds, and returns the offset of the first that is not (or `e`): exactly what the general
    /// loop of `tokenize` would record for them. The kinds:
    /// - Words of ASCII letters (any case) followed by a blank or punctuation that neither
    ///   extends the word nor may belong to it (`endsPlainWord`), or by a full stop when the word
    ///   has two letters or more and no capital after the first, and is not an honorific or name
    ///   abbreviation (the same words as `plainWords` takes with a full stop). The general loop
    ///   gives them `emitPlain`'s flags: .word; .lower or .cap by the first letter; .allCaps with
    ///   two capitals or more and no lower-case letter; .compound when capitalised with two
    ///   "humps" (a capital right after a lower-case letter); `letters` = the length; a lexicon
    ///   lookup when capitalised.
    /// - ASCII blanks and punctuation, the no-break space (U+00A0, a blank) and the curly quotes
    ///   “ ” (punctuation; “ opens), and ’ when it does not follow a word (punctuation), exactly as
    ///   `tokenize` records them. (A word before “, ” or U+00A0 ends there as before a blank:
    ///   `word` gives it the same token.)
    ///
    /// Each chunk of 64 bytes is classified at once (`p` is padded: they are readable), from a
    /// token's start. Every token starts at a letter after a non-letter (`starts`) or at a byte
    /// that is neither a letter nor a space (`others`, less the bytes that continue a character
    /// or are blanks); what lies between tokens is blanks. A word is a run of letters. The
    /// masks find where the chunk stops (`stop`, from `i`): at the first token it leaves to the
    /// general loop (`special`), or at a word reaching its last byte (whose end it does not
    /// show: the next chunk starts there). The tokens before are then recorded in one pass, and
    /// the lexicon flags of capitalised words looked up after it. Bytes from `e` on are outside
    /// (`lim`); a word crossing `e` is left to the general loop, which cuts it there.
    /// Out of line: its loop keeps its values in registers.
    @inline(never)
    mutating func chunkWords(_ start: Int, _ e: Int, _ clauseNext: inout Bool, _ prevBlank: inout Bool,
                             _ kinds: UnsafePointer<UInt8>, _ ends: UnsafePointer<Bool>) -> (Int, ChunkStop) {
        let p = self.p, lexicon = self.lexicon
        let base = p.baseAddress!
        // At most one token a byte.
        let room = e &- start
        let tp = toks.reserve(room: room)
        let lp = lowercaseWords.reserve(room: room)
        let tokensBefore = toks.count
        var i = start, nt = 0, nl = 0
        var clause = clauseNext, blank = prevBlank
        var why = ChunkStop.done
        while i < e {
            let m = WordChunk.of(UnsafeRawPointer(base + i))
            let lim = min(e &- i, 64)
            let inside = Finder.below(lim)
            let letters = m.letters, lower = m.lower
            let starts = letters & ~(letters << 1) & inside
            var others = ~(letters | m.spaces) & inside
            var blanks = m.spaces
            /// The start of the word holding the letter at `k`.
            @inline(__always) func wordStart(_ k: Int) -> Int {
                63 &- (starts & ((2 &<< UInt64(k)) &- 1)).leadingZeroBitCount
            }
            var stop = lim
            var special = false
            // A word reaching the chunk's last byte, or crossing `e`.
            if lim == 64 {
                if letters >> 63 != 0 { stop = wordStart(63) }
            } else if (letters &>> UInt64(lim &- 1)) & (letters &>> UInt64(lim)) & 1 != 0 {
                stop = wordStart(lim &- 1); special = true
            }
            // The bytes other than letters and spaces: each must be one of the kinds above, and
            // the byte after a word must end it.
            var o = others & Finder.below(stop)
            while o != 0 {
                let k = o.trailingZeroBitCount
                o &= o &- 1
                let b = base[i &+ k]
                let afterWord = k > 0 && (letters &>> UInt64(k &- 1)) & 1 != 0
                let kind = kinds[Int(b)]
                if kind == 16 {
                    guard afterWord else { continue }
                    if ends[Int(b)] { continue }
                    if b == 0x2E {
                        // Two letters or more, no capital after the first.
                        let w = wordStart(k &- 1)
                        let tail: UInt64 = ((1 &<< UInt64(k)) &- 1) & ~((2 &<< UInt64(w)) &- 1)
                        if w < k &- 1 && letters & ~lower & tail == 0 { continue }
                    }
                } else if kind == 8 {
                    blanks |= 1 &<< UInt64(k); others &= ~(1 &<< UInt64(k))
                    continue
                } else if b == 0xE2 || b == 0xC2 {
                    let b1 = base[i &+ k &+ 1], b2 = base[i &+ k &+ 2]
                    let length = b == 0xC2 ? 2 : 3
                    if b == 0xC2 ? b1 == 0xA0 : b1 == 0x80 && (b2 == 0x9C || b2 == 0x9D || (b2 == 0x99 && !afterWord)) {
                        if k &+ length > lim {
                            // The character is cut by the chunk's end (the next chunk starts at
                            // it, or at the word before it), or by `e`.
                            stop = afterWord ? wordStart(k &- 1) : k; special = lim < 64
                            break
                        }
                        let bytes: UInt64 = ((1 &<< UInt64(length)) &- 1) &<< UInt64(k)
                        o &= ~bytes
                        if b == 0xC2 { blanks |= bytes; others &= ~bytes } else { others &= ~(bytes & (bytes &- 1)) }
                        continue
                    }
                }
                stop = afterWord ? wordStart(k &- 1) : k; special = true
                break
            }
            // The tokens before `stop`, in order, from `tc` on; their lowercase words from `lc`
            // on. The flags of capitalised words are completed after (`capitals`: bit x for
            // token x), out of this loop. (Few values live in the loop, so that they stay in
            // registers: the clause flag as bits, the blanks as the mask of where a straight
            // quote opens.)
            let tc = tp + nt, lc = lp + nl
            var tcur = tc, lcur = lc
            var capitals: UInt64 = 0
            var t = (starts | others) & Finder.below(stop)
            // Straight quotes open after a blank, and as the sentence's first token.
            var opensQuote = blanks << 1 | (blank ? 1 : 0)
            if tokensBefore + nt == 0 { opensQuote |= t & (0 &- t) }
            let clauseInitial = TokFlags.clauseInitial.rawValue
            let clauseBefore = clause
            var clauseBits: UInt16 = clause ? clauseInitial : 0
            let notLetters = ~letters
            while t != 0 {
                let k = t.trailingZeroBitCount
                t &= t &- 1
                let s = i &+ k
                if (letters &>> UInt64(k)) & 1 != 0 {
                    // (It ends before `lim` and before the chunk's last byte: `notLetters` has a bit there.)
                    let j = k &+ 1 &+ (notLetters &>> UInt64(k &+ 1)).trailingZeroBitCount
                    let end = i &+ j
                    let f: TokFlags
                    if (lower &>> UInt64(k)) & 1 != 0 {
                        f = TokFlags(rawValue: TokFlags([.word, .lower]).rawValue | clauseBits)
                        lcur.pointee = (Int32(truncatingIfNeeded: s), Int32(truncatingIfNeeded: end)); lcur += 1
                    } else {
                        f = TokFlags(rawValue: TokFlags([.word, .cap]).rawValue | clauseBits)
                        capitals |= 1 &<< UInt64(tcur - tc)
                    }
                    tcur.pointee = Tok(start: s, end: end, f: f, lex: .unresolved, letters: j &- k, scalar: 0); tcur += 1
                    clauseBits = 0
                } else {
                    let b = base[s]
                    var f: TokFlags = []
                    if b < 0x80 {
                        // Punctuation, as in `tokenize`.
                        switch b {
                        case 0x22, 0x27: if (opensQuote &>> UInt64(k)) & 1 != 0 { f = .opener }
                        case 0x28, 0x5B, 0x3A, 0x2D: f = .opener
                        default: break
                        }
                        tcur.pointee = Tok(start: s, end: s &+ 1, f: f, lex: [], letters: 0, scalar: UInt32(b))
                    } else {
                        // “ ” ’ (E2 80 9C, 9D, 99): U+2000 and the last byte's low six bits.
                        let last = base[s &+ 2]
                        if last == 0x9C { f = .opener }
                        tcur.pointee = Tok(start: s, end: s &+ 3, f: f, lex: [], letters: 0, scalar: 0x2000 | UInt32(last & 0x3F))
                    }
                    tcur += 1
                    clauseBits = f.isEmpty ? 0 : clauseInitial
                }
            }
            clause = clauseBits != 0
            var n = tcur - tc, nlc = lcur - lc
            while capitals != 0 {
                let x = capitals.trailingZeroBitCount
                capitals &= capitals &- 1
                let w = tc[x]
                if let lex = Finder.plainCapitalLex(lexicon, p, w.start, w.end, dot: w.end < e && base[w.end] == 0x2E) {
                    tc[x].lex = lex
                    // Capitals after the first: .allCaps without lower-case letters, .compound
                    // with two humps.
                    let first = w.start &- i
                    let run: UInt64 = ((1 &<< UInt64(w.end &- i)) &- 1) & ~((2 &<< UInt64(first)) &- 1)
                    let upper = letters & ~lower & run
                    if upper != 0 {
                        let hasLower = lower & run != 0
                        if !hasLower { tc[x].f.insert(.allCaps) }
                        let humps = upper & (lower &<< 1)
                        if hasLower && humps & (humps &- 1) != 0 { tc[x].f.insert(.compound) }
                    }
                    continue
                }
                // An honorific or abbreviation that keeps its dot ("Mr."): the general loop takes
                // it. The chunk stops before it, as it was then.
                n = x
                nlc = 0
                for y in 0..<x where tc[y].f.contains(.lower) { nlc &+= 1 }
                clause = x > 0 ? tc[x &- 1].f.contains(.opener) : clauseBefore
                stop = w.start &- i; special = true
                break
            }
            nt &+= n; nl &+= nlc
            if stop > 0 { blank = (blanks &>> UInt64(stop &- 1)) & 1 != 0 }
            i &+= stop
            if special { break }
            if stop == 0 { why = .long; break }
        }
        toks.didAppend(nt, room: room)
        lowercaseWords.didAppend(nl, room: room)
        clauseNext = clause; prevBlank = blank
        return (i, why)
    }

    /// The mask of bits 0..<n (n in 0...64).
    @inline(__always)
    static func below(_ n: Int) -> UInt64 { n == 0 ? 0 : UInt64.max &>> UInt64(64 &- n) }
    #endif

    /// The lexicon flags of the capitalised plain word `p[s..<e]` as `emitPlain`/`emitWord` make
    /// them, or nil when it keeps the full stop after it (`dot`): an honorific or name
    /// abbreviation ("Mr.", "St."). Inlined in `chunkWords` (after its loop over the tokens).
    @inline(__always)
    static func plainCapitalLex(_ lexicon: Lexicon, _ p: Bytes, _ s: Int, _ e: Int, dot: Bool) -> Lex? {
        var lex = lexicon.lookup(p, s, e)
        if dot && !lex.intersection([.honorific, .nameAbbrev]).isEmpty { return nil }
        if lex.contains(.monthAbbrev) && Finder.monthAbbrevIsMonth(p, e) { lex.insert(.month) }
        return lex
    }

    /// The same, out of line: it keeps the lookup's registers out of the loop of `plainWords`.
    @inline(never)
    static func plainCapitalLexOutOfLine(_ lexicon: Lexicon, _ p: Bytes, _ s: Int, _ e: Int, dot: Bool) -> Lex? {
        plainCapitalLex(lexicon, p, s, e, dot: dot)
    }

    /// Is the month abbreviation that ends at `e` a month ("Jan 5"), not a name ("Jan Smith")?
    @inline(never)
    static func monthAbbrevIsMonth(_ p: Bytes, _ e: Int) -> Bool {
        var k = e
        while k < p.count && spaceLen(p, k) > 0 { k += 1 }
        return k < p.count && p[k].isASCIIDigit
    }

    /// Scans a word starting at `i`; appends its token(s); returns the offset after it.
    mutating func word(_ i: Int, _ e: Int, _ clauseNext: inout Bool) -> Int {
        // The ASCII letters and digits at the start, classified as they are passed (through a
        // table); the loop below goes on from there as it would have. When it does not move, the
        // word is plain and emitWord is given the counts.
        let classes = asciiWordClasses
        var j = i
        var plainWord = PlainWord()
        var previous: UInt8 = 0
        while j < e {
            let c = classes[Int(p[j])]
            if c == 0 { break }
            if c == PlainWord.upper {
                if previous == PlainWord.lower { plainWord.humps += 1 }
                plainWord.upper += 1
            } else if c == PlainWord.lower {
                plainWord.lower = true
            } else {
                plainWord.digits += 1
            }
            previous = c
            j += 1
        }
        let plainEnd = j
        // Most words end here: ASCII letters and digits followed by a blank or by punctuation that
        // neither extends the word (- ' and non-ASCII) nor may belong to it (. after initials and
        // abbreviations). They are emitted at once, as the general path below would.
        if j > i {
            if j == e {
                emitPlain(i, j, plainWord, &clauseNext)
                return j
            }
            let b = p[j]
            if b < 0x80 && b != 0x2E && b != 0x2D && b != 0x27 {
                emitPlain(i, j, plainWord, &clauseNext)
                return j
            }
        }
        var sawHyphen = false
        while j < e {
            let b = p[j]
            if b < 0x80 {
                if b.isASCIIAlnum { j += 1; continue }
                if (b == 0x2D || b == 0x27) && wordCharAt(j + 1, e) { sawHyphen = sawHyphen || b == 0x2D; j += 1; continue }
                break
            }
            let (v, l) = decodeScalar(p, j)
            if (v == 0x2019 || v == 0x2010 || v == 0x2011) && wordCharAt(j + l, e) { j += l; continue }
            if classifyScalar(v).isWordChar { j += l; continue }
            break
        }
        var next = j
        var end = j
        var f: TokFlags = .word

        // Possessives.
        if end - i > 2 && p[end - 1] == 0x73 && p[end - 2] == 0x27 {
            end -= 2; f.insert(.possessive)
        } else if end - i > 4 && p[end - 1] == 0x73 && p[end - 2] == 0x99 && p[end - 3] == 0x80 && p[end - 4] == 0xE2 {
            end -= 4; f.insert(.possessive)
        } else if p[end - 1] == 0x73 && j < e {
            if p[j] == 0x27 { next = j + 1; f.insert(.pluralPossessive) }
            else if j + 2 < e && p[j] == 0xE2 && p[j + 1] == 0x80 && p[j + 2] == 0x99 { next = j + 3; f.insert(.pluralPossessive) }
        }

        // Dotted acronyms (U.S., a.m.), initials (J.), and abbreviations that keep their dot (Mr., St.).
        if end == i + 1 && p[i].isASCIILetter && j < e && p[j] == 0x2E {
            // Letter-dot pairs; two or more make a dotted acronym, one an initial.
            var k = i
            while k + 1 < e && p[k].isASCIILetter && p[k + 1] == 0x2E { k += 2 }
            if k - i >= 4 {
                emitWord(i, k, f.union([.dotted, .withDot]), &clauseNext)
                return k
            }
            if p[i].isASCIIUpper {
                emitWord(i, j + 1, f.union([.initial, .withDot]), &clauseNext)
                return j + 1
            }
        } else if end == j && j < e && p[j] == 0x2E {
            let lx = lexicon.lookup(p, i, j)
            if !lx.intersection([.honorific, .nameAbbrev]).isEmpty {
                emitWord(i, j + 1, f.union(.withDot), &clauseNext)
                return j + 1
            }
        }

        // Hyphens between two names ("DPRK-Russia", "Russia-North"): separate tokens.
        var segStart = i
        var h = i + 1
        // (Only an ASCII hyphen splits; words without one skip the scan.)
        while sawHyphen && h < end - 1 {
            if p[h] == 0x2D && segStart < h {
                let rightStart = h + 1
                var rightEnd = rightStart
                while rightEnd < end && p[rightEnd] != 0x2D { rightEnd += 1 }
                let rightUpper = charClass(p, rightStart).0 == .upper
                if rightUpper && (isNameLike(segStart, h) || isNameLike(rightStart, rightEnd)) {
                    emitWord(segStart, h, .word, &clauseNext)
                    toks.append(Tok(start: h, end: h + 1, f: [], lex: [], letters: 0, scalar: 0x2D))
                    clauseNext = false
                    segStart = rightStart
                }
            }
            h += 1
        }
        emitWord(segStart, end, f, &clauseNext, plain: segStart == i && end == plainEnd && j == plainEnd ? plainWord : nil)
        return next
    }

    /// An acronym, a known place or a nationality: a hyphen next to one joins two names.
    func isNameLike(_ s: Int, _ e: Int) -> Bool {
        guard e > s else { return false }
        var upper = 0, lower = 0
        for x in s..<e { if p[x].isASCIIUpper { upper += 1 } else if p[x].isASCIILower { lower += 1 } }
        if upper >= 2 && lower == 0 { return true }
        return !lexicon.lookup(p, s, e).intersection([.place, .demonym]).isEmpty
    }

    /// The counts of a word made only of ASCII letters and digits, as `word` makes them in passing.
    struct PlainWord {
        static let upper: UInt8 = 1, lower: UInt8 = 2, digit: UInt8 = 4
        /// Upper-case letters (only compared with 2 and 3: it may stop counting at 3).
        var upper = 0
        var lower = false
        var digits = 0
        /// Capitals right after a lower-case letter; -1 when not counted (see `Finder.humps`).
        var humps = 0
    }

    /// Capitals right after a lower-case letter in the ASCII word `p[s..<e]`.
    static func humps(_ p: Bytes, _ s: Int, _ e: Int) -> Int {
        var n = 0
        var previousLower = false
        for x in s..<e {
            let b = p[x]
            if b.isASCIIUpper && previousLower { n += 1 }
            previousLower = b.isASCIILower
        }
        return n
    }

    /// `emitWord` for a word of ASCII letters and digits, with the counts `word` made.
    @inline(__always)
    mutating func emitPlain(_ s: Int, _ e: Int, _ w: PlainWord, _ clauseNext: inout Bool) {
        var f: TokFlags = .word
        if w.digits > 0 { f.insert(.digit) }
        let b = p[s]
        if b.isASCIIUpper { f.insert(.cap) } else if b.isASCIILower { f.insert(.lower) }
        if w.upper >= 2 && !w.lower { f.insert(.allCaps) }
        // Two humps ("HomeWorldAsia") need two more capitals after the first, and a lower-case letter.
        if f.contains(.cap) && w.upper >= 3 && w.lower && (w.humps >= 0 ? w.humps : Finder.humps(p, s, e)) >= 2 {
            f.insert(.compound)
        }
        // Lowercase words are looked up only when a rule asks (see `lex(_:)`).
        var lex: Lex = f.contains(.lower) ? .unresolved : lexicon.lookup(p, s, e)
        // "Jan 5" is a month; "Jan Smith" is not.
        if lex.contains(.monthAbbrev) && Finder.monthAbbrevIsMonth(p, e) { lex.insert(.month) }
        if clauseNext { f.insert(.clauseInitial) }
        clauseNext = false
        if f.contains(.lower) { lowercaseWords.append((Int32(s), Int32(e))) }
        toks.append(Tok(start: s, end: e, f: f, lex: lex, letters: e - s - w.digits, scalar: 0))
    }

    mutating func emitWord(_ s: Int, _ e: Int, _ flags: TokFlags, _ clauseNext: inout Bool, plain: PlainWord? = nil) {
        var f = flags
        var letters = 0, upper = 0, lower = 0, humps = 0
        var firstClass: CharClass? = nil
        var previous = CharClass.other
        var x = s
        if let plain, e > s {
            // The same counts as the loop below would make.
            upper = plain.upper
            lower = plain.lower ? 1 : 0
            humps = plain.humps
            letters = e - s - plain.digits
            if plain.digits > 0 { f.insert(.digit) }
            let b = p[s]
            firstClass = b.isASCIIUpper ? .upper : b.isASCIILower ? .lower : .digit
            x = e
        }
        while x < e {
            let b = p[x]
            // ASCII letters (most bytes of most words) take a short path with the same effect as
            // the general one below.
            if b.isASCIILetter {
                let c: CharClass = b.isASCIIUpper ? .upper : .lower
                if c == .upper { if previous == .lower { humps += 1 }; upper += 1 } else { lower += 1 }
                letters += 1
                previous = c
                if firstClass == nil { firstClass = c }
                x += 1
                continue
            }
            var c: CharClass
            var l = 1
            if b < 0x80 {
                c = b.isASCIIUpper ? .upper : b.isASCIILower ? .lower : b.isASCIIDigit ? .digit : .other
            } else {
                let d = decodeScalar(p, x); l = d.length
                c = classifyScalar(d.value)
            }
            if c == .upper && previous == .lower { humps += 1 }
            previous = c
            switch c {
            case .upper: upper += 1; letters += 1
            case .lower: lower += 1; letters += 1
            case .uncased: letters += 1
            case .digit: f.insert(.digit)
            default: break
            }
            if firstClass == nil && c != .other && c != .mark { firstClass = c }
            x += l
        }
        if firstClass == .upper { f.insert(.cap) }
        if firstClass == .lower {
            f.insert(.lower)
            // "al-Assad", "bin-Salman": a lowercase particle joined to a capitalised name.
            if plain == nil, let h = hyphenAfterParticle(s, e), h + 1 < e, charClass(p, h + 1).0 == .upper {
                f.remove(.lower); f.insert(.cap)
            }
        }
        if upper >= 2 && lower == 0 { f.insert(.allCaps) }
        if f.contains(.cap) && (humps >= 2 || (plain == nil && isCompound(s, e))) { f.insert(.compound) }
        let nameEnd = f.contains(.withDot) && !f.contains(.dotted) ? e - 1 : e
        var lex: Lex = f.contains(.lower) ? .unresolved : lexicon.lookup(p, s, nameEnd)
        if lex.contains(.monthAbbrev) {
            // "Jan." / "Jan 5" are months; "Jan Smith" is not.
            var k = e
            if f.contains(.withDot) { lex.insert(.month) }
            else {
                while k < p.count && spaceLen(p, k) > 0 { k += 1 }
                if k < p.count && p[k].isASCIIDigit { lex.insert(.month) }
            }
        }
        if clauseNext { f.insert(.clauseInitial) }
        clauseNext = false
        if f.contains(.lower) { lowercaseWords.append((Int32(s), Int32(e))) }
        toks.append(Tok(start: s, end: e, f: f, lex: lex, letters: letters, scalar: 0))
    }

    /// "Western-supplied", "U.S.-led", "T-shirts": the part after the last hyphen is lowercase and
    /// either ends in -ed/-ing or follows a one-letter part. ("Jong-un" is a name.)
    func isCompound(_ s: Int, _ e: Int) -> Bool {
        var h = e - 1
        while h > s && p[h] != 0x2D { h -= 1 }
        guard h > s, h + 1 < e, p[h + 1].isASCIILower else { return false }
        var firstHyphen = s
        while p[firstHyphen] != 0x2D { firstHyphen += 1 }
        if firstHyphen - s == 1 { return true }
        let len = e - h - 1
        if len >= 4 && p[e - 2] == 0x65 && p[e - 1] == 0x64 { return true }
        if len >= 5 && p[e - 3] == 0x69 && p[e - 2] == 0x6E && p[e - 1] == 0x67 { return true }
        return false
    }

    func hyphenAfterParticle(_ s: Int, _ e: Int) -> Int? {
        var h = s
        while h < e && h - s <= 3 && p[h].isASCIILower { h += 1 }
        guard h < e, p[h] == 0x2D, h > s else { return nil }
        let w = lexicon.lookup(p, s, h)
        return w.contains(.particle) || (h - s == 2 && (p[s] == 0x61 || p[s] == 0x65)) ? h : nil
    }

    // MARK: Headlines

    /// A line in Title Case with no final stop.
    func isHeadline(_ s: Int, _ e: Int) -> Bool {
        var x = e
        while x > s {
            let st = scalarStart(p, before: x)
            if closerLen(p, st) == x - st { x = st } else { break }
        }
        if x > s {
            let st = scalarStart(p, before: x)
            let b = p[st]
            if b == 0x2E || b == 0x21 || b == 0x3F || SentenceSplitter.terminalLen(p, st) > 0 { return false }
        }
        // Capitalised words first (no lookups): with fewer than three, or once the lowercase
        // content words are more than a quarter of them, the answer is no, and the lexicon is
        // not asked about the other lowercase words (a lookup has no effect but to be kept in
        // the token, where `lex` would find the same flags).
        var cap = 0
        for k in 0..<toks.count {
            let t = toks[k]
            if t.isWord && !t.f.contains(.digit) && t.f.contains(.cap) && t.letters >= 2 { cap += 1 }
        }
        guard cap >= 3 else { return false }
        var lowerContent = 0
        for k in 0..<toks.count {
            let t = toks[k]
            guard t.isWord && !t.f.contains(.digit) else { continue }
            if t.f.contains(.cap) && t.letters >= 2 { continue }
            if t.f.contains(.lower) && !lex(k).contains(.function) {
                lowerContent += 1
                if cap < 4 * lowerContent { return false }
            }
        }
        return true
    }

    // MARK: Runs

    /// May this token be (part of) a name?
    @inline(__always) func isName(_ k: Int) -> Bool {
        let t = toks[k]
        guard t.isWord, t.f.contains(.cap), !t.f.contains(.digit) else { return false }
        if t.f.contains(.compound) { return false }
        if !t.lex.intersection([.month, .weekday, .capsNoise]).isEmpty { return false }
        if t.letters < 2 && !t.f.contains(.initial) && !t.f.contains(.dotted) { return false }
        return true
    }

    @inline(__always) func isConnector(_ k: Int) -> Bool {
        let t = toks[k]
        return t.isWord && t.f.contains(.lower) && !lex(k).intersection(Lex.connector).isEmpty
    }

    // The same reads through `tv`, `toks` in place (see `extract`): a plain load per field, where
    // `toks[k]` loads the buffer's base and length and checks the index each time. Indices are
    // checked by the callers (as they are for `toks[k]`: every index is within 0..<t.count).
    @inline(__always) func lex(_ tv: UnsafeBufferPointer<Tok>, _ k: Int) -> Lex {
        let l = tv[k].lex
        // (`.unresolved` is the top bit, which no flag uses: a sign test.)
        return Int64(bitPattern: l.rawValue) < 0 ? Finder.resolveLex(UnsafeMutablePointer(mutating: tv.baseAddress.unsafelyUnwrapped + k), p, lexicon) : l
    }

    /// `resolveLex` for the token at `t`, in `toks`' memory (see `extract`): the same lookup, kept
    /// in the token, without the index check and the loads of the buffer's base and length.
    @inline(never) static func resolveLex(_ t: UnsafeMutablePointer<Tok>, _ p: Bytes, _ lexicon: Lexicon) -> Lex {
        let x = t.pointee
        let nameEnd = x.f.contains(.withDot) && !x.f.contains(.dotted) ? x.end - 1 : x.end
        let l = lexicon.lookup(p, x.start, nameEnd)
        t.pointee.lex = l
        return l
    }

    @inline(__always) func isName(_ tv: UnsafeBufferPointer<Tok>, _ k: Int) -> Bool {
        let x = tv[k]
        // `isName`'s tests of the flags, each in one compare: a word, capitalised, without
        // digits, not a compound; and (when shorter than two letters) an initial or dotted.
        let mask = TokFlags([.word, .cap, .digit, .compound]).rawValue
        guard x.f.rawValue & mask == TokFlags([.word, .cap]).rawValue else { return false }
        if !x.lex.intersection([.month, .weekday, .capsNoise]).isEmpty { return false }
        if x.letters < 2 && x.f.rawValue & TokFlags([.initial, .dotted]).rawValue == 0 { return false }
        return true
    }

    @inline(__always) func isConnector(_ tv: UnsafeBufferPointer<Tok>, _ k: Int) -> Bool {
        let x = tv[k]
        return x.isWord && x.f.contains(.lower) && !lex(tv, k).intersection(Lex.connector).isEmpty
    }

    @inline(__always) func capsClass(_ t: Tok) -> Bool {
        t.f.contains(.allCaps) && !t.lex.contains(.roman)
    }

    /// An acronym after an ordinary word starts a new name ("Republic of Korea DPRK"); an ordinary
    /// word after an acronym does when it is a role or nationality ("DPRK Chairman Kim", "UN
    /// Security Council"), and otherwise continues it ("RINJ Foundation").
    @inline(__always) func breaksAtCase(_ prev: Tok, _ t: Tok) -> Bool {
        let a = capsClass(prev), b = capsClass(t)
        if a == b { return false }
        if b { return true }
        return !t.lex.intersection([.titleHead, .titleMod, .honorific, .demonym, .directional]).isEmpty
    }

    mutating func extract() {
        // The tokens in place for the whole sentence: nothing here appends to `toks` (only a
        // token's `lex` is filled in, by `resolveLex`, through the same memory).
        toks.withUnsafeBufferPointer { extract($0) }
    }

    mutating func extract(_ tv: UnsafeBufferPointer<Tok>) {
        let n = tv.count
        var k = 0
        while k < n {
            k = Finder.nextCapitalised(tv, k)
            guard k < n else { break }
            // (`isName` without its first test, which `nextCapitalised` made.)
            let x = tv[k]
            guard x.lex.intersection([.month, .weekday, .capsNoise]).isEmpty,
                  x.letters >= 2 || x.f.rawValue & TokFlags([.initial, .dotted]).rawValue != 0 else { k += 1; continue }
            var last = k
            var m = k + 1
            var hasOf = false
            while true {
                let lt = tv[last]
                if lt.f.contains(.possessive) && !lt.lex.contains(.namePossessive) { break }
                if m < n && isName(tv, m) {
                    let t = tv[m]
                    if t.lex.contains(.article) || breaksAtCase(lt, t) { break }
                    last = m; m += 1; continue
                }
                if m < n && isConnector(tv, m) {
                    var q = m
                    while q < n && isConnector(tv, q) && q - m < 3 { q += 1 }
                    if q < n && isName(tv, q) && !tv[q].lex.contains(.article) && !breaksAtCase(lt, tv[q])
                        && connectorsAllowed(tv, last, m, q, hasOf) {
                        if lex(tv, m).contains(.conOf) { hasOf = true }
                        last = q; m = q + 1; continue
                    }
                }
                break
            }
            k = handleRun(tv, k, last)
        }
    }

    /// The first token from `k` on that passes `isName`'s first test (a capitalised word without
    /// digits, not a compound), or `tv.count`. Most tokens fail it: they are passed over four at
    /// a time while four are left, then one by one.
    @inline(__always) static func nextCapitalised(_ tv: UnsafeBufferPointer<Tok>, _ k0: Int) -> Int {
        let mask = TokFlags([.word, .cap, .digit, .compound]).rawValue, want = TokFlags([.word, .cap]).rawValue
        guard k0 < tv.count, let base = tv.baseAddress else { return k0 }
        // A pointer stepped over the tokens: each test is one load at a fixed offset from it.
        let end = base + tv.count
        var t = base + k0
        while end - t >= 4 {
            if t[0].f.rawValue & mask == want { return t - base }
            if t[1].f.rawValue & mask == want { return t - base + 1 }
            if t[2].f.rawValue & mask == want { return t - base + 2 }
            if t[3].f.rawValue & mask == want { return t - base + 3 }
            t += 4
        }
        while t < end && t.pointee.f.rawValue & mask != want { t += 1 }
        return t - base
    }

    // (Inlined, as the helpers below that `handleRun` and `mentionParts` call for every run or
    // token: a call of a method of the finder from a mutating one copies the finder's 128 bytes.)
    @inline(__always) func connectorsAllowed(_ tv: UnsafeBufferPointer<Tok>, _ last: Int, _ m: Int, _ q: Int, _ hasOf: Bool) -> Bool {
        var allParticles = true
        for x in m..<q where !lex(tv, x).contains(.particle) { allParticles = false; break }
        if allParticles { return true }
        let first = lex(tv, m)
        let before = lex(tv, last)
        let restOK = q - m == 1 || (q - m == 2 && lex(tv, m + 1).contains(.conThe))
        if first.contains(.conOf) {
            return restOK && !before.intersection([.orgWord, .placeHead, .titleHead, .titleMod]).isEmpty
        }
        if first.contains(.conFor) { return restOK && before.contains(.orgWord) }
        if first.contains(.conAnd) { return hasOf && q - m == 1 }
        return false
    }

    /// Handles the run `a...b`; returns the token index to continue from.
    mutating func handleRun(_ tv: UnsafeBufferPointer<Tok>, _ a0: Int, _ b: Int) -> Int {
        var a = a0
        var inheritedInitial = false
        // Sentence-initial words and articles off the front.
        while a <= b {
            let t = tv[a]
            let tl = lex(tv, a)
            let lead = tl.contains(.article) || (tl.contains(.starter) && !t.f.contains(.allCaps))
            guard lead else { break }
            if t.f.contains(.clauseInitial) { inheritedInitial = true }
            a += 1
            while a <= b && isConnector(tv, a) { a += 1 }
        }
        if a > b { return b + 1 }
        let clauseStart = tv[a].f.contains(.clauseInitial) || inheritedInitial

        // All-capital runs: a dateline ("SEOUL - ..."), or a label to drop ("ALSO READ").
        var allCaps = true
        // (The flag first: a capitalised word is never a connector, and a connector has no effect
        // but its answer.)
        for x in a...b where !tv[x].f.contains(.allCaps) && !isConnector(tv, x) { allCaps = false; break }
        if allCaps, let next = allCapitalRun(tv, a, b) { return next }

        // Nationality adjectives alone are not names.
        var adjectives = true
        for x in a...b where lex(tv, x).intersection([.demonym, .directional]).isEmpty { adjectives = false; break }
        if adjectives { return b + 1 }

        // A title at the front of the run.
        var p0 = a
        var sawHead = false
        var titleEnd = -1
        var afterOf = false
        var placeInTitle: (Int, Int)? = nil
        while p0 <= b {
            let t = tv[p0]
            let tl = lex(tv, p0)
            if isConnector(tv, p0) {
                guard sawHead, !tl.intersection([.conOf, .conThe]).isEmpty else { break }
                afterOf = true; p0 += 1; continue
            }
            if !tl.intersection([.titleHead, .honorific]).isEmpty { sawHead = true; titleEnd = p0; p0 += 1; continue }
            if !tl.intersection([.titleMod, .directional, .demonym]).isEmpty || (isDemonymLike(t) && !afterOf) {
                titleEnd = p0; p0 += 1; continue
            }
            if sawHead && afterOf && tl.contains(.place) {
                placeInTitle = (p0, p0); titleEnd = p0; p0 += 1; continue
            }
            break
        }
        var title = ByteRange.none
        var titleIsRole = false
        var nameStart = a
        if sawHead && titleEnd >= a {
            guard let t = frontTitle(tv, a, b, titleEnd: titleEnd, placeInTitle: placeInTitle) else { return b + 1 }
            (title, titleIsRole, nameStart) = t
        }

        // A lowercase role right before the run: "leader Kim", "North Korean leader Kim".
        if !title.exists && a > 0 && tv[a - 1].isWord && tv[a - 1].f.contains(.lower)
            && lex(tv, a - 1).contains(.titleHead) {
            title = lowercaseRoleTitle(tv, a)
            titleIsRole = true
        }

        // The run's mention: its flags are worked out first, then it is appended whole (a
        // `Mention` is large: copies of it, and stores through `mentions[i]`, cost). The lookups
        // for the flags read only tokens outside `nameStart...b` and intern no keys: they have no
        // effect on what `makeMention` makes.
        let first = mentions.count
        var initialOnly = false, prep = false
        if !title.exists && nameStart == a {
            initialOnly = clauseStart && nameStart == b
            if a > 0 && tv[a - 1].isWord && lex(tv, a - 1).contains(.prep) { prep = true }
        }
        var support = tv[b].f.contains(.possessive)
        // A verb of saying next ("Kim said"), or after a comma ("Kim, said ...").
        if b + 1 < tv.count {
            if tv[b + 1].isWord {
                if lex(tv, b + 1).contains(.speech) { support = true }
            } else if tv[b + 1].scalar == 0x2C && b + 2 < tv.count && lex(tv, b + 2).contains(.speech) {
                support = true
            }
        }
        appendMention(tv, nameStart, b, title: title, titleIsRole: titleIsRole, prep: prep, initialOnly: initialOnly,
                      support: support)
        var mi = first
        // "Welcome Putin": a two-word run whose first word opens the sentence may be that word plus a name.
        // (That mention goes before the run's: it is made after it, so that keys are interned in
        // the same order as always, and put in front.)
        if !title.exists && clauseStart && b == nameStart + 1 && !lex(tv, nameStart).contains(.honorific)
            && lex(tv, b).intersection([.starter, .thing, .orgWord, .placeHead]).isEmpty {
            insertTail(tv, nameStart, b, first, support: support)
            mi = first + 1
        }
        let m = (tokens: mentions[mi].tokens, initials: mentions[mi].initials)

        // "Korean Central News Agency (KCNA)": same first letter. "Republic of Korea DPRK" (no
        // parentheses): the acronym must spell the name's initials.
        if b + 3 < tv.count, tv[b + 1].scalar == 0x28, Finder.isAcronym(tv[b + 2]), tv[b + 3].scalar == 0x29,
           m.tokens >= 2, p[tv[nameStart].start].asciiUppercased == p[tv[b + 2].start] {
            appendAlias(b + 2, of: mi)
            return b + 4
        }
        if b + 1 < tv.count, m.tokens >= 2, Finder.isAcronym(tv[b + 1]), blankBetween(tv[b].end, tv[b + 1].start),
           acronymKey(b + 1) == m.initials,
           b + 2 >= tv.count || !isName(tv, b + 2) {
            appendAlias(b + 1, of: mi)
            return b + 2
        }
        return b + 1
    }

    // (The rarer cases of a run, handled out of line: their values would otherwise take room
    // in `handleRun`'s frame, and registers, on every run.)

    /// An all-capital run `a...b`: a dateline ("SEOUL - ..."), kept; a label ("ALSO READ"), or a
    /// long all-capital word that is no acronym, dropped. Returns where to continue, or nil for
    /// a run that goes on as any other (an acronym, a short word).
    @inline(never) mutating func allCapitalRun(_ tv: UnsafeBufferPointer<Tok>, _ a: Int, _ b: Int) -> Int? {
        let nextIsDash = b + 1 < tv.count && { let c = tv[b + 1].scalar; return c == 0x2D || c == 0x2014 || c == 0x2013 }()
        var letters = 0
        for x in a...b { letters += tv[x].letters }
        // The cheap tests first: the first word and the lookup (neither has any effect but its
        // answer) only for a run before a dash.
        if nextIsDash && letters >= 4 && !tv[a].f.contains(.dotted) && tv.firstIndex(where: { $0.isWord }) == a
            && (b > a || lookupName(a, b).intersection([.knownOrg, .place]).isEmpty) {
            appendDateline(a, b)
            return b + 1
        }
        if b > a { return b + 1 }
        if tv[a].letters > 6 && !tv[a].f.contains(.dotted) && !Finder.isAcronym(tv[a]) { return b + 1 }
        return nil
    }

    /// The title at the front of the run `a...b`, ending at `titleEnd` (with a role or courtesy
    /// title in it): the title, whether it has a role, and where the name starts; or nil when
    /// nothing is left of the run. A run whose rest is an organisation or place keeps it all
    /// ("General Motors", "General Assembly": no title, the name from `a`).
    @inline(never) mutating func frontTitle(_ tv: UnsafeBufferPointer<Tok>, _ a: Int, _ b: Int, titleEnd: Int,
                                            placeInTitle: (Int, Int)?) -> (ByteRange, Bool, Int)? {
        var restIsOrg = false
        if titleEnd < b {
            for x in (titleEnd + 1)...b where !lex(tv, x).intersection([.orgWord, .placeHead]).isEmpty { restIsOrg = true }
            // (The lookup only when the words did not settle it: it has no effect but its answer.)
            if !restIsOrg && !lookupName(a, b).intersection([.knownOrg, .place]).isEmpty { restIsOrg = true }
        }
        if restIsOrg { return (.none, false, a) }
        if let (ps, pe) = placeInTitle { appendPlace(ps, pe) }
        if titleEnd >= b { return nil }
        var ts = a
        // "U.S. President Joe Biden", "DPRK Chairman Kim": an acronym right before joins the title.
        if a > 0 && tv[a - 1].isWord && tv[a - 1].f.contains(.allCaps) && tv[a - 1].end < tv[a].start
            && blankBetween(tv[a - 1].end, tv[a].start) { ts = a - 1 }
        var title = collapse(tv[ts].start, tv[titleEnd].end)
        var honorificOnly = true
        for x in a...titleEnd where !lex(tv, x).contains(.courtesy) { honorificOnly = false }
        var titleIsRole = !honorificOnly
        var nameStart = titleEnd + 1
        while nameStart <= b && isConnector(tv, nameStart) { nameStart += 1 }
        if nameStart > titleEnd + 1 {
            // "Secretary of the Workers' Party": the title did not reach a name.
            title = .none; titleIsRole = false
        }
        if nameStart > b { return nil }
        return (title, titleIsRole, nameStart)
    }

    /// The title made of the lowercase role right before the run at `a` ("leader"), the
    /// lowercase qualifiers before it, and up to four capitalised words before those ("North
    /// Korean leader").
    @inline(never) mutating func lowercaseRoleTitle(_ tv: UnsafeBufferPointer<Tok>, _ a: Int) -> ByteRange {
        var ts = a - 1
        while ts > 0 && tv[ts - 1].isWord && tv[ts - 1].f.contains(.lower) && lex(tv, ts - 1).contains(.titleMod) { ts -= 1 }
        var c = ts
        while c > 0 && ts - c < 4 && tv[c - 1].isWord && (tv[c - 1].f.contains(.cap) || tv[c - 1].f.contains(.allCaps)) {
            let t = tv[c - 1]
            let tl = lex(tv, c - 1)
            if tl.contains(.article) || (t.f.contains(.clauseInitial) && tl.contains(.starter)) { break }
            c -= 1
        }
        return collapse(tv[c].start, tv[a - 1].end)
    }

    // (The rarer mentions of a run, made out of line: their `Mention` values, made and changed in
    // place, would otherwise take room in `handleRun`'s frame, and registers, on every run.)

    /// "Welcome Putin": the mention of `b` alone, put in front of the run's (at `first`), which
    /// gets it as its tail and `nameStart` as its head.
    @inline(never) mutating func insertTail(_ tv: UnsafeBufferPointer<Tok>, _ nameStart: Int, _ b: Int, _ first: Int, support: Bool) {
        var t = makeMention(b, b, title: .none)
        t.support = support
        mentions.insert(t, at: first)
        let mi = first + 1
        mentions[mi].tail = first
        let head = tv[nameStart]
        mentions[mi].headStart = Int32(head.start); mentions[mi].headEnd = Int32(head.end)
        mentions[mi].headAfterQuote = nameStart > 0 && tv[nameStart - 1].f.contains(.opener)
            && { let c = tv[nameStart - 1].scalar; return c == 0x22 || c == 0x27 || c == 0x201C || c == 0x2018 || c == 0xAB }()
    }

    /// The dateline `a...b` ("SEOUL - ..."), title-cased.
    @inline(never) mutating func appendDateline(_ a: Int, _ b: Int) {
        var m = makeMention(a, b, title: .none, kept: false)
        titleCase(m.name)
        m.dateline = true
        m.acronym = false
        mentions.append(m)
    }

    /// A known place inside a title, after its "of" ("Minister of Russia Sergei Lavrov": "Russia").
    @inline(never) mutating func appendPlace(_ a: Int, _ b: Int) {
        let pm = makeMention(a, b, title: .none)
        mentions.append(pm)
    }

    /// The acronym `k` as an alias of mention `mi`.
    @inline(never) mutating func appendAlias(_ k: Int, of mi: Int) {
        var alias = makeMention(k, k, title: .none)
        alias.aliasOf = mi
        mentions.append(alias)
    }

    /// `t.isAcronym`, its one flag test first (both of its cases need all capitals): most tokens
    /// tested are not, and are turned away by it.
    @inline(__always) static func isAcronym(_ t: Tok) -> Bool {
        t.f.contains(.allCaps) && t.isAcronym
    }

    /// A nationality by its ending (-ian, -ean, -ese, -ish): only used in front of a role.
    @inline(__always) func isDemonymLike(_ t: Tok) -> Bool {
        guard t.f.contains(.cap), !t.f.contains(.allCaps), t.end - t.start >= 5 else { return false }
        // The last three bytes in one load (the first in the low byte): ian, ean, ese, ish.
        let s3 = SWAR.load(p, t.end - 3) & 0xFF_FFFF
        return s3 == 0x6E_6169 || s3 == 0x6E_6165 || s3 == 0x65_7365 || s3 == 0x68_7369
    }

    func blankBetween(_ s: Int, _ e: Int) -> Bool {
        var x = s
        while x < e { let l = spaceLen(p, x); if l == 0 { return false }; x += l }
        return true
    }

    // MARK: Mention text

    /// Appends the text of `p[s..<e]` to `out` with whitespace runs collapsed to one space (none at
    /// either end).
    static func appendCollapsed(_ p: Bytes, _ s: Int, _ e: Int, to out: Buffer<UInt8>) {
        guard e > s else { return }
        // Never longer than the input: each space written stands for at least one blank byte.
        out.appendUnsafe(maxCount: e - s) { dst in
            var k = 0
            var x = s
            var blank = false
            while x < e {
                let c = p[x]
                // Bytes above the space and below 0x80 are never blank.
                if c <= 0x20 || c >= 0x80 {
                    let l = blankLen(p, x)
                    if l > 0 { blank = true; x += l; continue }
                }
                if blank && k > 0 { dst[k] = 0x20; k += 1 }
                blank = false
                dst[k] = c; k += 1; x += 1
            }
            return k
        }
    }

    /// The collapsed text of `s..<e`, kept in `strs`.
    mutating func collapse(_ s: Int, _ e: Int) -> ByteRange {
        let start = strs.count
        Finder.appendCollapsed(p, s, e, to: strs)
        return ByteRange(start: Int32(start), count: Int32(strs.count - start))
    }

    /// The lexicon flags of the name `a...b` (its collapsed text, a final abbreviation dot dropped).
    mutating func lookupName(_ a: Int, _ b: Int) -> Lex {
        let s = toks[a].start, e = lastEnd(b)
        scratch.removeAll()
        Finder.appendCollapsed(p, s, e, to: scratch)
        return scratch.withUnsafeBufferPointer { $0.isEmpty ? [] : lexicon.lookup($0.baseAddress!, $0.count) }
    }

    /// Appends the matching key of a name to `out`: ASCII upper-cased, hyphens and spaces as one
    /// space, ’ as ', dots dropped from acronyms.
    /// Returns the number of spaces written.
    @discardableResult
    static func appendKey(_ src: UnsafeBufferPointer<UInt8>, acronym: Bool, to out: Buffer<UInt8>) -> Int {
        let n = src.count
        guard n > 0 else { return 0 }
        var spaces = 0
        // Never longer than the input.
        out.appendUnsafe(maxCount: n) { dst in
            var k = 0
            var i = 0
            while i < n {
                let b = src[i]
                if b == 0xE2 && i + 2 < n && src[i + 1] == 0x80 && src[i + 2] == 0x99 { dst[k] = 0x27; k += 1; i += 3; continue }
                if acronym && b == 0x2E { i += 1; continue }
                if b == 0x2D || b == 0x20 { if k == 0 || dst[k - 1] != 0x20 { dst[k] = 0x20; k += 1; spaces += 1 }; i += 1; continue }
                dst[k] = b.asciiUppercased; k += 1; i += 1
            }
            return k
        }
        return spaces
    }

    /// The id of the key of `src` (interned when `insert`; nil when absent otherwise).
    mutating func keyID(_ src: UnsafeBufferPointer<UInt8>, acronym: Bool, insert: Bool) -> Int32? {
        keyScratch.removeAll()
        Finder.appendKey(src, acronym: acronym, to: keyScratch)
        return keyScratch.withUnsafeBufferPointer { keys.id($0, insert: insert) }
    }

    mutating func keyID(_ src: Buffer<UInt8>, _ r: Range<Int>, acronym: Bool, insert: Bool) -> Int32? {
        src.withUnsafeBufferPointer(r) { keyID($0, acronym: acronym, insert: insert) }
    }

    /// The key id of token `k` read as an acronym ("U.S." → "US"), if that key is known.
    mutating func acronymKey(_ k: Int) -> Int32? {
        // One token has no whitespace inside, so its collapsed text is its bytes.
        let s = toks[k].start, e = lastEnd(k)
        return keyID(UnsafeBufferPointer(rebasing: p[s..<e]), acronym: true, insert: false)
    }

    /// The mention of the name `a...b` with `title`.
    ///
    /// A name recurs in an article ("Putin" ten times), and all that `makeMention` works out
    /// depends only on the bytes from the first token's start to the last token's end: those
    /// bytes decide the tokens (their boundaries, flags and lexicon flags: what a token's flags
    /// take from beyond it — a possessive "'s", a plural apostrophe, "Jan 5" a month — is never
    /// read here), the collapsed name, the keys and the lexicon lookups. So the answer for the
    /// same bytes (and, to be safe, the same token count) is made once per document and copied:
    /// only its span and title are set anew. The keys it interned are interned already, so the
    /// key ids are the ones a new `makeMention` would return; its name shares the bytes in
    /// `strs` (never changed afterwards: a dateline, which is title-cased in place, is made
    /// with `kept: false`, neither taken from the memo nor kept in it).
    mutating func makeMention(_ a: Int, _ b: Int, title: ByteRange, kept: Bool = true) -> Mention {
        let parts = memoParts(a, b, kept: kept)
        return Mention(span: TextSpan(start: toks[a].start, end: toks[a].start + Int(parts.length)), name: parts.name,
                       key: parts.key, lastKey: parts.lastKey, tokens: Int(parts.words), initials: parts.initials,
                       keyWords: Int(parts.keyWords), title: title, acronym: parts.acronym, lex: parts.lex,
                       hasOrgWord: parts.hasOrgWord, hasPlaceHead: parts.hasPlaceHead,
                       directionalPlace: parts.directionalPlace, personShaped: parts.personShaped)
    }

    /// `makeMention` with the flags `handleRun` works out for a run's mention, appended to
    /// `mentions` as one whole value (a `Mention` is large: each copy of it, or each store
    /// through `mentions[i]`, costs).
    @inline(__always) mutating func appendMention(_ tv: UnsafeBufferPointer<Tok>, _ a: Int, _ b: Int, title: ByteRange, titleIsRole: Bool, prep: Bool,
                                                  initialOnly: Bool, support: Bool) {
        let s = tv[a].start
        let parts = memoParts(a, b, s, tv[b].end)
        mentions.append(Mention(span: TextSpan(start: s, end: s + Int(parts.length)), name: parts.name,
                                key: parts.key, lastKey: parts.lastKey, tokens: Int(parts.words), initials: parts.initials,
                                keyWords: Int(parts.keyWords), title: title, titleIsRole: titleIsRole,
                                personTitle: title.exists, acronym: parts.acronym, prep: prep, initialOnly: initialOnly,
                                support: support, lex: parts.lex, hasOrgWord: parts.hasOrgWord,
                                hasPlaceHead: parts.hasPlaceHead, directionalPlace: parts.directionalPlace,
                                personShaped: parts.personShaped))
    }

    /// The parts of the mention `a...b`: from the memo when `kept` (see `makeMention`).
    @inline(__always)
    mutating func memoParts(_ a: Int, _ b: Int, kept: Bool) -> MentionParts {
        guard kept else { return mentionParts(a, b) }
        return memoParts(a, b, toks[a].start, toks[b].end)
    }

    /// The same, given the first token's start `s` and the last token's end `e`.
    @inline(__always)
    mutating func memoParts(_ a: Int, _ b: Int, _ s: Int, _ e: Int) -> MentionParts {
        let h = Finder.memoHash(p, s, e)
        if let found = mentionMemo.find(p, s, e, tokens: b &- a, hash: h) { return found }
        let parts = mentionParts(a, b)
        mentionMemo.add(parts, start: s, end: e, tokens: b &- a, hash: h)
        return parts
    }

    /// The memo's hash of `p[s..<e]`: from its first and last eight bytes and its length (fewer
    /// than eight bytes: those, read as eight with the rest masked off; `p` is padded), not from
    /// every byte. Names alike there share a slot's probe sequence only: the memo compares all
    /// bytes.
    @inline(__always) static func memoHash(_ p: Bytes, _ s: Int, _ e: Int) -> Int {
        let n = e &- s
        let q = UnsafeRawPointer(p.baseAddress.unsafelyUnwrapped)   // (a name's text: never empty)
        var a = UInt64(littleEndian: q.loadUnaligned(fromByteOffset: s, as: UInt64.self)), b: UInt64 = 0
        if n < 8 { a &= (1 << UInt64(8 * n)) &- 1 } else { b = UInt64(littleEndian: q.loadUnaligned(fromByteOffset: e &- 8, as: UInt64.self)) }
        let h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &+ UInt64(n)) &* 0xC2B2_AE3D_27D4_EB4F
        // (The upper half folded into the lower, whose bits pick the slot: see `KeyTable.hash`.)
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// What `makeMention` makes of the name `a...b`, without the memo. (`plainPath: false` makes
    /// the name and keys by the general code only: for tests of the plain path.)
    mutating func mentionParts(_ a: Int, _ b: Int, plainPath: Bool = true) -> MentionParts {
        let end = lastEnd(b)
        let acronym = a == b && toks[a].isAcronym
        // The name and, from the same bytes, its key (in `keyScratch`) in one pass when its bytes
        // are plain (see `appendPlainName`); else the name here and the key below, byte by byte.
        let nameStart = strs.count
        keyScratch.removeAll()
        let plainSpaces = plainPath && !acronym ? appendPlainName(toks[a].start, end) : nil
        let name = plainSpaces != nil ? ByteRange(start: Int32(nameStart), count: Int32(strs.count - nameStart))
                                      : collapse(toks[a].start, end)
        let nameRange = Int(name.start)..<Int(name.start + name.count)
        var words = 0
        var orgWord = false, placeHead = false, shaped = true, initials = 0
        scratch.removeAll()   // the initials
        // (The tokens in place: nothing here appends to `toks`.)
        toks.withUnsafeBufferPointer { tv in
            for x in a...b {
                let t = tv[x]
                let tl = lex(tv, x)
                if isConnector(tv, x) { if !tl.contains(.particle) { shaped = false }; continue }
                words += 1
                let first = p[t.start].asciiUppercased
                // As a String of these bytes would be: a lone lead byte of a longer character is U+FFFD.
                if first < 0x80 { scratch.append(first) } else { scratch.append(0xEF); scratch.append(0xBF); scratch.append(0xBD) }
                if tl.contains(.orgWord) { orgWord = true }
                if tl.contains(.placeHead) { placeHead = true }
                // Initials, also run together: "J. K. Rowling", "J.K. Rowling".
                if t.f.contains(.initial) || (t.f.contains(.dotted) && a != b) { initials += 1; continue }
                if t.f.contains(.allCaps) || t.f.contains(.dotted) || t.f.contains(.withDot) && !tl.contains(.nameAbbrev) { shaped = false }
                // (Once false, `shaped` stays false: the suffix need not be looked at.)
                if shaped && (!tl.intersection([.orgWord, .placeHead, .place, .demonym, .titleHead, .titleMod, .directional,
                                                .starter, .thing, .knownOrg]).isEmpty || Finder.hasGenericSuffix(p, t.start, t.end)) { shaped = false }
            }
        }
        if words < 2 || words > 3 || initials == words { shaped = false }
        var initialsKey: Int32 = -1
        if words >= 2 {
            initialsKey = scratch.withUnsafeBufferPointer { keys.id($0, insert: true)! }
        }
        // The key (as `keyID` makes it), and its words: one more than the spaces in it.
        let keyWords: Int
        if let plainSpaces {
            keyWords = plainSpaces + 1
        } else {
            keyScratch.removeAll()
            keyWords = strs.withUnsafeBufferPointer(nameRange) { Finder.appendKey($0, acronym: acronym, to: keyScratch) } + 1
        }
        let key = keyScratch.withUnsafeBufferPointer { keys.id($0, insert: true)! }
        let lastKey: Int32
        if a == b {
            lastKey = acronym ? keyID(strs, nameRange, acronym: false, insert: true)! : key
        } else if plainSpaces != nil {
            // The last token's key is the end of the name's key: a plain name's key has a byte
            // for each of its bytes, and the last token starts after a separator (two in a row
            // are never plain), so its bytes map alone as they do in the name.
            let from = toks[b].start - toks[a].start
            lastKey = keyScratch.withUnsafeBufferPointer(from..<keyScratch.count) { keys.id($0, insert: true)! }
        } else {
            let s = toks[b].start
            lastKey = keyID(UnsafeBufferPointer(rebasing: p[s..<end]), acronym: false, insert: true)!
        }
        let nameLex: Lex
        if acronym {
            let r = keys.range(key)
            nameLex = r.isEmpty ? [] : keys.bytes.withUnsafeBufferPointer { lexicon.lookup($0.baseAddress! + r.lowerBound, r.count) }
        } else {
            nameLex = name.count == 0 ? [] : strs.withUnsafeBufferPointer { lexicon.lookup($0.baseAddress! + Int(name.start), Int(name.count)) }
        }
        let directionalPlace = words >= 2 && lex(a).contains(.directional) && lookupName(a + 1, b).contains(.place)
        // (Counts and lengths within a text, shorter than 2 GiB: `Finder.tokenize` checks.)
        return MentionParts(name: name, key: key, lastKey: lastKey, initials: initialsKey, words: Int32(truncatingIfNeeded: words),
                            keyWords: Int32(truncatingIfNeeded: keyWords), length: Int32(truncatingIfNeeded: end - toks[a].start),
                            lex: nameLex, acronym: acronym,
                            hasOrgWord: orgWord, hasPlaceHead: placeHead, personShaped: shaped,
                            directionalPlace: directionalPlace)
    }

    /// The name `p[s..<e]` appended to `strs` as `collapse` appends it, and its key to `keyScratch`
    /// as `appendKey(acronym: false)` makes it from that name, eight bytes at a time, when the
    /// bytes are plain: ASCII, no control bytes, and no two separators (space or hyphen) in a
    /// row, none first or last. Most names are ("Kim Jong-un"). Then `collapse` copies every byte
    /// (a single space between other bytes stays as it is), and `appendKey` maps every byte to
    /// one byte: a-z to A-Z, a hyphen to a space (no separator follows another, so none is
    /// dropped), any other byte to itself (no ’ or dot handling: the bytes are ASCII, and the
    /// name is no acronym). Returns the number of separators (the spaces `appendKey` would
    /// count), or nil with nothing appended when the bytes are not plain.
    @inline(__always) mutating func appendPlainName(_ s: Int, _ e: Int) -> Int? {
        let n = e - s
        guard n > 0 else { return nil }
        // Room for whole 8-byte stores past the end (only `n` bytes are counted as appended).
        let nameOut = UnsafeMutableRawPointer(strs.reserve(room: n + 8))
        let keyOut = UnsafeMutableRawPointer(keyScratch.reserve(room: n + 8))
        // A separator "before" the first byte (high bit of byte 0), so that a separator first is
        // two in a row.
        var before: UInt64 = 0x80
        var separators = 0
        var i = 0
        while i < n {
            // (`p` is padded: 8 bytes can be read at any offset inside it.)
            let w = SWAR.load(p, s + i)
            let inName: UInt64 = n - i >= 8 ? ~0 : (1 << UInt64(8 * (n - i))) &- 1
            let space = SWAR.inRange(w, 0x20, 0x20), hyphen = SWAR.inRange(w, 0x2D, 0x2D)
            let sep = (space | hyphen) & inName
            let bad = ((w & SWAR.highs) | SWAR.inRange(w, 0x00, 0x1F)) & inName
            if bad | (sep & ((sep << 8) | before)) != 0 { return nil }
            before = (sep >> 56) & 0x80
            // (The count of 0x80 bytes, summed into the top byte: no popcount instruction needed.)
            separators &+= Int(truncatingIfNeeded: ((sep >> 7) &* SWAR.ones) >> 56)
            // Upper-cased (0x20 off a-z) and hyphens as spaces (0x2D - 0x0D): no byte borrows.
            let key = w &- (SWAR.inRange(w, 0x61, 0x7A) >> 2) &- ((hyphen >> 7) &* 0x0D)
            nameOut.storeBytes(of: w.littleEndian, toByteOffset: i, as: UInt64.self)
            keyOut.storeBytes(of: key.littleEndian, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        if p[e - 1] == 0x20 || p[e - 1] == 0x2D { return nil }
        strs.didAppend(n, room: n + 8)
        keyScratch.didAppend(n, room: n + 8)
        return separators
    }

    /// The end of a name's last token: a trailing "." is kept only on initials, "St." and dotted acronyms.
    @inline(__always) func lastEnd(_ b: Int) -> Int {
        let t = toks[b]
        if t.f.contains(.withDot) && !t.f.contains(.dotted) && !t.f.contains(.initial) && !lex(b).contains(.nameAbbrev) {
            return t.end - 1
        }
        return t.end
    }

    /// Common-noun endings that keep a name from looking like a person's: "Partnership", "Strategic".
    /// (After dropping a final "s" from words of five bytes or more, the word must be at least three
    /// bytes longer than the ending. The endings are tried by their last byte.)
    static func hasGenericSuffix(_ p: Bytes, _ s: Int, _ e0: Int) -> Bool {
        var e = e0
        if e - s > 4 && p[e - 1] == 0x73 { e -= 1 }
        let len = e - s
        guard len > 5 else { return false }   // the shortest ending has 3 bytes
        @inline(__always) func ends(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
            p[e - 3] == a && p[e - 2] == b && p[e - 1] == c
        }
        @inline(__always) func ends(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Bool {
            len > 6 && p[e - 4] == a && ends(b, c, d)
        }
        @inline(__always) func ends(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ f: UInt8) -> Bool {
            len > 7 && p[e - 5] == a && ends(b, c, d, f)
        }
        switch p[e - 1] {
        case 0x6E: return ends(0x74, 0x69, 0x6F, 0x6E) || ends(0x73, 0x69, 0x6F, 0x6E)        // tion sion
        case 0x74: return ends(0x6D, 0x65, 0x6E, 0x74)                                        // ment
        case 0x73: return ends(0x6E, 0x65, 0x73, 0x73)                                        // ness
        case 0x70: return ends(0x73, 0x68, 0x69, 0x70)                                        // ship
        case 0x79: return ends(0x69, 0x74, 0x79) || ends(0x6F, 0x6C, 0x6F, 0x67, 0x79)        // ity ology
        case 0x65: return ends(0x69, 0x76, 0x65) || ends(0x61, 0x6E, 0x63, 0x65)              // ive ance
            || ends(0x65, 0x6E, 0x63, 0x65) || ends(0x74, 0x75, 0x72, 0x65)                   // ence ture
        case 0x6D: return ends(0x69, 0x73, 0x6D)                                              // ism
        case 0x6C: return ends(0x69, 0x63, 0x61, 0x6C) || ends(0x75, 0x72, 0x61, 0x6C)        // ical ural
            || ends(0x69, 0x6F, 0x6E, 0x61, 0x6C)                                             // ional
        case 0x63: return ends(0x67, 0x69, 0x63) || ends(0x74, 0x69, 0x63) || ends(0x6D, 0x69, 0x63)  // gic tic mic
            || ends(0x69, 0x66, 0x69, 0x63)                                                   // ific
        default: return false
        }
    }

    /// Title-cases a name in place ("SEOUL" → "Seoul").
    mutating func titleCase(_ r: ByteRange) {
        var startOfWord = true
        for i in Int(r.start)..<Int(r.start + r.count) {
            let b = strs[i]
            strs[i] = startOfWord ? b.asciiUppercased : b.asciiLowercased
            startOfWord = b == 0x20 || b == 0x2D
        }
    }

    // MARK: Merging
    //
    // The merge keeps its state in a few flat lists (per mention, per group, per key id; see
    // `Grouping`) and no array per group: a group's mentions are a linked list, and what the rules
    // ask of a group (its fullest mention, whether any mention had a title, ...) is kept up to date
    // as mentions join it, so no list is walked more than once. The per-mention and per-key lists
    // are Int32s that start as -1 ("none"), so making them is one fill. Strings and span arrays
    // are made only for the entities returned; the lookups of headline names read each run of
    // name tokens once.

    struct GroupFlags: OptionSet {
        let rawValue: UInt16
        static let title = GroupFlags(rawValue: 1 << 0)
        static let personTitle = GroupFlags(rawValue: 1 << 1)
        static let dateline = GroupFlags(rawValue: 1 << 2)
        static let prep = GroupFlags(rawValue: 1 << 3)
        /// Some mention has a key of two words or more.
        static let multiWord = GroupFlags(rawValue: 1 << 4)
        /// Some mention is more than a one-word name at the start of a sentence (see the merge).
        static let supported = GroupFlags(rawValue: 1 << 5)
        static let ambiguousPerson = GroupFlags(rawValue: 1 << 6)
        static let dropped = GroupFlags(rawValue: 1 << 7)
        /// (Of the fullest mention.)
        static let bestDateline = GroupFlags(rawValue: 1 << 8)

        /// What a mention brings to its group.
        @inline(__always) init(_ mp: UnsafePointer<Mention>) {
            // (The fields are read in place: copying the whole mention out costs more.)
            var f: GroupFlags = []
            let title = mp.pointee.title.exists, dateline = mp.pointee.dateline, prep = mp.pointee.prep
            if title { f.insert(.title) }
            if mp.pointee.personTitle { f.insert(.personTitle) }
            if dateline { f.insert(.dateline) }
            if prep { f.insert(.prep) }
            if mp.pointee.keyWords >= 2 { f.insert(.multiWord) }
            if !mp.pointee.initialOnly || mp.pointee.support || mp.pointee.acronym || prep || title || dateline
                || !mp.pointee.lex.intersection([.place, .knownOrg, .orgWord]).isEmpty { f.insert(.supported) }
            self = f
        }
        init(rawValue: UInt16) { self.rawValue = rawValue }
    }

    /// A group of mentions: one entity, unless dropped or empty.
    struct Group {
        /// The first and last mentions (-1: none yet); the others are linked by `Grouping.next`.
        var head: Int32 = -1, last: Int32 = -1
        var count: Int32 = 0
        /// The mention with the fullest name: most words, then most bytes, then mixed case over a
        /// capitalised dateline, then earliest. That rule is a left fold over the mentions in the
        /// order they joined, so it is folded in as each joins; what it compares is kept beside it.
        var best: Int32 = -1
        var bestNameCount: Int32 = 0
        var bestKeyWords = 0
        var bestStart = 0
        /// The first byte of the earliest mention (the entities' order).
        var first = Int.max
        var flags: GroupFlags = []

        var isEmpty: Bool { head < 0 }

        /// Mention `mi` (`m`) joins at the end (the list links are the caller's).
        @inline(__always) mutating func fold(_ mi: Int, _ mp: UnsafePointer<Mention>) {
            // (The fields are read in place: copying the whole mention out costs more.)
            let keyWords = mp.pointee.keyWords, nameCount = mp.pointee.name.count
            let start = mp.pointee.span.start, mDateline = mp.pointee.dateline
            let mi32 = Int32(truncatingIfNeeded: mi)
            if last < 0 { head = mi32 }
            last = mi32
            count += 1
            var better = best < 0
            if !better {
                let dateline = flags.contains(.bestDateline)
                if keyWords != bestKeyWords { better = keyWords > bestKeyWords }
                else if nameCount != bestNameCount { better = nameCount > bestNameCount }
                else if dateline && !mDateline { better = true }
                else { better = start < bestStart && mDateline == dateline }
            }
            if better {
                best = mi32
                bestKeyWords = keyWords; bestNameCount = nameCount; bestStart = start
                if mDateline { flags.insert(.bestDateline) } else { flags.remove(.bestDateline) }
            }
            first = min(first, start)
            flags.formUnion(GroupFlags(mp))
        }
    }

    /// Groups of mentions, by mention and by key id. (In `Buffer`s: reading and writing an
    /// element is a plain load or store, with no check for shared storage as a Swift Array
    /// mutated in place has.)
    struct Grouping {
        /// The groups, in the order made.
        let groups: Buffer<Group>
        /// Per mention, `2 * mi`: its group (or `leftOut`, `tailMark`); `2 * mi + 1`: the next
        /// mention of the same group, in the order they joined. -1: none.
        let links: Buffer<Int32>
        /// Per key id, `K.count` values from `K.count * key` (see `K`), -1 when not set. The key
        /// table grows during the merge: ids past the end read as not set.
        let byKey: Buffer<Int32>

        /// A mention's group value when the "Welcome Putin" rule leaves it out.
        static let leftOut: Int32 = -2
        /// ... and for a tail while that rule is being decided.
        static let tailMark: Int32 = -3
        /// In a one-group set (`K.byFirst`, ...): two groups or more.
        static let many: Int32 = -2

        /// The fields per key.
        enum K {
            /// The group the key's mentions join.
            static let group = 0
            // For the "Welcome Putin" rule (keys of the mentions found in sentences only):
            /// The first multi-word key whose last word is this key, or `many` when there is another.
            static let lastFirst = 1
            /// The only mention with this key (tails not counted), or `many`.
            static let mention = 2
            /// 1: a one-word mention with this key is not only at the start of a sentence.
            static let nonInitialSingle = 3
            /// The person whose name starts or ends with this key, the name whose initials it is
            /// (a group, or `many`).
            static let byFirst = 4, byLast = 5, byInitials = 6
            static let count = 7
        }

        /// Empty groups for `mentions` mentions and `keys` key ids, in the lists of `storage`
        /// (emptied: as new lists, but without allocating them for each document).
        init(keys: Int, mentions: Int, in storage: FinderStorage) {
            groups = storage.groups; groups.removeAll()
            links = storage.links; links.removeAll()
            Grouping.extend(links, by: 2 * mentions)
            byKey = storage.byKey; byKey.removeAll()
                // (Room for the first and last words of people's names, interned during the merge.)
            Grouping.extend(byKey, by: K.count * (keys + 16))
        }

        /// Appends `n` values -1.
        static func extend(_ b: Buffer<Int32>, by n: Int) {
            b.appendUnsafe(maxCount: n) { $0.initialize(repeating: -1, count: n); return n }
        }

        @inline(__always) func get(_ key: Int32, _ field: Int) -> Int32 {
            let i = K.count * Int(key) + field
            return i < byKey.count ? byKey[i] : -1
        }

        @inline(__always) func set(_ key: Int32, _ field: Int, _ v: Int32) {
            let i = K.count * Int(key) + field
            if i >= byKey.count { Grouping.extend(byKey, by: max(i + K.count, 2 * byKey.count) - byKey.count) }
            byKey[i] = v
        }

        /// Files group `g` in the set `field` of `key`: the first group, or `many`.
        func insert(_ g: Int, _ key: Int32, _ field: Int) {
            let v = get(key, field)
            if v == -1 { set(key, field, Int32(g)) } else if v != Int32(g) { set(key, field, Grouping.many) }
        }

        /// The only group in the set `field` of `key`, if it has exactly one.
        @inline(__always) func only(_ key: Int32, _ field: Int) -> Int? {
            let v = get(key, field)
            return v >= 0 ? Int(v) : nil
        }

        @inline(__always) func groupOf(_ mi: Int) -> Int32 { links[2 * mi] }

        @inline(__always) func next(_ mi: Int) -> Int { Int(links[2 * mi + 1]) }

        @inline(__always) func groupFor(_ key: Int32) -> Int? { only(key, K.group) }

        @inline(__always) func setGroup(_ key: Int32, _ g: Int?) { set(key, K.group, Int32(g ?? -1)) }

        /// Mention `mi` (`m`, with room in `links`) joins group `g` at the end.
        // (Transparent: it is small, and @inline(__always) left it out of line.)
        @_transparent func add(_ mi: Int, _ m: UnsafePointer<Mention>, to g: Int) {
            // (Mention and group numbers are far below 2^31.)
            links[2 * mi] = Int32(truncatingIfNeeded: g)
            // The group changed in place (not copied out and back: a group is 56 bytes).
            precondition(UInt(bitPattern: g) < UInt(bitPattern: groups.count), "no such group")
            let group = groups.withUnsafeBufferPointer { UnsafeMutablePointer(mutating: $0.baseAddress! + g) }
            let last = Int(group.pointee.last)
            if last >= 0 { links[2 * last + 1] = Int32(truncatingIfNeeded: mi) }
            group.pointee.fold(mi, m)
        }

        /// A new group, empty, filed under `key`.
        func newGroup(key: Int32) -> Int {
            groups.append(Group())
            setGroup(key, groups.count - 1)
            return groups.count - 1
        }

        /// The person `key` (a one-word name) stands for: the unique person whose name ends with
        /// it, else the unique one whose name starts with it (when none ends with it); and whether
        /// it is ambiguous (two or more qualify).
        func personFor(_ key: Int32) -> (Int?, Bool) {
            let ends = get(key, K.byLast)
            if ends >= 0 { return (Int(ends), false) }
            let starts = get(key, K.byFirst)
            if ends == -1 && starts >= 0 { return (Int(starts), false) }
            // (Here neither set has exactly one group: two or more qualify when either has more.)
            return (nil, ends == Grouping.many || starts == Grouping.many)
        }
    }

    /// The entities of the document, from the mentions found in its sentences and its headlines.
    /// (Out of line, so that the merge shows in a profile as one function.)
    @inline(never) mutating func merge(_ gr: Grouping, skippingOther: Bool = false, _ visit: (FoundEntity) -> Void) {
        // (The mentions do not change until the headlines: read in place, through `ms`.)
        let found = mentions
        found.withUnsafeBufferPointer { ms in
            leaveOutTails(gr, ms)
            groupNames(gr, ms)
            groupOneWordNames(gr, ms)
        }
        addHeadlineMentions(gr)
        entities(gr, skippingOther: skippingOther, visit)
    }

    // (The phases are kept out of line: they run once per document, and each shows in a profile.)

    /// "Welcome Putin": which of a two-word run and its second word is used.
    @inline(never) func leaveOutTails(_ gr: Grouping, _ ms: UnsafeBufferPointer<Mention>) {
        typealias K = Grouping.K
        // "Welcome Putin" → "Putin" when "Putin" is a name elsewhere (a one-word name not at the
        // start of a sentence, or the last word of another name), "Welcome Putin" is not, and
        // "Welcome" looks like an ordinary word; otherwise the tail is unused.
        var anyTail = false
        for mi in ms.indices { if let t = ms[mi].tail { gr.links[2 * t] = Grouping.tailMark; anyTail = true } }
        guard anyTail else { return }
        for mi in ms.indices where gr.groupOf(mi) != Grouping.tailMark {
            let key = ms[mi].key
            gr.set(key, K.mention, gr.get(key, K.mention) == -1 ? Int32(mi) : Grouping.many)
            if ms[mi].keyWords >= 2 {
                let lastKey = ms[mi].lastKey
                let lastFirst = gr.get(lastKey, K.lastFirst)
                if lastFirst == -1 { gr.set(lastKey, K.lastFirst, key) }
                else if lastFirst != key { gr.set(lastKey, K.lastFirst, Grouping.many) }
            } else if !ms[mi].initialOnly { gr.set(key, K.nonInitialSingle, 1) }
        }
        for mi in ms.indices {
            guard let t = ms[mi].tail else { continue }
            let key = ms[mi].key, tailKey = ms[t].key
            // Is there a multi-word key ending in the tail other than this mention's own?
            let lastFirst = gr.get(tailKey, K.lastFirst)
            let otherLast = lastFirst == Grouping.many || (lastFirst >= 0 && lastFirst != key)
            let elsewhere = gr.get(tailKey, K.nonInitialSingle) == 1 || otherLast
            // The first word looks like an ordinary word: it is seen in lowercase, or the run
            // opens a quotation. (Asked only when the other conditions hold: the answer is the
            // same, and the lowercase words are not searched for nothing.)
            if elsewhere && gr.get(key, K.mention) >= 0
                && (ms[mi].headAfterQuote || seenInLowercase(Int(ms[mi].headStart), Int(ms[mi].headEnd))) {
                gr.links[2 * mi] = Grouping.leftOut
                gr.links[2 * t] = -1
            } else {
                gr.links[2 * t] = Grouping.leftOut
            }
        }
    }

    /// Names of two words or more, their acronyms, and the sets one-word names are looked up in.
    @inline(never) mutating func groupNames(_ gr: Grouping, _ ms: UnsafeBufferPointer<Mention>) {
        typealias K = Grouping.K
        let m = ms.baseAddress!
        // Multi-word names first.
        for mi in ms.indices where ms[mi].keyWords >= 2 && ms[mi].aliasOf == nil && gr.groupOf(mi) == -1 {
            let key = ms[mi].key
            gr.add(mi, m + mi, to: gr.groupFor(key) ?? gr.newGroup(key: key))
        }
        // Acronyms in parentheses name the same thing as the name before them.
        for mi in ms.indices {
            guard let target = ms[mi].aliasOf, gr.groupOf(mi) == -1 else { continue }
            let tg = Int(gr.groupOf(target))
            guard tg >= 0 else { continue }
            let key = ms[mi].key
            if let g = gr.groupFor(key) { gr.add(mi, m + mi, to: g) } else { gr.setGroup(key, tg); gr.add(mi, m + mi, to: tg) }
        }
        // People among them, for one-word mentions to join (by the first and last words of their
        // keys); other names by their initials, for acronyms.
        // (The groups do not change until the one-word names join them: their kinds are found once.)
        for g in 0..<gr.groups.count {
            let group = gr.groups[g]
            let best = Int(group.best)
            if kind(of: group, m) == .person {
                if ms[best].keyWords >= 2 {
                    let (first, last) = firstAndLastWords(ms[best].key, lastKey: ms[best].lastKey)
                    gr.insert(g, last, K.byLast)
                    gr.insert(g, first, K.byFirst)
                }
            } else if ms[best].tokens >= 2 {
                gr.insert(g, ms[best].initials, K.byInitials)
            }
        }
    }

    /// One-word names: to a group of their own key, a person, a name they are the initials of,
    /// or a new group; then the groups that are most likely ordinary words are dropped.
    @inline(never) func groupOneWordNames(_ gr: Grouping, _ ms: UnsafeBufferPointer<Mention>) {
        typealias K = Grouping.K
        let m = ms.baseAddress!
        // One-word names. Generic nouns on their own ("Treaty", "Ministry", "Square") are not names.
        for mi in ms.indices where ms[mi].keyWords < 2 && ms[mi].aliasOf == nil && gr.groupOf(mi) == -1 {
            let key = ms[mi].key
            if let g = gr.groupFor(key) { gr.add(mi, m + mi, to: g); continue }
            let acronym = ms[mi].acronym, lex = ms[mi].lex
            if !acronym && !ms[mi].title.exists && !lex.intersection([.thing, .orgWord, .placeHead]).isEmpty
                && lex.intersection([.knownOrg, .place]).isEmpty { continue }
            if acronym, let g = gr.only(key, K.byInitials) { gr.setGroup(key, g); gr.add(mi, m + mi, to: g); continue }
            let (person, ambiguous) = acronym ? (nil, false) : gr.personFor(key)
            if let g = person { gr.setGroup(key, g); gr.add(mi, m + mi, to: g); continue }
            let g = gr.newGroup(key: key)
            if ambiguous { gr.groups[g].flags.insert(.ambiguousPerson) }
            gr.add(mi, m + mi, to: g)
        }
        // One-word names seen only at the start of sentences, with nothing else for them, are words.
        for g in 0..<gr.groups.count where gr.groups[g].flags.isDisjoint(with: [.multiWord, .supported, .ambiguousPerson]) {
            gr.groups[g].flags.insert(.dropped)
            var mi = Int(gr.groups[g].head)
            while mi >= 0 { gr.setGroup(ms[mi].key, nil); mi = gr.next(mi) }
        }
    }

    /// Headlines: mentions of known names only.
    @inline(never) mutating func addHeadlineMentions(_ gr: Grouping) {
        // Each headline's tokens as `run` made them: what `tokenize` would make again. (The
        // lexicon flags `isHeadline` resolved in them are what `lex` would resolve; tokenizing
        // again would add the headline's lowercase words to `lowercaseWords` a second time,
        // which changes no answer of `seenInLowercase`.)
        var start = 0
        for h in 0..<headlines.ends.count {
            let end = Int(headlines.ends[h])
            toks.removeAll()
            headlines.toks.withUnsafeBufferPointer(start..<end) { toks.append(contentsOf: $0) }
            start = end
            var k = 0
            while k < toks.count {
                guard isName(k) else { k += 1; continue }
                var end = k
                while end + 1 < toks.count && (isName(end + 1) || isConnector(end + 1)) { end += 1 }
                matchNames(k, end, gr)
                k = end + 1
            }
        }
    }

    /// The mentions of known names among the tokens `first...end` (a name, then names and
    /// connectors): from each name on, the longest known name of up to six tokens is a mention.
    mutating func matchNames(_ first: Int, _ end: Int, _ gr: Grouping) {
        let n = end - first + 1
        let s = toks[first].start, e = lastEnd(end)
        guard e > s else { return }
        // The collapsed text and the key of the tokens read once, with where each token starts and
        // ends in both (`Mark`s); the texts of the names are slices of them.
        withScratch(of: UInt8.self, 2 * (e - s)) { bytes in
            withScratch(of: Mark.self, 2 * n) { marks in
                let text = UnsafeMutableBufferPointer(rebasing: bytes[0..<(e - s)])
                let key = UnsafeMutableBufferPointer(rebasing: bytes[(e - s)...])
                readNames(first, end, text: text, key: key, marks)
                var k = first
                while k <= end {
                    guard isName(k) else { k += 1; continue }
                    var matched = false
                    var b = min(k + 5, end)
                    while b >= k {
                        if isConnector(b) { b -= 1; continue }
                        let ts = marks[2 * (k - first)], te = marks[2 * (b - first) + 1]
                        let nameText = UnsafeBufferPointer(rebasing: text[ts.text..<te.text])
                        let acronym = k == b && toks[k].isAcronym
                        // (An acronym's key drops its dots.)
                        let id = acronym ? keyID(nameText, acronym: true, insert: false)
                            : keys.id(UnsafeBufferPointer(rebasing: key[ts.key..<te.key]), insert: false)
                        var target = id.flatMap { gr.groupFor($0) }
                        if target == nil && k == b && !acronym, let id, let g = gr.personFor(id).0 { target = g }
                        // A known place or organisation not yet named starts a group of its own.
                        // (Looked up only when no group is found: the lookup has no effects. The
                        // mention is made once: making it again would give the same mention.)
                        var made: Mention? = nil
                        if target == nil && !nameText.isEmpty
                            && !lexicon.lookup(nameText.baseAddress!, nameText.count).intersection([.place, .knownOrg]).isEmpty {
                            let m = makeMention(k, b, title: .none)
                            made = m
                            target = gr.newGroup(key: m.key)
                        }
                        if let g = target {
                            let m = made ?? makeMention(k, b, title: .none)
                            mentions.append(m)
                            Grouping.extend(gr.links, by: 2)
                            mentions.withUnsafeBufferPointer { gr.add($0.count - 1, $0.baseAddress! + $0.count - 1, to: g) }
                            matched = true
                            break
                        }
                        b -= 1
                    }
                    k = matched ? b + 1 : k + 1
                }
            }
        }
    }

    /// Where a token starts or ends in a text and in its key.
    struct Mark { var text: Int; var key: Int }

    /// The tokens `first...end`: their collapsed text into `text` (the bytes `appendCollapsed`
    /// makes), its key into `key` (the bytes `appendKey` makes, not as an acronym); in
    /// `marks[2 * j]` and `marks[2 * j + 1]` where token `first + j` starts and ends (`lastEnd`)
    /// in both.
    ///
    /// The name of tokens `a...b` has the text `text[marks[2 * a].text..<marks[2 * b + 1].text]`
    /// and the key `key[marks[2 * a].key..<marks[2 * b + 1].key]`, as `appendCollapsed` and
    /// `appendKey` would make them from it alone: both are made from the left, each byte from the
    /// bytes before it (a character read whole); a name ends after a byte that is not blank, and
    /// starts with a capital letter (where the two only differ in the blank they drop in front).
    /// (`plainPath`: whether `plainNames` is tried first; false only in tests, which check both
    /// ways give the same.)
    func readNames(_ first: Int, _ end: Int, text: UnsafeMutableBufferPointer<UInt8>, key: UnsafeMutableBufferPointer<UInt8>,
                   _ marks: UnsafeMutableBufferPointer<Mark>, plainPath: Bool = true) {
        let count = 2 * (end - first + 1)
        let s = toks[first].start, e = lastEnd(end)
        if plainPath && Finder.plainNames(p, s, e, text: text, key: key) {
            // Every byte of the text at its own place in both: a token's marks are its offsets.
            for j in first...end {
                let ts = toks[j].start &- s, te = lastEnd(j) &- s
                marks[2 * (j - first)] = Mark(text: ts, key: ts)
                marks[2 * (j - first) + 1] = Mark(text: te, key: te)
            }
            return
        }
        for j in first...end {
            marks[2 * (j - first)] = Mark(text: toks[j].start, key: 0)
            marks[2 * (j - first) + 1] = Mark(text: lastEnd(j), key: 0)
        }
        // The collapsed text (as `appendCollapsed`) and, from each byte it gets, the key (as
        // `appendKey`); the marks from places in `p` to places in both. A token ends before the
        // byte at its end, and starts after the space put before it. (`at`: where the next mark
        // is.) The key's ’ → ' needs the three bytes of ’ in the text: here, in `p[x..<e]`, as
        // none of them is blank.
        var t = 0, k = 0, x = s, m = 0, at = marks[0].text
        var blank = false
        while x < e {
            while x == at && m & 1 == 1 { marks[m] = Mark(text: t, key: k); m += 1; at = m < count ? marks[m].text : -1 }
            let c = p[x]
            if c <= 0x20 || c >= 0x80 {
                let l = blankLen(p, x)
                if l > 0 { blank = true; x += l; continue }
            }
            if blank && t > 0 {
                text[t] = 0x20; t += 1
                if k == 0 || key[k - 1] != 0x20 { key[k] = 0x20; k += 1 }
            }
            blank = false
            while x == at && m & 1 == 0 { marks[m] = Mark(text: t, key: k); m += 1; at = m < count ? marks[m].text : -1 }
            if c == 0xE2 && x + 2 < e && p[x + 1] == 0x80 && p[x + 2] == 0x99 {
                text[t] = 0xE2; text[t + 1] = 0x80; text[t + 2] = 0x99; t += 3
                key[k] = 0x27; k += 1
                x += 3
                continue
            }
            text[t] = c; t += 1
            if c == 0x2D { if k == 0 || key[k - 1] != 0x20 { key[k] = 0x20; k += 1 } } else { key[k] = c.asciiUppercased; k += 1 }
            x += 1
        }
        while m < count { marks[m] = Mark(text: t, key: k); m += 1 }
    }

    /// `readNames`'s text and key of `p[s..<e]` when each is the same length as it, as on most
    /// headlines: printable ASCII, words apart by one space or hyphen, neither at an end nor next
    /// to another. Then `readNames` copies each byte to the text (no blank to collapse, no ’), and
    /// to the key upper-cased, with a hyphen as a space (no space or hyphen before it for the key
    /// to drop it after, no space after it). Returns false, having written part of them, otherwise.
    static func plainNames(_ p: Bytes, _ s: Int, _ e: Int, text: UnsafeMutableBufferPointer<UInt8>,
                           key: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let n = e &- s
        guard n > 0, n <= text.count, n <= key.count, p[e &- 1] != 0x20 else { return false }
        let src = p.baseAddress! + s, t = text.baseAddress!, k = key.baseAddress!
        if n >= 8 { return plainNameWords(src, n, t, k) }
        // (A separator "before" the first byte: one there is left to the general path.)
        var afterSeparator = true
        for i in 0..<n {
            let c = src[i]
            if c == 0x20 || c == 0x2D {
                if afterSeparator { return false }
                afterSeparator = true
                t[i] = c; k[i] = 0x20
            } else {
                if c <= 0x20 || c >= 0x80 { return false }
                afterSeparator = false
                t[i] = c; k[i] = c.asciiUppercased
            }
        }
        return true
    }

    /// `plainNames` for `n` >= 8 bytes at `src`, eight at a time: the words at 0, 8, 16, ... and a
    /// last one ending at the end (overlapping the one before: its bytes are tested and written
    /// again, the same). Each byte is tested and written as the byte loop does: a byte of 0x80 or
    /// more, or below 0x20, fails; so does a separator (space or hyphen) after a separator (the
    /// byte before the word's first byte read from the text; none before the first word counts as
    /// one); the text gets the bytes, the key the bytes with a-z less 0x20 and '-' less 0x0D (' ').
    @inline(__always)
    static func plainNameWords(_ src: UnsafePointer<UInt8>, _ n: Int, _ t: UnsafeMutablePointer<UInt8>,
                               _ k: UnsafeMutablePointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var o = 0
        while true {
            let at = min(o, n &- 8)
            // Byte j of the text in bits 8j...8j+7.
            let w = UInt64(littleEndian: UnsafeRawPointer(src + at).loadUnaligned(as: UInt64.self))
            // Past this test every byte is below 0x80, so adding below 0x80 to each carries into no
            // other byte: a byte's top bit then tells whether it reached 0x80.
            if w & highs != 0 { return false }
            if ~(w &+ ones &* 0x60) & highs != 0 { return false }   // a byte below 0x20
            // The top bit of each byte equal to `c`.
            @inline(__always) func equal(_ c: UInt64) -> UInt64 {
                let x = w ^ (ones &* c)
                return ~(((x & ~highs) &+ ~highs) | x) & highs
            }
            let hyphens = equal(0x2D), separators = equal(0x20) | hyphens
            let c = at == 0 ? 0x20 : src[at &- 1]
            let before: UInt64 = c == 0x20 || c == 0x2D ? 0x80 : 0
            if separators & (separators << 8 | before) != 0 { return false }
            let lower = (w &+ ones &* 0x1F) & ~(w &+ ones &* 0x05) & highs   // 0x61...0x7A
            let keyWord = w &- (lower >> 2) &- (hyphens >> 7) &* 0x0D
            UnsafeMutableRawPointer(t + at).storeBytes(of: w.littleEndian, as: UInt64.self)
            UnsafeMutableRawPointer(k + at).storeBytes(of: keyWord.littleEndian, as: UInt64.self)
            if at == n &- 8 { return true }
            o &+= 8
        }
    }

    /// The entities of the groups (but those of kind `.other` when `skippingOther`).
    @inline(never) func entities(_ gr: Grouping, skippingOther: Bool, _ visit: (FoundEntity) -> Void) {
        // Entities, in order of first mention; groups with the same first byte in the order they
        // were made (as a stable sort leaves them).
        let groups = gr.groups, links = gr.links
        var live = 0, most = 0
        for group in groups where !group.flags.contains(.dropped) && !group.isEmpty { live += 1; most = max(most, Int(group.count)) }
        // (Sorted as one UInt64 each: the first byte above the group above its kind. A group's first
        // byte is below 2^31 and the groups are far fewer than 2^30, so ties are in group order, as
        // the stable sort leaves them; the kind, found once here, only rides along.)
        withScratch(of: UInt64.self, live) { order in
            mentions.withUnsafeBufferPointer { msb in
                let ms = msb.baseAddress!
                var n = 0
                for (g, group) in groups.enumerated() where !group.flags.contains(.dropped) && !group.isEmpty {
                    let kind = kind(of: group, ms)
                    if skippingOther && kind == .other { continue }
                    let code: UInt64 = kind == .person ? 0 : kind == .organization ? 1 : kind == .place ? 2 : 3
                    // Insertion sort: most groups come in order already.
                    let v = UInt64(truncatingIfNeeded: group.first) << 32 | UInt64(truncatingIfNeeded: g) << 2 | code
                    var at = n
                    while at > 0 && order[at - 1] > v { order[at] = order[at - 1]; at -= 1 }
                    order[at] = v
                    n += 1
                }
                withScratch(of: TextSpan.self, most) { spans in
                    strs.withUnsafeBufferPointer { text in
                        for v in order[0..<n] {
                            let kind: EntityKind = switch v & 3 { case 0: .person; case 1: .organization; case 2: .place; default: .other }
                            visit(entity(groups[Int(truncatingIfNeeded: (v & 0xFFFF_FFFF) >> 2)], kind, ms, links, spans, text))
                        }
                    }
                }
            }
        }
    }

    /// Scratch memory for `count` values, not initialised: on the stack when small.
    @inline(__always)
    func withScratch<T, R>(of: T.Type, _ count: Int, _ body: (UnsafeMutableBufferPointer<T>) -> R) -> R {
        if count * MemoryLayout<T>.stride <= 1024 {
            return withUnsafeTemporaryAllocation(of: T.self, capacity: count, body)
        }
        let memory = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { memory.deallocate() }
        return body(memory)
    }

    /// The entity of a group (not empty, of kind `kind`), read in place: its mentions (`ms`, the mentions) in
    /// `scratch` (room for them all), its name and title in `text` (the bytes of `strs`).
    func entity(_ group: Group, _ kind: EntityKind, _ ms: UnsafePointer<Mention>, _ links: Buffer<Int32>,
                _ scratch: UnsafeMutableBufferPointer<TextSpan>, _ text: UnsafeBufferPointer<UInt8>) -> FoundEntity {
        // The mentions' spans in text order, without repeats. (Insertion sort: a group's mentions
        // are few and mostly in order already.)
        var n = 0
        var mi = Int(group.head)
        while mi >= 0 {
            let span = ms[mi].span
            mi = Int(links[2 * mi + 1])
            var at = n
            while at > 0 && (scratch[at - 1].start > span.start || (scratch[at - 1].start == span.start && scratch[at - 1].end > span.end)) { at -= 1 }
            if at > 0 && scratch[at - 1] == span { continue }
            var j = n
            while j > at { scratch[j] = scratch[j - 1]; j -= 1 }
            scratch[at] = span
            n += 1
        }
        // The title: the earliest role, else the earliest courtesy title ("Mr."); among mentions
        // at the same place, the first to join (as a stable sort by place would give).
        var title = ByteRange.none
        if group.flags.contains(.title) {
            var role = ByteRange.none, roleStart = Int.max
            var any = ByteRange.none, anyStart = Int.max
            var mi = Int(group.head)
            while mi >= 0 {
                let m = ms + mi
                mi = Int(links[2 * mi + 1])
                let t = m.pointee.title, start = m.pointee.span.start
                guard t.exists else { continue }
                if m.pointee.titleIsRole && start < roleStart { role = t; roleStart = start }
                if start < anyStart { any = t; anyStart = start }
            }
            title = role.exists ? role : any
        }
        @inline(__always) func bytes(_ r: ByteRange) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: text[Int(r.start)..<Int(r.start + r.count)])
        }
        return FoundEntity(kind: kind, name: bytes(ms[Int(group.best)].name),
                           title: title.exists ? bytes(title) : nil,
                           mentions: UnsafeBufferPointer(rebasing: scratch[0..<n]))
    }

    /// Whether a word with the bytes of `p[s..<e]` (ASCII letters in either case) was seen in lowercase.
    func seenInLowercase(_ s: Int, _ e: Int) -> Bool {
        let n = e - s
        return lowercaseWords.withUnsafeBufferPointer { words in
            for (ws, we) in words where Int(we) - Int(ws) == n {
                var k = 0
                while k < n && p[Int(ws) + k].asciiUppercased == p[s + k].asciiUppercased { k += 1 }
                if k == n { return true }
            }
            return false
        }
    }

    /// The ids of the first and last space-separated words of a key (interned). `lastKey` is the
    /// key of the name's last word, often the same bytes as the key's last word: then it is that
    /// word's id, and interning it again would change nothing.
    mutating func firstAndLastWords(_ key: Int32, lastKey: Int32) -> (Int32, Int32) {
        let r = keys.range(key), lr = keys.range(lastKey)
        // The first and last runs of bytes other than spaces (as split(separator:) gives them),
        // and whether the last is the bytes of `lastKey`; nil when the key is not ASCII.
        let words: (first: Range<Int>, last: Range<Int>, isLastKey: Bool)? = keys.bytes.withUnsafeBufferPointer { kb in
            // One pass: whether any byte is non-ASCII, and the first and last spaces. With no space
            // at either end (as keys mostly are) the words are before the first and after the last.
            var high: UInt8 = 0, firstSpace = -1, lastSpace = -1
            for i in r {
                let c = kb[i]
                high |= c
                if c == 0x20 { if firstSpace < 0 { firstSpace = i }; lastSpace = i }
            }
            if high >= 0x80 { return nil }
            if !r.isEmpty && kb[r.lowerBound] != 0x20 && kb[r.upperBound - 1] != 0x20 {
                let fe = firstSpace < 0 ? r.upperBound : firstSpace, ls = lastSpace < 0 ? r.lowerBound : lastSpace + 1
                return (r.lowerBound..<fe, ls..<r.upperBound,
                        lr.count == r.upperBound - ls && KeyTable.same(kb.baseAddress! + ls, kb.baseAddress! + lr.lowerBound, lr.count))
            }
            var fs = r.lowerBound
            while fs < r.upperBound && kb[fs] == 0x20 { fs += 1 }
            var fe = fs
            while fe < r.upperBound && kb[fe] != 0x20 { fe += 1 }
            var le = r.upperBound
            while le > r.lowerBound && kb[le - 1] == 0x20 { le -= 1 }
            var ls = le
            while ls > r.lowerBound && kb[ls - 1] != 0x20 { ls -= 1 }
            var same = lr.count == le - ls
            if same { for j in 0..<lr.count where kb[ls + j] != kb[lr.lowerBound + j] { same = false; break } }
            return (fs..<fe, ls..<le, same)
        }
        if let words {
            // (Copied out first: interning may move the table's bytes.)
            keyScratch.removeAll()
            keys.bytes.withUnsafeBufferPointer(words.first) { keyScratch.append(contentsOf: $0) }
            let f = keyScratch.withUnsafeBufferPointer { keys.id($0, insert: true)! }
            if words.isLastKey { return (f, lastKey) }
            keyScratch.removeAll()
            keys.bytes.withUnsafeBufferPointer(words.last) { keyScratch.append(contentsOf: $0) }
            let l = keyScratch.withUnsafeBufferPointer { keys.id($0, insert: true)! }
            return (f, l)
        }
        let bytes = Array(keys.bytes[r])
        let first: [UInt8], last: [UInt8]
        do {
            // Split as the String key was split (by Character).
            let words = String(decoding: bytes, as: UTF8.self).split(separator: " ")
            first = Array(words.first!.utf8); last = Array(words.last!.utf8)
        }
        let f = first.withUnsafeBufferPointer { keys.id($0, insert: true)! }
        let l = last.withUnsafeBufferPointer { keys.id($0, insert: true)! }
        return (f, l)
    }

    /// The entity kind of a group (not empty; `ms`: the mentions).
    func kind(of g: Group, _ ms: UnsafePointer<Mention>) -> EntityKind {
        if g.flags.contains(.personTitle) { return .person }
        // (Read in place, as `ms[best]`: a copy of the whole mention costs more.)
        let m = ms + Int(g.best)
        if m.pointee.lex.contains(.knownOrg) { return .organization }
        if m.pointee.lex.contains(.place) || g.flags.contains(.dateline) { return .place }
        if m.pointee.acronym { return .organization }
        if m.pointee.hasOrgWord { return .organization }
        if m.pointee.hasPlaceHead || m.pointee.directionalPlace { return .place }
        if m.pointee.personShaped { return .person }
        if m.pointee.keyWords == 1 {
            if g.flags.contains(.prep) { return .place }
            if g.flags.contains(.ambiguousPerson) { return .person }
        }
        return .other
    }
}

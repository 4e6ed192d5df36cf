// A lexicon-and-rules sentiment scorer that reproduces VADER 3.3.2's
// SentimentIntensityAnalyzer.polarity_scores (Hutto & Gilbert, ICWSM 2014), written for
// Newswire from the published rules; see SOURCE.md beside the lexicon for the data.
//
// Pipeline for one text:
//   1. single-code-point emojis are replaced by their descriptions;
//   2. tokens are the whitespace-separated pieces (Python str.split() semantics), each with
//      leading/trailing ASCII punctuation removed unless that leaves <= 2 code points;
//   3. every token gets a valence: its lexicon value adjusted by the rules for caps,
//      preceding boosters, negations, "no", "least" and idioms (boosters themselves and
//      "kind" of "kind of" score 0);
//   4. the contrastive "but" rule rescales valences before and after the first "but";
//   5. the sum, pushed away from 0 by ! and ?, is normalised to the compound score, and the
//      positive/negative/neutral proportions are computed from the valences.

import SentimentLexicon

/// polarity_scores' four numbers, unrounded (the reference rounds compound to 4 decimals and
/// the proportions to 3).
public struct SentimentScores: Sendable, Equatable {
    public var compound: Double
    public var positive: Double
    public var negative: Double
    public var neutral: Double

    public init(compound: Double, positive: Double, negative: Double, neutral: Double) {
        self.compound = compound
        self.positive = positive
        self.negative = negative
        self.neutral = neutral
    }

    public static let zero = SentimentScores(compound: 0, positive: 0, negative: 0, neutral: 0)
}

public final class SentimentAnalyzer: Sendable {
    private let words: FrozenWordTable
    private let lexiconCount: Int
    /// Multi-word phrases as sequences of word ids.
    private let specialPhrases: [Phrase]
    private let dampenerPhrases: [Phrase]
    private let emojis: EmojiTable?
    /// No word of the table holds a curly quote and none is an emoji: a token with one is
    /// unknown, and `QuotedToken.scan` may take it.
    private let curlyQuotesUnknown: Bool
    /// The no-break space (U+00A0, in news text between numbers and units, or after a word) is
    /// not an emoji: it is whitespace, and needs no look for emojis.
    private let noBreakSpacePlain: Bool
    /// `UTF8Text.byteClasses`, held here: reading the static takes a call to check that it is
    /// initialised, at every token that leaves the main loop. (Immutable data: safe to share.)
    nonisolated(unsafe) private let byteClasses = UTF8Text.byteClasses

    /// The number of distinct entries in the lexicon.
    public var lexiconSize: Int { lexiconCount }

    /// An analyzer over a lexicon in vader_lexicon.txt's format (`token<TAB>mean<TAB>...` a
    /// line; later duplicates win), without emoji translation.
    public convenience init(lexiconText: String) {
        self.init(lexiconText: lexiconText, emojiText: nil)
    }

    /// An analyzer over a lexicon and, optionally, an emoji table in
    /// emoji_utf8_lexicon.txt's format (`emoji<TAB>description` a line).
    public convenience init(lexiconText: String, emojiText: String?) {
        var lexiconText = lexiconText
        var emojiText = emojiText ?? ""
        let hasEmoji = !emojiText.isEmpty
        self.init(lexicon: lexiconText.withUTF8 { LexiconParser.entries($0) },
                  emojis: hasEmoji ? emojiText.withUTF8 { EmojiTable($0) } : nil)
    }

    /// The VADER 3.3.2 lexicon and emoji table compiled into SentimentLexicon.
    public static let bundled: SentimentAnalyzer = {
        var lexiconLength = 0
        var emojiLength = 0
        let lexicon = newswire_sentiment_lexicon(&lexiconLength)!
        let emoji = newswire_sentiment_emoji_lexicon(&emojiLength)!
        let lexiconBytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(lexicon).assumingMemoryBound(to: UInt8.self), count: lexiconLength)
        let emojiBytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(emoji).assumingMemoryBound(to: UInt8.self), count: emojiLength)
        return SentimentAnalyzer(lexicon: LexiconParser.entries(lexiconBytes), emojis: EmojiTable(emojiBytes))
    }()

    private init(lexicon: [LexiconParser.Entry], emojis: EmojiTable?) {
        var table = WordTable(expectedCount: lexicon.count + 256)
        var distinct = 0
        for entry in lexicon {
            let id = entry.word.withUnsafeBufferPointer { table.intern($0) }
            table.update(id) { info in
                if info.flags & WordInfo.inLexicon == 0 { distinct += 1 }
                info.flags |= WordInfo.inLexicon
                info.valence = entry.valence
            }
        }
        for word in Vocabulary.negations {
            table.update(table.intern(word)) { $0.flags |= WordInfo.isNegation }
        }
        for (list, increment) in [(Vocabulary.intensifiers, Weights.boosterIncrement),
                                  (Vocabulary.dampeners, -Weights.boosterIncrement)] {
            for word in list {
                table.update(table.intern(word)) {
                    $0.flags |= WordInfo.isBooster
                    if increment < 0 { $0.flags |= WordInfo.isDampener }
                }
            }
        }
        for (word, role) in Vocabulary.roles {
            table.update(table.intern(word)) { $0.role = role }
        }
        func phrase(_ text: String, _ value: Double) -> Phrase {
            let ids = text.split(separator: " ").map { table.intern(String($0)) }
            for id in ids { table.update(id) { $0.flags |= WordInfo.inPhrase } }
            return Phrase(ids: ids, value: value)
        }
        specialPhrases = Vocabulary.specialPhrases.map { phrase($0.0, $0.1) }
        dampenerPhrases = Vocabulary.dampenerPhrases.map { phrase($0, -Weights.boosterIncrement) }
        let keys = table.keyBytesForFreeze
        let keyHasQuote = (0..<table.infos.count).contains { id in
            let span = table.span(id)
            return keys.withUnsafeBufferPointer {
                QuotedToken.hasCurlyQuote(UnsafeBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start + span.length)]))
            }
        }
        let quoteIsEmoji = [0x2018, 0x2019, 0x201C, 0x201D].contains { emojis?.contains(scalar: $0) ?? false }
        curlyQuotesUnknown = !keyHasQuote && !quoteIsEmoji
        noBreakSpacePlain = !(emojis?.contains(scalar: 0xA0) ?? false)
        words = FrozenWordTable(table)
        lexiconCount = distinct
        self.emojis = emojis
    }

    public func score(_ text: String) -> SentimentScores {
        score(text[...])
    }

    /// Whether some token of `text` (readable 16 bytes past its end) is not ALL CAPS (Python
    /// str.isupper() false), by the general path: whitespace by `UTF8Text.spaceLength`, tokens
    /// byte by byte by `slowToken` (which writes to `lower`, room for 3 × n + 16 bytes).
    func someTokenNotUpper(_ text: UnsafeBufferPointer<UInt8>, lower: UnsafeMutablePointer<UInt8>) -> Bool {
        let n = text.count
        let padded = UnsafeBufferPointer(start: text.baseAddress, count: n + 16)
        var i = 0
        var exclamations = 0, questions = 0
        while i < n {
            let space = UTF8Text.spaceLength(padded, i)
            if space > 0 { i += space; continue }
            var bits: UInt64 = 0
            i = slowToken(padded, i, n, bits: &bits, lower: lower, exclamations: &exclamations, questions: &questions)
            if bits & Token.upperBit == 0 { return true }
        }
        return false
    }

    /// polarity_scores(text), unrounded.
    public func score(_ text: Substring) -> SentimentScores {
        var text = text
        return text.withUTF8 { score(utf8: $0) }
    }

    /// polarity_scores of the UTF-8 text in `utf8` (which must be valid UTF-8, e.g. a
    /// sentence span of a String's bytes), unrounded. The same as `score(_:)` on that text,
    /// without making a String or Substring.
    public func score(utf8 bytes: UnsafeBufferPointer<UInt8>) -> SentimentScores {
        score(utf8: bytes, scratch: SentimentScratch())
    }

    /// The same, with working memory that the caller keeps across calls (e.g. the sentences of
    /// one document), so that scoring allocates nothing once it is large enough. A scratch must
    /// not be used by two threads at once.
    public func score(utf8 bytes: UnsafeBufferPointer<UInt8>, scratch: SentimentScratch) -> SentimentScores {
        scoreUTF8(bytes, scratch, translated: emojis == nil)
    }

    // MARK: - Tokens

    /// One token as the rules see it, in one word: the id of its lexicon entry (-1 if none)
    /// and that entry's flags and role as the word table holds them, plus what the token's own
    /// text says (ALL CAPS, "n't"). The word table stores each entry's bits ready-made, so the
    /// tokenizer writes a token with one OR. Bits 56...63 may hold the length of the word's key
    /// (as the table's slots do); nothing reads them.
    struct Token {
        var bits: UInt64

        /// A token that is not in the word table: id -1, no flags, no role.
        static let unknown: UInt64 = 0xFFFF_FFFF
        /// Python str.isupper() of the (stripped) token.
        static let upperBit: UInt64 = 1 << 48
        /// In the negation list, or contains "n't".
        static let negatesBit: UInt64 = 1 << 49
        /// In the lexicon, or "but": the tokens the scoring pass visits.
        static let notableBit: UInt64 = 1 << 50

        /// The bits of word `id` of the table, with its `info`.
        static func bits(id: Int32, _ info: WordInfo) -> UInt64 {
            var bits = UInt64(UInt32(bitPattern: id)) | UInt64(info.flags) << 32 | UInt64(info.role.rawValue) << 40
            if info.flags & WordInfo.isNegation != 0 { bits |= negatesBit }
            if info.flags & WordInfo.inLexicon != 0 || info.role == .but { bits |= notableBit }
            return bits
        }

        @inline(__always) var id: Int32 { Int32(truncatingIfNeeded: bits) }
        @inline(__always) var flags: UInt8 { UInt8(truncatingIfNeeded: bits >> 32) }
        @inline(__always) var role: Role { Role(rawValue: UInt8(truncatingIfNeeded: bits >> 40)) }
        @inline(__always) var isUpper: Bool { bits & Token.upperBit != 0 }
        @inline(__always) var negates: Bool { bits & Token.negatesBit != 0 }
        @inline(__always) var inLexicon: Bool { flags & WordInfo.inLexicon != 0 }
        @inline(__always) var isBooster: Bool { flags & WordInfo.isBooster != 0 }
        @inline(__always) var inPhrase: Bool { flags & WordInfo.inPhrase != 0 }
        /// The booster/dampener increment (meaningful with `isBooster`).
        @inline(__always)
        var booster: Double { flags & WordInfo.isDampener != 0 ? -Weights.boosterIncrement : Weights.boosterIncrement }

        /// The roles that a rule looks for among the three tokens before a sentiment word, on
        /// their own or as the first of a pair ("never so", "without doubt", "no ... or").
        /// ("at" and "very" count only after "least", "doubt" after "without", "or" and "nor"
        /// after "no"; "kind", "of" and "but" are looked for elsewhere.)
        @inline(__always) static var ruleRoles: UInt32 {
            1 << UInt32(Role.no.rawValue) | 1 << UInt32(Role.least.rawValue) | 1 << UInt32(Role.never.rawValue)
                | 1 << UInt32(Role.so.rawValue) | 1 << UInt32(Role.this.rawValue) | 1 << UInt32(Role.without.rawValue)
        }

        /// Neither a booster, nor a negation, nor one of `ruleRoles`: as one of the three tokens
        /// before a sentiment word, it changes nothing (unless a phrase is near).
        @inline(__always) var quiet: Bool {
            bits & (Token.negatesBit | UInt64(WordInfo.isBooster) << 32) == 0
                && (1 &<< UInt32(truncatingIfNeeded: bits &>> 40 & 31)) & Token.ruleRoles == 0
        }
    }

    /// Whether some, but not all, of a text's tokens are ALL CAPS (the condition for caps
    /// emphasis), worked out on first use and asked only about a text with an ALL CAPS token:
    /// so the answer is whether some token is not ALL CAPS. The tokenizer leaves `upperBit` out
    /// of most tokens outside the word table (the rules ask it only of table words), so this
    /// one question goes back to the text, by the general path (`someTokenNotUpper`). Few
    /// texts need it: a sentiment word or booster in ALL CAPS is rare.
    struct MixedCaps {
        /// The text, readable 16 bytes past its end, and working memory for `slowToken`.
        let text: UnsafeBufferPointer<UInt8>
        let lower: UnsafeMutablePointer<UInt8>
        var known: Bool? = nil

        init(text: UnsafeBufferPointer<UInt8>, lower: UnsafeMutablePointer<UInt8>) {
            self.text = text
            self.lower = lower
        }

        /// Only for texts with an ALL CAPS token.
        @inline(__always)
        mutating func differ(_ analyzer: SentimentAnalyzer) -> Bool {
            if let k = known { return k }
            let k = analyzer.someTokenNotUpper(text, lower: lower)
            known = k
            return k
        }
    }

    /// What `tokenize` counted besides writing the tokens.
    struct TokenCounts {
        var tokens = 0
        /// Entries written to `notable`.
        var notable = 0
        var exclamations = 0
        var questions = 0
    }

    /// `QuotedToken.scan` at `p` when curly quotes are never part of a known word.
    @inline(__always)
    private func quoted(_ p: UnsafePointer<UInt8>) -> QuotedToken? {
        curlyQuotesUnknown ? QuotedToken.scan(p) : nil
    }

    /// Splits the text into tokens, writing them to `out` (room for (n + 1) / 2 tokens) and the
    /// indexes of those with `notableBit` to `notable` (as many); counts ! and ? as it goes.
    /// `q` holds the text's n bytes followed by at least 16 spaces, so that 16 bytes can be read
    /// from any offset below n; `lower` has room for 3 × n + 16 bytes.
    ///
    /// With `source` (the text itself, unpadded), emojis are looked for from the first byte
    /// outside ASCII on; if there is one, returns nil: the text must be translated first.
    ///
    /// The loop here takes the tokens most text is made of: at most 15 ASCII letters followed
    /// by a space, or by one punctuation mark and a space. There is nothing to strip but that
    /// mark, and no "n't"; lower-casing sets bit 5 of every byte, and ALL CAPS means bit 5 clear
    /// in all. Everything else goes to `otherToken`, out of line, so that this loop keeps its
    /// state in registers.
    ///
    /// Tokens that are not in the word table may be written without `upperBit`: the rules ask it
    /// only of table words (see `MixedCaps`).
    private func tokenize(_ q: UnsafePointer<UInt8>, _ n: Int, source: UnsafeBufferPointer<UInt8>?,
                          into out: UnsafeMutablePointer<Token>, notable: UnsafeMutablePointer<Int32>,
                          lower: UnsafeMutablePointer<UInt8>) -> TokenCounts? {
        let table = words.lookup
        let classes = byteClasses
        // Pointers rather than offsets: fewer live values, so the loop's state stays in registers.
        var p = q
        let end = q + n
        var o = out
        var nextNotable = notable
        var exclamations = 0, questions = 0
        var emojiChecked = source == nil

        @inline(__always) func add(_ bits: UInt64) {
            o.pointee = Token(bits: bits)
            if bits & Token.notableBit != 0 {
                // (A byte distance shifted: `o - out` would divide a signed value by 8.)
                nextNotable.pointee = Int32(truncatingIfNeeded: (UInt(bitPattern: o) &- UInt(bitPattern: out)) &>> 3)
                nextNotable += 1
            }
            o += 1
        }
        /// A token of ASCII letters (and maybe a punctuation mark) that the table lookup gave
        /// `found`; `lowerCase` holds bit 5 of each of its letters (set in the lower-case ones).
        /// Most words are not in the table, and for them `upperBit` is left out: only table words
        /// need it (see `MixedCaps`).
        @inline(__always) func addWord(_ found: UInt64, lowerCase: UInt64) {
            if found == Token.unknown {
                o.pointee = Token(bits: found)
                o += 1
            } else {
                add(lowerCase == 0 ? found | Token.upperBit : found)
            }
        }
        @inline(__always) func load(_ at: UnsafePointer<UInt8>) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(at).loadUnaligned(as: UInt64.self))
        }
        @inline(__always) func count(_ mark: UInt8) {
            if mark == 0x21 { exclamations &+= 1 } else if mark == 0x3F { questions &+= 1 }
        }

        while p < end {
            // 1 to 15 letters, followed by a space, or by one punctuation mark and a space.
            let length = LetterRun.length(p)
            if UInt(bitPattern: length &- 1) < 15 {
                // The letters lower-cased (bit 5 set), zero-padded to 16 bytes: a shift of
                // 64 - 8 × l, taken mod 64 as `&>>` does, keeps the first l bytes of a word for l
                // in 1...8, and the first l - 8 for l in 9...15.
                let keep = UInt64.max &>> UInt64(truncatingIfNeeded: 0 &- 8 &* length)
                let w0 = load(p)
                let after = p[length]
                if after == 0x20 {
                    if length <= 8 {
                        addWord(table.find((w0 | SWAR.caseBits) & keep, 0, length), lowerCase: w0 & SWAR.caseBits & keep)
                    } else {
                        let w1 = load(p + 8)
                        addWord(table.find(w0 | SWAR.caseBits, (w1 | SWAR.caseBits) & keep, length),
                                lowerCase: (w0 | (w1 & keep)) & SWAR.caseBits)
                    }
                    p += length &+ 1
                    continue
                }
                if classes[Int(after)] == UTF8Text.classPunctuation && p[length &+ 1] == 0x20 {
                    // Letters and one punctuation mark ("said,"): stripped, the letters, unless
                    // that leaves two or fewer ("it."); then the token whole.
                    if length <= 8 {
                        var key = (w0 | SWAR.caseBits) & keep
                        var keyLength = length
                        if length <= 2 {
                            key |= UInt64(after) &<< UInt64(truncatingIfNeeded: 8 &* length)
                            keyLength &+= 1
                        }
                        addWord(table.find(key, 0, keyLength), lowerCase: w0 & SWAR.caseBits & keep)
                    } else {
                        let w1 = load(p + 8)
                        addWord(table.find(w0 | SWAR.caseBits, (w1 | SWAR.caseBits) & keep, length),
                                lowerCase: (w0 | (w1 & keep)) & SWAR.caseBits)
                    }
                    count(after)
                    p += length &+ 2
                    continue
                }
            }
            // ASCII whitespace (a second space, a line break) is skipped here too.
            if classes[Int(p.pointee)] == UTF8Text.classSpace { p += 1; continue }
            let other = otherToken(q, p - q, n, lower: lower, source: source, emojiChecked: &emojiChecked)
            if other.next < 0 { return nil }
            if other.isToken { add(other.bits) }
            exclamations &+= other.exclamations
            questions &+= other.questions
            p = q + other.next
        }
        return TokenCounts(tokens: o - out, notable: nextNotable - notable,
                           exclamations: exclamations, questions: questions)
    }

    /// What `otherToken` found.
    struct OtherToken {
        /// The offset after it; -1 if the text has an emoji.
        var next: Int
        /// Whether it is a token rather than whitespace.
        var isToken = false
        var bits: UInt64 = 0
        var exclamations = 0
        var questions = 0

        init(next: Int, isToken: Bool = false) {
            self.next = next
            self.isToken = isToken
        }

        /// A token with curly quotes, `next` the offset after it: never in the table (see
        /// `curlyQuotesUnknown`).
        init(_ t: QuotedToken, next: Int) {
            self.next = next
            isToken = true
            bits = Token.unknown | (t.isUpper ? Token.upperBit : 0) | (t.negates ? Token.negatesBit : 0)
            exclamations = t.exclamations
            questions = t.questions
        }
    }

    /// The whitespace or token at `i`, for the tokens `tokenize` does not take itself:
    /// - short printable ASCII tokens (under 16 bytes, bytes 0x21...0x7E) followed by ASCII
    ///   whitespace: read as two 8-byte words, classified a word at a time (SWAR: a byte range
    ///   test adds to the low 7 bits and looks at bit 7), stripped, lower-cased and looked up
    ///   without a loop over their bytes;
    /// - anything else (longer tokens, bytes outside 0x21...0x7E): `slowToken`, byte by byte.
    /// Both give the same tokens as `slowToken` would.
    @inline(never)
    private func otherToken(_ q: UnsafePointer<UInt8>, _ i: Int, _ n: Int, lower: UnsafeMutablePointer<UInt8>,
                            source: UnsafeBufferPointer<UInt8>?, emojiChecked: inout Bool) -> OtherToken {
        let table = words.lookup
        let classes = byteClasses
        let raw = UnsafeRawPointer(q)
        let padded = UnsafeBufferPointer(start: q, count: n + 16)
        /// Whether the text has an emoji at or after `i` (looked for once: everything before
        /// the first non-ASCII byte outside curly quotes and no-break spaces is ASCII, curly
        /// quotes or no-break spaces, none of them emojis).
        func emojiFrom(_ i: Int) -> Bool {
            if emojiChecked { return false }
            emojiChecked = true
            return emojis!.contains(source!, from: i)
        }

        /// Where to go on after a token that ends at `j`, if it does: past an ASCII blank, or to a
        /// no-break space (whitespace, taken by the next call); nil if `j` is no such whitespace.
        @inline(__always) func after(_ j: Int) -> Int? {
            let b = q[j]
            if classes[Int(b)] == UTF8Text.classSpace { return j + 1 }
            if b == 0xC2 && q[j + 1] == 0xA0 && noBreakSpacePlain { return j }
            return nil
        }

        // Whitespace as Python's str.split() sees it.
        let c0 = classes[Int(q[i])]
        if c0 == UTF8Text.classSpace { return OtherToken(next: i + 1) }
        if c0 == UTF8Text.classHigh {
            if q[i] == 0xC2 && q[i + 1] == 0xA0 && noBreakSpacePlain { return OtherToken(next: i + 2) }
            if let quoted = self.quoted(q + i), let next = after(i + quoted.length) { return OtherToken(quoted, next: next) }
            if emojiFrom(i) { return OtherToken(next: -1) }
            let l = UTF8Text.spaceLength(padded, i)
            if l > 0 { return OtherToken(next: i + l) }
        }
        // Printable ASCII tokens of at most 15 bytes, sixteen bytes at a time where SSE2 is
        // there (the same stripping, key and flags as the eight-byte paths below).
        if let t = ASCIIToken.scan(q + i, lower: lower), let next = after(i + t.length) {
            var result = OtherToken(next: next, isToken: true)
            var bits = table.find(t.key0, t.key1, t.keyLength)
            if t.isUpper { bits |= Token.upperBit }
            if bits & Token.negatesBit == 0 && t.keyLength >= 3 && t.apostrophe
                && SWAR.containsNT(t.key0, t.key1, t.keyLength) {
                // Any token containing "n't" (ASCII apostrophe) negates.
                bits |= Token.negatesBit
            }
            result.bits = bits
            result.exclamations = t.exclamations
            result.questions = t.questions
            return result
        }
        var result = OtherToken(next: 0, isToken: true)
        if ASCIIToken.vectorised {
            // `ASCIIToken.scan` took every token the eight-byte paths below would take (printable
            // ASCII, under 16 bytes, an ASCII blank after it): what is left has a byte outside
            // printable ASCII, or 16 or more bytes, or another ending.
            if let quoted = self.quoted(q + i), let next = after(i + quoted.length) { return OtherToken(quoted, next: next) }
            if emojiFrom(i) { return OtherToken(next: -1) }
            result.next = slowToken(padded, i, n, bits: &result.bits, lower: lower,
                                    exclamations: &result.exclamations, questions: &result.questions)
            return result
        }
        let w0 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let x0 = w0 & SWAR.low7
        // Tokens of at most 7 bytes: one word, byte masks throughout.
        let odd0 = ~(SWAR.inRange(x0, 0x21, 0x7E) & ~w0) & SWAR.highs
        if odd0 != 0 {
            let length = odd0.trailingZeroBitCount >> 3
            if classes[Int(q[i + length])] == UTF8Text.classSpace {
                let token: UInt64 = ((1 << UInt64(8 * length)) &- 1) & SWAR.highs
                result.exclamations = (SWAR.equal(w0, 0x21) & token).nonzeroBitCount
                result.questions = (SWAR.equal(w0, 0x3F) & token).nonzeroBitCount
                // (b | 0x20) is a lower-case letter exactly when b is a letter; bit 5 tells the case.
                let letters = SWAR.inRange(x0 | 0x2020_2020_2020_2020, 0x61, 0x7A) & token
                let upper = letters & ~(w0 << 2), lowerCase = letters & (w0 << 2)
                let kept = letters | (SWAR.inRange(x0, 0x30, 0x39) & token)
                var s = 0, e = length
                if kept != 0 {
                    let ks = kept.trailingZeroBitCount >> 3, ke = 8 - (kept.leadingZeroBitCount >> 3)
                    if ke - ks > 2 { s = ks; e = ke }
                }
                let keyLength = e - s
                let keyBytes: UInt64 = (1 << UInt64(8 * keyLength)) &- 1
                let range = (keyBytes << UInt64(8 * s)) & SWAR.highs
                let k0 = ((w0 | (upper >> 2)) >> UInt64(8 * s)) & keyBytes
                var bits = table.find(k0, 0, keyLength)
                if upper & range != 0 && lowerCase & range == 0 { bits |= Token.upperBit }
                if bits & Token.negatesBit == 0 && keyLength >= 3 && SWAR.equal(w0, 0x27) & range != 0
                    && SWAR.containsNT(k0, 0, keyLength) {
                    bits |= Token.negatesBit
                }
                result.bits = bits
                result.next = i + length + 1   // and the blank after it
                return result
            }
        }
        let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
        let x1 = w1 & SWAR.low7
        // Bytes outside 0x21...0x7E: the first one ends a fast token if it is whitespace.
        let odd = SWAR.bits(~(SWAR.inRange(x0, 0x21, 0x7E) & ~w0)) | SWAR.bits(~(SWAR.inRange(x1, 0x21, 0x7E) & ~w1)) << 8
        let length = odd.trailingZeroBitCount
        if odd == 0 || classes[Int(q[i + length])] != UTF8Text.classSpace {
            // Every token with a byte outside ASCII comes here.
            if let quoted = self.quoted(q + i), let next = after(i + quoted.length) { return OtherToken(quoted, next: next) }
            if emojiFrom(i) { return OtherToken(next: -1) }
            result.next = slowToken(padded, i, n, bits: &result.bits, lower: lower,
                                    exclamations: &result.exclamations, questions: &result.questions)
            return result
        }
        let token: UInt32 = (1 << UInt32(length)) &- 1
        result.exclamations = ((SWAR.bits(SWAR.equal(w0, 0x21)) | SWAR.bits(SWAR.equal(w1, 0x21)) << 8) & token).nonzeroBitCount
        result.questions = ((SWAR.bits(SWAR.equal(w0, 0x3F)) | SWAR.bits(SWAR.equal(w1, 0x3F)) << 8) & token).nonzeroBitCount
        let upper0 = SWAR.inRange(x0, 0x41, 0x5A), upper1 = SWAR.inRange(x1, 0x41, 0x5A)
        let upper = SWAR.bits(upper0) | SWAR.bits(upper1) << 8
        let lowerCase = SWAR.bits(SWAR.inRange(x0, 0x61, 0x7A)) | SWAR.bits(SWAR.inRange(x1, 0x61, 0x7A)) << 8
        let digit = SWAR.bits(SWAR.inRange(x0, 0x30, 0x39)) | SWAR.bits(SWAR.inRange(x1, 0x30, 0x39)) << 8
        // Strip string.punctuation (every printable ASCII byte that is not a letter or digit)
        // from both ends, unless that leaves two characters or fewer.
        let kept = (upper | lowerCase | digit) & token
        var s = 0, e = length
        if kept != 0 {
            let ks = kept.trailingZeroBitCount, ke = 32 - kept.leadingZeroBitCount
            if ke - ks > 2 { s = ks; e = ke }
        }
        let keyLength = e - s
        let range: UInt32 = ((1 << UInt32(keyLength)) &- 1) << UInt32(s)
        // Lower-case (0x80 >> 2 is 0x20) and shift the key to the start of two words.
        let l0 = w0 | (upper0 >> 2), l1 = w1 | (upper1 >> 2)
        var k0: UInt64, k1: UInt64
        if s == 0 { k0 = l0; k1 = l1 }
        else if s < 8 { k0 = l0 >> UInt64(8 * s) | l1 << UInt64(64 - 8 * s); k1 = l1 >> UInt64(8 * s) }
        else { k0 = l1 >> UInt64(8 * (s - 8)); k1 = 0 }
        if keyLength < 8 { k0 &= (1 << UInt64(8 * keyLength)) &- 1; k1 = 0 }
        else if keyLength < 16 { k1 &= (1 << UInt64(8 * (keyLength - 8))) &- 1 }
        var bits = table.find(k0, k1, keyLength)
        if upper & range != 0 && lowerCase & range == 0 { bits |= Token.upperBit }
        if bits & Token.negatesBit == 0 && keyLength >= 3 {
            // Any token containing "n't" (ASCII apostrophe) negates.
            let apostrophes = SWAR.bits(SWAR.equal(w0, 0x27)) | SWAR.bits(SWAR.equal(w1, 0x27)) << 8
            if apostrophes & range != 0 && SWAR.containsNT(k0, k1, keyLength) { bits |= Token.negatesBit }
        }
        result.bits = bits
        result.next = i + length + 1   // and the blank after it
        return result
    }

    /// One token starting at `start` (not whitespace), byte by byte: its bits written to `bits`,
    /// its ! and ? counted. Returns the offset after it.
    @inline(never)
    private func slowToken(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, bits out: inout UInt64,
                           lower scratch: UnsafeMutablePointer<UInt8>, exclamations: inout Int, questions: inout Int) -> Int {
        let classes = byteClasses
        @inline(__always) func isPunctuation(_ b: UInt8) -> Bool {
            classes[Int(b)] == UTF8Text.classPunctuation
        }
        var i = start
        var apostrophe = false
        while i < end {
            let b = p[i]
            let c = classes[Int(b)]
            if c == UTF8Text.classPunctuation {
                if b == 0x21 { exclamations += 1 } else if b == 0x3F { questions += 1 } else if b == 0x27 { apostrophe = true }
            } else if i > start && (c == UTF8Text.classSpace || (c == UTF8Text.classHigh && UTF8Text.spaceLength(p, i) > 0)) {
                break
            }
            i += 1
        }
        // Strip ASCII punctuation from both ends; keep the token whole if that leaves
        // two code points or fewer (emoticons such as ":)" or ":-D").
        var s = start, e = i
        while s < e && isPunctuation(p[s]) { s += 1 }
        while e > s && isPunctuation(p[e - 1]) { e -= 1 }
        if UTF8Text.hasAtMostTwoScalars(p, s, e) { s = start; e = i }

        // Lower-case into scratch; ASCII inline, the rest in UTF8Text.
        var length = 0
        var isUpper = false
        var sawUpper = false, sawLower = false, ascii = true
        var k = s
        while k < e {
            var b = p[k]
            if b >= 0x80 { ascii = false; break }
            if b >= 0x41 && b <= 0x5A { b |= 0x20; sawUpper = true } else if b >= 0x61 && b <= 0x7A { sawLower = true }
            scratch[length] = b
            length += 1
            k += 1
        }
        if ascii {
            isUpper = sawUpper && !sawLower
        } else {
            (length, isUpper) = UTF8Text.lowerAndIsUpper(p, s, e, into: scratch)
        }
        // keyWords reads 16 bytes: clear what follows the key.
        UnsafeMutableRawPointer(scratch + length).storeBytes(of: 0, as: UInt64.self)
        UnsafeMutableRawPointer(scratch + length + 8).storeBytes(of: 0, as: UInt64.self)
        var bits = words.find(scratch, length, hash: FrozenWordTable.hashKey(scratch, length))
        if isUpper { bits |= Token.upperBit }
        if bits & Token.negatesBit == 0 && apostrophe && length >= 3 {
            // Any token containing "n't" (ASCII apostrophe) negates.
            var j = 0
            while j + 2 < length {
                if scratch[j] == 0x6E && scratch[j + 1] == 0x27 && scratch[j + 2] == 0x74 { bits |= Token.negatesBit; break }
                j += 1
            }
        }
        out = bits
        return i
    }

    // MARK: - Scoring

    /// Scores the text `p`; `translated` when its emojis need no (more) translation.
    private func scoreUTF8(_ p: UnsafeBufferPointer<UInt8>, _ scratch: SentimentScratch, translated: Bool) -> SentimentScores {
        let n = p.count
        if n == 0 { return .zero }
        let m = scratch.reserve(n)
        // The text, then spaces: tokens can be read 16 bytes at a time.
        m.text.update(from: p.baseAddress!, count: n)
        (m.text + n).update(repeating: 0x20, count: 24)
        guard let c = tokenize(m.text, n, source: translated ? nil : p, into: m.tokens, notable: m.notable, lower: m.lower)
        else {
            // An emoji: score the text with each replaced by its description.
            guard let text = emojis?.translate(p) else { return scoreUTF8(p, scratch, translated: true) }
            return text.withUnsafeBufferPointer { scoreUTF8($0, scratch, translated: true) }
        }
        if c.tokens == 0 { return .zero }
        let w = UnsafeBufferPointer(start: m.tokens, count: c.tokens)
        // Caps emphasis counts only when some, but not all, tokens are ALL CAPS; found out only
        // when a rule meets an ALL CAPS word (most sentences have none among their sentiment
        // words and boosters).
        var capsDiffer = MixedCaps(text: UnsafeBufferPointer(start: m.text, count: n), lower: m.lower)

        // Only lexicon words have a valence (every other token's is 0); "but" rescales them.
        var count = 0
        var but = -1
        for k in UnsafeBufferPointer(start: m.notable, count: c.notable) {
            let i = Int(k)
            let t = w[i]
            if but < 0 && t.role == .but { but = i }
            if t.inLexicon {
                m.valences[count] = valence(at: i, w, &capsDiffer)
                m.positions[count] = k
                count += 1
            }
        }
        let v = UnsafeMutableBufferPointer(start: m.valences, count: count)
        if but >= 0 { applyBut(but, UnsafeBufferPointer(start: m.positions, count: count), v) }
        return summarise(UnsafeBufferPointer(v), others: c.tokens - count,
                         exclamations: c.exclamations, questions: c.questions)
    }

    /// The valence of token `i` after every per-word rule.
    @inline(__always)
    private func valence(at i: Int, _ w: UnsafeBufferPointer<Token>, _ capsDiffer: inout MixedCaps,
                         general: Bool = false) -> Double {
        let n = w.count
        let t = w[i]
        // Boosters and the "kind" of "kind of" are modifiers, not sentiment.
        if t.isBooster { return 0 }
        if t.role == .kind && i + 1 < n && w[i + 1].role == .of { return 0 }
        if !t.inLexicon { return 0 }

        let valence = words.valence(t.id)
        if !general && i >= 3 {
            let a = w[i - 1], b = w[i - 2], c = w[i - 3]
            if a.quiet && b.quiet && c.quiet && !b.inPhrase && !t.inPhrase && !(i + 1 < n && w[i + 1].inPhrase) {
                // Most sentiment words: nothing among the three preceding tokens boosts, negates or
                // intensifies them, and no phrase is near. The general path below then changes the
                // valence only by the "no" and caps rules (`boost` gives 0, `negate` and the
                // "least" rule leave it, `idioms` is not called), and adds 0 (which turns -0.0 into
                // +0.0) once for each of those tokens outside the lexicon: done here the same way.
                var v = valence
                if t.role == .no && i + 1 < n && w[i + 1].inLexicon { v = 0 }
                if t.isUpper && capsDiffer.differ(self) {
                    v = v > 0 ? v + Weights.capsIncrement : v - Weights.capsIncrement
                }
                if !(a.inLexicon && b.inLexicon && c.inLexicon) { v += 0 }
                return v
            }
        }
        var v = valence
        // "no" directly before a lexicon word is a negator, not a sentiment of its own.
        if t.role == .no && i + 1 < n && w[i + 1].inLexicon { v = 0 }
        // A "no" one or two words back (or three, through "or"/"nor") negates this word.
        if (i > 0 && w[i - 1].role == .no) || (i > 1 && w[i - 2].role == .no)
            || (i > 2 && w[i - 3].role == .no && (w[i - 1].role == .or || w[i - 1].role == .nor)) {
            v = valence * Weights.negationScalar
        }
        // ALL CAPS among mixed case pushes the magnitude up (a zero valence counts as negative).
        if t.isUpper && capsDiffer.differ(self) {
            v = v > 0 ? v + Weights.capsIncrement : v - Weights.capsIncrement
        }
        // The three preceding tokens, nearest first; lexicon words among them are skipped.
        for back in 1...3 {
            if i < back { break }
            let q = w[i - back]
            if q.inLexicon { continue }
            var s = boost(q, v, &capsDiffer)
            if s != 0 {
                if back == 2 { s *= 0.95 } else if back == 3 { s *= 0.9 }
            }
            v += s
            v = negate(v, back, i, w)
            // `idioms` changes nothing unless two phrase words stand side by side among tokens
            // i - 3 ... i + 2; every such pair holds token i - 2, i or i + 1, so when none of those
            // three is a phrase word the call (and its look at six tokens) is skipped.
            if back == 3 && (w[i - 2].inPhrase || t.inPhrase || (i + 1 < n && w[i + 1].inPhrase)) {
                v = idioms(v, i, w)
            }
        }
        // "least" before a word negates it, except in "at least" and "very least".
        if i > 0 && w[i - 1].role == .least && !w[i - 1].inLexicon {
            if i == 1 || (w[i - 2].role != .at && w[i - 2].role != .very) {
                v *= Weights.negationScalar
            }
        }
        return v
    }

    /// A booster's signed contribution to a word of valence `v` (0 for non-boosters).
    @inline(__always)
    private func boost(_ q: Token, _ v: Double, _ capsDiffer: inout MixedCaps) -> Double {
        guard q.isBooster else { return 0 }
        var s = v < 0 ? -q.booster : q.booster
        if q.isUpper && capsDiffer.differ(self) {
            s = v > 0 ? s + Weights.capsIncrement : s - Weights.capsIncrement
        }
        return s
    }

    /// The negation rule for the token `back` positions before `i`.
    @inline(__always)
    private func negate(_ v: Double, _ back: Int, _ i: Int, _ w: UnsafeBufferPointer<Token>) -> Double {
        @inline(__always) func soOrThis(_ k: Int) -> Bool { w[k].role == .so || w[k].role == .this }
        switch back {
        case 1:
            return w[i - 1].negates ? v * Weights.negationScalar : v
        case 2:
            if w[i - 2].role == .never && soOrThis(i - 1) { return v * 1.25 }
            if w[i - 2].role == .without && w[i - 1].role == .doubt { return v }
            return w[i - 2].negates ? v * Weights.negationScalar : v
        default:
            // As in 3.3.2, the intensifying branch also fires whenever the word right before
            // this one is "so" or "this", whatever stands three back (operator precedence
            // in the reference: `never and (so or this) or (so or this)`).
            if (w[i - 3].role == .never && soOrThis(i - 2)) || soOrThis(i - 1) { return v * 1.25 }
            if w[i - 3].role == .without && (w[i - 2].role == .doubt || w[i - 1].role == .doubt) { return v }
            return w[i - 3].negates ? v * Weights.negationScalar : v
        }
    }

    /// Idioms and two-word dampeners around token `i` (reached only when i >= 3 and the
    /// token three back is not a lexicon word, as in the reference).
    private func idioms(_ valence: Double, _ i: Int, _ w: UnsafeBufferPointer<Token>) -> Double {
        var v = valence
        let n = w.count
        // Every phrase word carries `inPhrase`, and every phrase has two or three words: bit k
        // of `near` for token i - 3 + k. Most sentiment words have no two such words in a row
        // nearby, and no phrase can match then.
        var near = 0
        for k in (i - 3)...min(i + 2, n - 1) where w[k].inPhrase { near |= 1 << (k - (i - 3)) }
        if near & (near >> 1) == 0 { return v }
        @inline(__always) func allInPhrases(_ from: Int, _ count: Int) -> Bool {
            let m = ((1 << count) - 1) << (from - (i - 3))
            return near & m == m
        }
        func matches(_ phrase: Phrase, _ from: Int) -> Bool {
            if from < 0 || from + phrase.count > n { return false }
            for k in 0..<phrase.count where w[from + k].id != phrase.id(k) { return false }
            return true
        }
        func special(_ from: Int, _ count: Int) -> Double? {
            if !allInPhrases(from, count) { return nil }
            for phrase in specialPhrases where phrase.count == count && matches(phrase, from) {
                return phrase.value
            }
            return nil
        }
        // Phrases ending at this word or just before it: the first that matches wins.
        if let value = special(i - 1, 2) ?? special(i - 2, 3) ?? special(i - 2, 2)
            ?? special(i - 3, 3) ?? special(i - 3, 2) {
            v = value
        }
        // Phrases starting at this word override that.
        if i + 1 < n, let value = special(i, 2) { v = value }
        if i + 2 < n, let value = special(i, 3) { v = value }
        // "kind of", "sort of", "just enough" among the three preceding words damp it.
        func damp(_ from: Int, _ count: Int) {
            if !allInPhrases(from, count) { return }
            for phrase in dampenerPhrases where phrase.count == count && matches(phrase, from) {
                v += phrase.value
            }
        }
        damp(i - 3, 3)
        damp(i - 3, 2)
        damp(i - 2, 2)
        return v
    }

    /// The contrastive "but": valences before the first "but" (token `but`) are halved, those
    /// after it multiplied by 1.5. `valences` are those of the lexicon words, at token
    /// `positions` (every other token's valence is 0).
    ///
    /// Quirk kept from 3.3.2: the reference walks the list and, for each value, rewrites the
    /// first position holding an equal value (list.index), so when two tokens share a
    /// valence the wrong one can be rescaled (or one rescaled twice). That is reproduced
    /// exactly; zeros are skipped since rescaling them changes nothing (so the tokens outside
    /// the lexicon, all zeros, can be left out: a nonzero value never equals them).
    private func applyBut(_ but: Int, _ positions: UnsafeBufferPointer<Int32>, _ valences: UnsafeMutableBufferPointer<Double>) {
        for k in valences.indices {
            let value = valences[k]
            if value == 0 { continue }
            var first = k
            for j in 0..<k where valences[j] == value { first = j; break }
            let at = Int(positions[first])
            if at < but { valences[first] = value * 0.5 } else if at > but { valences[first] = value * 1.5 }
        }
    }

    /// Sum, punctuation emphasis, normalisation and proportions, from the valences of the
    /// lexicon words and the number of `others` (tokens whose valence is 0).
    ///
    /// Leaving the zeros out of the sum changes nothing, bit for bit: the sum starts at +0.0,
    /// x + (±0.0) is x for any nonzero x, and +0.0 + (±0.0) is +0.0. They count as neutral.
    private func summarise(_ valences: UnsafeBufferPointer<Double>, others: Int, exclamations: Int, questions: Int) -> SentimentScores {
        var emphasis = Double(min(exclamations, 4)) * Weights.exclamationIncrement
        if questions > 1 {
            emphasis += questions <= 3 ? Double(questions) * Weights.questionIncrement : Weights.manyQuestionsIncrement
        }

        var sum = 0.0
        for v in valences { sum += v }
        if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
        var compound = sum / (sum * sum + Weights.normalisationAlpha).squareRoot()
        compound = min(max(compound, -1), 1)

        // Each sentiment word counts one more than its valence, as neutral words count one.
        var positive = 0.0, negative = 0.0
        var neutral = others
        for v in valences {
            if v > 0 { positive += v + 1 } else if v < 0 { negative += v - 1 } else { neutral += 1 }
        }
        if positive > -negative { positive += emphasis } else if positive < -negative { negative -= emphasis }
        let total = positive + abs(negative) + Double(neutral)
        return SentimentScores(compound: compound, positive: abs(positive / total),
                               negative: abs(negative / total), neutral: abs(Double(neutral) / total))
    }
}

// MARK: - Tokens for tests

extension SentimentAnalyzer {
    /// What a tokenizer made of a text: each token's bits (without the key length some carry in
    /// bits 56...63, which nothing reads, and without `upperBit` for tokens outside the word
    /// table, which the rules never ask), the indexes of the notable ones, the ! and ? counts.
    struct TokenList: Equatable {
        var bits: [UInt64] = []
        var notable: [Int32] = []
        var exclamations = 0
        var questions = 0

        /// The bits as compared.
        static func normalised(_ bits: UInt64) -> UInt64 {
            let b = bits & WordLookup.tokenBits
            return Token(bits: b).id < 0 ? b & ~Token.upperBit : b
        }
    }

    /// The tokens `tokenize` (with all its fast paths) makes of `text`, or nil if it has an emoji.
    func fastTokens(_ text: [UInt8]) -> TokenList? {
        let scratch = SentimentScratch()
        return text.withUnsafeBufferPointer { p -> TokenList? in
            let n = p.count
            if n == 0 { return TokenList() }
            let m = scratch.reserve(n)
            m.text.update(from: p.baseAddress!, count: n)
            (m.text + n).update(repeating: 0x20, count: 24)
            guard let c = tokenize(m.text, n, source: emojis == nil ? nil : p, into: m.tokens, notable: m.notable,
                                   lower: m.lower) else { return nil }
            return TokenList(bits: (0..<c.tokens).map { TokenList.normalised(m.tokens[$0].bits) },
                             notable: Array(UnsafeBufferPointer(start: m.notable, count: c.notable)),
                             exclamations: c.exclamations, questions: c.questions)
        }
    }

    /// The valence of every token of `text` by `valence(at:)`, and by its general path alone (no
    /// emojis in `text`).
    func valencesBothWays(_ text: [UInt8]) -> [(Double, Double)] {
        guard let list = fastTokens(text), !list.bits.isEmpty else { return [] }
        let padded = text + [UInt8](repeating: 0x20, count: 24)
        var lower = [UInt8](repeating: 0, count: 3 * text.count + 32)
        return padded.withUnsafeBufferPointer { p in
            lower.withUnsafeMutableBufferPointer { lower in
                list.bits.withUnsafeBufferPointer { raw in
                    raw.withMemoryRebound(to: Token.self) { w in
                        var caps = MixedCaps(text: UnsafeBufferPointer(rebasing: p[..<text.count]), lower: lower.baseAddress!)
                        return w.indices.map { i in
                            (valence(at: i, w, &caps), valence(at: i, w, &caps, general: true))
                        }
                    }
                }
            }
        }
    }

    /// The same by the general path alone: Python whitespace found by `UTF8Text.spaceLength`, every
    /// token taken byte by byte by `slowToken`. (No emoji translation: for texts without emojis.)
    func referenceTokens(_ text: [UInt8]) -> TokenList {
        var list = TokenList()
        let padded = text + [UInt8](repeating: 0x20, count: 24)
        var lower = [UInt8](repeating: 0, count: 3 * text.count + 32)
        padded.withUnsafeBufferPointer { p in
            lower.withUnsafeMutableBufferPointer { lower in
                var i = 0
                while i < text.count {
                    let space = UTF8Text.spaceLength(p, i)
                    if space > 0 { i += space; continue }
                    var bits: UInt64 = 0
                    i = slowToken(p, i, text.count, bits: &bits, lower: lower.baseAddress!,
                                  exclamations: &list.exclamations, questions: &list.questions)
                    if bits & Token.notableBit != 0 { list.notable.append(Int32(list.bits.count)) }
                    list.bits.append(TokenList.normalised(bits))
                }
            }
        }
        return list
    }
}

/// A phrase of one to three words (every phrase in Vocabulary has two or three), as word
/// ids held inline.
struct Phrase: Sendable {
    var count: Int
    var ids: (Int32, Int32, Int32)
    var value: Double

    init(ids: [Int32], value: Double) {
        precondition((1...3).contains(ids.count), "phrases have one to three words")
        count = ids.count
        self.ids = (ids[0], ids.count > 1 ? ids[1] : -1, ids.count > 2 ? ids[2] : -1)
        self.value = value
    }

    @inline(__always)
    func id(_ k: Int) -> Int32 { k == 0 ? ids.0 : k == 1 ? ids.1 : ids.2 }
}

// MARK: - Data files

enum LexiconParser {
    struct Entry {
        var word: [UInt8]
        var valence: Double
    }

    /// Lines of the form `word<TAB>mean[<TAB>...]`, each stripped of surrounding
    /// whitespace first (the files have CRLF endings); blank or malformed lines are skipped.
    static func entries(_ p: UnsafeBufferPointer<UInt8>) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(8192)
        forEachLine(p) { s, e in
            guard let (word, rest) = firstField(p, s, e), rest.0 < rest.1 else { return }
            var (ms, me) = secondField(p, rest)
            while ms < me && p[ms] == 0x20 { ms += 1 }
            while me > ms && p[me - 1] == 0x20 { me -= 1 }
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: p[ms..<me]), as: UTF8.self))
            else { return }
            entries.append(Entry(word: Array(UnsafeBufferPointer(rebasing: p[word.0..<word.1])), valence: value))
        }
        return entries
    }

    /// Calls `body` with each line's bounds, surrounding Python whitespace removed, skipping
    /// lines that are then empty.
    static func forEachLine(_ p: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var i = 0
        while i < p.count {
            var e = i
            while e < p.count && p[e] != 0x0A { e += 1 }
            var s = i
            var t = e
            i = e + 1
            while s < t {
                let n = UTF8Text.spaceLength(p, s)
                if n == 0 { break }
                s += n
            }
            while t > s {
                let n = UTF8Text.trailingSpaceLength(p, s, t)
                if n == 0 { break }
                t -= n
            }
            if s < t { body(s, t) }
        }
    }

    /// The bytes before the first tab, and the bounds of what follows the tab.
    static func firstField(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> ((Int, Int), (Int, Int))? {
        var k = s
        while k < e && p[k] != 0x09 { k += 1 }
        if k == e { return nil }
        return ((s, k), (k + 1, e))
    }

    static func secondField(_ p: UnsafeBufferPointer<UInt8>, _ rest: (Int, Int)) -> (Int, Int) {
        var k = rest.0
        while k < rest.1 && p[k] != 0x09 { k += 1 }
        return (rest.0, k)
    }
}

/// Single-code-point emojis and their descriptions. (The reference looks emojis up one code
/// point at a time, so entries of several code points — flags, skin tones, ZWJ sequences —
/// never match and are not kept.)
struct EmojiTable: Sendable {
    private var bits: [UInt64]
    private var descriptions: [UInt32: [UInt8]]

    init(_ p: UnsafeBufferPointer<UInt8>) {
        var descriptions: [UInt32: [UInt8]] = [:]
        LexiconParser.forEachLine(p) { s, e in
            guard let (key, rest) = LexiconParser.firstField(p, s, e) else { return }
            let (cp, n) = UTF8Text.decode(p, key.0)
            guard key.0 + n == key.1 else { return }
            let (ds, de) = LexiconParser.secondField(p, rest)
            descriptions[cp] = Array(UnsafeBufferPointer(rebasing: p[ds..<de]))
        }
        let maxScalar = descriptions.keys.max() ?? 0
        var bits = [UInt64](repeating: 0, count: Int(maxScalar >> 6) + 1)
        for cp in descriptions.keys { bits[Int(cp >> 6)] |= 1 << UInt64(cp & 63) }
        self.bits = bits
        self.descriptions = descriptions
    }

    /// Whether `scalar` is one of the emojis.
    func contains(scalar: UInt32) -> Bool { contains(scalar) }

    @inline(__always)
    private func contains(_ cp: UInt32) -> Bool {
        let word = Int(cp >> 6)
        return word < bits.count && bits[word] & (1 << UInt64(cp & 63)) != 0
    }

    /// Whether the text has an emoji at or after offset `from` (a character boundary).
    func contains(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var i = from
        let raw = UnsafeRawPointer(p.baseAddress!)
        while i < p.count {
            // Skip eight ASCII bytes at a time.
            if i + 8 <= p.count && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            if p[i] < 0xC2 { i += 1; continue }
            let (cp, n) = UTF8Text.decode(p, i)
            if contains(cp) { return true }
            i += n
        }
        return false
    }

    /// The text with each emoji replaced by its description (preceded by a space unless one
    /// is already there; nothing is added after it), or nil when there is no emoji.
    func translate(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if p.isEmpty || !contains(p, from: 0) { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(p.count + 64)
        var afterSpace = true
        var i = 0
        while i < p.count {
            let (cp, n) = UTF8Text.decode(p, i)
            if contains(cp), let description = descriptions[cp] {
                if !afterSpace { out.append(0x20) }
                out.append(contentsOf: description)
                afterSpace = false
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + n)]))
                afterSpace = cp == 0x20
            }
            i += n
        }
        return out
    }
}

// Sentence boundaries by rule, over UTF-8 bytes.
//
// The rules, in order:
//
// 1. Every line break ends a sentence (articles here are one paragraph per line), so a headline,
//    a byline ("By Xinhua") or any line without a final stop is a sentence of its own.
// 2. Inside a line a sentence can end at a run of terminal marks: "." "!" "?" "…" "..."
//    (and the full-width "。" "！" "？", which end a sentence wherever they are). Closing quotes and
//    brackets right after the marks (" ” ’ ' ) ] » …) belong to the sentence that ends.
// 3. The marks (with their closers) must be followed by whitespace or the end of the line:
//    "3.14", "$1.2bn", "U.S.-led" and "example.com" never split.
// 4. Then the next word decides. Opening quotes and brackets before it are skipped.
//    - A lowercase word never starts a sentence: `"We will win." he said.` and "e.g. this" stay whole.
//    - "!" or "?": a boundary (unless rule 4's lowercase word follows).
//    - An ellipsis ("…", "..."): a boundary only before a capitalised (or uncased-script) word.
//    - A single ".":
//      * after closing quotes or brackets: a boundary (`He said "Go." Then...`);
//      * after an abbreviation that never ends a sentence (Mr., Dr., Gen., No., vs., e.g.): none;
//      * after a number or single letter that opens the sentence (a list marker, "1. Open it"): none;
//      * after an abbreviation that may end a sentence (Inc., Ltd., Co., Jr., St., etc., month
//        abbreviations), a dotted acronym (U.S., U.K., a.m., Ph.D.) or a single-letter initial (J.):
//        a boundary only when the next word is a common sentence-initial word (The, He, They, But,
//        Then, In, ...; `Lists.starters`). So "He moved to the U.S. Then he left." is two sentences,
//        "the U.S. President said" and "J. K. Rowling wrote" are one, and "Jan. 5" never splits;
//      * after any other word or number: a boundary.
//
// Quotations are not tracked as units. A quotation of several sentences splits at its inner
// boundaries: `"We will win. They will lose," he said.` gives `"We will win.` (with the opening
// quote) and `They will lose," he said.` (with the closing quote and the attribution). No quote
// mark is moved or added; each span is a plain substring of the text, trimmed of whitespace.

public enum SentenceSplitter {
    /// The sentences of `text`, in order, each trimmed of surrounding whitespace; no empty spans.
    /// Offsets are UTF-8 byte offsets and always fall on character (scalar) boundaries.
    public static func split(_ text: String) -> [TextSpan] {
        var t = text
        return t.withUTF8 { split(bytes: $0) }
    }

    /// The sentences of the UTF-8 text in `utf8` (valid UTF-8, e.g. a String's bytes), as
    /// `split(_:)` finds them in that String.
    public static func split(utf8: UnsafeBufferPointer<UInt8>) -> [TextSpan] {
        split(bytes: utf8)
    }

    /// The same over UTF-8 bytes.
    static func split(bytes p: Bytes) -> [TextSpan] {
        var out: [TextSpan] = []
        out.reserveCapacity(p.count / 64 + 1)
        let n = p.count
        var start = 0
        var i = 0

        // (`out` is passed to `emit`, not used by it directly: a nested function using it would
        // capture it as a variable, checked for exclusive access at every append.)
        @inline(__always) func emit(_ span: TextSpan?, to out: inout [TextSpan]) {
            if let span { out.append(span) }
        }
        @inline(__always) func trimmed(_ s: Int, _ e: Int) -> TextSpan? { SentenceSplitter.trimmed(p, s, e) }

        // Reads sixteen bytes at a time (`Vector16.sentenceBytes`, x86-64), or eight (see
        // `interestingBytes`), and goes straight to the first that matters.
        guard n > 0, let raw = UnsafeRawPointer(p.baseAddress) else { return out }
        while i < n {
            #if arch(x86_64)
            // Past the blocks of sixteen with nothing to look at, in a loop of their own.
            var hit: UInt32 = 0
            while i &+ 16 <= n {
                hit = Vector16.sentenceBytes(raw + i)
                if hit != 0 { break }
                i &+= 16
            }
            if i >= n { break }   // (the text ended with a clean block)
            let wide = hit != 0
            if wide { i &+= hit.trailingZeroBitCount }
            #else
            let wide = false
            #endif
            if !wide && i + 8 <= n {
                let hit = interestingBytes(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if hit == 0 { i += 8; continue }
                i += hit.trailingZeroBitCount >> 3
            }
            let b = p[i]
            if b < 0x80 {
                if b == 0x2E || b == 0x21 || b == 0x3F {
                    let (cut, resume) = boundary(p, at: i, sentenceStart: start)
                    if cut >= 0 { emit(trimmed(start, cut), to: &out); start = cut }
                    i = resume
                } else if b == 0x0A || b == 0x0D {
                    emit(trimmed(start, i), to: &out); i += 1; start = i
                } else {
                    i += 1
                }
                continue
            }
            // Lead bytes of the non-ASCII marks we care about; continuation bytes never match.
            if b == 0xE2 || b == 0xE3 || b == 0xEF || b == 0xC2 {
                let bl = breakLen(p, i)
                if bl > 0 { emit(trimmed(start, i), to: &out); i += bl; start = i; continue }
                if terminalLen(p, i) > 0 {
                    let (cut, resume) = boundary(p, at: i, sentenceStart: start)
                    if cut >= 0 { emit(trimmed(start, cut), to: &out); start = cut }
                    i = resume
                    continue
                }
            }
            // Past the continuation bytes too (each would only be stepped over).
            i += 1
            while i < n && p[i] & 0xC0 == 0x80 { i += 1 }
        }
        emit(trimmed(start, n), to: &out)
        return out
    }

    /// `s..<e` trimmed of blanks at both ends, or nil when nothing is left.
    @inline(__always)
    static func trimmed(_ p: Bytes, _ s: Int, _ e: Int) -> TextSpan? {
        var a = s, b = e
        // (A printable ASCII byte at either end is not blank: most sentences need no trimming.)
        @inline(__always) func printable(_ x: UInt8) -> Bool { x > 0x20 && x < 0x7F }
        if a < b && !printable(p[a]) {
            while a < b { let l = blankLen(p, a); if l == 0 { break }; a += l }
        }
        if b > a && !printable(p[b - 1]) {
            while b > a {
                let st = scalarStart(p, before: b)
                if blankLen(p, st) == b - st { b = st } else { break }
            }
        }
        return a < b ? TextSpan(start: a, end: b) : nil
    }

    /// The bytes of `w` that are non-ASCII or one of ". ! ? \n \r" (0x80 in each; the others are the
    /// bytes the loop in `split` would each just step over). Exact up to and including the first
    /// such byte, which is all the loop uses (its position, by trailing zeros). (SWAR: `x ^ c` has
    /// a zero byte where `x` has byte `c`, and `(v - 0x01…) & ~v & 0x80…` marks the first zero byte
    /// of `v` exactly; a borrow can mark bytes above it too.)
    @inline(__always)
    static func interestingBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return (w & highs) | hasZero(w ^ (ones &* 0x2E)) | hasZero(w ^ (ones &* 0x21)) | hasZero(w ^ (ones &* 0x3F))
            | hasZero(w ^ (ones &* 0x0A)) | hasZero(w ^ (ones &* 0x0D))
    }

    /// A non-ASCII terminal mark at `i`: … (ellipsis), ‼ ⁇ ⁈ ⁉, 。 ！ ？ ｡. Its length, or 0.
    @inline(__always)
    static func terminalLen(_ p: Bytes, _ i: Int) -> Int {
        guard i + 2 < p.count else { return 0 }
        let b0 = p[i], b1 = p[i + 1], b2 = p[i + 2]
        switch b0 {
        case 0xE2: return (b1 == 0x80 && (b2 == 0xA6 || b2 == 0xBC)) || (b1 == 0x81 && b2 >= 0x87 && b2 <= 0x89) ? 3 : 0
        case 0xE3: return b1 == 0x80 && b2 == 0x82 ? 3 : 0
        case 0xEF: return (b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F)) || (b1 == 0xBD && b2 == 0xA1) ? 3 : 0
        default: return 0
        }
    }

    /// Decides whether the run of terminal marks at `i` ends a sentence. Returns the offset to cut
    /// at (or -1) and the offset to resume scanning from (always > i).
    static func boundary(_ p: Bytes, at i: Int, sentenceStart: Int) -> (cut: Int, resume: Int) {
        let n = p.count
        var j = i, dots = 0
        var strong = false, ellipsis = false, fullWidth = false
        while j < n {
            let b = p[j]
            if b == 0x2E { dots += 1; j += 1; continue }
            if b == 0x21 || b == 0x3F { strong = true; j += 1; continue }
            let t = terminalLen(p, j)
            if t == 0 { break }
            if p[j] == 0xE2 && p[j + 1] == 0x80 && p[j + 2] == 0xA6 { ellipsis = true }
            else if p[j] == 0xE2 { strong = true }
            else { fullWidth = true }
            j += t
        }
        let runEnd = j
        var k = j
        var closed = false
        while k < n { let l = closerLen(p, k); if l == 0 { break }; k += l; closed = true }
        if fullWidth { return (k, k) }
        // Rule 3: followed by whitespace or the end of the line.
        if k < n && blankLen(p, k) == 0 { return (-1, runEnd) }
        if dots >= 2 { ellipsis = true }

        var m = k
        while m < n { let l = spaceLen(p, m); if l == 0 { break }; m += l }
        if m >= n || breakLen(p, m) > 0 { return (k, k) }   // the line ends here anyway
        var q = m
        while q < n { let l = openerLen(p, q); if l == 0 { break }; q += l }
        let next: CharClass = q < n ? charClass(p, q).0 : .other

        if next == .lower { return (-1, k) }
        if strong { return (k, k) }
        if ellipsis { return next == .upper || next == .uncased ? (k, k) : (-1, k) }
        if closed { return (k, k) }

        // A single full stop: look at the word before it.
        var ws = i
        while ws > sentenceStart {
            let pb = p[ws - 1]
            if pb < 0x80 {
                if pb.isASCIIAlnum || pb == 0x2E { ws -= 1; continue }
                break
            }
            let s = scalarStart(p, before: ws)
            let c = classifyScalar(decodeScalar(p, s).value)
            if c.isWordChar { ws = s } else { break }
        }
        while ws < i && p[ws] == 0x2E { ws += 1 }
        if ws == i { return (k, k) }

        let lex = Lexicon.shared.lookup(p, ws, i)
        if lex.contains(.neverEnds) { return (-1, k) }

        // A list marker opening the sentence: "1. Open it", "B. Close it".
        var first = sentenceStart
        while first < ws { let l = blankLen(p, first); if l == 0 { break }; first += l }
        let wordLen = i - ws
        if first == ws {
            var allDigits = wordLen <= 3
            if allDigits { for x in ws..<i where !p[x].isASCIIDigit { allDigits = false; break } }
            if allDigits || (wordLen == 1 && p[ws].isASCIIUpper) { return (-1, k) }
        }

        if lex.contains(.mayEnd) || isInitial(p, ws, i) || isDottedAcronym(p, ws, i) {
            guard next == .upper else { return (-1, k) }
            var e = q
            while e < n && p[e].isASCIILetter { e += 1 }
            return Lexicon.shared.lookup(p, q, e).contains(.starter) ? (k, k) : (-1, k)
        }
        return (k, k)
    }

    /// A single capital letter: an initial ("J." in "J. K. Rowling").
    @inline(__always)
    static func isInitial(_ p: Bytes, _ s: Int, _ e: Int) -> Bool {
        if e - s == 1 { return p[s].isASCIIUpper }
        let (v, l) = decodeScalar(p, s)
        return l == e - s && v >= 0x80 && classifyScalar(v) == .upper
    }

    /// Letters in groups of one or two separated by dots: "U.S", "a.m", "Ph.D" (the final dot excluded).
    static func isDottedAcronym(_ p: Bytes, _ s: Int, _ e: Int) -> Bool {
        var groups = 0, run = 0
        for x in s..<e {
            let b = p[x]
            if b.isASCIILetter { run += 1; if run > 2 { return false } }
            else if b == 0x2E { if run == 0 { return false }; groups += 1; run = 0 }
            else { return false }
        }
        return run > 0 && groups >= 1
    }
}

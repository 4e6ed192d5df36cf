// The document as the extractor sees it: UTF-8 bytes, paragraphs (one per line),
// and words and punctuation with their byte offsets.

/// What a token is.
enum TokKind: UInt8 {
    case word
    case punct
    /// A whole quotation, marks included, standing in for the words inside it (see `Stream`).
    case quote
}

struct Token {
    var start: Int
    var end: Int
    var kind: TokKind
    /// Lower-cased text for words (’ read as '); the mark itself for punctuation.
    var lower: String
    /// First letter upper-case.
    var cap: Bool
    /// For `.quote` tokens: the index of the quotation.
    var quote: Int = -1
    /// The paragraph the token is in.
    var paragraph: Int = 0
    /// For words: the word lists it is in (`Words.classes`).
    var cls: WordClass = []

    @inline(__always) var isWord: Bool { kind == .word }
    @inline(__always) func isPunct(_ s: String) -> Bool { kind == .punct && lower == s }
}

/// Byte-level character classes (ASCII fast path; other scalars by Unicode properties).
enum Chars {
    /// The scalar at `i` and its length; malformed input reads as U+FFFD, length 1.
    @inline(__always)
    static func scalar(_ p: [UInt8], _ i: Int) -> (UInt32, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = p.count
        if b0 >= 0xC2 && b0 < 0xE0 && i + 1 < n && p[i + 1] & 0xC0 == 0x80 {
            return (UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n && p[i + 1] & 0xC0 == 0x80 && p[i + 2] & 0xC0 == 0x80 {
            return (UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        if b0 >= 0xF0 && b0 < 0xF5 && i + 3 < n && p[i + 1] & 0xC0 == 0x80 && p[i + 2] & 0xC0 == 0x80 && p[i + 3] & 0xC0 == 0x80 {
            return (UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The start of the scalar that ends right before `i` (i > 0).
    @inline(__always)
    static func scalarStart(_ p: [UInt8], before i: Int) -> Int {
        var j = i - 1
        var k = 0
        while j > 0 && k < 3 && p[j] & 0xC0 == 0x80 { j -= 1; k += 1 }
        return j
    }

    /// Letters, digits and combining marks.
    @inline(__always)
    static func isWordChar(_ v: UInt32) -> Bool {
        if v < 0x80 {
            let b = UInt8(v)
            return (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10
        }
        if v >= 0x2000 && v <= 0x206F { return false }   // general punctuation: quotes, dashes, spaces
        guard let s = Unicode.Scalar(v) else { return false }
        let p = s.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }

    @inline(__always)
    static func isUpper(_ v: UInt32) -> Bool {
        if v < 0x80 { return UInt8(v) &- 0x41 < 26 }
        return Unicode.Scalar(v)?.properties.isUppercase ?? false
    }

    @inline(__always)
    static func isLower(_ v: UInt32) -> Bool {
        if v < 0x80 { return UInt8(v) &- 0x61 < 26 }
        return Unicode.Scalar(v)?.properties.isLowercase ?? false
    }

    /// Spaces of any width (not line breaks).
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0xA0 || (v >= 0x2000 && v <= 0x200B) || v == 0x202F || v == 0x205F || v == 0x3000 || v == 0xFEFF
    }

    @inline(__always)
    static func isLineBreak(_ v: UInt32) -> Bool { v == 0x0A || v == 0x0D || v == 0x85 || v == 0x2028 || v == 0x2029 }

    @inline(__always)
    static func isApostrophe(_ v: UInt32) -> Bool { v == 0x27 || v == 0x2019 }

    /// Hyphens that join words: - ‐ ‑.
    @inline(__always)
    static func isJoiner(_ v: UInt32) -> Bool { v == 0x2D || v == 0x2010 || v == 0x2011 }
}

/// The text's bytes and paragraphs.
struct TextModel {
    let bytes: [UInt8]
    /// [start, end) of each paragraph: a line with something in it, trimmed of spaces.
    let paragraphs: [(start: Int, end: Int)]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        self.paragraphs = TextModel.lines(bytes)
    }

    private static func lines(_ bytes: [UInt8]) -> [(start: Int, end: Int)] {
        var paras: [(start: Int, end: Int)] = []
        let n = bytes.count
        func close(_ s: Int, _ e: Int) {
            var a = s, b = e
            while a < b { let (v, l) = Chars.scalar(bytes, a); if Chars.isSpace(v) { a += l } else { break } }
            while b > a {
                let st = Chars.scalarStart(bytes, before: b)
                if Chars.isSpace(Chars.scalar(bytes, st).0) { b = st } else { break }
            }
            if a < b { paras.append((a, b)) }
        }
        var i = 0, lineStart = 0
        while i < n {
            let (v, l) = Chars.scalar(bytes, i)
            if Chars.isLineBreak(v) { close(lineStart, i); i += l; lineStart = i } else { i += l }
        }
        close(lineStart, n)
        return paras
    }

    func string(_ s: Int, _ e: Int) -> String {
        String(decoding: bytes[max(0, s)..<min(e, bytes.count)], as: UTF8.self)
    }

    /// The paragraph holding byte `pos` (the last one starting at or before it).
    func paragraph(at pos: Int) -> Int {
        var lo = 0, hi = paragraphs.count - 1
        if hi < 0 { return 0 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if paragraphs[mid].start <= pos { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}

/// Splits a range of the text into words and punctuation.
///
/// Words are runs of letters, digits and marks, joined by inner hyphens and apostrophes
/// ("Jean-Luc", "don't"). A final "'s"/"’s" is a token of its own ("Estmark", "'s"), so a possessive
/// can be seen; so is any other punctuation mark. Short dotted abbreviations keep their dots
/// ("U.S.", "U.N."); "Mr." is "mr" then ".".
enum Tokenizer {
    static func tokens(_ t: TextModel, from s: Int, to e: Int, paragraph: Int) -> [Token] {
        var out: [Token] = []
        append(t, from: s, to: e, paragraph: paragraph, to: &out)
        return out
    }

    static func append(_ t: TextModel, from s: Int, to e: Int, paragraph: Int, to out: inout [Token]) {
        let p = t.bytes
        var i = s
        while i < e {
            let (v, l) = Chars.scalar(p, i)
            if Chars.isSpace(v) || Chars.isLineBreak(v) { i += l; continue }
            if Chars.isWordChar(v) {
                var j = i + l
                while j < e {
                    let (w, wl) = Chars.scalar(p, j)
                    if Chars.isWordChar(w) { j += wl; continue }
                    // An inner hyphen or apostrophe followed by a letter or digit joins.
                    if (Chars.isJoiner(w) || Chars.isApostrophe(w)) && j + wl < e && Chars.isWordChar(Chars.scalar(p, j + wl).0) {
                        // ...but not the possessive "'s" at the end of a word.
                        if Chars.isApostrophe(w) {
                            let k = j + wl
                            let (x, xl) = Chars.scalar(p, k)
                            if (x == 0x73 || x == 0x53) && (k + xl >= e || !Chars.isWordChar(Chars.scalar(p, k + xl).0)) { break }
                        }
                        j += wl
                        continue
                    }
                    // Dotted abbreviations: "U.S." "U.N." "a.m." (one or two letters between dots).
                    if w == 0x2E && j + 1 < e && j - i <= 2 && Chars.isWordChar(Chars.scalar(p, j + 1).0) {
                        var k = j + 1
                        var run = 0
                        while k < e && Chars.isWordChar(UInt32(p[k])) && p[k] < 0x80 { k += 1; run += 1 }
                        if run >= 1 && run <= 2 && (k >= e || p[k] == 0x2E || !Chars.isWordChar(UInt32(p[k]))) {
                            j = k
                            if j < e && p[j] == 0x2E { j += 1 }
                            continue
                        }
                    }
                    break
                }
                out.append(word(t, i, j, paragraph))
                i = j
                continue
            }
            // The possessive 's after a word, as its own token.
            if Chars.isApostrophe(v), let last = out.last, last.kind == .word, last.end == i, last.start >= s, i + l < e {
                let (x, xl) = Chars.scalar(p, i + l)
                if (x == 0x73 || x == 0x53) && (i + l + xl >= e || !Chars.isWordChar(Chars.scalar(p, i + l + xl).0)) {
                    out.append(Token(start: i, end: i + l + xl, kind: .word, lower: "'s", cap: false, paragraph: paragraph, cls: []))
                    i += l + xl
                    continue
                }
            }
            out.append(Token(start: i, end: i + l, kind: .punct, lower: String(decoding: p[i..<(i + l)], as: UTF8.self),
                             cap: false, paragraph: paragraph))
            i += l
        }
    }

    static func word(_ t: TextModel, _ s: Int, _ e: Int, _ paragraph: Int) -> Token {
        let p = t.bytes
        var ascii = true
        for k in s..<e where p[k] >= 0x80 { ascii = false; break }
        let lower: String
        if ascii {
            lower = String(unsafeUninitializedCapacity: e - s) { buf in
                for k in s..<e { buf[k - s] = p[k] &- 0x41 < 26 ? p[k] + 0x20 : p[k] }
                return e - s
            }
        } else {
            lower = String(decoding: p[s..<e], as: UTF8.self).lowercased().replacingAll("\u{2019}", with: "'")
        }
        let cap = Chars.isUpper(Chars.scalar(p, s).0)
        return Token(start: s, end: e, kind: .word, lower: lower, cap: cap, paragraph: paragraph, cls: Words.classes[lower] ?? [])
    }
}

extension String {
    /// Every occurrence of `a` replaced by `b` (characters; FoundationEssentials-free).
    func replacingAll(_ a: Character, with b: Character) -> String {
        guard contains(a) else { return self }
        return String(map { $0 == a ? b : $0 })
    }
}

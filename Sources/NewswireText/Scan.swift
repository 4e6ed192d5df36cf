// Byte-level helpers over UTF-8: character classes, whitespace, quotes, scalar decoding.
// Everything works on the UTF-8 bytes of a String (always valid UTF-8) and never allocates;
// ASCII takes a fast path, other scalars go through the standard library's Unicode properties.

typealias Bytes = UnsafeBufferPointer<UInt8>

enum CharClass: UInt8 {
    case upper, lower, uncased, digit, mark, space, other
    /// Letters (of any case or script), digits and combining marks: the stuff of words.
    @inline(__always) var isWordChar: Bool { self.rawValue <= CharClass.mark.rawValue }
    @inline(__always) var isLetter: Bool { self.rawValue <= CharClass.uncased.rawValue }
}

extension UInt8 {
    @inline(__always) var isASCIIUpper: Bool { self &- 0x41 < 26 }
    @inline(__always) var isASCIILower: Bool { self &- 0x61 < 26 }
    @inline(__always) var isASCIILetter: Bool { (self | 0x20) &- 0x61 < 26 }
    @inline(__always) var isASCIIDigit: Bool { self &- 0x30 < 10 }
    @inline(__always) var isASCIIAlnum: Bool { isASCIILetter || isASCIIDigit }
    @inline(__always) var asciiUppercased: UInt8 { isASCIILower ? self - 0x20 : self }
    @inline(__always) var asciiLowercased: UInt8 { isASCIIUpper ? self + 0x20 : self }
}

/// The scalar at `i` and its length in bytes; tolerant of malformed input (U+FFFD, length 1).
@inline(__always)
func decodeScalar(_ p: Bytes, _ i: Int) -> (value: UInt32, length: Int) {
    let n = p.count
    let b0 = p[i]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    if b0 < 0xC2 { return (0xFFFD, 1) }
    if b0 < 0xE0 {
        guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        return (UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
    }
    if b0 < 0xF0 {
        guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        return (UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
    }
    if b0 < 0xF5 {
        guard i + 3 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else {
            return (0xFFFD, 1)
        }
        return (UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                | UInt32(p[i + 3] & 0x3F), 4)
    }
    return (0xFFFD, 1)
}

/// The offset of the first byte of the scalar that ends at `i` (i > 0).
@inline(__always)
func scalarStart(_ p: Bytes, before i: Int) -> Int {
    var j = i - 1
    var k = 0
    while j > 0 && k < 3 && p[j] & 0xC0 == 0x80 { j -= 1; k += 1 }
    return j
}

/// The class of a non-ASCII scalar.
@inline(__always)
func classifyScalar(_ v: UInt32) -> CharClass {
    // General Punctuation (curly quotes, dashes, bullets, spaces), common in news text, has no
    // letters, digits or marks: only spaces (Zs, Zl, Zp) and the rest. Decided without the
    // Unicode property tables.
    if v >= 0x2000 && v <= 0x206F {
        return v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F ? .space : .other
    }
    // Latin-1 (the no-break space is common in news text): the same answers, from a table.
    if v < 0x100 { return latin1Classes[Int(v)] }
    return classifyScalarByProperties(v)
}

/// `classifyScalarByProperties` of U+0000...U+00FF, worked out once.
let latin1Classes: [CharClass] = (0..<256).map { classifyScalarByProperties(UInt32($0)) }

/// The rest of `classifyScalar`, out of line on purpose: `Unicode.Scalar.Properties` is a
/// resilient type, and a caller that inlines its use fetches its metadata and makes stack room
/// for it on every call, even when the word is all ASCII (measured: ~10% of `emitWord`).
@inline(never)
func classifyScalarByProperties(_ v: UInt32) -> CharClass {
    guard let s = Unicode.Scalar(v) else { return .other }
    let pr = s.properties
    if pr.isUppercase { return .upper }
    if pr.isLowercase { return .lower }
    switch pr.generalCategory {
    case .titlecaseLetter: return .upper
    case .otherLetter, .modifierLetter, .uppercaseLetter, .lowercaseLetter: return .uncased
    case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
    case .decimalNumber, .letterNumber, .otherNumber: return .digit
    case .spaceSeparator, .lineSeparator, .paragraphSeparator: return .space
    default: return pr.isAlphabetic ? .uncased : .other
    }
}

/// The class of the character at `i` and its length in bytes.
@inline(__always)
func charClass(_ p: Bytes, _ i: Int) -> (CharClass, Int) {
    let b = p[i]
    if b < 0x80 {
        if b.isASCIIUpper { return (.upper, 1) }
        if b.isASCIILower { return (.lower, 1) }
        if b.isASCIIDigit { return (.digit, 1) }
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return (.space, 1) }
        return (.other, 1)
    }
    let (v, l) = decodeScalar(p, i)
    return (classifyScalar(v), l)
}

/// The length of a (non-line-breaking) whitespace character at `i`, or 0. Includes
/// no-break space, the U+2000 spaces, zero-width space, U+3000 and a stray byte-order mark.
@inline(__always)
func spaceLen(_ p: Bytes, _ i: Int) -> Int {
    let b = p[i]
    if b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C { return 1 }
    if b < 0xC2 { return 0 }
    let n = p.count
    switch b {
    case 0xC2: return i + 1 < n && p[i + 1] == 0xA0 ? 2 : 0
    case 0xE2:
        guard i + 2 < n else { return 0 }
        if p[i + 1] == 0x80 && (p[i + 2] <= 0x8B || p[i + 2] == 0xAF) { return 3 }
        if p[i + 1] == 0x81 && p[i + 2] == 0x9F { return 3 }
        return 0
    case 0xE3: return i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80 ? 3 : 0
    case 0xEF: return i + 2 < n && p[i + 1] == 0xBB && p[i + 2] == 0xBF ? 3 : 0
    default: return 0
    }
}

/// The length of a line break at `i` (LF, CR, CR LF, NEL, U+2028, U+2029), or 0.
@inline(__always)
func breakLen(_ p: Bytes, _ i: Int) -> Int {
    let b = p[i]
    if b == 0x0A { return 1 }
    if b == 0x0D { return i + 1 < p.count && p[i + 1] == 0x0A ? 2 : 1 }
    if b == 0xC2 { return i + 1 < p.count && p[i + 1] == 0x85 ? 2 : 0 }
    if b == 0xE2 { return i + 2 < p.count && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9) ? 3 : 0 }
    return 0
}

/// Whitespace or a line break at `i`: its length, or 0.
@inline(__always)
func blankLen(_ p: Bytes, _ i: Int) -> Int {
    let s = spaceLen(p, i)
    return s > 0 ? s : breakLen(p, i)
}

/// A closing quote or bracket at `i`: " ' ) ] } ” ’ » › 」 』 〉 》 ）, its length, or 0.
@inline(__always)
func closerLen(_ p: Bytes, _ i: Int) -> Int {
    let b = p[i]
    switch b {
    case 0x22, 0x27, 0x29, 0x5D, 0x7D: return 1
    case 0xC2: return i + 1 < p.count && p[i + 1] == 0xBB ? 2 : 0
    case 0xE2:
        guard i + 2 < p.count, p[i + 1] == 0x80 else { return 0 }
        let c = p[i + 2]
        return c == 0x9D || c == 0x99 || c == 0xBA ? 3 : 0
    case 0xE3:
        guard i + 2 < p.count, p[i + 1] == 0x80 else { return 0 }
        let c = p[i + 2]
        return c == 0x8D || c == 0x8F || c == 0x89 || c == 0x8B ? 3 : 0
    case 0xEF: return i + 2 < p.count && p[i + 1] == 0xBC && p[i + 2] == 0x89 ? 3 : 0
    default: return 0
    }
}

/// An opening quote or bracket at `i`: " ' ( [ { “ ‘ « ‹ 「 『 〈 《 （, its length, or 0.
@inline(__always)
func openerLen(_ p: Bytes, _ i: Int) -> Int {
    let b = p[i]
    switch b {
    case 0x22, 0x27, 0x28, 0x5B, 0x7B: return 1
    case 0xC2: return i + 1 < p.count && p[i + 1] == 0xAB ? 2 : 0
    case 0xE2:
        guard i + 2 < p.count, p[i + 1] == 0x80 else { return 0 }
        let c = p[i + 2]
        return c == 0x9C || c == 0x98 || c == 0xB9 ? 3 : 0
    case 0xE3:
        guard i + 2 < p.count, p[i + 1] == 0x80 else { return 0 }
        let c = p[i + 2]
        return c == 0x8C || c == 0x8E || c == 0x88 || c == 0x8A ? 3 : 0
    case 0xEF: return i + 2 < p.count && p[i + 1] == 0xBC && p[i + 2] == 0x88 ? 3 : 0
    default: return 0
    }
}

/// Is `v` an apostrophe (' or ’)?
@inline(__always) func isApostrophe(_ v: UInt32) -> Bool { v == 0x27 || v == 0x2019 }

/// Per byte: 1 for an ASCII upper-case letter, 2 for lower-case, 4 for a digit, else 0 (see
/// `Finder.PlainWord`). Allocated once and never written after.
nonisolated(unsafe) let asciiWordClasses: UnsafePointer<UInt8> = {
    let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for b in 0..<256 {
        let u = UInt8(b)
        t[b] = u.isASCIIUpper ? 1 : u.isASCIILower ? 2 : u.isASCIIDigit ? 4 : 0
    }
    return UnsafePointer(t)
}()

/// Per byte, what an ASCII word's counts grow by: 1 for an upper-case letter, 1 << 21 for a
/// lower-case one, 1 << 42 for a digit, else 0 (see `Finder.tokenize`). Allocated once and never
/// written after.
nonisolated(unsafe) let asciiWordCounts: UnsafePointer<UInt64> = {
    let t = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
    for b in 0..<256 {
        let u = UInt8(b)
        t[b] = u.isASCIIUpper ? 1 : u.isASCIILower ? 1 << 21 : u.isASCIIDigit ? 1 << 42 : 0
    }
    return UnsafePointer(t)
}()

/// Per byte: true when it may follow a word of ASCII letters and digits that the tokenizer
/// records without its general path (`Finder.tokenize`): an ASCII byte that is neither a letter
/// nor a digit (which would continue the word), nor "-" or "'" (which may join it to more), nor
/// "." (which may belong to it: initials, abbreviations). Allocated once and never written after.
nonisolated(unsafe) let endsPlainWord: UnsafePointer<Bool> = {
    let t = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
    for b in 0..<256 {
        let u = UInt8(b)
        t[b] = u < 0x80 && !u.isASCIIAlnum && u != 0x2D && u != 0x27 && u != 0x2E
    }
    return UnsafePointer(t)
}()

/// Per byte, its kind for `Finder.plainWords`: `asciiWordClasses`' 1 (upper-case), 2 (lower-case)
/// and 4 (digit), 8 for an ASCII blank (space, tab, line breaks: 0x09...0x0D, 0x20), 16 for the
/// rest of ASCII, 0 for the bytes of non-ASCII characters. Allocated once and never written after.
nonisolated(unsafe) let tokenByteKinds: UnsafePointer<UInt8> = {
    let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for b in 0..<256 {
        let u = UInt8(b)
        t[b] = u.isASCIIUpper ? 1 : u.isASCIILower ? 2 : u.isASCIIDigit ? 4
            : u == 0x20 || (u >= 0x09 && u <= 0x0D) ? 8 : u < 0x80 ? 16 : 0
    }
    return UnsafePointer(t)
}()

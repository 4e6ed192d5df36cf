// Byte-level helpers over valid UTF-8 that reproduce the Python str operations the
// reference relies on: split() (Unicode whitespace), strip(string.punctuation), len()
// in code points, lower() and isupper().

enum UTF8Text {
    /// The 32 characters of Python's `string.punctuation`, all ASCII: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
    static let punctuation: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in UInt8(0x21)...UInt8(0x7E) {
            let isAlnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if !isAlnum { table[Int(b)] = true }
        }
        return table
    }()

    static let classOther: UInt8 = 0        // letters, digits, control characters
    static let classPunctuation: UInt8 = 1  // string.punctuation
    static let classSpace: UInt8 = 2        // ASCII whitespace
    static let classHigh: UInt8 = 3         // part of a multi-byte character (maybe a space)

    /// The class of each byte value, for the tokenizer. Allocated once and
    /// never written after, so sharing it is safe.
    nonisolated(unsafe) static let byteClasses: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 {
            let c: UInt8
            if b >= 0x80 { c = classHigh }
            else if (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) { c = classSpace }
            else if punctuation[b] { c = classPunctuation }
            else { c = classOther }
            table[b] = c
        }
        return UnsafePointer(table)
    }()

    /// Byte length of the Python whitespace character (str.isspace) starting at `i`, or 0.
    /// The set: U+0009–000D, U+001C–0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028,
    /// U+2029, U+202F, U+205F, U+3000. (U+200B, zero width space, is not one.)
    @inline(__always)
    static func spaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b < 0x80 {
            return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) ? 1 : 0
        }
        switch b {
        case 0xC2:
            let n = p[i + 1]
            return n == 0x85 || n == 0xA0 ? 2 : 0
        case 0xE1:
            return p[i + 1] == 0x9A && p[i + 2] == 0x80 ? 3 : 0
        case 0xE2:
            let n1 = p[i + 1], n2 = p[i + 2]
            if n1 == 0x80 { return (n2 >= 0x80 && n2 <= 0x8A) || n2 == 0xA8 || n2 == 0xA9 || n2 == 0xAF ? 3 : 0 }
            return n1 == 0x81 && n2 == 0x9F ? 3 : 0
        case 0xE3:
            return p[i + 1] == 0x80 && p[i + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// Whether the bytes `[start, end)` end with a Python whitespace character; its length.
    static func trailingSpaceLength(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        // Step back to the lead byte of the last character.
        var i = end - 1
        while i > start && p[i] & 0xC0 == 0x80 { i -= 1 }
        let n = spaceLength(p, i)
        return i + n == end ? n : 0
    }

    /// Decodes the scalar whose lead byte is at `i`; returns it and its byte length.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                    | UInt32(p[i + 3] & 0x3F), 4)
    }

    /// Whether `[start, end)` holds at most two code points (Python `len(s) <= 2`).
    @inline(__always)
    static func hasAtMostTwoScalars(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        // A scalar is at most 4 bytes.
        if end - start > 8 { return false }
        var count = 0
        var i = start
        while i < end {
            if p[i] & 0xC0 != 0x80 {
                count += 1
                if count > 2 { return false }
            }
            i += 1
        }
        return true
    }

    /// Writes Python's `s.lower()` of the token `[start, end)` to `out` (room for
    /// 3 × its length is enough) and returns the byte count and Python's `s.isupper()`: no
    /// lower-case or title-case character and at least one upper-case one (the Unicode
    /// Lowercase/Uppercase properties, category Lt). The general path, for tokens with
    /// non-ASCII characters; the tokenizer handles ASCII tokens inline.
    static func lowerAndIsUpper(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                into out: UnsafeMutablePointer<UInt8>) -> (Int, Bool) {
        var sawUpper = false
        var sawLower = false
        var k = 0
        var i = start
        while i < end {
            let b = p[i]
            if b < 0x80 {
                if b >= 0x41 && b <= 0x5A {
                    sawUpper = true
                    out[k] = b | 0x20
                } else {
                    if b >= 0x61 && b <= 0x7A { sawLower = true }
                    out[k] = b
                }
                k += 1
                i += 1
                continue
            }
            let (cp, n) = decode(p, i)
            // General Punctuation (curly quotes, dashes, ...) has no cased characters.
            if cp < 0x2000 || cp > 0x206F {
                let props = Unicode.Scalar(cp)!.properties
                if props.isLowercase || props.generalCategory == .titlecaseLetter { sawLower = true }
                else if props.isUppercase { sawUpper = true }
                if props.changesWhenLowercased {
                    for b in props.lowercaseMapping.utf8 {
                        out[k] = b
                        k += 1
                    }
                    i += n
                    continue
                }
            }
            for j in i..<(i + n) {
                out[k] = p[j]
                k += 1
            }
            i += n
        }
        return (k, sawUpper && !sawLower)
    }
}

/// Eight bytes at a time in a UInt64 (SWAR). Byte masks hold 0x80 in the bytes that match.
enum SWAR {
    static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let highs: UInt64 = 0x8080_8080_8080_8080
    static let ones: UInt64 = 0x0101_0101_0101_0101
    /// Bit 5 of every byte: set in an ASCII letter exactly when it is lower-case.
    static let caseBits: UInt64 = 0x2020_2020_2020_2020

    /// 0x80 in the first byte of `w` that is not an ASCII letter (A-Z, a-z), if any, and none
    /// below it; bytes above it may be marked or not. (So: whether `w` starts with a letter, the
    /// number of letters it starts with, whether that is all eight.)
    ///
    /// (b | 0x20) is a lower-case letter exactly when b is a letter: a byte is marked when
    /// y = b | 0x20 is below 0x61 (0xE0 - y has bit 7 set), above 0x7A (y + 5 has bit 7 set) or
    /// b is 0x80 or more. The subtraction borrows, and the addition carries, into the next byte
    /// only from a byte that is itself marked, so nothing below the first marked byte changes.
    @inline(__always)
    static func nonLetters(_ w: UInt64) -> UInt64 {
        let y = w | caseBits
        return ((0xE0E0_E0E0_E0E0_E0E0 &- y) | (y &+ 0x0505_0505_0505_0505) | w) & highs
    }

    /// The bytes of `x` within `lo...hi`; every byte of `x` must be below 0x80 (no carry then
    /// crosses a byte).
    @inline(__always)
    static func inRange(_ x: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        let a = x &+ ((0x80 - UInt64(lo)) &* ones)
        let b = x &+ ((0x7F - UInt64(hi)) &* ones)
        return a & ~b & highs
    }

    /// The bytes of `w` equal to `c` (exact: no borrow between bytes).
    @inline(__always)
    static func equal(_ w: UInt64, _ c: UInt8) -> UInt64 {
        let v = w ^ (UInt64(c) &* ones)
        let nonzero = (((v & low7) &+ low7) | v) & highs
        return ~nonzero & highs
    }

    /// A byte mask as eight bits, bit k for byte k.
    @inline(__always)
    static func bits(_ m: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (((m & highs) >> 7) &* 0x0102_0408_1020_4080) >> 56)
    }

    /// Whether the `count` bytes held in `k0`, `k1` (little-endian) contain "n't".
    static func containsNT(_ k0: UInt64, _ k1: UInt64, _ count: Int) -> Bool {
        @inline(__always) func byte(_ j: Int) -> UInt8 {
            UInt8(truncatingIfNeeded: j < 8 ? k0 >> UInt64(8 * j) : k1 >> UInt64(8 * (j - 8)))
        }
        var j = 0
        while j + 2 < count {
            if byte(j) == 0x6E && byte(j + 1) == 0x27 && byte(j + 2) == 0x74 { return true }
            j += 1
        }
        return false
    }
}

// Text normalised for comparison, so that formatting alone never hides a copy.
//
// The rules:
// - Words are runs of letters and digits (any script; combining marks stay with their letter).
//   Everything else separates words: spaces of every kind (including no-break and ideographic
//   spaces), line breaks, punctuation, quote marks of every kind ("straight", “curly”, «guillemets»),
//   and dashes of every kind (- ‐ ‑ ‒ – — ― −). So "Jong-un", "Jong–un" and "Jong un" read alike,
//   and quotation marks around a phrase do not matter.
// - An apostrophe between two letters or digits (' ’ ‘ ‛ ʼ ` ´ ′) is dropped and the word goes on:
//   "Putin's", "Putin’s" and "Putins" are one word.
// - Words are lower-cased (ASCII directly; other scripts by Unicode's lower-case mapping).
//
// The result is the words, each as a 64-bit hash of its normalised scalars (for word shingles),
// and, when asked for, the normalised text itself: the words joined by single spaces (for
// character shingles).

/// The words of a text after normalisation.
public struct NormalizedText: Sendable, Equatable {
    /// One 64-bit hash per word (FNV-1a over the word's normalised scalars), in order.
    public var words: [UInt64] = []
    /// The normalised words joined by single spaces, as Unicode scalar values; empty unless asked for.
    public var scalars: [UInt32] = []
}

public enum Normalizer {
    /// Normalises `text`; `keepScalars` also fills `scalars`.
    public static func normalize(_ text: String, keepScalars: Bool = false) -> NormalizedText {
        var t = text
        return t.withUTF8 { normalize(utf8: $0, keepScalars: keepScalars) }
    }

    /// Normalises a substring of UTF-8 bytes.
    public static func normalize(_ text: Substring, keepScalars: Bool = false) -> NormalizedText {
        var t = text
        return t.withUTF8 { normalize(utf8: $0, keepScalars: keepScalars) }
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// Normalises valid UTF-8 bytes.
    public static func normalize(utf8 p: UnsafeBufferPointer<UInt8>, keepScalars: Bool = false) -> NormalizedText {
        classASCII.withUnsafeBufferPointer { table in normalize(utf8: p, keepScalars: keepScalars, table: table) }
    }

    private static func normalize(utf8 p: UnsafeBufferPointer<UInt8>, keepScalars: Bool, table: UnsafeBufferPointer<UInt8>) -> NormalizedText {
        var st = Builder(keepScalars: keepScalars, capacity: p.count)
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                i += 1
                switch table[Int(b)] {
                case 1: st.append(UInt32(b))                  // a-z, 0-9
                case 2: st.append(UInt32(b | 0x20))           // A-Z
                case 3: st.apostrophe()                       // ' `
                default: st.endWord()
                }
                continue
            }
            // A multi-byte scalar (the input is valid UTF-8).
            var v: UInt32
            if b < 0xE0 {
                v = UInt32(b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F); i += 2
            } else if b < 0xF0 {
                v = UInt32(b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F); i += 3
            } else {
                v = UInt32(b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F); i += 4
            }
            switch v {
            case 0x2019, 0x2018, 0x201B, 0x02BC, 0x00B4, 0x2032:   // ’ ‘ ‛ ʼ ´ ′
                st.apostrophe()
                continue
            default: break
            }
            guard let scalar = Unicode.Scalar(v) else { st.endWord(); continue }
            let props = scalar.properties
            if props.isAlphabetic || props.numericType != nil {
                if props.changesWhenLowercased {
                    for l in props.lowercaseMapping.unicodeScalars { st.append(l.value) }
                } else {
                    st.append(v)
                }
            } else if st.inWord && !st.pendingApostrophe && (props.generalCategory == .nonspacingMark || props.generalCategory == .spacingMark) {
                st.append(v)
            } else {
                st.endWord()
            }
        }
        st.endWord()
        return NormalizedText(words: st.words, scalars: st.scalars)
    }

    /// The words being built.
    private struct Builder {
        var words: [UInt64] = []
        var scalars: [UInt32] = []
        let keepScalars: Bool
        var inWord = false
        var hash = Normalizer.fnvOffset
        /// An apostrophe seen inside a word: it joins only if a letter or digit follows.
        var pendingApostrophe = false

        init(keepScalars: Bool, capacity: Int) {
            self.keepScalars = keepScalars
            words.reserveCapacity(capacity / 5 + 1)
            if keepScalars { scalars.reserveCapacity(capacity) }
        }

        @inline(__always) mutating func endWord() {
            if inWord { words.append(hash) }
            inWord = false
            pendingApostrophe = false
        }

        @inline(__always) mutating func apostrophe() {
            if inWord && !pendingApostrophe { pendingApostrophe = true } else { endWord() }
        }

        @inline(__always) mutating func append(_ s: UInt32) {
            if !inWord {
                if keepScalars && !words.isEmpty { scalars.append(32) }
                inWord = true
                hash = Normalizer.fnvOffset
            }
            pendingApostrophe = false
            hash = (hash ^ UInt64(s)) &* Normalizer.fnvPrime
            if keepScalars { scalars.append(s) }
        }
    }

    /// ASCII classes: 1 lower-case letter or digit, 2 upper-case letter, 3 apostrophe-like, 0 separator.
    static let classASCII: [UInt8] = (0..<128).map { c -> UInt8 in
        switch c {
        case 0x61...0x7A, 0x30...0x39: 1
        case 0x41...0x5A: 2
        case 0x27, 0x60: 3
        default: 0
        }
    }
}

// Finding quotations by their marks, paragraph by paragraph.
//
// - Double marks: “ ” (and „ “, « », 「 」) pair by shape; a straight " opens when nothing is
//   open (and a space or the line's start is before it or no space after it) and closes otherwise.
// - Single marks count inside a double quotation, as a quotation within it (‘nested’), and
//   skip over: a ’ there never closes the outer quotation. An apostrophe inside a word ("Putin’s")
//   is never a mark. Outside double marks, ‘...’ or '...' is a quotation of its own only when a
//   closing mark follows in the same paragraph (headline style: Putin hails 'breakthrough').
// - A quotation never crosses a line. One still open at the end of its paragraph is either
//   continued (the next paragraph opens with a quote mark: the newspaper convention for a
//   quotation of several paragraphs) or unbalanced: it ends with its paragraph, so a stray mark
//   can never swallow the rest of the article.

struct QuoteRegion {
    /// The opening mark.
    var open: Int
    var openLen: Int
    /// The closing mark; when there is none (continued or unbalanced), the paragraph's end and 0.
    var close: Int
    var closeLen: Int
    /// The words between the marks, trimmed of spaces.
    var contentStart: Int
    var contentEnd: Int
    var paragraph: Int
    /// Open at the end of the paragraph, and the next paragraph opens with a mark.
    var continued = false
    /// This piece starts a paragraph and carries on the previous paragraph's quotation.
    var continuation = false
    /// Open at the end of the paragraph with nothing to continue it.
    var unbalanced = false
    /// In single marks (a quotation of its own, not nested in double ones).
    var single = false

    /// Everything the quotation covers, marks included.
    var regionEnd: Int { close + closeLen }
}

enum QuoteScanner {
    enum MarkType { case openDouble, closeDouble, straightDouble, openSingle, closeSingle, straightSingle }

    struct Mark {
        var pos: Int
        var len: Int
        var scalar: UInt32
        var type: MarkType
        /// Space, line start, an opening bracket or a dash before it.
        var leftFlank: Bool
        /// Space, line end, punctuation or a closing bracket after it.
        var rightFlank: Bool
        /// A letter or digit on both sides: an apostrophe inside a word.
        var inWord: Bool
        /// A letter or digit right after it.
        var wordAfter: Bool
        /// A letter or digit right before it.
        var wordBefore: Bool
        /// A digit right after it.
        var digitAfter: Bool
        /// "s" right before it and a lower-case word after a space: a plural possessive ("countries’ interests").
        var pluralPossessive: Bool
    }

    static func markType(_ v: UInt32) -> MarkType? {
        switch v {
        case 0x22: return .straightDouble
        case 0x201C, 0x201E, 0x00AB, 0x300C, 0x201F: return .openDouble
        case 0x201D, 0x00BB, 0x300D: return .closeDouble
        case 0x2018, 0x201B: return .openSingle
        case 0x2019: return .closeSingle
        case 0x27: return .straightSingle
        default: return nil
        }
    }

    static func marks(_ t: TextModel, _ s: Int, _ e: Int) -> [Mark] {
        let p = t.bytes
        var out: [Mark] = []
        var i = s
        var prev: UInt32 = 0x20
        while i < e {
            let b = p[i]
            // Only " ' and the three-byte (E2 80 xx), two-byte (C2 AB/BB) and CJK (E3 80 8C/8D) marks matter.
            if b != 0x22 && b != 0x27 && b != 0xE2 && b != 0xC2 && b != 0xE3 {
                let (v, l) = Chars.scalar(p, i)
                prev = v
                i += l
                continue
            }
            let (v, l) = Chars.scalar(p, i)
            guard let type = markType(v) else { prev = v; i += l; continue }
            let next: UInt32 = i + l < e ? Chars.scalar(p, i + l).0 : 0x20
            let nextIsWord = Chars.isWordChar(next)
            let prevIsWord = Chars.isWordChar(prev)
            let leftFlank = Chars.isSpace(prev) || prev == 0x28 || prev == 0x5B || prev == 0x2014 || prev == 0x2013 || prev == 0x2D
                || prev == 0x3A || markType(prev) != nil
            let rightFlank = !nextIsWord && !Chars.isSpace(prev) || i + l >= e
            var plural = false
            if (type == .closeSingle || type == .straightSingle) && (prev == 0x73 || prev == 0x53) && i + l + 1 < e && Chars.isSpace(next) {
                plural = Chars.isLower(Chars.scalar(p, i + l + 1).0)
            }
            out.append(Mark(pos: i, len: l, scalar: v, type: type, leftFlank: leftFlank || i == s, rightFlank: rightFlank,
                            inWord: prevIsWord && nextIsWord, wordAfter: nextIsWord, wordBefore: prevIsWord,
                            digitAfter: next < 0x80 && UInt8(next) &- 0x30 < 10, pluralPossessive: plural))
            prev = v
            i += l
        }
        return out
    }

    static func scan(_ t: TextModel) -> [QuoteRegion] {
        var out: [QuoteRegion] = []
        var openAtEnd: [Int: Int] = [:]        // paragraph -> index in `out` of its quotation left open
        for (pi, para) in t.paragraphs.enumerated() {
            let ms = marks(t, para.start, para.end)
            if ms.isEmpty { continue }
            var open: Mark? = nil
            var nested = 0               // double marks opened inside the open quotation
            var singleOpen = false       // a nested single quotation is open
            var k = 0

            func emit(_ o: Mark, closeAt c: Int, closeLen: Int, single: Bool = false) {
                var cs = o.pos + o.len, ce = c
                while cs < ce, Chars.isSpace(Chars.scalar(t.bytes, cs).0) { cs += Chars.scalar(t.bytes, cs).1 }
                while ce > cs {
                    let st = Chars.scalarStart(t.bytes, before: ce)
                    if Chars.isSpace(Chars.scalar(t.bytes, st).0) { ce = st } else { break }
                }
                guard cs < ce else { return }
                out.append(QuoteRegion(open: o.pos, openLen: o.len, close: c, closeLen: closeLen, contentStart: cs, contentEnd: ce,
                                       paragraph: pi, single: single))
            }

            // Suffix counts, so that no mark looks ahead more than once: closing double marks after
            // each mark, and single closing marks after it (loose: any; strict: not also an opening one).
            var doubleClosers = Array(repeating: 0, count: ms.count + 1)
            var singleClosers = Array(repeating: 0, count: ms.count + 1)
            var strictSingleClosers = Array(repeating: 0, count: ms.count + 1)
            for j in stride(from: ms.count - 1, through: 0, by: -1) {
                let c = ms[j]
                let single = (c.type == .closeSingle || c.type == .straightSingle) && c.rightFlank && !c.inWord
                doubleClosers[j] = doubleClosers[j + 1] + (c.type == .closeDouble || (c.type == .straightDouble && c.rightFlank) ? 1 : 0)
                singleClosers[j] = singleClosers[j + 1] + (single ? 1 : 0)
                strictSingleClosers[j] = strictSingleClosers[j + 1] + (single && !c.leftFlank ? 1 : 0)
            }
            /// Closing double marks after index `from` in this paragraph.
            func closersAfter(_ from: Int) -> Int { doubleClosers[from + 1] }

            while k < ms.count {
                let m = ms[k]
                switch m.type {
                case .openDouble:
                    if let o = open {
                        if o.scalar == 0x201E && m.scalar == 0x201C {          // German „...“
                            emit(o, closeAt: m.pos, closeLen: m.len); open = nil; nested = 0; singleOpen = false
                        } else if closersAfter(k) >= nested + 2 {
                            nested += 1
                        } else {
                            // The earlier mark was never closed: it ends where this one begins.
                            let before = out.count
                            emit(o, closeAt: m.pos, closeLen: 0)
                            if out.count > before { out[before].unbalanced = true }
                            open = m; nested = 0; singleOpen = false
                        }
                    } else {
                        open = m
                    }
                case .closeDouble:
                    if let o = open {
                        if nested > 0 { nested -= 1 } else { emit(o, closeAt: m.pos, closeLen: m.len); open = nil; singleOpen = false }
                    }
                case .straightDouble:
                    if let o = open {
                        if o.scalar == 0x22 {
                            if m.leftFlank && !m.rightFlank && m.wordAfter && closersAfter(k) >= 2 {
                                nested += 1                                     // "a "nested" one" in straight marks
                            } else if nested > 0 {
                                nested -= 1
                            } else {
                                emit(o, closeAt: m.pos, closeLen: m.len); open = nil; singleOpen = false
                            }
                        }
                        // A straight mark inside curly ones is a nested quotation: skipped.
                    } else if !m.wordBefore && (m.leftFlank || m.wordAfter) {
                        open = m        // not after a word or digit: 12" is inches
                    }
                case .openSingle, .straightSingle, .closeSingle:
                    if m.inWord { break }
                    if open != nil {
                        let opens = m.type == .openSingle || (m.type == .straightSingle && m.leftFlank && m.wordAfter)
                        let closes = (m.type == .closeSingle || m.type == .straightSingle) && m.rightFlank && !m.leftFlank
                        if !singleOpen && opens { singleOpen = true }
                        else if singleOpen && closes {
                            // "countries’ interests": a possessive, when another closer follows.
                            if m.pluralPossessive && singleClosers[k + 1] > 0 {
                                break
                            }
                            singleOpen = false
                        }
                    } else {
                        // A quotation in single marks of its own: needs its closing mark in this paragraph,
                        // before any double mark.
                        // Not an elision: '90s, '24.
                        let opens = (m.type == .openSingle || (m.type == .straightSingle && m.leftFlank && m.wordAfter)) && !m.digitAfter
                        guard opens else { break }
                        var j = k + 1
                        var found = -1
                        while j < ms.count && j - k <= 200 {
                            let c = ms[j]
                            if c.type == .openDouble || c.type == .closeDouble || c.type == .straightDouble { break }
                            if (c.type == .closeSingle || c.type == .straightSingle) && !c.inWord && c.rightFlank && !c.leftFlank {
                                let later = strictSingleClosers[j + 1] > 0
                                if !(c.pluralPossessive && later) { found = j; break }
                            }
                            j += 1
                        }
                        // At least two letters between the marks: not rock 'n' roll.
                        if found >= 0 && ms[found].pos - (m.pos + m.len) >= 2 {
                            emit(m, closeAt: ms[found].pos, closeLen: ms[found].len, single: true)
                            k = found
                        }
                    }
                }
                k += 1
            }
            if let o = open {
                emit(o, closeAt: para.end, closeLen: 0)
                if let last = out.last, last.open == o.pos { openAtEnd[pi] = out.count - 1 }
            }
        }
        // Continued or unbalanced: does the next paragraph open with a mark?
        var byOpen: [Int: Int] = [:]
        for (i, q) in out.enumerated() { byOpen[q.open] = i }
        for (pi, qi) in openAtEnd {
            let next = pi + 1
            var continued = false
            if next < t.paragraphs.count {
                let s = t.paragraphs[next].start
                let (v, _) = Chars.scalar(t.bytes, s)
                if let type = markType(v), type == .openDouble || type == .straightDouble {
                    if let ni = byOpen[s] {
                        continued = true
                        out[ni].continuation = true
                    }
                }
            }
            if continued { out[qi].continued = true } else { out[qi].unbalanced = true }
        }
        out.sort { $0.open < $1.open }
        return out
    }
}

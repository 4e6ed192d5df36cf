// Repeated passages inside one document: paragraphs and headlines that occur more than once.
//
// - The text is cut into lines (paragraphs are separated by line breaks), each trimmed of
//   blanks; lines of fewer than `minimumWords` words ("-", "Follow us") are left out.
// - A line is headline-like when it has at most `headlineMaximumWords` words and does not end
//   like a sentence (".", "!", "?", "…", possibly followed by closing quotes or brackets):
//   headlines, sub-headings, bylines, captions without a full stop. Every other line is a
//   paragraph.
// - Repeated paragraphs: paragraphs clustered by their word-shingle sets (NearDuplicates).
// - Repeated headlines: headline-like lines, the document's title, and the first sentence of each
//   paragraph (and of each headline-like line of several sentences, such as a caption), clustered by their character-shingle sets; a cluster is reported when it holds a
//   headline-like line or the title. So a heading that comes back as a caption's first sentence
//   is found, and a headline glued to a breadcrumb ("HomeWorldAsia" + headline) still matches.
// - The title: when it reads the same as the text's first line (a text that carries its own
//   headline, as `newswire` sends files), it is that line. Otherwise it is an occurrence of its
//   own, with an empty span at 0 (the title is not in the text), listed first.
import NewswireText

public struct RepeatedPassage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case paragraph, headline }
    public var kind: Kind
    /// The first occurrence, then its repeats; UTF-8 byte offsets into the text. The title, when
    /// it is not in the text, is the empty span [0, 0).
    public var spans: [TextSpan]
    /// The lowest Jaccard similarity of a repeat to the first occurrence (exact).
    public var similarity: Double
    public init(kind: Kind, spans: [TextSpan], similarity: Double) { self.kind = kind; self.spans = spans; self.similarity = similarity }
}

public enum RepeatedPassages {
    public static let minimumWords = 3
    public static let headlineMaximumWords = 30

    /// The repeated paragraphs and headlines of `text`, ordered by their first occurrence.
    public static func find(text: String, title: String = "", sketcher: Sketcher) -> [RepeatedPassage] {
        let lines = Line.split(text)
        var paragraphs: [(span: TextSpan, sketch: Sketch)] = []
        var headlines: [(span: TextSpan, sketch: Sketch, isHeadline: Bool)] = []

        // The title: an occurrence of its own unless it is the first line.
        let titleWords = Normalizer.normalize(title).words
        if titleWords.count >= minimumWords, lines.first?.words != titleWords,
           let sketch = sketcher.characters(title[...]) {
            headlines.append((TextSpan(start: 0, end: 0), sketch, true))
        }
        for line in lines where line.words.count >= minimumWords {
            let lineText = text.slice(line.span)
            let isHeadline = line.words.count <= headlineMaximumWords && !endsLikeSentence(lineText)
            if isHeadline {
                if let sketch = sketcher.characters(lineText) { headlines.append((line.span, sketch, true)) }
            } else if let sketch = sketcher.words(line.words) {
                paragraphs.append((line.span, sketch))
            }
            // The line's first sentence, if it is short enough to repeat a headline (and is not the
            // headline-like line itself).
            let sentences = SentenceSplitter.split(String(lineText))
            if let first = sentences.first, !isHeadline || sentences.count > 1 {
                let span = TextSpan(start: line.span.start + first.start, end: line.span.start + first.end)
                let sentence = text.slice(span)
                let words = Normalizer.normalize(sentence).words.count
                if words >= minimumWords && words <= headlineMaximumWords, let sketch = sketcher.characters(sentence) {
                    headlines.append((span, sketch, false))
                }
            }
        }

        var found: [RepeatedPassage] = []
        let threshold = sketcher.parameters.threshold
        for cluster in NearDuplicates.cluster(paragraphs.map(\.sketch), bands: sketcher.bands, threshold: threshold) {
            found.append(RepeatedPassage(kind: .paragraph, spans: cluster.map { paragraphs[$0.index].span },
                                         similarity: cluster.dropFirst().map(\.similarity).min() ?? 1))
        }
        for cluster in NearDuplicates.cluster(headlines.map(\.sketch), bands: sketcher.bands, threshold: threshold) {
            // A line's first sentence is inside the line: it repeats nothing by matching it.
            var kept: [NearDuplicates.Member] = []
            for m in cluster where !kept.contains(where: { overlap(headlines[$0.index].span, headlines[m.index].span) }) { kept.append(m) }
            guard kept.count > 1, kept.contains(where: { headlines[$0.index].isHeadline }) else { continue }
            found.append(RepeatedPassage(kind: .headline, spans: kept.map { headlines[$0.index].span },
                                         similarity: kept.dropFirst().map(\.similarity).min() ?? 1))
        }
        return found.sorted { ($0.spans[0].start, $0.spans[0].end) < ($1.spans[0].start, $1.spans[0].end) }
    }

    static func overlap(_ a: TextSpan, _ b: TextSpan) -> Bool { a.start < b.end && b.start < a.end }

    /// Whether a line ends with a sentence's final mark, closing quotes and brackets aside.
    static func endsLikeSentence(_ line: Substring) -> Bool {
        for c in line.unicodeScalars.reversed() {
            switch c {
            case "\"", "'", "\u{201D}", "\u{2019}", "\u{00BB}", "\u{203A}", ")", "]", " ", "\t": continue
            case ".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}": return true
            default: return false
            }
        }
        return false
    }
}

/// A line of text: its span (trimmed of blanks) and its normalised words.
struct Line {
    var span: TextSpan
    var words: [UInt64]

    /// The non-blank lines of `text`, split at line breaks (LF, CR, U+2028, U+2029).
    static func split(_ text: String) -> [Line] {
        var lines: [Line] = []
        var t = text
        t.withUTF8 { p in
            var start = 0
            var i = 0
            func emit(_ s: Int, _ e: Int) {
                var a = s, b = e
                while a < b, let l = blank(p, a) { a += l }
                while b > a, let l = blankBefore(p, b) { b -= l }
                guard a < b else { return }
                let words = Normalizer.normalize(utf8: UnsafeBufferPointer(rebasing: p[a..<b])).words
                if !words.isEmpty { lines.append(Line(span: TextSpan(start: a, end: b), words: words)) }
            }
            while i < p.count {
                if p[i] == 0x0A || p[i] == 0x0D {
                    emit(start, i); i += 1; start = i
                } else if p[i] == 0xE2, i + 2 < p.count, p[i + 1] == 0x80, p[i + 2] == 0xA8 || p[i + 2] == 0xA9 {
                    emit(start, i); i += 3; start = i
                } else {
                    i += 1
                }
            }
            emit(start, p.count)
        }
        return lines
    }

    /// The length of the blank (space, tab, no-break or other Unicode space) starting at `i`, if any.
    static func blank(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        switch p[i] {
        case 0x20, 0x09, 0x0B, 0x0C: return 1
        case 0xC2 where i + 1 < p.count && p[i + 1] == 0xA0: return 2                       // U+00A0
        case 0xE2 where i + 2 < p.count && p[i + 1] == 0x80 && (p[i + 2] <= 0x8B || p[i + 2] == 0xAF): return 3   // U+2000–200B, 202F
        case 0xE3 where i + 2 < p.count && p[i + 1] == 0x80 && p[i + 2] == 0x80: return 3    // U+3000
        case 0xEF where i + 2 < p.count && p[i + 1] == 0xBB && p[i + 2] == 0xBF: return 3    // U+FEFF
        default: return nil
        }
    }

    /// The length of the blank that ends right before `end`, if any.
    static func blankBefore(_ p: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int? {
        for l in 1...3 where end - l >= 0 {
            if let n = blank(p, end - l), n == l { return l }
        }
        return nil
    }
}

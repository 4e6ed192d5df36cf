// The narrative around the quotations: the text's tokens with each quotation
// collapsed into one `.quote` token, split into sentences that never cut a
// quotation, with the entities (NewswireText's EntityFinder) marked on them.
import NewswireText

/// One mention of an entity by name.
struct NameMention {
    var start: Int
    var end: Int
    /// Index into `Analysis.entities` (after merging aliases).
    var entity: Int
    /// Stream tokens [tokStart, tokEnd); empty when the mention is inside a quotation.
    var tokStart: Int
    var tokEnd: Int
}

/// Everything one extraction works on. Built once per text; the rules in the
/// other files of this module are extensions of it.
final class Analysis {
    // Built once in `init` and only read afterwards (constants: no exclusivity checks on access).
    let text: TextModel
    let regions: [QuoteRegion]
    /// The stream: words and punctuation outside quotations, and one token per quotation.
    let toks: [Token]
    /// Stream index of each quotation's token.
    let quoteTok: [Int]
    /// Sentence of each stream token; sentences never split a quotation.
    let sentence: [Int]
    /// [first, end) stream tokens of each sentence.
    let sentences: [(first: Int, end: Int)]
    /// Entities by name, after merging one-word aliases into the person they name.
    let entities: [Entity]
    let mentions: [NameMention]
    /// For each stream token, the index into `mentions` of the mention covering it, or -1.
    let tokMention: [Int]
    /// Entities mentioned outside quotations, in order (for pronouns); see Speakers.swift.
    var events: [SalienceEvent] = []
    var genderCache: [Int: Int] = [:]
    /// Entities the text calls an organisation, whatever the EntityFinder made of them: "the
    /// newspaper Morning Star Daily", "The party's newspaper, Morning Star Daily,", "Reuters, the agency,".
    var orgLike: Set<Int> = []
    /// Organisations the text introduces as news media ("the news agency Reuters", "Morning Star Daily, the newspaper").
    var mediaOrgs: Set<Int> = []

    init(_ source: String) {
        let text = TextModel(source)
        let regions = QuoteScanner.scan(text)
        let splitter = SentenceSplitter.split(source)
        let (toks, quoteTok) = Analysis.stream(text, regions)
        (sentence, sentences) = Analysis.sentences(splitter, text, regions, toks)
        (entities, mentions, tokMention) = Analysis.entities(source, splitter, toks)
        self.text = text
        self.regions = regions
        self.toks = toks
        self.quoteTok = quoteTok
        findOrganisations()
        buildSalience()
    }

    // MARK: Stream

    private static func stream(_ text: TextModel, _ regions: [QuoteRegion]) -> ([Token], [Int]) {
        var toks: [Token] = []
        toks.reserveCapacity(text.bytes.count / 5)
        var ri = 0
        var quoteTok = Array(repeating: -1, count: regions.count)
        for (pi, para) in text.paragraphs.enumerated() {
            var pos = para.start
            while ri < regions.count && regions[ri].paragraph == pi {
                let r = regions[ri]
                if r.open > pos { Tokenizer.append(text, from: pos, to: r.open, paragraph: pi, to: &toks) }
                quoteTok[ri] = toks.count
                toks.append(Token(start: r.open, end: max(r.regionEnd, r.open + r.openLen), kind: .quote, lower: "", cap: false,
                                  quote: ri, paragraph: pi))
                pos = max(pos, r.regionEnd)
                ri += 1
            }
            if pos < para.end { Tokenizer.append(text, from: pos, to: para.end, paragraph: pi, to: &toks) }
        }
        return (toks, quoteTok)
    }

    /// Sentence starts from the splitter, less those inside a quotation, plus every paragraph start.
    private static func sentences(_ spans: [TextSpan], _ text: TextModel, _ regions: [QuoteRegion], _ toks: [Token])
        -> ([Int], [(first: Int, end: Int)]) {
        var starts: [Int] = text.paragraphs.map(\.start)
        var ri = 0
        for s in spans {
            while ri < regions.count && regions[ri].regionEnd <= s.start { ri += 1 }
            var inside = false
            var j = ri
            while j < regions.count && regions[j].open < s.start {
                if s.start < regions[j].regionEnd { inside = true; break }
                j += 1
            }
            if !inside { starts.append(s.start) }
        }
        starts.sort()
        var sentence = Array(repeating: 0, count: toks.count)
        var sentences: [(first: Int, end: Int)] = []
        var si = 0
        for (i, t) in toks.enumerated() {
            var passed = false
            while si < starts.count && starts[si] <= t.start { si += 1; passed = true }
            if i == 0 || passed {
                if !sentences.isEmpty { sentences[sentences.count - 1].end = i }
                sentences.append((i, toks.count))
            }
            sentence[i] = sentences.count - 1
        }
        if !sentences.isEmpty { sentences[sentences.count - 1].end = toks.count }
        return (sentence, sentences)
    }

    // MARK: Entities

    private static func entities(_ source: String, _ spans: [TextSpan], _ toks: [Token]) -> ([Entity], [NameMention], [Int]) {
        var found = Analysis.splitTitles(EntityFinder.find(in: source, sentences: spans), source)
        // A one-word person the finder left alone because two people share the word ("Berg" beside
        // "President Jonas Berg" and "Ida Berg") joins the one with a role, or else the one named most.
        var alias = Array(0..<found.count)
        for (i, e) in found.enumerated() where e.kind == .person && !e.name.contains(" ") {
            let key = e.name.lowercased()
            let wider = found.indices.filter { j in
                j != i && found[j].kind == .person && found[j].name.contains(" ") && {
                    let words = found[j].name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" })
                    return words.first.map(String.init) == key || words.last.map(String.init) == key
                }()
            }
            guard !wider.isEmpty else { continue }
            let titled = wider.filter { found[$0].title.map { !$0.isEmpty && !Words.courtesy.contains($0.lowercased()) } ?? false }
            let pool = titled.count == 1 ? titled : wider
            let best = pool.max { found[$0].mentions.count < found[$1].mentions.count }!
            alias[i] = best
        }
        for i in found.indices where alias[i] != i {
            found[alias[i]].mentions += found[i].mentions
            found[alias[i]].mentions.sort { $0.start < $1.start }
        }
        var entities: [Entity] = []
        var remap = Array(repeating: -1, count: found.count)
        for i in found.indices where alias[i] == i { remap[i] = entities.count; entities.append(found[i]) }
        for i in found.indices where alias[i] != i { remap[i] = remap[alias[i]] }

        var mentions: [NameMention] = []
        var tokMention = Array(repeating: -1, count: toks.count)
        for (i, e) in found.enumerated() where alias[i] == i {
            for m in e.mentions {
                let a = firstToken(toks, atOrAfter: m.start)
                var b = a
                while b < toks.count && toks[b].end <= m.end && toks[b].kind != .quote { b += 1 }
                let inStream = b > a && toks[a].start >= m.start
                let mi = mentions.count
                mentions.append(NameMention(start: m.start, end: m.end, entity: remap[i], tokStart: inStream ? a : 0, tokEnd: inStream ? b : 0))
                if inStream { for k in a..<b { tokMention[k] = mi } }
            }
        }
        // Mentions in text order.
        let order = mentions.indices.sorted { mentions[$0].start < mentions[$1].start }
        var newIndex = Array(repeating: 0, count: mentions.count)
        for (n, o) in order.enumerated() { newIndex[o] = n }
        mentions = order.map { mentions[$0] }
        for k in tokMention.indices where tokMention[k] >= 0 { tokMention[k] = newIndex[tokMention[k]] }
        return (entities, mentions, tokMention)
    }

    private func findOrganisations() {
        func mark(_ e: Int, _ noun: String) {
            if entities[e].kind != .organization { orgLike.insert(e) }
            if Words.mediaNouns.contains(noun) { mediaOrgs.insert(e) }
        }
        for m in mentions where m.tokEnd > m.tokStart {
            let a = m.tokStart, b = m.tokEnd
            // "news agency Reuters"
            if let w = word(a - 1), !toks[a - 1].cap, Words.orgHeads.contains(w) { mark(m.entity, w); continue }
            // "The party's newspaper, Morning Star Daily,"
            if a >= 2, toks[a - 1].isPunct(",") {
                let sf = sentenceRange(of: a).first
                var s = a - 2
                while s > sf && !(toks[s - 1].kind == .punct) { s -= 1 }
                if toks[s].cls.contains(.determiners) {
                    // The head is the last such noun before any "of": "The party's newspaper".
                    var k = s + 1
                    var head: String? = nil
                    while k < a - 1, let w = word(k), w != "of" {
                        if Words.orgHeads.contains(w) && !toks[k].cap { head = w }
                        k += 1
                    }
                    if let head { mark(m.entity, head) }
                }
            }
            // "Reuters, the news agency,"
            if b < toks.count, toks[b].isPunct(","), cls(b + 1).contains(.determiners) {
                var k = b + 2
                while k < min(toks.count, b + 7), toks[k].kind == .word, word(k) != "of" {
                    if Words.orgHeads.contains(toks[k].lower) && !toks[k].cap { mark(m.entity, toks[k].lower); break }
                    k += 1
                }
            }
        }
    }

    /// A name that still carries its role ("Norwegian-born Prime Minister Anna Lindqvist") becomes
    /// the person ("Anna Lindqvist") with that role as title; the mentions shrink to the name, and
    /// entities that end up with the same name merge.
    static func splitTitles(_ entities: [Entity], _ text: String) -> [Entity] {
        var out: [Entity] = []
        var byName: [String: Int] = [:]
        for var e in entities {
            var spaces = 0
            for b in e.name.utf8 where b == 0x20 { spaces += 1 }
            let words = spaces >= 2 ? e.name.split(separator: " ") : []
            if words.count >= 3, let r = words.indices.dropLast().last(where: { Words.roles.contains(words[$0].lowercased()) }),
               words[(r + 1)...].allSatisfy({ $0.first?.isUppercase ?? false }), words.count - r - 1 <= 3 {
                let name = words[(r + 1)...].joined(separator: " ")
                let title = words[...r].joined(separator: " ")
                let n = name.utf8.count
                let nameBytes = Array(name.utf8)
                e.mentions = e.mentions.map { m in
                    m.end - m.start >= n && text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: m.end - n)...].prefix(n).elementsEqual(nameBytes)
                        ? TextSpan(start: m.end - n, end: m.end) : m
                }
                e.name = name
                if e.title == nil || e.title!.isEmpty { e.title = title }
                e.kind = .person
            }
            if let i = byName[e.name] {
                out[i].mentions = (out[i].mentions + e.mentions).sorted { $0.start < $1.start }
                if out[i].title == nil { out[i].title = e.title }
            } else {
                byName[e.name] = out.count
                out.append(e)
            }
        }
        return out
    }

    /// The first stream token starting at or after byte `pos`.
    func firstToken(atOrAfter pos: Int) -> Int { Analysis.firstToken(toks, atOrAfter: pos) }

    static func firstToken(_ toks: [Token], atOrAfter pos: Int) -> Int {
        var lo = 0, hi = toks.count
        while lo < hi { let mid = (lo + hi) / 2; if toks[mid].start < pos { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    // MARK: Helpers

    func sentenceRange(of k: Int) -> (first: Int, end: Int) { sentences[sentence[k]] }

    @inline(__always) func word(_ k: Int) -> String? { k >= 0 && k < toks.count && toks[k].kind == .word ? toks[k].lower : nil }

    /// The word lists the token at `k` is in; none for punctuation, quotations or out of range.
    @inline(__always) func cls(_ k: Int) -> WordClass { k >= 0 && k < toks.count && toks[k].kind == .word ? toks[k].cls : [] }

    /// A lower-case speech verb at `k` used as a verb (not "the report", "a statement").
    func isSpeechVerb(_ k: Int) -> Bool {
        guard k >= 0, k < toks.count, toks[k].kind == .word, !toks[k].cap, toks[k].cls.contains(.speech) else { return false }
        let p = cls(k - 1)
        if p.contains(.determiners) || word(k - 1) == "'s" { return false }
        if p.contains(.modifiers) && !p.contains(.roles) && word(k - 1) != "then" { return false }
        return true
    }

    func mentionEntity(_ k: Int) -> Int? { k >= 0 && k < toks.count && tokMention[k] >= 0 ? mentions[tokMention[k]].entity : nil }

    /// The content of quotation `q` as text.
    func content(_ q: Int) -> String { text.string(regions[q].contentStart, regions[q].contentEnd) }

    /// Words in quotation `q`.
    func wordCount(_ q: Int) -> Int {
        let p = text.bytes
        var n = 0, inWord = false
        var i = regions[q].contentStart
        while i < regions[q].contentEnd {
            let (v, l) = Chars.scalar(p, i)
            let w = Chars.isWordChar(v) || (inWord && (Chars.isJoiner(v) || Chars.isApostrophe(v)))
            if w && !inWord { n += 1 }
            inWord = w
            i += l
        }
        return n
    }

    /// The quotation's first letter is a capital (or a digit): it starts a sentence of its own.
    func startsUpper(_ q: Int) -> Bool {
        let p = text.bytes
        var i = regions[q].contentStart
        while i < regions[q].contentEnd {
            let (v, l) = Chars.scalar(p, i)
            if Chars.isWordChar(v) { return Chars.isUpper(v) || (v < 0x80 && UInt8(v) &- 0x30 < 10) }
            i += l
        }
        return false
    }
}

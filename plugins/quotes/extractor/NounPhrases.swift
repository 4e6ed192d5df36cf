// Noun phrases next to a verb of saying: who is speaking.
//
// No tagger: a speaker phrase is a short run of capitalised words (names), roles and their
// modifiers ("the Estmark fleet commander", "Russian President Vladimir Putin", "the
// minister Norwegian"), courtesy titles ("Mr. Berg"), possessives ("Estmark's president"),
// "of"/"for" inside names or for an affiliation ("Dr. Priya Raman of the Water Authority"), a
// pronoun, or one plain noun right next to the verb ("Fans ... chanted", "the report said").

struct NounPhrase {
    /// Stream tokens [first, last].
    var first: Int
    var last: Int
    /// The phrase before any "of"/"for"/participle that qualifies it: [first, headEnd].
    var headEnd: Int
}

extension Analysis {
    /// Whether a word may sit inside a speaker phrase.
    @inline(__always)
    private func nominal(_ k: Int) -> Bool {
        guard k >= 0 && k < toks.count && toks[k].kind == .word else { return false }
        let t = toks[k]
        if t.lower == "'s" { return true }
        if t.cap || tokMention[k] >= 0 { return !t.cls.contains(.pronouns) }
        return t.cls.contains(.roles) || t.cls.contains(.orgHeads) || t.cls.contains(.modifiers)
    }

    /// A courtesy abbreviation's dot: "Mr." is "mr" then ".".
    @inline(__always)
    private func courtesyDot(_ k: Int) -> Bool {
        k > 0 && toks[k].isPunct(".") && toks[k - 1].kind == .word && toks[k - 1].cls.contains(.courtesy) && toks[k - 1].end == toks[k].start
    }

    /// The phrase ending at token `j` (reading leftwards), not before token `floor`.
    func phraseLeft(endingAt j: Int, floor: Int, hop: Bool = true) -> NounPhrase? {
        guard j >= floor, j < toks.count, toks[j].kind == .word else { return nil }
        let head = toks[j]
        if head.cls.contains(.pronouns) && !head.cap || head.lower == "i" || (head.cap && head.cls.contains(.subjectPronouns)) {
            return NounPhrase(first: j, last: j, headEnd: j)
        }
        var plainHead = false
        if !head.cap && tokMention[j] < 0 {
            if head.cls.contains(.function) || head.cls.contains(.speech) || head.cls.contains(.between)
                || head.cls.contains(.prepositions) || head.lower == "'s" || head.cls.contains(.determiners) { return nil }
            plainHead = !(head.cls.contains(.roles) || head.cls.contains(.orgHeads))
        }
        var first = j
        var k = j - 1
        while k >= max(floor, j - 16) {
            let t = toks[k]
            if t.kind == .punct {
                if courtesyDot(k) { first = k; k -= 1; continue }
                break
            }
            guard t.kind == .word else { break }
            if t.cls.contains(.determiners) && !(t.cap && tokMention[k] >= 0) { first = k; break }
            if nominal(k) { first = k; k -= 1; continue }
            // "Secretary of State", "Minister for Foreign Affairs": a connector between capitalised words.
            if (t.lower == "of" || t.lower == "for") && k - 1 >= floor && toks[first].cap && (toks[k - 1].cap || toks[k - 1].cls.contains(.roles)) {
                first = k; k -= 1; continue
            }
            break
        }
        // "Head librarian Priya Nair": a title the EntityFinder read before the name, whatever its words.
        if let mi = (first...j).lazy.map({ self.tokMention[$0] }).first(where: { $0 >= 0 }),
           let title = entities[mentions[mi].entity].title, !title.isEmpty, toks[mentions[mi].tokStart].cap {
            let words = title.lowercased().split(separator: " ")
            var k = min(first, mentions[mi].tokStart) - 1
            var t = words.count - 1
            while t >= 0 && k >= floor && toks[k].kind == .word && Substring(toks[k].lower) == words[t] { k -= 1; t -= 1 }
            if t < 0 {
                first = k + 1
                if k >= floor && toks[k].cls.contains(.determiners) { first = k }
            }
        }
        // "Fans lining the route chanted": a plain phrase after a participle or preposition qualifies
        // the phrase before it, which is the speaker.
        if hop && plainHead && first - 1 > floor, let w = word(first - 1), !toks[first - 1].cap,
           Words.isParticiple(w) || w == "of" || w == "from" || w == "in" || w == "at" || w == "for" {
            if let inner = phraseLeft(endingAt: first - 2, floor: floor, hop: false),
               toks[inner.last].cap || tokMention[inner.last] >= 0 || !toks[inner.last].cls.contains(.function) {
                return NounPhrase(first: inner.first, last: j, headEnd: inner.last)
            }
        }
        return NounPhrase(first: first, last: j, headEnd: headEnd(first, j))
    }

    /// The phrase starting at token `i` (reading rightwards), before token `limit`.
    func phraseRight(startingAt i: Int, limit: Int) -> NounPhrase? {
        guard i < limit, i < toks.count, toks[i].kind == .word else { return nil }
        let t0 = toks[i]
        if t0.cls.contains(.pronouns) { return NounPhrase(first: i, last: i, headEnd: i) }
        var k = i
        var last = -1
        if t0.cls.contains(.determiners) {
            k += 1
            // "said one trader", "said a witness": a plain noun after the determiner.
            if k < limit, toks[k].kind == .word, !toks[k].cap, tokMention[k] < 0, !nominal(k),
               toks[k].cls.isDisjoint(with: [.function, .prepositions, .speech, .between, .determiners]), !Words.isParticiple(toks[k].lower),
               !(k + 1 < limit && nominal(k + 1)) {
                return NounPhrase(first: i, last: k, headEnd: k)
            }
        }
        while k < min(limit, i + 16) {
            let t = toks[k]
            if t.kind == .punct {
                if courtesyDot(k) && last == k - 1 { last = k; k += 1; continue }
                break
            }
            guard t.kind == .word else { break }
            if nominal(k) { last = k; k += 1; continue }
            // A plain noun before a role or a name: "port director Samuel Okafor".
            if !t.cap && !t.cls.contains(.function) && !t.cls.contains(.prepositions) && !t.cls.contains(.speech)
                && !t.cls.contains(.between) && k + 1 < limit && nominal(k + 1) && word(k + 1) != "'s" {
                k += 1; continue
            }
            // An affiliation or a name with "of": "of the Water Authority", "of the Bank of Norland".
            if (t.lower == "of" || t.lower == "for") && last >= 0 {
                var m = k + 1
                if m < limit, let w = word(m), Words.determiners.contains(w) && !toks[m].cap { m += 1 }
                if m < limit && toks[m].kind == .word && (toks[m].cap || tokMention[m] >= 0) { k = m; continue }
            }
            if let w = word(k), Words.determiners.contains(w), toks[k].cap, k + 1 < limit, nominal(k + 1), last >= 0 { k += 1; continue }
            break
        }
        guard last >= i, !(last == i && t0.cls.contains(.determiners)) else { return nil }
        return NounPhrase(first: i, last: last, headEnd: headEnd(i, last))
    }

    /// The end of the phrase's head: before "of"/"for"/a participle.
    private func headEnd(_ first: Int, _ last: Int) -> Int {
        var k = first
        while k <= last {
            if let w = word(k), !toks[k].cap, w == "of" || w == "for" || Words.isParticiple(w) {
                // "Secretary of State" keeps its "of": a role before, a capitalised word after, no name yet.
                let roleBefore = k > first && toks[k - 1].cls.contains(.roles) && tokMention[k - 1] < 0
                if !(roleBefore && !(first..<k).contains { tokMention[$0] >= 0 }) { return max(first, k - 1) }
            }
            k += 1
        }
        return last
    }

    /// Whether the phrase is the subject of what follows: a verb-like word comes after it (past
    /// adverbs and auxiliaries, an "of" and the name after it, the comma that closes an
    /// apposition, or an aside between commas), or a relative clause ("X, who ..."); it is not a
    /// possessive, and no preposition governs it.
    func isSubject(_ np: NounPhrase) -> Bool {
        var k = np.last + 1
        // "Mark Chen of Vertex Research was": past an "of"/"at"/"from" and the name after it.
        if let w = word(k), w == "of" || w == "at" || w == "from", k + 1 < toks.count, toks[k + 1].cap || cls(k + 1).contains(.determiners) {
            var m = k + 1
            if cls(m).contains(.determiners) { m += 1 }
            while m < toks.count && m - k <= 6 && toks[m].kind == .word && toks[m].cap { m += 1 }
            if m > k + 1 && toks[m - 1].cap { k = m }
        }
        if k < toks.count && toks[k].isPunct(",") {
            // "Doe, who took over in 2021, said": a subject with a relative clause.
            if word(k + 1) == "who" { return true }
            // "Her spokesman, Petro Savchenko, declined": past the apposition's closing comma.
            if np.first > 0 && toks[np.first - 1].isPunct(",") { k += 1 }
            // "Mr. Brandt, a councillor who led the opposition, was": past an apposition after it.
            else if cls(k + 1).contains(.determiners), let close = (k + 2..<min(toks.count, k + 14)).first(where: { toks[$0].kind != .word }),
                    toks[close].isPunct(",") { k = close + 1 }
            // "Chen, however, warned": past an aside.
            else if cls(k + 1).contains(.between) && k + 2 < toks.count && toks[k + 2].isPunct(",") { k += 3 }
        }
        if cls(np.first - 1).contains(.prepositions) || word(np.first - 1) == "'s" { return false }
        while k < toks.count, cls(k).contains(.between) {
            // An auxiliary right after the phrase: "Chen was", "Doe has said".
            if ["has", "had", "have", "was", "is", "were", "are", "will", "would", "could", "did", "does"].contains(toks[k].lower) { return true }
            k += 1
        }
        guard k < toks.count, let w = word(k), !toks[k].cap, w != "'s" else { return false }
        let c = toks[k].cls
        if c.contains(.function) && !["has", "had", "have", "was", "is", "will", "would", "did", "does"].contains(w) { return false }
        if c.contains(.prepositions) || c.contains(.determiners) { return false }
        if cls(np.first - 1).contains(.prepositions) || word(np.first - 1) == "'s" { return false }
        return true
    }

    /// Text of tokens [a, b].
    func phraseText(_ a: Int, _ b: Int) -> String { text.string(toks[a].start, toks[b].end) }
}

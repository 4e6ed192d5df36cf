// Speech cues around a quotation: a verb of saying and its speaker, on either side.
//
// After the quotation (the usual place for a whole one):
//   "...," Putin said.              "...," said Russian President Vladimir Putin.
//   "...," Berg reportedly declared. "...," the agency said.  "...," according to Reuters.
//   "...," Reuters, the agency, said. "..." Kremlin statement.  (a short fragment naming the source)
// Before it:
//   Putin said: "..."   Putin said, "..."   ..., stating, "..."   X told reporters: "..."
//   said Putin: "..."   According to Reuters, "..."   and a paragraph ending "Putin said:" right before
//   the mayor was blunt: "..."   (the subject of the clause before a colon, less surely; cue ":")
// For quoted words inside reported speech, the nearest verb of saying before them in the
// sentence, with its subject (found past "and" and participles: "Berg thanked ... and praised
// "..."", "the leader said ..., calling it "...""), else a cue after them.

struct Cue {
    /// The verb or phrase: "said", "according to", "statement".
    var verb: String
    var np: NounPhrase
    /// How directly it attributes: 1 next to the quotation, less further away.
    var strength: Double
}

extension Analysis {
    private static let joiners: Set<String> = [",", "—", "–", "-", ":"]

    /// The phrase after "according to": up to the next comma or the sentence's end.
    func accordingPhrase(_ i: Int, limit: Int) -> NounPhrase? {
        var e = i
        while e < limit && toks[e].kind != .quote && !(toks[e].kind == .punct && (toks[e].lower == "," || toks[e].lower == "." || toks[e].lower == ";")) { e += 1 }
        guard e > i else { return nil }
        var last = e - 1
        while last > i && toks[last].kind == .punct { last -= 1 }
        guard toks[last].kind == .word else { return nil }
        return NounPhrase(first: i, last: last, headEnd: last)
    }

    /// The subject of the clause a verb at `v` belongs to, when it is not right before it
    /// ("..., stating", "... and reaffirmed"): the nearest phrase before it that is a subject.
    func clauseSubject(_ v: Int, floor: Int) -> NounPhrase? {
        // First names, pronouns and roles; then a name the EntityFinder passed over (the end of a
        // run of capitalised words, with no article before it).
        for pass in 0..<2 {
            var k = v - 1
            while k >= max(floor, v - 80) {
                let t = toks[k]
                if t.kind == .word {
                    let candidate: Bool
                    if pass == 0 {
                        let endsMention = tokMention[k] >= 0 && (k + 1 >= toks.count || tokMention[k + 1] != tokMention[k])
                        candidate = endsMention || (t.cls.contains(.subjectPronouns) && t.lower != "i" && t.lower != "we")
                            || (!t.cap && (t.cls.contains(.roles) || t.cls.contains(.orgHeads)))
                    } else {
                        candidate = t.cap && tokMention[k] < 0 && !t.cls.contains(.function) && !t.cls.contains(.determiners)
                            && !(k + 1 < toks.count && toks[k + 1].kind == .word && toks[k + 1].cap)
                    }
                    if candidate, let np = phraseLeft(endingAt: k, floor: floor), isSubject(np),
                       pass == 0 || !(word(np.first).map { Words.determiners.contains($0) } ?? false) {
                        return np
                    }
                }
                k -= 1
            }
        }
        return nil
    }

    /// The subject of a speech verb at `v` reading leftwards; nil if there is none right there.
    func subjectBefore(_ v: Int, floor: Int) -> NounPhrase? {
        var e = v - 1
        while e >= floor, cls(e).contains(.between), !toks[e].cap || toks[e].lower == "however" { e -= 1 }
        // "Chen, however, warned": an aside between commas.
        if e - 2 >= floor && toks[e].isPunct(",") && cls(e - 1).contains(.between) && toks[e - 2].isPunct(",") {
            e -= 3
            while e >= floor, cls(e).contains(.between) { e -= 1 }
            return phraseLeft(endingAt: e, floor: floor)
        }
        if e >= floor && toks[e].isPunct(",") {
            // "Morning Star Daily, reported": an appositive subject between commas or from the sentence's start.
            if let np = phraseLeft(endingAt: e - 1, floor: floor), np.first == floor || toks[np.first - 1].isPunct(",") { return np }
            return nil
        }
        if let w = word(e), w == "and" || w == "but" { return nil }
        return phraseLeft(endingAt: e, floor: floor)
    }

    /// "NP VERB" or "VERB NP" starting at token `i` and ending before `limit` (after a quotation).
    func cueAt(_ i: Int, limit: Int, maxReach: Int = 12) -> Cue? {
        guard i < limit, toks[i].kind != .quote else { return nil }
        // "said Putin", "ruled the minister Norwegian", "noted Dr. Priya Raman of ..."
        if isSpeechVerb(i) {
            guard !toks[i].cls.contains(.tellForms), let np = phraseRight(startingAt: i + 1, limit: limit) else { return nil }
            if np.first == np.last, let w = word(np.first), ["it", "them", "him", "her", "us", "me"].contains(w) { return nil }
            return Cue(verb: toks[i].lower, np: np, strength: 1)
        }
        if word(i) == "according" && word(i + 1) == "to", let np = accordingPhrase(i + 2, limit: limit) {
            return Cue(verb: "according to", np: np, strength: 1)
        }
        // "Putin said", "Berg reportedly declared", "Reuters, the news agency, reported"
        var j = i + 1
        while j < limit && j - i <= maxReach {
            let t = toks[j]
            if t.kind == .quote { break }
            if t.kind == .punct && !(t.lower == "," || t.lower == "(" || t.lower == ")" || Analysis.courtesyDot(toks, j)) { break }
            if isSpeechVerb(j) {
                var np: NounPhrase? = nil
                if let p = subjectBefore(j, floor: i), p.first <= i {
                    np = p          // "Kremlin spokesman Dmitry Peskov said"
                } else if tokMention[i] >= 0 || toks[i].cls.contains(.pronouns) {
                    // The name (or pronoun) right after the quotation is the speaker, whatever stands between.
                    if toks[i].cls.contains(.pronouns) { np = NounPhrase(first: i, last: i, headEnd: i) }
                    else {
                        var e = mentions[tokMention[i]].tokEnd - 1
                        while e + 1 < j && tokMention[e + 1] == tokMention[i] { e += 1 }
                        np = phraseLeft(endingAt: e, floor: i) ?? NounPhrase(first: i, last: e, headEnd: e)
                    }
                } else if let p = subjectBefore(j, floor: i), p.first <= i + 1 {
                    np = p
                }
                guard let np else { return nil }
                return Cue(verb: toks[j].lower, np: np, strength: 1)
            }
            j += 1
        }
        // "— Kremlin statement": a short phrase ending in a source noun.
        var words: [Int] = []
        for k in i..<limit where toks[k].kind == .word { words.append(k) }
        if let last = words.last, words.count <= 5, toks[last].cls.contains(.fragmentNouns), last > i,
           !toks[last].cls.contains(.speech) || toks[last].lower == "report",
           let np = phraseRight(startingAt: i, limit: last) {
            return Cue(verb: toks[last].lower, np: np, strength: 0.9)
        }
        return nil
    }

    /// The cue right after quotation token `k` in its sentence; with `anywhere`, also later in it.
    func trailingCue(_ k: Int, anywhere: Bool) -> Cue? {
        let (_, se) = sentenceRange(of: k)
        var i = k + 1
        while i < se, toks[i].kind == .punct, Analysis.joiners.contains(toks[i].lower) { i += 1 }
        if let c = cueAt(i, limit: se) { return c }
        guard anywhere else { return nil }
        var j = i
        while j < min(se, i + 60) {
            if toks[j].kind == .quote { break }
            if word(j) == "according" && word(j + 1) == "to", let np = accordingPhrase(j + 2, limit: se) {
                return Cue(verb: "according to", np: np, strength: 0.85)
            }
            if toks[j].isPunct(","), let c = cueAt(j + 1, limit: se, maxReach: 6) { return Cue(verb: c.verb, np: c.np, strength: 0.85) }
            j += 1
        }
        return nil
    }

    /// A quotation that ends its sentence, attributed by the short sentence after it:
    /// `"..." Kremlin statement.`, `"..." Putin said.`
    func fragmentCue(_ k: Int) -> Cue? {
        let sid = sentence[k]
        let (_, se) = sentences[sid]
        var i = k + 1
        while i < se, toks[i].kind == .punct { i += 1 }
        guard i >= se, sid + 1 < sentences.count else { return nil }
        let next = sentences[sid + 1]
        guard next.first < toks.count, toks[next.first].paragraph == toks[k].paragraph else { return nil }
        let words = (next.first..<next.end).filter { toks[$0].kind == .word }.count
        guard words <= 8, !(next.first..<next.end).contains(where: { toks[$0].kind == .quote }) else { return nil }
        guard let c = cueAt(next.first, limit: next.end, maxReach: 6) else { return nil }
        return Cue(verb: c.verb, np: c.np, strength: 0.9)
    }

    /// The cue right before quotation token `k`; with `adjacent` false, the nearest verb of
    /// saying anywhere before it in the sentence (for quoted words inside reported speech).
    func leadingCue(_ k: Int, adjacent: Bool) -> Cue? {
        let (sf, _) = sentenceRange(of: k)
        var j = k - 1
        var punct = false
        while j >= sf, toks[j].kind == .punct, Analysis.joiners.contains(toks[j].lower) || toks[j].lower == "(" { j -= 1; punct = true }
        guard j >= sf else { return nil }
        var v = -1
        if isSpeechVerb(j) { v = j }
        else if word(j) == "that" {
            // "said that", "said on Wednesday that"
            var m = j - 1
            while m >= sf && j - m <= 5 && toks[m].kind == .word { if isSpeechVerb(m) { v = m; break }; m -= 1 }
        }
        if v >= 0 {
            let w = toks[v].lower
            let afterComma = v - 1 >= sf && (toks[v - 1].isPunct(",") || word(v - 1) == "and" || word(v - 1) == "but")
            let np = Words.isParticiple(w) || (afterComma && !toks[v - 1].isPunct(",")) ? clauseSubject(v, floor: sf)
                : (subjectBefore(v, floor: sf) ?? clauseSubject(v, floor: sf))
            if let np { return Cue(verb: w, np: np, strength: adjacent || v == j ? 1 : 0.95) }
        }
        // "said Putin: "...", "X told reporters: "...", "according to Reuters, "..."
        if toks[j].kind == .word {
            var m = j - 1
            while m >= sf && j - m <= 7 {
                if toks[m].kind == .quote || (toks[m].kind == .punct && !Analysis.courtesyDot(toks, m)) { break }
                if isSpeechVerb(m) {
                    if toks[m].cls.contains(.toldVerbs) {
                        if let np = subjectBefore(m, floor: sf) ?? clauseSubject(m, floor: sf) { return Cue(verb: toks[m].lower, np: np, strength: 1) }
                    } else if punct && !Words.isParticiple(toks[m].lower), let np = phraseRight(startingAt: m + 1, limit: j + 1), np.last == j,
                              !(np.first == np.last && ["it", "them", "him", "her"].contains(toks[j].lower)) {
                        return Cue(verb: toks[m].lower, np: np, strength: 1)
                    }
                    break
                }
                if word(m) == "according" && word(m + 1) == "to", let np = accordingPhrase(m + 2, limit: j + 1) {
                    return Cue(verb: "according to", np: np, strength: 1)
                }
                m -= 1
            }
        }
        // "the mayor was blunt: "..."": after a colon, the subject of the clause before it.
        if adjacent && k - 1 >= sf && toks[k - 1].isPunct(":"), let np = clauseSubject(k - 1, floor: sf) {
            return Cue(verb: ":", np: np, strength: 0.85)
        }
        if adjacent { return nil }
        var m = j
        while m >= max(sf, j - 60) {
            if isSpeechVerb(m) && word(m + 1) != "by" {
                let w = toks[m].lower
                let afterAnd = m - 1 >= sf && (word(m - 1) == "and" || word(m - 1) == "but")
                let np = Words.isParticiple(w) || afterAnd ? clauseSubject(m, floor: sf) : (subjectBefore(m, floor: sf) ?? clauseSubject(m, floor: sf))
                if let np { return Cue(verb: w, np: np, strength: 0.9) }
            }
            if word(m) == "according" && word(m + 1) == "to", let np = accordingPhrase(m + 2, limit: k) {
                return Cue(verb: "according to", np: np, strength: 0.85)
            }
            m -= 1
        }
        return nil
    }

    /// A quotation that opens its paragraph after a paragraph ending "X said:".
    func colonCue(_ k: Int) -> Cue? {
        let r = regions[toks[k].quote]
        guard r.open == text.paragraphs[r.paragraph].start, k >= 2, toks[k - 1].isPunct(":"), toks[k - 1].paragraph == r.paragraph - 1 else { return nil }
        let colon = k - 1
        let sf = sentenceRange(of: colon).first
        var m = colon - 1
        while m >= sf && colon - m <= 8 {
            if toks[m].kind != .word && !Analysis.courtesyDot(toks, m) { break }
            if isSpeechVerb(m) {
                if m == colon - 1 || Words.toldVerbs.contains(toks[m].lower) {
                    let np = Words.isParticiple(toks[m].lower) ? clauseSubject(m, floor: sf) : (subjectBefore(m, floor: sf) ?? clauseSubject(m, floor: sf))
                    return np.map { Cue(verb: toks[m].lower, np: $0, strength: 0.95) }
                }
                if let np = phraseRight(startingAt: m + 1, limit: colon), np.last == colon - 1 { return Cue(verb: toks[m].lower, np: np, strength: 0.95) }
                return nil
            }
            m -= 1
        }
        return nil
    }

    static func courtesyDot(_ toks: [Token], _ k: Int) -> Bool {
        k > 0 && toks[k].isPunct(".") && toks[k - 1].kind == .word && toks[k - 1].cls.contains(.courtesy) && toks[k - 1].end == toks[k].start
    }
}

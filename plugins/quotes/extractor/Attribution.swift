// What each quotation is (direct, partial, term) and who said it.
//
// - Direct: the quotation stands as a sentence or clause of its own: it opens its sentence, or
//   follows a colon, a comma or dash (or a verb of saying) and starts with a capital; or it is
//   the rest of a direct quotation broken by its attribution ("We will," she said, "balance the
//   books."); or it carries on a quotation from the paragraph before.
// - Partial: quoted words inside the narrator's sentence ("said the treaty is an "actual
//   breakthrough document"").
// - Term: a quoted word or short phrase that no one is being quoted in: scare quotes, a name
//   for something. Up to four words with no verb of saying to govern them; or one word after
//   an article or "as" ("a "tete-a-tete""); up to three after "as" with no verb of saying
//   ("classified as "extremely dangerous"", but "described as "a reliable partner"" is
//   partial); up to three after an article and before a noun ("the "comprehensive
//   partnership" deal"; not before an adjective or verb form: "an "actual breakthrough
//   document" reflecting"); or up to four right after a naming word ("so-called", "dubbed",
//   "called a"; but "Berg called the accord a "fair compromise"" quotes Berg). A term has no
//   speaker.
// - A direct quotation with no cue of its own inherits the speaker of the quotation just before
//   it (not a term) when the text supports it: the same paragraph with no other person named in
//   between, or the paragraph right before when this quotation opens its paragraph and no other
//   person is named in between; the pieces of a quotation continued over paragraphs share one
//   speaker. Failing that, a quotation that opens its paragraph goes to the person who was the
//   subject in the paragraph before, with low confidence.
import NewswireText

struct Attributed {
    enum Kind { case direct, partial, indirect, term }
    var kind: Kind
    var start: Int
    var end: Int
    /// The quotation (index into regions), or -1 for indirect speech.
    var region: Int
    var tok: Int
    var cue: Cue? = nil
    var resolution: Resolution? = nil
    var confidence: Double = 0
    var inherited = false
    var continued = false
}

extension Analysis {
    func isDirect(_ q: Int, _ k: Int) -> Bool {
        if regions[q].continuation { return true }
        let (sf, _) = sentenceRange(of: k)
        var j = k - 1
        while j >= sf, toks[j].kind == .punct, toks[j].lower == "(" || toks[j].lower == "[" { j -= 1 }
        if j < sf { return true }
        let t = toks[j]
        if t.kind == .quote { return true }
        if t.kind == .punct {
            if t.lower == ":" { return true }
            if [",", "—", "–", "-", ";"].contains(t.lower) {
                if startsUpper(q) { return true }
                // The rest of a quotation broken by its attribution: "We will," she said, "balance the books."
                var m = j - 1
                var verb = false
                while m >= sf && j - m <= 8 {
                    if toks[m].kind == .quote { return verb && isDirect(toks[m].quote, m) }
                    if toks[m].kind == .punct && !toks[m].isPunct(",") && !Analysis.courtesyDot(toks, m) { return false }
                    if isSpeechVerb(m) { verb = true }
                    m -= 1
                }
                return false
            }
            return false
        }
        if isSpeechVerb(j) { return startsUpper(q) }
        return false
    }

    func isTerm(_ q: Int, _ k: Int, direct: Bool, cue: Cue?) -> Bool {
        let n = wordCount(q)
        // A short quotation with no cue is a term, unless it follows another in its paragraph ("Not yet.").
        if direct { return cue == nil && n <= 2 && !(q > 0 && regions[q - 1].paragraph == regions[q].paragraph) }
        let (sf, se) = sentenceRange(of: k)
        let prev = k - 1 >= sf ? word(k - 1) : nil
        var namingNear = false
        var m = k - 1
        while m >= sf && k - m <= 2 { if let w = word(m), Words.naming.contains(w) { namingNear = true }; m -= 1 }
        if n <= 4 && namingNear { return true }
        if n == 1, let p = prev, Words.determiners.contains(p) || p == "as" { return true }
        if n <= 3, prev == "as", cue == nil { return true }
        if n <= 3, let p = prev, Words.determiners.contains(p), k + 1 < se, let next = word(k + 1), !toks[k + 1].cap,
           !Words.function.contains(next), !Words.prepositions.contains(next), Words.looksLikeNoun(next) { return true }
        if cue == nil && n <= 4 { return true }
        return false
    }

    /// Runs every rule; the results in document order.
    func attribute() -> [Attributed] {
        var out: [Attributed] = []
        for sid in sentences.indices {
            let (sf, se) = sentences[sid]
            var hasQuote = false
            for k in sf..<se where toks[k].kind == .quote {
                hasQuote = true
                let q = toks[k].quote
                let r = regions[q]
                let direct = isDirect(q, k)
                var cue: Cue?
                if direct {
                    cue = trailingCue(k, anywhere: false) ?? leadingCue(k, adjacent: true) ?? colonCue(k) ?? fragmentCue(k)
                        ?? trailingCue(k, anywhere: true)
                } else {
                    cue = leadingCue(k, adjacent: false) ?? trailingCue(k, anywhere: true)
                }
                var a = Attributed(kind: direct ? .direct : .partial, start: r.contentStart, end: r.contentEnd, region: q, tok: k)
                a.continued = r.continued
                if isTerm(q, k, direct: direct, cue: cue) {
                    a.kind = .term
                } else if let c = cue, let res = resolve(c.np) {
                    a.cue = c
                    a.resolution = res
                    a.confidence = res.confidence * c.strength * (r.unbalanced ? 0.85 : 1)
                    noteResolved(res, at: c.np.first, np: c.np)
                } else {
                    a.cue = cue
                }
                out.append(a)
            }
            if !hasQuote, let a = indirect(sid) { out.append(a) }
        }
        inherit(&out)
        return out
    }

    /// Another person named outside quotations between two stream tokens, as the subject of a clause
    /// (a person after "alongside" or "with" does not take the floor).
    private func othersNamed(from a: Int, to b: Int, except key: SpeakerKey) -> Bool {
        var i = lastEvent(before: b)
        while i >= 0 && events[i].tok > a {
            let e = events[i]
            if isPerson(e.entity) && e.key != key && e.subject { return true }
            i -= 1
        }
        return false
    }

    private func inherit(_ out: inout [Attributed]) {
        var last: Int? = nil            // the last quotation that is not a term (or indirect speech)
        for i in out.indices {
            let a = out[i]
            if a.kind == .term || a.kind == .indirect { continue }
            defer { last = i }
            guard a.resolution == nil, a.kind == .direct else { continue }
            let r = regions[a.region]
            guard let p = last, let pres = out[p].resolution else { continue }
            let pr = regions[out[p].region]
            var factor = 0.0
            if r.continuation && pr.continued && pr.paragraph + 1 == r.paragraph {
                factor = 0.95
            } else if pr.paragraph == r.paragraph && !othersNamed(from: out[p].tok, to: a.tok, except: pres.key) {
                factor = 0.9
            } else if pr.paragraph + 1 == r.paragraph && r.open == text.paragraphs[r.paragraph].start
                        && !othersNamed(from: out[p].tok, to: a.tok, except: pres.key) {
                factor = 0.8
            }
            if factor > 0 {
                out[i].resolution = pres
                out[i].confidence = out[p].confidence * factor
                out[i].inherited = true
            }
        }
        // A quotation over several paragraphs whose cue comes in a later piece: the earlier pieces share it.
        for i in out.indices.reversed() where out[i].kind == .direct && out[i].continued && out[i].resolution == nil {
            if let j = out[(i + 1)...].firstIndex(where: { $0.kind != .indirect && $0.region == out[i].region + 1 }),
               regions[out[j].region].continuation, let res = out[j].resolution {
                out[i].resolution = res
                out[i].confidence = out[j].confidence * 0.95
                out[i].inherited = true
            }
        }
        for i in out.indices where out[i].kind == .direct && out[i].resolution == nil { closestSubject(&out[i]) }
    }

    /// A quotation opening its paragraph, with nothing to inherit: the subject of the paragraph before.
    private func closestSubject(_ a: inout Attributed) {
        let r = regions[a.region]
        guard r.open == text.paragraphs[r.paragraph].start, r.paragraph > 0 else { return }
        var i = lastEvent(before: a.tok)
        while i >= 0 {
            let e = events[i]
            let para = toks[e.tok].paragraph
            if para < r.paragraph - 1 { return }
            if para == r.paragraph - 1 && isPerson(e.entity) && e.subject {
                let mi = tokMention[e.tok]
                a.resolution = Resolution(key: e.key, start: toks[e.tok].start, end: mi >= 0 ? mentions[mi].end : toks[e.tok].end, confidence: 0.5,
                                          name: entities[e.entity].name, kind: .person)
                a.confidence = 0.4
                return
            }
            i -= 1
        }
    }
}

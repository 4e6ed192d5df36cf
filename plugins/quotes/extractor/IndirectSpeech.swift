// Reported speech without quote marks, when a clear cue frames it. The span is the reported
// clause; sentences with quote marks in them are left to the quotation rules.
//
//   According to X, CLAUSE.          CLAUSE, according to X.
//   CLAUSE, X said [Thursday].       CLAUSE, notes X ...      (after one of the last three commas)
//   X said (that) CLAUSE.            X told Y (that) CLAUSE.     X said on Monday that CLAUSE.
//
// X must open the sentence (or follow an opening phrase and its comma), and the clause must
// have four words or more.

extension Analysis {
    func indirect(_ sid: Int) -> Attributed? {
        let (sf, se0) = sentences[sid]
        var se = se0
        // A sentence ending in a colon introduces a quotation; it reports nothing itself.
        if se0 > sf && toks[se0 - 1].isPunct(":") { return nil }
        while se > sf && toks[se - 1].kind == .punct { se -= 1 }
        guard se - sf >= 5 else { return nil }

        func clauseWords(_ a: Int, _ b: Int) -> Int { (a..<max(a, b)).filter { toks[$0].kind == .word }.count }
        func make(_ a: Int, _ b: Int, _ cue: Cue) -> Attributed? {
            var a = a, b = b
            // A dateline is not what was said: "SEOUL - ...", "Islamabad, 21 June 2024 (TDI): ...".
            for k in a..<min(b, a + 10) where toks[k].kind == .punct && [":", "-", "—", "–"].contains(toks[k].lower) && k + 1 < b { a = k + 1 }
            // Nor is a lone opening phrase ("At a press conference in Kyiv, X said").
            if toks[a].cls.contains(.prepositions) && !(a..<b).contains(where: { toks[$0].isPunct(",") }) { return nil }
            while b > a && toks[b - 1].kind == .punct { b -= 1 }
            guard clauseWords(a, b) >= 4 else { return nil }
            var at = Attributed(kind: .indirect, start: toks[a].start, end: toks[b - 1].end, region: -1, tok: a, cue: cue)
            if let res = resolve(cue.np) {
                at.resolution = res
                at.confidence = res.confidence * cue.strength * 0.9
                noteResolved(res, at: cue.np.first, np: cue.np)
            }
            return at
        }

        // A cue at the end: ", X said [Thursday]." / ", according to X." / ", notes X ...".
        var tail: (comma: Int, cue: Cue)? = nil
        var c = se - 1
        var commas = 0
        while c > sf && commas < 3 {
            if toks[c].isPunct(",") {
                if word(c + 1) == "according" && word(c + 2) == "to", let np = accordingPhrase(c + 3, limit: se),
                   np.last >= se - 1 || (toks[np.last + 1].isPunct(",") && ["which", "who", "whose", "where"].contains(word(np.last + 2) ?? "")) {
                    tail = (c, Cue(verb: "according to", np: np, strength: 1)); break
                }
                if let cue = cueAt(c + 1, limit: se, maxReach: 6), Words.clauseTaking.contains(cue.verb) || Words.speech.contains(cue.verb) {
                    // Little may follow the verb ("Thursday", "on Monday"), unless the verb comes first ("notes X who ...").
                    let v = (c + 1..<se).first { isSpeechVerb($0) } ?? se
                    if v == c + 1 || se - v <= 4 { tail = (c, cue); break }
                }
                commas += 1     // the last three commas
            }
            c -= 1
        }

        // "According to X, CLAUSE"
        if word(sf) == "according" && word(sf + 1) == "to", let np = accordingPhrase(sf + 2, limit: se), np.last + 1 < se, toks[np.last + 1].isPunct(",") {
            return make(np.last + 2, tail?.comma ?? se, Cue(verb: "according to", np: np, strength: 1))
        }
        if let t = tail { return make(sf, t.comma, t.cue) }

        // "X said (that) CLAUSE"
        var v = sf + 1
        while v < se {
            if toks[v].kind == .punct && !toks[v].isPunct(",") && !Analysis.courtesyDot(toks, v) { return nil }
            if isSpeechVerb(v) {
                guard toks[v].cls.contains(.clauseTaking), let np = subjectBefore(v, floor: sf) else { return nil }
                // The subject opens the sentence, or follows an opening phrase and its comma.
                guard np.first == sf || toks[np.first - 1].isPunct(",") else { return nil }
                var start = v + 1
                var m = v + 1
                var that = -1
                while m < se && m - v <= 6 && toks[m].kind == .word { if toks[m].lower == "that" { that = m; break }; m += 1 }
                if that >= 0 { start = that + 1 }
                else {
                    if toks[v].cls.contains(.toldVerbs) { return nil }
                    guard start < se, let w = word(start), !Words.prepositions.contains(w), w != "by" else { return nil }
                    // A clause starts here: a name, an article, a pronoun, or a bare noun ("She said construction would ...").
                    guard toks[start].cap || toks[start].cls.contains(.determiners) || toks[start].cls.contains(.subjectPronouns) || w == "there"
                        || toks[start].cls.isDisjoint(with: [.function, .between, .speech]) && !Words.isParticiple(w) && !w.hasSuffix("ly") else { return nil }
                }
                return make(start, se, Cue(verb: toks[v].lower, np: np, strength: 1))
            }
            v += 1
        }
        return nil
    }
}

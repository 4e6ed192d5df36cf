// Who a speaker phrase refers to, resolved across the document.
//
// - A name ("Russian President Vladimir Putin", "Mr. Putin", "Putin") is the entity the
//   EntityFinder merged it into: one canonical person or organisation.
// - A pronoun ("he", "him", "she", "it") is the most recent fitting entity before it outside
//   quotations: for he/she the last person that was the subject of a clause (a person after
//   "with"/"alongside", or in a possessive, is passed over), within three paragraphs, skipping
//   a person whose courtesy title says the other gender; for "it" an organisation. Pronouns
//   resolved this way count as mentions for the pronouns after them ("he ... He also stressed").
// - A role ("the Russian president", "the Estmark fleet commander", "the minister Norwegian") is the
//   person whose title has that role, its other words breaking ties ("Russian"); when no title
//   has it, a person with no role of their own (only "Mr."), the most recent one; never a person
//   whose title is another role, and only people named before the phrase. An indefinite phrase
//   ("one senior official", "a spokesman") is someone new: the phrase itself is the speaker.
// - An organisation noun ("the ministry", "the outlet") is the last organisation named in the
//   same paragraph or the one before that fits: one with that noun in its name ("Ministry of
//   Defence"), or for a news-media noun one the text introduced as news media ("the newspaper
//   Morning Star Daily"), or for "the report"/"the statement" any; failing that, and for any other plain noun ("Fans"), the phrase itself
//   is the speaker, of kind other.
import NewswireText

enum SpeakerKey: Hashable {
    case entity(Int)
    case other(String)
}

struct Resolution {
    var key: SpeakerKey
    /// Byte span of the mention that attributes.
    var start: Int
    var end: Int
    var confidence: Double
    var name: String
    var kind: EntityKind
    /// A role read from a nominal mention ("Russian president"), for a speaker with no title of its own.
    var role: String? = nil
    var organization: String? = nil
}

/// An entity mentioned outside quotations, for pronouns to refer back to.
struct SalienceEvent {
    var tok: Int
    var key: SpeakerKey
    var entity: Int
    var subject: Bool
}

extension Analysis {
    // MARK: Entities' traits

    func isPerson(_ e: Int) -> Bool { entities[e].kind == .person && !orgLike.contains(e) }
    func isOrg(_ e: Int) -> Bool { entities[e].kind == .organization || orgLike.contains(e) }
    /// The entity's kind, with organisations the text names as such.
    func kind(_ e: Int) -> EntityKind { orgLike.contains(e) ? .organization : entities[e].kind }

    /// The entity's title as words, lower-case ("russian", "president"); empty for courtesy titles.
    func titleWords(_ e: Int) -> [String] {
        guard let t = entities[e].title, !t.isEmpty else { return [] }
        var words = t.lowercased().replacingAll("\u{2019}", with: "'").split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        words = words.map { $0.hasSuffix("'s") ? String($0.dropLast(2)) : $0 }.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
        if words.allSatisfy({ Words.courtesy.contains($0) }) { return [] }
        return words
    }

    /// +1 male, -1 female, 0 unknown, from courtesy titles before the entity's mentions.
    func gender(_ e: Int) -> Int {
        if let g = genderCache[e] { return g }
        var g = 0
        for m in mentions where m.entity == e && m.tokEnd > m.tokStart {
            var k = m.tokStart - 1
            if k >= 0 && toks[k].isPunct(".") { k -= 1 }
            if let w = word(k), Words.courtesy.contains(w) { g = Words.female.contains(w) ? -1 : (w == "mr" ? 1 : g) }
        }
        if g == 0, let t = entities[e].title?.lowercased() {
            if t.hasPrefix("mr") && !t.hasPrefix("mrs") { g = 1 } else if t.hasPrefix("mrs") || t.hasPrefix("ms") { g = -1 }
        }
        genderCache[e] = g
        return g
    }

    // MARK: Salience

    func buildSalience() {
        events = []
        var i = 0
        while i < mentions.count {
            let m = mentions[i]
            i += 1
            guard m.tokEnd > m.tokStart else { continue }
            let floor = sentenceRange(of: m.tokStart).first
            let np = phraseLeft(endingAt: m.tokEnd - 1, floor: floor) ?? NounPhrase(first: m.tokStart, last: m.tokEnd - 1, headEnd: m.tokEnd - 1)
            // Only the head of its phrase is the subject: not "Vertex Research" in "Mark Chen of Vertex Research was".
            events.append(SalienceEvent(tok: m.tokStart, key: .entity(m.entity), entity: m.entity, subject: m.tokStart <= np.headEnd && isSubject(np)))
        }
        // Definite roles that are subjects ("The mayor rejected that figure."), resolved in text
        // order so that each sees the mentions before it, count for the pronouns after them.
        for k in toks.indices where toks[k].kind == .word && !toks[k].cap && toks[k].cls.contains(.roles) && tokMention[k] < 0 {
            guard k + 1 >= toks.count || !(cls(k + 1).contains(.roles)) else { continue }
            let floor = sentenceRange(of: k).first
            guard let np = phraseLeft(endingAt: k, floor: floor, hop: false), word(np.first) == "the",
                  !(np.first...np.last).contains(where: { tokMention[$0] >= 0 }), isSubject(np),
                  let r = resolveRole(np, role: toks[k].lower), case .entity(let e) = r.key else { continue }
            var lo = 0, hi = events.count
            while lo < hi { let mid = (lo + hi) / 2; if events[mid].tok <= np.first { lo = mid + 1 } else { hi = mid } }
            events.insert(SalienceEvent(tok: np.first, key: r.key, entity: e, subject: true), at: lo)
        }
    }

    /// Records the speaker of a cue so later pronouns can refer back through it: the speaker of a
    /// verb of saying counts as a subject ("said Chancellor Rachel Hardy. ... she said").
    func noteResolved(_ r: Resolution, at tok: Int, np: NounPhrase) {
        guard case .entity(let e) = r.key else { return }
        var lo = 0, hi = events.count
        while lo < hi { let mid = (lo + hi) / 2; if events[mid].tok <= tok { lo = mid + 1 } else { hi = mid } }
        // An event for a name inside the phrase (after a title) is the same mention.
        var j = lo
        while j < events.count && events[j].tok <= np.last {
            if events[j].entity == e { events[j].subject = true; return }
            j += 1
        }
        if lo > 0 && events[lo - 1].tok == tok { events[lo - 1].subject = true; return }
        events.insert(SalienceEvent(tok: tok, key: r.key, entity: e, subject: true), at: lo)
    }

    /// Index of the last event before token `k`.
    func lastEvent(before k: Int) -> Int {
        var lo = 0, hi = events.count
        while lo < hi { let mid = (lo + hi) / 2; if events[mid].tok < k { lo = mid + 1 } else { hi = mid } }
        return lo - 1
    }

    // MARK: Resolution

    /// The speaker a phrase refers to; nil when it refers to no one we can name ("they").
    func resolve(_ np: NounPhrase) -> Resolution? {
        // 1. A name in the phrase's head; an organisation after "of" is the affiliation.
        var person: NameMention? = nil, other: NameMention? = nil, affiliation: NameMention? = nil
        var k = np.first
        while k <= np.last {
            let mi = tokMention[k]
            guard mi >= 0 else { k += 1; continue }
            let m = mentions[mi]
            let possessive = word(m.tokEnd) == "'s"
            if k <= np.headEnd && !possessive {
                if isPerson(m.entity) { person = m } else { other = m }      // the last: the head of "the Norland Fisheries Ministry"
            } else if k > np.headEnd && !isPerson(m.entity) && affiliation == nil {
                affiliation = m
            }
            k = max(k + 1, m.tokEnd)
        }
        // "the Estmark fleet commander", "the minister Norwegian": a role, with names only as modifiers
        // (an organisation after the role is the speaker: "the official Estmark News Agency").
        var headIsRole = false
        if person == nil, let r = (np.first...np.headEnd).last(where: { !toks[$0].cap && toks[$0].cls.contains(.roles) }) {
            headIsRole = r == np.headEnd || !(r + 1...np.headEnd).contains { mentionEntity($0).map(isOrg) ?? false }
        }
        if let m = person ?? (headIsRole ? nil : other) {
            let e = m.entity
            return Resolution(key: .entity(e), start: m.start, end: m.end, confidence: 0.95, name: entities[e].name,
                              kind: kind(e), organization: affiliation.map { entities[$0.entity].name })
        }
        // 2. A pronoun.
        if np.first == np.last, let w = word(np.first), Words.pronouns.contains(w) {
            return resolvePronoun(np.first)
        }
        // 3. A role.
        let headWords = (np.first...np.headEnd).compactMap { word($0) }
        // "one senior official", "a spokesman": someone new, not a person named before.
        let indefinite = ["a", "an", "one", "another", "some", "several", "two", "three", "many"].contains(headWords.first ?? "")
        if !indefinite, let role = headWords.last(where: { Words.roles.contains($0) }) {
            if let r = resolveRole(np, role: role) { return r }
        }
        // 4. An organisation noun.
        if let last = headWords.last, Words.orgHeads.contains(last), let r = resolveOrgNoun(np) { return r }
        // 5. The phrase itself.
        var a = np.first
        while a < np.headEnd, let w = word(a), Words.determiners.contains(w) { a += 1 }
        let words = (a...np.headEnd).compactMap { word($0) }
        guard words.contains(where: { !Words.function.contains($0) && $0 != "'s" }) else { return nil }
        let name = phraseText(a, np.headEnd)
        return Resolution(key: .other(name.lowercased()), start: toks[a].start, end: toks[np.headEnd].end, confidence: 0.5,
                          name: name, kind: .other, organization: affiliation.map { entities[$0.entity].name })
    }

    func resolvePronoun(_ k: Int) -> Resolution? {
        let w = toks[k].lower
        let para = toks[k].paragraph
        let span = (toks[k].start, toks[k].end)
        var i = lastEvent(before: k)
        switch w {
        case "he", "him", "she", "her":
            let want = w == "he" || w == "him" ? 1 : -1
            var fallback: SalienceEvent? = nil
            while i >= 0 {
                let e = events[i]
                i -= 1
                if para - toks[e.tok].paragraph > 3 { break }
                guard isPerson(e.entity) else { continue }
                let g = gender(e.entity)
                if g != 0 && g != want { continue }
                if e.subject {
                    let near = para - toks[e.tok].paragraph <= 1
                    return Resolution(key: e.key, start: span.0, end: span.1, confidence: near ? 0.8 : 0.65,
                                      name: entities[e.entity].name, kind: .person)
                }
                if fallback == nil { fallback = e }
            }
            if let e = fallback {
                return Resolution(key: e.key, start: span.0, end: span.1, confidence: 0.55, name: entities[e.entity].name, kind: .person)
            }
            return nil
        case "it":
            while i >= 0 {
                let e = events[i]
                i -= 1
                if para - toks[e.tok].paragraph > 2 { break }
                if isOrg(e.entity) {
                    return Resolution(key: e.key, start: span.0, end: span.1, confidence: 0.6, name: entities[e.entity].name, kind: .organization)
                }
            }
            return nil
        default:
            return nil
        }
    }

    func resolveRole(_ np: NounPhrase, role: String) -> Resolution? {
        let words = (np.first...np.headEnd).compactMap { word($0) }.filter { !Words.determiners.contains($0) && $0 != "'s" }
        let mods = words.filter { $0 != role && !Words.modifiers.contains($0) && !Words.roles.contains($0) }
        let singular = role.hasSuffix("s") && !role.hasSuffix("ss") ? String(role.dropLast()) : role
        var best: (score: Int, recent: Int, entity: Int)? = nil
        var recentOf: [Int: Int] = [:]
        var i = lastEvent(before: np.first)
        while i >= 0 { if recentOf[events[i].entity] == nil { recentOf[events[i].entity] = events[i].tok }; i -= 1 }
        for e in entities.indices where isPerson(e) {
            let tw = titleWords(e)
            let hasRole = tw.contains { Words.roles.contains($0) }
            let match = tw.contains(singular) || tw.contains(role)
            if hasRole && !match { continue }
            var score = match ? 2 : 0
            for m in mods where tw.contains(where: { $0.prefix(5) == m.prefix(5) }) { score += 1 }
            // Named before the phrase (the most recent wins ties).
            guard let recent = recentOf[e] else { continue }
            if best == nil || score > best!.score || (score == best!.score && recent > best!.recent) { best = (score, recent, e) }
        }
        guard let b = best else { return nil }
        let roleText = phraseText(np.first, np.headEnd)
        var a = np.first
        while a < np.headEnd, let w = word(a), Words.determiners.contains(w) { a += 1 }
        return Resolution(key: .entity(b.entity), start: toks[np.first].start, end: toks[np.headEnd].end,
                          confidence: b.score >= 2 ? 0.85 : 0.6, name: entities[b.entity].name, kind: .person,
                          role: roleText.isEmpty ? nil : phraseText(a, np.headEnd))
    }

    func resolveOrgNoun(_ np: NounPhrase) -> Resolution? {
        let para = toks[np.first].paragraph
        let head = toks[np.headEnd].lower
        let singular = head.hasSuffix("s") && head.count > 3 ? String(head.dropLast()) : head
        let anySource = ["report", "reports", "statement", "statements"].contains(head)
        var i = lastEvent(before: np.first)
        while i >= 0 {
            let e = events[i]
            i -= 1
            if toks[e.tok].paragraph < para - 1 { break }
            guard isOrg(e.entity) else { continue }
            // "the ministry" is an organisation named "... Ministry ..."; "the outlet" one introduced as news media.
            let named = entities[e.entity].name.lowercased().split(separator: " ").contains { $0 == singular || $0 == head }
            if named || anySource || (Words.mediaNouns.contains(head) && mediaOrgs.contains(e.entity)) {
                return Resolution(key: e.key, start: toks[np.first].start, end: toks[np.headEnd].end, confidence: 0.55,
                                  name: entities[e.entity].name, kind: .organization)
            }
        }
        return nil
    }
}

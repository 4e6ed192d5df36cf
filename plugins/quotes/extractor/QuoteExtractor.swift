// Quotations and their speakers in one text: the module's entry point.
//
//   let found = QuoteExtractor.extract(article)
//   for q in found.quotes { print(q.text, q.speaker.map { found.speakers[$0].name } ?? "?") }
//
// The steps: QuoteScanner finds the quotations by their marks; Analysis (Stream.swift) lays the
// text around them out as tokens and sentences, with the EntityFinder's people and
// organisations; Cues.swift finds each quotation's verb of saying and speaker phrase;
// Speakers.swift resolves that phrase to one canonical speaker; Attribution.swift decides the
// kind and inherits speakers; IndirectSpeech.swift adds reported speech with a clear cue.
import NewswireText

public struct ExtractedQuote: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case direct, partial, indirect, term }
    public var kind: Kind
    /// The quoted words without their marks (for indirect speech, the reported clause).
    public var span: TextSpan
    public var text: String
    /// Index into `QuoteExtraction.speakers`; nil when no speaker was attributed.
    public var speaker: Int?
    /// The mention that attributes the quotation; nil when the speaker was inherited.
    public var speakerMention: TextSpan?
    /// The verb or phrase of the cue ("said", "according to"); empty when inherited or none.
    public var cue: String
    /// How sure the attribution is, in [0, 1]; 0 when there is no speaker.
    public var confidence: Double
    /// The quotation goes on in the next paragraph.
    public var continued: Bool
    /// The speaker comes from the quotation before this one.
    public var inherited: Bool
}

public struct QuoteSpeaker: Sendable, Equatable {
    /// The fullest name the text gives ("Vladimir Putin"), or for a speaker that is not a
    /// named entity, its phrase ("state media").
    public var name: String
    public var kind: EntityKind
    /// A role the text gives ("Russian President"); may be empty.
    public var title: String
    /// An organisation the text ties the speaker to; may be empty.
    public var organization: String
    /// Every mention of the speaker: names, and the roles and pronouns that attributed a quotation.
    public var mentions: [TextSpan]
}

public struct QuoteExtraction: Sendable, Equatable {
    /// In document order.
    public var quotes: [ExtractedQuote]
    /// In order of their first quotation.
    public var speakers: [QuoteSpeaker]
}

public enum QuoteExtractor {
    public static func extract(_ text: String) -> QuoteExtraction {
        guard !text.isEmpty else { return QuoteExtraction(quotes: [], speakers: []) }
        let a = Analysis(text)
        return a.assemble(a.attribute())
    }
}

extension Analysis {
    func assemble(_ found: [Attributed]) -> QuoteExtraction {
        var index: [SpeakerKey: Int] = [:]
        var speakers: [QuoteSpeaker] = []
        var extra: [[TextSpan]] = []
        var quotes: [ExtractedQuote] = []
        for a in found {
            var speaker: Int? = nil
            if let res = a.resolution {
                if let i = index[res.key] {
                    speaker = i
                    if speakers[i].title.isEmpty, let role = res.role { speakers[i].title = role }
                    if speakers[i].organization.isEmpty, let org = res.organization { speakers[i].organization = org }
                } else {
                    speaker = speakers.count
                    index[res.key] = speakers.count
                    speakers.append(makeSpeaker(res))
                    extra.append([])
                }
                if !a.inherited { extra[speaker!].append(TextSpan(start: res.start, end: res.end)) }
            }
            let kind: ExtractedQuote.Kind
            switch a.kind {
            case .direct: kind = .direct
            case .partial: kind = .partial
            case .indirect: kind = .indirect
            case .term: kind = .term
            }
            quotes.append(ExtractedQuote(
                kind: kind, span: TextSpan(start: a.start, end: a.end), text: text.string(a.start, a.end), speaker: speaker,
                speakerMention: speaker != nil && !a.inherited ? a.resolution.map { TextSpan(start: $0.start, end: $0.end) } : nil,
                cue: a.inherited || speaker == nil ? "" : (a.cue?.verb ?? ""), confidence: speaker == nil ? 0 : min(1, max(0, a.confidence)),
                continued: a.continued, inherited: a.inherited))
        }
        for (key, i) in index {
            var spans = extra[i]
            if case .entity(let e) = key { spans += mentions.filter { $0.entity == e }.map { TextSpan(start: $0.start, end: $0.end) } }
            speakers[i].mentions = Array(Set(spans)).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            if case .entity(let e) = key {
                let (role, org) = apposition(of: e)
                if speakers[i].organization.isEmpty, let org { speakers[i].organization = org }
                if speakers[i].title.isEmpty, let role { speakers[i].title = role }
            }
        }
        quotes.sort { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
        return QuoteExtraction(quotes: quotes, speakers: speakers)
    }

    private func makeSpeaker(_ res: Resolution) -> QuoteSpeaker {
        guard case .entity(let e) = res.key else {
            return QuoteSpeaker(name: res.name, kind: .other, title: "", organization: res.organization ?? "", mentions: [])
        }
        var title = titleWords(e).isEmpty ? "" : entities[e].title ?? ""
        if title.isEmpty, let role = res.role { title = role }
        return QuoteSpeaker(name: entities[e].name, kind: kind(e), title: title, organization: res.organization ?? "", mentions: [])
    }

    /// A role and an organisation the text ties a person to: the organisation in their title
    /// ("Kremlin spokesman"), or both in an apposition after their name ("Jonas Berg, general
    /// secretary of the Fishers' League", "Maria Lopez, chief economist at Harbor Bank").
    func apposition(of e: Int) -> (role: String?, org: String?) {
        guard isPerson(e) else { return (nil, nil) }
        var role: String? = nil
        if let org = titleOrganisation(of: e) { return (nil, org) }
        for m in mentions where m.entity == e && m.tokEnd > m.tokStart {
            var k = m.tokEnd
            guard k < toks.count, toks[k].isPunct(",") else { continue }
            k += 1
            let roleStart = k
            let limit = min(toks.count, k + 8)
            while k < limit, let w = word(k), !toks[k].cap, w != "of" && w != "at" && w != "for" {
                guard !toks[k].cls.contains(.function) || toks[k].cls.contains(.determiners), !toks[k].cls.contains(.speech) else { break }
                k += 1
            }
            guard let w = word(k), w == "of" || w == "at" || w == "for", k > roleStart else { continue }
            if role == nil && (roleStart..<k).contains(where: { toks[$0].cls.contains(.roles) }) {
                var a = roleStart
                while a < k - 1 && toks[a].cls.contains(.determiners) { a += 1 }
                role = phraseText(a, k - 1)
            }
            k += 1
            if toks.indices.contains(k) && toks[k].cls.contains(.determiners) { k += 1 }
            if let o = mentionEntity(k), isOrg(o) { return (role, entities[o].name) }
        }
        return (role, nil)
    }

    /// An organisation named in the person's title ("Kremlin spokesman").
    private func titleOrganisation(of e: Int) -> String? {
        if let t = entities[e].title, !t.isEmpty {
            let title = Array(t.lowercased().utf8)
            for (o, org) in entities.enumerated() where o != e && isOrg(o) {
                let name = Array(org.name.lowercased().utf8)
                if name.count <= title.count && (0...(title.count - name.count)).contains(where: { title[$0..<($0 + name.count)].elementsEqual(name) }) {
                    return org.name
                }
            }
        }
        return nil
    }
}

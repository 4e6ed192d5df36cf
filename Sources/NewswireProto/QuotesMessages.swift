// newswire.analysis.v1's quotes messages (analysis/v1/quotes.proto) and
// newswire.quotes.v1 (quotes/v1/quotes.proto): quotations, speakers, and the
// same remark across the documents of a batch.
import CProtobufC
import NewswireMessages

public enum QuoteKind: UInt32, Sendable {
    case unspecified = 0
    /// A whole quotation in quote marks.
    case direct = 1
    /// Quoted words inside reported speech.
    case partial = 2
    /// Reported speech without marks, with a clear cue.
    case indirect = 3
    /// Scare quotes or a quoted term: no one is being quoted.
    case term = 4
}

/// A person or organisation who speaks in the document, resolved across its mentions.
public struct Speaker: Sendable, Equatable {
    public var name: String
    public var kind: EntityKind
    public var title: String
    public var organization: String
    public var mentions: [Span]
    public init(name: String, kind: EntityKind, title: String = "", organization: String = "", mentions: [Span] = []) {
        self.name = name; self.kind = kind; self.title = title; self.organization = organization; self.mentions = mentions
    }
}

public struct Quote: Sendable, Equatable {
    public var kind: QuoteKind
    public var span: Span
    public var text: String
    /// Index into QuotesResult.speakers plus one; 0 when no speaker was attributed.
    public var speaker: UInt32
    public var speakerMention: Span?
    public var cue: String
    public var confidence: Double
    public var continued: Bool
    public var inherited: Bool
    public init(kind: QuoteKind, span: Span, text: String, speaker: UInt32 = 0, speakerMention: Span? = nil, cue: String = "",
                confidence: Double = 0, continued: Bool = false, inherited: Bool = false) {
        self.kind = kind; self.span = span; self.text = text; self.speaker = speaker; self.speakerMention = speakerMention
        self.cue = cue; self.confidence = confidence; self.continued = continued; self.inherited = inherited
    }
}

public struct QuotesResult: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.QuotesResult"
    public var quotes: [Quote]
    public var speakers: [Speaker]
    public init(quotes: [Quote] = [], speakers: [Speaker] = []) { self.quotes = quotes; self.speakers = speakers }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__quotes_result__unpack, newswire__analysis__v1__quotes_result__free_unpacked, readQuotes)
    }
    public func protobuf() -> [UInt8] { let a = Arena(); return pack(a.quotesResult(self)) }

    /// The speaker of `quote`, if it has one.
    public func speaker(of quote: Quote) -> Speaker? {
        quote.speaker > 0 && Int(quote.speaker) <= speakers.count ? speakers[Int(quote.speaker) - 1] : nil
    }
}

/// One quotation inside a QuoteGroup.
public struct QuoteOccurrence: Sendable, Equatable {
    /// Index of the document in the batch.
    public var document: UInt32
    public var documentID: String
    /// Index into that document's QuotesResult.quotes.
    public var quote: UInt32
    public var similarity: Double
    public init(document: UInt32, documentID: String, quote: UInt32, similarity: Double) {
        self.document = document; self.documentID = documentID; self.quote = quote; self.similarity = similarity
    }
}

/// The same remark, reported by several documents of one batch.
public struct QuoteGroup: Sendable, Equatable {
    public var speaker: String
    public var text: String
    public var occurrences: [QuoteOccurrence]
    public init(speaker: String, text: String, occurrences: [QuoteOccurrence]) {
        self.speaker = speaker; self.text = text; self.occurrences = occurrences
    }
}

/// newswire.quotes.v1.ExtractRequest
public struct QuotesExtractRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.quotes.v1.ExtractRequest"
    public var text: String
    public init(text: String) { self.text = text }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__quotes__v1__extract_request__unpack, newswire__quotes__v1__extract_request__free_unpacked) {
            QuotesExtractRequest(text: string($0.pointee.text))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Quotes__V1__ExtractRequest> = a.message(newswire__quotes__v1__extract_request__init)
        m.pointee.text = a.string(text)
        return pack(m)
    }
}

// MARK: Readers (used by AnalysisMessages.swift for DocumentAnalysis.quotes and BatchAnalysis.quote_groups)

private func readQuoteSpan(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__Span>) -> Span { Span(start: p.pointee.start, end: p.pointee.end) }

func readQuotes(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__QuotesResult>) -> QuotesResult {
    let r = p.pointee
    return QuotesResult(
        quotes: array(r.quotes, r.n_quotes) { q in
            let v = q.pointee
            return Quote(kind: QuoteKind(rawValue: v.kind.rawValue) ?? .unspecified, span: v.span.map(readQuoteSpan) ?? Span(start: 0, end: 0),
                         text: string(v.text), speaker: v.speaker, speakerMention: v.speaker_mention.map(readQuoteSpan), cue: string(v.cue),
                         confidence: v.confidence, continued: v.continued != 0, inherited: v.inherited != 0)
        },
        speakers: array(r.speakers, r.n_speakers) { s in
            let v = s.pointee
            return Speaker(name: string(v.name), kind: EntityKind(rawValue: v.kind.rawValue) ?? .other, title: string(v.title),
                           organization: string(v.organization), mentions: array(v.mentions, v.n_mentions, readQuoteSpan))
        })
}

func readQuoteGroup(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__QuoteGroup>) -> QuoteGroup {
    let g = p.pointee
    return QuoteGroup(speaker: string(g.speaker), text: string(g.text), occurrences: array(g.occurrences, g.n_occurrences) { o in
        QuoteOccurrence(document: o.pointee.document, documentID: string(o.pointee.document_id), quote: o.pointee.quote, similarity: o.pointee.similarity)
    })
}

// MARK: Writers

extension Arena {
    private func quoteSpan(_ s: Span) -> UnsafeMutablePointer<Newswire__Analysis__V1__Span> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__Span> = message(newswire__analysis__v1__span__init)
        p.pointee.start = s.start; p.pointee.end = s.end
        return p
    }

    func quotesResult(_ r: QuotesResult) -> UnsafeMutablePointer<Newswire__Analysis__V1__QuotesResult> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__QuotesResult> = message(newswire__analysis__v1__quotes_result__init)
        let quotes = r.quotes.map { q in
            let m: UnsafeMutablePointer<Newswire__Analysis__V1__Quote> = message(newswire__analysis__v1__quote__init)
            m.pointee.kind = Newswire__Analysis__V1__QuoteKind(rawValue: q.kind.rawValue)
            m.pointee.span = quoteSpan(q.span)
            m.pointee.text = string(q.text)
            m.pointee.speaker = q.speaker
            if let s = q.speakerMention { m.pointee.speaker_mention = quoteSpan(s) }
            m.pointee.cue = string(q.cue)
            m.pointee.confidence = q.confidence
            m.pointee.continued = q.continued ? 1 : 0
            m.pointee.inherited = q.inherited ? 1 : 0
            return m
        }
        p.pointee.n_quotes = quotes.count
        p.pointee.quotes = pointers(quotes)
        let speakers = r.speakers.map { s in
            let m: UnsafeMutablePointer<Newswire__Analysis__V1__Speaker> = message(newswire__analysis__v1__speaker__init)
            m.pointee.name = string(s.name)
            m.pointee.kind = Newswire__Analysis__V1__EntityKind(rawValue: s.kind.rawValue)
            m.pointee.title = string(s.title)
            m.pointee.organization = string(s.organization)
            let mentions = s.mentions.map { quoteSpan($0) }
            m.pointee.n_mentions = mentions.count
            m.pointee.mentions = pointers(mentions)
            return m
        }
        p.pointee.n_speakers = speakers.count
        p.pointee.speakers = pointers(speakers)
        return p
    }

    func quoteGroups(_ groups: [QuoteGroup]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Analysis__V1__QuoteGroup>?>?) {
        let items = groups.map { g in
            let m: UnsafeMutablePointer<Newswire__Analysis__V1__QuoteGroup> = message(newswire__analysis__v1__quote_group__init)
            m.pointee.speaker = string(g.speaker)
            m.pointee.text = string(g.text)
            let occ = g.occurrences.map { o in
                let q: UnsafeMutablePointer<Newswire__Analysis__V1__QuoteOccurrence> = message(newswire__analysis__v1__quote_occurrence__init)
                q.pointee.document = o.document
                q.pointee.document_id = string(o.documentID)
                q.pointee.quote = o.quote
                q.pointee.similarity = o.similarity
                return q
            }
            m.pointee.n_occurrences = occ.count
            m.pointee.occurrences = pointers(occ)
            return m
        }
        return (items.count, pointers(items))
    }
}

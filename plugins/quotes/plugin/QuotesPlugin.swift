// The quotes plugin: quotations and their speakers in each article (Analyze,
// Extract), and the same remark across the articles of a batch (AnalyzeBatch).
// The work is QuoteExtractor's and QuoteMatcher's; this file converts.
import NewswirePluginKit
import NewswireProto
import NewswireText
import QuoteExtractor
import QuoteMatcher

final class QuotesPlugin: NewswirePlugin {
    static let info = PluginInfo(
        name: "quotes", version: "1.0.0",
        summary: "Quotations with their speakers, resolved across the article; the same remark across articles",
        services: [PluginService("newswire.quotes.v1.Quotes", methods: [
            .unary("Analyze", request: AnalyzerRequest.protoName, response: DocumentAnalysis.protoName),
            .unary("AnalyzeBatch", request: AnalyzerBatchRequest.protoName, response: BatchAnalysis.protoName),
            .unary("Extract", request: QuotesExtractRequest.protoName, response: QuotesResult.protoName),
        ])])

    init(context: PluginContext) throws(PluginError) {
        if let (key, value) = context.settings.first {
            throw .invalidArgument("the quotes plugin takes no settings (got \(key)=\(value))")
        }
    }

    func handle(_ call: PluginCall) throws(PluginError) {
        switch call.method {
        case "Analyze":
            guard let req = try? AnalyzerRequest(protobuf: call.request) else { throw .invalidArgument("request is not a valid AnalyzerRequest") }
            call.send(DocumentAnalysis(quotes: Self.extract(req.document.text)).protobuf())
        case "AnalyzeBatch":
            guard let req = try? AnalyzerBatchRequest(protobuf: call.request) else { throw .invalidArgument("request is not a valid AnalyzerBatchRequest") }
            call.send(BatchAnalysis(quoteGroups: Self.groups(req)).protobuf())
        case "Extract":
            guard let req = try? QuotesExtractRequest(protobuf: call.request) else { throw .invalidArgument("request is not a valid ExtractRequest") }
            // Invalid UTF-8 reaches us repaired to U+FFFD; offsets into it would not be the caller's.
            if req.text.unicodeScalars.contains("\u{FFFD}") { throw .invalidArgument("text has invalid UTF-8 (or U+FFFD)") }
            call.send(Self.extract(req.text).protobuf())
        default:
            throw .unimplemented("no method \(call.method)")
        }
    }

    static func extract(_ text: String) -> QuotesResult {
        let found = QuoteExtractor.extract(text)
        func span(_ s: TextSpan) -> Span { Span(start: UInt32(s.start), end: UInt32(s.end)) }
        return QuotesResult(
            quotes: found.quotes.map { q in
                let kind: QuoteKind
                switch q.kind {
                case .direct: kind = .direct
                case .partial: kind = .partial
                case .indirect: kind = .indirect
                case .term: kind = .term
                }
                return Quote(kind: kind, span: span(q.span), text: q.text, speaker: q.speaker.map { UInt32($0 + 1) } ?? 0,
                             speakerMention: q.speakerMention.map(span), cue: q.cue, confidence: q.confidence,
                             continued: q.continued, inherited: q.inherited)
            },
            speakers: found.speakers.map { s in
                let kind: NewswireProto.EntityKind
                switch s.kind {
                case .person: kind = .person
                case .organization: kind = .organization
                case .place: kind = .place
                case .other: kind = .other
                }
                return Speaker(name: s.name, kind: kind, title: s.title, organization: s.organization, mentions: s.mentions.map(span))
            })
    }

    /// The batch's quote groups: each document's quotations (its own answer, or extracted again
    /// where the answer is missing) with a speaker, matched across documents.
    static func groups(_ req: AnalyzerBatchRequest) -> [QuoteGroup] {
        var candidates: [MatchCandidate] = []
        for (d, doc) in req.documents.enumerated() {
            let result = (d < req.analyses.count ? req.analyses[d].quotes : nil) ?? extract(doc.text)
            for (i, q) in result.quotes.enumerated() where q.kind != .term {
                guard let s = result.speaker(of: q) else { continue }
                candidates.append(MatchCandidate(document: d, quote: i, speaker: s.name, text: q.text))
            }
        }
        return QuoteMatcher.group(candidates).map { g in
            QuoteGroup(speaker: g.speaker, text: g.text, occurrences: g.members.map {
                QuoteOccurrence(document: UInt32($0.document), documentID: req.documents[$0.document].id, quote: UInt32($0.quote),
                                similarity: $0.similarity)
            })
        }
    }
}

@_cdecl("newswire_plugin_entry")
public func newswirePluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: QuotesPlugin.self) }

// The sentiment plugin: a VADER-class score for every sentence, for the whole
// document, and for each person, organisation or place the document names (the
// mean of the sentences that mention it).
import NewswirePluginKit
import NewswireProto
import NewswireText
import SentimentScorer

final class SentimentPlugin: NewswirePlugin {
    static let info = PluginInfo(
        name: "sentiment", version: "1.0.0",
        summary: "Sentence, document and per-entity sentiment (VADER-class lexicon and rules)",
        services: [PluginService("newswire.sentiment.v1.Sentiment", methods: [
            .unary("Analyze", request: AnalyzerRequest.protoName, response: DocumentAnalysis.protoName),
            .unary("Score", request: SentimentScoreRequest.protoName, response: SentimentResult.protoName),
        ])])

    let scorer: SentimentAnalyzer

    init(context: PluginContext) throws(PluginError) {
        if let (key, value) = context.settings.first {
            throw .invalidArgument("the sentiment plugin takes no settings (got \(key)=\(value))")
        }
        scorer = SentimentAnalyzer.bundled
        context.log(.info, "lexicon of \(scorer.lexiconSize) entries")
    }

    func handle(_ call: PluginCall) throws(PluginError) {
        switch call.method {
        case "Analyze":
            guard let req = try? AnalyzerRequest(protobuf: call.request) else { throw .invalidArgument("request is not a valid AnalyzerRequest") }
            call.send(analyse(req.document.text).encodedAsDocumentAnalysis())
        case "Score":
            guard let req = try? SentimentScoreRequest(protobuf: call.request) else { throw .invalidArgument("request is not a valid ScoreRequest") }
            call.send(analyse(req.text).encoded())
        default:
            throw .unimplemented("no method \(call.method)")
        }
    }

    func analyse(_ text: String) -> SentimentResult {
        let spans = SentenceSplitter.split(text)
        // Sentence spans fall on character boundaries, so each sentence is scored straight from
        // the text's UTF-8 bytes (the same as scoring `text.slice(span)`).
        var utf8 = text
        let scratch = SentimentScratch()
        let sentences = utf8.withUTF8 { bytes in
            spans.map { span in
                let s = max(0, min(span.start, bytes.count)), e = max(s, min(span.end, bytes.count))
                return SentenceSentiment(span: Span(start: UInt32(span.start), end: UInt32(span.end)),
                                         score: convert(scorer.score(utf8: UnsafeBufferPointer(rebasing: bytes[s..<e]), scratch: scratch)))
            }
        }
        let entities = EntityFinder.find(in: text, sentences: spans).compactMap { entity -> EntitySentiment? in
            // People, organisations and places (countries act as parties in the news); not "other".
            let kind: NewswireProto.EntityKind
            switch entity.kind {
            case .person: kind = .person
            case .organization: kind = .organization
            case .place: kind = .place
            case .other: return nil
            }
            var indexes: [UInt32] = []
            var m = 0
            for (i, s) in spans.enumerated() {
                while m < entity.mentions.count && entity.mentions[m].start < s.start { m += 1 }
                if m < entity.mentions.count && entity.mentions[m].start < s.end { indexes.append(UInt32(i)) }
            }
            return EntitySentiment(
                name: entity.name, kind: kind, title: entity.title ?? "",
                mentions: entity.mentions.map { Span(start: UInt32($0.start), end: UInt32($0.end)) },
                sentences: indexes, score: mean(indexes.map { sentences[Int($0)].score }))
        }
        return SentimentResult(document: mean(sentences.map(\.score)), sentences: sentences, entities: entities)
    }

    func convert(_ s: SentimentScores) -> SentimentScore {
        SentimentScore(compound: s.compound, positive: s.positive, negative: s.negative, neutral: s.neutral)
    }

    func mean(_ scores: [SentimentScore]) -> SentimentScore {
        guard !scores.isEmpty else { return .zero }
        let n = Double(scores.count)
        return SentimentScore(compound: scores.reduce(0) { $0 + $1.compound } / n, positive: scores.reduce(0) { $0 + $1.positive } / n,
                              negative: scores.reduce(0) { $0 + $1.negative } / n, neutral: scores.reduce(0) { $0 + $1.neutral } / n)
    }
}

@_cdecl("newswire_plugin_entry")
public func newswirePluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: SentimentPlugin.self) }

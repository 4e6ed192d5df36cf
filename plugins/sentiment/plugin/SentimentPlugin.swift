// The sentiment plugin: a VADER-class score for every sentence, for the whole
// document, and for each person, organisation or place the document names (the
// mean of the sentences that mention it).
import NewswirePluginKit
import NewswireProto
import NewswireText
import SentimentScorer
import Synchronization

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
            // The document's text only, straight from the request; the answer written straight
            // to protobuf bytes (a DocumentAnalysis with its sentiment field).
            guard let response = try? AnalyzerRequest.withDocumentText(protobuf: call.request, {
                analyse($0, asDocumentAnalysis: true)
            }) else { throw .invalidArgument("request is not a valid AnalyzerRequest") }
            call.send(response)
        case "Score":
            guard let response = try? SentimentScoreRequest.withText(protobuf: call.request, { text, skipEntities in
                analyse(text, asDocumentAnalysis: false, entities: !skipEntities)
            }) else { throw .invalidArgument("request is not a valid ScoreRequest") }
            call.send(response)
        default:
            throw .unimplemented("no method \(call.method)")
        }
    }

    /// The SentimentResult of the UTF-8 text `text`, as protobuf bytes (inside a DocumentAnalysis
    /// when `asDocumentAnalysis`; without its entities unless `entities`).
    func analyse(_ text: UnsafeBufferPointer<UInt8>, asDocumentAnalysis: Bool, entities: Bool = true) -> [UInt8] {
        let spans = SentenceSplitter.split(utf8: text)
        // Sentence spans fall on character boundaries, so each sentence is scored straight from
        // the text's UTF-8 bytes (the same as scoring `text.slice(span)`), in one working memory.
        let n = text.count
        let box = ScratchPool.take()
        defer { ScratchPool.give(back: box, textLength: n) }
        let scratch = box.scratch
        let sentences = spans.map { span in
            let s = max(0, min(span.start, n)), e = max(s, min(span.end, n))
            return convert(scorer.score(utf8: UnsafeBufferPointer(rebasing: text[s..<e]), scratch: scratch))
        }
        let out = SentimentResultWriter(asDocumentAnalysis: asDocumentAnalysis, capacity: 512 + 160 * spans.count)
        out.document(mean(sentences))
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * spans.count) { pairs in
            for (k, span) in spans.enumerated() { pairs[2 * k] = UInt32(span.start); pairs[2 * k + 1] = UInt32(span.end) }
            sentences.withUnsafeBufferPointer { out.sentences(spans: UnsafeBufferPointer(pairs), scores: $0) }
        }
        guard entities else { return out.finish() }
        // Each entity written as the finder holds it (no Strings or arrays made for it).
        SentenceLookup.with(spans, textLength: n) { sentenceOf in
            EntityFinder.forEach(utf8: text, sentences: spans, skippingOther: true) { entity in
                // People, organisations and places (countries act as parties in the news); not "other"
                // (which the finder leaves out here).
                let kind: NewswireProto.EntityKind
                switch entity.kind {
                case .person: kind = .person
                case .organization: kind = .organization
                case .place: kind = .place
                case .other: return
                }
                let mentions = entity.mentions
                // The mentions as (start, end) pairs, and the sentences holding a mention: both lists
                // are in text order, so a sentence is a repeat only of the one before it. (In the
                // box's memory: one for every entity, not a temporary allocation each.)
                do {
                    let memory = box.entityMemory(atLeast: 3 * mentions.count)
                    var spanCount = 0, sentenceCount = 0
                    var last = -1
                    for mention in mentions {
                        // (Offsets in the text, below 2^31: the finder takes no longer text.)
                        memory[spanCount] = UInt32(truncatingIfNeeded: mention.start)
                        memory[spanCount + 1] = UInt32(truncatingIfNeeded: mention.end)
                        spanCount += 2
                        if let s = sentenceOf.sentence(holding: mention.start), s != last {
                            memory[2 * mentions.count + sentenceCount] = UInt32(truncatingIfNeeded: s)
                            sentenceCount += 1
                            last = s
                        }
                    }
                    let held = UnsafeBufferPointer(rebasing: memory[(2 * mentions.count)..<(2 * mentions.count + sentenceCount)])
                    out.entity(name: entity.name, kind: kind, title: entity.title,
                               mentions: UnsafeBufferPointer(rebasing: memory[0..<spanCount]),
                               sentences: held, score: mean(of: held, sentences))
                }
            }
        }
        return out.finish()
    }

    func convert(_ s: SentimentScores) -> SentimentScore {
        SentimentScore(compound: s.compound, positive: s.positive, negative: s.negative, neutral: s.neutral)
    }

    /// The mean of all the scores (each component summed in order from the first, then divided).
    func mean(_ scores: [SentimentScore]) -> SentimentScore {
        guard !scores.isEmpty else { return .zero }
        var c = 0.0, p = 0.0, g = 0.0, u = 0.0
        for s in scores { c += s.compound; p += s.positive; g += s.negative; u += s.neutral }
        let n = Double(scores.count)
        return SentimentScore(compound: c / n, positive: p / n, negative: g / n, neutral: u / n)
    }

    /// The mean of the scores at `indexes`, the same way. (The four sums are kept side by side in
    /// one pass: each still adds the same values in the same order.)
    @inline(__always)
    func mean(of indexes: UnsafeBufferPointer<UInt32>, _ scores: [SentimentScore]) -> SentimentScore {
        guard !indexes.isEmpty else { return .zero }
        var c = 0.0, p = 0.0, g = 0.0, u = 0.0
        for i in indexes { let s = scores[Int(i)]; c += s.compound; p += s.positive; g += s.negative; u += s.neutral }
        let n = Double(indexes.count)
        return SentimentScore(compound: c / n, positive: p / n, negative: g / n, neutral: u / n)
    }
}

/// Working memory for scoring, kept for the next document (a new one would allocate its memory
/// and grow it for each). A box is used by one call at a time: taken from the pool under its lock
/// and given back after the document; the pool keeps a few, for the calls served at once. A
/// scratch grows to the longest sentence it has scored, so one that served a long text is freed.
final class ScratchBox: @unchecked Sendable {
    let scratch = SentimentScratch()
    /// Room for an entity's mention pairs and sentence indexes (`analyse`), grown as needed.
    private var entityMemory = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: 256)

    /// `entityMemory`, with room for `count` values at least (not initialised).
    @inline(__always)
    func entityMemory(atLeast count: Int) -> UnsafeMutableBufferPointer<UInt32> {
        if entityMemory.count < count { grow(count) }
        return entityMemory
    }

    @inline(never)
    private func grow(_ count: Int) {
        entityMemory.deallocate()
        entityMemory = .allocate(capacity: max(count, 2 * entityMemory.count))
    }

    deinit { entityMemory.deallocate() }
}

enum ScratchPool {
    private static let pool = Mutex<[ScratchBox]>([])
    private static let kept = 8
    static let largestKeptText = 64 * 1024

    static func take() -> ScratchBox { pool.withLock { $0.popLast() } ?? ScratchBox() }

    static func give(back box: ScratchBox, textLength: Int) {
        guard textLength <= largestKeptText else { return }
        pool.withLock { if $0.count < kept { $0.append(box) } }
    }
}

/// The sentence holding a byte offset, by a table of 64-byte blocks: for each block, the first
/// sentence ending after the block's start; from there, a step or two forward. (The same answer
/// as a binary search of the sentences: they are in text order and do not overlap, so their ends
/// increase.)
struct SentenceLookup {
    let spans: [TextSpan]
    private let firstEndingAfter: UnsafeMutableBufferPointer<Int32>
    private static let blockShift = 6

    /// Calls `body` with the lookup of `spans` in a text of `n` bytes (its table in temporary memory).
    static func with<R>(_ spans: [TextSpan], textLength n: Int, _ body: (SentenceLookup) -> R) -> R {
        let blocks = (max(n, 0) >> blockShift) + 1
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: blocks) { table in
            var j = 0
            for b in 0..<blocks {
                let at = b << blockShift
                while j < spans.count && spans[j].end <= at { j += 1 }
                table[b] = Int32(truncatingIfNeeded: j)
            }
            return body(SentenceLookup(spans: spans, firstEndingAfter: table))
        }
    }

    /// The index of the first sentence ending after `offset`, if it starts at or before it.
    @inline(__always)
    func sentence(holding offset: Int) -> Int? {
        var j = Int(firstEndingAfter[min(max(offset, 0) >> SentenceLookup.blockShift, firstEndingAfter.count - 1)])
        while j < spans.count && spans[j].end <= offset { j += 1 }
        return j < spans.count && spans[j].start <= offset ? j : nil
    }
}

@_cdecl("newswire_plugin_entry")
public func newswirePluginEntry() -> UnsafeRawPointer { PluginExport.descriptor(for: SentimentPlugin.self) }

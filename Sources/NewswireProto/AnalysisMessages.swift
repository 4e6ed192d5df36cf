// newswire.analysis.v1 and newswire.sentiment.v1: documents, spans, results.
import CProtobufC
import NewswireMessages

public struct Document: Sendable, Equatable {
    public var id: String
    public var title: String
    public var text: String
    public var source: String
    public var url: String
    public var publishedUnixMs: Int64
    public var language: String
    public init(id: String = "", title: String = "", text: String, source: String = "", url: String = "",
                publishedUnixMs: Int64 = 0, language: String = "") {
        self.id = id; self.title = title; self.text = text; self.source = source; self.url = url
        self.publishedUnixMs = publishedUnixMs; self.language = language
    }
}

/// [start, end) in UTF-8 bytes of the document's text.
public struct Span: Sendable, Equatable, Hashable {
    public var start: UInt32
    public var end: UInt32
    public init(start: UInt32, end: UInt32) { self.start = start; self.end = end }
}

public struct SentimentScore: Sendable, Equatable {
    public var compound: Double, positive: Double, negative: Double, neutral: Double
    public init(compound: Double, positive: Double, negative: Double, neutral: Double) {
        self.compound = compound; self.positive = positive; self.negative = negative; self.neutral = neutral
    }
    public static let zero = SentimentScore(compound: 0, positive: 0, negative: 0, neutral: 0)
}

public struct SentenceSentiment: Sendable, Equatable {
    public var span: Span
    public var score: SentimentScore
    public init(span: Span, score: SentimentScore) { self.span = span; self.score = score }
}

public enum EntityKind: UInt32, Sendable { case unspecified = 0, person = 1, organization = 2, place = 3, other = 4 }

public struct EntitySentiment: Sendable, Equatable {
    public var name: String
    public var kind: EntityKind
    public var title: String
    public var mentions: [Span]
    public var sentences: [UInt32]
    public var score: SentimentScore
    public init(name: String, kind: EntityKind, title: String, mentions: [Span], sentences: [UInt32], score: SentimentScore) {
        self.name = name; self.kind = kind; self.title = title; self.mentions = mentions; self.sentences = sentences; self.score = score
    }
}

public struct SentimentResult: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.SentimentResult"
    public var document: SentimentScore
    public var sentences: [SentenceSentiment]
    public var entities: [EntitySentiment]
    public init(document: SentimentScore, sentences: [SentenceSentiment], entities: [EntitySentiment]) {
        self.document = document; self.sentences = sentences; self.entities = entities
    }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__sentiment_result__unpack, newswire__analysis__v1__sentiment_result__free_unpacked, readSentiment)
    }
    public func protobuf() -> [UInt8] { let a = Arena(); return pack(a.sentiment(self)) }
}

public struct ExtensionResult: Sendable, Equatable {
    public var analyzer: String, type: String, value: [UInt8]
    public init(analyzer: String, type: String, value: [UInt8]) { self.analyzer = analyzer; self.type = type; self.value = value }
}

public struct AnalyzerError: Error, Sendable, Equatable {
    public var analyzer: String, code: UInt32, message: String
    public init(analyzer: String, code: UInt32, message: String) { self.analyzer = analyzer; self.code = code; self.message = message }
}

public struct DocumentAnalysis: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.DocumentAnalysis"
    public var documentID: String
    public var index: UInt32
    public var sentiment: SentimentResult?
    public var quotes: QuotesResult?
    /// The dedup analyzer's repeated paragraphs and headlines (DedupMessages.swift).
    public var duplicates: DuplicatesResult? = nil
    public var extensions: [ExtensionResult]
    public var errors: [AnalyzerError]
    public init(documentID: String = "", index: UInt32 = 0, sentiment: SentimentResult? = nil, quotes: QuotesResult? = nil,
                extensions: [ExtensionResult] = [], errors: [AnalyzerError] = []) {
        self.documentID = documentID; self.index = index; self.sentiment = sentiment; self.quotes = quotes
        self.extensions = extensions; self.errors = errors
    }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__document_analysis__unpack, newswire__analysis__v1__document_analysis__free_unpacked, readAnalysis)
    }
    public func protobuf() -> [UInt8] { let a = Arena(); return pack(a.analysis(self)) }

    /// Whether `bytes` parse as a DocumentAnalysis (for checking a plugin's answer).
    public static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        parses(bytes, newswire__analysis__v1__document_analysis__unpack, newswire__analysis__v1__document_analysis__free_unpacked)
    }
}

public struct AnalyzeRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.AnalyzeRequest"
    public var documents: [Document]
    public var analyzers: [String]
    public init(documents: [Document], analyzers: [String] = []) { self.documents = documents; self.analyzers = analyzers }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__analyze_request__unpack, newswire__analysis__v1__analyze_request__free_unpacked) { p in
            AnalyzeRequest(documents: array(p.pointee.documents, p.pointee.n_documents, readDocument),
                           analyzers: strings(p.pointee.analyzers, p.pointee.n_analyzers))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzeRequest> = a.message(newswire__analysis__v1__analyze_request__init)
        let docs = documents.map { a.document($0) }
        m.pointee.n_documents = docs.count
        m.pointee.documents = a.pointers(docs)
        (m.pointee.n_analyzers, m.pointee.analyzers) = a.strings(analyzers)
        return pack(m)
    }
}

/// What analyzers find across the documents of one Analyze batch.
public struct BatchAnalysis: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.BatchAnalysis"
    public var quoteGroups: [QuoteGroup]
    /// The dedup analyzer's near-duplicate clusters (DedupMessages.swift).
    public var duplicateClusters: [DuplicateCluster] = []
    public var extensions: [ExtensionResult]
    public var errors: [AnalyzerError]
    public init(quoteGroups: [QuoteGroup] = [], extensions: [ExtensionResult] = [], errors: [AnalyzerError] = []) {
        self.quoteGroups = quoteGroups; self.extensions = extensions; self.errors = errors
    }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__batch_analysis__unpack, newswire__analysis__v1__batch_analysis__free_unpacked, readBatch)
    }
    public func protobuf() -> [UInt8] { let a = Arena(); return pack(a.batch(self)) }

    /// Whether `bytes` parse as a BatchAnalysis (for checking a plugin's answer).
    public static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        parses(bytes, newswire__analysis__v1__batch_analysis__unpack, newswire__analysis__v1__batch_analysis__free_unpacked)
    }
}

public struct AnalyzeResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.AnalyzeResponse"
    public var results: [DocumentAnalysis]
    public var batch: BatchAnalysis?
    public init(results: [DocumentAnalysis], batch: BatchAnalysis? = nil) { self.results = results; self.batch = batch }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__analyze_response__unpack, newswire__analysis__v1__analyze_response__free_unpacked) { p in
            AnalyzeResponse(results: array(p.pointee.results, p.pointee.n_results, readAnalysis), batch: p.pointee.batch.map(readBatch))
        }
    }
    public func protobuf() -> [UInt8] {
        var out: [UInt8] = []
        for r in results { ProtoWire.appendMessageField(1, r.protobuf(), to: &out) }
        if let batch { ProtoWire.appendMessageField(2, batch.protobuf(), to: &out) }
        return out
    }
}

/// What the server sends an analyzer plugin's AnalyzeBatch method.
public struct AnalyzerBatchRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.AnalyzerBatchRequest"
    public var documents: [Document]
    /// The analyzer's own answer for each document, index-aligned with `documents`.
    public var analyses: [DocumentAnalysis]
    public init(documents: [Document], analyses: [DocumentAnalysis]) { self.documents = documents; self.analyses = analyses }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__analyzer_batch_request__unpack, newswire__analysis__v1__analyzer_batch_request__free_unpacked) { p in
            AnalyzerBatchRequest(documents: array(p.pointee.documents, p.pointee.n_documents, readDocument),
                                 analyses: array(p.pointee.analyses, p.pointee.n_analyses, readAnalysis))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzerBatchRequest> = a.message(newswire__analysis__v1__analyzer_batch_request__init)
        let docs = documents.map { a.document($0) }
        m.pointee.n_documents = docs.count
        m.pointee.documents = a.pointers(docs)
        let analyses = analyses.map { a.analysis($0) }
        m.pointee.n_analyses = analyses.count
        m.pointee.analyses = a.pointers(analyses)
        return pack(m)
    }
}

public struct AnalyzeStreamRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.AnalyzeStreamRequest"
    public var document: Document
    public var analyzers: [String]
    public init(document: Document, analyzers: [String] = []) { self.document = document; self.analyzers = analyzers }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__analyze_stream_request__unpack, newswire__analysis__v1__analyze_stream_request__free_unpacked) { p in
            AnalyzeStreamRequest(document: p.pointee.document.map(readDocument) ?? Document(text: ""),
                                 analyzers: strings(p.pointee.analyzers, p.pointee.n_analyzers))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzeStreamRequest> = a.message(newswire__analysis__v1__analyze_stream_request__init)
        m.pointee.document = a.document(document)
        (m.pointee.n_analyzers, m.pointee.analyzers) = a.strings(analyzers)
        return pack(m)
    }
}

/// What the server sends an analyzer plugin.
public struct AnalyzerRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.AnalyzerRequest"
    public var document: Document
    public init(document: Document) { self.document = document }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__analyzer_request__unpack, newswire__analysis__v1__analyzer_request__free_unpacked) { p in
            AnalyzerRequest(document: p.pointee.document.map(readDocument) ?? Document(text: ""))
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzerRequest> = a.message(newswire__analysis__v1__analyzer_request__init)
        m.pointee.document = a.document(document)
        return pack(m)
    }
}

public struct AnalyzerInfo: Sendable, Equatable {
    public var name: String, pluginVersion: String, method: String
    /// Its AnalyzeBatch method; empty when it has none.
    public var batchMethod: String
    public init(name: String, pluginVersion: String, method: String, batchMethod: String = "") {
        self.name = name; self.pluginVersion = pluginVersion; self.method = method; self.batchMethod = batchMethod
    }
}

public struct ListAnalyzersRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.ListAnalyzersRequest"
    public init() {}
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__list_analyzers_request__unpack, newswire__analysis__v1__list_analyzers_request__free_unpacked) { _ in ListAnalyzersRequest() }
    }
    public func protobuf() -> [UInt8] { [] }
}

public struct ListAnalyzersResponse: ProtoMessage, Equatable {
    public static let protoName = "newswire.analysis.v1.ListAnalyzersResponse"
    public var analyzers: [AnalyzerInfo]
    public init(analyzers: [AnalyzerInfo]) { self.analyzers = analyzers }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__analysis__v1__list_analyzers_response__unpack, newswire__analysis__v1__list_analyzers_response__free_unpacked) { p in
            ListAnalyzersResponse(analyzers: array(p.pointee.analyzers, p.pointee.n_analyzers) {
                AnalyzerInfo(name: string($0.pointee.name), pluginVersion: string($0.pointee.plugin_version), method: string($0.pointee.method),
                             batchMethod: string($0.pointee.batch_method))
            })
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Analysis__V1__ListAnalyzersResponse> = a.message(newswire__analysis__v1__list_analyzers_response__init)
        let items = analyzers.map { i in
            let p: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzerInfo> = a.message(newswire__analysis__v1__analyzer_info__init)
            p.pointee.name = a.string(i.name)
            p.pointee.plugin_version = a.string(i.pluginVersion)
            p.pointee.method = a.string(i.method)
            p.pointee.batch_method = a.string(i.batchMethod)
            return p
        }
        m.pointee.n_analyzers = items.count
        m.pointee.analyzers = a.pointers(items)
        return pack(m)
    }
}

/// newswire.sentiment.v1.ScoreRequest
public struct SentimentScoreRequest: ProtoMessage, Equatable {
    public static let protoName = "newswire.sentiment.v1.ScoreRequest"
    public var text: String
    /// Sentence and document scores only, no entities.
    public var skipEntities: Bool
    public init(text: String, skipEntities: Bool = false) { self.text = text; self.skipEntities = skipEntities }
    public init(protobuf b: [UInt8]) throws(ProtoDecodingError) {
        self = try unpack(b, as: Self.protoName, newswire__sentiment__v1__score_request__unpack, newswire__sentiment__v1__score_request__free_unpacked) {
            SentimentScoreRequest(text: string($0.pointee.text), skipEntities: $0.pointee.skip_entities != 0)
        }
    }
    public func protobuf() -> [UInt8] {
        let a = Arena()
        let m: UnsafeMutablePointer<Newswire__Sentiment__V1__ScoreRequest> = a.message(newswire__sentiment__v1__score_request__init)
        m.pointee.text = a.string(text)
        m.pointee.skip_entities = skipEntities ? 1 : 0
        return pack(m)
    }
}

/// Composing already-encoded messages: a length-delimited field holding `message`.
public enum ProtoWire {
    public static func appendMessageField(_ field: UInt32, _ message: [UInt8], to out: inout [UInt8]) {
        appendVarint(UInt64(field) << 3 | 2, to: &out)
        appendVarint(UInt64(message.count), to: &out)
        out.append(contentsOf: message)
    }

    public static func appendVarint(_ v: UInt64, to out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }
}

// MARK: Readers

func readDocument(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__Document>) -> Document {
    let d = p.pointee
    return Document(id: string(d.id), title: string(d.title), text: string(d.text), source: string(d.source), url: string(d.url),
                    publishedUnixMs: d.published_unix_ms, language: string(d.language))
}

func readSpan(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__Span>) -> Span { Span(start: p.pointee.start, end: p.pointee.end) }

private func readScore(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__SentimentScore>?) -> SentimentScore {
    guard let s = p?.pointee else { return .zero }
    return SentimentScore(compound: s.compound, positive: s.positive, negative: s.negative, neutral: s.neutral)
}

private func readSentiment(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__SentimentResult>) -> SentimentResult {
    let r = p.pointee
    return SentimentResult(
        document: readScore(r.document),
        sentences: array(r.sentences, r.n_sentences) { s in
            SentenceSentiment(span: s.pointee.span.map(readSpan) ?? Span(start: 0, end: 0), score: readScore(s.pointee.score))
        },
        entities: array(r.entities, r.n_entities) { e in
            let v = e.pointee
            return EntitySentiment(name: string(v.name), kind: EntityKind(rawValue: v.kind.rawValue) ?? .other, title: string(v.title),
                                   mentions: array(v.mentions, v.n_mentions, readSpan),
                                   sentences: v.n_sentences > 0 ? Array(UnsafeBufferPointer(start: v.sentences, count: v.n_sentences)) : [],
                                   score: readScore(v.score))
        })
}

private func readAnalysis(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__DocumentAnalysis>) -> DocumentAnalysis {
    let a = p.pointee
    var r = DocumentAnalysis(
        documentID: string(a.document_id), index: a.index, sentiment: a.sentiment.map(readSentiment), quotes: a.quotes.map(readQuotes),
        extensions: array(a.extensions, a.n_extensions, readExtension),
        errors: array(a.errors, a.n_errors, readError))
    r.duplicates = a.duplicates.map(readDuplicates)
    return r
}

private func readExtension(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__ExtensionResult>) -> ExtensionResult {
    ExtensionResult(analyzer: string(p.pointee.analyzer), type: string(p.pointee.type), value: bytes(p.pointee.value))
}

private func readError(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzerError>) -> AnalyzerError {
    AnalyzerError(analyzer: string(p.pointee.analyzer), code: p.pointee.code, message: string(p.pointee.message))
}

private func readBatch(_ p: UnsafeMutablePointer<Newswire__Analysis__V1__BatchAnalysis>) -> BatchAnalysis {
    var r = BatchAnalysis(quoteGroups: array(p.pointee.quote_groups, p.pointee.n_quote_groups, readQuoteGroup),
                          extensions: array(p.pointee.extensions, p.pointee.n_extensions, readExtension),
                          errors: array(p.pointee.errors, p.pointee.n_errors, readError))
    r.duplicateClusters = array(p.pointee.duplicate_clusters, p.pointee.n_duplicate_clusters, readCluster)
    return r
}

func strings(_ p: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ n: Int) -> [String] {
    guard let p, n > 0 else { return [] }
    return (0..<n).map { string(p[$0]) }
}

// MARK: Writers

extension Arena {
    func strings(_ s: [String]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        if s.isEmpty { return (0, nil) }
        let p = allocate(UnsafeMutablePointer<CChar>?.self, count: s.count)
        for (i, v) in s.enumerated() { p[i] = string(v) }
        return (s.count, p)
    }

    func document(_ d: Document) -> UnsafeMutablePointer<Newswire__Analysis__V1__Document> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__Document> = message(newswire__analysis__v1__document__init)
        p.pointee.id = string(d.id); p.pointee.title = string(d.title); p.pointee.text = string(d.text)
        p.pointee.source = string(d.source); p.pointee.url = string(d.url)
        p.pointee.published_unix_ms = d.publishedUnixMs; p.pointee.language = string(d.language)
        return p
    }

    func span(_ s: Span) -> UnsafeMutablePointer<Newswire__Analysis__V1__Span> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__Span> = message(newswire__analysis__v1__span__init)
        p.pointee.start = s.start; p.pointee.end = s.end
        return p
    }

    fileprivate func score(_ s: SentimentScore) -> UnsafeMutablePointer<Newswire__Analysis__V1__SentimentScore> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__SentimentScore> = message(newswire__analysis__v1__sentiment_score__init)
        p.pointee.compound = s.compound; p.pointee.positive = s.positive; p.pointee.negative = s.negative; p.pointee.neutral = s.neutral
        return p
    }

    fileprivate func sentiment(_ r: SentimentResult) -> UnsafeMutablePointer<Newswire__Analysis__V1__SentimentResult> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__SentimentResult> = message(newswire__analysis__v1__sentiment_result__init)
        p.pointee.document = score(r.document)
        let sentences = r.sentences.map { s in
            let q: UnsafeMutablePointer<Newswire__Analysis__V1__SentenceSentiment> = message(newswire__analysis__v1__sentence_sentiment__init)
            q.pointee.span = span(s.span)
            q.pointee.score = score(s.score)
            return q
        }
        p.pointee.n_sentences = sentences.count
        p.pointee.sentences = pointers(sentences)
        let entities = r.entities.map { e in
            let q: UnsafeMutablePointer<Newswire__Analysis__V1__EntitySentiment> = message(newswire__analysis__v1__entity_sentiment__init)
            q.pointee.name = string(e.name)
            q.pointee.kind = Newswire__Analysis__V1__EntityKind(rawValue: e.kind.rawValue)
            q.pointee.title = string(e.title)
            let mentions = e.mentions.map { span($0) }
            q.pointee.n_mentions = mentions.count
            q.pointee.mentions = pointers(mentions)
            if !e.sentences.isEmpty {
                let idx = allocate(UInt32.self, count: e.sentences.count)
                for (i, v) in e.sentences.enumerated() { idx[i] = v }
                q.pointee.n_sentences = e.sentences.count
                q.pointee.sentences = idx
            }
            q.pointee.score = score(e.score)
            return q
        }
        p.pointee.n_entities = entities.count
        p.pointee.entities = pointers(entities)
        return p
    }

    fileprivate func analysis(_ d: DocumentAnalysis) -> UnsafeMutablePointer<Newswire__Analysis__V1__DocumentAnalysis> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__DocumentAnalysis> = message(newswire__analysis__v1__document_analysis__init)
        p.pointee.document_id = string(d.documentID)
        p.pointee.index = d.index
        if let s = d.sentiment { p.pointee.sentiment = sentiment(s) }
        if let q = d.quotes { p.pointee.quotes = quotesResult(q) }
        if let dup = d.duplicates { p.pointee.duplicates = duplicates(dup) }
        (p.pointee.n_extensions, p.pointee.extensions) = extensions(d.extensions)
        (p.pointee.n_errors, p.pointee.errors) = errors(d.errors)
        return p
    }

    fileprivate func batch(_ b: BatchAnalysis) -> UnsafeMutablePointer<Newswire__Analysis__V1__BatchAnalysis> {
        let p: UnsafeMutablePointer<Newswire__Analysis__V1__BatchAnalysis> = message(newswire__analysis__v1__batch_analysis__init)
        (p.pointee.n_quote_groups, p.pointee.quote_groups) = quoteGroups(b.quoteGroups)
        (p.pointee.n_duplicate_clusters, p.pointee.duplicate_clusters) = clusters(b.duplicateClusters)
        (p.pointee.n_extensions, p.pointee.extensions) = extensions(b.extensions)
        (p.pointee.n_errors, p.pointee.errors) = errors(b.errors)
        return p
    }

    private func extensions(_ list: [ExtensionResult]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Analysis__V1__ExtensionResult>?>?) {
        let items = list.map { e in
            let q: UnsafeMutablePointer<Newswire__Analysis__V1__ExtensionResult> = message(newswire__analysis__v1__extension_result__init)
            q.pointee.analyzer = string(e.analyzer); q.pointee.type = string(e.type); q.pointee.value = binary(e.value)
            return q
        }
        return (items.count, pointers(items))
    }

    private func errors(_ list: [AnalyzerError]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzerError>?>?) {
        let items = list.map { e in
            let q: UnsafeMutablePointer<Newswire__Analysis__V1__AnalyzerError> = message(newswire__analysis__v1__analyzer_error__init)
            q.pointee.analyzer = string(e.analyzer); q.pointee.code = e.code; q.pointee.message = string(e.message)
            return q
        }
        return (items.count, pointers(items))
    }
}

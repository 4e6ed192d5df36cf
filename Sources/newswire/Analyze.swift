// newswire analyze / sentiment: articles in, analyses out. One Analyze call for
// a small batch (so analyzers can also report across it), AnalyzeStream for a
// large one: one message per article, answers printed as they come.
import ArgumentParser
import NewswireClient
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How articles travel to the server.
struct AnalysisMode: ParsableArguments {
    @Flag(help: "Send the articles one by one through AnalyzeStream (the default for batches over 1 MiB or 64 articles); no findings across the batch then.")
    var stream = false

    @Option(help: ArgumentHelp("The server's largest request, in bytes (newswired --max-message-size): longer articles are reported, not sent.", valueName: "BYTES"))
    var maxMessageSize = 4 * 1024 * 1024

    /// A batch this small goes as one Analyze call.
    static let batchBytes = 1024 * 1024
    static let batchDocuments = 64
}

struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server's analyzers on articles.",
        discussion: """
        Articles are .txt or .md files (the first line is the title), JSON documents
        ({"id", "title", "text", "source", "url", "publishedUnixMs", "language"}; one per
        file, an array, or one per line), directories of them (recursively), or standard
        input. Exits 1 if an analyzer failed on an article.

        Examples:
          newswire analyze article.txt
          newswire analyze articles/ --only sentiment --json
          cat article.txt | newswire analyze
          newswire analyze --stream feed.jsonl > results.ndjson
        """)
    @OptionGroup var options: ServerOptions
    @Option(name: .customLong("only"), help: ArgumentHelp("Run only this analyzer (repeatable); default: all.", valueName: "ANALYZER"))
    var only: [String] = []
    @OptionGroup var mode: AnalysisMode
    @OptionGroup var input: ArticleInput

    func run() async throws { try await runAnalysis(input: input, analyzers: only, options: options, mode: mode) }
}

struct Sentiment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sentiment of articles: each sentence, the whole, and each person, organisation or place named.",
        discussion: """
        Examples:
          newswire sentiment article.txt
          newswire sentiment --json articles/
        """)
    @OptionGroup var options: ServerOptions
    @OptionGroup var mode: AnalysisMode
    @OptionGroup var input: ArticleInput

    func run() async throws { try await runAnalysis(input: input, analyzers: ["sentiment"], options: options, mode: mode) }
}

/// Reads the articles `input` names and analyses them (see `runAnalysis(_:analyzers:options:mode:)`).
func runAnalysis(input: ArticleInput, analyzers: [String], options: ServerOptions, mode: AnalysisMode = AnalysisMode()) async throws {
    let sources = try input.sources()
    let reading = ProgressBar(total: sources.count, label: "reading")
    var docs: [Document] = []
    for s in sources {
        docs += try ArticleFiles.documents(from: s)
        reading.advance()
    }
    reading.clear()
    try await runAnalysis(docs, analyzers: analyzers, options: options, mode: mode)
}

/// Analyses documents and prints each result (text, or one JSON object per line); exits 1 if an
/// analyzer failed on one, 10 + the status code if the call failed. A small batch goes as one
/// Analyze call; a large one (or with --stream) through AnalyzeStream.
func runAnalysis(_ docs: [Document], analyzers: [String], options: ServerOptions, mode: AnalysisMode = AnalysisMode()) async throws {
    guard !docs.isEmpty else { throw CLIError("no articles to analyse") }
    let client = try options.client()
    let requestSize = docs.reduce(0) { $0 + $1.text.utf8.count + $1.title.utf8.count + 64 }
    let printer = ResultPrinter(json: options.json)
    if !mode.stream && docs.count <= AnalysisMode.batchDocuments && requestSize <= min(AnalysisMode.batchBytes, mode.maxMessageSize) {
        let progress = ProgressBar(total: docs.count, label: "analysing")
        progress.advance(by: 0)
        let response: AnalyzeResponse
        do {
            response = try await client.unary("/newswire.analysis.v1.Analysis/Analyze", AnalyzeRequest(documents: docs, analyzers: analyzers),
                                              options: CallOptions(timeout: options.timeout))
        } catch {
            progress.clear()
            throw CLIError(error, timeout: options.timeout)
        }
        progress.clear()
        for (i, (doc, result)) in zip(docs, response.results).enumerated() { printer.document(result, doc, index: i) }
        if let batch = response.batch { printer.batch(batch, docs) }
    } else {
        try await analyzeStream(docs, analyzers: analyzers, client: client, options: options, mode: mode, printer: printer)
    }
    if printer.failed { throw ExitCode(ExitStatus.checkFailed) }
}

/// AnalyzeStream: a sender sends each document, this task prints each answer as it comes. If the
/// server answers nothing for --timeout seconds while documents are outstanding, the call is cancelled.
private func analyzeStream(_ docs: [Document], analyzers: [String], client: NewswireClient, options: ServerOptions,
                           mode: AnalysisMode, printer: ResultPrinter) async throws {
    let call = client.makeCall("/newswire.analysis.v1.Analysis/AnalyzeStream", kind: .bidiStreaming)
    let progress = ProgressBar(total: docs.count, label: "analysing")
    let activity = Shared<(last: Double, outstanding: Int)>((monotonicSeconds(), 0))
    // What was sent, in order: the server answers in the same order.
    let sent = Shared<[Int]>([])
    var skipped: [(Int, String)] = []
    var requests: [(Int, [UInt8])] = []
    for (i, doc) in docs.enumerated() {
        let bytes = AnalyzeStreamRequest(document: doc, analyzers: analyzers).protobuf()
        if bytes.count > mode.maxMessageSize {
            skipped.append((i, "\(doc.id) is too large for the server's \(byteSize(mode.maxMessageSize)) limit (\(byteSize(bytes.count)) as a request): split it, or raise newswired --max-message-size and pass the same --max-message-size here"))
        } else {
            requests.append((i, bytes))
        }
    }
    for (i, reason) in skipped {
        progress.around { printer.document(DocumentAnalysis(documentID: docs[i].id, index: UInt32(i), errors: [AnalyzerError(analyzer: "", code: StatusCode.resourceExhausted.rawValue, message: reason)]), docs[i], index: i) }
        progress.advance()
    }
    let sender = Task {
        for (i, bytes) in requests {
            sent.withLock { $0.append(i) }
            activity.withLock { $0.outstanding += 1; $0.last = monotonicSeconds() }
            do { try await call.send(bytes) } catch { return }
        }
        call.closeSend()
    }
    let watchdog = Task {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 100_000_000)
            let (last, outstanding) = activity.withLock { ($0.last, $0.outstanding) }
            if outstanding > 0 && monotonicSeconds() - last > options.timeout {
                call.cancel()
                return true
            }
        }
        return false
    }
    var answered = 0
    do {
        for try await m in call.responses {
            guard let r = try? DocumentAnalysis(protobuf: m) else { continue }
            let i = sent.withLock { answered < $0.count ? $0[answered] : answered }
            answered += 1
            activity.withLock { $0.outstanding -= 1; $0.last = monotonicSeconds() }
            progress.around { printer.document(r, docs[i], index: i) }
            progress.advance()
        }
    } catch {}
    sender.cancel()
    watchdog.cancel()
    progress.clear()
    let timedOut = await watchdog.value
    let status = await call.status
    if timedOut {
        throw CLIError(RPCError(.deadlineExceeded, "no answer from the server for \(seconds(options.timeout)) (\(requests.count - answered) article(s) outstanding)"),
                       timeout: options.timeout)
    }
    if let e = status.error { throw CLIError(e, timeout: options.timeout) }
}

/// A value several tasks share, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Prints results as text or NDJSON, and remembers whether an analyzer failed.
final class ResultPrinter: @unchecked Sendable {   // used from one task at a time
    let json: Bool
    private(set) var failed = false
    init(json: Bool) { self.json = json }

    func document(_ result: DocumentAnalysis, _ doc: Document, index: Int) {
        var r = result
        r.index = UInt32(index)
        if r.documentID.isEmpty { r.documentID = doc.id }
        print(json ? Render.json(r, doc) : Render.text(r, doc))
        if !r.errors.isEmpty { failed = true }
    }

    func batch(_ batch: BatchAnalysis, _ docs: [Document]) {
        if json {
            if let line = Render.batchJSON(batch, docs) { print(line) }
        } else if let text = Render.batchText(batch, docs) {
            print(text)
        }
        if !batch.errors.isEmpty { failed = true }
    }
}

enum Render {
    /// Colours for standard output (none unless it is a colour terminal).
    static let style = Style.stdout

    /// "+0.25", "-1.00": two decimals and a sign.
    static func signed(_ v: Double) -> String {
        let hundredths = Int((abs(v) * 100).rounded())
        let sign = hundredths == 0 ? " " : v < 0 ? "-" : "+"
        return "\(sign)\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// A bar of 10 cells for a compound score in [-1, 1].
    static func bar(_ v: Double) -> String {
        let n = Int((abs(v) * 10).rounded())
        let sign = abs(v) < 0.005 ? " " : v < 0 ? "-" : "+"
        return sign + String(repeating: "█", count: n) + String(repeating: "·", count: 10 - n)
    }

    /// The bar and the score, green for positive and red for negative on a colour terminal.
    static func score(_ v: Double) -> String {
        let text = "\(bar(v)) \(signed(v))"
        if v >= 0.05 { return style.green(text) }
        if v <= -0.05 { return style.red(text) }
        return style.dim(text)
    }

    static func excerpt(_ text: String, _ span: Span, width: Int = 70) -> String {
        let bytes = Array(text.utf8)
        guard Int(span.end) <= bytes.count, span.start <= span.end else { return "" }
        let s = String(decoding: bytes[Int(span.start)..<Int(span.end)], as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return s.count > width ? String(s.prefix(width - 1)) + "…" : s
    }

    static func text(_ r: DocumentAnalysis, _ doc: Document) -> String {
        var out = style.bold("== \(doc.id)") + (doc.title.isEmpty ? "" : ": \(excerptTitle(doc.title))") + "\n"
        if let s = r.sentiment {
            out += "sentiment \(score(s.document.compound))  (positive \(signed(s.document.positive)), negative \(signed(s.document.negative)), \(s.sentences.count) sentences)\n"
            if !s.entities.isEmpty {
                out += "  how it treats who it names:\n"
                for e in s.entities.sorted(by: { $0.sentences.count > $1.sentences.count }) {
                    let kind = Render.kindName(e.kind)
                    out += "    \(score(e.score.compound))  \(e.name) (\(kind)\(e.title.isEmpty ? "" : ", \(e.title)")), \(e.sentences.count) sentence\(e.sentences.count == 1 ? "" : "s")\n"
                }
            }
            out += "  sentences:\n"
            for sentence in s.sentences {
                out += "    \(score(sentence.score.compound))  \(excerpt(doc.text, sentence.span))\n"
            }
        }
        // Quotations (the quotes plugin) and repeated passages (the dedup plugin): their renderers,
        // in Quotes.swift and Dedup.swift, add their sections here.
        if let d = r.duplicates { out += duplicatesText(d, doc) }
        for x in r.extensions { out += "\(x.analyzer): \(x.type), \(x.value.count) bytes\n" }
        for e in r.errors {
            out += style.red("error from \(e.analyzer.isEmpty ? "the server" : e.analyzer): \(StatusCode(rawValue: e.code).name): \(e.message)") + "\n"
        }
        return out
    }

    /// What an Analyze batch found across its documents, as text; nil when nothing.
    static func batchText(_ b: BatchAnalysis, _ docs: [Document]) -> String? {
        var out = ""
        // Quote groups (quotes plugin) and duplicate clusters (dedup plugin): Quotes.swift and Dedup.swift add them here.
        out += duplicateClustersText(b, docs)
        for x in b.extensions { out += "\(x.analyzer): \(x.type), \(x.value.count) bytes\n" }
        for e in b.errors { out += style.red("error from \(e.analyzer) across the batch: \(StatusCode(rawValue: e.code).name): \(e.message)") + "\n" }
        return out.isEmpty ? nil : style.bold("== across the batch") + "\n" + out
    }

    static func kindName(_ k: EntityKind) -> String {
        switch k {
        case .person: "person"
        case .organization: "organization"
        case .place: "place"
        case .other, .unspecified: "other"
        }
    }

    static func excerptTitle(_ t: String) -> String { t.count > 80 ? String(t.prefix(79)) + "…" : t }

    static func json(_ s: SentimentScore) -> String {
        "{\"compound\":\(s.compound),\"positive\":\(s.positive),\"negative\":\(s.negative),\"neutral\":\(s.neutral)}"
    }
    static func json(_ s: Span) -> String { "{\"start\":\(s.start),\"end\":\(s.end)}" }

    /// One line of JSON per document: stable keys, spans as UTF-8 byte offsets into the text.
    static func json(_ r: DocumentAnalysis, _ doc: Document) -> String {
        var fields = ["\"id\":\(jsonString(r.documentID))", "\"index\":\(r.index)", "\"title\":\(jsonString(doc.title))"]
        if let s = r.sentiment {
            let sentences = s.sentences.map { "{\"span\":\(json($0.span)),\"score\":\(json($0.score))}" }.joined(separator: ",")
            let entities = s.entities.map { e in
                "{\"name\":\(jsonString(e.name)),\"kind\":\"\(Render.kindName(e.kind))\",\"title\":\(jsonString(e.title)),\"mentions\":[\(e.mentions.map(json).joined(separator: ","))],\"sentences\":[\(e.sentences.map(String.init).joined(separator: ","))],\"score\":\(json(e.score))}"
            }.joined(separator: ",")
            fields.append("\"sentiment\":{\"document\":\(json(s.document)),\"sentences\":[\(sentences)],\"entities\":[\(entities)]}")
        }
        // "quotes" and "duplicates": Quotes.swift and Dedup.swift add their fields here.
        if let d = r.duplicates { fields.append(duplicatesJSON(d)) }
        if !r.extensions.isEmpty {
            fields.append("\"extensions\":[" + r.extensions.map { "{\"analyzer\":\(jsonString($0.analyzer)),\"type\":\(jsonString($0.type)),\"bytes\":\($0.value.count)}" }.joined(separator: ",") + "]")
        }
        fields.append("\"errors\":[" + r.errors.map(json).joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func json(_ e: AnalyzerError) -> String {
        "{\"analyzer\":\(jsonString(e.analyzer)),\"code\":\"\(StatusCode(rawValue: e.code).name)\",\"message\":\(jsonString(e.message))}"
    }

    /// One line of JSON for what a batch found across its documents, {"batch": {...}}; nil when nothing.
    static func batchJSON(_ b: BatchAnalysis, _ docs: [Document]) -> String? {
        var fields: [String] = []
        // "quoteGroups" and "duplicateClusters": Quotes.swift and Dedup.swift add their fields here.
        if !b.duplicateClusters.isEmpty { fields.append(duplicateClustersJSON(b, docs)) }
        if !b.extensions.isEmpty {
            fields.append("\"extensions\":[" + b.extensions.map { "{\"analyzer\":\(jsonString($0.analyzer)),\"type\":\(jsonString($0.type)),\"bytes\":\($0.value.count)}" }.joined(separator: ",") + "]")
        }
        if !b.errors.isEmpty { fields.append("\"errors\":[" + b.errors.map(json).joined(separator: ",") + "]") }
        return fields.isEmpty ? nil : "{\"batch\":{" + fields.joined(separator: ",") + "}}"
    }
}

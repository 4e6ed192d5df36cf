// newswire analyze / sentiment: articles in, analyses out.
import ArgumentParser
import NewswireClient
#if canImport(Glibc)
import Glibc
#endif

struct ArticleInput: ParsableArguments {
    @Argument(help: ArgumentHelp("Article files, directories (their .txt and .md files, recursively), or - for standard input.", valueName: "FILE"))
    var inputs: [String] = []

    /// Reads every article named; a .txt/.md file's first non-empty line is its title.
    func documents() throws -> [Document] {
        var docs: [Document] = []
        for input in inputs.isEmpty ? ["-"] : inputs {
            if input == "-" {
                var bytes: [UInt8] = []
                var buf = [UInt8](repeating: 0, count: 65536)
                while true { let n = read(0, &buf, buf.count); if n <= 0 { break }; bytes += buf[0..<n] }
                docs.append(document(id: "stdin", bytes: bytes))
            } else {
                for path in try files(input) { docs.append(document(id: path, bytes: try readFile(path))) }
            }
        }
        return docs
    }

    private func document(id: String, bytes: [UInt8]) -> Document {
        let text = String(decoding: bytes, as: UTF8.self)
        let title = text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        return Document(id: id, title: title, text: text)
    }

    private func files(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        guard let dir = opendir(path) else { throw ValidationError("cannot read directory \(path)") }
        defer { closedir(dir) }
        var out: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name.hasPrefix(".") { continue }
            let full = path + "/" + name
            var s = stat()
            if stat(full, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR { out += try files(full) }
            else if name.hasSuffix(".txt") || name.hasSuffix(".md") { out.append(full) }
        }
        return out.sorted()
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
        return bytes
    }
}

/// Sends documents through Analyze (one batch) and prints each result.
func runAnalysis(_ docs: [Document], analyzers: [String], options: ServerOptions) async throws {
    let client = try options.client()
    let response: AnalyzeResponse
    do {
        response = try await client.unary("/newswire.analysis.v1.Analysis/Analyze", AnalyzeRequest(documents: docs, analyzers: analyzers),
                                          options: CallOptions(timeout: options.timeout))
    } catch { throw fail(error) }
    var failed = false
    for (doc, result) in zip(docs, response.results) {
        if options.json { print(Render.json(result, doc)) } else { print(Render.text(result, doc)) }
        if !result.errors.isEmpty { failed = true }
    }
    if failed { throw ExitCode(1) }
}

struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server's analyzers on articles.",
        discussion: """
        Examples:
          newswire analyze article.txt
          newswire analyze articles/ --only sentiment --json
          cat article.txt | newswire analyze -
        """)
    @OptionGroup var options: ServerOptions
    @Option(name: .customLong("only"), help: "Run only this analyzer (repeatable); default: all.")
    var only: [String] = []
    @OptionGroup var input: ArticleInput

    func run() async throws { try await runAnalysis(try input.documents(), analyzers: only, options: options) }
}

struct Sentiment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sentiment of articles: each sentence, the whole, and each person or organisation named.",
        discussion: """
        Examples:
          newswire sentiment article.txt
          newswire sentiment --json articles/
        """)
    @OptionGroup var options: ServerOptions
    @OptionGroup var input: ArticleInput

    func run() async throws { try await runAnalysis(try input.documents(), analyzers: ["sentiment"], options: options) }
}

enum Render {
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

    static func excerpt(_ text: String, _ span: Span, width: Int = 70) -> String {
        let bytes = Array(text.utf8)
        guard Int(span.end) <= bytes.count, span.start <= span.end else { return "" }
        let s = String(decoding: bytes[Int(span.start)..<Int(span.end)], as: UTF8.self)
        return s.count > width ? String(s.prefix(width - 1)) + "…" : s
    }

    static func text(_ r: DocumentAnalysis, _ doc: Document) -> String {
        var out = "== \(doc.id)\(doc.title.isEmpty ? "" : ": \(excerptTitle(doc.title))")\n"
        if let s = r.sentiment {
            out += "sentiment \(signed(s.document.compound))  (positive \(signed(s.document.positive)), negative \(signed(s.document.negative)), \(s.sentences.count) sentences)\n"
            if !s.entities.isEmpty {
                out += "  how it treats who it names:\n"
                for e in s.entities.sorted(by: { $0.sentences.count > $1.sentences.count }) {
                    let kind = Render.kindName(e.kind)
                    out += "    \(bar(e.score.compound)) \(signed(e.score.compound))  \(e.name) (\(kind)\(e.title.isEmpty ? "" : ", \(e.title)")), \(e.sentences.count) sentence(s)\n"
                }
            }
            out += "  sentences:\n"
            for sentence in s.sentences {
                out += "    \(bar(sentence.score.compound)) \(signed(sentence.score.compound))  \(excerpt(doc.text, sentence.span))\n"
            }
        }
        if let d = r.duplicates {
            out += "duplicates: \(d.passages.isEmpty ? "no repeated paragraph or headline" : "\(d.passages.count) repeated passage(s)")\n"
            for p in d.passages {
                let first = p.spans.first { $0.end > $0.start }.map { excerpt(doc.text, $0) } ?? excerptTitle(doc.title)
                out += "  \(p.kind == .headline ? "headline " : "paragraph") ×\(p.spans.count)  \(first)\n"
            }
        }
        for x in r.extensions { out += "\(x.analyzer): \(x.type), \(x.value.count) bytes\n" }
        for e in r.errors { out += "error from \(e.analyzer.isEmpty ? "server" : e.analyzer): \(StatusCode(rawValue: e.code).name): \(e.message)\n" }
        return out
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

    /// One line of JSON per document: stable keys, spans as UTF-8 byte offsets.
    static func json(_ r: DocumentAnalysis, _ doc: Document) -> String {
        var fields = ["\"id\":\(jsonString(r.documentID))", "\"index\":\(r.index)"]
        if let s = r.sentiment {
            let sentences = s.sentences.map { "{\"span\":\(json($0.span)),\"score\":\(json($0.score))}" }.joined(separator: ",")
            let entities = s.entities.map { e in
                "{\"name\":\(jsonString(e.name)),\"kind\":\"\(Render.kindName(e.kind))\",\"title\":\(jsonString(e.title)),\"mentions\":[\(e.mentions.map(json).joined(separator: ","))],\"sentences\":[\(e.sentences.map(String.init).joined(separator: ","))],\"score\":\(json(e.score))}"
            }.joined(separator: ",")
            fields.append("\"sentiment\":{\"document\":\(json(s.document)),\"sentences\":[\(sentences)],\"entities\":[\(entities)]}")
        }
        if let d = r.duplicates {
            let passages = d.passages.map { "{\"kind\":\"\($0.kind == .headline ? "headline" : "paragraph")\",\"spans\":[\($0.spans.map(json).joined(separator: ","))],\"similarity\":\($0.similarity)}" }
            fields.append("\"duplicates\":{\"passages\":[\(passages.joined(separator: ","))]}")
        }
        if !r.extensions.isEmpty {
            fields.append("\"extensions\":[" + r.extensions.map { "{\"analyzer\":\(jsonString($0.analyzer)),\"type\":\(jsonString($0.type)),\"bytes\":\($0.value.count)}" }.joined(separator: ",") + "]")
        }
        fields.append("\"errors\":[" + r.errors.map { "{\"analyzer\":\(jsonString($0.analyzer)),\"code\":\"\(StatusCode(rawValue: $0.code).name)\",\"message\":\(jsonString($0.message))}" }.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }
}


// newswire.analysis.v1.Analysis: documents in, one DocumentAnalysis each, by
// fanning the work out to the analyzer plugins on the worker pool.
//
// An analyzer is a plugin method named "Analyze" that takes an AnalyzerRequest
// and returns a DocumentAnalysis holding only its own field(s). The server
// merges the analyzers' answers by concatenating their bytes (protobuf's merge
// rule: each analyzer fills different fields) and adds document_id, index and
// errors itself, so it never decodes what an analyzer found.
import NewswireThreads

struct Analyzer: Sendable {
    let name: String
    let plugin: LoadedPlugin
    let service: UInt32
    let method: UInt32
    let path: String

    static let requestType = AnalyzerRequest.protoName
    static let responseType = DocumentAnalysis.protoName

    /// Every plugin method that follows the analyzer convention, named after its plugin.
    static func discover(in plugins: [LoadedPlugin]) -> [Analyzer] {
        plugins.flatMap { p in
            p.services.enumerated().flatMap { (si, s) in
                s.methods.enumerated().compactMap { (mi, m) in
                    guard m.name == "Analyze", m.kind == .unary, m.requestType == requestType, m.responseType == responseType else { return nil }
                    return Analyzer(name: p.name, plugin: p, service: UInt32(si), method: UInt32(mi), path: m.path)
                }
            }
        }
    }

    /// Runs on one document (its AnalyzerRequest bytes); the answer's bytes, or the error to report.
    func run(_ request: [UInt8], for call: ServerCall) -> Result<[UInt8], AnalyzerError> {
        switch plugin.callUnary(service: service, method: method, path: path, request: request, parent: call) {
        case .success(let bytes):
            guard DocumentAnalysis.isWellFormed(bytes) else {
                return .failure(AnalyzerError(analyzer: name, code: StatusCode.internal.rawValue, message: "analyzer \(name) returned a malformed DocumentAnalysis"))
            }
            return .success(bytes)
        case .failure(let e):
            return .failure(AnalyzerError(analyzer: name, code: e.code.rawValue, message: e.message))
        }
    }
}

enum AnalysisService {
    static let name = "newswire.analysis.v1.Analysis"

    static func definition(analyzers: [Analyzer], workers: WorkerPool) -> ServiceDefinition {
        let list = ListAnalyzersResponse(analyzers: analyzers.map {
            AnalyzerInfo(name: $0.name, pluginVersion: $0.plugin.version, method: $0.path)
        })
        return ServiceDefinition(name: name, methods: [
            .custom(name, "Analyze", .unary, AnalyzeRequest.self, AnalyzeResponse.self) { BatchHandler(analyzers: analyzers, workers: workers) },
            .custom(name, "AnalyzeStream", .bidiStreaming, AnalyzeStreamRequest.self, DocumentAnalysis.self) { StreamHandler(analyzers: analyzers) },
            .unary(name, "ListAnalyzers") { (_: ListAnalyzersRequest, _) throws(RPCError) in list },
        ])
    }

    /// The analyzers `names` asks for (all when empty), or INVALID_ARGUMENT naming the unknown one.
    static func select(_ names: [String], from all: [Analyzer]) throws(RPCError) -> [Analyzer] {
        if names.isEmpty { return all }
        return try names.map { (n) throws(RPCError) -> Analyzer in
            guard let a = all.first(where: { $0.name == n }) else {
                let known = all.map(\.name).joined(separator: ", ")
                throw RPCError(.invalidArgument, "unknown analyzer \"\(n)\"; this server has: \(known.isEmpty ? "none" : known)")
            }
            return a
        }
    }

    /// A document's own problems, reported instead of analysing it.
    static func problem(_ d: Document) -> AnalyzerError? {
        // Strings come through protobuf-c unchecked: invalid UTF-8 was repaired to U+FFFD on decoding.
        if d.text.unicodeScalars.contains("\u{FFFD}") || d.title.unicodeScalars.contains("\u{FFFD}") {
            return AnalyzerError(analyzer: "", code: StatusCode.invalidArgument.rawValue,
                                 message: "document \(d.id.isEmpty ? "" : "\"\(d.id)\" ")has invalid UTF-8 (or U+FFFD) in its text or title")
        }
        return nil
    }

    /// The DocumentAnalysis of one document: the analyzers' answers, then id, index and errors.
    static func assemble(_ d: Document, index: Int, answers: [[UInt8]], errors: [AnalyzerError]) -> [UInt8] {
        var out = answers.flatMap { $0 }
        out += DocumentAnalysis(documentID: d.id, index: UInt32(index), errors: errors).protobuf()
        return out
    }

    /// Runs `analyzers` on one document, one after another, on this thread.
    static func analyse(_ d: Document, index: Int, with analyzers: [Analyzer], call: ServerCall) -> [UInt8] {
        if let p = problem(d) { return assemble(d, index: index, answers: [], errors: [p]) }
        let request = AnalyzerRequest(document: d).protobuf()
        var answers: [[UInt8]] = [], errors: [AnalyzerError] = []
        for a in analyzers {
            switch a.run(request, for: call) {
            case .success(let b): answers.append(b)
            case .failure(let e): errors.append(e)
            }
        }
        return assemble(d, index: index, answers: answers, errors: errors)
    }

    /// Analyze: every (document, analyzer) pair is a job on the pool; the last to finish answers.
    final class BatchHandler: CallHandler {
        let analyzers: [Analyzer]
        let workers: WorkerPool
        var request: [UInt8]?
        init(analyzers: [Analyzer], workers: WorkerPool) { self.analyzers = analyzers; self.workers = workers }

        func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) { request = message }

        func onHalfClose(call: ServerCall) throws(RPCError) {
            guard let bytes = request else { return }
            let req = try decode(AnalyzeRequest.self, bytes)
            let chosen = try AnalysisService.select(req.analyzers, from: analyzers)
            let batch = Batch(documents: req.documents, analyzers: chosen, call: call)
            batch.start(on: workers)
        }
    }

    final class Batch: @unchecked Sendable {
        let documents: [Document]
        let analyzers: [Analyzer]
        let call: ServerCall
        private let lock = ConditionLock()
        private var answers: [[[UInt8]?]]            // guarded by lock: [document][analyzer]
        private var errors: [[AnalyzerError]]         // guarded by lock
        private var remaining = 0                     // guarded by lock

        init(documents: [Document], analyzers: [Analyzer], call: ServerCall) {
            self.documents = documents; self.analyzers = analyzers; self.call = call
            answers = Array(repeating: Array(repeating: nil, count: analyzers.count), count: documents.count)
            errors = Array(repeating: [], count: documents.count)
        }

        func start(on workers: WorkerPool) {
            var jobs: [(Int, Int, [UInt8])] = []
            for (di, d) in documents.enumerated() {
                if let p = AnalysisService.problem(d) { errors[di].append(p); continue }
                let request = AnalyzerRequest(document: d).protobuf()
                for ai in analyzers.indices { jobs.append((di, ai, request)) }
            }
            remaining = jobs.count
            if jobs.isEmpty { finish(); return }
            for (di, ai, request) in jobs {
                workers.submit { [self] in
                    let result: Result<[UInt8], AnalyzerError> = call.isCancelled ? .failure(AnalyzerError(analyzer: analyzers[ai].name, code: 1, message: "cancelled"))
                                                  : analyzers[ai].run(request, for: call)
                    let done: Bool = lock.withLock {
                        switch result {
                        case .success(let b): answers[di][ai] = b
                        case .failure(let e): errors[di].append(e)
                        }
                        remaining -= 1
                        return remaining == 0
                    }
                    if done { finish() }
                }
            }
        }

        private func finish() {
            var out: [UInt8] = []
            lock.withLock {
                for (di, d) in documents.enumerated() {
                    let analysis = AnalysisService.assemble(d, index: di, answers: answers[di].compactMap { $0 },
                                                            errors: errors[di].sorted { $0.analyzer < $1.analyzer })
                    ProtoWire.appendMessageField(1, analysis, to: &out)
                }
            }
            call.send(out)
            call.finish()
        }
    }

    /// AnalyzeStream: each document is analysed as it arrives, on the call's
    /// own worker turn, so a feed that sends faster than it is analysed is
    /// slowed by the connection's backpressure instead of queueing without bound.
    final class StreamHandler: CallHandler {
        let analyzers: [Analyzer]
        var count = 0
        init(analyzers: [Analyzer]) { self.analyzers = analyzers }

        func onMessage(_ message: [UInt8], call: ServerCall) throws(RPCError) {
            let req = try decode(AnalyzeStreamRequest.self, message)
            let chosen = try AnalysisService.select(req.analyzers, from: analyzers)
            let index = count
            count += 1
            call.send(AnalysisService.analyse(req.document, index: index, with: chosen, call: call))
        }

        func onHalfClose(call: ServerCall) throws(RPCError) { call.finish() }
    }
}

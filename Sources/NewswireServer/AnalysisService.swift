// newswire.analysis.v1.Analysis: documents in, one DocumentAnalysis each, by
// fanning the work out to the analyzer plugins on the worker pool.
//
// An analyzer is a plugin method named "Analyze" that takes an AnalyzerRequest
// and returns a DocumentAnalysis holding only its own field(s). The server
// merges the analyzers' answers by concatenating their bytes (protobuf's merge
// rule: each analyzer fills different fields) and adds document_id, index and
// errors itself, so it never decodes what an analyzer found.
//
// An analyzer may also serve "AnalyzeBatch" (AnalyzerBatchRequest ->
// BatchAnalysis) in the same service: after an Analyze batch of two or more
// documents, the server calls it once with the documents and the analyzer's own
// answers, and merges the answers into AnalyzeResponse.batch the same way.
// AnalyzeStream has no batch step: a feed has no end to wait for.
import NewswireThreads

struct Analyzer: Sendable {
    /// One plugin method: where to invoke it.
    struct Method: Sendable {
        let service: UInt32
        let method: UInt32
        let path: String
    }

    let name: String
    let plugin: LoadedPlugin
    /// Analyze: AnalyzerRequest -> DocumentAnalysis, per document.
    let analyze: Method
    /// AnalyzeBatch: AnalyzerBatchRequest -> BatchAnalysis, once per batch of two or more; optional.
    let analyzeBatch: Method?

    /// Every plugin service with an "Analyze" method of the analyzer convention
    /// (and, optionally, an "AnalyzeBatch"), named after its plugin.
    static func discover(in plugins: [LoadedPlugin]) -> [Analyzer] {
        plugins.flatMap { p in
            p.services.enumerated().compactMap { (si, s) -> Analyzer? in
                func find(_ name: String, _ request: String, _ response: String) -> Method? {
                    guard let mi = s.methods.firstIndex(where: {
                        $0.name == name && $0.kind == .unary && $0.requestType == request && $0.responseType == response
                    }) else { return nil }
                    return Method(service: UInt32(si), method: UInt32(mi), path: s.methods[mi].path)
                }
                guard let analyze = find("Analyze", AnalyzerRequest.protoName, DocumentAnalysis.protoName) else { return nil }
                return Analyzer(name: p.name, plugin: p, analyze: analyze,
                                analyzeBatch: find("AnalyzeBatch", AnalyzerBatchRequest.protoName, BatchAnalysis.protoName))
            }
        }
    }

    /// Runs on one document (its AnalyzerRequest bytes); the answer's bytes, or the error to report.
    func run(_ request: [UInt8], for call: ServerCall) -> Result<[UInt8], AnalyzerError> {
        invoke(analyze, request, for: call, answer: "DocumentAnalysis", isWellFormed: DocumentAnalysis.isWellFormed)
    }

    /// Runs the batch step (AnalyzerBatchRequest bytes); the BatchAnalysis bytes, or the error to report.
    func runBatch(_ request: [UInt8], for call: ServerCall) -> Result<[UInt8], AnalyzerError> {
        guard let analyzeBatch else { return .success([]) }
        return invoke(analyzeBatch, request, for: call, answer: "BatchAnalysis", isWellFormed: BatchAnalysis.isWellFormed)
    }

    private func invoke(_ m: Method, _ request: [UInt8], for call: ServerCall, answer: String,
                        isWellFormed: ([UInt8]) -> Bool) -> Result<[UInt8], AnalyzerError> {
        if call.isCancelled { return .failure(AnalyzerError(analyzer: name, code: StatusCode.cancelled.rawValue, message: "cancelled")) }
        switch plugin.callUnary(service: m.service, method: m.method, path: m.path, request: request, parent: call) {
        case .success(let bytes):
            guard isWellFormed(bytes) else {
                return .failure(AnalyzerError(analyzer: name, code: StatusCode.internal.rawValue, message: "analyzer \(name) returned a malformed \(answer)"))
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
            AnalyzerInfo(name: $0.name, pluginVersion: $0.plugin.version, method: $0.analyze.path, batchMethod: $0.analyzeBatch?.path ?? "")
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

    /// One Analyze call's work: every (document, analyzer) pair is a job on the
    /// pool; when the last is done, each analyzer with an AnalyzeBatch method
    /// gets one more job over the whole batch (two or more documents); the last
    /// of those answers the call.
    final class Batch: @unchecked Sendable {
        let documents: [Document]
        let analyzers: [Analyzer]
        let call: ServerCall
        private let lock = ConditionLock()
        private var requests: [[UInt8]] = []          // each document's AnalyzerRequest bytes
        private var answers: [[[UInt8]?]]            // guarded by lock: [document][analyzer]
        private var errors: [[AnalyzerError]]         // guarded by lock
        private var batchAnswers: [[UInt8]?] = []     // guarded by lock: [analyzer]
        private var batchErrors: [AnalyzerError] = [] // guarded by lock
        private var remaining = 0                     // guarded by lock

        init(documents: [Document], analyzers: [Analyzer], call: ServerCall) {
            self.documents = documents; self.analyzers = analyzers; self.call = call
            answers = Array(repeating: Array(repeating: nil, count: analyzers.count), count: documents.count)
            errors = Array(repeating: [], count: documents.count)
        }

        func start(on workers: WorkerPool) {
            requests = documents.map { AnalyzerRequest(document: $0).protobuf() }
            var jobs: [(Int, Int)] = []
            for (di, d) in documents.enumerated() {
                if let p = AnalysisService.problem(d) { errors[di].append(p); continue }
                for ai in analyzers.indices { jobs.append((di, ai)) }
            }
            remaining = jobs.count
            if jobs.isEmpty { documentsDone(on: workers); return }
            for (di, ai) in jobs {
                workers.submit { [self] in
                    let result = analyzers[ai].run(requests[di], for: call)
                    let done: Bool = lock.withLock {
                        switch result {
                        case .success(let b): answers[di][ai] = b
                        case .failure(let e): errors[di].append(e)
                        }
                        remaining -= 1
                        return remaining == 0
                    }
                    if done { documentsDone(on: workers) }
                }
            }
        }

        /// Every document is analysed: run the batch steps, or answer.
        private func documentsDone(on workers: WorkerPool) {
            let batchers = analyzers.indices.filter { analyzers[$0].analyzeBatch != nil }
            guard documents.count >= 2, !batchers.isEmpty, !call.isCancelled else { finish(); return }
            lock.withLock { remaining = batchers.count; batchAnswers = Array(repeating: nil, count: analyzers.count) }
            for ai in batchers {
                workers.submit { [self] in
                    let result = analyzers[ai].runBatch(batchRequest(for: ai), for: call)
                    let done: Bool = lock.withLock {
                        switch result {
                        case .success(let b): batchAnswers[ai] = b
                        case .failure(let e): batchErrors.append(e)
                        }
                        remaining -= 1
                        return remaining == 0
                    }
                    if done { finish() }
                }
            }
        }

        /// AnalyzerBatchRequest for one analyzer, composed from bytes already
        /// encoded: each AnalyzerRequest is exactly one field-1 Document, which
        /// is also AnalyzerBatchRequest's field 1; field 2 is the analyzer's own
        /// answers (empty where it failed).
        private func batchRequest(for ai: Int) -> [UInt8] {
            let own: [[UInt8]] = lock.withLock { answers.map { $0[ai] ?? [] } }
            var out: [UInt8] = []
            for r in requests { out += r }
            for a in own { ProtoWire.appendMessageField(2, a, to: &out) }
            return out
        }

        private func finish() {
            var out: [UInt8] = []
            lock.withLock {
                for (di, d) in documents.enumerated() {
                    let analysis = AnalysisService.assemble(d, index: di, answers: answers[di].compactMap { $0 },
                                                            errors: errors[di].sorted { $0.analyzer < $1.analyzer })
                    ProtoWire.appendMessageField(1, analysis, to: &out)
                }
                var batch = batchAnswers.compactMap { $0 }.flatMap { $0 }
                if !batchErrors.isEmpty {
                    batch += BatchAnalysis(errors: batchErrors.sorted { $0.analyzer < $1.analyzer }).protobuf()
                }
                if !batch.isEmpty { ProtoWire.appendMessageField(2, batch, to: &out) }
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

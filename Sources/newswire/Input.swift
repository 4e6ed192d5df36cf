// Reading input: articles from files, directories and stdin; --data for `call`.
// Shared by every command that reads articles (analyze, sentiment, quotes, dedup, bench).
import ArgumentParser
import NewswireClient
import NewswireSchema
#if canImport(Glibc)
import Glibc
#endif

/// Where articles come from.
enum ArticleSource: Equatable {
    case file(String)
    case stdin

    var name: String { if case .file(let p) = self { p } else { "stdin" } }
}

/// The FILE... arguments of the commands that analyse articles.
struct ArticleInput: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Articles: files, directories (their .txt, .md, .json and .jsonl files, recursively), or - for standard input (the default).",
        valueName: "FILE"))
    var inputs: [String] = []

    /// The article files named (directories expanded, in name order), or stdin.
    func sources() throws -> [ArticleSource] {
        var out: [ArticleSource] = []
        for input in inputs.isEmpty ? ["-"] : inputs {
            if input == "-" { out.append(.stdin); continue }
            out += try ArticleFiles.expand(input).map { .file($0) }
        }
        return out
    }

    /// Every article, read now.
    func documents() throws -> [Document] {
        var docs: [Document] = []
        for s in try sources() { docs += try ArticleFiles.documents(from: s) }
        return docs
    }
}

enum ArticleFiles {
    /// File names a directory's articles may have.
    static let extensions = [".txt", ".md", ".json", ".jsonl", ".ndjson"]

    /// A file as is; a directory's article files, recursively, sorted; hidden entries skipped.
    static func expand(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else { throw CLIError("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        var seen: Set<[UInt64]> = []
        let found = try walk(path, &seen)
        if found.isEmpty {
            throw CLIError("no articles in \(path)", hints: ["a directory's articles are its \(extensions.joined(separator: ", ")) files, in it or below"])
        }
        return found
    }

    private static func walk(_ dir: String, _ seen: inout Set<[UInt64]>) throws -> [String] {
        var st = stat()
        guard stat(dir, &st) == 0 else { return [] }
        guard seen.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else { return [] }   // a symlink loop
        guard let d = opendir(dir) else { throw CLIError("cannot read the directory \(dir): \(String(cString: strerror(errno)))") }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if !name.hasPrefix(".") { names.append(name) }
        }
        closedir(d)
        var out: [String] = []
        for name in names.sorted() {
            let full = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var s = stat()
            guard stat(full, &s) == 0 else { continue }
            if (s.st_mode & S_IFMT) == S_IFDIR { out += try walk(full, &seen) }
            else if extensions.contains(where: { name.hasSuffix($0) }) { out.append(full) }
        }
        return out
    }

    /// The articles of one source: a text file is one article; a JSON file holds one, an array, or one per line.
    static func documents(from source: ArticleSource) throws -> [Document] {
        switch source {
        case .stdin:
            if Terminal.stdinIsTTY { Terminal.write("reading an article from standard input; end it with Ctrl-D\n", fd: 2) }
            let bytes = readAll(fd: 0)
            let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return try jsonDocuments(bytes, origin: "stdin") }
            return [textDocument(id: "stdin", bytes: bytes, markdown: false)]
        case .file(let path):
            let bytes = try readFile(path)
            if path.hasSuffix(".json") || path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") { return try jsonDocuments(bytes, origin: path) }
            return [textDocument(id: path, bytes: bytes, markdown: path.hasSuffix(".md"))]
        }
    }

    /// A .txt or .md article: its first non-blank line is its title (a Markdown heading's #s dropped);
    /// the text is the whole file, so that spans count from its first byte.
    static func textDocument(id: String, bytes: [UInt8], markdown: Bool) -> Document {
        let text = String(decoding: bytes, as: UTF8.self)
        var title = text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        if markdown { title = String(title.drop { $0 == "#" || $0 == " " }) }
        return Document(id: id, title: title.trimmingCharacters(), text: text)
    }

    /// The JSON mapping of newswire.analysis.v1.Document: {"id", "title", "text", "source", "url",
    /// "publishedUnixMs" (or "published_unix_ms"), "language"}; the last four may also sit in a
    /// "metadata" object. A file holds one object, an array of them, or one per line (NDJSON).
    static func jsonDocuments(_ bytes: [UInt8], origin: String) throws -> [Document] {
        let values: [JSONValue]
        do { values = try JSONParser.parseSequence(bytes) } catch { throw CLIError("\(origin): \(error)") }
        var objects: [JSONValue] = []
        for v in values { if case .array(let items) = v { objects += items } else { objects.append(v) } }
        guard !objects.isEmpty else { throw CLIError("\(origin): no documents in it") }
        let codec = ProtoJSON(pool: BuiltinSchemaPool.pool)
        var out: [Document] = []
        for (i, object) in objects.enumerated() {
            let at = objects.count == 1 ? origin : "\(origin), document \(i + 1)"
            guard case .object(var members) = object else { throw CLIError("\(at): expected a JSON object with \"text\", got \(object.kindName)") }
            if let m = members.firstIndex(where: { $0.key == "metadata" }) {
                guard case .object(let meta) = members[m].value else { throw CLIError("\(at): \"metadata\" must be an object") }
                members.remove(at: m)
                members += meta
            }
            guard members.contains(where: { $0.key == "text" }) else {
                throw CLIError("\(at): a document needs \"text\"", hints: [#"e.g. {"id": "a1", "title": "...", "text": "...", "source": "Example Daily", "language": "en"}"#])
            }
            let bytes: [UInt8]
            do { bytes = try codec.encode(.object(members), as: "newswire.analysis.v1.Document") } catch {
                throw CLIError("\(at): \(error)")
            }
            var w = ProtoWriter()
            w.field(1, bytes: bytes)   // AnalyzerRequest { Document document = 1; }
            guard var doc = try? AnalyzerRequest(protobuf: w.bytes).document else { throw CLIError("\(at): not a valid document") }
            if doc.id.isEmpty { doc.id = objects.count == 1 ? origin : "\(origin)#\(i + 1)" }
            out.append(doc)
        }
        return out
    }

    /// A whole file.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CLIError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        return readAll(fd: fd)
    }

    /// Everything until EOF.
    static func readAll(fd: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += buf[0..<n]
        }
        return bytes
    }
}

/// The server's own schemas (proto/), built into every binary: for reading JSON documents without a server.
enum BuiltinSchemaPool {
    static let pool: SchemaPool = (try? SchemaPool(descriptorSet: BuiltinSchemas.descriptorSet)) ?? SchemaPool()
}

/// `--data`: JSON text, @FILE, or @- for standard input.
enum DataInput {
    /// The bytes `spec` names.
    static func bytes(_ spec: String) throws -> [UInt8] {
        if spec == "@-" { return ArticleFiles.readAll(fd: 0) }
        if spec.hasPrefix("@") { return try ArticleFiles.readFile(String(spec.dropFirst())) }
        return Array(spec.utf8)
    }

    /// Where `spec` comes from, for error messages.
    static func origin(_ spec: String) -> String {
        spec == "@-" ? "standard input" : spec.hasPrefix("@") ? String(spec.dropFirst()) : "--data"
    }
}

extension StringProtocol {
    /// Without blanks at either end.
    func trimmingCharacters() -> String {
        let s = drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        return String(s.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }.reversed())
    }
}

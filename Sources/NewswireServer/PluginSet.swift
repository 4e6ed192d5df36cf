// Which plugins to load, from where, with what configuration; and loading them all.
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The `[plugin.NAME]` sections of the config file.
///
///     # newswired.conf
///     [plugin.readability]
///     required = true                 # the server does not start without it
///     path = /opt/newswire/libnewswire-readability.so   # load this file (optional)
///     complex_syllables = 3           # every other line goes to the plugin
///
/// A plugin receives its section's other lines as bytes, one "key=value\n" each,
/// in file order, with blanks around the key and value trimmed. A "#" at the
/// start of a line or after a blank starts a comment; ";" starts a comment line.
public struct PluginConfigFile: Sendable {
    public struct Section: Sendable {
        public var required = false
        public var enabled = true
        public var path: String?
        public var lines: [String] = []
        public var bytes: [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }
    }
    public var sections: [String: Section] = [:]

    public init() {}

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(text: String, file: String = "config") throws(ParseError) {
        var current: String?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // A comment runs from a "#" at the start of a line, or after a blank, to the end of the line.
            var content = Substring(raw)
            if let hash = content.indices.first(where: { content[$0] == "#" && ($0 == content.startIndex || content[content.index(before: $0)] == " " || content[content.index(before: $0)] == "\t") }) {
                content = content[..<hash]
            }
            let line = content.trimmingBlanks
            if line.isEmpty || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.dropFirst().dropLast().hasPrefix("plugin.") else {
                    throw ParseError(description: "\(file):\(i + 1): expected a [plugin.NAME] section, got \(line)")
                }
                let name = String(line.dropFirst(8).dropLast())
                guard PluginLoader.isValidName(name) else { throw ParseError(description: "\(file):\(i + 1): bad plugin name \"\(name)\"") }
                current = name
                sections[name, default: Section()] = sections[name] ?? Section()
                continue
            }
            guard let name = current else { throw ParseError(description: "\(file):\(i + 1): a setting outside any [plugin.NAME] section") }
            guard let eq = line.firstIndex(of: "=") else { throw ParseError(description: "\(file):\(i + 1): expected key = value") }
            let key = line[..<eq].trimmingBlanks, value = line[line.index(after: eq)...].trimmingBlanks
            switch key {
            case "required", "enabled":
                guard value == "true" || value == "false" else { throw ParseError(description: "\(file):\(i + 1): \(key) must be true or false") }
                if key == "required" { sections[name]!.required = value == "true" } else { sections[name]!.enabled = value == "true" }
            case "path": sections[name]!.path = value
            default: sections[name]!.lines.append("\(key)=\(value)")
            }
        }
    }

    public static func read(_ path: String) throws(ParseError) -> PluginConfigFile {
        guard let f = fopen(path, "r") else { throw ParseError(description: "cannot read config file \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        return try PluginConfigFile(text: String(decoding: bytes, as: UTF8.self), file: path)
    }
}

extension StringProtocol {
    var trimmingBlanks: String {
        let s = drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(s.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}

public struct PluginOptions: Sendable {
    /// Directories whose `*.so` files are loaded (the default directory: only `libnewswire-*.so`).
    public var directories: [String] = []
    /// Plugin files named one by one.
    public var paths: [String] = []
    /// Each plugin's data lives in DIR/NAME.
    public var dataDirectory = "newswire-data"
    public var config = PluginConfigFile()
    /// Any plugin that fails to load stops the server from starting.
    public var strict = false
    /// Also scan this directory for `libnewswire-*.so` (the server binary's own).
    public var defaultDirectory: String?
    public init() {}
}

/// The plugins a server serves, and the files that failed.
public final class PluginSet: @unchecked Sendable {
    public private(set) var plugins: [LoadedPlugin] = []
    public private(set) var failures: [PluginLoadError] = []

    public init() {}

    /// Loads every plugin the options name. A failure is logged and skipped,
    /// unless the plugin is required (or `strict`): then this throws.
    public static func load(_ options: PluginOptions, logger: Logger) throws(PluginLoadError) -> PluginSet {
        let set = PluginSet()
        var files: [String] = []
        func add(_ f: String) { if !files.contains(f) { files.append(f) } }
        if let d = options.defaultDirectory { for f in listDirectory(d) where f.hasPrefix("libnewswire-") && f.hasSuffix(".so") { add(d + "/" + f) } }
        for d in options.directories {
            let entries = listDirectory(d)
            if entries.isEmpty && !isDirectory(d) {
                let e = PluginLoadError(path: d, reason: "not a readable directory")
                if options.strict { throw e }
                set.failures.append(e)
            }
            for f in entries where f.hasSuffix(".so") { add(d + "/" + f) }
        }
        for p in options.paths { add(p) }
        for (_, s) in options.config.sections.sorted(by: { $0.key < $1.key }) { if let p = s.path, s.enabled { add(p) } }

        for path in files {
            do throws(PluginLoadError) {
                let plugin = try PluginLoader.load(path: path, dataRoot: options.dataDirectory, logger: logger,
                                                   config: { options.config.sections[$0]?.bytes ?? [] },
                                                   isEnabled: { options.config.sections[$0]?.enabled ?? true })
                if let other = set.plugins.first(where: { $0.name == plugin.name }) {
                    plugin.unload()
                    throw PluginLoadError(path: path, reason: "a plugin named \(plugin.name) is already loaded from \(other.path)")
                }
                if let clash = set.plugins.first(where: { !Set($0.services.map(\.name)).isDisjoint(with: plugin.services.map(\.name)) }) {
                    let shared = Set(clash.services.map(\.name)).intersection(plugin.services.map(\.name)).sorted().joined(separator: ", ")
                    plugin.unload()
                    throw PluginLoadError(path: path, reason: "serves \(shared), which plugin \(clash.name) (\(clash.path)) already serves")
                }
                set.plugins.append(plugin)
                logger.notice("loaded plugin \(plugin.name) \(plugin.version) from \(path): \(plugin.services.map(\.name).joined(separator: ", "))")
            } catch where error.isDisabled {
                logger.info("plugin \(path) is disabled in the config")
            } catch {
                logger.error("\(error)")
                set.failures.append(error)
                if options.strict { throw error }
            }
        }
        for (name, s) in options.config.sections where s.required && s.enabled {
            if !set.plugins.contains(where: { $0.name == name }) {
                let why = set.failures.map(\.description).joined(separator: "; ")
                throw PluginLoadError(path: s.path ?? name, reason: "required plugin \(name) did not load\(why.isEmpty ? " (no file provides it)" : "; failures: \(why)")")
            }
        }
        return set
    }

    /// Records a plugin the server refused after loading (its service clashes with a built-in one).
    func reject(_ plugin: LoadedPlugin, _ reason: String) {
        plugins.removeAll { $0 === plugin }
        failures.append(PluginLoadError(path: plugin.path, reason: reason))
        plugin.unload()
    }

    func unloadAll() {
        for p in plugins { p.unload() }
        plugins.removeAll()
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

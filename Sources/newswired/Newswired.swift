// newswired: the Newswire server. Argument parsing and wiring only.
import ArgumentParser
import Logging
import NewswireServer
import NewswireLoop
import NewswireThreads
#if canImport(Glibc)
import Glibc
#endif

@main
struct Newswired: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswired",
        abstract: "The Newswire news-analysis server.",
        discussion: """
        Listens on 127.0.0.1:\(ServerConfig.defaultPort) unless told otherwise. SIGINT and SIGTERM drain:
        the server stops accepting, announces GOAWAY, and lets open calls finish.

        Examples:
          newswired
          newswired --listen 0.0.0.0:7411 --listen unix:/tmp/newswire.sock
          newswired --listen 127.0.0.1:0 --enable-test-service
          newswired --plugin-dir /opt/newswire/plugins --config /etc/newswired.conf

        Plugins: unless --plugin-dir or --plugin is given, newswired loads every
        libnewswire-*.so next to its own binary. A plugin that fails to load is
        logged and skipped; --strict-plugins (or `required = true` in its config
        section) makes that fatal.
        """)

    @Option(name: .customLong("listen"), help: ArgumentHelp("Address to listen on: HOST:PORT or unix:PATH (repeatable).", valueName: "ADDR"))
    var listen: [String] = []

    @Option(name: .customLong("plugin-dir"), help: ArgumentHelp("Load every *.so plugin in DIR (repeatable).", valueName: "DIR"))
    var pluginDirs: [String] = []

    @Option(name: .customLong("plugin"), help: ArgumentHelp("Load the plugin at PATH (repeatable).", valueName: "PATH"))
    var pluginPaths: [String] = []

    @Option(help: ArgumentHelp("Plugin configuration: [plugin.NAME] sections (see docs/PLUGINS.md).", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("Where plugins keep their data, one subdirectory each.", valueName: "DIR"))
    var dataDir: String = "newswire-data"

    @Flag(help: "Refuse to start if any plugin fails to load.")
    var strictPlugins = false

    @Option(help: "Worker threads for analysis (default: one per core).")
    var workers: Int = 0

    @Flag(help: "Serve newswire.testing.v1.TestService, for `newswire interop`.")
    var enableTestService = false

    @Option(help: "Largest request message, in bytes.")
    var maxMessageSize: Int = 4 * 1024 * 1024

    @Option(help: "Most calls open at once on one connection.")
    var maxConcurrentCalls: Int = 100

    @Option(help: "Most connections open at once.")
    var maxConnections: Int = 10_000

    @Option(help: "Close connections with no call for this many seconds (0: never).")
    var idleTimeout: UInt64 = 300

    @Option(help: "Seconds open calls get to finish on shutdown.")
    var drainTimeout: Double = 10

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        for a in listen where SocketAddress(a) == nil {
            throw ValidationError("bad --listen address \"\(a)\": expected HOST:PORT or unix:PATH")
        }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("bad --log-level \"\(logLevel)\"") }
    }

    func run() throws {
        keepLargeAllocationsForReuse()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        let logger = Logger(label: "newswired")
        var config = ServerConfig()
        if !listen.isEmpty { config.listen = listen.compactMap(SocketAddress.init) }
        config.workers = workers
        config.enableTestService = enableTestService
        config.maxReceiveMessageSize = maxMessageSize
        config.maxConcurrentCallsPerConnection = maxConcurrentCalls
        config.maxConnections = maxConnections
        config.idleTimeoutSeconds = idleTimeout
        config.drainTimeoutSeconds = drainTimeout

        var pluginOptions = PluginOptions()
        pluginOptions.directories = pluginDirs
        pluginOptions.paths = pluginPaths
        pluginOptions.dataDirectory = dataDir
        pluginOptions.strict = strictPlugins
        if pluginDirs.isEmpty && pluginPaths.isEmpty { pluginOptions.defaultDirectory = executableDirectory() }
        do {
            if let file = self.config { pluginOptions.config = try PluginConfigFile.read(file) }
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
        let server: Server
        do {
            let plugins = try PluginSet.load(pluginOptions, logger: logger)
            let required = Set(pluginOptions.config.sections.filter { $0.value.required }.keys)
            server = try Server(config: config, plugins: plugins, requiredPlugins: strictPlugins ? Set(plugins.plugins.map(\.name)) : required, logger: logger)
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        }
        let addresses: [SocketAddress]
        do { addresses = try server.bind() } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
        for a in addresses { logger.notice("listening on \(a)") }
        logger.info("\(config.resolvedWorkers) worker thread(s)\(enableTestService ? "; test service enabled" : "")")
        server.run()
        logger.notice("stopped")
    }
}

/// The directory of the running binary, from /proc/self/exe.
func executableDirectory() -> String? {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    guard n > 0 else { return nil }
    let path = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = path.lastIndex(of: "/") else { return nil }
    return String(path[..<slash])
}

// DedupStore in an embedded SQLite database: collections, documents (id, signature, band keys)
// and the LSH index as a table of (collection, band key, document).
//
// Durability: the database runs in WAL mode. `add` and `remove` commit before they return, so
// an acknowledged change is in the WAL file. With synchronous = FULL (the default) the WAL is
// fsync'ed at every commit: the change survives a crash of the process (kill -9) and of the
// machine (power loss). synchronous = NORMAL skips that fsync: still safe from kill -9 (the
// written WAL is in the kernel's page cache, which outlives the process) and never corrupt, but
// the last commits may be lost in a power cut; it makes adds cheaper.
//
// Concurrency: a pool of connections, one per thread in use. Reads (candidates, stats) run at
// the same time as each other and as a write: WAL readers see the last committed state and take
// no lock that blocks a writer. Writes take an in-process lock and then BEGIN IMMEDIATE, so they
// queue here rather than spin in SQLite's busy handler; another process on the same file is
// waited for by the busy timeout.
import DedupCore
import Synchronization

public final class SQLiteStore: DedupStore {
    public enum Synchronous: String, Sendable { case full = "FULL", normal = "NORMAL" }

    public let path: String
    public let synchronous: Synchronous
    private let pool = Mutex<[SQLiteConnection]>([])
    private let writeLock = Mutex<Void>(())

    static let schemaVersion = "1"

    /// Opens (or creates) the database at `path`. `scheme` names how signatures and band keys
    /// are made; a database made with another scheme is refused, since its signatures would not
    /// compare with new ones.
    public init(path: String, scheme: String, synchronous: Synchronous = .full) throws(StoreError) {
        self.path = path
        self.synchronous = synchronous
        do {
            let c = try open()
            try c.exec("""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS collections(
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, documents INTEGER NOT NULL DEFAULT 0,
                    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS documents(
                    n INTEGER PRIMARY KEY, collection INTEGER NOT NULL, id TEXT NOT NULL,
                    signature BLOB NOT NULL, bands BLOB NOT NULL, UNIQUE(collection, id));
                CREATE TABLE IF NOT EXISTS buckets(
                    collection INTEGER NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL,
                    PRIMARY KEY(collection, key, doc)) WITHOUT ROWID;
                """)
            try transaction(c) { () throws(SQLiteError) in
                for (key, value) in [("schema", Self.schemaVersion), ("scheme", scheme)] {
                    let s = try c.statement("SELECT value FROM meta WHERE key = ?1").bind(1, key)
                    if try s.step() {
                        let stored = s.string(0)
                        guard stored == value else {
                            throw SQLiteError(code: 0, message: "\(path) was made with \(key) \"\(stored)\"; this plugin uses \"\(value)\"")
                        }
                    } else {
                        try c.statement("INSERT INTO meta(key, value) VALUES (?1, ?2)").bind(1, key).bind(2, value).run()
                    }
                }
            }
            release(c)
        } catch {
            throw .failed(error.description)
        }
    }

    // MARK: DedupStore

    public func add(_ documents: [StoredDocument], to collection: String, nowUnixMs: Int64) throws(StoreError) -> AddOutcome {
        try write { c throws(SQLiteError) in
            try c.statement("INSERT OR IGNORE INTO collections(name, created_ms, updated_ms) VALUES (?1, ?2, ?2)")
                .bind(1, collection).bind(2, nowUnixMs).run()
            let cid = try collectionID(c, collection)!
            var outcome = AddOutcome(added: 0, replaced: 0)
            for d in documents {
                let n: Int64
                let existing = try c.statement("SELECT n, bands FROM documents WHERE collection = ?1 AND id = ?2").bind(1, cid).bind(2, d.id)
                if try existing.step() {
                    n = existing.int64(0)
                    try deleteBuckets(c, cid, n, existing.blob(1, as: UInt64.self))
                    try c.statement("UPDATE documents SET signature = ?2, bands = ?3 WHERE n = ?1")
                        .bind(1, n).bind(2, blob: d.signature).bind(3, blob: d.bandKeys).run()
                    outcome.replaced += 1
                } else {
                    try c.statement("INSERT INTO documents(collection, id, signature, bands) VALUES (?1, ?2, ?3, ?4)")
                        .bind(1, cid).bind(2, d.id).bind(3, blob: d.signature).bind(4, blob: d.bandKeys).run()
                    n = c.lastInsertRowID
                    outcome.added += 1
                }
                let insert = "INSERT OR IGNORE INTO buckets(collection, key, doc) VALUES (?1, ?2, ?3)"
                for key in d.bandKeys {
                    try c.statement(insert).bind(1, cid).bind(2, Int64(bitPattern: key)).bind(3, n).run()
                }
            }
            try c.statement("UPDATE collections SET documents = documents + ?2, updated_ms = ?3 WHERE id = ?1")
                .bind(1, cid).bind(2, Int64(outcome.added)).bind(3, nowUnixMs).run()
            return outcome
        }
    }

    public func remove(_ ids: [String], from collection: String, nowUnixMs: Int64) throws(StoreError) -> Int {
        try write { c throws(SQLiteError) in
            guard let cid = try collectionID(c, collection) else { throw SQLiteError.noSuchCollection(collection) }
            var removed = 0
            for id in ids {
                let s = try c.statement("SELECT n, bands FROM documents WHERE collection = ?1 AND id = ?2").bind(1, cid).bind(2, id)
                guard try s.step() else { continue }
                let n = s.int64(0)
                try deleteBuckets(c, cid, n, s.blob(1, as: UInt64.self))
                try c.statement("DELETE FROM documents WHERE n = ?1").bind(1, n).run()
                removed += 1
            }
            try c.statement("UPDATE collections SET documents = documents - ?2, updated_ms = ?3 WHERE id = ?1")
                .bind(1, cid).bind(2, Int64(removed)).bind(3, nowUnixMs).run()
            return removed
        }
    }

    public func candidates(in collection: String, bandKeys: [UInt64]) throws(StoreError) -> [Candidate] {
        try read { c throws(SQLiteError) in
            guard let cid = try collectionID(c, collection) else { throw SQLiteError.noSuchCollection(collection) }
            var docs = Set<Int64>()
            for key in bandKeys {
                let s = try c.statement("SELECT doc FROM buckets WHERE collection = ?1 AND key = ?2").bind(1, cid).bind(2, Int64(bitPattern: key))
                while try s.step() { docs.insert(s.int64(0)) }
            }
            var out: [Candidate] = []
            out.reserveCapacity(docs.count)
            for n in docs.sorted() {
                let s = try c.statement("SELECT id, signature FROM documents WHERE n = ?1").bind(1, n)
                if try s.step() { out.append(Candidate(id: s.string(0), signature: s.blob(1, as: UInt32.self))) }
            }
            return out
        }
    }

    public func collection(_ name: String) throws(StoreError) -> CollectionInfo? {
        try read { c throws(SQLiteError) in
            let s = try c.statement("SELECT name, documents, created_ms, updated_ms FROM collections WHERE name = ?1").bind(1, name)
            return try s.step() ? info(s) : nil
        }
    }

    public func collections() throws(StoreError) -> [CollectionInfo] {
        try read { c throws(SQLiteError) in
            let s = try c.statement("SELECT name, documents, created_ms, updated_ms FROM collections ORDER BY name")
            var out: [CollectionInfo] = []
            while try s.step() { out.append(info(s)) }
            return out
        }
    }

    public func drop(_ collection: String) throws(StoreError) -> Bool {
        try write { c throws(SQLiteError) in
            guard let cid = try collectionID(c, collection) else { return false }
            try c.statement("DELETE FROM buckets WHERE collection = ?1").bind(1, cid).run()
            try c.statement("DELETE FROM documents WHERE collection = ?1").bind(1, cid).run()
            try c.statement("DELETE FROM collections WHERE id = ?1").bind(1, cid).run()
            return true
        }
    }

    /// The database's size on disk: the main file and its WAL, in bytes (0 when unknown).
    public func sizeOnDisk() -> Int64 {
        (try? read { c throws(SQLiteError) in
            let s = try c.statement("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            return try s.step() ? s.int64(0) : 0
        }) ?? 0
    }

    // MARK: Connections and transactions

    private func open() throws(SQLiteError) -> SQLiteConnection {
        let c = try SQLiteConnection(path: path)
        c.setBusyTimeout(milliseconds: 10_000)
        try c.exec("PRAGMA synchronous = \(synchronous.rawValue);")
        return c
    }

    private func acquire() throws(SQLiteError) -> SQLiteConnection {
        if let c = pool.withLock({ $0.popLast() }) { return c }
        return try open()
    }

    private func release(_ c: SQLiteConnection) { pool.withLock { $0.append(c) } }

    /// Runs `body` in a transaction on `c`: BEGIN IMMEDIATE for writes (the write lock up
    /// front), plain BEGIN for reads (one consistent snapshot); COMMIT, or ROLLBACK on error.
    private func transaction<T>(_ c: SQLiteConnection, immediate: Bool = true, _ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try c.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            c.resetStatements()
            try c.exec("COMMIT")
            return result
        } catch {
            c.resetStatements()
            try? c.exec("ROLLBACK")
            throw error
        }
    }

    private func write<T: Sendable>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(StoreError) -> T {
        try withConnection { c throws(SQLiteError) in
            try writeLock.withLock { _ throws(SQLiteError) in try transaction(c) { () throws(SQLiteError) in try body(c) } }
        }
    }

    private func read<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(StoreError) -> T {
        try withConnection { c throws(SQLiteError) in try transaction(c, immediate: false) { () throws(SQLiteError) in try body(c) } }
    }

    /// A pooled connection for `body`; errors become StoreErrors. A connection whose statement
    /// failed is closed rather than pooled, in case it is left in a bad state.
    private func withConnection<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(StoreError) -> T {
        let c: SQLiteConnection
        do { c = try acquire() } catch { throw .failed(error.description) }
        do {
            let result = try body(c)
            release(c)
            return result
        } catch {
            if error.code == SQLiteError.noSuchCollectionCode { release(c); throw .noSuchCollection(error.message) }
            throw .failed(error.description)
        }
    }

    private func collectionID(_ c: SQLiteConnection, _ name: String) throws(SQLiteError) -> Int64? {
        let s = try c.statement("SELECT id FROM collections WHERE name = ?1").bind(1, name)
        return try s.step() ? s.int64(0) : nil
    }

    private func deleteBuckets(_ c: SQLiteConnection, _ cid: Int64, _ n: Int64, _ keys: [UInt64]) throws(SQLiteError) {
        for key in keys {
            try c.statement("DELETE FROM buckets WHERE collection = ?1 AND key = ?2 AND doc = ?3")
                .bind(1, cid).bind(2, Int64(bitPattern: key)).bind(3, n).run()
        }
    }

    private func info(_ s: Statement) -> CollectionInfo {
        CollectionInfo(name: s.string(0), documents: Int(s.int64(1)), createdUnixMs: s.int64(2), updatedUnixMs: s.int64(3))
    }
}

// DedupStore in an embedded SQLite database (collections and documents: id, signature, band
// keys), with the LSH buckets held in memory (BucketIndex), loaded from the database at open.
//
// Durability: the database runs in WAL mode. `add` and `remove` commit before they return, so
// an acknowledged change is in the WAL file. With synchronous = FULL (the default) the WAL is
// fsync'ed at every commit: the change survives a crash of the process (kill -9) and of the
// machine (power loss). synchronous = NORMAL skips that fsync: still safe from kill -9 (the
// written WAL is in the kernel's page cache, which outlives the process) and never corrupt, but
// the last commits may be lost in a power cut; it makes adds cheaper.
//
// Concurrency: a pool of connections, one per thread in use. Writes take an in-process lock,
// then BEGIN IMMEDIATE ... COMMIT, then update the bucket index, still under the lock; so the
// index only ever holds committed documents. Queries look up the index (a short lock of its
// own) and read the candidates' signatures in a WAL snapshot taken after that, at the same time
// as other reads and as a write. A removed candidate is simply not found.
//
// One process per database: the index is in this process's memory, so a second store on the
// same file (another server on the same data directory) would not see this one's adds. A lock
// file (flock) next to the database refuses it.
import DedupCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public final class SQLiteStore: DedupStore {
    public enum Synchronous: String, Sendable { case full = "FULL", normal = "NORMAL" }

    public let path: String
    public let synchronous: Synchronous
    private let pool = Mutex<[SQLiteConnection]>([])
    private let writeLock = Mutex<Void>(())
    private let index = Mutex(BucketIndex())
    private let lockFile: Int32

    static let schemaVersion = "1"

    /// Opens (or creates) the database at `path` and loads its buckets. `scheme` names how
    /// signatures and band keys are made; a database made with another scheme is refused, since
    /// its signatures would not compare with new ones.
    public init(path: String, scheme: String, synchronous: Synchronous = .full) throws(StoreError) {
        self.path = path
        self.synchronous = synchronous
        lockFile = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockFile >= 0 else { throw .failed("cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        guard flock(lockFile, LOCK_EX | LOCK_NB) == 0 else {
            close(lockFile)
            throw .failed("\(path) is in use by another process (\(path).lock is locked)")
        }
        do {
            let c = try connect()
            try c.exec("""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS collections(
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, documents INTEGER NOT NULL DEFAULT 0,
                    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS documents(
                    n INTEGER PRIMARY KEY, collection INTEGER NOT NULL, id TEXT NOT NULL,
                    signature BLOB NOT NULL, bands BLOB NOT NULL, UNIQUE(collection, id));
                """)
            var loaded = BucketIndex()
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
                let s = try c.statement("SELECT collection, n, bands FROM documents")
                while try s.step() { loaded.insert(collection: s.int64(0), document: s.int64(1), keys: s.blob(2, as: UInt64.self)) }
            }
            index.withLock { $0 = loaded }
            release(c)
        } catch {
            close(lockFile)
            throw .failed(error.description)
        }
    }

    deinit {
        pool.withLock { $0.removeAll() }   // closes the connections
        close(lockFile)                     // and lets another store open the database
    }

    // MARK: DedupStore

    public func add(_ documents: [StoredDocument], to collection: String, nowUnixMs: Int64) throws(StoreError) -> AddOutcome {
        try write { c, changes throws(SQLiteError) in
            try c.statement("INSERT OR IGNORE INTO collections(name, created_ms, updated_ms) VALUES (?1, ?2, ?2)")
                .bind(1, collection).bind(2, nowUnixMs).run()
            let cid = try collectionID(c, collection)!
            var outcome = AddOutcome(added: 0, replaced: 0)
            for d in documents {
                let existing = try c.statement("SELECT n, bands FROM documents WHERE collection = ?1 AND id = ?2").bind(1, cid).bind(2, d.id)
                if try existing.step() {
                    let n = existing.int64(0)
                    changes.append(.remove(cid, n, existing.blob(1, as: UInt64.self)))
                    try c.statement("UPDATE documents SET signature = ?2, bands = ?3 WHERE n = ?1")
                        .bind(1, n).bind(2, blob: d.signature).bind(3, blob: d.bandKeys).run()
                    changes.append(.insert(cid, n, d.bandKeys))
                    outcome.replaced += 1
                } else {
                    try c.statement("INSERT INTO documents(collection, id, signature, bands) VALUES (?1, ?2, ?3, ?4)")
                        .bind(1, cid).bind(2, d.id).bind(3, blob: d.signature).bind(4, blob: d.bandKeys).run()
                    changes.append(.insert(cid, c.lastInsertRowID, d.bandKeys))
                    outcome.added += 1
                }
            }
            try c.statement("UPDATE collections SET documents = documents + ?2, updated_ms = ?3 WHERE id = ?1")
                .bind(1, cid).bind(2, Int64(outcome.added)).bind(3, nowUnixMs).run()
            return outcome
        }
    }

    public func remove(_ ids: [String], from collection: String, nowUnixMs: Int64) throws(StoreError) -> Int {
        try write { c, changes throws(SQLiteError) in
            guard let cid = try collectionID(c, collection) else { throw SQLiteError.noSuchCollection(collection) }
            var removed = 0
            for id in ids {
                let s = try c.statement("SELECT n, bands FROM documents WHERE collection = ?1 AND id = ?2").bind(1, cid).bind(2, id)
                guard try s.step() else { continue }
                let n = s.int64(0)
                changes.append(.remove(cid, n, s.blob(1, as: UInt64.self)))
                try c.statement("DELETE FROM documents WHERE n = ?1").bind(1, n).run()
                removed += 1
            }
            try c.statement("UPDATE collections SET documents = documents - ?2, updated_ms = ?3 WHERE id = ?1")
                .bind(1, cid).bind(2, Int64(removed)).bind(3, nowUnixMs).run()
            return removed
        }
    }

    public func candidates(in collection: String, bandKeys: [UInt64]) throws(StoreError) -> [Candidate] {
        let cid = try read { c throws(SQLiteError) in
            guard let cid = try collectionID(c, collection) else { throw SQLiteError.noSuchCollection(collection) }
            return cid
        }
        // The index first, then a snapshot taken after it: every document the index names has
        // committed before the snapshot, so only a document removed since then can be missing.
        let docs = index.withLock { $0.lookup(collection: cid, keys: bandKeys) }
        if docs.isEmpty { return [] }
        return try read { c throws(SQLiteError) in
            var out: [Candidate] = []
            out.reserveCapacity(docs.count)
            for n in docs {
                let s = try c.statement("SELECT id, signature FROM documents WHERE n = ?1 AND collection = ?2").bind(1, n).bind(2, cid)
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
        try write { c, changes throws(SQLiteError) in
            guard let cid = try collectionID(c, collection) else { return false }
            try c.statement("DELETE FROM documents WHERE collection = ?1").bind(1, cid).run()
            try c.statement("DELETE FROM collections WHERE id = ?1").bind(1, cid).run()
            changes.append(.drop(cid))
            return true
        }
    }

    /// The database's size on disk, in bytes (0 when unknown).
    public func sizeOnDisk() -> Int64 {
        (try? read { c throws(SQLiteError) in
            let s = try c.statement("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            return try s.step() ? s.int64(0) : 0
        }) ?? 0
    }

    // MARK: Connections and transactions

    /// A change to the bucket index, applied once its transaction has committed.
    enum IndexChange {
        case insert(Int64, Int64, [UInt64])
        case remove(Int64, Int64, [UInt64])
        case drop(Int64)
    }

    private func connect() throws(SQLiteError) -> SQLiteConnection {
        let c = try SQLiteConnection(path: path)
        c.setBusyTimeout(milliseconds: 10_000)
        try c.exec("PRAGMA synchronous = \(synchronous.rawValue); PRAGMA mmap_size = 1073741824;")
        return c
    }

    private func acquire() throws(SQLiteError) -> SQLiteConnection {
        if let c = pool.withLock({ $0.popLast() }) { return c }
        return try connect()
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

    /// A write transaction; its index changes are applied after COMMIT, under the write lock.
    private func write<T: Sendable>(_ body: (SQLiteConnection, inout [IndexChange]) throws(SQLiteError) -> T) throws(StoreError) -> T {
        try withConnection { c throws(SQLiteError) in
            try writeLock.withLock { _ throws(SQLiteError) in
                var changes: [IndexChange] = []
                let result = try transaction(c) { () throws(SQLiteError) in try body(c, &changes) }
                index.withLock { index in
                    for change in changes {
                        switch change {
                        case .insert(let cid, let n, let keys): index.insert(collection: cid, document: n, keys: keys)
                        case .remove(let cid, let n, let keys): index.remove(collection: cid, document: n, keys: keys)
                        case .drop(let cid): index.drop(collection: cid)
                        }
                    }
                }
                return result
            }
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

    private func info(_ s: Statement) -> CollectionInfo {
        CollectionInfo(name: s.string(0), documents: Int(s.int64(1)), createdUnixMs: s.int64(2), updatedUnixMs: s.int64(3))
    }
}

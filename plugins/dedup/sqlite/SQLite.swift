// SQLite's C API, wrapped: a connection with cached prepared statements. The only home of
// sqlite3 pointers in the plugin.
import CSQLite

struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { "\(message) (SQLite code \(code))" }

    /// Not an SQLite code: the store's own "the named collection does not exist", raised inside a
    /// transaction so that the transaction is rolled back like for any other error.
    static let noSuchCollectionCode: Int32 = -1
    static func noSuchCollection(_ name: String) -> SQLiteError { SQLiteError(code: noSuchCollectionCode, message: name) }
}

/// One database connection. Not thread-safe: SQLiteStore's pool hands a connection to one
/// thread at a time (it is opened with SQLITE_OPEN_NOMUTEX), hence `@unchecked Sendable`.
final class SQLiteConnection: @unchecked Sendable {
    private let db: OpaquePointer
    private var statements: [String: Statement] = [:]

    init(path: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(code: rc, message: "cannot open \(path): \(message)")
        }
        db = handle
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s.stmt) }
        sqlite3_close_v2(db)
    }

    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(db, milliseconds) }

    /// Runs one or more statements that return no rows.
    func exec(_ sql: String) throws(SQLiteError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: message)
        }
    }

    /// A prepared statement for `sql`, reset and with its bindings cleared; prepared once per connection.
    func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let s = statements[sql] {
            sqlite3_reset(s.stmt)
            sqlite3_clear_bindings(s.stmt)
            return s
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc) }
        let s = Statement(stmt: stmt, connection: self)
        statements[sql] = s
        return s
    }

    /// Resets every cached statement. A statement stepped to a row and left there keeps its
    /// read transaction (and so an old snapshot of the database) open past COMMIT; a
    /// transaction ends with this, so the next one starts from the newest state.
    func resetStatements() {
        for s in statements.values { sqlite3_reset(s.stmt) }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }
    var changes: Int { Int(sqlite3_changes(db)) }

    func error(_ rc: Int32) -> SQLiteError { SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(db))) }
}

/// A prepared statement. Bind parameters (from 1), then `step` through the rows.
final class Statement {
    fileprivate let stmt: OpaquePointer
    private unowned let connection: SQLiteConnection

    fileprivate init(stmt: OpaquePointer, connection: SQLiteConnection) { self.stmt = stmt; self.connection = connection }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    @discardableResult
    func bind(_ i: Int32, _ v: Int64) -> Statement { sqlite3_bind_int64(stmt, i, v); return self }

    @discardableResult
    func bind(_ i: Int32, _ v: String) -> Statement {
        var s = v
        s.withUTF8 { p in _ = sqlite3_bind_text(stmt, i, UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(p.count), Statement.transient) }
        return self
    }

    /// An array of fixed-width integers as a blob, little-endian (as the platform stores them).
    @discardableResult
    func bind<T: FixedWidthInteger>(_ i: Int32, blob v: [T]) -> Statement {
        v.withUnsafeBytes { p in _ = sqlite3_bind_blob(stmt, i, p.baseAddress, Int32(p.count), Statement.transient) }
        return self
    }

    /// Advances to the next row: true when there is one, false when done.
    func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let e = connection.error(rc)
        sqlite3_reset(stmt)
        throw e
    }

    /// Runs a statement that returns no rows.
    func run() throws(SQLiteError) { while try step() {} }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(stmt, column) }

    func string(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(stmt, column) else { return "" }
        let n = Int(sqlite3_column_bytes(stmt, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    func blob<T: FixedWidthInteger>(_ column: Int32, as: T.Type) -> [T] {
        let n = Int(sqlite3_column_bytes(stmt, column)) / MemoryLayout<T>.size
        guard n > 0, let p = sqlite3_column_blob(stmt, column) else { return [] }
        return [T](unsafeUninitializedCapacity: n) { buf, count in
            UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(start: p, count: n * MemoryLayout<T>.size))
            count = n
        }
    }
}

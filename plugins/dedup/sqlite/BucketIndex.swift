// The LSH buckets of SQLiteStore's collections, in memory: for each collection, band key ->
// the documents (SQLite rowids) that have it. Loaded from the documents table when the store
// opens and changed only after a commit, so it always describes committed state.
//
// Why in memory: as a table, each document's 32 band keys land on 32 random B-tree pages, so an
// add of 500 documents dirtied some 16,000 pages and wrote them all to the WAL (measured: 570
// documents/s at 100,000 documents). The documents table itself grows in rowid order.

struct BucketIndex {
    /// Most keys belong to one document; a key shared by near-copies holds a list.
    enum Bucket {
        case one(Int64)
        case many([Int64])
    }

    private var collections: [Int64: [UInt64: Bucket]] = [:]

    mutating func insert(collection: Int64, document n: Int64, keys: [UInt64]) {
        if collections[collection] == nil { collections[collection] = [:] }
        for key in keys {
            switch collections[collection]![key] {
            case nil: collections[collection]![key] = .one(n)
            case .one(let m): collections[collection]![key] = m == n ? .one(m) : .many([m, n])
            case .many(var list):
                if !list.contains(n) { list.append(n) }
                collections[collection]![key] = .many(list)
            }
        }
    }

    mutating func remove(collection: Int64, document n: Int64, keys: [UInt64]) {
        for key in keys {
            switch collections[collection]?[key] {
            case nil: break
            case .one(let m): if m == n { collections[collection]![key] = nil }
            case .many(var list):
                list.removeAll { $0 == n }
                collections[collection]![key] = list.count == 1 ? .one(list[0]) : .many(list)
            }
        }
    }

    mutating func drop(collection: Int64) { collections[collection] = nil }

    /// The documents of `collection` that have at least one of `keys`, each once, in rowid order.
    func lookup(collection: Int64, keys: [UInt64]) -> [Int64] {
        guard let buckets = collections[collection] else { return [] }
        var found: [Int64] = []
        for key in keys {
            switch buckets[key] {
            case nil: continue
            case .one(let n): found.append(n)
            case .many(let list): found.append(contentsOf: list)
            }
        }
        found.sort()
        var out: [Int64] = []
        for n in found where out.last != n { out.append(n) }
        return out
    }
}

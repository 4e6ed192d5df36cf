// A growable array of plain values, for the entity finder's per-word and per-mention lists.

/// An array of bitwise-copyable values in memory of its own, reused across sentences: appending
/// checks capacity only (a Swift Array held in a struct also checks, on every append, that its
/// storage is not shared), and reading an element is a plain load. A reference type: copies of
/// the finder share it, and it is never handed out.
final class Buffer<Element: BitwiseCopyable>: RandomAccessCollection {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private var length = 0

    init(capacity: Int = 64) {
        self.capacity = Swift.max(capacity, 8)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var startIndex: Int { 0 }
    var endIndex: Int { length }
    var count: Int { length }
    var isEmpty: Bool { length == 0 }

    @inline(__always)
    subscript(i: Int) -> Element {
        // (One unsigned compare checks both ends: a negative index is a large unsigned one.)
        get {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: length), "index out of range")
            return base[i]
        }
        set {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: length), "index out of range")
            base[i] = newValue
        }
    }

    @inline(__always)
    func append(_ e: Element) {
        if length == capacity { grow() }
        (base + length).initialize(to: e)
        length &+= 1
    }

    func removeAll() { length = 0 }

    /// Appends `n` copies of `e` (one fill, not `n` appends).
    func append(repeating e: Element, count n: Int) {
        precondition(n >= 0, "negative count")
        while length + n > capacity { grow() }
        (base + length).initialize(repeating: e, count: n)
        length += n
    }

    /// Appends what `body` writes at the pointer it is given (at most `maxCount` elements; it
    /// returns how many).
    @inline(__always)
    func appendUnsafe(maxCount: Int, _ body: (UnsafeMutablePointer<Element>) -> Int) {
        while length + maxCount > capacity { grow() }
        let k = body(base + length)
        precondition(k >= 0 && k <= maxCount, "wrote past the room asked for")
        length += k
    }

    /// Room for `room` more elements: where the next one goes. Write at most `room` there, then
    /// call `didAppend` with how many were written (before any other append).
    @inline(__always)
    func reserve(room: Int) -> UnsafeMutablePointer<Element> {
        while length + room > capacity { grow() }
        return base + length
    }

    /// Counts `k` elements written where `reserve(room:)` said.
    @inline(__always)
    func didAppend(_ k: Int, room: Int) {
        precondition(k >= 0 && k <= room && length + k <= capacity, "wrote past the room asked for")
        length += k
    }

    func append(contentsOf items: UnsafeBufferPointer<Element>) {
        while length + items.count > capacity { grow() }
        if let from = items.baseAddress { (base + length).initialize(from: from, count: items.count) }
        length += items.count
    }

    /// The elements in place, valid only inside `body` (a later append may move them).
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: length))
    }

    /// The elements `range` in place, as `withUnsafeBufferPointer`.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= length, "range out of bounds")
        return try body(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    @inline(never)
    private func grow() {
        let c = capacity * 2
        let b = UnsafeMutablePointer<Element>.allocate(capacity: c)
        b.moveInitialize(from: base, count: length)
        base.deallocate()
        base = b
        capacity = c
    }
}

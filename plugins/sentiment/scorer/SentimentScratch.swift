// Working memory for scoring, kept across the sentences of a document.

/// The scorer's working memory: the text padded for 16-byte reads, its tokens, their valences and
/// lower-cased bytes. Grows to the longest text seen and is then reused, so scoring the sentences
/// of a document allocates once. Not for two threads at once.
public final class SentimentScratch {
    private var memory: UnsafeMutableRawPointer? = nil
    private var textCapacity = 0
    private var tokens = 0, valences = 0, lower = 0

    public init() {}

    deinit { memory?.deallocate() }

    @inline(__always)
    private static func rounded(_ n: Int) -> Int { (n + 15) & ~15 }

    /// Room for a text of `n` bytes: the padded copy (n + 32 bytes), tokens and valences
    /// ((n + 1) / 2 each), lower-cased bytes (3n + 32).
    @inline(__always)
    func reserve(_ n: Int) -> (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<SentimentAnalyzer.Token>,
                               UnsafeMutablePointer<Double>, UnsafeMutablePointer<UInt8>) {
        if n > textCapacity { grow(n) }
        let base = memory!
        return (base.assumingMemoryBound(to: UInt8.self),
                (base + tokens).assumingMemoryBound(to: SentimentAnalyzer.Token.self),
                (base + valences).assumingMemoryBound(to: Double.self),
                (base + lower).assumingMemoryBound(to: UInt8.self))
    }

    @inline(never)
    private func grow(_ n: Int) {
        memory?.deallocate()
        let capacity = max(n, textCapacity * 2, 2048)
        let maxTokens = (capacity + 1) / 2
        tokens = SentimentScratch.rounded(capacity + 32)
        valences = tokens + SentimentScratch.rounded(maxTokens * MemoryLayout<SentimentAnalyzer.Token>.stride)
        lower = valences + SentimentScratch.rounded(maxTokens * MemoryLayout<Double>.stride)
        let total = lower + SentimentScratch.rounded(3 * capacity + 32)
        let m = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        m.bindMemory(to: UInt8.self, capacity: tokens)
        (m + tokens).bindMemory(to: SentimentAnalyzer.Token.self, capacity: maxTokens)
        (m + valences).bindMemory(to: Double.self, capacity: maxTokens)
        (m + lower).bindMemory(to: UInt8.self, capacity: 3 * capacity + 32)
        memory = m
        textCapacity = capacity
    }
}

// Working memory for scoring, kept across the sentences of a document.

/// The scorer's working memory: the text padded for 16-byte reads, its tokens, the indexes of
/// its notable tokens, the valences of its lexicon words and their positions, and lower-cased
/// bytes. Grows to the longest text seen and is then reused, so scoring the sentences of a
/// document allocates once. Not for two threads at once.
public final class SentimentScratch {
    private var memory: UnsafeMutableRawPointer? = nil
    private var textCapacity = 0
    private var tokens = 0, notable = 0, positions = 0, valences = 0, lower = 0

    public init() {}

    deinit { memory?.deallocate() }

    @inline(__always)
    private static func rounded(_ n: Int) -> Int { (n + 15) & ~15 }

    struct Memory {
        /// The text and its padding (n + 32 bytes).
        var text: UnsafeMutablePointer<UInt8>
        /// (n + 1) / 2 entries each: a text of n bytes has at most that many tokens.
        var tokens: UnsafeMutablePointer<SentimentAnalyzer.Token>
        var notable: UnsafeMutablePointer<Int32>
        var positions: UnsafeMutablePointer<Int32>
        var valences: UnsafeMutablePointer<Double>
        /// Lower-cased bytes of one token (3n + 32).
        var lower: UnsafeMutablePointer<UInt8>
    }

    /// Room for a text of `n` bytes.
    @inline(__always)
    func reserve(_ n: Int) -> Memory {
        if n > textCapacity { grow(n) }
        let base = memory!
        return Memory(text: base.assumingMemoryBound(to: UInt8.self),
                      tokens: (base + tokens).assumingMemoryBound(to: SentimentAnalyzer.Token.self),
                      notable: (base + notable).assumingMemoryBound(to: Int32.self),
                      positions: (base + positions).assumingMemoryBound(to: Int32.self),
                      valences: (base + valences).assumingMemoryBound(to: Double.self),
                      lower: (base + lower).assumingMemoryBound(to: UInt8.self))
    }

    @inline(never)
    private func grow(_ n: Int) {
        memory?.deallocate()
        let capacity = max(n, textCapacity * 2, 2048)
        let maxTokens = (capacity + 1) / 2
        tokens = SentimentScratch.rounded(capacity + 32)
        notable = tokens + SentimentScratch.rounded(maxTokens * MemoryLayout<SentimentAnalyzer.Token>.stride)
        positions = notable + SentimentScratch.rounded(maxTokens * MemoryLayout<Int32>.stride)
        valences = positions + SentimentScratch.rounded(maxTokens * MemoryLayout<Int32>.stride)
        lower = valences + SentimentScratch.rounded(maxTokens * MemoryLayout<Double>.stride)
        let total = lower + SentimentScratch.rounded(3 * capacity + 32)
        let m = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        m.bindMemory(to: UInt8.self, capacity: tokens)
        (m + tokens).bindMemory(to: SentimentAnalyzer.Token.self, capacity: maxTokens)
        (m + notable).bindMemory(to: Int32.self, capacity: 2 * maxTokens)
        (m + valences).bindMemory(to: Double.self, capacity: maxTokens)
        (m + lower).bindMemory(to: UInt8.self, capacity: 3 * capacity + 32)
        memory = m
        textCapacity = capacity
    }
}

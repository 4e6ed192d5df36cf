// Generated text for the tests that check a fast path against the general one.
import NewswireText

extension SplitMix64 {
    /// `count` (at least one) words drawn from `words`, with a gap drawn from `gaps` between each two.
    mutating func text(words: [String], gaps: [String], count: ClosedRange<Int>) -> String {
        var text = ""
        for w in 0..<Int.random(in: count, using: &self) {
            if w > 0 { text += gaps.randomElement(using: &self)! }
            text += words.randomElement(using: &self)!
        }
        return text
    }
}

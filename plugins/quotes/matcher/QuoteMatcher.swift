// The same remark across articles: quotations by the same speaker whose wordings match,
// though outlets translate and trim them differently.
//
// Wordings are compared as sets of rough stems of their content words (lower-case, function
// words dropped, a few English suffixes cut, then the first five letters: "restrictive" and
// "restrictions", "defense" and "defend", "indefinite" and "indefinite" meet). Two quotations
// match when their speakers are compatible ("Putin" and "Vladimir Putin", "Jean Luc Moreau"
// and "Jean-Luc Moreau") and either
//   - both have 4 stems or more and the Dice coefficient is >= 0.5, or 70% or more of the
//     shorter one's stems (at least 4) are in the longer one (a partial quotation of a longer one);
//   - or the shorter has fewer than 4 and all of them are in the other, with Dice >= 0.6.
// Groups are the connected pieces of that relation across different documents; a group holds
// every matching quotation, from two or more documents.

public struct MatchCandidate: Sendable, Equatable {
    public var document: Int
    public var quote: Int
    /// The speaker's canonical name.
    public var speaker: String
    public var text: String
    public init(document: Int, quote: Int, speaker: String, text: String) {
        self.document = document; self.quote = quote; self.speaker = speaker; self.text = text
    }
}

public struct MatchedGroup: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var document: Int
        public var quote: Int
        /// Similarity to the representative wording, in [0, 1].
        public var similarity: Double
    }
    /// The fullest speaker name among the members.
    public var speaker: String
    /// The representative wording: the longest.
    public var text: String
    /// By document, then quotation.
    public var members: [Member]
}

public enum QuoteMatcher {
    static let stopWords: Set<String> = {
        let words = """
        a an the and or but nor so yet if because while when where that which who whom whose what this these those
        is are was were be been being am has have had do does did will would shall should can could may might must
        to of in on at from with by for about as into over after before up down out off than then there here
        it its they them their we our us you your i me my he him his she her one all any some such no not
        also just very only other among against between within without through during would like
        """
        return Set(words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()

    static let suffixes = ["ations", "ation", "ments", "ment", "ness", "ings", "ing", "ions", "ion", "ives", "ive",
                           "ities", "ity", "ies", "ied", "ed", "es", "s", "ly", "al"]

    /// A rough stem: suffix cut, first five letters.
    static func stem(_ w: String) -> String {
        var s = Substring(w)
        for suf in suffixes where s.count - suf.count >= 4 && s.hasSuffix(suf) { s = s.dropLast(suf.count); break }
        return String(s.prefix(5))
    }

    /// The stems of a wording's content words.
    public static func stems(_ text: String) -> Set<String> {
        var out = Set<String>()
        var word = ""
        func flush() {
            defer { word = "" }
            guard word.count >= 3, !stopWords.contains(word) else { return }
            out.insert(stem(word))
        }
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { word.append(ch) }
            else if (ch == "'" || ch == "\u{2019}") && !word.isEmpty { continue }
            else { flush() }
        }
        flush()
        return out
    }

    /// Similarity of two wordings' stems in [0, 1] (the mean of Dice and containment), and
    /// whether they are the same remark by the rules above.
    public static func compare(_ a: Set<String>, _ b: Set<String>) -> (similarity: Double, match: Bool) {
        let small = min(a.count, b.count), large = max(a.count, b.count)
        guard small > 0 else { return (0, false) }
        let inter = a.intersection(b).count
        let dice = 2 * Double(inter) / Double(a.count + b.count)
        let containment = Double(inter) / Double(small)
        let similarity = (dice + containment) / 2
        let match: Bool
        if small >= 4 {
            match = dice >= 0.5 || (containment >= 0.7 && inter >= 4)
        } else {
            match = inter == small && dice >= 0.6 && large > 0
        }
        return (similarity, match)
    }

    /// Name words, lower-case, hyphens as spaces, without "the".
    static func nameWords(_ s: String) -> [String] {
        var words = s.lowercased().replacingOccurrencesOfHyphens().split(separator: " ").map(String.init)
        if words.first == "the" { words.removeFirst() }
        return words
    }

    /// Whether two canonical speaker names may be one speaker: equal, or one's words are the
    /// first or last words of the other ("Putin" / "Vladimir Putin", "Anna" / "Anna Lindqvist").
    public static func sameSpeaker(_ a: String, _ b: String) -> Bool {
        let x = nameWords(a), y = nameWords(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        if x == y { return true }
        let (s, l) = x.count <= y.count ? (x, y) : (y, x)
        return Array(l.prefix(s.count)) == s || Array(l.suffix(s.count)) == s
    }

    public static func group(_ candidates: [MatchCandidate]) -> [MatchedGroup] {
        let sets = candidates.map { stems($0.text) }
        // Candidates that share a speaker word are compared.
        var byWord: [String: [Int]] = [:]
        for (i, c) in candidates.enumerated() { for w in Set(nameWords(c.speaker)) { byWord[w, default: []].append(i) } }
        var parent = Array(candidates.indices)
        func find(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        var compared = Set<Int>()
        for (_, list) in byWord {
            for x in 0..<list.count {
                for y in (x + 1)..<list.count {
                    let i = list[x], j = list[y]
                    guard candidates[i].document != candidates[j].document else { continue }
                    let key = min(i, j) * candidates.count + max(i, j)
                    guard compared.insert(key).inserted else { continue }
                    guard sameSpeaker(candidates[i].speaker, candidates[j].speaker), compare(sets[i], sets[j]).match else { continue }
                    let a = find(i), b = find(j)
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
            }
        }
        var components: [Int: [Int]] = [:]
        for i in candidates.indices { components[find(i), default: []].append(i) }
        var groups: [MatchedGroup] = []
        for (_, members) in components {
            guard Set(members.map { candidates[$0].document }).count >= 2 else { continue }
            let rep = members.max { (candidates[$0].text.utf8.count, -$0) < (candidates[$1].text.utf8.count, -$1) }!
            let speaker = members.map { candidates[$0].speaker }.max { ($0.count, $1) < ($1.count, $0) }!
            let list = members.sorted { (candidates[$0].document, candidates[$0].quote) < (candidates[$1].document, candidates[$1].quote) }.map {
                MatchedGroup.Member(document: candidates[$0].document, quote: candidates[$0].quote,
                                    similarity: $0 == rep ? 1 : compare(sets[$0], sets[rep]).similarity)
            }
            groups.append(MatchedGroup(speaker: speaker, text: candidates[rep].text, members: list))
        }
        groups.sort {
            let da = Set($0.members.map(\.document)).count, db = Set($1.members.map(\.document)).count
            if da != db { return da > db }
            return ($0.members[0].document, $0.members[0].quote) < ($1.members[0].document, $1.members[0].quote)
        }
        return groups
    }
}

extension String {
    fileprivate func replacingOccurrencesOfHyphens() -> String {
        String(map { $0 == "-" || $0 == "\u{2010}" || $0 == "\u{2011}" ? " " : $0 })
    }
}

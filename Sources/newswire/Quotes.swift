// newswire quotes: each quotation with its speaker; across several articles, the same remark.
// QuotesRender also draws the quotes analyzer's part of `newswire analyze` (Render, Analyze.swift).
import ArgumentParser
import NewswireClient

struct Quotes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quotations in articles, each with its speaker; across several articles, the same remark reported by each.",
        discussion: """
        `analyze --only quotes`. Kinds: direct (a whole quotation), partial (quoted words in reported \
        speech), indirect (reported speech with a cue, no marks), term (scare quotes; no speaker). \
        Several articles in one batch also get the groups of the same remark across them. With --json: \
        one object per article (its "quotes"), then {"batch": {"quoteGroups": [...]}}.

        Examples:
          newswire quotes article.txt
          newswire quotes a.txt b.txt c.txt
          newswire quotes --json articles/
        """)
    @OptionGroup var options: ServerOptions
    @OptionGroup var mode: AnalysisMode
    @OptionGroup var input: ArticleInput

    func run() async throws { try await runAnalysis(input: input, analyzers: ["quotes"], options: options, mode: mode) }
}

enum QuotesRender {
    static var style: Style { Render.style }

    static func kindName(_ k: QuoteKind) -> String {
        switch k {
        case .direct: "direct"
        case .partial: "partial"
        case .indirect: "indirect"
        case .term: "term"
        case .unspecified: "unspecified"
        }
    }

    /// A quotation on one line: flattened, clipped to `width` characters.
    static func clip(_ s: String, _ width: Int) -> String {
        let flat = String(s.map { $0.isNewline ? " " : $0 })
        return flat.count > width ? String(flat.prefix(width - 1)) + "…" : flat
    }

    static func confidence(_ c: Double) -> String {
        let h = Int((c * 100).rounded())
        return "\(h / 100).\(h % 100 < 10 ? "0" : "")\(h % 100)"
    }

    /// The document's quotations, each with its speaker, then the speakers.
    static func text(_ q: QuotesResult, _ doc: Document) -> String {
        var counts: [QuoteKind: Int] = [:]
        for x in q.quotes { counts[x.kind, default: 0] += 1 }
        var out = "quotations: \(counts[.direct] ?? 0) direct, \(counts[.partial] ?? 0) partial, \(counts[.indirect] ?? 0) indirect, "
            + "\(counts[.term] ?? 0) term\(counts[.term] == 1 ? "" : "s"); \(q.speakers.count) speaker\(q.speakers.count == 1 ? "" : "s")\n"
        for x in q.quotes {
            let kind = kindName(x.kind)
            let (open, close) = x.kind == .indirect ? ("", "") : ("“", x.continued ? "" : "”")
            out += "  " + style.yellow(kind + String(repeating: " ", count: max(1, 9 - kind.count))) + open + clip(x.text, 100) + close + "\n"
            if let s = q.speaker(of: x) {
                var how: [String] = []
                if x.inherited { how.append("inherited from the quotation before") }
                else if let m = x.speakerMention {
                    let mention = Render.excerpt(doc.text, m, width: 40)
                    how.append(x.cue.isEmpty ? "\"\(mention)\"" : x.cue == ":" ? "\"\(mention)\" before a colon" : "\(x.cue), \"\(mention)\"")
                }
                if x.continued { how.append("goes on in the next paragraph") }
                how.append("confidence \(confidence(x.confidence))")
                out += "           — " + style.bold(style.cyan(s.name)) + style.dim(s.title.isEmpty ? "" : " (\(s.title))") + "  " + style.dim(how.joined(separator: "; ")) + "\n"
            } else if x.kind != .term {
                out += "           — " + style.dim("no speaker found") + "\n"
            }
        }
        if !q.speakers.isEmpty {
            out += "  speakers:\n"
            for (i, s) in q.speakers.enumerated() {
                let n = q.quotes.filter { $0.speaker == UInt32(i + 1) }.count
                var about = [Render.kindName(s.kind)]
                if !s.title.isEmpty { about.append(s.title) }
                if !s.organization.isEmpty { about.append(s.organization) }
                out += "    " + style.cyan(s.name) + " (\(about.joined(separator: ", "))): \(n) quotation\(n == 1 ? "" : "s"), "
                    + "\(s.mentions.count) mention\(s.mentions.count == 1 ? "" : "s")\n"
            }
        }
        return out
    }

    /// The same remark across the batch's documents, as text; empty when there is none.
    static func groupsText(_ groups: [QuoteGroup], _ docs: [Document], _ results: [DocumentAnalysis]) -> String {
        guard !groups.isEmpty else { return "" }
        var out = "the same remark in several articles: \(groups.count) group\(groups.count == 1 ? "" : "s")\n"
        for g in groups {
            let n = Set(g.occurrences.map(\.document)).count
            out += "  " + style.bold(style.cyan(g.speaker)) + ", in \(n) articles: “\(clip(g.text, 100))”\n"
            for o in g.occurrences {
                let d = Int(o.document)
                let wording = d < results.count ? results[d].quotes.flatMap { Int(o.quote) < $0.quotes.count ? $0.quotes[Int(o.quote)].text : nil } ?? "" : ""
                let id = d < docs.count ? docs[d].id : o.documentID
                out += "    " + style.dim("\(id) #\(o.quote), similarity \(confidence(o.similarity))") + "  “\(clip(wording, 80))”\n"
            }
        }
        return out
    }

    /// The document's QuotesResult as JSON: quotations (with the speaker's name), then speakers.
    static func json(_ q: QuotesResult) -> String {
        let quotes = q.quotes.map { x in
            var f = ["\"kind\":\"\(kindName(x.kind))\"", "\"span\":\(Render.json(x.span))", "\"text\":\(jsonString(x.text))"]
            if let s = q.speaker(of: x) { f += ["\"speaker\":\(jsonString(s.name))", "\"speakerIndex\":\(x.speaker - 1)"] }
            else { f += ["\"speaker\":null", "\"speakerIndex\":null"] }
            f.append("\"speakerMention\":" + (x.speakerMention.map(Render.json) ?? "null"))
            f += ["\"cue\":\(jsonString(x.cue))", "\"confidence\":\(x.confidence)", "\"continued\":\(x.continued)", "\"inherited\":\(x.inherited)"]
            return "{" + f.joined(separator: ",") + "}"
        }
        let speakers = q.speakers.map { s in
            "{\"name\":\(jsonString(s.name)),\"kind\":\"\(Render.kindName(s.kind))\",\"title\":\(jsonString(s.title)),"
                + "\"organization\":\(jsonString(s.organization)),\"mentions\":[\(s.mentions.map(Render.json).joined(separator: ","))]}"
        }
        return "{\"quotes\":[\(quotes.joined(separator: ","))],\"speakers\":[\(speakers.joined(separator: ","))]}"
    }

    static func groupsJSON(_ groups: [QuoteGroup]) -> String {
        "[" + groups.map { g in
            let occ = g.occurrences.map { "{\"document\":\($0.document),\"documentId\":\(jsonString($0.documentID)),\"quote\":\($0.quote),\"similarity\":\($0.similarity)}" }
            return "{\"speaker\":\(jsonString(g.speaker)),\"text\":\(jsonString(g.text)),\"occurrences\":[\(occ.joined(separator: ","))]}"
        }.joined(separator: ",") + "]"
    }
}

// The project's own sample articles (Tests/Fixtures/articles): two outlets'
// reports of one council vote, with roles, pronouns, a colon and an apposition.
import XCTest
import Foundation
@testable import QuoteExtractor
@testable import QuoteMatcher

final class FixtureArticleTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/articles")

    func article(_ name: String) throws -> Found {
        Found(try String(contentsOf: Self.dir.appendingPathComponent(name), encoding: .utf8))
    }

    func testCoastalHerald() throws {
        let f = try article("harbour-bridge-coastal-herald.txt")
        XCTAssertEqual(f.who("doing nothing would cost us"), "Elena Ruiz")
        // "The mayor rejected that figure. "...," she said." — she is the mayor, not the councillor before.
        XCTAssertEqual(f.who("simply wrong"), "Elena Ruiz")
        XCTAssertEqual(f.slice(f.quote("simply wrong")?.speakerMention), "she")
        XCTAssertEqual(f.who("space for every boat"), "Elena Ruiz")
        XCTAssertEqual(f.quote("space for every boat")?.inherited, true)
        XCTAssertEqual(f.kind("reckless gamble"), .partial)
        XCTAssertEqual(f.who("reckless gamble"), "Tomas Brandt")
        XCTAssertEqual(f.kind("construction would begin"), .indirect)
        XCTAssertEqual(f.who("construction would begin"), "Elena Ruiz")
        XCTAssertEqual(f.who("deeply disappointed"), "Harbour Workers Union")
        XCTAssertEqual(f.speaker(f.quote("doing nothing"))?.title, "Mayor")
    }

    func testDailyTide() throws {
        let f = try article("harbour-bridge-daily-tide.txt")
        XCTAssertEqual(f.who("wonderful day"), "Elena Ruiz")
        // "Mr. Brandt, a councillor who led the opposition, was not convinced. "...," he said"
        XCTAssertEqual(f.who("reckless gamble"), "Brandt")
        // "the mayor was blunt: "...""
        XCTAssertEqual(f.who("simply wrong"), "Elena Ruiz")
        XCTAssertEqual(f.quote("simply wrong")?.cue, ":")
        XCTAssertEqual(f.quotes.filter { $0.kind == .direct }.count, 3)
    }

    func testTheTwoReportsShareThreeRemarks() throws {
        let docs = [try article("harbour-bridge-coastal-herald.txt"), try article("harbour-bridge-daily-tide.txt")]
        var candidates: [MatchCandidate] = []
        for (d, f) in docs.enumerated() {
            for (i, q) in f.quotes.enumerated() where q.kind != .term {
                if let s = q.speaker { candidates.append(MatchCandidate(document: d, quote: i, speaker: f.result.speakers[s].name, text: q.text)) }
            }
        }
        let groups = QuoteMatcher.group(candidates)
        XCTAssertEqual(groups.map(\.speaker).sorted(), ["Elena Ruiz", "Elena Ruiz", "Tomas Brandt"])
        XCTAssertTrue(groups.allSatisfy { Set($0.members.map(\.document)) == [0, 1] })
    }

    func testLibraryReopens() throws {
        let f = try article("library-reopens.txt")
        // "Head librarian Priya Nair said the response ...": the title the EntityFinder read is part of the subject.
        XCTAssertEqual(f.quote("response had been amazing")?.kind, .indirect)
        XCTAssertEqual(f.who("response had been amazing"), "Priya Nair")
        XCTAssertEqual(f.who("queueing at the door"), "Priya Nair")
        // "..., according to the Greenford Heritage Trust, which paid for half of the work."
        XCTAssertEqual(f.quote("under budget")?.text, "The project finished on time and under budget")
        XCTAssertEqual(f.who("under budget"), "Greenford Heritage Trust")
        XCTAssertEqual(f.who("too noisy"), "few readers")
    }
}

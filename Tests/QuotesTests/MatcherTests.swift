// The same remark across articles, in other words or another translation.
import XCTest
@testable import QuoteMatcher

final class MatcherTests: XCTestCase {
    func testSameSpeakerNames() {
        XCTAssertTrue(QuoteMatcher.sameSpeaker("Anna Lindqvist", "Lindqvist"))
        XCTAssertTrue(QuoteMatcher.sameSpeaker("Jean-Luc Moreau", "Jean Luc Moreau"))
        XCTAssertTrue(QuoteMatcher.sameSpeaker("the Foreign Ministry", "Foreign Ministry"))
        XCTAssertFalse(QuoteMatcher.sameSpeaker("Anna Lindqvist", "Jonas Berg"))
        XCTAssertFalse(QuoteMatcher.sameSpeaker("Jean-Paul Moreau", "Jean-Luc Moreau"))
        XCTAssertFalse(QuoteMatcher.sameSpeaker("", "Lindqvist"))
    }

    func testTwoTranslationsOfOneRemarkMatch() {
        let a = QuoteMatcher.stems("The open-ended quotas the harbour board set for Estmark trawlers must be revised")
        let b = QuoteMatcher.stems("Let me say this: the quotas without an end date that the harbour board set for Estmark trawlers must be looked at again")
        XCTAssertTrue(QuoteMatcher.compare(a, b).match)
    }

    func testAFragmentOfALongerQuotationMatches() {
        let full = QuoteMatcher.stems("The accord we reached this morning sets up, above all, joint patrols against illegal fishing in our waters")
        let part = QuoteMatcher.stems("sets up joint patrols against illegal fishing")
        XCTAssertTrue(QuoteMatcher.compare(full, part).match)
    }

    func testDifferentRemarksDoNotMatch() {
        let a = QuoteMatcher.stems("The accord protects our fishermen and our seas")
        let b = QuoteMatcher.stems("The quotas will be reviewed every year by both governments")
        XCTAssertFalse(QuoteMatcher.compare(a, b).match)
        let short1 = QuoteMatcher.stems("joint patrols")
        let short2 = QuoteMatcher.stems("joint exercises next spring")
        XCTAssertFalse(QuoteMatcher.compare(short1, short2).match)
    }

    func testGroupsAcrossDocumentsOnlyForTheSameSpeaker() {
        let groups = QuoteMatcher.group([
            MatchCandidate(document: 0, quote: 0, speaker: "Anna Lindqvist", text: "The accord we reached this morning sets up joint patrols against illegal fishing in our waters."),
            MatchCandidate(document: 0, quote: 1, speaker: "Anna Lindqvist", text: "We waited ten years for this day."),
            MatchCandidate(document: 1, quote: 0, speaker: "Lindqvist", text: "The agreement reached this morning sets up joint patrols to stop illegal fishing in Norland's waters."),
            MatchCandidate(document: 2, quote: 3, speaker: "Jonas Berg", text: "The accord we reached this morning sets up joint patrols against illegal fishing in our waters."),
            MatchCandidate(document: 2, quote: 4, speaker: "Anna Lindqvist", text: "sets up joint patrols against illegal fishing"),
        ])
        XCTAssertEqual(groups.count, 1)
        let g = groups[0]
        XCTAssertEqual(g.speaker, "Anna Lindqvist")
        XCTAssertEqual(g.members.map { [$0.document, $0.quote] }, [[0, 0], [1, 0], [2, 4]])
        XCTAssertEqual(g.text, "The agreement reached this morning sets up joint patrols to stop illegal fishing in Norland's waters.")
        for m in g.members { XCTAssertTrue((0...1).contains(m.similarity)) }
        XCTAssertEqual(g.members.first { $0.document == 1 }?.similarity, 1)
    }

    func testNothingToGroupInOneDocument() {
        let groups = QuoteMatcher.group([
            MatchCandidate(document: 0, quote: 0, speaker: "Lindqvist", text: "The accord protects our fishermen."),
            MatchCandidate(document: 0, quote: 5, speaker: "Lindqvist", text: "The accord protects our fishermen."),
        ])
        XCTAssertEqual(groups, [])
        XCTAssertEqual(QuoteMatcher.group([]), [])
    }
}

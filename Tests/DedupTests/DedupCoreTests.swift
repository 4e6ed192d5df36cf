// The pure parts of the dedup plugin: normalisation, shingles, MinHash, LSH, passage finding
// and batch clustering.
import XCTest
import NewswireText
@testable import DedupCore

final class DedupCoreTests: XCTestCase {
    let sketcher = Sketcher()

    func testNormalizationSeesThroughFormatting() {
        let plain = Normalizer.normalize("Putin's visit - a \"new\" stage: Kim Jong-un said")
        let styled = Normalizer.normalize("PUTIN\u{2019}S   visit \u{2014} a \u{201C}New\u{201D} stage:\u{00A0}Kim Jong\u{2013}un  said\n")
        XCTAssertEqual(plain.words, styled.words)
        XCTAssertEqual(plain.words.count, 9)   // putins visit a new stage kim jong un said
        let scalars = Normalizer.normalize("Élan  VITAL, d\u{2019}accord!", keepScalars: true).scalars
        XCTAssertEqual(String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))), "élan vital daccord")
        XCTAssertEqual(Normalizer.normalize(" -- \u{2014} ... ").words, [])
        // A quote mark that opens or closes a phrase is not an apostrophe.
        XCTAssertEqual(Normalizer.normalize("'tis the 'word'").words, Normalizer.normalize("tis the word").words)
    }

    func testShinglesAndExactJaccard() {
        let a = Normalizer.normalize("one two three four five").words
        let b = Normalizer.normalize("one two three four six").words
        XCTAssertEqual(Shingles.words(a, k: 3).count, 3)
        XCTAssertEqual(Shingles.words(Array(a.prefix(2)), k: 3).count, 1)
        let sa = Shingles.set(Shingles.words(a, k: 3)), sb = Shingles.set(Shingles.words(b, k: 3))
        XCTAssertEqual(Shingles.jaccard(sa, sb), 2.0 / 4.0)         // {123, 234} shared of {123, 234, 345, 346}
        XCTAssertEqual(Shingles.jaccard(sa, sa), 1)
        XCTAssertEqual(Shingles.jaccard(sa, []), 0)
        XCTAssertEqual(Shingles.set([5, 1, 5, 3, 1]), [1, 3, 5])
        let chars = Normalizer.normalize("abcdef", keepScalars: true).scalars
        XCTAssertEqual(Shingles.characters(chars, n: 5).count, 2)
        XCTAssertEqual(Shingles.characters(Array(chars.prefix(3)), n: 5).count, 1)
    }

    /// Signatures equal datasketch's (2.0, scheme "affine32") for the same 32-bit shingle hashes
    /// and the same permutations. The expected values were computed by datasketch:
    ///   MinHash(num_perm=8, scheme="affine32", permutations=(a, b), hashfunc=lambda v: v)
    ///   .update_batch([1, 2, 3, 1000000, 4294967295]); a and b as printed by this test.
    func testSignatureEqualsDatasketchAffine32() {
        let m = MinHasher(permutations: 8, seed: 1)
        XCTAssertEqual(m.a, [2298633409, 4214379871, 3506550201, 3610655909, 897465769, 22433633, 1269456321, 1867274153])
        XCTAssertEqual(m.b, [1703865447, 3997354251, 2417296000, 304579957, 1952540566, 349146110, 2430050954, 2776189499])
        XCTAssertEqual(m.signature([1, 2, 3, 1_000_000, 4_294_967_295]),
                       [3677165, 1419960546, 361612719, 313304936, 1330800951, 1719104085, 195534577, 915674588])
        // Order and repeats do not matter.
        XCTAssertEqual(m.signature([4_294_967_295, 3, 3, 2, 1_000_000, 1]), m.signature([1, 2, 3, 1_000_000, 4_294_967_295]))
    }

    func testSignatureAgreementEstimatesJaccard() {
        var g = SplitMix64(seed: 7)
        let m = MinHasher()
        for (shared, onlyA, onlyB) in [(800, 100, 100), (500, 250, 250), (200, 400, 400), (1000, 0, 0)] {
            let common = (0..<shared).map { _ in UInt32.random(in: 0...UInt32.max, using: &g) }
            let a = common + (0..<onlyA).map { _ in UInt32.random(in: 0...UInt32.max, using: &g) }
            let b = common + (0..<onlyB).map { _ in UInt32.random(in: 0...UInt32.max, using: &g) }
            let j = Shingles.jaccard(Shingles.set(a), Shingles.set(b))
            let estimate = MinHasher.similarity(m.signature(a), m.signature(b))
            // Five standard errors: sqrt(J(1-J)/128), at least one position.
            let tolerance = max(5 * (j * (1 - j) / 128).squareRoot(), 1.0 / 128)
            XCTAssertEqual(estimate, j, accuracy: tolerance, "J = \(j)")
        }
    }

    func testLSHCurve() {
        let b = LSHBands()
        XCTAssertEqual(b.signatureLength, 128)
        XCTAssertEqual(b.threshold, 0.42, accuracy: 0.01)
        XCTAssertGreaterThan(b.candidateProbability(0.8), 0.999999)
        XCTAssertGreaterThan(b.candidateProbability(0.7), 0.9998)
        XCTAssertLessThan(b.candidateProbability(0.2), 0.05)
        XCTAssertEqual(b.candidateProbability(0.5), 1 - pow32(1 - 0.0625), accuracy: 1e-12)
        let sig = MinHasher().signature([1, 2, 3])
        var other = sig
        other[0] &+= 1                                   // differs in band 0 only
        let k1 = b.keys(sig), k2 = b.keys(other)
        XCTAssertNotEqual(k1[0], k2[0])
        XCTAssertEqual(Array(k1[1...]), Array(k2[1...]))
        XCTAssertEqual(Set(k1).count, 32)
    }

    func pow32(_ x: Double) -> Double { (0..<32).reduce(1.0) { r, _ in r * x } }

    // MARK: Passages

    static let repeats = """
        HomeNewsRegionHarbour tunnel plan wins final vote in the assembly
        Harbour tunnel plan wins final vote in the assembly
        By Staff Reporter
        The regional assembly approved the harbour tunnel on Thursday after a debate that lasted late into the night.
        "This tunnel will carry our trade for a century," said the transport minister, Lena Falk.
        Critics said the budget had doubled since the plan was first drawn up, and the opposition promised a review.
        The tunnel's first section will open in 2031, according to the assembly's timetable.
        \u{201C}This tunnel will carry our trade for a century,\u{201D} said the transport minister, Lena  Falk.
        Engineers at work near the harbour entrance
        Engineers at work near the harbour entrance. Photo: Port Authority
        Lena Falk speaks to reporters
        Lena Falk speaks to reporters. She said the money was well spent and that the tunnel would pay for itself within thirty years.
        -
        -
        Harbour tunnel plan wins final vote in the assembly
        """

    func testRepeatedParagraphsAndHeadlines() {
        let text = Self.repeats
        let found = RepeatedPassages.find(text: text, sketcher: sketcher)
        let readable = found.map { p in (p.kind, p.spans.map { String(text.slice($0)) }, p.similarity) }
        XCTAssertEqual(found.count, 4, "\(readable)")
        guard found.count == 4 else { return }

        // The headline: glued to a breadcrumb on the first line, alone on the second and at the end.
        XCTAssertEqual(found[0].kind, .headline)
        XCTAssertEqual(readable[0].1, ["HomeNewsRegionHarbour tunnel plan wins final vote in the assembly", "Harbour tunnel plan wins final vote in the assembly",
                                      "Harbour tunnel plan wins final vote in the assembly"])
        XCTAssertGreaterThan(found[0].similarity, 0.7)
        XCTAssertLessThan(found[0].similarity, 1)

        // The quotation paragraph, repeated with curly quotes and a double space: the same words.
        XCTAssertEqual(found[1].kind, .paragraph)
        XCTAssertEqual(readable[1].1.count, 2)
        XCTAssertTrue(readable[1].1.allSatisfy { $0.contains("carry our trade for a century") })
        XCTAssertEqual(found[1].similarity, 1)

        // A sub-heading that comes back as a caption's first sentence (the caption has no final stop,
        // so it is headline-like itself: its own first sentence does not count as its repeat).
        XCTAssertEqual(found[2].kind, .headline)
        XCTAssertEqual(readable[2].1, ["Engineers at work near the harbour entrance", "Engineers at work near the harbour entrance."])
        XCTAssertEqual(found[2].similarity, 1)
        // A sub-heading that comes back as a paragraph's first sentence.
        XCTAssertEqual(found[3].kind, .headline)
        XCTAssertEqual(readable[3].1, ["Lena Falk speaks to reporters", "Lena Falk speaks to reporters."])
    }

    func testTitleAsItsOwnOccurrence() {
        let text = "By Staff Reporter\nBridge opens to traffic at last\nThe bridge opened on Monday morning after three years of work on its steel deck.\nBridge opens to traffic at last"
        // A title that is the text's first line is that line.
        XCTAssertEqual(RepeatedPassages.find(text: "Bridge opens to traffic at last\nThe bridge opened on Monday.", title: "Bridge opens to traffic at last",
                                             sketcher: sketcher), [])
        // A title not at the top of the text is an occurrence of its own: an empty span first.
        let found = RepeatedPassages.find(text: text, title: "Bridge Opens To Traffic At Last", sketcher: sketcher)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.kind, .headline)
        XCTAssertEqual(found.first?.spans.first, TextSpan(start: 0, end: 0))
        XCTAssertEqual(found.first?.spans.dropFirst().map { String(text.slice($0)) }, ["Bridge opens to traffic at last", "Bridge opens to traffic at last"])
    }

    func testNoRepeatsInDistinctParagraphs() {
        for article in Fixtures.articles {
            XCTAssertEqual(RepeatedPassages.find(text: article, sketcher: sketcher), [], String(article.prefix(40)))
        }
        XCTAssertEqual(RepeatedPassages.find(text: "", sketcher: sketcher), [])
        XCTAssertEqual(RepeatedPassages.find(text: "-\n-\n\n   \n", sketcher: sketcher), [])
    }

    func testSpansAreUTF8ByteOffsets() {
        let text = "Ça commence — une phrase répétée ici.\nAutre chose, vraiment différente, pour séparer.\nÇa commence — une phrase répétée ici."
        let found = RepeatedPassages.find(text: text, sketcher: sketcher)
        XCTAssertEqual(found.count, 1)
        let bytes = Array(text.utf8)
        for span in found.first?.spans ?? [] {
            XCTAssertEqual(String(decoding: bytes[span.start..<span.end], as: UTF8.self), "Ça commence — une phrase répétée ici.")
        }
    }

    // MARK: Batch clustering

    func testBatchClustersCopiesAndKeepsDistinctArticlesApart() {
        var g = SplitMix64(seed: 11)
        var texts: [String] = []
        var origin: [Int] = []
        for (i, a) in Fixtures.articles.enumerated() {
            texts.append(a); origin.append(i)
            texts.append(Perturb.addMastheadAndFooter(Perturb.swapQuotes(a))); origin.append(i)
            texts.append(Perturb.editWords(a, fraction: 0.02, &g)); origin.append(i)
            texts.append(Perturb.reorderParagraphs(a, &g)); origin.append(i)
        }
        // Two write-ups of one event (the project's own sample articles) are different articles.
        texts.append(Self.fixture("harbour-bridge-daily-tide.txt")); origin.append(100)
        texts.append(Self.fixture("harbour-bridge-coastal-herald.txt")); origin.append(101)
        texts.append(""); origin.append(102)
        let order = Array(texts.indices).shuffled(using: &g)
        let shuffled = order.map { texts[$0] }
        let sketches = shuffled.map { sketcher.words($0) }
        XCTAssertNil(sketches[order.firstIndex(of: texts.count - 1)!])
        let clusters = NearDuplicates.cluster(sketches, bands: sketcher.bands, threshold: 0.7)
        XCTAssertEqual(clusters.count, Fixtures.articles.count)
        for c in clusters {
            let origins = Set(c.map { origin[order[$0.index]] })
            XCTAssertEqual(origins.count, 1, "a cluster mixes articles \(origins)")
            XCTAssertEqual(c.count, 4)
            XCTAssertEqual(c.first?.similarity, 1)
            for m in c.dropFirst() {
                let exact = Shingles.jaccard(sketches[c[0].index]!.shingles, sketches[m.index]!.shingles)
                XCTAssertEqual(m.similarity, exact)
                XCTAssertGreaterThanOrEqual(m.similarity, 0.7)
            }
            XCTAssertEqual(c.map(\.index), c.map(\.index).sorted())
        }
    }

    static func fixture(_ name: String) -> String {
        let dir = #filePath.split(separator: "/").dropLast(2).joined(separator: "/")
        guard let f = fopen("/" + dir + "/Fixtures/articles/" + name, "rb") else { XCTFail("no fixture \(name)"); return "" }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
        return String(decoding: bytes, as: UTF8.self)
    }
}

// The finder's two byte tables, checked against plain Swift dictionaries on generated keys (fixed
// seeds): `KeyTable` (interned keys; short keys copied as words, one span word per key, the
// switch to Strings at the first non-ASCII key) and `Lexicon.lookup` (keys longer than 16 bytes,
// whose middle is compared eight bytes at a time; slots taken shortest keys first).
import XCTest
@testable import NewswireText

final class KeyTableLexiconTests: XCTestCase {
    /// A key of `n` bytes from a small alphabet (so that keys repeat and share beginnings and
    /// endings), with a non-ASCII letter in it when `nonASCII`.
    static func key(_ n: Int, _ rng: inout SplitMix64, nonASCII: Bool = false) -> [UInt8] {
        let alphabet = Array("ABK ".utf8)
        var k = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        if nonASCII && n >= 2 {
            let i = Int(rng.next() % UInt64(n - 1))
            k.replaceSubrange(i..<(i + 2), with: Array("é".utf8))
        }
        return k
    }

    /// Every key gets the id of its first interning (ids 0, 1, 2, ... in order of first sight),
    /// `id(insert: false)` finds exactly the keys interned, and `range` gives back each key's bytes;
    /// across the switch to Strings too.
    func testKeyTableMatchesDictionary() {
        var rng = SplitMix64(seed: 77)
        for round in 0..<6 {
            var table = KeyTable()
            var expected: [[UInt8]: Int32] = [:]
            var byID: [[UInt8]] = []
            // Rounds 3...5 meet a non-ASCII key part-way (the table then holds Strings).
            let switchAt = round >= 3 ? 150 + round * 40 : Int.max
            for i in 0..<600 {
                let n = Int(rng.next() % 41)   // 0...40: every copy and compare branch
                let k = KeyTableLexiconTests.key(n, &rng, nonASCII: i == switchAt || (i > switchAt && rng.next() % 7 == 0))
                let probeOnly = rng.next() % 4 == 0
                let got = k.withUnsafeBufferPointer { table.id($0, insert: !probeOnly) }
                if let want = expected[k] {
                    XCTAssertEqual(got, want, "round \(round), key \(String(decoding: k, as: UTF8.self))")
                } else if probeOnly {
                    XCTAssertNil(got, "round \(round), absent key \(String(decoding: k, as: UTF8.self))")
                } else {
                    XCTAssertEqual(got, Int32(byID.count), "round \(round): a new key gets the next id")
                    expected[k] = Int32(byID.count)
                    byID.append(k)
                }
            }
            XCTAssertEqual(table.count, byID.count)
            for (id, k) in byID.enumerated() {
                XCTAssertEqual(Array(table.bytes[table.range(Int32(id))]), k, "round \(round), id \(id)")
            }
            // Emptied, it starts again from id 0.
            table.removeAll()
            XCTAssertEqual(table.count, 0)
            XCTAssertNil(Array("AB".utf8).withUnsafeBufferPointer { table.id($0, insert: false) })
            XCTAssertEqual(Array("AB".utf8).withUnsafeBufferPointer { table.id($0, insert: true) }, 0)
        }
    }

    /// Every lexicon entry is found with its flags; a word of the same length differing in one
    /// byte (first, middle or last, so in the probe words or in the middle of a long key) is not
    /// found unless it is an entry itself.
    func testLexiconLongAndShortKeys() {
        let lexicon = Lexicon.shared
        let lists = [Lists.neverEnds, Lists.mayEnd, Lists.starters, Lists.titleHeads, Lists.titleMods, Lists.honorifics,
                     Lists.demonyms, Lists.orgWords, Lists.knownOrgs, Lists.placeHeads, Lists.places, Lists.things,
                     Lists.months, Lists.weekdays, Lists.capsNoise, Lists.particles, Lists.speech, Lists.function]
        var entries = Set<[UInt8]>()
        for list in lists {
            for w in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                entries.insert(Array(w.utf8).map { $0 == 0x5F ? 0x20 : $0 })
            }
        }
        // Long entries, made up here (the lists have few keys longer than 16 bytes).
        XCTAssertTrue(entries.contains(Array("Russian Federation".utf8)))
        var long = 0
        for e in entries {
            XCTAssertFalse(lexicon.lookup(e).isEmpty, String(decoding: e, as: UTF8.self))
            if e.count > 16 { long += 1 }
            for i in Set([0, e.count / 2, e.count - 1]) {
                var changed = e
                changed[i] = changed[i] == 0x7A ? 0x79 : 0x7A
                if !entries.contains(changed) && !entries.contains(changed.map(\.asciiLowercased)) {
                    XCTAssertTrue(lexicon.lookup(changed).isEmpty, String(decoding: changed, as: UTF8.self))
                }
            }
        }
        XCTAssertGreaterThan(long, 0, "some key is longer than 16 bytes")
        // Long words that are no entry, with an entry's beginning and end.
        XCTAssertTrue(lexicon.lookup(Array("Russian Xederation".utf8)).isEmpty)
        XCTAssertTrue(lexicon.lookup(Array("Russian FederationRussian Federation".utf8)).isEmpty)
        XCTAssertEqual(lexicon.lookup(Array("Russian Federation".utf8)), .place)
        XCTAssertTrue(lexicon.lookup(Array("in".utf8)).contains(.prep))
        XCTAssertTrue(lexicon.lookup(Array("the".utf8)).contains(.conThe))
    }
}

// The dedup tests' own articles (written for these tests; invented places and people), and the
// perturbations that make near-duplicates of them.
import NewswireText

enum Fixtures {
    static let articles: [String] = [
        """
        Ferry service to Gull Island resumes after storm repairs
        The ferry between Port Alder and Gull Island ran again on Monday morning, eleven days after a winter storm tore away part of the landing stage on the island side.
        Crews from the regional transport office worked through the weekend to fit a temporary ramp, and the first crossing left the mainland at 7:15 with forty passengers and a lorry of building supplies.
        "People on the island have been patient, but they were running short of everything from bread to medicine," said Harriet Oyelaran, who manages the service. "We promised a date and we kept it."
        The island's only shop had been restocked twice by a fishing boat during the closure, and the school moved lessons online for a week. Several residents with hospital appointments were taken across by the coastguard.
        The permanent landing stage will take another three months to rebuild. Until then, the ferry will carry no more than two vehicles per crossing, and sailings may be cancelled at short notice when the wind rises above forty knots.
        The transport office said the repairs would cost about 1.8 million, most of it covered by an emergency fund set up after similar damage four years ago.
        Islanders have asked for a second, sheltered landing on the north shore, a proposal the council will discuss at its March meeting.
        """,
        """
        Orchard growers count the cost of a late frost
        Apple and pear growers in the Linden Valley say a single night of frost in late April destroyed as much as half of this year's blossom, the worst loss in more than a decade.
        Temperatures fell to minus four degrees shortly before dawn, just as most trees were in full flower. Growers who lit burners and ran wind machines through the night saved some rows, but many smaller farms have no such equipment.
        "You could hear the petals crack when you touched them," said Tomasz Wielgosz, whose family has farmed forty hectares near the village of Marrow Bridge since the 1950s. "We will have fruit on the south slope and almost nothing anywhere else."
        The valley's cooperative, which packs and sells fruit for around ninety members, expects to handle about sixty percent of a normal harvest. Its chair, Ines Carvalho, said the shortfall would mean fewer seasonal jobs in September and higher prices in the shops.
        Agricultural advisers are urging growers to thin the surviving fruit carefully and to check their insurance cover, which in many cases excludes frost. The regional government has promised to assess whether the losses qualify for disaster relief.
        Some growers are already planting later-flowering varieties, a change that takes years to bear fruit but may protect the orchards as spring weather becomes less predictable.
        """,
        """
        City library opens a workshop for repairing everyday things
        The central library in Eastmere has turned a disused reading room into a workshop where residents can mend lamps, toasters, bicycles and clothes with help from volunteers.
        The repair room opens three evenings a week and on Saturday mornings. It has soldering stations, two sewing machines, a small lathe and a shelf of service manuals donated by a retired electrician.
        Librarian Kofi Mensah said the idea came from readers who kept asking for books on fixing things. "A manual is useful, but a person who has done the job before is better," he said. "Here you get both."
        In its first month the workshop saw more than three hundred visitors. Volunteers logged two hundred and twelve repairs, from a wobbly chair to a vintage radio that had been silent since the 1980s.
        The project cost very little: the furniture came from a closed school and the tools were bought with a small grant from a neighbourhood fund. Safety training for volunteers is provided by the city's fire service.
        Organisers hope to add a tool lending shelf in the spring, so that people can borrow a drill or a ladder for a weekend instead of buying one they will rarely use.
        """,
        """
        Marathon route changes after complaints from residents
        Organisers of the Saltmarsh marathon have redrawn the second half of the course after residents of the Bellwood estate complained that last year's race cut them off from the main road for six hours.
        The new route leaves the coastal path at the lighthouse, loops through the university campus and returns along the canal, adding a gentle climb at the twenty-eight kilometre mark.
        Race director Priya Raman said the change would shorten road closures in Bellwood to about ninety minutes. "We want the whole town on our side, not just the runners," she said.
        About six thousand people have entered this year's race, which starts at eight in the morning on the first Sunday in October. Entries close at the end of August.
        Some club runners grumbled that the climb would slow finishing times on a course known for personal bests. The organisers replied that the canal section is flat and sheltered, which should make up for it on a windy day.
        Residents' association secretary Gordon Ashby welcomed the plan but asked for clearer signs and more marshals at crossings, after several near misses involving cyclists last year.
        """,
        """
        Night buses return to the northern suburbs
        Night bus services linking the city centre with the northern suburbs will return next month, two years after they were cut to save money during a budget crisis.
        Three routes will run every thirty minutes between midnight and five in the morning on Fridays and Saturdays, and every hour on other nights. Fares will be the same as during the day.
        The transport authority said a survey of hospital staff, cleaners and hospitality workers had shown that many were paying for taxis they could not afford, or walking home long distances after late shifts.
        "These are the people who keep the city running while the rest of us sleep," said councillor Amara Nwosu, who campaigned for the services to return. "They deserve a safe way home."
        The routes will cost around four million a year to run. Part of the money comes from a levy on late-night venues that was agreed with the hospitality trade last autumn.
        Drivers' union representatives welcomed the announcement but said they would watch closely for any rise in assaults on staff, which had been a concern before the cuts. Every night bus will carry a second member of staff on its busiest stretches.
        """,
    ]

    /// Words used to replace others when editing.
    static let replacements = ["river", "market", "council", "winter", "harvest", "station", "teacher", "garden",
                               "bridge", "window", "morning", "village", "engine", "letter", "summer", "museum"]

    static let masthead = "THE EASTMERE COURIER — Your local news since 1887\nSubscribe today and read every story first"
    static let footer = "Copyright 2026 Courier Media Group. All rights reserved.\nShare this article: email, print, save\nMore from the Courier: weather, sport, obituaries"
}

enum Perturb {
    /// Straight quote marks become curly ones and the reverse; hyphens become en dashes.
    static func swapQuotes(_ text: String) -> String {
        var out = ""
        var openDouble = true
        for c in text {
            switch c {
            case "\"": out.append(openDouble ? "\u{201C}" : "\u{201D}"); openDouble.toggle()
            case "'": out.append("\u{2019}")
            case "\u{2019}": out.append("'")
            case "-": out.append("\u{2013}")
            default: out.append(c)
            }
        }
        return out
    }

    static func addMastheadAndFooter(_ text: String) -> String { Fixtures.masthead + "\n" + text + "\n" + Fixtures.footer }

    /// Replaces `fraction` of the words (at random places) with other words.
    static func editWords(_ text: String, fraction: Double, _ g: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: " ").map(String.init) }
        let total = lines.reduce(0) { $0 + $1.count }
        for _ in 0..<Int((Double(total) * fraction).rounded()) {
            let l = Int.random(in: 0..<lines.count, using: &g)
            guard !lines[l].isEmpty else { continue }
            let w = Int.random(in: 0..<lines[l].count, using: &g)
            lines[l][w] = Fixtures.replacements.randomElement(using: &g)!
        }
        return lines.map { $0.joined(separator: " ") }.joined(separator: "\n")
    }

    /// Deletes `fraction` of the words.
    static func deleteWords(_ text: String, fraction: Double, _ g: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: " ").map(String.init) }
        let total = lines.reduce(0) { $0 + $1.count }
        for _ in 0..<Int((Double(total) * fraction).rounded()) {
            let l = Int.random(in: 0..<lines.count, using: &g)
            guard lines[l].count > 1 else { continue }
            lines[l].remove(at: Int.random(in: 0..<lines[l].count, using: &g))
        }
        return lines.map { $0.joined(separator: " ") }.joined(separator: "\n")
    }

    /// The paragraphs after the first line (the headline) in a random order.
    static func reorderParagraphs(_ text: String, _ g: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n").map(String.init)
        let headline = lines.removeFirst()
        lines.shuffle(using: &g)
        return ([headline] + lines).joined(separator: "\n")
    }

    /// Drops the last `count` paragraphs (a shortened copy).
    static func truncate(_ text: String, dropping count: Int) -> String {
        let lines = text.split(separator: "\n").map(String.init)
        return lines.dropLast(count).joined(separator: "\n")
    }
}

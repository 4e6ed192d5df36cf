#!/usr/bin/env python3
"""scripts/eval quotes: the quotes analyzer against hand-made gold annotations.

Reads the output of `newswire quotes --json ARTICLES...` (one object per article,
its quotations in "quotes", then {"batch": {"quoteGroups": [...]}}) and scripts/eval_quotes_gold.json (byte offsets,
kinds and speakers only; no article text), and prints:
  - direct quotations found, and how many have the right canonical speaker
    (the bars: every direct quotation found; >= 90% right speaker);
  - the same for partial quotations, and the terms (scare quotes) flagged;
  - the cross-outlet groups found, and which of the gold groups they recover.
A gold quotation is found when a direct or partial quotation of ours overlaps
it by 60% or more (intersection over union of the byte spans). Speakers compare
by canonical name, case-folded, hyphens as spaces, without a leading "the".
Exit status: 0 when both bars are met, 1 otherwise.
"""
import json
import os
import sys


def norm(name):
    if name is None:
        return None
    s = name.lower().replace("-", " ").replace("\u2019", "'")
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def iou(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0


def main():
    if len(sys.argv) != 3:
        print("usage: eval_quotes.py OUTPUT.jsonl CORPUS_DIR", file=sys.stderr)
        return 2
    out_path, corpus = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "eval_quotes_gold.json"), encoding="utf-8") as f:
        gold = json.load(f)

    docs, groups = {}, []
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            if "batch" in obj:
                groups = obj["batch"].get("quoteGroups", [])
            else:
                docs[os.path.basename(obj["id"])] = obj
    by_index = {d["index"]: n for n, d in docs.items()}

    stats = {k: {"gold": 0, "found": 0, "kind": 0, "right": 0} for k in ("direct", "partial", "term")}
    problems = []
    per_article = []
    for name in sorted(gold["quotes"]):
        if name not in docs:
            problems.append(f"{name}: no output for this article")
            continue
        ours = docs[name].get("quotes", {}).get("quotes", [])
        row = {"direct": 0, "direct_found": 0, "direct_right": 0}
        for g in gold["quotes"][name]:
            kind = g["kind"]
            s = stats[kind]
            s["gold"] += 1
            span = (g["start"], g["end"])
            best, best_iou = None, 0
            for q in ours:
                o = iou(span, (q["span"]["start"], q["span"]["end"]))
                if o > best_iou:
                    best, best_iou = q, o
            if best_iou < 0.6:
                best = None
            if kind == "term":
                # Flagged as a term, or carrying no confident speaker.
                if best is not None and (best["kind"] == "term" or best["speaker"] is None or best["confidence"] < 0.5):
                    s["found"] += 1
                    s["right"] += 1
                    s["kind"] += best["kind"] == "term"
                else:
                    problems.append(f"{name} [{g['start']}, {g['end']}) term: {'not found' if best is None else 'given to ' + str(best['speaker']) + ' as ' + best['kind']}")
                continue
            if kind == "direct":
                row["direct"] += 1
            if best is None or best["kind"] not in ("direct", "partial"):
                problems.append(f"{name} [{g['start']}, {g['end']}) {kind} ({g['speaker']}): not found"
                                + ("" if best is None else f" (found as {best['kind']})"))
                continue
            s["found"] += 1
            s["kind"] += best["kind"] == kind
            if kind == "direct":
                row["direct_found"] += 1
            names = {norm(g["speaker"])} | {norm(a) for a in g.get("aliases", [])}
            if norm(best["speaker"]) in names:
                s["right"] += 1
                if kind == "direct":
                    row["direct_right"] += 1
            else:
                problems.append(f"{name} [{g['start']}, {g['end']}) {kind}: speaker {best['speaker']!r}, expected {g['speaker']!r}")
        per_article.append((name, row))

    print(f"quotes: {len(docs)} articles from {corpus}, gold in scripts/eval_quotes_gold.json")
    print()
    print("| article | direct quotations | found | right speaker |")
    print("| --- | ---: | ---: | ---: |")
    for name, row in per_article:
        print(f"| {name} | {row['direct']} | {row['direct_found']} | {row['direct_right']} |")
    print()
    d, p, t = stats["direct"], stats["partial"], stats["term"]

    def pct(a, b):
        return f"{100 * a / b:.1f}%" if b else "n/a"

    print(f"direct quotations:  found {d['found']}/{d['gold']} ({d['kind']} of them as direct); right speaker {d['right']}/{d['gold']} ({pct(d['right'], d['gold'])})")
    print(f"partial quotations: found {p['found']}/{p['gold']} ({p['kind']} of them as partial); right speaker {p['right']}/{p['gold']} ({pct(p['right'], p['gold'])})")
    print(f"terms (scare quotes): {t['right']}/{t['gold']} flagged as terms or without a confident speaker ({t['kind']} as term)")
    if problems:
        print()
        print("misses and wrong speakers:")
        for pr in problems:
            print("  " + pr)

    # Cross-outlet groups.
    print()
    print(f"cross-outlet groups found: {len(groups)}")
    starts = []
    for g in groups:
        members = []
        for o in g["occurrences"]:
            name = by_index.get(o["document"], "?")
            doc = docs.get(name, {})
            qs = doc.get("quotes", {}).get("quotes", [])
            start = qs[o["quote"]]["span"]["start"] if o["quote"] < len(qs) else -1
            members.append((name, start))
        starts.append(set(members))
        n = len({m[0] for m in members})
        text = g["text"] if len(g["text"]) <= 90 else g["text"][:89] + "…"
        print(f"  {g['speaker']}, {n} articles, {len(members)} quotations: “{text}”")
        for (name, start), o in zip(members, g["occurrences"]):
            print(f"    {name} quotation at byte {start} (similarity {o['similarity']:.2f})")
    recovered = 0
    print()
    print("gold groups (the same remark in several articles):")
    for gg in gold.get("groups", []):
        want = {(m[0], m[1]) for m in gg["members"]}
        best = max((len(want & s) for s in starts), default=0)
        status = "recovered" if best == len(want) else (f"partly ({best} of {len(want)} together)" if best >= 2 else "missed")
        recovered += best == len(want)
        print(f"  {gg['speaker']}: {gg['note']} ({len(want)} articles): {status}")
    print(f"  {recovered}/{len(gold.get('groups', []))} recovered in full")

    print()
    found_all = d["found"] == d["gold"]
    right_ok = d["gold"] > 0 and d["right"] / d["gold"] >= 0.9
    print(f"bar: every direct quotation found ({d['found']}/{d['gold']}): {'PASS' if found_all else 'FAIL'}")
    print(f"bar: >= 90% of direct quotations with the right speaker ({pct(d['right'], d['gold'])}): {'PASS' if right_ok else 'FAIL'}")
    return 0 if found_all and right_ok else 1


if __name__ == "__main__":
    sys.exit(main())

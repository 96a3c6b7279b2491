#!/bin/sh
# tests/cameo.sh: CAMEO codes (rules/relations/cameo.yaml) on every met,
# visited and called link, from the text to every output: the JSON graph,
# the --stage=relations lines, the other formats, and graphs merged by
# nerpipe merge (a meeting's 042 and 043 swap when merge turns it around).
# On every article of ../shared/corpus too, when it is beside the source
# tree (skipped without it).
. "$NP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
GZ="$NP_SRCDIR/tests/data/gazetteer"

# check_codes GRAPH...: every met, visited and called link has a code of
# the shipped table; a call has no place and the code 041; a planned
# meeting or visit 036; prints the number of links of each relation
check_codes() {
    python3 - "$@" <<'PY'
import json, sys
known = {"036", "040", "041", "042", "043", "044", "046"}
count, bad = {}, []
for p in sys.argv[1:]:
    g = json.load(open(p, encoding="utf-8"))
    for l in g["links"]:
        r = l["relation"]
        if r not in ("met", "visited", "called"):
            if "cameo" in l:
                bad.append((p, "a %s link with a cameo" % r, l))
            continue
        count[r] = count.get(r, 0) + 1
        c = l.get("cameo")
        if c not in known:
            bad.append((p, "cameo %r" % (c,), l["source"], l["target"], r))
        elif r == "called" and (c != "041" or l.get("place") is not None):
            bad.append((p, "a call with %s at %s" % (c, l.get("place")), l["source"], l["target"]))
        elif r != "called" and l.get("status") == "planned" and c != "036":
            bad.append((p, "a planned %s with %s" % (r, c), l["source"], l["target"]))
        elif r == "visited" and l.get("status") == "occurred" and c != "042":
            bad.append((p, "a visit with %s" % c, l["source"], l["target"]))
for b in bad[:10]:
    print(*b)
print(" ".join("%s=%d" % kv for kv in sorted(count.items())))
sys.exit(1 if bad else 0)
PY
}

# ---- a text of this project's own: a visit, a meeting at home for one
# side, talks, a planned meeting and a call
cat >"$TMP/a.txt" <<'T'
OSLO (Zorvan Wire) - Chancellor Arvid Kellmark arrived in Oslo on Monday for a two-day visit.

Prime Minister Mira Tolvanger hosted Kellmark at her office on Monday, and the two leaders held talks on energy trade.

Tolvanger will meet Kellmark again in Berlin next month, officials said. On Tuesday, Kellmark spoke by phone with Ivan Drozhinov.
T
expect_exit 0 "a graph of the text" -- "$NERPIPE" --date=2024-03-13 --gazetteer="$GZ" "$TMP/a.txt"
cp "$TMP/out" "$TMP/a.json"
check_codes "$TMP/a.json" >"$TMP/check" 2>&1 && pass || fail "codes of the text: $(cat "$TMP/check")"
python3 - "$TMP/a.json" >"$TMP/check" 2>&1 <<'PY' && pass || fail "the codes the text gives: $(cat "$TMP/check")"
import json, sys
g = json.load(open(sys.argv[1]))
got = set()
for l in g["links"]:
    if l["relation"] in ("met", "visited", "called"):
        s, t, c = l["source"][7:], l["target"][6 if l["relation"] == "visited" else 7:], l["cameo"]
        if l["relation"] == "met" and s > t:
            s, t, c = t, s, {"042": "043", "043": "042"}.get(c, c)
        got.add((l["relation"], s, t, l["status"], c))
want = {("visited", "test-arvid-kellmark", "oslo", "occurred", "042"),
        # hosted at home: the host hosts, the guest visits; the talks that
        # follow are the same meeting (the first code its rules gave)
        ("met", "test-arvid-kellmark", "test-mira-tolvanger", "occurred", "042"),
        ("met", "test-arvid-kellmark", "test-mira-tolvanger", "planned", "036"),
        ("called", "test-arvid-kellmark", "test-ivan-drozhinov", "occurred", "041")}
assert got == want, sorted(got ^ want)
PY
# the --stage=relations lines say the code of every candidate they keep
"$NERPIPE" --date=2024-03-13 --gazetteer="$GZ" --stage=relations "$TMP/a.txt" >"$TMP/a.rel" 2>/dev/null
python3 - "$TMP/a.rel" >"$TMP/check" 2>&1 <<'PY' && pass || fail "--stage=relations: $(cat "$TMP/check")"
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    if c["relation"] in ("met", "visited", "called") and c["kept"]:
        assert c.get("cameo") in ("036", "040", "041", "042", "043", "044", "046"), c
        n += 1
assert n >= 4, n
PY
# every format that carries the link attributes carries the code
for f in graphml gexf dot jgf cytoscape; do
    "$NERPIPE" --date=2024-03-13 --gazetteer="$GZ" --format=$f "$TMP/a.txt" >"$TMP/a.$f" 2>/dev/null ||
        fail "--format=$f: exit $?"
done
expect_grep '<data key="e_cameo">041</data>' "$TMP/a.graphml" "GraphML carries the code"
expect_grep 'title="cameo"' "$TMP/a.gexf" "GEXF declares the code"
expect_grep 'cameo="036"' "$TMP/a.dot" "DOT carries the code"
expect_grep '"cameo":"042"' "$TMP/a.jgf" "JGF carries the code"
expect_grep '"cameo":"041"' "$TMP/a.cytoscape" "Cytoscape carries the code"

# ---- merged graphs keep the code, read in the merged direction
printf 'Ivan Drozhinov received Kenji Amabuchi in Moscow on Friday.\n' >"$TMP/b.txt"
printf 'Kenji Amabuchi met Ivan Drozhinov in Moscow on Friday.\n' >"$TMP/c.txt"
"$NERPIPE" --date=2024-03-13 --gazetteer="$GZ" "$TMP/b.txt" >"$TMP/b.json" 2>/dev/null
"$NERPIPE" --date=2024-03-13 --gazetteer="$GZ" "$TMP/c.txt" >"$TMP/c.json" 2>/dev/null
expect_exit 0 "merge of three graphs" -- "$NERPIPE" merge "$TMP/a.json" "$TMP/b.json" "$TMP/c.json"
cp "$TMP/out" "$TMP/m.json"
check_codes "$TMP/m.json" >"$TMP/check" 2>&1 && pass || fail "codes of the merged graph: $(cat "$TMP/check")"
python3 - "$TMP/m.json" >"$TMP/check" 2>&1 <<'PY' && pass || fail "the merged visit: $(cat "$TMP/check")"
import json, sys
g = json.load(open(sys.argv[1]))
l, = [l for l in g["links"] if l["relation"] == "met" and "amabuchi" in l["source"] + l["target"]]
# one meeting told from both ends: Amabuchi (the merged source, by id) visits
assert (l["source"], l["target"], l["cameo"], l["weight"]) == (
    "person:test-ivan-drozhinov", "person:test-kenji-amabuchi", "043", 2), l
PY

# ---- every article of the corpus, one by one and merged
CORPUS="$NP_SRCDIR/../shared/corpus"
if [ -d "$CORPUS" ]; then
    mkdir -p "$TMP/corpus"
    for f in "$CORPUS"/*/*.txt; do
        d=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1])).get("published") or "")
except Exception: print("")' "${f%.txt}.gold.json" 2>/dev/null)
        name=$(basename "$(dirname "$f")")-$(basename "$f" .txt)
        "${NP_REAL_NERPIPE:-$NERPIPE}" ${d:+--date="$d"} "$f" >"$TMP/corpus/$name.json" 2>/dev/null || fail "nerpipe on $f"
    done
    check_codes "$TMP"/corpus/*.json >"$TMP/check" 2>&1 && pass || fail "codes of the corpus: $(cat "$TMP/check")"
    expect_grep 'called=' "$TMP/check" "the corpus has calls"
    expect_exit 0 "merge of the corpus" -- "$NERPIPE" merge "$TMP"/corpus/*.json
    cp "$TMP/out" "$TMP/corpus.merged"
    check_codes "$TMP/corpus.merged" >"$TMP/check" 2>&1 && pass ||
        fail "codes of the merged corpus: $(cat "$TMP/check")"
else
    echo "SKIP (part): no ../shared/corpus beside the source tree"
fi

finish

#!/bin/sh
# tests/viewer.sh: scripts/nerpipe-view's page used as a person would, in
# headless Chromium driven by puppeteer-core (tests/viewer.js), on four
# graphs: the merged graph of every article in ../shared/corpus (each run
# through nerpipe, then nerpipe merge; skipped when ../shared is absent);
# a generated graph of 5,000 nodes with CAMEO codes, calls and places with
# coordinates (as node keys and as attributes); one article's graph; and
# an article whose text would run as code if the page took it as markup.
# On each the driver types in the search box, applies a date filter, clicks
# a link and reads the evidence panel (which must name the article and its
# date), brushes the timeline, clicks a place on the map, tries every
# filter and the toggle of unlinked nodes, checks the counts shown against
# its own reading of the graph, and that the page asked the network for
# nothing, ran no text of the graph and had no error; its screenshots must
# not be blank. Each page must be interactive within $NP_VIEW_BOUND_MS
# (default 60000 ms; 5,000 nodes take a few seconds). The screenshots are
# kept in $NP_VIEW_SHOTS (default ${TMPDIR:-/tmp}/nerpipe-view-shots).
# Chromium, node, puppeteer-core and the page's libraries in the test
# clients' directory are needed (scripts/install-deps --test-clients);
# without them the test is skipped.
. "$NP_SRCDIR/tests/lib.sh"
CLIENTS=${NP_CLIENTS:-${XDG_CACHE_HOME:-$HOME/.cache}/nerpipe-test-clients}/node_modules
VIEW="$NP_SRCDIR/scripts/nerpipe-view"
SHOTS=${NP_VIEW_SHOTS:-${TMPDIR:-/tmp}/nerpipe-view-shots}
BOUND=${NP_VIEW_BOUND_MS:-60000}
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed (scripts/install-deps --test-clients)"; exit 77; }
CHROME=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROME=$(command -v "$c"); break; fi
done
[ -n "$CHROME" ] || { echo "SKIP: chromium is not installed (scripts/install-deps --test-clients)"; exit 77; }
# the page's libraries and puppeteer-core, from the test clients, in a
# cache of this test's own: nerpipe-view finds them all and installs nothing
mkdir -p "$TMP/view/node_modules"
for p in $(sh "$VIEW" --libraries | cut -d' ' -f2 | cut -d/ -f1 | sort -u) puppeteer-core; do
    [ -d "$CLIENTS/$p" ] || { echo "SKIP: the npm package $p is not in $CLIENTS (scripts/install-test-clients)"; exit 77; }
    ln -s "$CLIENTS/$p" "$TMP/view/node_modules/$p"
done
mkdir -p "$SHOTS"

# drive NAME GRAPH BOUND_MS: the page of GRAPH, driven
drive() {
    if NERPIPE_VIEW_CACHE="$TMP/view" sh "$VIEW" "$2" >"$TMP/$1.html" 2>"$TMP/$1.err"; then pass
    else fail "nerpipe-view $2: $(head -c 300 "$TMP/$1.err")"; return; fi
    NODE_PATH="$CLIENTS" NP_CHROME="$CHROME" timeout -k 10 600 node "$NP_SRCDIR/tests/viewer.js" \
        "$TMP/$1.html" "$2" "$SHOTS" "$1" "$3" >"$TMP/$1.log" 2>&1
    rc=$?
    grep -e '^FAIL' -e '^screenshot:' -e 'interactive after' "$TMP/$1.log"
    tail -n 1 "$TMP/$1.log"
    if [ "$rc" -eq 0 ] && tail -n 1 "$TMP/$1.log" | grep -q '^[1-9][0-9]* passed, 0 failed$'; then pass
    else fail "the page of $1 in Chromium: exit $rc: $(grep '^FAIL' "$TMP/$1.log" | head -c 1500)"; fi
}

# ---- every article of the corpus, merged
CORPUS="$NP_SRCDIR/../shared/corpus"
if [ -d "$CORPUS" ]; then
    mkdir -p "$TMP/corpus"
    n=0
    for f in $(find "$CORPUS" -name '*.txt' | sort); do
        n=$((n + 1))
        "$NERPIPE" "$f" >"$TMP/corpus/$n.json" 2>"$TMP/err" || fail "nerpipe $f: $(head -c 300 "$TMP/err")"
    done
    # shellcheck disable=SC2046
    if [ "$n" -gt 0 ] && "$NERPIPE" merge $(ls "$TMP/corpus"/*.json) >"$TMP/corpus.json" 2>"$TMP/err"; then pass
    else fail "nerpipe merge of the $n articles of $CORPUS: $(head -c 300 "$TMP/err")"; fi
    echo "the corpus: $n articles"
    drive corpus "$TMP/corpus.json" "$BOUND"
else
    echo "SKIP: $CORPUS is absent: no corpus graph"
fi

# ---- a generated graph of 5,000 nodes
python3 - 5000 >"$TMP/gen5000.json" <<'PY'
import json, random, sys
r = random.Random(16)
N = int(sys.argv[1])
syl = ["ka", "lo", "mir", "ven", "sa", "tor", "el", "bri", "da", "nu", "ros", "ti", "ga", "ber", "lin", "ov", "ra", "che", "mo", "zan"]
seen = set()


def name(parts):
    # a name not given yet, of words of syllables; parts() gives the words' lengths
    while True:
        s = " ".join("".join(r.choice(syl) for _ in range(k)).capitalize() for k in parts())
        if s not in seen:
            seen.add(s)
            return s


docs = [{"name": f"generated/article-{d:04d}.txt", "date": f"{r.randint(2000, 2025):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"}
        for d in range(500)]
nodes, kinds = [], ["person"] * 48 + ["organization"] * 24 + ["place"] * 28
for i in range(N):
    t = kinds[i % 100]
    if t == "person":
        label = name(lambda: [2, r.randint(2, 3)])
        aliases = [label.split()[-1]]
    elif t == "organization":
        label = name(lambda: [3]) + " " + r.choice(["Council", "Party", "Bank", "Ministry", "Union"])
        aliases = ["".join(w[0] for w in label.split()).upper() + str(i)]
    else:
        label = name(lambda: [r.randint(2, 3)])
        aliases = [label.upper()]
    n = {"id": f"{t[:3]}:{i}", "label": label, "type": t, "aliases": aliases}
    if t == "place":
        # coordinates as node keys for a third, as attributes (the
        # gazetteers') for a third, none for the rest
        lat, lon = round(r.uniform(-55, 70), 4), round(r.uniform(-170, 175), 4)
        if i % 3 == 0:
            n["lat"], n["lon"] = lat, lon
        elif i % 3 == 1:
            n["attributes"] = {"lat": lat, "lon": lon, "country": "XX"}
    n["mentions"] = [{"doc": r.randrange(len(docs)), "start": 0, "end": 1, "text": r.choice([label, label] + aliases)}
                     for _ in range(r.randint(1, 8))]
    n["weight"] = len(n["mentions"])
    nodes.append(n)
lone = set(r.sample(range(N), N * 7 // 100))
of = lambda t: [i for i, n in enumerate(nodes) if n["type"] == t and i not in lone]
people, places, orgs = of("person"), of("place"), of("organization")
groups = [people[k::60] for k in range(60)]


def date():
    if r.random() < 0.1:
        return None
    y, m, d, p = r.randint(2000, 2025), r.randint(1, 12), r.randint(1, 28), r.random()
    return f"{y:04d}-{m:02d}-{d:02d}" if p < 0.7 else f"{y:04d}-{m:02d}" if p < 0.9 else f"{y:04d}"


links = []


def add(rel, a, b, **kw):
    ev = [{"doc": r.randrange(len(docs)), "start": 0, "end": 10, "rule": "generated",
           "sentence": f"{nodes[a]['label']} and {nodes[b]['label']} in generated sentence {r.randrange(10**6)}."}
          for _ in range(r.choice([1, 1, 1, 2, 3]))]
    links.append(dict({"source": nodes[a]["id"], "target": nodes[b]["id"], "relation": rel, "evidence": ev,
                       "weight": len(ev), "rule": "generated"}, **kw))


for _ in range(4200):
    a, b = r.sample(r.choice(groups) if r.random() < 0.85 else people, 2)
    planned = r.random() < 0.15
    add("met", a, b, date=date(), status="planned" if planned else "occurred",
        place=nodes[r.choice(places)]["id"] if r.random() < 0.6 else None,
        cameo="036" if planned else r.choice(["040", "044", "046"]))
for _ in range(700):
    add("visited", r.choice(people), r.choice(places), date=date(), status="occurred", place=None, cameo=r.choice(["042", "043"]))
for _ in range(500):
    a, b = r.sample(r.choice(groups), 2)
    add("called", a, b, date=date(), status="occurred", place=None, cameo="041")
for _ in range(1300):
    add("holds_role", r.choice(people), r.choice(orgs + places), place=None, title="minister")
json.dump({"directed": False, "multigraph": True, "graph": {"generator": "tests/viewer.sh", "documents": docs},
           "nodes": nodes, "links": links}, sys.stdout)
PY
[ -s "$TMP/gen5000.json" ] && pass || fail "the generated graph was not written"
drive gen5000 "$TMP/gen5000.json" "$BOUND"

# ---- one article's graph (graph.document, evidence with no "doc")
cp "$NP_SRCDIR/tests/golden/summit.txt" "$TMP/summit.txt"
if "$NERPIPE" --date=2024-06-15 --gazetteer="$NP_SRCDIR/tests/data/gazetteer" "$TMP/summit.txt" >"$TMP/summit.json" 2>"$TMP/err"
then pass; else fail "nerpipe summit.txt: $(head -c 300 "$TMP/err")"; fi
drive article "$TMP/summit.json" "$BOUND"

# ---- an article whose quotes would end a <script>, open a comment or run
# code (marking <body> with data-injected or setting the title) if the page
# took the graph's text as markup: the evidence panel shows them as text
{
    printf 'Leaders meet in Oslo\n\n'
    printf 'Arvid Kellmark met Mira Tolvanger in Oslo on Friday, and Kellmark said "</script><script>document.body.setAttribute('"'"'data-injected'"'"','"'"'1'"'"');document.title='"'"'INJECTED'"'"'</script> <!--<script> <img src=x onerror=document.body.setAttribute('"'"'data-injected'"'"','"'"'2'"'"')> a\342\200\250b".\n'
} >"$TMP/inject.txt"
if "$NERPIPE" --date=2024-06-15 --gazetteer="$NP_SRCDIR/tests/data/gazetteer" "$TMP/inject.txt" >"$TMP/inject.json" 2>"$TMP/err" &&
    grep -q '</script><script>' "$TMP/inject.json"
then pass; else fail "nerpipe inject.txt: $(head -c 300 "$TMP/err")"; fi
drive inject "$TMP/inject.json" "$BOUND"

echo "the screenshots are in $SHOTS"
finish

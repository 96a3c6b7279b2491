#!/bin/sh
# tests/merge.sh: `nerpipe merge` on real and varied graphs. The graph of
# every article under ../shared/corpus (skipped without it) and of 5,000
# generated documents whose people have many aliases and variants, each
# checked against a reference merge written here in Python; broken
# values in the middle of a stream; conflicting values; weights at the
# ends of their range; time linear in the input and memory bounded by
# the result. `make check-valgrind` runs this suite under memcheck.
. "$NP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
UNDER_VALGRIND=0
[ "${NP_SAN_FLAGS:-}" = valgrind ] && UNDER_VALGRIND=1

# check_merge MERGED INPUT...: the merged graph holds exactly what the
# inputs hold: every node id and link key, weights summed, aliases united,
# every mention and evidence entry once with its document, and each
# link's CAMEO code that of its least status (a meeting turned around
# reading 042 as 043 and back).
check_merge() {
    python3 - "$@" <<'PY'
import json, sys

def values(path):
    """Every graph in a file of JSON documents or --jsonl lines."""
    dec = json.JSONDecoder()
    text = open(path, encoding="utf-8").read()
    i = 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return
        v, i = dec.raw_decode(text, i)
        if "graph" in v and "nodes" in v["graph"]:
            v = v["graph"]
        if "nodes" in v:
            yield v

def docs_of(g):
    gr = g.get("graph", {})
    return [gr["document"]] if "document" in gr else gr.get("documents", [])

def key(l):
    s, t = l["source"], l["target"]
    if l["relation"] in ("met", "called") and s > t:
        s, t = t, s
    return (s, t, l["relation"], l.get("place") or "", l.get("date") or "")

def cameo_as_merged(l):
    """The link's code read in its merged direction."""
    c = l.get("cameo")
    if l["relation"] == "met" and l["source"] > l["target"] and c in ("042", "043"):
        c = "043" if c == "042" else "042"
    return c

def canon(x):
    return json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

merged = json.load(open(sys.argv[1], encoding="utf-8"))
docs, nodes, links = [], {}, {}
for path in sys.argv[2:]:
    for g in values(path):
        ds = docs_of(g)
        docs.extend(canon(d) for d in ds)
        def doc(e):
            return canon(ds[e.get("doc", 0)]) if ds else None
        for n in g["nodes"]:
            acc = nodes.setdefault(n["id"], {"weight": 0, "aliases": set(), "mentions": [], "labels": set()})
            acc["weight"] += n.get("weight", 1)
            acc["aliases"] |= set(n.get("aliases", []))
            acc["labels"].add(n.get("label"))
            acc["mentions"] += [(doc(m), m["start"], m["end"], m.get("text")) for m in n.get("mentions", [])]
        for l in g["links"]:
            acc = links.setdefault(key(l), {"weight": 0, "evidence": [], "status": []})
            acc["weight"] += l.get("weight", 1)
            acc["status"].append((l.get("status"), cameo_as_merged(l)))
            acc["evidence"] += [(doc(e), e["start"], e["end"], e.get("sentence"), e.get("rule"))
                                for e in l.get("evidence", [])]

mdocs = docs_of(merged)
problems = []
if sorted(canon(d) for d in mdocs) != sorted(docs):
    problems.append("documents: %d merged, %d in the inputs" % (len(mdocs), len(docs)))
def mdoc(e):
    return canon(mdocs[e.get("doc", 0)]) if mdocs else None
got = {n["id"]: n for n in merged["nodes"]}
if set(got) != set(nodes):
    problems.append("node ids differ: %s" % sorted(set(got) ^ set(nodes))[:5])
for i, want in nodes.items():
    n = got.get(i)
    if n is None:
        continue
    if n.get("weight") != want["weight"]:
        problems.append("%s: weight %s, want %s" % (i, n.get("weight"), want["weight"]))
    if n.get("label") != min(x for x in want["labels"] if x is not None):
        problems.append("%s: label %r is not the least of %r" % (i, n.get("label"), want["labels"]))
    if n.get("aliases", []) != sorted(want["aliases"] - {n.get("label")}):
        problems.append("%s: aliases %r, want %r" % (i, n.get("aliases"), sorted(want["aliases"])))
    ms = sorted(((mdoc(m), m["start"], m["end"], m.get("text")) for m in n.get("mentions", [])), key=str)
    if ms != sorted(want["mentions"], key=str):
        problems.append("%s: %d mentions, want %d" % (i, len(ms), len(want["mentions"])))
gotl = {key(l): l for l in merged["links"]}
if len(gotl) != len(merged["links"]) or set(gotl) != set(links):
    problems.append("link keys differ: %s" % sorted(set(gotl) ^ set(links))[:5])
for k, want in links.items():
    l = gotl.get(k)
    if l is None:
        continue
    if l.get("weight") != want["weight"]:
        problems.append("%s: weight %s, want %s" % (k, l.get("weight"), want["weight"]))
    ev = sorted(((mdoc(e), e["start"], e["end"], e.get("sentence"), e.get("rule")) for e in l.get("evidence", [])), key=str)
    if ev != sorted(want["evidence"], key=str):
        problems.append("%s: %d evidence entries, want %d" % (k, len(ev), len(want["evidence"])))
    statuses = [st for st, _ in want["status"] if st is not None]
    least = min(statuses) if statuses else None
    codes = [c for st, c in want["status"] if st == least and c is not None]
    if l.get("cameo") != (min(codes) if codes else None):
        problems.append("%s: cameo %s, want %s of %s" % (k, l.get("cameo"), min(codes) if codes else None, want["status"]))
    if l["relation"] in ("met", "visited", "called") and not l.get("cameo") and any(c for _, c in want["status"]):
        problems.append("%s: no cameo" % (k,))
for p in problems[:10]:
    print(p)
print("%d documents, %d nodes, %d links" % (len(docs), len(nodes), len(links)))
sys.exit(1 if problems else 0)
PY
}

# ---- every article of the shared corpus, when it is there
CORPUS="$NP_SRCDIR/../shared/corpus"
if [ -d "$CORPUS" ]; then
    mkdir -p "$TMP/corpus"
    n=0
    # one graph per article (under valgrind from the plain binary: the
    # pipeline's own memory is checked on the same articles through
    # --jsonl below, in one process)
    for f in "$CORPUS"/*/*.txt; do
        n=$((n + 1))
        "${NP_REAL_NERPIPE:-$NERPIPE}" --date=2024-01-15 "$f" >"$TMP/corpus/$n.json" 2>/dev/null || fail "nerpipe on $f"
    done
    expect_exit 0 "merge of the $n corpus graphs" -- "$NERPIPE" merge "$TMP"/corpus/*.json
    cp "$TMP/out" "$TMP/corpus.merged"
    check_merge "$TMP/corpus.merged" "$TMP"/corpus/*.json >"$TMP/check" 2>&1 && pass ||
        fail "merged corpus graph: $(cat "$TMP/check")"
    # the Cytoscape output keeps the documents (in its top-level data), so
    # that every evidence doc index resolves: to the document the merged
    # JSON names there, whose text holds the sentence at its offsets; one
    # article alone has one document and no doc indices
    expect_exit 0 "merge --format=cytoscape of the corpus graphs" -- "$NERPIPE" merge --format=cytoscape "$TMP"/corpus/*.json
    cp "$TMP/out" "$TMP/corpus.cyjs"
    expect_exit 0 "--format=cytoscape of one article" -- "$NERPIPE" --date=2024-01-15 --format=cytoscape "$f"
    cp "$TMP/out" "$TMP/one.cyjs"
    "${NP_REAL_NERPIPE:-$NERPIPE}" --date=2024-01-15 "$f" >"$TMP/one.json" 2>/dev/null
    if python3 - "$TMP/corpus.merged" "$TMP/corpus.cyjs" "$TMP/one.json" "$TMP/one.cyjs" >"$TMP/check" 2>&1 <<'PY'
import json, sys
def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f)
def text(name):
    with open(name, encoding="utf-8", errors="replace") as f:
        return f.read()
for gp, cp in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    g, cy = load(gp), load(cp)
    want = g["graph"].get("documents") or [g["graph"]["document"]]
    docs = cy["data"]["documents"]
    assert docs == want, ("documents", cp, len(docs), len(want))
    n = 0
    for el in cy["elements"]["edges"]:
        for e in el["data"].get("evidence_items", []):
            assert "doc" in e or len(docs) == 1, ("no doc index among several documents", e)
            i = e.get("doc", 0)
            assert isinstance(i, int) and 0 <= i < len(docs), ("unresolved doc", i, len(docs))
            assert text(docs[i]["name"])[e["start"]:e["end"]] == e["sentence"], ("not that document's sentence", docs[i]["name"], e)
            n += 1
    assert n > 0, ("no evidence", cp)
    print(cp, len(docs), "documents", n, "evidence entries resolved")
PY
    then pass; else fail "cytoscape documents: $(tail -c 800 "$TMP/check")"; fi
    # a tree of merges gives the same graph as one merge of everything
    half=$((n / 2))
    ls "$TMP"/corpus/*.json | head -n "$half" >"$TMP/first"
    ls "$TMP"/corpus/*.json | tail -n +"$((half + 1))" >"$TMP/second"
    # shellcheck disable=SC2046
    "$NERPIPE" merge $(cat "$TMP/first") >"$TMP/m1.json" 2>/dev/null
    # shellcheck disable=SC2046
    "$NERPIPE" merge $(cat "$TMP/second") >"$TMP/m2.json" 2>/dev/null
    "$NERPIPE" merge "$TMP/m2.json" "$TMP/m1.json" >"$TMP/tree.json" 2>/dev/null
    cmp -s "$TMP/tree.json" "$TMP/corpus.merged" && pass || fail "a tree of merges differs from one merge"
    # one run over all the articles gives what merging their graphs gives
    # (documents that disagree on a role or a status are settled by the
    # same least-value rule in both)
    ls "$CORPUS"/*/*.txt | tr '\n' '\0' | xargs -0 "${NP_REAL_NERPIPE:-$NERPIPE}" --date=2024-01-15 \
        >"$TMP/direct.json" 2>/dev/null
    "$NERPIPE" merge "$TMP/direct.json" >"$TMP/direct.merged" 2>/dev/null
    cmp -s "$TMP/direct.merged" "$TMP/corpus.merged" && pass ||
        fail "one run over the corpus differs from the merge of its graphs"
    # the corpus as JSON lines, through --jsonl and merge from standard input
    python3 - "$CORPUS" "$TMP/corpus.jsonl" <<'PY'
import glob, json, os, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for p in sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.txt"))):
        text = open(p, encoding="utf-8", errors="replace").read()
        out.write(json.dumps({"id": os.path.relpath(p, sys.argv[1]), "text": text, "date": "2024-01-15"}) + "\n")
PY
    "$NERPIPE" --jsonl "$TMP/corpus.jsonl" >"$TMP/corpus.results" 2>/dev/null
    expect_exit 0 "merge of the corpus's --jsonl results" -- sh -c '"$1" merge <"$2"' sh "$NERPIPE" "$TMP/corpus.results"
    cp "$TMP/out" "$TMP/corpus.jsonl.merged"
    check_merge "$TMP/corpus.jsonl.merged" "$TMP/corpus.results" >"$TMP/check" 2>&1 && pass ||
        fail "merged corpus JSON lines: $(cat "$TMP/check")"
else
    echo "SKIP (part): no ../shared/corpus beside the source tree"
fi

# ---- 5,000 generated documents: people with many aliases and variants,
# meetings with dates and places, so nodes collect aliases, mentions and
# evidence from thousands of documents
COUNT=5000
# (1,000 under valgrind, where 5,000 take ten minutes)
[ "$UNDER_VALGRIND" = 1 ] && COUNT=1000
python3 - "$TMP/gen" "$COUNT" <<'PY'
import json, os, random, sys
d, count = sys.argv[1], int(sys.argv[2])
os.makedirs(d + "/gz", exist_ok=True)
rnd = random.Random(20261202)
syll = ["ka", "lo", "mir", "ven", "tas", "dri", "ol", "ru", "sen", "bak", "fel", "ion", "ud", "zor", "pel"]
def word():
    return "".join(rnd.choice(syll) for _ in range(rnd.randint(2, 3))).capitalize()
people = []
with open(d + "/gz/people.yaml", "w") as f:
    f.write("defaults:\n  type: person\nentries:\n")
    for i in range(60):
        given, family = word(), word()
        aliases = [family, given + " " + family[0] + ".", given[0] + ". " + family,
                   given + " " + word() + " " + family, family.upper()] + [word() + " " + family for _ in range(4)]
        people.append((given + " " + family, aliases))
        f.write("  - id: person:gen-%d\n    name: %s\n    aliases: %s\n" % (i, given + " " + family, json.dumps(aliases)))
places = []
with open(d + "/gz/places.yaml", "w") as f:
    f.write("defaults:\n  type: place\nentries:\n")
    for i in range(25):
        name = word() + "burg"
        places.append(name)
        f.write("  - id: place:gen-%d\n    name: %s\n    aliases: [%s]\n" % (i, name, name + " City"))
months = ["January", "February", "March", "April", "May", "June"]
with open(d + "/docs.jsonl", "w") as out:
    for i in range(count):
        s = []
        for _ in range(rnd.randint(2, 6)):
            a, b = rnd.sample(people, 2)
            na = rnd.choice([a[0]] + a[1])
            nb = rnd.choice([b[0]] + b[1])
            where = rnd.choice(places)
            s.append(rnd.choice([
                "%s met %s in %s on %d %s 2024." % (na, nb, where, rnd.randint(1, 28), rnd.choice(months)),
                "%s held talks with %s in %s." % (na, nb, where),
                "%s said %s would visit %s." % (na, nb, where),
                "In %s, %s and %s met on Tuesday." % (where, na, nb)]))
        out.write(json.dumps({"id": "gen-%d" % i, "text": " ".join(s), "date": "2024-0%d-1%d" % (i % 6 + 1, i % 9)}) + "\n")
PY
GZ="--gazetteer=$TMP/gen/gz"
expect_exit 0 "--jsonl over $COUNT generated documents" -- "$NERPIPE" --jsonl $GZ "$TMP/gen/docs.jsonl"
cp "$TMP/out" "$TMP/gen/results.jsonl"
[ "$(wc -l <"$TMP/gen/results.jsonl")" -eq "$COUNT" ] && pass || fail "--jsonl gave $(wc -l <"$TMP/gen/results.jsonl") lines"
expect_exit 0 "merge of $COUNT generated graphs" -- "$NERPIPE" merge "$TMP/gen/results.jsonl"
cp "$TMP/out" "$TMP/gen/merged.json"
check_merge "$TMP/gen/merged.json" "$TMP/gen/results.jsonl" >"$TMP/check" 2>&1 && pass ||
    fail "merged generated graphs: $(cat "$TMP/check")"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
many = [n for n in g["nodes"] if len(n.get("aliases", [])) >= 3]
ev = max(len(l.get("evidence", [])) for l in g["links"])
assert len(g["graph"]["documents"]) == int(sys.argv[2]) and len(many) >= 30 and ev >= 5, (len(many), ev)
' "$TMP/gen/merged.json" "$COUNT" 2>"$TMP/check" && pass || fail "generated corpus too plain: $(cat "$TMP/check")"
# split in four, merged pairwise, then the two halves: the same graph
split -n l/4 -d "$TMP/gen/results.jsonl" "$TMP/gen/part."
"$NERPIPE" merge "$TMP/gen/part.00" "$TMP/gen/part.01" >"$TMP/gen/h1.json"
"$NERPIPE" merge "$TMP/gen/part.03" "$TMP/gen/part.02" >"$TMP/gen/h2.json"
"$NERPIPE" merge "$TMP/gen/h2.json" "$TMP/gen/h1.json" >"$TMP/gen/tree.json"
cmp -s "$TMP/gen/tree.json" "$TMP/gen/merged.json" && pass || fail "tree merge of the generated graphs differs"

# ---- --inputs-from=LIST: the files named one a line, each merged as its
# name arrives (LIST a pipe its producer writes as it goes), to the graph
# of the same files as arguments; with GRAPH arguments too
{ echo "$TMP/gen/part.00"; sleep 1; printf '\n%s\n' "$TMP/gen/h2.json"; sleep 1; echo "$TMP/gen/part.01"; } |
    "$NERPIPE" merge --inputs-from=- >"$TMP/gen/list.json" 2>"$TMP/err"
[ $? -eq 0 ] && cmp -s "$TMP/gen/list.json" "$TMP/gen/merged.json" && pass ||
    fail "--inputs-from=- from a slow pipe: not the graph of one merge: $(head -c 300 "$TMP/err")"
printf '%s\n' "$TMP/gen/part.01" "$TMP/gen/part.02" >"$TMP/gen/list"
"$NERPIPE" merge --inputs-from="$TMP/gen/list" "$TMP/gen/part.03" "$TMP/gen/part.00" >"$TMP/gen/list.json" 2>"$TMP/err"
[ $? -eq 0 ] && cmp -s "$TMP/gen/list.json" "$TMP/gen/merged.json" && pass ||
    fail "--inputs-from=LIST with GRAPH arguments: not the graph of one merge: $(head -c 300 "$TMP/err")"
# a name that is missing, a directory or a FIFO without a writer: an
# error at once (exit 1, its name), the other files still merged
mkfifo "$TMP/gen/fifo"
printf '%s\n' "$TMP/gen/part.00" "$TMP/gen/no such part" "$TMP/gen/fifo" "$TMP/gen" "$TMP/gen/h2.json" "$TMP/gen/part.01" |
    expect_exit 1 "--inputs-from naming a missing file, a FIFO and a directory" -- timeout 60 "$NERPIPE" merge --inputs-from=-
cmp -s "$TMP/out" "$TMP/gen/merged.json" && pass || fail "--inputs-from with bad names: the other files not merged"
expect_grep "no such part: No such file or directory" "$TMP/err" "--inputs-from names a missing file"
expect_grep "fifo: not a regular file" "$TMP/err" "--inputs-from names a FIFO"
expect_grep "gen: not a regular file" "$TMP/err" "--inputs-from names a directory"
expect_exit 1 "--inputs-from=LIST that cannot be read" -- "$NERPIPE" merge --inputs-from="$TMP/gen/no such list"
expect_grep "no such list: No such file or directory" "$TMP/err" "--inputs-from names its unreadable LIST"
expect_exit 2 "--inputs-from= without a name" -- "$NERPIPE" merge --inputs-from=
expect_exit 0 "merge --help" -- "$NERPIPE" merge --help
expect_grep "inputs-from=LIST" "$TMP/out" "merge --help tells of --inputs-from"
expect_grep "^      --follow " "$TMP/out" "merge --help tells of --follow"

# ---- --follow: files named before they are written, read as they grow
# (here cut anywhere, an indented graph among them) until named again or
# the list ends, to the graph of one merge of what they hold in the end
cat "$TMP/gen/part.00" "$TMP/gen/part.01" >"$TMP/gen/p01"
"$NERPIPE" merge --pretty "$TMP/gen/h2.json" >"$TMP/gen/h2p.json"
: >"$TMP/gen/grow1"
: >"$TMP/gen/grow2"
half=$(($(wc -c <"$TMP/gen/p01") / 2 + 7))
{
    printf '%s\n%s\n' "$TMP/gen/grow1" "$TMP/gen/grow2"
    sleep 1
    head -c "$half" "$TMP/gen/p01" >>"$TMP/gen/grow1"
    head -c 100 "$TMP/gen/h2p.json" >>"$TMP/gen/grow2"
    sleep 1
    tail -c +"$((half + 1))" "$TMP/gen/p01" >>"$TMP/gen/grow1"
    tail -c +101 "$TMP/gen/h2p.json" >>"$TMP/gen/grow2"
    sleep 1
    printf '%s\n' "$TMP/gen/grow1" # (grow2 is read to its end when the list ends)
    sleep 1
} | timeout 60 "$NERPIPE" merge --inputs-from=- --follow >"$TMP/gen/follow.json" 2>"$TMP/err"
[ $? -eq 0 ] && cmp -s "$TMP/gen/follow.json" "$TMP/gen/merged.json" && pass ||
    fail "--follow of growing files: not the graph of one merge: $(head -c 300 "$TMP/err")"
# a file whose last value is cut short: the problems a merge of the file
# would report, with its name, and the graph of the rest
head -c "$(($(wc -c <"$TMP/gen/p01") - 40))" "$TMP/gen/p01" >"$TMP/gen/cut"
"$NERPIPE" merge "$TMP/gen/cut" >"$TMP/gen/cut.json" 2>"$TMP/gen/cut.err"
printf '%s\n%s\n' "$TMP/gen/cut" "$TMP/gen/cut" |
    expect_exit 1 "--follow of a file cut short" -- timeout 60 "$NERPIPE" merge --inputs-from=- --follow
cmp -s "$TMP/out" "$TMP/gen/cut.json" && pass || fail "--follow of a file cut short: not the graph of its other lines"
cmp -s "$TMP/err" "$TMP/gen/cut.err" && pass || fail "--follow of a file cut short: $(cat "$TMP/err"), want $(cat "$TMP/gen/cut.err")"
expect_grep "cut: line [0-9]*: " "$TMP/err" "--follow names the file and line of a value cut short"
# a name that cannot be followed: an error at once, the others merged
printf '%s\n%s\n%s\n' "$TMP/gen/no such part" "$TMP/gen/p01" "$TMP/gen/fifo" |
    expect_exit 1 "--follow naming a missing file and a FIFO" -- timeout 60 "$NERPIPE" merge --inputs-from=- --follow
expect_grep "no such part: No such file or directory" "$TMP/err" "--follow names a missing file"
expect_grep "fifo: not a regular file" "$TMP/err" "--follow names a FIFO"
"$NERPIPE" merge "$TMP/gen/p01" >"$TMP/gen/p01.json"
cmp -s "$TMP/out" "$TMP/gen/p01.json" && pass || fail "--follow with bad names: the other file not merged"
# a name with a NUL byte, in either kind of list: an error, the others merged
for follow in "" --follow; do
    { printf 'bad\000name\n'; printf '%s\n' "$TMP/gen/p01"; } |
        expect_exit 1 "--inputs-from $follow naming a file with a NUL byte" -- timeout 60 "$NERPIPE" merge --inputs-from=- $follow
    expect_grep "-: a name with a NUL byte" "$TMP/err" "--inputs-from $follow: the name with a NUL byte is reported"
    cmp -s "$TMP/out" "$TMP/gen/p01.json" && pass || fail "--inputs-from $follow with a NUL byte: the other file not merged"
done
expect_exit 2 "--follow without --inputs-from" -- "$NERPIPE" merge --follow "$TMP/gen/p01"
expect_grep "follow is for --inputs-from" "$TMP/err" "--follow alone is a usage error"

# ---- --evidence=N: the N most recent entries per link and the count of
# all, the same whichever way the merges are grouped
# check_cut CUT FULL N: CUT is FULL (merged without --evidence) with each
# link's evidence cut to its N most recent entries (newest document date
# first, undated last, then document order, then position), in the usual
# order, and "evidence_count" its number of entries in FULL
check_cut() {
    python3 - "$@" <<'PY'
import json, sys
cut, full, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
assert cut["nodes"] == full["nodes"] and cut["graph"] == full["graph"], "nodes or documents differ"
docs = full["graph"].get("documents") or [full["graph"].get("document", {})]
def date(e):
    d = docs[e.get("doc", 0)].get("date")
    return d if isinstance(d, str) else None
def std(e):
    return (e.get("doc", 0), e["start"], json.dumps(e, sort_keys=True))
def recent(e):
    d = date(e)
    # newest date first (a date string negated by its code points), undated last
    return ((0, [-ord(c) for c in d] + [1]) if d is not None else (1, []), std(e))
assert len(cut["links"]) == len(full["links"])
longer = 0
for c, f in zip(cut["links"], full["links"]):
    ev = f.get("evidence", [])
    want = sorted(sorted(ev, key=recent)[:n], key=std)
    assert sorted(map(std, c.get("evidence", []))) == sorted(map(std, want)), (c["source"], c["target"])
    assert [std(e) for e in c.get("evidence", [])] == sorted(std(e) for e in c.get("evidence", [])), "order"
    assert c["evidence_count"] == len(ev), (c["evidence_count"], len(ev))
    c = dict(c); f = dict(f)
    del c["evidence"], c["evidence_count"], f["evidence"]
    assert c == f, (c, f)
    longer += len(ev) > n
assert longer >= 3, "only %d links with more than %d entries" % (longer, n)
print("%d links, %d cut" % (len(full["links"]), longer))
PY
}
if [ -d "$CORPUS" ]; then
    # six articles, each six times with its own id and three dates, so
    # links collect entries of several dates and of one date; three inputs
    # a, b and c with a mixture of dates
    python3 - "$CORPUS" "$TMP/ev" <<'PY'
import glob, json, os, sys
paths = sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.txt")))[:6]
dates = ["2021-03-01", "2021-03-01", "2022-07-09", "2022-07-09", "2020-05-05", None]
os.makedirs(sys.argv[2])
outs = [open(os.path.join(sys.argv[2], x + ".jsonl"), "w", encoding="utf-8") for x in "abc"]
k = 0
for p in paths:
    text = open(p, encoding="utf-8", errors="replace").read()
    for i, d in enumerate(dates):
        rec = {"id": "%s-%d" % (os.path.basename(p)[:3], i), "text": text}
        if d:
            rec["date"] = d
        outs[k % 3].write(json.dumps(rec) + "\n")
        k += 1
PY
    for x in a b c; do
        "${NP_REAL_NERPIPE:-$NERPIPE}" --jsonl "$TMP/ev/$x.jsonl" >"$TMP/ev/$x.res" 2>/dev/null || fail "--jsonl of $x"
    done
    M="$NERPIPE merge --evidence=2"
    $M "$TMP/ev/b.res" "$TMP/ev/c.res" >"$TMP/ev/bc" 2>/dev/null
    $M "$TMP/ev/a.res" "$TMP/ev/bc" >"$TMP/ev/a_bc" 2>/dev/null
    $M "$TMP/ev/a.res" "$TMP/ev/b.res" >"$TMP/ev/ab" 2>/dev/null
    $M "$TMP/ev/ab" "$TMP/ev/c.res" >"$TMP/ev/ab_c" 2>/dev/null
    $M "$TMP/ev/c.res" "$TMP/ev/b.res" "$TMP/ev/a.res" >"$TMP/ev/cba" 2>/dev/null
    cmp -s "$TMP/ev/a_bc" "$TMP/ev/ab_c" && pass || fail "--evidence=2: merge(a, merge(b, c)) differs from merge(merge(a, b), c)"
    cmp -s "$TMP/ev/a_bc" "$TMP/ev/cba" && pass || fail "--evidence=2: a tree of merges differs from one merge in another order"
    "$NERPIPE" merge "$TMP/ev/a.res" "$TMP/ev/b.res" "$TMP/ev/c.res" >"$TMP/ev/full" 2>/dev/null
    check_cut "$TMP/ev/a_bc" "$TMP/ev/full" 2 >"$TMP/check" 2>&1 && pass ||
        fail "--evidence=2 keeps the wrong entries: $(cat "$TMP/check")"
    # cut graphs merged again without --evidence keep their counts
    "$NERPIPE" merge "$TMP/ev/ab" "$TMP/ev/c.res" >"$TMP/ev/recount" 2>/dev/null
    python3 -c '
import json, sys
r, full = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
counts = {(l["source"], l["target"], l["relation"], l.get("place"), l.get("date")): l.get("evidence_count", len(l["evidence"])) for l in r["links"]}
assert any("evidence_count" not in l for l in r["links"]) and any(l.get("evidence_count", 0) > len(l["evidence"]) for l in r["links"])
want = {(l["source"], l["target"], l["relation"], l.get("place"), l.get("date")): len(l["evidence"]) for l in full["links"]}
assert counts == want, [k for k in want if counts[k] != want[k]][:3]
' "$TMP/ev/recount" "$TMP/ev/full" 2>"$TMP/check" && pass || fail "counts of cut graphs merged again: $(cat "$TMP/check")"
    expect_exit 0 "--evidence=0" -- $M "$TMP/ev/a_bc" --evidence=0
    python3 -c '
import json, sys
g, full = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert all(l["evidence"] == [] for l in g["links"])
assert [l["evidence_count"] for l in g["links"]] == [len(l["evidence"]) for l in full["links"]]
' "$TMP/out" "$TMP/ev/full" 2>"$TMP/check" && pass || fail "--evidence=0: $(cat "$TMP/check")"
    expect_exit 0 "--evidence=1 over cut graphs" -- $M --evidence=1 "$TMP/ev/ab" "$TMP/ev/c.res"
    check_cut "$TMP/out" "$TMP/ev/full" 1 >"$TMP/check" 2>&1 && pass ||
        fail "--evidence=1 over graphs cut to 2: $(cat "$TMP/check")"
else
    echo "SKIP (part): --evidence on real articles needs ../shared/corpus"
fi
for bad in -1 x 1.5 "" " 2" 2x +3; do
    expect_exit 2 "--evidence='$bad'" -- "$NERPIPE" merge "--evidence=$bad" "$NP_SRCDIR/tests/fuzz/jsonl/graph.jsonl"
    expect_grep "evidence wants a whole number" "$TMP/err" "--evidence='$bad' is explained"
done
expect_exit 0 "--evidence=N past the largest number" -- "$NERPIPE" merge --evidence=99999999999999999999999 \
    "$NP_SRCDIR/tests/fuzz/jsonl/graph.jsonl"

# ---- a stream with broken values: each reported by its line, the rest merged
"$NERPIPE" --date=2023-03-03 "$NP_SRCDIR/examples/article.txt" >"$TMP/ex.json" 2>/dev/null
tr -d '\n' <"$TMP/ex.json" >"$TMP/ex.line" && echo >>"$TMP/ex.line"
"$NERPIPE" --pretty --date=2023-03-03 "$NP_SRCDIR/examples/article.txt" >"$TMP/ex.pretty" 2>/dev/null
{
    cat "$TMP/ex.line" "$TMP/ex.line"      # lines 1-2
    head -c 700 "$TMP/ex.line"; echo       # line 3: cut inside a value
    cat "$TMP/ex.line"                     # line 4
    echo 'not json at all'                 # line 5
    echo '{"nodes": "three", "links": []}' # line 6: not a graph
    cat "$TMP/ex.pretty"                   # an indented graph
    head -n 25 "$TMP/ex.pretty"            # an indented graph cut short
    cat "$TMP/ex.pretty" "$TMP/ex.line"
} >"$TMP/broken.json"
expect_exit 1 "merge of a stream with broken values" -- "$NERPIPE" merge "$TMP/broken.json"
cp "$TMP/out" "$TMP/broken.merged"
cp "$TMP/err" "$TMP/broken.err"
expect_grep "broken.json: line 3: " "$TMP/broken.err" "the cut line is named"
expect_grep "broken.json: line 5: not a graph" "$TMP/broken.err" "the line that is not JSON is named"
expect_grep "broken.json: line 6: not a nerpipe graph" "$TMP/broken.err" "the value that is not a graph is named"
start=$((6 + $(wc -l <"$TMP/ex.pretty") + 1))
expect_grep "broken.json: line $start: a value cut short" "$TMP/broken.err" "the cut indented graph is named by its first line"
[ "$(grep -c . "$TMP/broken.err")" -eq 4 ] && pass || fail "four problems, one line each: $(cat "$TMP/broken.err")"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert len(g["graph"]["documents"]) == 6, len(g["graph"]["documents"])
met = [l for l in g["links"] if l["relation"] == "met"]
assert met and all(l["weight"] == 6 for l in met), met
' "$TMP/broken.merged" 2>"$TMP/check" && pass || fail "the six whole graphs are merged: $(cat "$TMP/check")"
# error lines of --jsonl carry no graph and are not problems of the merge:
# they are counted in graph.errors with their ids
printf '{"id": 7, "line": 3, "error": "line 3: no \\"text\\" string"}\n' >"$TMP/errline.jsonl"
cat "$TMP/ex.line" >>"$TMP/errline.jsonl"
expect_exit 0 "merge carries the error lines of --jsonl" -- "$NERPIPE" merge "$TMP/errline.jsonl"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert g["graph"]["errors"] == {"count": 1, "ids": [7]} and g["nodes"], g["graph"]
' "$TMP/out" 2>"$TMP/check" && pass || fail "graph.errors of one error line: $(cat "$TMP/check")"
expect_no_grep '"errors"' "$TMP/broken.merged" "no graph.errors without error lines"
# the error lines that --jsonl writes for bad records, in three inputs
# merged in any grouping: one count and one sorted list of ids
{
    printf '{"id": "n1", "date": "2024-01-01"}\n'          # no text
    printf '{"id": 12, "text": "x", "date": "2024-02-30"}\n' # not a real day
    printf 'not json\n'                                   # no id
    printf '{"text": "Nobody met anyone."}\n'
    printf '{"id": "n0", "text": 5}\n'
    printf '{"id": [1, 2], "text": null}\n'
} >"$TMP/bad.jsonl"
"${NP_REAL_NERPIPE:-$NERPIPE}" --jsonl "$TMP/bad.jsonl" >"$TMP/bad.res" 2>/dev/null
[ "$(grep -c '"error"' "$TMP/bad.res")" -eq 5 ] && pass || fail "--jsonl gave $(grep -c '"error"' "$TMP/bad.res") error lines"
head -n 2 "$TMP/bad.res" >"$TMP/bad.1"
sed -n 3,4p "$TMP/bad.res" >"$TMP/bad.2"
tail -n 2 "$TMP/bad.res" | cat - "$TMP/ex.line" >"$TMP/bad.3"
"$NERPIPE" merge "$TMP/bad.2" "$TMP/bad.3" >"$TMP/bad.23"
"$NERPIPE" merge "$TMP/bad.1" "$TMP/bad.23" >"$TMP/bad.1_23"
"$NERPIPE" merge "$TMP/bad.1" "$TMP/bad.2" >"$TMP/bad.12"
expect_exit 0 "merge of error lines and graphs that carry errors" -- "$NERPIPE" merge "$TMP/bad.12" "$TMP/bad.3"
cmp -s "$TMP/out" "$TMP/bad.1_23" && pass || fail "graph.errors: merge(a, merge(b, c)) differs from merge(merge(a, b), c)"
"$NERPIPE" merge "$TMP/bad.3" "$TMP/bad.2" "$TMP/bad.1" >"$TMP/bad.321"
cmp -s "$TMP/out" "$TMP/bad.321" && pass || fail "graph.errors depends on the order of the inputs"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert g["graph"]["errors"] == {"count": 5, "ids": ["n0", "n1", 12, [1, 2], None]}, g["graph"]["errors"]
' "$TMP/out" 2>"$TMP/check" && pass || fail "graph.errors of five error lines: $(cat "$TMP/check")"
# graph.errors given in an input: its count adds (not below its ids);
# another value is no errors
cat >"$TMP/given.json" <<'EOF'
{"graph": {"errors": {"count": 40, "ids": ["a", "b"]}}, "nodes": [], "links": []}
{"graph": {"errors": {"count": 1, "ids": ["c", "d", "e"]}}, "nodes": [], "links": []}
{"graph": {"errors": {"ids": "f"}}, "nodes": [], "links": []}
{"graph": {"errors": "many"}, "nodes": [], "links": []}
EOF
expect_exit 0 "merge of graphs with graph.errors" -- "$NERPIPE" merge "$TMP/given.json" "$TMP/errline.jsonl"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert g["graph"]["errors"] == {"count": 44, "ids": ["a", "b", "c", "d", "e", 7]}, g["graph"]["errors"]
' "$TMP/out" 2>"$TMP/check" && pass || fail "graph.errors given in inputs: $(cat "$TMP/check")"
# a node without an id: reported, the rest of its graph merged
echo '{"nodes": [{"label": "x"}, {"id": "person:a", "label": "A"}], "links": [{"source": "person:a"}]}' >"$TMP/noid.json"
expect_exit 1 "merge of a graph with a node without an id" -- "$NERPIPE" merge "$TMP/noid.json"
expect_grep "line 1: left out 1 node without an \"id\" and 1 link without" "$TMP/err" "the node without an id is reported"
expect_grep '"person:a"' "$TMP/out" "the rest of that graph is merged"
# a directory or an unreadable file is an error, the other inputs are merged
expect_exit 1 "merge of a directory" -- "$NERPIPE" merge "$TMP/ex.json" "$TMP"
expect_grep '"person:' "$TMP/out" "the readable input is still merged"

# ---- conflicting values: the least wins, in any order, and they are counted
python3 - "$TMP" <<'PY'
import json, sys
base = {"directed": False, "multigraph": True, "graph": {"document": {"name": "a"}},
        "nodes": [{"id": "person:a", "label": "A", "type": "person", "role": "minister"},
                  {"id": "person:b", "label": "B", "type": "person"}],
        "links": [{"source": "person:a", "target": "person:b", "relation": "met", "place": None,
                   "date": "2024-01-02", "status": "planned", "cameo": "036", "rule": "will-meet", "weight": 1}]}
other = json.loads(json.dumps(base))
other["graph"]["document"]["name"] = "b"
other["nodes"][0]["role"] = "foreign minister"
l = other["links"][0]
# the same meeting told from the other end: B visited A (042 from B), which
# merged, read from A to B, is A hosting B (043); and its code goes with
# the status that wins, never the planned meeting's 036
l["source"], l["target"], l["status"], l["rule"], l["cameo"] = "person:b", "person:a", "occurred", "met-with", "042"
json.dump(base, open(sys.argv[1] + "/c1.json", "w"))
json.dump(other, open(sys.argv[1] + "/c2.json", "w"))
PY
expect_exit 0 "merge of conflicting values" -- "$NERPIPE" merge "$TMP/c1.json" "$TMP/c2.json"
cp "$TMP/out" "$TMP/c12.json"
expect_grep "warning: 4 conflicting values, the least kept (link cameo 1, link rule 1, link status 1, node role 1)" "$TMP/err" \
    "conflicts are counted by key"
"$NERPIPE" merge "$TMP/c2.json" "$TMP/c1.json" >"$TMP/c21.json" 2>/dev/null
cmp -s "$TMP/c12.json" "$TMP/c21.json" && pass || fail "conflicts settle differently in another order"
# the code goes with the status in any grouping and order: a planned 036,
# an occurred 042 from the other end, one with no code and an occurred 040
python3 - "$TMP" <<'PY'
import json, sys
def g(name, s, t, status, cameo):
    l = {"source": s, "target": t, "relation": "met", "place": None, "date": "2024-01-02", "status": status,
         "rule": "r", "weight": 1}
    if cameo:
        l["cameo"] = cameo
    return {"graph": {"document": {"name": name}}, "nodes": [{"id": "person:a"}, {"id": "person:b"}], "links": [l]}
for name, args in {"k1": ("person:a", "person:b", "planned", "036"), "k2": ("person:b", "person:a", "occurred", "042"),
                   "k3": ("person:a", "person:b", "occurred", None), "k4": ("person:a", "person:b", "occurred", "044")}.items():
    json.dump(g(name, *args), open(sys.argv[1] + "/" + name + ".json", "w"))
PY
"$NERPIPE" merge "$TMP/k1.json" "$TMP/k2.json" "$TMP/k3.json" "$TMP/k4.json" >"$TMP/k-all.json" 2>/dev/null
"$NERPIPE" merge "$TMP/k4.json" "$TMP/k3.json" >"$TMP/k43.json" 2>/dev/null
"$NERPIPE" merge "$TMP/k2.json" "$TMP/k1.json" >"$TMP/k21.json" 2>/dev/null
"$NERPIPE" merge "$TMP/k43.json" "$TMP/k21.json" >"$TMP/k-tree.json" 2>/dev/null
"$NERPIPE" merge "$TMP/k3.json" "$TMP/k1.json" >"$TMP/k13.json" 2>/dev/null
cmp -s "$TMP/k-all.json" "$TMP/k-tree.json" && pass || fail "cameo settles differently in a tree of merges"
python3 -c '
import json, sys
l, = json.load(open(sys.argv[1]))["links"]
assert (l["status"], l.get("cameo")) == ("occurred", "043"), l
l, = json.load(open(sys.argv[2]))["links"]
assert (l["status"], l.get("cameo")) == ("occurred", None), l
' "$TMP/k-all.json" "$TMP/k13.json" 2>"$TMP/check" && pass || fail "the code of the least status: $(cat "$TMP/check")"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
l, = g["links"]
n = [n for n in g["nodes"] if n["id"] == "person:a"][0]
assert (l["status"], l["cameo"], l["rule"], l["weight"], n["role"]) == ("occurred", "043", "met-with", 2, "foreign minister"), (l, n)
' "$TMP/c12.json" 2>"$TMP/check" && pass || fail "the least value wins: $(cat "$TMP/check")"

# ---- weights at the ends of their range saturate; a weight that is no number counts 1
python3 - "$TMP" <<'PY'
import json, sys
def g(name, w1, w2):
    return {"graph": {"document": {"name": name}},
            "nodes": [{"id": "person:a", "weight": w1}, {"id": "person:b", "weight": w2}], "links": []}
json.dump(g("x", 9223372036854775807, -9223372036854775808), open(sys.argv[1] + "/w1.json", "w"))
json.dump(g("y", 5, -5), open(sys.argv[1] + "/w2.json", "w"))
json.dump(g("z", 1e308, "heavy"), open(sys.argv[1] + "/w3.json", "w"))
json.dump(g("v", 1.7e308, 2.5), open(sys.argv[1] + "/w4.json", "w"))
PY
expect_exit 0 "merge of extreme weights" -- "$NERPIPE" merge "$TMP/w1.json" "$TMP/w2.json"
python3 -c '
import json, sys
w = {n["id"]: n["weight"] for n in json.load(open(sys.argv[1]))["nodes"]}
assert w == {"person:a": 9223372036854775807, "person:b": -9223372036854775808}, w
' "$TMP/out" 2>"$TMP/check" && pass || fail "integer weights saturate: $(cat "$TMP/check")"
expect_exit 0 "merge of huge real weights" -- "$NERPIPE" merge "$TMP/w3.json" "$TMP/w4.json"
python3 -c '
import json, sys
w = {n["id"]: n["weight"] for n in json.load(open(sys.argv[1]))["nodes"]}
assert w["person:a"] == 1.7976931348623157e308 and w["person:b"] == 3.5, w
' "$TMP/out" 2>"$TMP/check" && pass || fail "real weights stop at the largest double: $(cat "$TMP/check")"

# ---- the merge reads graphs as jansson does: values the fast reader
# declines (a duplicate key, of which jansson keeps the last) go through
# jansson; reals are equal as numbers (-0.0 is 0.0); keys and strings are
# compared by their decoded bytes; --pretty is the same graph indented
cat >"$TMP/odd.jsonl" <<'EOF'
{"nodes": [{"id": "person:a", "label": "X", "label": "Y", "attributes": {"lat": 0.0}}], "links": []}
{"nodes":[{"id":"person:a","label":"Y","attributes":{"lat":-0.0,"a\"":1}},{"id":"p\u00e9rson:b","label":"B\u2028"}],"links":[]}
{"nodes": [{"label": "Z", "id": "person:a", "attributes": {"lat": 0, "a#": 2}}], "links": []}
EOF
expect_exit 0 "merge of values with duplicate keys and escapes" -- "$NERPIPE" merge "$TMP/odd.jsonl"
cp "$TMP/out" "$TMP/odd.merged"
expect_grep "warning: 2 conflicting values, the least kept (node attribute lat 1, node label 1)" "$TMP/err" \
    "the last of duplicate keys counts, -0.0 equals 0.0, 0 does not"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
a, b = g["nodes"]
assert (a["id"], a["label"], list(a["attributes"])) == ("person:a", "Y", ["a\"", "a#", "lat"]), a
assert str(a["attributes"]["lat"]) == "0", a["attributes"]
assert (b["id"], b["label"]) == ("p\u00e9rson:b", "B\u2028"), b
' "$TMP/odd.merged" 2>"$TMP/check" && pass || fail "odd values merged as jansson reads them: $(cat "$TMP/check")"
expect_exit 0 "merge --pretty" -- "$NERPIPE" merge --pretty "$TMP/gen/h1.json" "$TMP/gen/h2.json" "$TMP/odd.jsonl"
cp "$TMP/out" "$TMP/pretty.json"
"$NERPIPE" merge "$TMP/gen/h1.json" "$TMP/gen/h2.json" "$TMP/odd.jsonl" >"$TMP/compact.json" 2>/dev/null
"$NERPIPE" merge "$TMP/pretty.json" >"$TMP/repacked.json" 2>/dev/null
python3 -c '
import json, sys
p, c = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
assert json.loads(p) == json.loads(c)
lines = p.splitlines()
assert len(lines) > 1000 and lines[1] == "  \"directed\": false," and all(not l.endswith(" ") for l in lines)
' "$TMP/pretty.json" "$TMP/compact.json" 2>"$TMP/check" && pass || fail "--pretty: $(cat "$TMP/check")"
# a merged graph merged alone is itself, compact or indented
cmp -s "$TMP/repacked.json" "$TMP/compact.json" && pass || fail "the indented merge, merged again, differs"
if [ -z "${NP_SAN_FLAGS:-}" ]; then
    # two partial graphs of 2,500 documents each: memory a few times their size
    # (a tree of jansson values took 25 times)
    python3 - "$NERPIPE" "$TMP/gen/h1.json" "$TMP/gen/h2.json" <<'PY' >"$TMP/check" 2>&1 && pass || fail "merge of two partial graphs: $(cat "$TMP/check")"
import os, resource, subprocess, sys
size = os.path.getsize(sys.argv[2]) + os.path.getsize(sys.argv[3])
subprocess.run([sys.argv[1], "merge"] + sys.argv[2:4], stdout=subprocess.DEVNULL, check=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
assert peak < 8 * size + 16 * 2**20, "peak %d MiB for %d MiB of input" % (peak >> 20, size >> 20)
print("peak %d MiB for %d MiB of input" % (peak >> 20, size >> 20))
PY
fi

# ---- linear time (not a timing test: quadratic merging needed minutes
# here) and memory bounded by the result, not by the inputs
if [ "$UNDER_VALGRIND" = 0 ]; then
    yes "$(cat "$TMP/ex.line")" | head -n 20000 >"$TMP/copies.jsonl"
    expect_exit 0 "merge of 20,000 copies of one graph" -- timeout 120 "$NERPIPE" merge "$TMP/copies.jsonl"
    python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert len(g["graph"]["documents"]) == 20000 and all(l["weight"] == 20000 for l in g["links"] if l["relation"] == "met")
' "$TMP/out" 2>"$TMP/check" && pass || fail "20,000 copies: $(cat "$TMP/check")"
    rm -f "$TMP/copies.jsonl"
fi
if [ -z "${NP_SAN_FLAGS:-}" ]; then # (sanitizers keep freed memory in quarantine)
    # 4,000 graphs of one node with 400 aliases: 1.6 million aliases in
    # the input, 400 in the result
    python3 - "$NERPIPE" "$TMP/aliases.jsonl" <<'PY' >"$TMP/check" 2>&1 && pass || fail "merge memory follows the inputs: $(cat "$TMP/check")"
import json, os, resource, subprocess, sys
aliases = ["Alias number %d of a person with a long name" % i for i in range(400)]
line = json.dumps({"nodes": [{"id": "person:a", "label": "A", "aliases": aliases}], "links": []})
with open(sys.argv[2], "w") as f:
    for _ in range(4000):
        f.write(line + "\n")
size = os.path.getsize(sys.argv[2])
out = subprocess.run([sys.argv[1], "merge", sys.argv[2]], stdout=subprocess.PIPE, check=True).stdout
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
assert len(json.loads(out)["nodes"][0]["aliases"]) == 400
assert peak < 40 * 2**20, "peak %d MiB for %d MiB of input" % (peak >> 20, size >> 20)
print("peak %d MiB for %d MiB of input" % (peak >> 20, size >> 20))
PY
    rm -f "$TMP/aliases.jsonl"
fi

finish

#!/bin/sh
# tests/events.sh: the formats for analysts, read by the clients they use.
# The event table (--format=events, CSV) and its TSV are read with
# Python's csv module and every row is checked against the JSON graph of
# the same input; the GeoJSON is checked as JSON (RFC 7946 structure,
# [lon, lat] of the place, the unplaced count) and read by GDAL (ogrinfo
# counts the features, ogr2ogr gives them back as CSV); all on an article
# of our own, several documents in one graph, a crafted graph of hostile
# text through nerpipe merge, and every article of ../shared/corpus merged
# (skipped when it is absent), where nerpipe merge is also checked to keep
# the places' coordinates. The DOT of the merged corpus renders with
# Graphviz's `dot -Tpng` at a sane size (not a 32,767-pixel strip), with
# only the linked nodes unless --dot-isolated. The README's "For analysts"
# snippets run as written: pandas (Debian's python3-pandas), R when
# Rscript is installed, the GDAL command line. A client that is missing
# is skipped with a message (scripts/install-deps --test-clients).
. "$NP_SRCDIR/tests/lib.sh"
GAZ="--gazetteer=$NP_SRCDIR/tests/data/gazetteer"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
# Debian's python3, which has pandas from python3-pandas (the python3 on
# PATH may be another)
PANDAS=$(python_with pandas)
HAVE_OGR=0
command -v ogrinfo >/dev/null 2>&1 && command -v ogr2ogr >/dev/null 2>&1 && HAVE_OGR=1
[ "$HAVE_OGR" -eq 1 ] || skip "GDAL is not installed (Debian: gdal-bin): the GeoJSON is checked as JSON only"

# check_events NAME: $TMP/NAME.json (the graph) against NAME.csv, NAME.tsv
# and NAME.geojson, written from the same input. The expected row of each
# link is computed here from the JSON, as README "For analysts" documents
# it; numbers are compared as numbers.
check_events() {
    rm -f "$TMP/$1.counts"
    python3 - "$TMP/$1" >"$TMP/check.out" 2>&1 <<'PY'
import csv, json, math, re, sys
base = sys.argv[1]
g = json.load(open(base + ".json", encoding="utf-8"))
COLS = ["date", "source", "source_label", "source_country", "target", "target_label", "target_country",
        "relation", "cameo", "status", "place", "place_label", "place_country", "lat", "lon", "document",
        "rule", "evidence"]
nodes = {n["id"]: n for n in g["nodes"] if isinstance(n.get("id"), str)}
gr = g.get("graph") or {}
docs = gr.get("documents") if isinstance(gr.get("documents"), list) else None
doc1 = gr.get("document") if isinstance(gr.get("document"), dict) else None
def s(v):
    return v if isinstance(v, str) else None
def attr(n, k):
    v = n.get(k)
    return v if v is not None else (n.get("attributes") or {}).get(k)
def ref(v):
    return v.get("id") if isinstance(v, dict) else v
def isnum(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
def coords(n):
    if n is None:
        return None
    lat, lon = attr(n, "lat"), attr(n, "lon")
    if isnum(lat) and isnum(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
        return lat, lon
    return None
def evdoc(ev):
    d = ev.get("doc")
    if isinstance(d, int) and not isinstance(d, bool):
        return docs[d] if docs and 0 <= d < len(docs) else None
    if d is not None:
        return None
    return doc1 or (docs[0] if docs and len(docs) == 1 else None)
def node_cols(i):
    n = nodes.get(i)
    return [i, s((n or {}).get("label")) or i, s(attr(n, "country")) if n else None]

events, want = [], []
for l in g["links"]:
    src, tgt = ref(l.get("source")), ref(l.get("target"))
    if l.get("relation") not in ("met", "visited", "called") or not s(src) or not s(tgt):
        continue
    place = ref(l.get("place"))
    if not place and l["relation"] == "visited" and (nodes.get(tgt) or {}).get("type") == "place":
        place = tgt
    c = coords(nodes.get(place)) if place else None
    ev = (l.get("evidence") or [None])[0]
    d = evdoc(ev) if isinstance(ev, dict) else None
    row = [s(l.get("date"))] + node_cols(src) + node_cols(tgt) + [l["relation"], s(l.get("cameo")), s(l.get("status"))]
    row += node_cols(place) if place else [None, None, None]
    row += list(c) if c else [None, None]
    row += [(s(d.get("name")) or s(d.get("id"))) if d else None, s(l.get("rule")),
            s(ev.get("sentence")) if isinstance(ev, dict) else None]
    want.append(row)
    events.append(l)

def same(field, v, what):
    if isinstance(v, (int, float)):
        assert (re.fullmatch(r"-?\d+", field) and int(field) == v) if isinstance(v, int) else float(field) == v, \
            (what, field, v)
    else:
        assert field == (v if v is not None else ""), (what, field, v)

# the CSV: RFC 4180 as the csv module reads it, CRLF after every record
raw = open(base + ".csv", "rb").read()
assert raw.startswith(",".join(COLS).encode() + b"\r\n") and raw.endswith(b"\r\n"), raw[:300]
with open(base + ".csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
assert rows[0] == COLS, rows[0]
assert len(rows) - 1 == len(want), ("csv rows", len(rows) - 1, "event links", len(want))
for i, (r, w) in enumerate(zip(rows[1:], want)):
    assert len(r) == len(COLS), ("csv row", i, r)
    for col, field, v in zip(COLS, r, w):
        same(field, v, ("csv row", i, col))

# the TSV: a line per record, LF, no CR; \t \n \r \\ inside fields
raw = open(base + ".tsv", "rb").read()
assert b"\r" not in raw and raw.endswith(b"\n"), "a CR or no final LF in the TSV"
unesc = lambda t: re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[m.group(1)], t)
with open(base + ".tsv", newline="", encoding="utf-8") as f:
    trows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True))
assert trows[0] == COLS, trows[0]
assert len(trows) - 1 == len(want) == raw.count(b"\n") - 1, ("tsv rows", len(trows) - 1, len(want))
for i, (r, w) in enumerate(zip(trows[1:], want)):
    assert len(r) == len(COLS), ("tsv row", i, r)
    for col, field, v in zip(COLS, r, w):
        same(unesc(field), v, ("tsv row", i, col))

# the GeoJSON: a Point per placed event, then per place with coordinates
fc = json.load(open(base + ".geojson", encoding="utf-8"))
assert fc["type"] == "FeatureCollection" and isinstance(fc["features"], list), list(fc)
placed = [w for w in want if w[13] is not None]
places = [n for n in g["nodes"] if isinstance(n.get("id"), str) and n.get("type") == "place"]
located = [n for n in places if coords(n)]
p = fc["properties"]
assert (p["events"], p["placed"], p["unplaced"], p["places"], p["places_unplaced"]) == (
    len(want), len(placed), len(want) - len(placed), len(located), len(places) - len(located)), p
feats = fc["features"]
assert len(feats) == len(placed) + len(located), (len(feats), len(placed), len(located))
for f in feats:
    assert f["type"] == "Feature" and f["geometry"]["type"] == "Point", f
    lon, lat = f["geometry"]["coordinates"]
    assert (lat, lon) == (f["properties"]["lat"], f["properties"]["lon"]), f
for f, w in zip(feats, placed):
    pr = f["properties"]
    assert pr["kind"] == "event" and [pr[c] for c in COLS] == w, (pr, w)
at = {}
for w in placed:
    at[w[10]] = at.get(w[10], 0) + 1
for f, n in zip(feats[len(placed):], located):
    pr = f["properties"]
    want_p = {"kind": "place", "id": n["id"], "label": s(n.get("label")), "type": "place",
              "subtype": s(attr(n, "subtype")), "country": s(attr(n, "country")),
              "weight": n.get("weight", 1), "mentions": len(n.get("mentions") or []),
              "events": at.get(n["id"], 0), "lat": coords(n)[0], "lon": coords(n)[1]}
    assert pr == want_p, (pr, want_p)
    assert f["geometry"]["coordinates"] == [coords(n)[1], coords(n)[0]], f
print("ok", len(want), "events,", len(placed), "placed,", len(located), "places")
open(base + ".counts", "w").write("%d %d %d %d\n" % (len(feats), len(placed), len(located), len(want)))
PY
}

# events_of NAME ARGS...: writes $TMP/NAME.{json,csv,tsv,geojson} with
# nerpipe ARGS (json, then each format), then checks them
events_of() {
    name=$1; shift
    for f in json events events-tsv geojson; do
        case $f in events) ext=csv ;; events-tsv) ext=tsv ;; *) ext=$f ;; esac
        expect_exit 0 "$name --format=$f" -- "$@" --format=$f
        cp "$TMP/out" "$TMP/$name.$ext"
    done
    if check_events "$name"; then pass; else fail "$name: the event data is not the graph's: $(tail -c 1500 "$TMP/check.out")"; fi
}

# ogr_count NAME: GDAL reads NAME.geojson with as many features as the
# graph has points, and gives back the events' coordinates and labels
ogr_count() {
    [ "$HAVE_OGR" -eq 1 ] && [ -f "$TMP/$1.counts" ] || return 0
    read -r feats _ <"$TMP/$1.counts"
    ogrinfo -ro -so -al "$TMP/$1.geojson" >"$TMP/ogr.out" 2>&1
    n=$(sed -n 's/^Feature Count: //p' "$TMP/ogr.out")
    [ "$n" = "$feats" ] && pass || fail "$1: ogrinfo counts '$n' features, want $feats: $(head -c 600 "$TMP/ogr.out")"
    rm -f "$TMP/ogr.csv"
    if ogr2ogr -f CSV "$TMP/ogr.csv" "$TMP/$1.geojson" -lco GEOMETRY=AS_XY 2>"$TMP/ogr.err" &&
        python3 - "$TMP/ogr.csv" "$TMP/$1.geojson" >"$TMP/ogr.out" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
feats = json.load(open(sys.argv[2], encoding="utf-8"))["features"]
assert len(rows) == len(feats), (len(rows), len(feats))
for r, f in zip(rows, feats):
    p = f["properties"]
    assert (float(r["X"]), float(r["Y"])) == tuple(f["geometry"]["coordinates"]), (r, f)
    for k in ("kind", "source_label", "target_label", "place_label", "label", "evidence"):
        assert r.get(k, "") == (p.get(k) or ""), (k, r.get(k), p.get(k))
print("ok", len(rows))
PY
    then pass; else fail "$1: GDAL's reading of the GeoJSON: $(cat "$TMP/ogr.err") $(tail -c 800 "$TMP/ogr.out")"; fi
}

# ---- an article of our own ----
cat >"$TMP/analysts.txt" <<'EOF'
Ministers trade "frank" views, and promises, in Oslo

OSLO, June 12 (Example Wire) – Swedish Foreign Minister Olga Brännström met Sofía Arvelaiz, the Mexican envoy, in Oslo on Tuesday, saying the talks were "long, difficult, but useful".

Brännström and Kenji Amabuchi held talks in Bergen on Wednesday; "we agreed on the wording, the commas and all," Amabuchi said.

Arvelaiz will visit Geneva next week, her office said. Quan Lirong visited Mexico City on Monday.

Pablo Verastegui met Henrik Solvang at the Kvernholt Lodge on Saturday.

Leila Farrouqi met Tariq Selmouni
in Geneva on Friday, a spokesman said.
EOF
events_of analysts "$NERPIPE" --date=2024-06-15 $GAZ "$TMP/analysts.txt"
ogr_count analysts
# what the article must give for the checks to mean something: a row that
# CSV has to quote, a visit placed by its target, an event without
# coordinates (a place the gazetteer does not know), non-ASCII labels
python3 - "$TMP/analysts" >"$TMP/cov" 2>&1 <<'PY' && pass || fail "the test article lacks a case: $(cat "$TMP/cov")"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1] + ".csv", newline="", encoding="utf-8")))
raw = open(sys.argv[1] + ".csv", encoding="utf-8", newline="").read()
assert '""long, difficult, but useful""' in raw, "no doubled quotes"
assert any(r["relation"] == "visited" and r["place"] == r["target"] and r["lat"] for r in rows), "no placed visit"
assert any(r["place"] and not r["lat"] for r in rows), "no place without coordinates"
assert any(r["source_label"] == "Olga Brännström" for r in rows), "no non-ASCII label"
assert json.load(open(sys.argv[1] + ".geojson"))["properties"]["unplaced"] >= 1
PY

# ---- several documents in one graph (evidence names its document) ----
events_of golden "$NERPIPE" --date=2024-06-15 $GAZ "$NP_SRCDIR"/tests/golden/*.txt "$TMP/analysts.txt"
ogr_count golden
python3 -c 'import csv, sys
docs = {r["document"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
assert len(docs) >= 3 and all(d.endswith(".txt") for d in docs), docs' "$TMP/golden.csv" && pass ||
    fail "the rows of several documents do not name theirs"

# ---- a crafted graph of hostile text, with and without cameo, through merge ----
python3 - "$TMP/crafted-in.json" <<'PY'
import json, sys
h = 'a, "q" \'x\'\r\nline\ttab \\ back \u00e9\u754c\U0001F600 \u2028 =1+1'
nodes = [{"id": "person:a", "label": "A " + h, "type": "person", "attributes": {"country": "XX"}},
         {"id": "person:b", "label": "B\rCR only", "type": "person", "country": "NA"},
         {"id": "place:p", "label": "P " + h, "type": "place", "attributes": {"lat": -33.5, "lon": 151, "country": "AU"}},
         {"id": "place:q", "label": "Q", "type": "place"},
         {"id": "place:r", "label": "R", "type": "place", "attributes": {"lat": 12.0, "lon": 200}}]
ev = lambda t: [{"sentence": t, "start": 0, "end": 1, "rule": "r"}]
links = [{"source": "person:a", "target": "person:b", "relation": "met", "place": "place:p", "date": "2024-05",
          "status": "occurred", "cameo": "040", "rule": "met-with", "evidence": ev("S " + h)},
         {"source": "person:a", "target": "person:b", "relation": "called", "place": None, "date": None,
          "status": "planned", "cameo": "041", "rule": "call", "evidence": ev("\"" + h + "\"")},
         {"source": "person:b", "target": "place:p", "relation": "visited", "status": "occurred", "rule": "visit"},
         {"source": "person:b", "target": "place:q", "relation": "visited", "status": "occurred", "cameo": "042"},
         {"source": "person:a", "target": "person:b", "relation": "met", "place": "place:r", "status": "occurred"},
         {"source": "person:a", "target": "place:q", "relation": "holds_role", "title": "t"}]
json.dump({"graph": {"document": {"name": "crafted, \"one\".txt"}}, "nodes": nodes, "links": links},
          open(sys.argv[1], "w"))
PY
events_of crafted "$NERPIPE" merge "$TMP/crafted-in.json"
ogr_count crafted
python3 -c 'import csv, sys
rows = {(r["relation"], r["target"], r["place"]): r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
cameo = {k: r["cameo"] for k, r in rows.items()}
assert cameo == {("met", "person:b", "place:p"): "040", ("called", "person:b", ""): "041",
                 ("visited", "place:p", "place:p"): "", ("visited", "place:q", "place:q"): "042",
                 ("met", "person:b", "place:r"): ""}, cameo
r = rows[("met", "person:b", "place:p")]
assert r["document"] == "crafted, \"one\".txt" and r["source_label"].startswith("A a, \"q\" \x27x\x27\r\nline\ttab \\ back")
assert rows[("visited", "place:p", "place:p")]["lon"] == "151" and rows[("met", "person:b", "place:r")]["lat"] == ""' \
    "$TMP/crafted.csv" && pass ||
    fail "the crafted graph's CAMEO codes, quoting or places: $(head -c 600 "$TMP/crafted.csv")"

# ---- bad use ----
expect_exit 2 "--format=csv" -- "$NERPIPE" --format=csv "$TMP/analysts.txt"
expect_grep "expected json, cytoscape, graphml, gexf, dot, jgf, events, events-tsv or geojson" "$TMP/err" "the format list"
expect_exit 2 "--dot-isolated without --format=dot" -- "$NERPIPE" --dot-isolated "$TMP/analysts.txt"
expect_grep "is for --format=dot" "$TMP/err" "--dot-isolated message"
expect_exit 2 "merge --dot-isolated --format=events" -- "$NERPIPE" merge --dot-isolated --format=events "$TMP/crafted-in.json"
# the documentation names them: --help, merge --help, the man page
"$NERPIPE" --help >"$TMP/help" 2>&1
"$NERPIPE" merge --help >"$TMP/mhelp" 2>&1
sed 's/\\//g' "$NP_SRCDIR/doc/nerpipe.1" >"$TMP/man" # the roff source without its escapes
for f in "$TMP/help" "$TMP/mhelp" "$TMP/man"; do
    for w in events-tsv geojson dot-isolated; do expect_grep "$w" "$f" "the documentation of the formats"; done
done
expect_grep "^\.SH EVENT DATA" "$NP_SRCDIR/doc/nerpipe.1" "the man page's EVENT DATA section"
if [ -w /dev/full ]; then
    for f in events events-tsv geojson; do
        expect_exit 3 "merge --format=$f to a full disk" -- sh -c '"$1" merge --format="$2" "$3" >/dev/full' sh \
            "$NERPIPE" "$f" "$TMP/crafted-in.json"
    done
fi

# ---- DOT: nodes without links, and a drawing of sane size ----
# png_size FILE: "WIDTH HEIGHT" of a PNG
png_size() {
    python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
print(*struct.unpack(">II", d[16:24]))' "$1"
}
# dot_check NAME: NAME.dot (and NAME.json, its graph) draws the linked
# nodes only (with a comment counting the others); NAME-all.dot, with
# --dot-isolated, every node; both render with `dot -Tpng` (the layout
# attribute picks the engine) no larger than 4000 pixels a side and not
# a strip; a graph of more than 50 drawn nodes, or whose nodes without
# links are drawn, has the sfdp hints
dot_check() {
    python3 - "$TMP/$1" >"$TMP/dotcheck" 2>&1 <<'PY' && pass || fail "$1: the DOT's nodes: $(tail -c 800 "$TMP/dotcheck")"
import json, re, sys
b = sys.argv[1]
g = json.load(open(b + ".json", encoding="utf-8"))
ref = lambda v: v.get("id") if isinstance(v, dict) else v
ids = [n["id"] for n in g["nodes"]]
linked = {ref(l[k]) for l in g["links"] for k in ("source", "target")}
nodes_of = lambda t: re.findall(r'^  "((?:[^"\\]|\\.)*)" \[shape=', t, re.M)
dot, full = open(b + ".dot", encoding="utf-8").read(), open(b + "-all.dot", encoding="utf-8").read()
want = [i for i in ids if i in linked]
unq = lambda v: re.sub(r"\\(.)", r"\1", v)
got, got_full = sorted(map(unq, nodes_of(dot))), sorted(map(unq, nodes_of(full)))
assert got == sorted(want), ("drawn", len(got), "linked", len(want))
assert got_full == sorted(ids), ("drawn with --dot-isolated", len(got_full), len(ids))
left = len(ids) - len(want)
note = "  // %d node%s without links left out (--dot-isolated draws them)\n" % (left, "" if left == 1 else "s")
assert (note in dot) == (left > 0) and "left out" not in full, "the comment that counts them"
for text, n, unlinked in ((dot, len(want), 0), (full, len(ids), left)):
    assert ("layout=sfdp" in text) == (n > 50 or unlinked > 0), ("the layout hints for", n, "nodes", unlinked)
print("ok", len(want), "of", len(ids))
PY
    if command -v dot >/dev/null 2>&1; then
        for d in "$1" "$1-all"; do
            if timeout 300 dot -Tpng "$TMP/$d.dot" -o "$TMP/$d.png" 2>"$TMP/doterr"; then
                sz=$(png_size "$TMP/$d.png")
                w=${sz% *} h=${sz#* }
                if [ "$w" -le 4000 ] && [ "$h" -le 4000 ] && [ "$w" -le $((4 * h)) ] && [ "$h" -le $((4 * w)) ]; then pass
                else fail "$d: dot -Tpng drew ${w}x${h} pixels"; fi
                echo "note: $d: dot -Tpng drew ${w}x${h} pixels"
            else
                fail "$d: dot -Tpng: $(head -c 400 "$TMP/doterr")"
            fi
        done
    else
        skip "graphviz is not installed: the DOT of $1 is not rendered"
    fi
}
"$NERPIPE" merge --format=dot "$TMP/golden.json" >"$TMP/gd.dot" 2>"$TMP/err" && cp "$TMP/golden.json" "$TMP/gd.json" &&
    "$NERPIPE" merge --format=dot --dot-isolated "$TMP/golden.json" >"$TMP/gd-all.dot" 2>>"$TMP/err" && pass ||
    fail "merge --format=dot of the golden graph: $(cat "$TMP/err")"
dot_check gd
# nerpipe-batch gives --dot-isolated to its final merge
mkdir -p "$TMP/bdir"
cp "$NP_SRCDIR"/tests/golden/*.txt "$TMP/bdir/"
for j in 1 2; do
    expect_exit 0 "nerpipe-batch -j $j --format=dot --dot-isolated" -- env NERPIPE="$NERPIPE" \
        "$NP_SRCDIR/scripts/nerpipe-batch" -j $j "$TMP/bdir" -- --date=2024-06-15 $GAZ --format=dot --dot-isolated
    expect_no_grep "left out" "$TMP/out" "nerpipe-batch -j $j --dot-isolated"
    expect_grep '^  "place:quito" \[' "$TMP/out" "nerpipe-batch -j $j --dot-isolated draws a node without links"
done
expect_exit 0 "nerpipe-batch --format=dot" -- env NERPIPE="$NERPIPE" \
    "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/bdir" -- --date=2024-06-15 $GAZ --format=dot
expect_grep "^  // [0-9]* nodes without links left out" "$TMP/out" "nerpipe-batch --format=dot"

# ---- the README's "For analysts" blocks, run as written ----
# in a directory with corpus/*.json (the graphs of our own articles) and
# nerpipe on PATH: the sh block (nerpipe merge to the three formats, GDAL's
# ogrinfo and ogr2ogr), then the python block with pandas and the r block
# with Rscript, whose tables must have every row of the event table
mkdir -p "$TMP/readme/corpus" "$TMP/readme/bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$NERPIPE" >"$TMP/readme/bin/nerpipe"
chmod +x "$TMP/readme/bin/nerpipe"
for t in "$NP_SRCDIR"/tests/golden/*.txt "$TMP/analysts.txt"; do
    "$NERPIPE" --date=2024-06-15 $GAZ "$t" >"$TMP/readme/corpus/$(basename "$t" .txt).json" 2>/dev/null ||
        fail "the graph of $t"
done
python3 - "$NP_SRCDIR/README.md" "$TMP/readme" <<'PY' || fail "the README's For analysts section lacks its sh, python or r block"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"^## For analysts\n(.*?)^## ", text, re.S | re.M)
assert m, "no For analysts section"
for lang in ("sh", "python", "r"):
    blocks = re.findall(r"^```%s\n(.*?)^```" % lang, m.group(1), re.S | re.M)
    assert len(blocks) == 1, (lang, len(blocks))
    open("%s/block.%s" % (sys.argv[2], lang), "w", encoding="utf-8").write(blocks[0])
PY
if [ "$HAVE_OGR" -eq 1 ]; then
    if (cd "$TMP/readme" && PATH="$TMP/readme/bin:$PATH" sh -eu block.sh) >"$TMP/readme/sh.out" 2>&1; then pass
    else fail "the README's sh block: $(tail -c 800 "$TMP/readme/sh.out")"; fi
else
    skip "GDAL is not installed (Debian: gdal-bin): the README's sh block does not run"
    (cd "$TMP/readme" && "$NERPIPE" merge --format=events corpus/*.json >events.csv &&
        "$NERPIPE" merge --format=events-tsv corpus/*.json >events.tsv &&
        "$NERPIPE" merge --format=geojson corpus/*.json >events.geojson) || fail "nerpipe merge into the README's files"
fi
# what the block wrote is the event data of the merged graph
"$NERPIPE" merge "$TMP"/readme/corpus/*.json >"$TMP/readme.json" 2>"$TMP/err" || fail "merge of the README's corpus: $(cat "$TMP/err")"
for ext in csv tsv geojson; do cp "$TMP/readme/events.$ext" "$TMP/readme.$ext" 2>/dev/null; done
if check_events readme; then pass; else fail "the README's files are not the graph's events: $(tail -c 1200 "$TMP/check.out")"; fi
NROWS=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' \
    "$TMP/readme.csv" 2>/dev/null)
if [ "$HAVE_OGR" -eq 1 ] && [ -f "$TMP/readme.counts" ]; then
    n=$(ogrinfo -ro -so -al "$TMP/readme/events.gpkg" 2>/dev/null | sed -n 's/^Feature Count: //p')
    read -r feats _ <"$TMP/readme.counts"
    [ "$n" = "$feats" ] && pass || fail "the README's events.gpkg has '$n' features, want $feats"
fi
# and on the crafted graph's table, whose "NA" (Namibia) must stay a
# country code and "040" a CAMEO code
mkdir -p "$TMP/readme-na"
cp "$TMP/crafted.csv" "$TMP/readme-na/events.csv"
cp "$TMP/readme/block.python" "$TMP/readme/block.r" "$TMP/readme-na/"
NA_ROWS=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' \
    "$TMP/crafted.csv" 2>/dev/null)
if [ -n "$PANDAS" ]; then
    for d in readme:"$NROWS" readme-na:"$NA_ROWS"; do
        if (cd "$TMP/${d%:*}" && "$PANDAS" -W error -W ignore::ResourceWarning - "${d#*:}") >"$TMP/py.out" 2>&1 <<'PY'
import os, sys
import pandas as pd
code = open("block.python", encoding="utf-8").read()
ns = {}
exec(compile(code, "README.md python block", "exec"), ns)
ev = ns["events"]
assert isinstance(ev, pd.DataFrame) and len(ev) == int(sys.argv[1]), (type(ev), len(ev), sys.argv[1])
assert list(ev.columns)[:3] == ["date", "source", "source_label"] and len(ev.columns) == 18, list(ev.columns)
assert ev["cameo"].dtype == object and ev["lat"].dtype == float, (ev["cameo"].dtype, ev["lat"].dtype)
assert len(ns["meetings"]) == int((ev["relation"] == "met").sum()) > 0
assert ns["pairs"].sum() == len(ns["meetings"]) and ns["by_month"].sum() == ev["date"].notna().sum() > 0
if os.path.basename(os.getcwd()) == "readme-na":
    assert (ev["target_country"] == "NA").any() and (ev["cameo"] == "040").any(), ev[["target_country", "cameo"]]
    assert ev["cameo"].isna().sum() == 2 and ev["lat"].isna().sum() == 3, ev[["cameo", "lat"]]
print("ok", len(ev), "rows, pandas", pd.__version__)
PY
        then pass; echo "note: the README's pandas block on ${d%:*}: $(cat "$TMP/py.out")"
        else fail "the README's pandas block on ${d%:*}: $(tail -c 1200 "$TMP/py.out")"; fi
    done
else
    skip "pandas is not installed (Debian: python3-pandas): the README's pandas block does not run"
fi
if command -v Rscript >/dev/null 2>&1; then
    for d in readme:"$NROWS" readme-na:"$NA_ROWS"; do
        { cat "$TMP/${d%:*}/block.r"
          printf 'stopifnot(nrow(events) == %s, ncol(events) == 18, is.character(events$cameo), is.numeric(events$lat),\n' "${d#*:}"
          printf '          nrow(meetings) == sum(events$relation == "met"), sum(by_code) == nrow(events))\n'
          [ "${d%:*}" = readme-na ] &&
              printf 'stopifnot(any(events$target_country == "NA", na.rm = TRUE), any(events$cameo == "040", na.rm = TRUE))\n'
          printf 'cat("ok", nrow(events), "rows\\n")\n'
        } >"$TMP/${d%:*}/check.R"
        if (cd "$TMP/${d%:*}" && Rscript check.R) >"$TMP/r.out" 2>&1; then pass
            echo "note: the README's R block on ${d%:*}: $(tail -1 "$TMP/r.out")"
        else fail "the README's R block on ${d%:*}: $(tail -c 800 "$TMP/r.out")"; fi
    done
else
    skip "R is not installed (Rscript): the README's R block does not run (it is optional)"
fi

# ---- every article of ../shared/corpus, merged ----
CORPUS="$NP_SRCDIR/../shared/corpus"
if [ -d "$CORPUS" ]; then
    # under valgrind (make check-valgrind) the first 16 articles
    max=100000
    [ "${NP_SAN_FLAGS:-}" = valgrind ] && max=16
    python3 - "$CORPUS" "$max" "$TMP/corpus.jsonl" <<'PY'
import glob, json, os, re, sys
files = sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.txt")))[: int(sys.argv[2])]
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for f in files:
        rec = {"id": os.path.relpath(f, sys.argv[1]), "text": open(f, encoding="utf-8", errors="replace").read()}
        gold = f[:-4] + ".gold.json"
        try:
            date = json.load(open(gold, encoding="utf-8")).get("published")
        except (OSError, ValueError):
            date = None
        if isinstance(date, str) and re.match(r"\d{4}-\d\d-\d\d", date):
            rec["date"] = date[:10]
        out.write(json.dumps(rec) + "\n")
PY
    expect_exit 0 "nerpipe --jsonl on the corpus" -- "$NERPIPE" --jsonl "$TMP/corpus.jsonl"
    cp "$TMP/out" "$TMP/corpus.lines"
    events_of corpus "$NERPIPE" merge "$TMP/corpus.lines"
    ogr_count corpus
    # merge keeps every place's coordinates (and country) as the article's graph had them
    python3 - "$TMP/corpus.lines" "$TMP/corpus.json" >"$TMP/keep" 2>&1 <<'PY' && pass || fail "merge lost coordinates: $(tail -c 600 "$TMP/keep")"
import json, sys
merged = {n["id"]: n for n in json.load(open(sys.argv[2], encoding="utf-8"))["nodes"]}
seen = 0
for line in open(sys.argv[1], encoding="utf-8"):
    for n in json.loads(line).get("graph", {}).get("nodes", []):
        a = n.get("attributes") or {}
        if "lat" in a:
            m = merged[n["id"]].get("attributes") or {}
            assert (m.get("lat"), m.get("lon"), m.get("country")) == (a["lat"], a["lon"], a.get("country")), n["id"]
            seen += 1
assert seen > 0, "no place with coordinates in the corpus"
print("ok", seen)
PY
    ndocs=$(wc -l <"$TMP/corpus.jsonl")
    python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
docs = {r["document"] for r in rows}
assert len(rows) >= int(sys.argv[2]) and len(docs) >= int(sys.argv[2]) // 2 and "" not in docs, (len(rows), len(docs))' \
        "$TMP/corpus.csv" "$ndocs" && pass || fail "the corpus's event table is too small or names no document"
    expect_exit 0 "merge --format=dot of the corpus" -- "$NERPIPE" merge --format=dot "$TMP/corpus.lines"
    cp "$TMP/out" "$TMP/corpus.dot"
    expect_exit 0 "merge --format=dot --dot-isolated of the corpus" -- "$NERPIPE" merge --format=dot --dot-isolated "$TMP/corpus.lines"
    cp "$TMP/out" "$TMP/corpus-all.dot"
    dot_check corpus
else
    echo "note: $CORPUS not found; the corpus checks are skipped"
fi

finish

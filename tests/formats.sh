#!/bin/sh
# tests/formats.sh: outputs keep their integrity whatever text reaches them.
# DOT labels are cut at a character boundary (CJK, emoji, combining
# accents, flags, ZWJ sequences at every cut position) and Graphviz takes
# them without complaint; GraphML and GEXF read back with networkx exactly
# as the JSON graph says (control characters as the documented \uXXXX,
# markup, ]]>, U+FFFE/U+FFFF, text from a gazetteer, a crafted graph and a
# file name that is not UTF-8); weights are written as the JSON has them;
# scripts/nerpipe-view's page keeps article text (</script>, <!--<script>,
# U+2028) as data in headless Chromium, and the viewer reports input that
# is not a graph in one line, and a missing template with exit status 4;
# --libraries lists what the page holds. A client that is missing is
# skipped with a message (scripts/install-deps --test-clients installs
# them).
. "$NP_SRCDIR/tests/lib.sh"
CLIENTS=${NP_CLIENTS:-${XDG_CACHE_HOME:-$HOME/.cache}/nerpipe-test-clients}/node_modules
VIEW="$NP_SRCDIR/scripts/nerpipe-view"
GAZ="--gazetteer=$NP_SRCDIR/tests/data/gazetteer"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }

# networkx: Debian's python3-networkx (the python3 on PATH may be another)
NXPY=$(python_with networkx)

# ---- DOT: labels cut at a character boundary ----
# One graph with a link per (character, cut position): the relation is
# ASCII padding and then one kind of character, so that the 512-byte limit
# falls at every byte of it in turn.
python3 - "$TMP/cuts.json" <<'PY'
import json, sys
chars = ["\u754c",                      # CJK, 3 bytes
         "\U0001F600",                  # emoji, 4 bytes
         "e\u0301",                     # e and a combining acute accent
         "a\u0308\u0323",               # two combining marks
         "\U0001F44D\U0001F3FD",        # emoji and a skin tone
         "\U0001F469\u200D\U0001F469\u200D\U0001F467",  # a ZWJ family
         "\U0001F1F3\U0001F1F4",        # a flag: two regional indicators
         "\u2764\uFE0F",                # a variation selector
         "\u1100\u1161\u11A8",          # a Hangul syllable as jamo
         "\u00e9"]                      # 2 bytes
nodes = [{"id": "a", "label": "A", "type": "person"}, {"id": "b", "label": "B", "type": "person"}]
links = []
for c in chars:
    w = len(c.encode())
    for pad in range(509 - 2 * w - 2, 510):
        links.append({"source": "a", "target": "b", "relation": "x" * pad + c * 60, "weight": 1})
links.append({"source": "a", "target": "b", "relation": "short \u754c\U0001F600e\u0301", "weight": 1})
json.dump({"graph": {"document": {"name": "cuts"}}, "nodes": nodes, "links": links}, open(sys.argv[1], "w"))

PY
expect_exit 0 "merge --format=dot of long labels" -- "$NERPIPE" merge --format=dot "$TMP/cuts.json"
cp "$TMP/out" "$TMP/cuts.dot"
if python3 - "$TMP/cuts.dot" >"$TMP/cutcheck" 2>&1 <<'PY'
import re, sys, unicodedata
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")  # fails on a cut inside a character
def unq(s):
    return re.sub(r'\\(.)', lambda m: "\n" if m.group(1) == "n" else m.group(1), s)
extend = lambda c: (unicodedata.category(c) in ("Mn", "Me", "Mc") or c in "\u200d\ufe0f"
                    or 0x1F3FB <= ord(c) <= 0x1F3FF or 0x1160 <= ord(c) <= 0x11FF)
ri = lambda c: 0x1F1E6 <= ord(c) <= 0x1F1FF
n = cut = 0
for line in text.splitlines():
    m = re.search(r'\[label="((?:[^"\\]|\\.)*)".*, relation="((?:[^"\\]|\\.)*)"', line)
    if not m:
        continue
    label, rel = unq(m.group(1)), unq(m.group(2))
    n += 1
    if len(rel.encode()) <= 512:
        assert label == rel, (label, rel)
        continue
    cut += 1
    assert label.endswith("\u2026"), label[-5:]
    kept = label[:-1]
    assert len(label.encode()) <= 512, len(label.encode())
    assert rel.startswith(kept), "the label is not a prefix of the relation"
    rest = rel[len(kept):]
    # never inside a user-perceived character
    assert not extend(rest[0]) and not kept.endswith("\u200d"), ascii(kept[-3:] + "|" + rest[:3])
    tail = len(kept) - len(kept.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
    assert tail % 2 == 0, "a flag cut in half"
    # and the next character would not have fitted
    body = rel.lstrip("x")
    c = body[:len(body) // 60]
    nxt = c if rest.startswith(c) else rest[0]
    assert len(kept.encode()) + len(nxt.encode()) > 509, (len(kept.encode()), ascii(nxt))
print("ok", n, "labels,", cut, "cut")
PY
then pass; else fail "DOT labels: $(tail -3 "$TMP/cutcheck")"; fi
if command -v dot >/dev/null 2>&1; then
    if dot -Tsvg "$TMP/cuts.dot" >"$TMP/cuts.svg" 2>"$TMP/doterr" && ! grep -qi "utf\|invalid\|warning" "$TMP/doterr"
    then pass; else fail "dot -Tsvg on cut labels: $(head -3 "$TMP/doterr")"; fi
    python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$TMP/cuts.svg" 2>"$TMP/svgerr" && pass ||
        fail "dot's SVG is not UTF-8: $(tail -1 "$TMP/svgerr")"
else
    skip "graphviz is not installed"
fi

# ---- GraphML and GEXF read back as the JSON says ----
# readback JSON GRAPHML GEXF: networkx reads both as written (GEXF
# 1.2draft, which networkx 2.8 and Gephi read) and every id and attribute
# equals the JSON's, with the characters XML cannot hold as \uXXXX.
readback() {
    "$NXPY" - "$1" "$2" "$3" <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
import networkx as nx
root = ET.parse(sys.argv[3]).getroot()
XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
assert (root.tag, root.get("version"), root.get(XSI)) == (
    "{http://www.gexf.net/1.2draft}gexf", "1.2",
    "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"), ("gexf header", root.tag, root.attrib)
g = json.load(open(sys.argv[1], encoding="utf-8"))
def xml(s):  # the documented mapping
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", lambda m: "\\u%04X" % ord(m.group()), s)
def attr(n, k):
    v = n.get(k)
    return v if v is not None else (n.get("attributes") or {}).get(k)
def ref(v):
    return v.get("id") if isinstance(v, dict) else v
labels = {n["id"]: n.get("label") for n in g["nodes"]}
want_nodes = {}
for n in g["nodes"]:
    d = {k: xml(attr(n, k)) for k in ("label", "type", "subtype", "role", "country") if isinstance(attr(n, k), str)}
    d["weight"] = float(n.get("weight", 1))
    d["mentions"] = len(n.get("mentions", []))
    want_nodes[xml(n["id"])] = d
want_links = {}
for i, l in enumerate(g["links"]):
    d = {k: xml(l[k]) for k in ("relation", "date", "status", "title", "rule", "place_from", "date_from", "cameo") if isinstance(l.get(k), str)}
    if ref(l.get("place")):
        d["place"] = xml(ref(l["place"]))
        d["place_label"] = xml(labels.get(ref(l["place"])) or ref(l["place"]))
    d["weight"] = float(l.get("weight", 1))
    d["evidence"] = len(l.get("evidence", []))
    want_links[str(i)] = (xml(ref(l["source"])), xml(ref(l["target"])), d)
assert len(want_nodes) == len(g["nodes"]), "two node ids map to one"

h = nx.read_graphml(sys.argv[2], force_multigraph=True)
got = {v: dict(d) for v, d in h.nodes(data=True)}
assert got == want_nodes, ("graphml nodes", [(k, got.get(k), want_nodes[k]) for k in want_nodes if got.get(k) != want_nodes[k]][:2], set(got) ^ set(want_nodes))
for s, t, k, d in h.edges(keys=True, data=True):
    ws, wt, wd = want_links[k[1:]]
    assert {s, t} == {ws, wt} and dict(d) == wd, ("graphml edge", k, s, t, d, wd)
assert h.number_of_edges() == len(want_links)

x = nx.read_gexf(sys.argv[3])
got = {v: dict(d) for v, d in x.nodes(data=True)}
assert got == want_nodes, ("gexf nodes", [(k, got.get(k), want_nodes[k]) for k in want_nodes if got.get(k) != want_nodes[k]][:2], set(got) ^ set(want_nodes))
edges = list(x.edges(data=True, keys=True)) if x.is_multigraph() else [(s, t, None, d) for s, t, d in x.edges(data=True)]
for s, t, _, d in edges:
    d = dict(d)
    ws, wt, wd = want_links[d.pop("id")]
    assert d.pop("label") == wd.get("relation", ""), d
    assert {s, t} == {ws, wt} and d == wd, ("gexf edge", s, t, d, wd)
assert len(edges) == len(want_links)
print("ok", len(want_nodes), "nodes", len(want_links), "links")
PY
}

# text from a gazetteer: control characters, markup, ]]>, noncharacters,
# tab/CR/LF and U+2028 in a subtype, & and an apostrophe in names
mkdir -p "$TMP/gaz"
cat >"$TMP/gaz/hostile.yaml" <<'EOF'
# a test gazetteer of names and subtypes that XML has to escape
defaults:
  type: person
entries:
  - id: person:test-odile-varnhagen
    name: Odile Varnhagen
    subtype: "envoy\x01\x02\x08\x0b\x0c\x1b\x1f\x7f & <b> \"q\" 'a' ]]> ]]]]>> \uFFFE\uFFFF \t tab\r\nCRLF\rCR\u2028 \U0001F600 end"
    country: FR
  - id: person:test-liam-o-rourke
    name: Liam O'Rourke
    subtype: "\x1f"
  - id: org:test-kessler-partners
    type: organization
    name: "Kessler & Partners"
    subtype: "law <firm> ]]>\x03 <![CDATA[x]]> <!-- c --> &amp;"
EOF
printf 'Odile Varnhagen met Arvid Kellmark in Oslo on Friday. Liam O'"'"'Rourke met Mira Tolvanger in Bergen on Monday. Kessler & Partners advised them.\n' >"$TMP/hostile.txt"
for f in json graphml gexf; do
    expect_exit 0 "gazetteer text --format=$f" -- "$NERPIPE" --date=2024-06-15 $GAZ "--gazetteer=$TMP/gaz" --format=$f "$TMP/hostile.txt"
    cp "$TMP/out" "$TMP/hostile.$f"
done
grep -q 'envoy\\u0001' "$TMP/hostile.graphml" && grep -q 'Kessler &amp; Partners' "$TMP/hostile.graphml" && pass ||
    fail "the gazetteer text did not reach the GraphML: $(grep -c subtype "$TMP/hostile.graphml")"

# a crafted graph through nerpipe merge: control characters in ids (which
# no gazetteer allows), in every attribute, and ids that differ only in them
python3 - "$TMP/crafted-in.json" <<'PY'
import json, sys
c0 = "".join(chr(c) for c in range(1, 32))
hostile = "x" + c0 + "\x7f & < > \" ' ]]> \ufffe \uffff \u2028 \u2029 \U0001F600 \\u0001"
nodes = [{"id": "person:a" + c0, "label": "A" + hostile, "type": "person", "role": "r" + hostile,
          "country": "C\x01", "weight": 3, "mentions": [{"start": 0, "end": 1, "text": "A"}]},
         {"id": "person:a", "label": "plain", "type": "person", "weight": 1},
         {"id": "person:a\x01", "label": "one control", "type": "person", "weight": 1},
         {"id": "place:p]]>&<\"'", "label": "P" + hostile, "type": "place", "weight": 1,
          "attributes": {"subtype": "city" + hostile}}]
links = [{"source": "person:a" + c0, "target": "person:a", "relation": "met" + hostile, "place": "place:p]]>&<\"'",
          "date": "2024" + hostile, "status": "planned\r\n", "title": "t" + hostile, "rule": "rule\x1b",
          "weight": 2, "evidence": [{"sentence": "s" + hostile, "start": 0, "end": 1}]},
         {"source": "person:a\x01", "target": "person:a", "relation": "visited", "weight": 1}]
json.dump({"graph": {"document": {"name": "crafted"}}, "nodes": nodes, "links": links}, open(sys.argv[1], "w"))
PY
for f in json graphml gexf; do
    expect_exit 0 "crafted graph merge --format=$f" -- "$NERPIPE" merge --format=$f "$TMP/crafted-in.json"
    cp "$TMP/out" "$TMP/crafted.$f"
done

# a document whose file name is not UTF-8 (an encoded surrogate) and holds
# control characters and markup: the JSON stays JSON, the other formats
# are written at all
BADNAME="$TMP/$(printf 'doc\355\240\200\001<!--<script>]]>.txt')"
cp "$TMP/hostile.txt" "$BADNAME"
expect_exit 0 "a file name that is not UTF-8" -- "$NERPIPE" --date=2024-06-15 $GAZ "$BADNAME"
json_ok "$TMP/out" "the graph of a file name that is not UTF-8"
grep -qF "$(printf 'doc\357\277\275\357\277\275\357\277\275\\u0001<!--<script>]]>.txt')" "$TMP/out" && pass ||
    fail "the file name is not in the graph with U+FFFD for its bad bytes: $(head -c 300 "$TMP/out")"
cp "$TMP/out" "$TMP/badname.json"
for f in graphml gexf; do
    expect_exit 0 "a file name that is not UTF-8, --format=$f" -- "$NERPIPE" --date=2024-06-15 $GAZ --format=$f "$BADNAME"
    cp "$TMP/out" "$TMP/badname.$f"
    expect_grep '<node id="person:test-arvid-kellmark">\|<node id="person:test-arvid-kellmark" ' "$TMP/badname.$f" \
        "a file name that is not UTF-8: the $f has the nodes"
done

if [ -n "$NXPY" ]; then
    for t in hostile crafted badname; do
        if readback "$TMP/$t.json" "$TMP/$t.graphml" "$TMP/$t.gexf" >"$TMP/nx.out" 2>&1; then pass
        else fail "networkx read-back of the $t graph: $(tail -c 1500 "$TMP/nx.out")"; fi
    done
else
    skip "networkx is not installed (Debian: python3-networkx)"
    for t in hostile crafted badname; do
        python3 -c 'import xml.dom.minidom, sys; [xml.dom.minidom.parse(f) for f in sys.argv[1:]]' \
            "$TMP/$t.graphml" "$TMP/$t.gexf" 2>"$TMP/xml" && pass || fail "$t: XML: $(tail -1 "$TMP/xml")"
    done
fi

# ---- weights: the number the JSON holds, in every format ----
# (through nerpipe merge, whose sums are exact below 2^53)
python3 - "$TMP/weights-in.json" <<'PY'
import json, sys
ws = [1234567, -2.5, 0.1, 1e-7, 123456789.125, 4503599627370497, 1e18, 0]
nodes = [{"id": f"n{i}", "label": f"N{i}", "type": "person", "weight": w} for i, w in enumerate(ws)]
links = [{"source": "n0", "target": f"n{i}", "relation": f"r{i}", "weight": w} for i, w in enumerate(ws)]
json.dump({"graph": {"document": {"name": "w"}}, "nodes": nodes, "links": links}, open(sys.argv[1], "w"))
PY
for f in json graphml gexf dot cytoscape jgf; do
    expect_exit 0 "weights merge --format=$f" -- "$NERPIPE" merge --format=$f "$TMP/weights-in.json"
    cp "$TMP/out" "$TMP/w.$f"
done
if python3 - "$TMP" >"$TMP/wcheck" 2>&1 <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
d = sys.argv[1]
g = json.load(open(f"{d}/w.json"))
want_n = {n["id"]: n["weight"] for n in g["nodes"]}
want_l = {l["relation"]: l["weight"] for l in g["links"]}
def same(text, w):  # the text reads back as the JSON's number, exactly
    return (int(text) == w) if isinstance(w, int) and re.fullmatch(r"-?\d+", text) else float(text) == w
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(f"{d}/w.graphml").getroot()
for n in root.iter("{%s}node" % ns["g"]):
    t = n.find("g:data[@key='n_weight']", ns).text
    assert same(t, want_n[n.get("id")]), ("graphml", n.get("id"), t, want_n[n.get("id")])
for e in root.iter("{%s}edge" % ns["g"]):
    r = e.find("g:data[@key='e_relation']", ns).text
    t = e.find("g:data[@key='e_weight']", ns).text
    assert same(t, want_l[r]), ("graphml edge", r, t, want_l[r])
gx = {"x": "http://www.gexf.net/1.2draft"}
root = ET.parse(f"{d}/w.gexf").getroot()
assert len(list(root.iter("{%s}node" % gx["x"]))) == len(want_n), ("gexf nodes", root.tag)
assert len(list(root.iter("{%s}edge" % gx["x"]))) == len(want_l), ("gexf edges", root.tag)
for n in root.iter("{%s}node" % gx["x"]):
    t = n.find("x:attvalues/x:attvalue[@for='5']", gx).get("value")
    assert same(t, want_n[n.get("id")]), ("gexf", n.get("id"), t)
for e in root.iter("{%s}edge" % gx["x"]):
    assert same(e.get("weight"), want_l[e.get("label")]), ("gexf edge", e.get("label"), e.get("weight"))
    assert same(e.find("x:attvalues/x:attvalue[@for='7']", gx).get("value"), want_l[e.get("label")])
for line in open(f"{d}/w.dot", encoding="utf-8"):
    m = re.search(r'^  "(n\d+)" \[.*, weight="([^"]*)"', line)
    if m:
        assert same(m.group(2), want_n[m.group(1)]), ("dot", m.groups())
    m = re.search(r'relation="(r\d+)".*np_weight="([^"]*)"', line)
    if m:
        assert same(m.group(2), want_l[m.group(1)]), ("dot edge", m.groups())
cy = json.load(open(f"{d}/w.cytoscape"))
for el in cy["elements"]["nodes"]:
    assert el["data"]["weight"] == want_n[el["data"]["id"]], ("cytoscape", el["data"])
for el in cy["elements"]["edges"]:
    assert el["data"]["weight"] == want_l[el["data"]["relation"]], ("cytoscape edge", el["data"])
jgf = json.load(open(f"{d}/w.jgf"))["graph"]
for k, v in jgf["nodes"].items():
    assert v["metadata"]["weight"] == want_n[k], ("jgf", k, v)
for e in jgf["edges"]:
    assert e["metadata"]["weight"] == want_l[e["relation"]], ("jgf edge", e)
print("ok")
PY
then pass; else fail "weights: $(tail -3 "$TMP/wcheck")"; fi

# ---- nerpipe-view: input that is not a graph, in one line ----
# a cache with every library nerpipe-view puts in its page, empty (the
# world's outlines an empty JSON object): nothing to install
for f in $(sh "$VIEW" --libraries | cut -d' ' -f2); do
    mkdir -p "$(dirname "$TMP/fakeview/node_modules/$f")"
    case $f in *.json) echo '{}' ;; *) : ;; esac >"$TMP/fakeview/node_modules/$f"
done
# view_rejects DESCRIPTION CONTENT: nerpipe-view exits 1 with one line
view_rejects() {
    printf '%s' "$2" >"$TMP/bad.json"
    NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP/bad.json" >"$TMP/vout" 2>"$TMP/verr"
    got=$?
    if [ "$got" -eq 1 ] && [ "$(wc -l <"$TMP/verr")" -eq 1 ] &&
        grep -q "^nerpipe-view: $TMP/bad.json: not a nerpipe graph: " "$TMP/verr" && [ ! -s "$TMP/vout" ]
    then pass; else fail "nerpipe-view, $1: exit $got, want 1 and one line: $(head -c 400 "$TMP/verr")"; fi
}
view_rejects "empty input" ""
view_rejects "blank input" "  
"
view_rejects "not JSON" "<html>not json</html>"
view_rejects "truncated JSON" '{"nodes": [{"id": "a"'
view_rejects "a JSON array" '[1, 2]'
view_rejects "a JSON string" '"nodes"'
view_rejects "null" 'null'
view_rejects "no nodes" '{"links": []}'
view_rejects "nodes not a list" '{"nodes": {"a": 1}, "links": []}'
view_rejects "a node without an id" '{"nodes": [{"label": "A"}], "links": []}'
view_rejects "a node that is a number" '{"nodes": [3], "links": []}'
view_rejects "links not a list" '{"nodes": [], "links": "x"}'
view_rejects "a link that is a string" '{"nodes": [], "links": ["a-b"]}'
view_rejects "NaN" '{"nodes": [{"id": "a", "weight": NaN}], "links": []}'
view_rejects "a number out of range" '{"nodes": [{"id": "a", "weight": 1e999}], "links": []}'
view_rejects "not UTF-8" "$(printf '{"nodes": [{"id": "\377"}]}')"
view_rejects "two nodes with one id" '{"nodes": [{"id": "a"}, {"id": "a"}], "links": []}'
python3 -c 'import sys; sys.stdout.write("[" * 100000)' >"$TMP/deep.json"
view_rejects "nested 100000 deep" "$(cat "$TMP/deep.json")"
# odd but valid graphs are drawn, not refused
printf '%s' '{"nodes": [{"id": "a", "label": 7, "mentions": [1, {"text": 2}]}, {"id": "b"}],
 "links": [{"source": {"id": "a"}, "target": "b", "place": {"id": "a"}, "evidence": "x"}], "graph": 5}' >"$TMP/odd.json"
expect_exit 0 "nerpipe-view of an odd graph" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP/odd.json"
expect_exit 1 "nerpipe-view of a missing file" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP/no-such.json"
expect_grep "^nerpipe-view: $TMP/no-such.json: cannot read: No such file or directory$" "$TMP/err" "missing file message"
expect_exit 1 "nerpipe-view of a directory" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP"
expect_no_grep "Traceback" "$TMP/err" "nerpipe-view of a directory"
if [ "$(id -u)" -ne 0 ]; then
    printf '{"nodes": []}' >"$TMP/locked.json" && chmod 000 "$TMP/locked.json"
    expect_exit 1 "nerpipe-view of an unreadable file" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP/locked.json"
    expect_grep "cannot read: Permission denied" "$TMP/err" "unreadable file message"
fi
expect_exit 1 "nerpipe-view of empty standard input" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" </dev/null
expect_grep "^nerpipe-view: standard input: not a nerpipe graph: the input is empty$" "$TMP/err" "empty stdin message"
expect_exit 2 "nerpipe-view with two graphs" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP/odd.json" "$TMP/odd.json"
expect_exit 2 "nerpipe-view --bogus" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" --bogus
expect_exit 0 "nerpipe-view --help" -- env NERPIPE_VIEW_CACHE="$TMP/no-cache" sh "$VIEW" --help
expect_grep "Exit status" "$TMP/out" "nerpipe-view --help"
# --libraries: one "PACKAGE@VERSIONS FILE" a line, FILE in PACKAGE, and
# nothing installed for it
expect_exit 0 "nerpipe-view --libraries" -- env NERPIPE_VIEW_CACHE="$TMP/no-cache" sh "$VIEW" --libraries
if [ -s "$TMP/out" ] && [ ! -e "$TMP/no-cache" ] &&
    awk '{ split($1, p, "@"); if (NF != 2 || p[2] == "" || index($2, p[1] "/") != 1) bad = 1 } END { exit bad }' "$TMP/out" &&
    grep -q ' cytoscape/' "$TMP/out" && grep -q ' world-atlas/.*\.json$' "$TMP/out"
then pass; else fail "nerpipe-view --libraries: $(head -c 300 "$TMP/out")"; fi
# a copy of the script without its template beside it: exit 4, one line
mkdir -p "$TMP/lone"
cp "$VIEW" "$TMP/lone/nerpipe-view"
expect_exit 4 "nerpipe-view without its template" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$TMP/lone/nerpipe-view" "$TMP/odd.json"
expect_grep "^nerpipe-view: the page's template $TMP/lone/nerpipe-view.html is missing$" "$TMP/err" "the missing template"
if [ -w /dev/full ]; then
    expect_exit 3 "nerpipe-view to a full disk" -- sh -c 'NERPIPE_VIEW_CACHE="$1" sh "$2" "$3" >/dev/full' sh \
        "$TMP/fakeview" "$VIEW" "$TMP/odd.json"
    expect_no_grep "Traceback" "$TMP/err" "nerpipe-view to a full disk"
fi

# ---- nerpipe-view: article text stays data in the page ----
# An article of our own whose quotes hold what could end a <script>, open
# a comment that swallows the page, or run code; the injected code would
# mark <body> with data-injected or change the title.
{
    printf 'Leaders meet in Oslo\n\n'
    printf 'Arvid Kellmark met Mira Tolvanger in Oslo on Friday, and Kellmark told reporters "</script><script>document.body.setAttribute('"'"'data-injected'"'"','"'"'1'"'"');document.title='"'"'INJECTED'"'"'</script> <!--<script> ]]> <img src=x onerror=document.body.setAttribute('"'"'data-injected'"'"','"'"'2'"'"')> and a\342\200\250b".\n\n'
    printf 'Later, Governor Wendell Harrowgate met Arvid Kellmark in Bergen, saying "<!--<script>" twice and \342\200\251 once.\n'
} >"$TMP/inject.txt"
expect_exit 0 "the injection article" -- "$NERPIPE" --date=2024-06-15 $GAZ "$TMP/inject.txt"
cp "$TMP/out" "$TMP/inject.json"
INODES=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["nodes"]))' "$TMP/inject.json")
python3 -c 'import json,sys
g = json.load(open(sys.argv[1]))
ev = " ".join(e["sentence"] for l in g["links"] for e in l["evidence"])
assert "</script>" in ev and "<!--<script>" in ev and "\u2028" in ev, ev
assert any(n["id"] == "person:wendell-harrowgate" for n in g["nodes"])' "$TMP/inject.json" && pass ||
    fail "the injection article's graph lacks the hostile text or the name found without a gazetteer"
expect_exit 0 "nerpipe-view of the injection article" -- env NERPIPE_VIEW_CACHE="$TMP/fakeview" sh "$VIEW" "$TMP/inject.json"
cp "$TMP/out" "$TMP/inject-fake.html"
# the page's data, read as the page reads it, is the graph's text unchanged
if python3 - "$TMP/inject-fake.html" "$TMP/inject.json" >"$TMP/embed" 2>&1 <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
g = json.load(open(sys.argv[2]))
m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
assert m, "no graph-data element"
data = m.group(1)
for bad in ("<", ">", "&", "\u2028", "\u2029"):
    assert bad not in data, f"{bad!r} left in the embedded data"
els = json.loads(data)
ev = sorted(e["sentence"] for l in els["links"] for e in l["evidence"])
assert ev == sorted(e["sentence"] for l in g["links"] for e in l["evidence"]), "evidence changed"
assert sorted(n["label"] for n in els["nodes"]) == sorted(n["label"] for n in g["nodes"]), "labels changed"
mentions = sorted(t for n in els["nodes"] for t, c, d in n["mentions"] for _ in range(c))
assert mentions == sorted(m["text"] for n in g["nodes"] for m in n["mentions"]), "mentions changed"
# the page's own four: the graph, the world's outlines, the libraries, the page's code
assert page.count("<script") == 4 and page.count("</script>") == 4, (page.count("<script"), page.count("</script>"))
w = re.search(r'<script type="application/json" id="world-data">(.*?)</script>', page, re.S)
assert w and json.loads(w.group(1)) == {}, "the world's outlines"
print("ok")
PY
then pass; else fail "the embedded graph: $(tail -3 "$TMP/embed")"; fi

CHROME=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROME=$c; break; fi
done
# the npm packages of the page's libraries, all in the test clients
VIEWLIBS=$(sh "$VIEW" --libraries | cut -d' ' -f2 | cut -d/ -f1 | sort -u)
VIEWLIBS_OK=1
for p in $VIEWLIBS; do [ -d "$CLIENTS/$p" ] || VIEWLIBS_OK=; done
if [ -n "$CHROME" ] && [ -n "$VIEWLIBS_OK" ]; then
    mkdir -p "$TMP/view/node_modules" "$TMP/chrome-profile"
    for p in $VIEWLIBS; do ln -s "$CLIENTS/$p" "$TMP/view/node_modules/$p"; done
    expect_exit 0 "nerpipe-view with its libraries" -- env NERPIPE_VIEW_CACHE="$TMP/view" sh "$VIEW" "$TMP/inject.json"
    cp "$TMP/out" "$TMP/inject.html"
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$TMP/chrome-profile" --virtual-time-budget=60000 \
        --dump-dom "file://$TMP/inject.html" >"$TMP/dom.html" 2>"$TMP/chrome.err"
    if grep -q "data-nodes=\"$INODES\"" "$TMP/dom.html" && grep -q '<canvas' "$TMP/dom.html"; then pass
    else fail "the page did not draw the $INODES nodes: $(grep -o '<div id="cy"[^>]*>' "$TMP/dom.html") $(tail -3 "$TMP/chrome.err")"; fi
    expect_no_grep 'data-injected="' "$TMP/dom.html" "the article's script or onerror ran"
    expect_no_grep "<title>INJECTED" "$TMP/dom.html" "the article's script set the title"
    expect_grep "<title>nerpipe graph: " "$TMP/dom.html" "the page's title"
    expect_grep '<body[^>]* data-ready="1"' "$TMP/dom.html" "the page became interactive"
    expect_no_grep 'data-error=' "$TMP/dom.html" "the page had an error"
else
    skip "chromium or an npm package of nerpipe-view's libraries is missing (scripts/install-test-clients)"
fi

finish

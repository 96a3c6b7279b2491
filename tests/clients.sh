#!/bin/sh
# tests/clients.sh: every output format read by the real tool it is for:
# networkx reads the default JSON (node_link_graph) and the GraphML with the
# same node and link counts, and the README's networkx lines run as written;
# Graphviz's dot renders the DOT; Cytoscape.js (npm) loads the Cytoscape
# JSON in node; ajv (npm) validates the JSON Graph Format output; headless
# Chromium renders scripts/nerpipe-view's page with every node loaded and
# the linked ones shown. A
# client that is not installed is skipped with a message
# (scripts/install-deps --test-clients installs them all).
. "$NP_SRCDIR/tests/lib.sh"
CLIENTS=${NP_CLIENTS:-${XDG_CACHE_HOME:-$HOME/.cache}/nerpipe-test-clients}/node_modules
RAN=0

# a graph with everything: the example, our test article, and hostile text
cat "$NP_SRCDIR/examples/article.txt" "$NP_SRCDIR/tests/golden/summit.txt" >"$TMP/in.txt"
printf '\n\nThe "Quoted" <b>&amp;</b> \\ backslash; Arvid Kellmark met Mira Tolvanger in Oslo on Friday.\n' >>"$TMP/in.txt"
ARGS="--date=2024-06-15 --gazetteer=$NP_SRCDIR/tests/data/gazetteer"
# shellcheck disable=SC2086
for f in json graphml dot cytoscape jgf gexf; do
    expect_exit 0 "--format=$f" -- "$NERPIPE" $ARGS --format=$f "$TMP/in.txt"
    cp "$TMP/out" "$TMP/g.$f"
done
NODES=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["nodes"]))' "$TMP/g.json")
LINKS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["links"]))' "$TMP/g.json")
[ "$NODES" -gt 5 ] && [ "$LINKS" -gt 3 ] && pass || fail "the test graph is too small: $NODES nodes, $LINKS links"

# networkx (Debian's python3-networkx; the system python may differ from the user's)
PY=$(python_with networkx)
if [ -n "$PY" ]; then
    RAN=1
    if "$PY" - "$TMP/g.json" "$TMP/g.graphml" "$NODES" "$LINKS" >"$TMP/nx" 2>&1 <<'PY'
import json, sys
import networkx as nx
data = json.load(open(sys.argv[1]))
try:
    g = nx.node_link_graph(data, edges="links")
except TypeError:
    g = nx.node_link_graph(data)
h = nx.read_graphml(sys.argv[2])
want = (int(sys.argv[3]), int(sys.argv[4]))
got = [(g.number_of_nodes(), g.number_of_edges()), (h.number_of_nodes(), h.number_of_edges())]
assert got == [want, want], f"node and link counts {got}, want {want}"
e = next(iter(h.edges(data=True)))[2]
assert "relation" in e and "evidence" in e, e
print("ok", got)
PY
    then pass; else fail "networkx: $(cat "$TMP/nx")"; fi
else
    skip "networkx is not installed (Debian: python3-networkx)"
fi

# the README's networkx lines, run as written (warnings other than an
# unclosed file are errors, so a deprecated keyword fails) on this
# graph: every ```python block that uses networkx, and every inline
# `networkx.…` call, with the files named g.json, g.graphml and g.gexf
if [ -n "$PY" ]; then
    mkdir -p "$TMP/readme"
    cp "$TMP/g.json" "$TMP/g.graphml" "$TMP/g.gexf" "$TMP/readme/"
    if (cd "$TMP/readme" && "$PY" -W error -W ignore::ResourceWarning - "$NP_SRCDIR/README.md" "$NODES" "$LINKS") >"$TMP/readme.out" 2>&1 <<'PY'
import json, re, sys
import networkx as nx
readme = open(sys.argv[1], encoding="utf-8").read()
want = (int(sys.argv[2]), int(sys.argv[3]))
blocks = [b for b in re.findall(r"^```python\n(.*?)^```", readme, re.S | re.M) if "networkx" in b]
spans = re.findall(r"`(networkx\.\w+\([^`]*\))`", readme)
assert blocks, "the README has no python block that uses networkx"
def counts(v):
    return (v.number_of_nodes(), v.number_of_edges())
called = set()
for code in blocks:
    ns = {}
    exec(compile(code, "README.md python block", "exec"), ns)
    graphs = {k: counts(v) for k, v in ns.items() if isinstance(v, nx.Graph)}
    assert graphs and all(c == want for c in graphs.values()), ("block", graphs, "want", want, code)
    called |= set(re.findall(r"\b(?:nx|networkx)\.(\w+)\(", code))
for span in spans:
    v = eval(span, {"networkx": nx, "data": json.load(open("g.json", encoding="utf-8"))})
    assert isinstance(v, nx.Graph) and counts(v) == want, (span, v, want)
    called.add(re.match(r"networkx\.(\w+)", span).group(1))
missing = {"node_link_graph", "read_graphml", "read_gexf"} - called
assert not missing, f"the README never shows {missing}"
print("ok", len(blocks), "blocks", len(spans), "inline calls, networkx", nx.__version__)
PY
    then pass; else fail "the README's networkx lines: $(tail -c 1500 "$TMP/readme.out")"; fi
fi

# Graphviz
if command -v dot >/dev/null 2>&1; then
    RAN=1
    if dot -Tsvg "$TMP/g.dot" >"$TMP/g.svg" 2>"$TMP/doterr" && grep -q "<svg" "$TMP/g.svg"; then pass
    else fail "dot -Tsvg: $(cat "$TMP/doterr")"; fi
    # the nodes that have a link (DOT leaves the others out unless --dot-isolated)
    LINKED=$(python3 -c 'import json,sys
g = json.load(open(sys.argv[1]))
print(len({n["id"] for n in g["nodes"]} & {l[k] for l in g["links"] for k in ("source", "target")}))' "$TMP/g.json")
    n=$(grep -c 'class="node"' "$TMP/g.svg")
    [ "$n" -eq "$LINKED" ] && [ "$LINKED" -lt "$NODES" ] && pass || fail "dot drew $n nodes, want the $LINKED of $NODES that have links"
    expect_exit 0 "--format=dot --dot-isolated" -- "$NERPIPE" $ARGS --format=dot --dot-isolated "$TMP/in.txt"
    dot -Tsvg "$TMP/out" >"$TMP/gi.svg" 2>"$TMP/doterr" || fail "dot -Tsvg with --dot-isolated: $(cat "$TMP/doterr")"
    n=$(grep -c 'class="node"' "$TMP/gi.svg")
    [ "$n" -eq "$NODES" ] && pass || fail "dot drew $n nodes with --dot-isolated, want $NODES"
else
    skip "graphviz is not installed"
fi

# Cytoscape.js in node
if command -v node >/dev/null 2>&1 && [ -d "$CLIENTS/cytoscape" ]; then
    RAN=1
    if NODE_PATH="$CLIENTS" node -e '
        const cytoscape = require("cytoscape");
        const data = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const cy = cytoscape({headless: true, elements: data.elements});
        const n = cy.nodes().length, e = cy.edges().length;
        if (n !== +process.argv[2] || e !== +process.argv[3]) { console.error("counts", n, e); process.exit(1); }
        cy.json(data);
        console.log("ok", n, e);' "$TMP/g.cytoscape" "$NODES" "$LINKS" >"$TMP/cy" 2>&1
    then pass; else fail "cytoscape: $(cat "$TMP/cy")"; fi
else
    skip "node or the npm package cytoscape is missing (scripts/install-test-clients)"
fi

# JSON Graph Format against its schema, with ajv
SCHEMA=${NP_JGF_SCHEMA:-$NP_SRCDIR/tests/data/jgf-v2.schema.json}
if command -v node >/dev/null 2>&1 && [ -d "$CLIENTS/ajv" ]; then
    RAN=1
    if NODE_PATH="$CLIENTS" node -e '
        const Ajv = require("ajv");
        const fs = require("fs");
        const schema = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        delete schema["$schema"];
        const ajv = new Ajv({allErrors: true, strict: false});
        const validate = ajv.compile(schema);
        const g = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
        if (!validate(g)) { console.error(JSON.stringify(validate.errors).slice(0, 500)); process.exit(1); }
        const ids = new Set(Object.keys(g.graph.nodes));
        for (const e of g.graph.edges) if (!ids.has(e.source) || !ids.has(e.target)) { console.error("dangling", e); process.exit(1); }
        console.log("ok");' "$SCHEMA" "$TMP/g.jgf" >"$TMP/ajv" 2>&1
    then pass; else fail "JGF schema: $(cat "$TMP/ajv")"; fi
else
    skip "node or the npm package ajv is missing (scripts/install-test-clients)"
fi

# GEXF and GraphML are well-formed XML whatever the text held
if python3 -c 'import xml.dom.minidom, sys; [xml.dom.minidom.parse(f) for f in sys.argv[1:]]' "$TMP/g.gexf" "$TMP/g.graphml" 2>"$TMP/xml"
then pass; else fail "XML: $(cat "$TMP/xml")"; fi

# the viewer page in headless Chromium (tests/viewer.sh uses it as a
# person would): every node is in the graph, the linked ones shown
CHROME=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROME=$c; break; fi
done
VIEWLIBS=$(sh "$NP_SRCDIR/scripts/nerpipe-view" --libraries | cut -d' ' -f2 | cut -d/ -f1 | sort -u)
VIEWLIBS_OK=1
for p in $VIEWLIBS; do [ -d "$CLIENTS/$p" ] || VIEWLIBS_OK=; done
if [ -n "$CHROME" ] && [ -n "$VIEWLIBS_OK" ]; then
    RAN=1
    mkdir -p "$TMP/view/node_modules"
    for p in $VIEWLIBS; do ln -s "$CLIENTS/$p" "$TMP/view/node_modules/$p"; done
    SHOWN=$(python3 -c 'import json,sys
g = json.load(open(sys.argv[1]))
print(len({l[k] for l in g["links"] for k in ("source", "target")}))' "$TMP/g.json")
    if NERPIPE_VIEW_CACHE="$TMP/view" "$NP_SRCDIR/scripts/nerpipe-view" "$TMP/g.json" >"$TMP/view.html" 2>"$TMP/verr"; then
        pass
        timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --virtual-time-budget=60000 \
            --dump-dom "file://$TMP/view.html" >"$TMP/dom.html" 2>"$TMP/chrome.err"
        if grep -q "data-nodes=\"$NODES\"" "$TMP/dom.html" && grep -q '<canvas' "$TMP/dom.html" &&
            grep -q "<b id=\"shown-nodes\">$SHOWN</b>" "$TMP/dom.html"; then pass
        else fail "the viewer did not draw $NODES nodes, $SHOWN shown: $(grep -o -e '<div id="cy"[^>]*>' -e '<b id="shown-nodes">[^<]*' "$TMP/dom.html") $(tail -3 "$TMP/chrome.err")"; fi
    else
        fail "nerpipe-view: $(cat "$TMP/verr")"
    fi
else
    skip "chromium or an npm package of nerpipe-view's libraries is missing (scripts/install-test-clients)"
fi

finish

#!/bin/sh
# tests/layers.sh: the modules of src/ stay in layers (src/README.md).
# Reads every #include of src/*.c and src/*.h and fails on
#   - an include of a module of the same or a higher layer, or of a module
#     that the including module's line below does not name;
#   - a private header (x_private.h) included outside its module;
#   - an external library header outside the files allowed to use it;
#   - a module the table does not know (give a new file its line).
# A module is x.c, x.h and the files mapped to it in OWNERS. Known
# violations that a later step removes are listed in ALLOW with their
# reason; the list must only shrink: an entry that no longer occurs is an
# error too, so remove it with the include it excused.
: "${NP_SRCDIR:=$(dirname "$0")/..}"
cd "$NP_SRCDIR/src" || exit 2

# layer  module     may include (besides its own files; "*": any lower layer)
LAYERS='
0   np         -
1   input      np
1   yamltree   np
1   jsonw      np
1   jsonrec    np
1   vocab      np
1   datadir    np
2   normalize  np input
2   jsontape   np jsonrec
3   doc        np input normalize
4   tokenizer  np input normalize doc vocab
4   sentences  np doc vocab
5   lexicon    np vocab datadir normalize yamltree tokenizer
6   titles     np doc vocab lexicon yamltree
6   dates      np doc vocab lexicon yamltree
6   gazetteer  np doc vocab datadir jsonw normalize lexicon tokenizer yamltree
6   rules      np doc vocab datadir lexicon yamltree
7   model      np vocab datadir lexicon tokenizer titles dates gazetteer rules
8   modelfile  np vocab datadir model titles dates gazetteer rules
9   datacheck  np doc vocab datadir yamltree model modelfile gazetteer rules
9   entities   np input normalize doc jsonw vocab tokenizer titles gazetteer model
10  relations  np doc jsonw vocab rules dates titles gazetteer model
11  pipeline   np input doc jsonw model tokenizer sentences dates entities relations
11  graph      np input doc model gazetteer
12  emit_json  np jsonw graph
12  formats    np input jsonw
12  merge      np jsonw jsonrec jsontape
13  gjson      np jsonw graph emit_json merge jsontape
14  api        *
15  batch      *
16  cli        *
17  main       cli
'

# file (without .c/.h) -> module, for files named otherwise (nerpipe.h,
# the public header in include/, declares what np.h shares with users:
# np_error and the warning hook, so it counts as part of np, layer 0;
# datapath.h, made by make in the build tree, is datadir's)
OWNERS='
nerpipe np
datapath datadir
matcher entities
names entities
offices entities
entities_private entities
graph_private graph
'

# private header -> the modules that may include it besides its own
PRIVATE='
entities_private.h
graph_private.h emit_json
'

# external library header -> the files that may include it
EXTERN='
yaml.h yamltree.c
jansson.h gjson.c formats.c batch.c api.c
utf8proc.h input.c normalize.c tokenizer.c doc.c
'

# file header   reason (each must still occur; the list only shrinks).
# Empty: a future exception is written here with its reason, e.g.
#   x.h yaml.h   x embeds a yaml_parser_t until it is made opaque
ALLOW='
'

for f in *.c *.h; do
    grep -n '^[[:space:]]*#[[:space:]]*include' "$f" /dev/null
done | awk -v layers="$LAYERS" -v owners="$OWNERS" -v private="$PRIVATE" \
           -v extern="$EXTERN" -v allow="$ALLOW" '
function lines(s, out,   n, i, a) {
    n = split(s, a, "\n")
    for (i = 1; i <= n; i++) out[i] = a[i]
    return n
}
function mod(f) { sub(/\.[ch]$/, "", f); return (f in owner) ? owner[f] : f }
BEGIN {
    n = lines(layers, L)
    for (i = 1; i <= n; i++) {
        k = split(L[i], w, " ")
        if (k < 3) continue
        layer[w[2]] = w[1] + 0
        for (j = 3; j <= k; j++) may[w[2], w[j]] = 1
    }
    n = lines(owners, L)
    for (i = 1; i <= n; i++) if (split(L[i], w, " ") == 2) owner[w[1]] = w[2]
    n = lines(private, L)
    for (i = 1; i <= n; i++) {
        k = split(L[i], w, " ")
        if (k < 1) continue
        priv[w[1]] = 1
        for (j = 2; j <= k; j++) privok[w[1], w[j]] = 1
    }
    n = lines(extern, L)
    for (i = 1; i <= n; i++) {
        k = split(L[i], w, " ")
        if (k < 1) continue
        ext[w[1]] = 1
        for (j = 2; j <= k; j++) extok[w[1], w[j]] = 1
    }
    n = lines(allow, L)
    for (i = 1; i <= n; i++)
        if (split(L[i], w, " ") >= 3) { allowed[w[1], w[2]] = 1; nallow++; akey[nallow] = w[1] SUBSEP w[2] }
    bad = 0
}
{
    # file:line:#include "h" or <h>
    f = $0; sub(/:.*/, "", f)
    ln = $0; sub(/^[^:]*:/, "", ln); sub(/:.*/, "", ln)
    h = $0; sub(/^[^"<]*["<]/, "", h); sub(/[">].*/, "", h)
    self = mod(f)
    if (!(f in seen)) { seen[f] = 1; nfiles++ }
    if (!(self in layer)) {
        if (!(self in unknown)) { printf "%s: module %s is not in the layer table\n", f, self; bad++ }
        unknown[self] = 1
        next
    }
    why = ""
    if (h in ext) {
        if (!((h, f) in extok)) why = "external header outside its files"
    } else if ($0 ~ /#[[:space:]]*include[[:space:]]*"/ && h != "config.h") {
        dep = mod(h)
        if (dep == self) next
        if (h in priv && !((h, self) in privok)) why = "private header of " dep
        else if (!(dep in layer)) why = "unknown module " dep
        else if (layer[dep] >= layer[self])
            why = sprintf("%s (layer %d) includes %s (layer %d)", self, layer[self], dep, layer[dep])
        else if (!((self, "*") in may) && !((self, dep) in may))
            why = sprintf("%s may not include %s", self, dep)
    }
    if (why == "") next
    if ((f, h) in allowed) { used[f, h] = 1; next }
    printf "src/%s:%s: %s: %s\n", f, ln, h, why
    bad++
}
END {
    for (i = 1; i <= nallow; i++)
        if (!(akey[i] in used)) {
            split(akey[i], w, SUBSEP)
            printf "tests/layers.sh: ALLOW lists %s: %s, which is no longer a violation; remove it\n", w[1], w[2]
            bad++
        }
    if (bad) { print bad " layer problems"; exit 1 }
    printf "layers: %d files, %d allowed violations left\n", nfiles, nallow
}
'

#!/bin/sh
# tests/golden.sh: whole articles end to end. For each tests/golden/NAME.txt
# (texts written for this project) the graph's nodes, links (with where
# their place and date came from, and their CAMEO code) and dateline, reduced to the fields that
# matter, must equal tests/golden/NAME.expected. After an
# intended change, regenerate with:
#   NERPIPE=build/src/nerpipe NP_SRCDIR=. sh tests/golden.sh --update
# When ../shared/corpus/dev (the project's evaluation corpus) is next to the
# source tree, the dev articles must also reach the scores the project
# promises; without it that part is skipped.
. "$NP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
UPDATE=${1:-}

project() {
    python3 - "$1" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
lines = []
for n in g["nodes"]:
    lines.append("node %s %s %s" % (n["id"], n["type"], n["label"]))
for l in g["links"]:
    lines.append("link %s %s %s place=%s date=%s status=%s cameo=%s rule=%s evidence=%d from=%s,%s" % (
        l["source"], l["target"], l["relation"], l.get("place"), l.get("date"), l.get("status"),
        l.get("cameo"), l.get("rule"), len(l.get("evidence", [])), l.get("place_from"), l.get("date_from")))
dl = g["graph"]["document"].get("dateline")
if dl:
    lines.append("dateline %s %s %s" % (dl["place"], dl["date"], dl["rule"]))
print("\n".join(sorted(lines)))
PY
}

for txt in "$NP_SRCDIR"/tests/golden/*.txt; do
    name=$(basename "$txt" .txt)
    exp="$NP_SRCDIR/tests/golden/$name.expected"
    "$NERPIPE" --date=2024-06-15 --gazetteer="$NP_SRCDIR/tests/data/gazetteer" "$txt" >"$TMP/$name.json" 2>"$TMP/err" || fail "$name: exit $?: $(cat "$TMP/err")"
    project "$TMP/$name.json" >"$TMP/$name.got"
    if [ "$UPDATE" = "--update" ]; then
        cp "$TMP/$name.got" "$exp"
        echo "updated $exp"
    elif diff -u "$exp" "$TMP/$name.got" >"$TMP/diff"; then
        pass
    else
        fail "$name: the graph differs from $exp:
$(cat "$TMP/diff")"
    fi
done

# The evaluation corpus, when present: the thresholds the issues set.
SHARED="$NP_SRCDIR/../shared"
if [ -x "$SHARED/eval/run" ] && [ -d "$SHARED/corpus/dev" ]; then
    mkdir -p "$TMP/dev"
    (cd "$NP_SRCDIR" && NERPIPE="$NERPIPE" "$SHARED/eval/run" "$SHARED/corpus/dev" "$TMP/dev") >"$TMP/run.log" 2>&1 ||
        fail "eval run: $(tail -5 "$TMP/run.log")"
    if "$SHARED/eval/score" "$SHARED/corpus/dev" "$TMP/dev" \
        --min entities/person=0.95 --min entities/place=0.95 --min entities/organization=0.95 \
        --min meetings/pair+place=0.9 --min meetings/date=0.8 --min meetings/status=0.9 >"$TMP/score" 2>&1; then
        pass
    else
        fail "dev corpus below the thresholds:
$(cat "$TMP/score")"
    fi
else
    echo "note: $SHARED/corpus/dev not found; the dev-corpus check is skipped"
fi

echo "golden: $PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]

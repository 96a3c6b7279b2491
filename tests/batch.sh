#!/bin/sh
# tests/batch.sh: corpus scale. --jsonl over 10,000 generated lines, 100 of
# them bad (not JSON, no text, invalid UTF-8, a bad date): exactly 100 error
# lines and 9,900 results, in input order; scripts/nerpipe-batch over a
# JSON-lines file and a directory; `nerpipe merge` is associative and
# order-independent, reads JSON lines from standard input and writes every
# format.
. "$NP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
GZ="--gazetteer=$NP_SRCDIR/tests/data/gazetteer"

python3 - "$TMP/batch.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "wb") as f:
    for i in range(10000):
        if i % 100 == 37:
            k = (i // 100) % 4
            if k == 0:
                f.write(b'{"id": %d, "text": broken\n' % i)
            elif k == 1:
                f.write(json.dumps({"id": i, "body": "no text"}).encode() + b"\n")
            elif k == 2:
                f.write(b'{"id": %d, "text": "bad \xff\xfe bytes"}\n' % i)
            else:
                f.write(json.dumps({"id": i, "text": "x", "date": "yesterday"}).encode() + b"\n")
        else:
            text = f"Arvid Kellmark met Mira Tolvanger in Oslo on Friday. Item {i}."
            f.write(json.dumps({"id": i, "text": text, "date": "2024-03-10"}).encode() + b"\n")
PY
expect_exit 1 "--jsonl with bad lines exits 1" -- "$NERPIPE" --jsonl $GZ "$TMP/batch.jsonl"
cp "$TMP/out" "$TMP/results.jsonl"
# the same lines through a pipe, written in pieces that cut lines anywhere:
# the same output
python3 -c '
import sys, time
data = open(sys.argv[1], "rb").read()
out = sys.stdout.buffer
i, k = 0, 1
while i < len(data):
    out.write(data[i:i + k]); out.flush()
    i += k; k = k * 7 % 65537 + 1
' "$TMP/batch.jsonl" | "$NERPIPE" --jsonl $GZ >"$TMP/piped.jsonl" 2>/dev/null
cmp -s "$TMP/piped.jsonl" "$TMP/results.jsonl" && pass || fail "--jsonl through a pipe in pieces differs from the file"
# a line is answered as soon as it arrives, while the input stays open
mkfifo "$TMP/live.fifo"
"$NERPIPE" --jsonl $GZ <"$TMP/live.fifo" >"$TMP/live.out" 2>/dev/null &
live=$!
exec 7>"$TMP/live.fifo"
printf '{"id": "first", "text": "Arvid Kellmark met Mira Tolvanger in Oslo."}\n' >&7
i=0
while [ ! -s "$TMP/live.out" ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
expect_grep '^{"id":"first","graph":' "$TMP/live.out" "--jsonl answers a line before its input ends"
exec 7>&-
wait "$live"
if python3 - "$TMP/results.jsonl" >"$TMP/check" 2>&1 <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
errors = [l for l in lines if "error" in l]
graphs = [l for l in lines if "graph" in l]
assert len(lines) == 10000, len(lines)
assert len(errors) == 100 and len(graphs) == 9900, (len(errors), len(graphs))
assert all(l["line"] == (l["id"] or 0) + 1 or l["id"] is None for l in errors)
assert [l["line"] for l in errors] == [i + 1 for i in range(10000) if i % 100 == 37]
ids = [l["id"] for l in graphs]
assert ids == [i for i in range(10000) if i % 100 != 37], "results out of order"
g = graphs[0]["graph"]
assert any(x["relation"] == "met" and x["date"] == "2024-03-08" for x in g["links"]), g["links"]
print("ok")
PY
then pass; else fail "--jsonl results: $(cat "$TMP/check")"; fi

# the same through nerpipe-batch on all cores, and its merge
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 -r "$TMP/r2.jsonl" "$TMP/batch.jsonl" -- $GZ \
    >"$TMP/merged.json" 2>"$TMP/err"
[ $? -eq 1 ] && pass || fail "nerpipe-batch exit status with bad lines"
expect_grep "10000 lines, 100 failed" "$TMP/err" "nerpipe-batch summary"
cmp -s "$TMP/results.jsonl" "$TMP/r2.jsonl" && pass || fail "nerpipe-batch results differ from --jsonl's"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
met = [l for l in g["links"] if l["relation"] == "met"]
assert len(g["graph"]["documents"]) == 9900 and len(met) == 1 and met[0]["weight"] == 9900, (len(met), met[:1])
' "$TMP/merged.json" 2>"$TMP/check" && pass || fail "merged batch graph: $(cat "$TMP/check")"

# the tree merge: each job merges its share, then one merge of the partial
# graphs; on every real article (twice, with bad lines among them) the
# graph is byte for byte that of one merge of a direct run, with -j 1, -j 3
# and resuming, in JSON and GEXF, and for a directory
CORPUS="$NP_SRCDIR/../shared/corpus"
if [ -d "$CORPUS/wide" ]; then
    mkdir -p "$TMP/corpus"
    # under valgrind (make check-valgrind) the first 16 articles
    max=1000
    [ "${NP_SAN_FLAGS:-}" = valgrind ] && max=16
    k=0
    for f in "$CORPUS"/dev/*.txt "$CORPUS"/wide/*.txt "$CORPUS"/wide2/*.txt; do
        [ "$k" -lt "$max" ] || break
        cp "$f" "$TMP/corpus/"
        k=$((k + 1))
    done
    python3 - "$TMP/corpus" "$TMP/corpus.jsonl" <<'PY'
import json, os, sys
d = sys.argv[1]
with open(sys.argv[2], "wb") as f:
    for rep in range(2):
        for i, name in enumerate(sorted(os.listdir(d))):
            text = open(os.path.join(d, name), encoding="utf-8", errors="replace").read()
            f.write(json.dumps({"id": f"{name}-{rep}", "text": text, "date": f"2024-05-{1 + i % 28:02d}"}).encode() + b"\n")
            if i == 5:
                f.write(b'{"id": "broken-%d", "text": \n' % rep)
PY
    "$NERPIPE" --jsonl "$TMP/corpus.jsonl" 2>/dev/null | "$NERPIPE" merge >"$TMP/corpus.direct.json" 2>/dev/null
    "$NERPIPE" --jsonl "$TMP/corpus.jsonl" 2>/dev/null | "$NERPIPE" merge --format=gexf >"$TMP/corpus.direct.gexf" 2>/dev/null
    # a record's line is the one it gets alone: the records of a run share
    # the graph's storage, and none may carry into the next
    "$NERPIPE" --jsonl "$TMP/corpus.jsonl" >"$TMP/corpus.lines" 2>/dev/null
    python3 - "$NERPIPE" "$TMP/corpus.jsonl" "$TMP/corpus.lines" >"$TMP/alone" 2>&1 <<'PY' && pass ||
import subprocess, sys
nerpipe, inp, out = sys.argv[1:]
got = open(out, "rb").read().splitlines()
recs = open(inp, "rb").read().splitlines()
assert len(got) == len(recs), (len(got), len(recs))
for i, (rec, line) in enumerate(zip(recs, got)):
    alone = subprocess.run([nerpipe, "--jsonl", f"--first-line={i + 1}"], input=rec + b"\n",
                           capture_output=True).stdout.rstrip(b"\n")
    assert alone == line, f"line {i + 1} differs when run alone"
PY
        fail "--jsonl over the corpus: $(tail -1 "$TMP/alone")"
    for j in 1 3; do
        NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j $j "$TMP/corpus.jsonl" >"$TMP/corpus.$j.json" 2>"$TMP/err"
        [ $? -eq 1 ] && pass || fail "nerpipe-batch -j $j on the corpus with bad lines: not status 1"
        cmp -s "$TMP/corpus.$j.json" "$TMP/corpus.direct.json" && pass || fail "nerpipe-batch -j $j: not the graph of one merge"
        [ "$(grep -c 'conflicting value' "$TMP/err")" -le 1 ] && pass || fail "nerpipe-batch -j $j: more than one conflict warning"
    done
    NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 3 "$TMP/corpus.jsonl" -- --format=gexf >"$TMP/corpus.3.gexf" 2>/dev/null
    cmp -s "$TMP/corpus.3.gexf" "$TMP/corpus.direct.gexf" && pass || fail "nerpipe-batch -j 3 --format=gexf: not the GEXF of one merge"
    # resuming: half the records in RESULTS from a first run
    head -n $(($(wc -l <"$TMP/corpus.jsonl") / 2)) "$TMP/corpus.jsonl" >"$TMP/half.jsonl"
    NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 3 -r "$TMP/res.jsonl" "$TMP/half.jsonl" >/dev/null 2>&1
    NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 3 -r "$TMP/res.jsonl" "$TMP/corpus.jsonl" >"$TMP/corpus.r.json" 2>/dev/null
    cmp -s "$TMP/corpus.r.json" "$TMP/corpus.direct.json" && pass || fail "nerpipe-batch -r, resumed: not the graph of one merge"
    NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 1 "$TMP/corpus" -- --date=2024-05-01 >"$TMP/cdir.1.json" 2>/dev/null
    NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 3 "$TMP/corpus" -- --date=2024-05-01 >"$TMP/cdir.3.json" 2>/dev/null
    [ -s "$TMP/cdir.1.json" ] && cmp -s "$TMP/cdir.1.json" "$TMP/cdir.3.json" && pass || fail "nerpipe-batch on a directory: -j 3 differs from -j 1"
    # progress on a terminal: records done of the total, the rate, the time left
    if command -v script >/dev/null 2>&1; then
        NERPIPE="$NERPIPE" SHELL=/bin/sh script -qec "'$NP_SRCDIR/scripts/nerpipe-batch' -j 2 -o '$TMP/p.json' '$TMP/corpus.jsonl'" \
            "$TMP/typescript" >/dev/null 2>&1 </dev/null
        nrec=$(wc -l <"$TMP/corpus.jsonl")
        expect_grep "$nrec/$nrec records" "$TMP/typescript" "nerpipe-batch progress shows records done of the total"
        expect_grep "records, [0-9]*/s" "$TMP/typescript" "nerpipe-batch progress shows the rate"
    fi
else
    echo "../shared/corpus is not there: the tree merge is not tested on real articles"
fi

# a directory of articles
mkdir -p "$TMP/dir/a" "$TMP/dir/b"
cp "$NP_SRCDIR/examples/article.txt" "$TMP/dir/a/one.txt"
cp "$NP_SRCDIR/tests/golden/summit.txt" "$TMP/dir/b/two.txt"
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --date=2024-06-15 $GZ >"$TMP/dir.json" 2>"$TMP/err"
[ $? -eq 0 ] && pass || fail "nerpipe-batch on a directory: $(cat "$TMP/err")"
"$NERPIPE" --date=2024-06-15 $GZ "$TMP/dir/a/one.txt" "$TMP/dir/b/two.txt" >"$TMP/direct.json"
"$NERPIPE" merge "$TMP/direct.json" >"$TMP/direct.merged.json"
cmp -s "$TMP/dir.json" "$TMP/direct.merged.json" && pass || fail "batch over a directory differs from one nerpipe run"
# the workers map one compiled model instead of each loading the YAML
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --stats --date=2024-06-15 $GZ >/dev/null 2>"$TMP/err"
[ "$(grep -c '"model":"mapped"' "$TMP/err")" -ge 2 ] && pass || fail "batch workers do not map a compiled model: $(cat "$TMP/err")"
expect_no_grep '"model":"yaml"' "$TMP/err" "no batch worker loads the YAML"

# the compiled model is kept in the cache (NERPIPE_CACHE) between runs:
# one file per binary, directory and data options, used again while it is
# up to date and rebuilt when a source changes
NERPIPE_CACHE=$TMP/cache2
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --date=2024-06-15 $GZ >/dev/null 2>"$TMP/err"
models() { ls "$NERPIPE_CACHE"/batch-*.model 2>/dev/null | wc -l; }
stamp() { ls -l --time-style=+%s.%N "$@" 2>/dev/null | awk '{ print $6, $7 }'; }
[ "$(models)" = 1 ] && pass || fail "model cache: $(models) models after the runs over a directory, want 1"
m1=$(stamp "$NERPIPE_CACHE"/batch-*.model)
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --date=2024-06-15 $GZ >"$TMP/dir2.json" 2>"$TMP/err"
[ "$(stamp "$NERPIPE_CACHE"/batch-*.model)" = "$m1" ] && pass || fail "model cache: the model was written again"
cmp -s "$TMP/dir2.json" "$TMP/direct.merged.json" && pass || fail "model cache: the graph from the cached model differs"
mkdir "$TMP/gz2"
cp "$NP_SRCDIR"/tests/data/gazetteer/*.yaml "$TMP/gz2/"
printf 'Quillon Farrowby met Arvid Kellmark in Oslo on Friday.\n' >"$TMP/dir/a/three.txt"
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --date=2024-06-15 "--gazetteer=$TMP/gz2" >"$TMP/dir3.json" 2>"$TMP/err"
[ "$(models)" = 2 ] && pass || fail "model cache: other data options, $(models) models, want 2"
expect_no_grep "Quillon Farrowby" "$TMP/dir3.json" "model cache: a name not yet in the gazetteer"
m2=$(stamp "$NERPIPE_CACHE"/batch-*.model)
cat >>"$TMP/gz2/people.yaml" <<'YAML'
  - id: person:test-quillon-farrowby
    name: Quillon Farrowby
YAML
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --date=2024-06-15 "--gazetteer=$TMP/gz2" >"$TMP/dir3.json" 2>"$TMP/err"
[ $? -eq 0 ] && pass || fail "model cache: after an edit: $(cat "$TMP/err")"
[ "$(models)" = 2 ] && [ "$(stamp "$NERPIPE_CACHE"/batch-*.model)" != "$m2" ] && pass || fail "model cache: an edited gazetteer did not rebuild the model"
expect_grep "person:test-quillon-farrowby" "$TMP/dir3.json" "model cache: the edited gazetteer's new name is found"
rm -f "$TMP/dir/a/three.txt"
# no cache (empty NERPIPE_CACHE, or one that cannot be made): the model is
# compiled for the run, quietly
for c in "" "$TMP/dir2.json/cache"; do
    NERPIPE_CACHE=$c NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --stats --date=2024-06-15 $GZ >"$TMP/dir4.json" 2>"$TMP/err"
    cmp -s "$TMP/dir4.json" "$TMP/direct.merged.json" && pass || fail "no model cache ('$c'): the graph differs"
    [ "$(grep -c '"model":"mapped"' "$TMP/err")" -ge 2 ] && pass || fail "no model cache ('$c'): the workers do not map a model: $(cat "$TMP/err")"
done
[ "$(models)" = 2 ] && pass || fail "no model cache: a model was written to the cache anyway"
# a cache file that is not a model is left alone, with a warning
for f in "$NERPIPE_CACHE"/batch-*.model; do echo "not a model" >"$f"; done
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/dir" -- --date=2024-06-15 $GZ >"$TMP/dir4.json" 2>"$TMP/err"
cmp -s "$TMP/dir4.json" "$TMP/direct.merged.json" && pass || fail "a broken cache file: the graph differs"
expect_grep "nerpipe-batch: warning: the cached model cannot be used" "$TMP/err" "a broken cache file: a warning"
expect_grep "not a nerpipe model" "$TMP/err" "a broken cache file: nerpipe's reason"
[ "$(cat "$NERPIPE_CACHE"/batch-*.model | sort -u)" = "not a model" ] && pass || fail "a broken cache file was replaced"
rm -f "$NERPIPE_CACHE"/batch-*.model
NERPIPE_CACHE=$TMP/cache

# merge: associative and order-independent
"$NERPIPE" --date=2024-06-15 $GZ "$TMP/dir/a/one.txt" >"$TMP/a.json"
"$NERPIPE" --date=2024-06-15 $GZ "$TMP/dir/b/two.txt" >"$TMP/b.json"
printf 'Kenji Amabuchi met Ivan Drozhinov in Moscow on Monday. Mira Tolvanger met Arvid Kellmark.\n' |
    "$NERPIPE" --date=2024-06-15 $GZ >"$TMP/c.json"
"$NERPIPE" merge "$TMP/b.json" "$TMP/c.json" >"$TMP/bc.json"
"$NERPIPE" merge "$TMP/a.json" "$TMP/b.json" >"$TMP/ab.json"
"$NERPIPE" merge "$TMP/a.json" "$TMP/bc.json" >"$TMP/a_bc.json"
"$NERPIPE" merge "$TMP/ab.json" "$TMP/c.json" >"$TMP/ab_c.json"
"$NERPIPE" merge "$TMP/c.json" "$TMP/a.json" "$TMP/b.json" >"$TMP/cab.json"
cmp -s "$TMP/a_bc.json" "$TMP/ab_c.json" && pass || fail "merge(a, merge(b, c)) differs from merge(merge(a, b), c)"
cmp -s "$TMP/a_bc.json" "$TMP/cab.json" && pass || fail "merge depends on the order of its inputs"
json_ok "$TMP/a_bc.json" "merged graph"
# from standard input, as JSON lines, and into every format
cat "$TMP/a.json" "$TMP/b.json" "$TMP/c.json" | tr -d '\n' | sed 's/}{/}\n{/g' >"$TMP/all.jsonl"
"$NERPIPE" merge <"$TMP/all.jsonl" >"$TMP/stdin.json"
cmp -s "$TMP/stdin.json" "$TMP/a_bc.json" && pass || fail "merge from standard input differs"
for f in cytoscape graphml gexf dot jgf; do
    expect_exit 0 "merge --format=$f" -- "$NERPIPE" merge --format=$f "$TMP/a_bc.json"
done
# a value that is not a graph: reported, the rest still merged
echo '{"nodes": 3}' >"$TMP/bad.json"
expect_exit 1 "merge with a bad input" -- "$NERPIPE" merge "$TMP/a.json" "$TMP/bad.json"
expect_grep "not a nerpipe graph" "$TMP/err" "merge names the bad input"
json_ok "$TMP/out" "merge output despite a bad input"
expect_exit 2 "merge usage error" -- "$NERPIPE" merge --format=png "$TMP/a.json"
# three copies of one article: their nodes share aliases, which merge
# sorts and de-duplicates (it once read a released alias here: SIGSEGV)
"$NERPIPE" --date=2023-03-03 "$NP_SRCDIR/examples/article.txt" >"$TMP/ex.json"
cat "$TMP/ex.json" "$TMP/ex.json" "$TMP/ex.json" >"$TMP/ex3.json"
expect_exit 0 "merge of three copies of one article" -- "$NERPIPE" merge "$TMP/ex3.json"
json_ok "$TMP/out" "merge of three copies"

finish

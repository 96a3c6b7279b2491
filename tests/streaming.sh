#!/bin/sh
# tests/streaming.sh: the contracts of the README's map-reduce recipes.
#   - Hadoop Streaming and Spark's pipe, emulated: the input is split at
#     arbitrary line boundaries, the mapper (nerpipe --jsonl --errors=lines)
#     runs on each split and must exit 0 even on bad records, the mappers'
#     lines are sorted, dealt to two reducers (nerpipe merge), and a final
#     nerpipe merge of the reducers' graphs must equal, byte for byte, the
#     merge of one direct run. Bad records are error lines, never lost:
#     the merged graph counts them in graph.errors.
#   - GNU parallel: --pipe with --sshlogin ':' (the local login, as a
#     remote one would be used) gives the same graph (skipped without
#     parallel).
#   - scripts/nerpipe-txt2jsonl turns a directory of .txt articles into
#     JSON lines that give the same graph as nerpipe-batch on the directory.
# The articles are those of ../shared/corpus when it is there, and the
# project's own example texts always.
. "$NP_SRCDIR/tests/lib.sh"
PY=
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: python3 is not installed"; exit 77; }
CORPUS="$NP_SRCDIR/../shared/corpus"
# under valgrind (make check-valgrind) a share of the articles and one split
NARTICLES=1000 SEEDS="1 2 3"
[ "${NP_SAN_FLAGS:-}" = valgrind ] && NARTICLES=16 SEEDS=1

# the records: every article, each twice under two ids and dates, and bad
# lines among them: not JSON, no text, invalid UTF-8, a date that is no day
mkdir -p "$TMP/txt"
n=0
for f in "$NP_SRCDIR"/examples/article.txt "$NP_SRCDIR"/tests/golden/*.txt "$CORPUS"/dev/*.txt "$CORPUS"/wide/*.txt \
    "$CORPUS"/wide2/*.txt; do
    [ -f "$f" ] || continue
    [ "$n" -lt "$NARTICLES" ] || break
    n=$((n + 1))
    cp "$f" "$TMP/txt/$(printf '%03d' "$n").txt"
done
"$PY" - "$TMP/txt" "$TMP/in.jsonl" <<'PY'
import json, os, sys
d, out = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(d))
with open(out, "wb") as f:
    for rep in range(2):
        for i, name in enumerate(names):
            text = open(os.path.join(d, name), encoding="utf-8", errors="replace").read()
            rec = {"id": f"{name}-{rep}", "text": text, "date": f"2024-0{1 + rep}-{1 + i % 28:02d}"}
            f.write(json.dumps(rec).encode() + b"\n")
            if i == 2 and rep == 0:
                f.write(b'{"id": "bad-json", "text": \n')
                f.write(b'{"id": "no-text", "body": "Ana met Bo."}\n')
                f.write(b'{"id": "bad-utf8", "text": "Ana \xff met Bo."}\n')
                f.write(b'{"id": "bad-date", "text": "Ana met Bo.", "date": "2024-02-30"}\n')
PY
records=$(wc -l <"$TMP/in.jsonl")
[ "$records" -gt 8 ] && pass || fail "no records made"

# the direct run
"$NERPIPE" --jsonl "$TMP/in.jsonl" >"$TMP/direct.jsonl" 2>/dev/null
rc=$?
if [ "$rc" = 1 ]; then pass; else fail "--jsonl with bad records: exit $rc, want 1"; fi
"$NERPIPE" merge "$TMP/direct.jsonl" >"$TMP/direct.json" 2>"$TMP/merge.err"
if [ -s "$TMP/direct.json" ]; then pass; else fail "merge of the direct run: $(head -c 300 "$TMP/merge.err")"; fi
nerr=$(grep -c '"error":' "$TMP/direct.jsonl")
if [ "$nerr" = 4 ]; then pass; else fail "direct run: $nerr error lines, want 4"; fi
# the merged graph keeps the bad records, as graph.errors
"$PY" -c '
import json, sys
e = json.load(open(sys.argv[1]))["graph"]["errors"]
assert e["count"] == 4 and "no-text" in e["ids"] and "bad-date" in e["ids"] and e["ids"].count(None) == 2, e
' "$TMP/direct.json" 2>"$TMP/perr" && pass || fail "graph.errors of the direct run: $(head -c 300 "$TMP/perr")"

# the mapper exits 0 on bad records with --errors=lines, and its lines are
# the same
"$NERPIPE" --jsonl --errors=lines "$TMP/in.jsonl" >"$TMP/lines.jsonl" 2>/dev/null
rc=$?
if [ "$rc" = 0 ]; then pass; else fail "--errors=lines: exit $rc, want 0"; fi
if cmp -s "$TMP/lines.jsonl" "$TMP/direct.jsonl"; then pass; else fail "--errors=lines changes the lines"; fi
# an input that cannot be read is still a failure
"$NERPIPE" --jsonl --errors=lines "$TMP/missing.jsonl" >/dev/null 2>&1
rc=$?
if [ "$rc" = 1 ]; then pass; else fail "--errors=lines, unreadable input: exit $rc, want 1"; fi

expect_exit 2 "--errors without --jsonl" -- "$NERPIPE" --errors=lines /dev/null
expect_exit 2 "an unknown --errors" -- "$NERPIPE" --jsonl --errors=drop /dev/null

# streaming: splits at arbitrary line boundaries (some empty), a mapper per
# split, sort, two reducers, a final merge
for seed in $SEEDS; do
    "$PY" - "$TMP/in.jsonl" "$TMP/split" "$seed" <<'PY'
import random, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
rng = random.Random(int(sys.argv[3]))
cuts = sorted(rng.sample(range(len(lines) + 1), 5)) + [len(lines)]
start = 0
for k, c in enumerate(cuts):
    with open(f"{sys.argv[2]}.{k}", "wb") as f:
        f.write(b"".join(l + b"\n" for l in lines[start:c]))
    start = c
PY
    : >"$TMP/mapped"
    bad=0
    for s in "$TMP"/split.*; do
        "$NERPIPE" --jsonl --errors=lines <"$s" >>"$TMP/mapped" 2>/dev/null || bad=1
    done
    if [ "$bad" = 0 ]; then pass; else fail "seed $seed: a mapper exited non-zero"; fi
    LC_ALL=C sort "$TMP/mapped" >"$TMP/sorted"
    # two reducers, each a share of the sorted lines (by a hash of the
    # line, as a partitioner of keys would)
    awk -v d="$TMP" '{ h = 0; for (i = 1; i <= length($0) && i < 40; i++) h = (h * 31 + index("0123456789abcdefghijklmnopqrstuvwxyz\"{}:,", substr($0, i, 1))) % 9973
        print > (d "/reduce." (h % 2)) }' "$TMP/sorted"
    : >>"$TMP/reduce.0"
    : >>"$TMP/reduce.1"
    "$NERPIPE" merge <"$TMP/reduce.0" >"$TMP/r0.json" 2>/dev/null &&
        "$NERPIPE" merge <"$TMP/reduce.1" >"$TMP/r1.json" 2>/dev/null
    rc=$?
    if [ "$rc" = 0 ]; then pass; else fail "seed $seed: a reducer exited $rc"; fi
    "$NERPIPE" merge "$TMP/r0.json" "$TMP/r1.json" >"$TMP/final.json" 2>/dev/null
    if cmp -s "$TMP/final.json" "$TMP/direct.json"; then pass
    else fail "seed $seed: the streamed graph differs from the direct run's"; fi
    rm -f "$TMP"/split.* "$TMP"/reduce.*
done

# GNU parallel across "machines": --pipe cuts the input at line ends, -S :
# runs each block through the login shell as a remote host would
if command -v parallel >/dev/null 2>&1; then
    mkdir -p "$TMP/home"
    HOME="$TMP/home" parallel --will-cite --pipe --block 20k -S : -j 2 \
        "'$NERPIPE' --jsonl --errors=lines" <"$TMP/in.jsonl" >"$TMP/par.jsonl" 2>"$TMP/par.err"
    rc=$?
    if [ "$rc" = 0 ]; then pass; else fail "parallel: exit $rc: $(head -c 300 "$TMP/par.err")"; fi
    got=$(wc -l <"$TMP/par.jsonl")
    if [ "$got" = "$(wc -l <"$TMP/direct.jsonl")" ]; then pass; else fail "parallel: $got result lines"; fi
    "$NERPIPE" merge "$TMP/par.jsonl" >"$TMP/par.json" 2>/dev/null
    if cmp -s "$TMP/par.json" "$TMP/direct.json"; then pass
    else fail "parallel: the graph differs from the direct run's"; fi
else
    echo "parallel is not installed (Debian: parallel): the GNU parallel recipe is not tested"
fi

# a directory of .txt articles as JSON lines, and the same graph as
# nerpipe-batch gives on the directory
"$PY" "$NP_SRCDIR/scripts/nerpipe-txt2jsonl" --date=2024-03-01 "$TMP/txt" >"$TMP/txt.jsonl" 2>"$TMP/t2j.err"
rc=$?
if [ "$rc" = 0 ] && [ "$(wc -l <"$TMP/txt.jsonl")" = "$n" ]; then pass
else fail "nerpipe-txt2jsonl: exit $rc, $(wc -l <"$TMP/txt.jsonl") lines for $n files: $(head -c 300 "$TMP/t2j.err")"; fi
"$NERPIPE" --jsonl "$TMP/txt.jsonl" | "$NERPIPE" merge >"$TMP/t2j.json" 2>/dev/null
NERPIPE="$NERPIPE" sh "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/txt" -- --date=2024-03-01 >"$TMP/batchdir.json" 2>/dev/null
"$PY" - "$TMP/t2j.json" "$TMP/batchdir.json" <<'PY' >"$TMP/cmp.out" 2>&1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def key(g):
    return (sorted(n["id"] for n in g["nodes"]),
            sorted((l["source"], l["target"], l["relation"], str(l.get("place")), str(l.get("date")), l.get("weight"))
                   for l in g["links"]))
sys.exit(0 if key(a) == key(b) and len(a["graph"]["documents"]) == len(b["graph"]["documents"]) else 1)
PY
if [ $? = 0 ]; then pass; else fail "nerpipe-txt2jsonl: not the graph nerpipe-batch gives: $(head -c 300 "$TMP/cmp.out")"; fi
# invalid UTF-8 in a file is repaired with a warning that names it
printf 'Ana Kellmark met \377 Bo Tolvanger.\n' >"$TMP/txt/bad.txt"
"$PY" "$NP_SRCDIR/scripts/nerpipe-txt2jsonl" "$TMP/txt/bad.txt" >"$TMP/bad.jsonl" 2>"$TMP/bad.err"
rc=$?
if [ "$rc" = 0 ] && grep -q 'bad.txt' "$TMP/bad.err" && grep -q "$(printf '\357\277\275')" "$TMP/bad.jsonl"; then pass
else fail "nerpipe-txt2jsonl on invalid UTF-8: exit $rc: $(head -c 300 "$TMP/bad.err")"; fi
"$PY" "$NP_SRCDIR/scripts/nerpipe-txt2jsonl" "$TMP/nothing-here" >/dev/null 2>&1
rc=$?
if [ "$rc" = 1 ]; then pass; else fail "nerpipe-txt2jsonl on a missing path: exit $rc, want 1"; fi

finish

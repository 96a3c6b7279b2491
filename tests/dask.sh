#!/bin/sh
# tests/dask.sh: scripts/nerpipe-dask on a real Dask cluster: a dask-scheduler
# on 127.0.0.1 and two dask-worker processes (one thread each). 2,000
# articles (the shared corpus repeated, when ../shared is there) give the
# nodes and links nerpipe-batch gives, with a line of invalid UTF-8 and one
# without text as errors; a directory of our own articles; a nerpipe that
# dies on one part; the local cluster (no --scheduler). Skipped where no
# Python has dask.distributed (Debian: python3-distributed).
. "$NP_SRCDIR/tests/lib.sh"
DASK=$NP_SRCDIR/scripts/nerpipe-dask
BATCH=$NP_SRCDIR/scripts/nerpipe-batch
PY=$(python_with distributed)
[ -n "$PY" ] || { echo "SKIP: no Python with dask.distributed (Debian: python3-distributed)"; exit 77; }
for t in setsid timeout; do
    command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t is missing"; exit 77; }
done

# Every process started here runs in a process group of its own (setsid),
# stopped on exit, whatever the way out.
GROUPS_=
stop_all() {
    for g in $GROUPS_; do kill -s TERM -- "-$g" 2>/dev/null; done
    n=0
    for g in $GROUPS_; do
        while kill -s 0 -- "-$g" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
        kill -s KILL -- "-$g" 2>/dev/null
    done
    GROUPS_=
}
trap 'stop_all; rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start() { # start LOG COMMAND...: in the background, in a group of its own
    log=$1
    shift
    setsid "$@" </dev/null >"$log" 2>&1 &
    GROUPS_="$GROUPS_ $!"
}
# dask: runs nerpipe-dask with a time limit; DRC is its exit status
dask() {
    timeout -k 10 300 "$DASK" "$@" >"$TMP/out" 2>"$TMP/err"
    DRC=$?
}
same_graph() {
    "$PY" - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
def docs(g):
    d = g["graph"]
    return sorted(x["name"] for x in d.get("documents", [d.get("document")]))
def links(g):
    return sorted((l["source"], l["target"], l["relation"], str(l.get("place")), str(l.get("date")), l["weight"]) for l in g["links"])
assert docs(a) == docs(b), "documents differ"
assert sorted(n["id"] for n in a["nodes"]) == sorted(n["id"] for n in b["nodes"]), "nodes differ"
assert links(a) == links(b), "links differ"
assert a["links"], "no links"
print(len(docs(a)), "documents,", len(a["nodes"]), "nodes,", len(a["links"]), "links")
PY
}

# ---- the cluster: the scheduler picks a free port and says which in a file
start "$TMP/scheduler.log" "$PY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 \
    --no-dashboard --dashboard-address 127.0.0.1:0 --scheduler-file "$TMP/scheduler.json" --idle-timeout 600
n=0
while [ ! -s "$TMP/scheduler.json" ] && [ "$n" -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
ADDR=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["address"])' "$TMP/scheduler.json" 2>/dev/null)
[ -n "$ADDR" ] || { echo "FAIL: dask-scheduler did not start: $(tail -n 5 "$TMP/scheduler.log")" >&2; exit 1; }
for w in 1 2; do
    mkdir "$TMP/w$w"
    start "$TMP/worker$w.log" "$PY" -m distributed.cli.dask_worker "$ADDR" --name "w$w" --nworkers 1 --nthreads 1 \
        --no-dashboard --death-timeout 60 --local-directory "$TMP/w$w"
done
if timeout 90 "$PY" -c 'import sys; from distributed import Client
with Client(sys.argv[1], timeout=30) as c: c.wait_for_workers(2, timeout=60)' "$ADDR" >"$TMP/wait.log" 2>&1; then pass
else
    echo "FAIL: the two dask-workers did not join: $(tail -n 3 "$TMP/wait.log") $(tail -n 3 "$TMP/worker1.log")" >&2
    exit 1
fi

# a nerpipe that notes which worker ran it (its parent process)
cat >"$TMP/nerpipe-noting" <<EOF
#!/bin/sh
echo "\$PPID" >>"$TMP/ran-on"
exec "$NERPIPE" "\$@"
EOF
# a nerpipe that is killed on the part that holds the word KILLME
cat >"$TMP/nerpipe-dying" <<EOF
#!/bin/sh
if [ "\$1" = --jsonl ]; then
    in=$TMP/in.\$\$
    cat >"\$in"
    if grep -q KILLME "\$in"; then rm -f "\$in"; kill -s KILL \$\$; fi
    "$NERPIPE" "\$@" <"\$in"
    rc=\$?
    rm -f "\$in"
    exit \$rc
fi
exec "$NERPIPE" "\$@"
EOF
chmod +x "$TMP/nerpipe-noting" "$TMP/nerpipe-dying"

# ---- 2,000 real articles as JSON lines, with two bad lines among them
CORPUS=$NP_SRCDIR/../shared/corpus
if [ -d "$CORPUS" ] && ls "$CORPUS"/*/*.txt >/dev/null 2>&1; then
    "$PY" - "$CORPUS" "$TMP/big.jsonl" <<'PY'
import glob, json, os, sys
arts = sorted(f for d in ("dev", "wide", "wide2") for f in glob.glob(os.path.join(sys.argv[1], d, "*.txt")))
texts = [open(f, encoding="utf-8", errors="replace").read() for f in arts]
with open(sys.argv[2], "wb") as out:
    for i in range(2000):
        rec = {"id": f"art-{i:04d}", "text": texts[i % len(texts)], "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}
        out.write(json.dumps(rec).encode() + b"\n")
        if i == 700:   # line 702
            out.write(b'{"id": "bad-utf8", "text": "Lena Virtanen met \xff Ossi Marttila.", "date": "2024-03-01"}\n')
        if i == 1400:  # line 1403
            out.write(b'{"id": "no-text", "date": "2024-03-01"}\n')
PY
    timeout -k 10 300 "$BATCH" -j 2 -r "$TMP/batch.jsonl" "$TMP/big.jsonl" >"$TMP/batch.json" 2>"$TMP/batch.err"
    [ $? = 1 ] && pass || fail "nerpipe-batch on the 2,000 articles: $(head -c 300 "$TMP/batch.err")"
    NERPIPE=$TMP/nerpipe-noting dask --scheduler "$ADDR" -p 20 -r "$TMP/dask.jsonl" "$TMP/big.jsonl"
    [ "$DRC" = 1 ] && pass || fail "2,000 articles: exit $DRC, want 1: $(head -c 300 "$TMP/err")"
    if same_graph "$TMP/out" "$TMP/batch.json" >"$TMP/check" 2>&1; then pass; echo "2,000 articles: $(cat "$TMP/check")"
    else fail "2,000 articles: not nerpipe-batch's graph: $(tail -n 1 "$TMP/check")"; fi
    cmp -s "$TMP/dask.jsonl" "$TMP/batch.jsonl" && pass || fail "2,000 articles: -r differs from nerpipe-batch's"
    expect_grep '^nerpipe-dask: 2 records failed: .*big.jsonl line 702, no-text$' "$TMP/err" "2,000 articles: the failed records"
    expect_grep '^nerpipe-dask: 2002 records, 2 failed$' "$TMP/err" "2,000 articles: the count"
    "$PY" - "$TMP/dask.jsonl" "$TMP/out" <<'PY' >"$TMP/check" 2>&1 && pass || fail "2,000 articles: $(tail -n 1 "$TMP/check")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ids = [l["id"] for l in lines]
want = [f"art-{i:04d}" for i in range(2000)]
want.insert(701, None)
want.insert(1402, "no-text")
assert ids == want, "ids out of order"
errs = [(l["id"], l["line"]) for l in lines if "error" in l]
assert errs == [(None, 702), ("no-text", 1403)], errs
assert "invalid" in lines[701]["error"] or "decode" in lines[701]["error"], lines[701]
g = json.load(open(sys.argv[2], encoding="utf-8"))
names = {d["name"] for d in g["graph"]["documents"]}
assert names == set(want) - {None, "no-text"}, len(names)
PY
    n=$(sort -u "$TMP/ran-on" | wc -l)
    [ "$n" -ge 2 ] && pass || fail "2,000 articles: nerpipe ran under $n worker process(es), want 2"
else
    echo "(no ../shared/corpus: the 2,000 articles skipped)"
fi

# ---- a directory of our own articles: names, subdirectories, invalid UTF-8
D=$TMP/news
mkdir -p "$D/2024/june" "$D/other"
printf 'Lena Virtanen met Ossi Marttila in Helsinki on Tuesday, 4 June 2024.\n' >"$D/2024/june/a.txt"
printf 'Joe Biden met Olaf Scholz in Berlin on Friday.\nThe two leaders discussed trade.\n' >"$D/2024/b.txt"
printf 'Emmanuel Macron met Angela Merkel in Paris \377\376 on Monday.\000\n' >"$D/other/c.txt"
printf 'Olaf Scholz visited Warsaw.\n' >"$D/d e.txt"
printf 'Not an article.\n' >"$D/notes.md"
ln -s "$D/2024/b.txt" "$D/other/link.txt"
timeout -k 10 120 "$BATCH" -j 2 "$D" -- --date=2024-06-07 >"$TMP/dir.batch.json" 2>/dev/null
dask --scheduler "$ADDR" -r "$TMP/dir.jsonl" "$D" -- --date=2024-06-07
[ "$DRC" = 0 ] && pass || fail "a directory: exit $DRC: $(head -c 300 "$TMP/err")"
same_graph "$TMP/out" "$TMP/dir.batch.json" >"$TMP/check" 2>&1 && pass || fail "a directory: $(tail -n 1 "$TMP/check")"
expect_grep "warning: $D/other/c.txt: invalid UTF-8 at byte offset 43; 2 invalid sequences replaced by U+FFFD" "$TMP/err" "a directory: invalid UTF-8"
expect_grep "warning: $D/other/c.txt: 1 NUL byte replaced by U+FFFD" "$TMP/err" "a directory: a NUL byte"
"$PY" -c 'import json, sys; print("\n".join(json.loads(l)["id"] for l in open(sys.argv[1])))' "$TMP/dir.jsonl" >"$TMP/ids"
printf '%s\n' "$D/2024/b.txt" "$D/2024/june/a.txt" "$D/d e.txt" "$D/other/c.txt" >"$TMP/want"
cmp -s "$TMP/ids" "$TMP/want" && pass || fail "a directory: ids $(tr '\n' ' ' <"$TMP/ids")"

# ---- a part whose nerpipe is killed: reported with its records, the others merged
"$PY" - "$TMP/kill.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(40):
        text = f"Lena Virtanen met Ossi Marttila in Helsinki on day {i}."
        f.write(json.dumps({"id": f"k{i}", "text": text + (" KILLME" if i == 25 else ""), "date": "2024-06-04"}) + "\n")
PY
NERPIPE=$TMP/nerpipe-dying dask --scheduler "$ADDR" -p 8 -r "$TMP/kill.r.jsonl" "$TMP/kill.jsonl"
cp "$TMP/out" "$TMP/kill.json"
[ "$DRC" = 1 ] && pass || fail "a killed part: exit $DRC, want 1"
expect_grep "kill.jsonl lines [0-9]*-[0-9]*: nerpipe was killed by signal 9: its [0-9]* records are not in the graph" "$TMP/err" "a killed part"
"$PY" - "$TMP/kill.r.jsonl" "$TMP/kill.json" "$TMP/err" <<'PY' >"$TMP/check" 2>&1 && pass || fail "a killed part: $(tail -n 1 "$TMP/check")"
import json, re, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["id"] for l in lines] == [f"k{i}" for i in range(40)], "ids"
lost = [l["id"] for l in lines if "error" in l]
assert "k25" in lost and 0 < len(lost) < 40, lost
assert all("killed by signal 9" in l["error"] for l in lines if "error" in l)
g = json.load(open(sys.argv[2]))
docs = sorted(d["name"] for d in g["graph"]["documents"])
assert docs == sorted(set(f"k{i}" for i in range(40)) - set(lost)), docs
err = open(sys.argv[3]).read()
assert f"nerpipe-dask: {len(lost)} records failed: {', '.join(lost)}\n" in err, err
PY

# ---- options: those nerpipe rejects are a usage error; --format applies to the merged graph
dask --scheduler "$ADDR" "$TMP/kill.jsonl" -- --frobnicate
[ "$DRC" = 2 ] && pass || fail "an option nerpipe rejects: exit $DRC, want 2"
dask --scheduler "$ADDR" "$TMP/kill.jsonl" -- --stage=tokens
[ "$DRC" = 2 ] && pass || fail "--stage: exit $DRC, want 2"
dask --scheduler "$ADDR" -p 0 "$TMP/kill.jsonl"
[ "$DRC" = 2 ] && pass || fail "-p 0: exit $DRC, want 2"
dask --scheduler "$ADDR" --nerpipe "$TMP/no-such-nerpipe" "$TMP/kill.jsonl"
[ "$DRC" = 1 ] && pass || fail "a nerpipe that is not there: exit $DRC, want 1"
dask --scheduler "$ADDR" -p 3 "$D" -- --format=graphml --date=2024-06-07
[ "$DRC" = 0 ] && pass || fail "--format=graphml: exit $DRC"
"$NERPIPE" merge --format=graphml "$TMP/dir.batch.json" >"$TMP/dir.graphml"
cmp -s "$TMP/out" "$TMP/dir.graphml" && pass || fail "--format=graphml: not the merged graph's GraphML"
timeout -k 10 300 "$DASK" --scheduler "$ADDR" "$TMP/kill.jsonl" >/dev/full 2>"$TMP/err"
DRC=$?
[ "$DRC" = 3 ] && pass || fail "a full disk: exit $DRC, want 3"
stop_all

# ---- the local cluster (no --scheduler); a record without an id names its
# document after INPUT, as one nerpipe run does
cat >"$TMP/small.jsonl" <<'EOF'
{"id": 1, "text": "Lena Virtanen met Ossi Marttila in Helsinki on Tuesday.", "date": "2024-06-06"}
{"text": "Joe Biden met Olaf Scholz in Berlin on Friday.", "date": "2024-06-08"}

{"id": "three", "text": "Emmanuel Macron met Angela Merkel in Paris.", "date": "2024-06-09"}
EOF
(cd "$TMP" && "$NERPIPE" --jsonl small.jsonl | "$NERPIPE" merge >small.direct.json)
(cd "$TMP" && TMPDIR=$TMP timeout -k 10 300 "$DASK" small.jsonl >small.json 2>small.err)
DRC=$?
[ "$DRC" = 0 ] && pass || fail "the local cluster: exit $DRC: $(head -c 300 "$TMP/small.err")"
cmp -s "$TMP/small.json" "$TMP/small.direct.json" && pass || fail "the local cluster: not one nerpipe run's graph"
expect_grep '"name":"small.jsonl"' "$TMP/small.json" "the local cluster: a record without an id"

# ---- without a Python that has dask.distributed: exit 4, with the package's name
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import distributed' 2>/dev/null; then
    NERPIPE_DASK_REEXEC=1 python3 "$DASK" "$TMP/small.jsonl" >/dev/null 2>"$TMP/err"
    DRC=$?
    [ "$DRC" = 4 ] && pass || fail "no dask.distributed: exit $DRC, want 4"
    expect_grep "python3-distributed" "$TMP/err" "no dask.distributed"
fi
finish

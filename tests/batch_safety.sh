#!/bin/sh
# tests/batch_safety.sh: scripts/nerpipe-batch loses nothing. A worker that
# is killed or crashes (a stand-in nerpipe that dies, or SIGKILL from
# outside) makes it name the missing records and exit 1; -r resumes without
# recomputing or duplicating what RESULTS holds and never loses it; odd file
# names and options reach nerpipe intact; usage errors exit 2 and unwritable
# outputs 3; SIGINT and SIGTERM stop every worker and exit 130 and 143.
# NP_BATCH=path runs these tests against another copy of the script.
. "$NP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
BATCH=${NP_BATCH:-$NP_SRCDIR/scripts/nerpipe-batch}
GZ="--gazetteer=$NP_SRCDIR/tests/data/gazetteer"
REAL=$NERPIPE
FIFO=$TMP/fifo
LOG=$TMP/log
export REAL FIFO LOG
command -v pgrep >/dev/null 2>&1 || { echo "SKIP: pgrep is not installed"; exit 77; }
mkfifo "$FIFO"
mkdir "$TMP/tmpdir"
TMPDIR=$TMP/tmpdir
export TMPDIR

# the processes whose command line names this test's directory (pids)
ours() { pgrep -f "$TMP/" || true; }
none_ours() { [ -z "$(ours)" ]; }
# reap: ends what this test started and left behind (only a failure does)
reap() { for p in $(ours); do kill -9 "$p" 2>/dev/null; done; }
trap 'reap; rm -rf "$TMP"' EXIT
running() { s=$(ps -o stat= -p "$1" 2>/dev/null) && case $s in Z*) return 1 ;; *) return 0 ;; esac; }
# finish_within PID SECONDS: waits for PID (a child) to end; WRC is its status
finish_within() {
    i=0
    while running "$1"; do
        i=$((i + 1))
        [ "$i" -le $(($2 * 5)) ] || { kill -9 "$1" 2>/dev/null; wait "$1"; WRC=timeout; return 1; }
        sleep 0.2
    done
    wait "$1"
    WRC=$?
}
# until_true SECONDS COMMAND...: polls COMMAND
until_true() {
    n=$(($1 * 5))
    shift
    while ! "$@"; do
        n=$((n - 1))
        [ "$n" -gt 0 ] || return 1
        sleep 0.2
    done
}
logged() { [ -f "$LOG" ] && [ "$(wc -l <"$LOG")" -ge "$1" ]; }
# batch ARG...: runs nerpipe-batch, standard output to $TMP/out, standard error to $TMP/err; BRC
batch() {
    "$BATCH" "$@" >"$TMP/out" 2>"$TMP/err"
    BRC=$?
}
# stand-in nerpipes (NERPIPE=...): each is a real nerpipe for everything but
# the workers named
stand_in() {
    { echo '#!/bin/sh'; cat; echo 'exec "$REAL" "$@"'; } >"$TMP/$1"
    chmod +x "$TMP/$1"
}
# crash: the worker of the second chunk writes 20,000 bytes, then dies of SIGKILL
stand_in crash <<'EOF'
for a; do case $a in --first-line=1) ;; --first-line=*) "$REAL" "$@" | head -c 20000; kill -9 $$ ;; esac; done
EOF
# count: logs how many records each worker is given
stand_in count <<'EOF'
case " $* " in *" --first-line="*) for a; do last=$a; done; awk 'NF { n++ } END { print n + 0 }' "$last" >>"$LOG" ;; esac
EOF
# hang2: the worker of the second chunk does its work, then blocks in another nerpipe
stand_in hang2 <<'EOF'
for a; do case $a in --first-line=1) ;; --first-line=*) "$REAL" "$@"; echo $? >>"$LOG"; exec "$REAL" --jsonl "$FIFO" ;; esac; done
EOF
# hang: every worker does its work, then blocks
stand_in hang <<'EOF'
case " $* " in *" --first-line="*) echo >>"$LOG.start"; "$REAL" "$@"; echo $? >>"$LOG"; exec "$REAL" --jsonl "$FIFO" ;; esac
EOF
# mcrash: the first merge of a worker's own output dies of SIGKILL (once)
stand_in mcrash <<'EOF2'
case "$1 $2" in "merge "*/chunk.*.jsonl) mkdir "$LOG.mcrash" 2>/dev/null && kill -9 $$ ;; esac
EOF2
# mlog: logs every merge
stand_in mlog <<'EOF2'
case $1 in merge) echo "$*" >>"$LOG.merges" ;; esac
EOF2
# fcrash: the final merge, fed the workers' partial graphs as they come, dies of SIGKILL
stand_in fcrash <<'EOF2'
case "$1 $2" in "merge --inputs-from=-") mkdir "$LOG.fcrash" 2>/dev/null; kill -9 $$ ;; esac
EOF2
# dcrash: the worker given victim.txt dies of SIGKILL before writing anything
stand_in dcrash <<'EOF'
for a; do case $a in */victim.txt) kill -9 $$ ;; esac; done
EOF

# 200 records: 4 that fail (not JSON, no text, a bad date), one blank line,
# ids written in different ways (a string with escapes, 2.5e2)
python3 - "$TMP/in.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(201):
        people = ["Arvid Kellmark", "Mira Tolvanger", "Kenji Amabuchi", "Ivan Drozhinov"]
        a, b = people[i % 4], people[(i + 1 + i // 4) % 4]
        text = f"{a} met {b} in Oslo on Friday. Item {i} of the batch." * 12
        if i == 60:
            f.write("\n")
        elif i == 37:
            f.write('{"id": 37, "text": broken\n')
        elif i == 91:
            f.write(json.dumps({"id": i, "body": "no text"}) + "\n")
        elif i == 150:
            f.write(json.dumps({"id": i, "text": "x", "date": "yesterday"}) + "\n")
        elif i == 170:
            f.write('{"id" : 17"\n')
        elif i == 120:
            f.write('{"text": %s, "id": "s\\u00e9\\/q\\"\\\\"}\n' % json.dumps(text))
        elif i == 130:
            f.write('{"id": 2.5e2, "text": %s}\n' % json.dumps(text))
        else:
            f.write(json.dumps({"id": i, "text": text, "date": "2024-03-10"}) + "\n")
PY
NREC=200
"$REAL" --jsonl $GZ "$TMP/in.jsonl" >"$TMP/direct.jsonl" 2>/dev/null
# the graph of every line (the error lines in graph.errors), as the batch
# merges its workers' output, or RESULTS's lines with -r
"$REAL" merge "$TMP/direct.jsonl" >"$TMP/direct.json"

# the lines of FILE, as a sorted multiset, equal those of the direct run
same_lines() { sort "$1" >"$TMP/a.sorted"; sort "$TMP/direct.jsonl" >"$TMP/b.sorted"; cmp -s "$TMP/a.sorted" "$TMP/b.sorted"; }
# check_results FILE: valid JSON lines, each one of the direct run's, no id twice
check_results() {
    python3 - "$1" "$TMP/direct.jsonl" <<'PY'
import json, sys
direct = set(open(sys.argv[2], encoding="utf-8").read().splitlines())
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "the last line is not ended"
lines = lines[:-1]
for l in lines:
    json.loads(l)
    assert l in direct, "a line that the direct run does not have: " + l[:80]
ids = [json.dumps(json.loads(l)["id"]) for l in lines if '"graph":' in l]
assert len(ids) == len(set(ids)), "an id twice"
print(len(lines))
PY
}
# missing_count: N of "N records missing" in $TMP/err
missing_count() { sed -n 's/^nerpipe-batch: \([0-9]*\) records\{0,1\} missing: .*/\1/p' "$TMP/err"; }

# ---- usage errors exit 2 with a message, --help exits 0
for args in "-j 0" "-j x" "-j -3" "-j" "-o" "-r" "-x" "-r $TMP/r.jsonl $TMP" "$TMP/in.jsonl $TMP/in.jsonl" \
    "$TMP/in.jsonl -- --no-such-option" "$TMP/in.jsonl -- --format=png" "$TMP/in.jsonl -- --stage=tokens" \
    "$TMP/in.jsonl -- --date"; do
    # shellcheck disable=SC2086
    batch $args
    [ "$BRC" = 2 ] && pass || fail "nerpipe-batch $args: exit $BRC, want 2: $(head -c 300 "$TMP/err")"
    grep -q '^nerpipe-batch: ' "$TMP/err" && pass || fail "nerpipe-batch $args: no message: $(head -c 300 "$TMP/err")"
done
batch -j
expect_grep "needs an argument" "$TMP/err" "-j without a number"
batch -j 0 "$TMP/in.jsonl"
expect_grep "1 or more" "$TMP/err" "-j 0"
batch "-in.jsonl"
expect_grep "\./-in.jsonl" "$TMP/err" "an INPUT that begins with -"
batch --help
[ "$BRC" = 0 ] && pass || fail "--help: exit $BRC"
expect_grep "Exit status" "$TMP/out" "--help gives the exit status"
expect_grep "records missing" "$TMP/out" "--help tells of missing records"
expect_grep "resume" "$TMP/out" "--help tells of -r"
# other documented exit statuses: 1 for an unreadable INPUT, 3 for outputs
batch "$TMP/no such file.jsonl"
[ "$BRC" = 1 ] && pass || fail "unreadable INPUT: exit $BRC, want 1"
batch -o "$TMP/no such dir/g.json" "$TMP/in.jsonl" -- $GZ
[ "$BRC" = 3 ] && pass || fail "unwritable GRAPH: exit $BRC, want 3: $(head -c 300 "$TMP/err")"
batch -r "$TMP/no such dir/r.jsonl" "$TMP/in.jsonl" -- $GZ
[ "$BRC" = 3 ] && pass || fail "unwritable RESULTS: exit $BRC, want 3: $(head -c 300 "$TMP/err")"

# ---- the plain case: results as a direct run, the same graph
batch -j 3 -r "$TMP/r0.jsonl" "$TMP/in.jsonl" -- $GZ
[ "$BRC" = 1 ] && pass || fail "batch with 4 bad lines: exit $BRC, want 1: $(head -c 300 "$TMP/err")"
expect_grep "201 lines, 4 failed" "$TMP/err" "summary"
cmp -s "$TMP/r0.jsonl" "$TMP/direct.jsonl" && pass || fail "RESULTS differ from a direct run's"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "graph differs from a direct run's"

# ---- a worker that dies: the records it did not write are named
NERPIPE=$TMP/crash batch -j 2 -r "$TMP/r1.jsonl" "$TMP/in.jsonl" -- $GZ
[ "$BRC" = 1 ] && pass || fail "a killed worker: exit $BRC, want 1"
expect_grep "killed by signal 9" "$TMP/err" "a killed worker is reported"
n=$(check_results "$TMP/r1.jsonl" 2>"$TMP/check") && pass || { fail "RESULTS after a crash: $(cat "$TMP/check")"; n=0; }
m=$(missing_count)
[ -n "$m" ] && [ "$m" -gt 0 ] && [ $((n + m)) = "$NREC" ] && pass ||
    fail "a crash: $n lines in RESULTS and '$m' missing, want $NREC in all: $(head -c 500 "$TMP/err")"
# the first of them is named first
first=$(python3 - "$TMP/direct.jsonl" "$TMP/r1.jsonl" <<'PY'
import json, sys
have = set(open(sys.argv[2], encoding="utf-8").read().splitlines())
for l in open(sys.argv[1], encoding="utf-8").read().splitlines():
    if l not in have:
        i = json.loads(l)["id"]
        print(i if type(i) is int else "")
        break
PY
)
[ -z "$first" ] && pass || expect_grep "records\{0,1\} missing: $first\(,\|$\)" "$TMP/err" "the missing records by id"
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
n = sum(1 for l in open(sys.argv[2]) if "\"graph\":" in l)
assert len(g["graph"]["documents"]) == n, (len(g["graph"]["documents"]), n)
' "$TMP/out" "$TMP/r1.jsonl" 2>"$TMP/check" && pass || fail "graph after a crash: $(cat "$TMP/check")"
# the same without -r
cp "$TMP/out" "$TMP/crash-r.json"
NERPIPE=$TMP/crash batch -j 2 "$TMP/in.jsonl" -- $GZ
[ "$BRC" = 1 ] && pass || fail "a killed worker without -r: exit $BRC, want 1"
[ "$(missing_count)" = "$m" ] && pass || fail "a crash without -r: '$(missing_count)' missing, want $m"
json_ok "$TMP/out" "graph after a crash without -r"
# (the cut chunk is merged again from what was kept, not from the partial
# graph its worker merged before the check)
cmp -s "$TMP/out" "$TMP/crash-r.json" && pass || fail "a crash: the graph without -r differs from the one with -r"
# a worker's merge of its own output dies: the chunk is merged again (with
# four jobs: the final merge follows the output of the first three chunks,
# the worker of the fourth merges its own)
NERPIPE=$TMP/mcrash batch -j 4 "$TMP/in.jsonl" -- $GZ
[ -d "$LOG.mcrash" ] && pass || fail "the stand-in merge did not run"
[ "$BRC" = 1 ] && pass || fail "a worker's merge killed: exit $BRC, want 1 (the 4 bad lines): $(head -c 300 "$TMP/err")"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "a worker's merge killed: the graph differs from a direct run's"
expect_no_grep "missing\|killed" "$TMP/err" "a worker's merge killed: nothing reported missing"
# records that all go well: the final merge follows the output of the
# chunks of two or three jobs as it is written, and is then the only merge;
# with four jobs the worker of the fourth chunk merges its own
python3 - "$TMP/clean.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(120):
        people = ["Arvid Kellmark", "Mira Tolvanger", "Kenji Amabuchi", "Ivan Drozhinov"]
        text = f"{people[i % 4]} met {people[(i + 1) % 4]} in Oslo on Friday. Item {i}. " * 20
        f.write(json.dumps({"id": i, "text": text, "date": "2024-03-10"}) + "\n")
PY
"$REAL" --jsonl $GZ "$TMP/clean.jsonl" | "$REAL" merge >"$TMP/clean.json" 2>/dev/null
for j in 2 3 4; do
    rm -f "$LOG.merges"
    NERPIPE=$TMP/mlog batch -j "$j" "$TMP/clean.jsonl" -- $GZ
    [ "$BRC" = 0 ] && cmp -s "$TMP/out" "$TMP/clean.json" && pass ||
        fail "-j $j, every record good: exit $BRC, or not the graph of a direct run: $(head -c 300 "$TMP/err")"
    want=1
    [ "$j" -lt 4 ] || want=2
    [ "$(grep -c '^merge' "$LOG.merges")" = "$want" ] && grep -q -- '^merge --inputs-from=- --follow' "$LOG.merges" &&
        pass || fail "-j $j: want $want merges, the final one following the chunks: $(cat "$LOG.merges")"
done
# the final merge dies: the partial graphs are merged again, nothing waits
NERPIPE=$TMP/fcrash batch -j 3 "$TMP/in.jsonl" -- $GZ
[ -d "$LOG.fcrash" ] && pass || fail "the stand-in final merge did not run"
[ "$BRC" = 1 ] && pass || fail "the final merge killed: exit $BRC, want 1 (the 4 bad lines): $(head -c 300 "$TMP/err")"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "the final merge killed: the graph differs from a direct run's"
expect_no_grep "missing\|killed" "$TMP/err" "the final merge killed: nothing reported missing"
# a temporary directory whose name has a newline, which a list of names
# cannot hold: the partial graphs are merged at the end
mkdir "$TMP/tmp
dir"
TMPDIR="$TMP/tmp
dir" batch -j 2 "$TMP/in.jsonl" -- $GZ
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "TMPDIR with a newline: the graph differs from a direct run's: $(head -c 300 "$TMP/err")"
rmdir "$TMP/tmp
dir"

# ---- -r resumes: only the missing and the failed are processed again
e=$(grep -c '"error":' "$TMP/r1.jsonl")
rm -f "$LOG"
NERPIPE=$TMP/count batch -j 2 -r "$TMP/r1.jsonl" "$TMP/in.jsonl" -- $GZ
[ "$BRC" = 1 ] && pass || fail "resume: exit $BRC, want 1 (4 bad lines)"
got=$(awk '{ n += $1 } END { print n + 0 }' "$LOG")
[ "$got" = $((m + e)) ] && pass || fail "resume processed $got records, want $m missing + $e failed"
same_lines "$TMP/r1.jsonl" && pass || fail "RESULTS after resuming differ from a direct run's (as a set of lines)"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "graph after resuming differs from a direct run's"
# again: only the 4 bad lines
cp "$TMP/r1.jsonl" "$TMP/r1.before"
rm -f "$LOG"
NERPIPE=$TMP/count batch -j 2 -r "$TMP/r1.jsonl" "$TMP/in.jsonl" -- $GZ
[ "$(awk '{ n += $1 } END { print n + 0 }' "$LOG")" = 4 ] && pass ||
    fail "a complete RESULTS: $(awk '{ n += $1 } END { print n + 0 }' "$LOG") records processed, want 4"
same_lines "$TMP/r1.jsonl" && pass || fail "RESULTS changed on a second resume"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "graph after a second resume differs"
expect_grep "196 done before" "$TMP/err" "resume summary"
# what RESULTS holds stays, also what is not in INPUT, and is in the graph
printf 'Kenji Amabuchi met Ivan Drozhinov in Moscow on Monday.\n' >"$TMP/other.txt"
"$REAL" --date=2024-06-15 $GZ "$TMP/other.txt" | python3 -c '
import json, sys
print(json.dumps({"id": "other", "graph": json.load(sys.stdin)}, separators=(",", ":")))' >"$TMP/other.jsonl"
cat "$TMP/other.jsonl" >>"$TMP/r1.jsonl"
cp "$TMP/r1.jsonl" "$TMP/r1.before"
batch -j 2 -r "$TMP/r1.jsonl" "$TMP/in.jsonl" -- $GZ
python3 - "$TMP/r1.before" "$TMP/r1.jsonl" <<'PY' 2>"$TMP/check" && pass || fail "RESULTS lost lines: $(cat "$TMP/check")"
import sys
before = open(sys.argv[1], encoding="utf-8").read().splitlines()
after = open(sys.argv[2], encoding="utf-8").read().splitlines()
lost = [l[:60] for l in before if '"graph":' in l and l not in after]
assert not lost, lost
assert len(after) == len(before), (len(after), len(before))
PY
"$REAL" merge "$TMP/direct.jsonl" "$TMP/other.jsonl" >"$TMP/with-other.json"
cmp -s "$TMP/out" "$TMP/with-other.json" && pass || fail "the graph lacks a result that RESULTS held"
ls -a "$TMP" | grep -q '^\.nerpipe-batch' && fail "temporary files left next to RESULTS" || pass

# records without an id are processed on every run, never twice in RESULTS
python3 - "$TMP/noid.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(40):
        t = f"Arvid Kellmark met Mira Tolvanger in Oslo on Friday. Number {i}." * 10
        f.write(json.dumps({"text": t} if i % 10 == 3 else {"id": None, "text": t} if i % 10 == 4 else {"id": i, "text": t}) + "\n")
PY
NERPIPE=$TMP/crash batch -j 2 -r "$TMP/r2.jsonl" "$TMP/noid.jsonl" -- $GZ
batch -j 2 -r "$TMP/r2.jsonl" "$TMP/noid.jsonl" -- $GZ
[ "$BRC" = 0 ] && pass || fail "resume with records without an id: exit $BRC: $(head -c 300 "$TMP/err")"
batch -j 2 -r "$TMP/r2.jsonl" "$TMP/noid.jsonl" -- $GZ
python3 - "$TMP/r2.jsonl" <<'PY' 2>"$TMP/check" && pass || fail "records without an id: $(cat "$TMP/check")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 40, len(lines)
assert sum(1 for l in lines if l["id"] is None) == 8, [l["id"] for l in lines]
assert sorted(l["id"] for l in lines if l["id"] is not None) == [i for i in range(40) if i % 10 not in (3, 4)]
PY

# an empty INPUT, one of blank lines, and a RESULTS that has every
# record: nothing to do, said without a stray message
: >"$TMP/empty.jsonl"
printf '\n  \n\t\r\n' >"$TMP/blank.jsonl"
for f in empty blank; do
    for j in 1 2; do
        batch -j $j "$TMP/$f.jsonl" -- $GZ
        [ "$BRC" = 0 ] && pass || fail "$f INPUT, -j $j: exit $BRC: $(head -c 300 "$TMP/err")"
        [ "$(grep -c . "$TMP/err")" = 1 ] && expect_grep "^nerpipe-batch: [03] lines, 0 failed$" "$TMP/err" "$f INPUT, -j $j: the summary alone" ||
            fail "$f INPUT, -j $j: more than the summary: $(head -c 300 "$TMP/err")"
        expect_grep '"documents":\[\]' "$TMP/out" "$f INPUT, -j $j: the empty graph"
    done
done
head -n 30 "$TMP/in.jsonl" >"$TMP/good30.jsonl"
batch -j 2 -r "$TMP/r6.jsonl" "$TMP/good30.jsonl" -- $GZ
batch -j 2 -r "$TMP/r6.jsonl" "$TMP/good30.jsonl" -- $GZ
expect_grep "^nerpipe-batch: 30 lines, 0 failed, 30 done before$" "$TMP/err" "RESULTS with every record: all done before"
[ "$(grep -c . "$TMP/err")" = 1 ] && pass || fail "RESULTS with every record: more than the summary: $(head -c 300 "$TMP/err")"

# ---- a real worker killed from outside after its work: never a success
rm -f "$LOG"
NERPIPE=$TMP/hang2 "$BATCH" -j 2 -r "$TMP/r3.jsonl" "$TMP/in.jsonl" -- $GZ >"$TMP/out" 2>"$TMP/err" &
bp=$!
if until_true 300 logged 1; then
    for p in $(ours); do case $(ps -o args= -p "$p") in *"$FIFO"*) kill -9 "$p" ;; esac; done
    finish_within "$bp" 300
    [ "$WRC" = 1 ] && pass || fail "a worker killed after its work: exit $WRC, want 1"
    expect_grep "killed by signal 9" "$TMP/err" "a worker killed after its work is reported"
    expect_no_grep "missing" "$TMP/err" "nothing is missing when a worker is killed after its work"
    cmp -s "$TMP/r3.jsonl" "$TMP/direct.jsonl" && pass || fail "RESULTS when a worker is killed after its work"
else
    fail "the worker of the second chunk did not finish its work"
fi
reap

# ---- SIGINT, SIGTERM: no worker left, what was done is kept in RESULTS
# (a shell starts background commands with SIGINT ignored: python puts it back)
working() { [ -s "$LOG.start" ]; }
interrupt() { # SIGNAL STATUS WAIT-FOR-WORK [RESULTS] (without, no -r)
    rm -f "$LOG" "$LOG.start"
    NERPIPE=$TMP/hang python3 -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$BATCH" -j 2 ${4:+-r} ${4:+"$4"} "$TMP/in.jsonl" -- $GZ >"$TMP/out" 2>"$TMP/err" &
    bp=$!
    if [ "$3" = 1 ]; then until_true 300 logged 2 || fail "SIG$1: the workers did not finish their work"
    else until_true 300 working || fail "SIG$1: no worker started"; fi
    kill -s "$1" "$bp"
    finish_within "$bp" 120
    [ "$WRC" = "$2" ] && pass || fail "SIG$1: exit $WRC, want $2: $(head -c 300 "$TMP/err")"
    until_true 5 none_ours && pass || fail "SIG$1 left processes behind: $(for p in $(ours); do ps -o pid=,args= -p "$p"; done | head -c 300)"
    [ -z "$(ls -A "$TMP/tmpdir")" ] && pass || fail "SIG$1 left temporary files: $(ls -A "$TMP/tmpdir")"
    reap
}
interrupt INT 130 1 "$TMP/r4.jsonl"
check_results "$TMP/r4.jsonl" >"$TMP/n" 2>"$TMP/check" && [ "$(cat "$TMP/n")" = "$NREC" ] && pass ||
    fail "RESULTS after SIGINT once the work was done: $(cat "$TMP/n" "$TMP/check")"
rm -f "$LOG"
NERPIPE=$TMP/count batch -j 2 -r "$TMP/r4.jsonl" "$TMP/in.jsonl" -- $GZ
[ "$(awk '{ n += $1 } END { print n + 0 }' "$LOG")" = 4 ] && pass || fail "after SIGINT, resuming processed more than the 4 bad lines"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "graph after SIGINT and resuming"
interrupt TERM 143 0 "$TMP/r5.jsonl"
check_results "$TMP/r5.jsonl" >/dev/null 2>"$TMP/check" && pass || fail "RESULTS after SIGTERM: $(cat "$TMP/check")"
batch -j 2 -r "$TMP/r5.jsonl" "$TMP/in.jsonl" -- $GZ
same_lines "$TMP/r5.jsonl" && pass || fail "RESULTS after SIGTERM and resuming"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "graph after SIGTERM and resuming"
# without -r, where the final merge waits for the workers' partial graphs
interrupt INT 130 1
interrupt TERM 143 0

# ---- odd names: spaces, newlines, leading dashes, for INPUT, GRAPH, RESULTS
nl='
'
D="$TMP/in put$nl-dir"
mkdir -p "$D"
cp "$TMP/in.jsonl" "$D/-in put$nl.jsonl"
(cd "$D" && "$BATCH" -j 2 -o "-g raph$nl.json" -r "-r esults.jsonl" "./-in put$nl.jsonl" -- $GZ >"$TMP/out" 2>"$TMP/err")
BRC=$?
[ "$BRC" = 1 ] && pass || fail "odd names: exit $BRC: $(head -c 300 "$TMP/err")"
# (the document of a record whose id is not a string or an integer is named after INPUT)
(cd "$D" && "$REAL" --jsonl $GZ "./-in put$nl.jsonl" >"$TMP/odd.jsonl" 2>/dev/null)
"$REAL" merge "$TMP/odd.jsonl" >"$TMP/odd.json"
cmp -s "$D/-r esults.jsonl" "$TMP/odd.jsonl" && pass || fail "odd names: RESULTS"
cmp -s "$D/-g raph$nl.json" "$TMP/odd.json" && pass || fail "odd names: GRAPH"
# a directory whose files have odd names
A="$TMP/art icles$nl-x"
mkdir -p "$A/-sub dir$nl" "$A/b"
i=0
for name in "-a.txt" "b c.txt" "new${nl}line.txt" "-- dash.txt" "q\\uote\".txt" "tab	.txt"; do
    i=$((i + 1))
    printf 'Arvid Kellmark met Mira Tolvanger in Oslo on Friday. Story %s.\n' "$i" >"$A/-sub dir$nl/$name"
    printf 'Kenji Amabuchi met Ivan Drozhinov in Moscow on Monday. Story %s.\n' "$i" >"$A/b/$name"
done
cp "$NP_SRCDIR/examples/article.txt" "$A/b/victim.txt"
find "$A" -type f -name '*.txt' -print0 | sort -z | xargs -0 "$REAL" --date=2024-06-15 $GZ -- >"$TMP/dir.direct" 2>/dev/null
"$REAL" merge "$TMP/dir.direct" >"$TMP/dir.direct.json"
batch -j 2 "$A" -- --date=2024-06-15 $GZ
[ "$BRC" = 0 ] && pass || fail "a directory of odd names: exit $BRC: $(head -c 300 "$TMP/err")"
cmp -s "$TMP/out" "$TMP/dir.direct.json" && pass || fail "a directory of odd names: graph differs from one nerpipe run"
# a file whose worker dies is missing, by name
NERPIPE=$TMP/dcrash batch -j 2 "$A" -- --date=2024-06-15 $GZ
[ "$BRC" = 1 ] && pass || fail "a directory with a killed worker: exit $BRC, want 1"
expect_grep "missing: .*victim.txt" "$TMP/err" "a directory's missing files by name"
m=$(missing_count)
python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))
assert len(g["graph"]["documents"]) + int(sys.argv[2] or 0) == 13, (len(g["graph"]["documents"]), sys.argv[2])
assert "victim" not in json.dumps(g["graph"]["documents"])
' "$TMP/out" "$m" 2>"$TMP/check" && pass || fail "a directory with a killed worker: $(cat "$TMP/check")"

# ---- options after -- reach nerpipe as they are
G="$TMP/my gazetteer"
cp -R "$NP_SRCDIR/tests/data/gazetteer" "$G"
batch -j 2 "$TMP/in.jsonl" -- "--gazetteer=$G"
cmp -s "$TMP/out" "$TMP/direct.json" && pass || fail "--gazetteer=PATH with a space: $(head -c 300 "$TMP/err")"
batch -j 2 "$TMP/in.jsonl" -- --gazetteer "$G" --format gexf
"$REAL" merge --format=gexf "$TMP/direct.jsonl" >"$TMP/direct.gexf"
cmp -s "$TMP/out" "$TMP/direct.gexf" && pass || fail "--gazetteer PATH --format gexf, as separate arguments: $(head -c 300 "$TMP/err")"
batch -j 2 "$A" -- --date 2024-06-15 --gazetteer "$G"
cmp -s "$TMP/out" "$TMP/dir.direct.json" && pass || fail "a directory with --date DATE --gazetteer PATH"

# ---- the shared corpus, when it is there: its articles as a directory of
# odd names, and as JSON lines killed and resumed. (Merging chunks of real
# articles can pick another "role" or "why" than one run over all of them,
# so the graphs are compared by documents, nodes and links.)
same_graph() {
    python3 - "$1" "$2" <<'PY'
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
PY
}
CORPUS="$NP_SRCDIR/../shared/corpus"
if [ -d "$CORPUS" ] && ls "$CORPUS"/*/*.txt >/dev/null 2>&1; then
    C="$TMP/cor pus$nl"
    mkdir -p "$C"
    for f in "$CORPUS"/*/*.txt; do
        d=${f%/*}
        cp "$f" "$C/-${d##*/} ${f##*/}"
    done
    find "$C" -type f -name '*.txt' -print0 | sort -z | xargs -0 "$REAL" --date=2024-06-15 -- >"$TMP/c.direct" 2>/dev/null
    "$REAL" merge "$TMP/c.direct" >"$TMP/c.direct.json"
    batch -j 2 "$C" -- --date=2024-06-15
    [ "$BRC" = 0 ] && pass || fail "the corpus as a directory: exit $BRC: $(head -c 300 "$TMP/err")"
    same_graph "$TMP/out" "$TMP/c.direct.json" 2>"$TMP/check" && pass || fail "the corpus as a directory: $(tail -n 1 "$TMP/check")"
    python3 - "$C" "$TMP/c.jsonl" <<'PY'
import json, os, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for name in sorted(os.listdir(sys.argv[1])):
        text = open(os.path.join(sys.argv[1], name), encoding="utf-8", errors="replace").read()
        out.write(json.dumps({"id": name, "text": text, "date": "2024-06-15"}) + "\n")
PY
    "$REAL" --jsonl "$TMP/c.jsonl" >"$TMP/c.direct.jsonl" 2>/dev/null
    "$REAL" merge "$TMP/c.direct.jsonl" >"$TMP/c.direct2.json"
    NERPIPE=$TMP/crash batch -j 2 -r "$TMP/c.r.jsonl" "$TMP/c.jsonl"
    [ -n "$(missing_count)" ] && pass || fail "the corpus as JSON lines, a worker killed: nothing missing: $(head -c 300 "$TMP/err")"
    batch -j 2 -r "$TMP/c.r.jsonl" "$TMP/c.jsonl"
    [ "$BRC" = 0 ] && pass || fail "the corpus resumed: exit $BRC: $(head -c 300 "$TMP/err")"
    sort "$TMP/c.r.jsonl" >"$TMP/a.sorted"
    sort "$TMP/c.direct.jsonl" >"$TMP/b.sorted"
    cmp -s "$TMP/a.sorted" "$TMP/b.sorted" && pass || fail "the corpus resumed: RESULTS differ from a direct run's"
    same_graph "$TMP/out" "$TMP/c.direct2.json" 2>"$TMP/check" && pass || fail "the corpus resumed: $(tail -n 1 "$TMP/check")"
else
    echo "(no ../shared/corpus: its part skipped)"
fi

finish

#!/bin/sh
# tests/input.sh: input errors are errors, and dates have one validator.
# A directory or a read error as input is reported and exits 1; input over
# the 4 GiB limit (or, for the tests, the lower NP_TEST_MAX_INPUT) is
# refused before it is read, and a --jsonl line over it gives an error line
# while the others go on; a gazetteer directory with symbolic-link loops is
# walked once; YAML duplicate keys, NUL characters and unknown tags are
# refused with file:line:column, known tags honoured; --date, JSON-line
# dates and dates in text are real calendar dates of years 1 to 9999.
. "$NP_SRCDIR/tests/lib.sh"
EX="$NP_SRCDIR/examples/article.txt"
MEET="Arvid Kellmark met Mira Tolvanger in Oslo"
GZ="--gazetteer=$NP_SRCDIR/tests/data/gazetteer"

# ---- read errors ----

mkdir -p "$TMP/dir"
expect_exit 1 "a directory as FILE" -- "$NERPIPE" "$TMP/dir"
expect_grep "^nerpipe: $TMP/dir: Is a directory$" "$TMP/err" "directory as FILE message"
expect_exit 1 "a directory on standard input" -- sh -c "\"$NERPIPE\" < \"$TMP/dir\""
expect_grep "^nerpipe: -: Is a directory$" "$TMP/err" "directory on standard input message"
expect_exit 1 "a directory as --jsonl input" -- "$NERPIPE" --jsonl "$TMP/dir"
expect_grep "^nerpipe: $TMP/dir: Is a directory$" "$TMP/err" "directory as --jsonl input message"
expect_exit 1 "a directory as --jsonl standard input" -- sh -c "\"$NERPIPE\" --jsonl < \"$TMP/dir\""
expect_grep "^nerpipe: -: Is a directory$" "$TMP/err" "directory as --jsonl standard input message"
# the other inputs are still read
printf '{"id": "after", "text": "%s."}\n' "$MEET" >"$TMP/one.jsonl"
expect_exit 1 "--jsonl: a directory, then a file" -- "$NERPIPE" --jsonl "$TMP/dir" "$TMP/one.jsonl"
expect_grep '^{"id":"after","graph":' "$TMP/out" "the file after the directory gives its result"
printf '%s.\n' "$MEET" >"$TMP/one.txt"
expect_exit 1 "a directory, then a file" -- "$NERPIPE" "$TMP/dir" "$TMP/one.txt"
expect_grep '"id":"person:arvid-kellmark"' "$TMP/out" "the file after the directory is in the graph"

# ---- the size limit ----

# a sparse 5 GB file (no disk) is refused from its size, at once
if truncate -s 5G "$TMP/huge.txt" 2>/dev/null; then
    expect_exit 1 "a 5 GB file" -- timeout 20 "$NERPIPE" "$TMP/huge.txt"
    expect_grep "huge.txt: input of 5368709120 bytes is larger than the limit of 4294967280 bytes" "$TMP/err" \
        "5 GB file message"
    rm -f "$TMP/huge.txt"
fi
# a regular file and a pipe over a (test) limit of 4096 bytes; the limit itself is fine
head -c 5000 /dev/zero | tr '\0' a >"$TMP/5000.txt"
head -c 4096 "$TMP/5000.txt" >"$TMP/4096.txt"
expect_exit 1 "a file over the limit" -- env NP_TEST_MAX_INPUT=4096 "$NERPIPE" "$TMP/5000.txt"
expect_grep "5000.txt: input of 5000 bytes is larger than the limit of 4096 bytes" "$TMP/err" "file over the limit message"
expect_exit 1 "a pipe over the limit" -- sh -c "cat \"$TMP/5000.txt\" | NP_TEST_MAX_INPUT=4096 \"$NERPIPE\""
expect_grep "^nerpipe: -: input larger than the limit of 4096 bytes$" "$TMP/err" "pipe over the limit message"
expect_exit 0 "a pipe at the limit" -- sh -c "cat \"$TMP/4096.txt\" | NP_TEST_MAX_INPUT=4096 \"$NERPIPE\""
expect_exit 0 "a file at the limit" -- env NP_TEST_MAX_INPUT=4096 "$NERPIPE" "$TMP/4096.txt"

# a --jsonl line over the limit is an error line; the lines around it go on
python3 - "$TMP/long.jsonl" "$MEET" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": 1, "text": sys.argv[2] + "."}) + "\n")
    f.write(json.dumps({"id": 2, "text": "x" * 5000}) + "\n")
    f.write(json.dumps({"id": 3, "text": sys.argv[2] + " again."}) + "\n")
PY
expect_exit 1 "--jsonl: a line over the limit" -- env NP_TEST_MAX_INPUT=4096 "$NERPIPE" --jsonl "$TMP/long.jsonl"
jsonl_ok "$TMP/out" "--jsonl output with a long line"
expect_grep '^{"id":1,"graph":' "$TMP/out" "the line before the long one"
expect_grep '^{"id":null,"line":2,"error":"line 2: longer than the limit of 4096 bytes"}$' "$TMP/out" "the long line's error line"
expect_grep '^{"id":3,"graph":' "$TMP/out" "the line after the long one"
[ "$(wc -l <"$TMP/out")" -eq 3 ] && pass || fail "--jsonl with a long line: $(wc -l <"$TMP/out") lines, want 3"

# ... and is not kept: a 200 MB line with a limit of 1 MiB stays far under 200 MB
if [ -z "${NP_SAN_FLAGS:-}" ]; then
    python3 - "$NERPIPE" "$TMP/rss" <<'PY'
import os, resource, subprocess, sys
env = dict(os.environ, NP_TEST_MAX_INPUT=str(1 << 20))
p = subprocess.Popen(["timeout", "120", sys.argv[1], "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
chunk = b"x" * (1 << 20)
p.stdin.write(b'{"id": 1, "text": "')
for _ in range(200):
    p.stdin.write(chunk)
p.stdin.write(b'"}\n{"id": 2, "text": "Arvid Kellmark met Mira Tolvanger."}\n')
p.stdin.close()
out = p.stdout.read()
p.wait()
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[2], "w").write("%d %d %s\n" % (p.returncode, kb, out.count(b"\n")))
PY
    read -r rc kb lines <"$TMP/rss"
    [ "$rc" -eq 1 ] && [ "$lines" -eq 2 ] && pass || fail "200 MB --jsonl line: exit $rc, $lines lines (want 1 and 2)"
    [ "$kb" -lt 102400 ] && pass || fail "200 MB --jsonl line over a 1 MiB limit: peak $kb kB, want under 100 MB"
fi

# ---- directories with symbolic-link loops ----

mkdir -p "$TMP/loop/a/b/c"
printf 'entries:\n  - {id: person:input-loop-one, name: Edda Quillborne, type: person}\n' >"$TMP/loop/one.yaml"
printf 'entries:\n  - {id: person:input-loop-two, name: Brannoc Veydt, type: person}\n' >"$TMP/loop/a/b/c/two.yaml"
ln -s one.yaml "$TMP/loop/same.yaml"
ln -s . "$TMP/loop/self"; ln -s "$TMP/loop" "$TMP/loop/top"
for d in "$TMP/loop/a" "$TMP/loop/a/b" "$TMP/loop/a/b/c"; do
    ln -s . "$d/self"; ln -s .. "$d/up"; ln -s "$TMP/loop" "$d/top"; ln -s "$TMP/loop/a" "$d/a"
done
printf 'Edda Quillborne met Brannoc Veydt.\n' >"$TMP/loop.txt"
expect_exit 0 "a gazetteer directory with link loops" -- timeout 20 "$NERPIPE" --gazetteer="$TMP/loop" "$TMP/loop.txt"
expect_grep '"id":"person:input-loop-one"' "$TMP/out" "link loops: the top file is loaded"
expect_grep '"id":"person:input-loop-two"' "$TMP/out" "link loops: the deep file is loaded"
expect_no_grep "duplicate id" "$TMP/err" "link loops: each file is loaded once"

# ---- YAML: duplicate keys, NUL characters, tags ----

yaml_case() { # yaml_case DESCRIPTION WANTED-MESSAGE YAML
    printf '%b' "$3" >"$TMP/case.yaml"
    expect_exit 1 "YAML: $1" -- "$NERPIPE" --gazetteer="$TMP/case.yaml" "$TMP/one.txt"
    expect_grep "case.yaml:$2" "$TMP/err" "YAML: $1: message"
}
yaml_case "a key twice in an entry" "2:41: duplicate key 'name' (first at 2:19)" \
    'entries:\n  - {id: place:x, name: X, type: place, name: Y}\n'
yaml_case "a top-level key twice" "3:1: duplicate key 'entries' (first at 1:1)" \
    'entries:\n  - {id: place:x, name: X, type: place}\nentries: []\n'
yaml_case "a NUL in a string" "2:25: a NUL character in a string" \
    'entries:\n  - {id: place:x, name: "X\\0Y", type: place}\n'
yaml_case "an unknown local tag" "2:25: unsupported YAML tag '!foo'" \
    'entries:\n  - {id: place:x, name: !foo X, type: place}\n'
yaml_case "!!binary" "2:25: unsupported YAML tag '!!binary'" \
    'entries:\n  - {id: place:x, name: !!binary WA==, type: place}\n'
yaml_case "!!python/object" "2:5: unsupported YAML tag '!!python/object'" \
    'entries:\n  - !!python/object {id: place:x, name: X, type: place}\n'
yaml_case "!!int that is no integer" "2:46: 'many' is not an integer (!!int)" \
    'entries:\n  - {id: place:x, name: X, type: place, pop: !!int many}\n'
yaml_case "!!map on a sequence" "1:10: a sequence cannot be tagged '!!map'" \
    'entries: !!map\n  - {id: place:x, name: X, type: place}\n'
# known tags are honoured: !!str 7 is a string, !!bool True a boolean, !!null ~ null
printf 'entries: !!seq\n  - {id: place:input-xq, name: !!str Xqland, type: place, w: !!str 7, n: !!int 7, b: !!bool True, z: !!null ~, f: !!float 1.5}\n' \
    >"$TMP/tags.yaml"
printf 'Xqland is far.\n' >"$TMP/xq.txt"
expect_exit 0 "YAML: known tags" -- "$NERPIPE" --gazetteer="$TMP/tags.yaml" "$TMP/xq.txt"
expect_grep '"attributes":{"w":"7","n":7,"b":true,"z":null,"f":1.5}' "$TMP/out" "YAML: known tags are honoured"

# ---- dates: one validator ----

expect_exit 2 "--date=2023-02-31" -- "$NERPIPE" --date=2023-02-31 "$EX"
expect_exit 2 "--date=2023-02-29" -- "$NERPIPE" --date=2023-02-29 "$EX"
expect_exit 2 "--date=+023-02-03" -- "$NERPIPE" --date=+023-02-03 "$EX"
expect_exit 2 "--date=0000-01-01" -- "$NERPIPE" --date=0000-01-01 "$EX"
expect_grep "years 1 to 9999" "$TMP/err" "--date message"
expect_exit 0 "--date=2000-02-29" -- "$NERPIPE" --date=2000-02-29 "$EX"
expect_exit 0 "--date=9999-12-31" -- "$NERPIPE" --date=9999-12-31 "$EX"

# JSON lines: the same validator
python3 - "$TMP/dates.jsonl" "$MEET" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i, d in enumerate(["2023-02-31", "2023-02-29", "1900-02-29", "+023-02-03", "2023-02-+1",
                           "2023-2-10", "0000-01-01", "2024-02-29", "9999-12-31", "0001-01-01"]):
        f.write(json.dumps({"id": i, "text": sys.argv[2] + " on Friday.", "date": d}) + "\n")
PY
expect_exit 1 "--jsonl: bad dates" -- "$NERPIPE" --jsonl "$TMP/dates.jsonl"
jsonl_ok "$TMP/out" "--jsonl output with bad dates"
for i in 0 1 2 3 4 5 6; do
    expect_grep "^{\"id\":$i,\"line\":$((i + 1)),\"error\":\"line $((i + 1)): \\\\\"date\\\\\" is not a real date as YYYY-MM-DD\"}$" \
        "$TMP/out" "--jsonl: bad date on line $((i + 1))"
done
expect_grep '"date":"2024-02-29","date_source":"input"' "$TMP/out" "--jsonl: a leap day"
expect_grep '"date":"9999-12-31","date_source":"input"' "$TMP/out" "--jsonl: the last day"
expect_grep '"date":"0001-01-01","date_source":"input"' "$TMP/out" "--jsonl: the first day"

# arithmetic at the edges of the calendar never writes year 0, year 10000
# or a cut-off date: such a date is dropped
for d in 9999-12-31 0001-01-01; do
    for w in tomorrow yesterday "next Friday" "last Friday" "next week" "last week" "next month" "last month" \
        "next year" "last year" "next January" "last December" "on December 31" "on January 1"; do
        printf '%s %s.\n' "$MEET" "$w"
    done >"$TMP/edge.txt"
    expect_exit 0 "relative dates against $d" -- "$NERPIPE" --stage=relations --date="$d" "$TMP/edge.txt"
    expect_no_grep '"date":"\(0000\|1[0-9][0-9][0-9][0-9]\)' "$TMP/out" "relative dates against $d: no year 0 or 10000"
    expect_no_grep '"date":"\([0-9-]\{5\}\|[0-9-]\{6\}\|[0-9-]\{8\}\|[0-9-]\{9\}\|[0-9-]\{11,\}\)"' "$TMP/out" \
        "relative dates against $d: no malformed date"
done

# dates in the text: no 31 February, no February 30
for w in "on 31 February 2023" "on February 30" "on February 29, 2023" "on 2023-02-31" "on 31.02.2023" \
    "on 31/02/2013" "on 02/31/2013" "on April 31"; do
    printf '%s %s.\n' "$MEET" "$w" >"$TMP/bad-day.txt"
    expect_exit 0 "text date '$w'" -- "$NERPIPE" --date=2023-06-15 "$TMP/bad-day.txt"
    expect_grep '"relation":"met"' "$TMP/out" "text date '$w': the meeting is found"
    expect_no_grep '"date":"\(2013\|2023\)-0[24]-\(2[89]\|3[01]\)"' "$TMP/out" "text date '$w' is not taken"
done
printf '%s on February 29, 2024.\n' "$MEET" >"$TMP/leap.txt"
expect_exit 0 "text date February 29, 2024" -- "$NERPIPE" --date=2024-06-15 "$TMP/leap.txt"
expect_grep '"relation":"met"[^}]*"date":"2024-02-29"' "$TMP/out" "text date February 29, 2024 is taken"

# the document date from the first lines: only a real day
printf 'Published on 31/02/2013\n\n%s on Friday.\n' "$MEET" >"$TMP/pub.txt"
expect_exit 0 "Published on 31/02/2013" -- "$NERPIPE" "$TMP/pub.txt"
expect_grep '"document":{"name":"[^"]*","date":null,"date_source":null' "$TMP/out" "31/02/2013 is not the document date"
printf 'Published on 28/02/2013\n\n%s on Friday.\n' "$MEET" >"$TMP/pub.txt"
expect_exit 0 "Published on 28/02/2013" -- "$NERPIPE" "$TMP/pub.txt"
expect_grep '"date":"2013-02-28","date_source":"text"' "$TMP/out" "28/02/2013 is the document date"

finish

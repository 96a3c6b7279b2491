#!/bin/sh
# tests/cli.sh: the command line: options, exit codes, --stage output, and
# what happens with bad input (invalid UTF-8, NUL bytes, empty input, a
# 100 MB input, unreadable files, an unwritable output).
. "$NP_SRCDIR/tests/lib.sh"
EX="$NP_SRCDIR/examples/article.txt"

# --help, --version, usage errors (exit 2)
expect_exit 0 "--help" -- "$NERPIPE" --help
expect_grep "Exit status" "$TMP/out" "--help text"
expect_grep "stage=STAGE" "$TMP/out" "--help lists --stage"
expect_exit 0 "--version" -- "$NERPIPE" --version
expect_grep "^nerpipe [0-9]" "$TMP/out" "--version text"
expect_exit 2 "unknown option" -- "$NERPIPE" --no-such-option
expect_grep "unknown option" "$TMP/err" "unknown option message"
expect_exit 2 "bad --stage" -- "$NERPIPE" --stage=nothing
expect_exit 2 "bad --format" -- "$NERPIPE" --format=xml
expect_exit 2 "bad --date" -- "$NERPIPE" --date=2019-02-30
expect_grep "YYYY-MM-DD" "$TMP/err" "bad --date message"
expect_exit 2 "--date without value" -- "$NERPIPE" --date
expect_exit 0 "leap day" -- sh -c "\"$NERPIPE\" --date=2020-02-29 < \"$EX\""

# the default output is one JSON graph with the document's metadata
expect_exit 0 "example article" -- sh -c "\"$NERPIPE\" --date=2023-03-03 < \"$EX\""
json_ok "$TMP/out" "graph output"
expect_grep '"nodes":\[' "$TMP/out" "graph has nodes"
expect_grep '"links":\[' "$TMP/out" "graph has links"
expect_grep '"date":"2023-03-03"' "$TMP/out" "document date from --date"
expect_grep '"generator":"nerpipe ' "$TMP/out" "generator"
expect_exit 0 "--pretty" -- sh -c "\"$NERPIPE\" --pretty < \"$EX\""
json_ok "$TMP/out" "pretty output"
expect_grep '^  "nodes": \[' "$TMP/out" "pretty output is indented"
expect_exit 0 "file argument" -- "$NERPIPE" "$EX"
json_ok "$TMP/out" "output for a file argument"

# --stage output: JSON lines
expect_exit 0 "--stage=tokens" -- "$NERPIPE" --stage=tokens "$EX"
jsonl_ok "$TMP/out" "tokens lines"
expect_grep '"text":"Berset","start":' "$TMP/out" "a token line"
expect_grep '"kind":"word","shape":"Xxxxx"' "$TMP/out" "token kind and shape"
expect_exit 0 "--stage=sentences" -- "$NERPIPE" --stage=sentences "$EX"
jsonl_ok "$TMP/out" "sentence lines"
[ "$(wc -l < "$TMP/out")" -eq 5 ] && pass || fail "example article has 5 sentences, got $(wc -l < "$TMP/out")"
expect_grep '"kind":"headline","text":"Leaders agree to new talks on river treaty"' "$TMP/out" "headline alone"

# offsets are code points: the token text equals the slice of the input
if command -v python3 >/dev/null 2>&1; then
    printf 'Çavuşoğlu met Lavrov in Moscow.\n' > "$TMP/in.txt"
    "$NERPIPE" --stage=tokens "$TMP/in.txt" > "$TMP/tok.jsonl"
    if python3 -c '
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
for line in open(sys.argv[2], encoding="utf-8"):
    t = json.loads(line)
    assert text[t["start"]:t["end"]] == t["text"], t
' "$TMP/in.txt" "$TMP/tok.jsonl"; then pass; else fail "token offsets are not code points"; fi
fi

# bad input: a warning, a repaired text, exit 0
printf 'Abe \377\376 met Putin\000 in Sochi.' > "$TMP/bad.txt"
expect_exit 0 "invalid UTF-8" -- "$NERPIPE" --stage=tokens "$TMP/bad.txt"
expect_grep "invalid UTF-8 at byte offset 4; 2 invalid sequences replaced" "$TMP/err" "invalid UTF-8 warning"
expect_grep "1 NUL byte replaced" "$TMP/err" "NUL warning"
jsonl_ok "$TMP/out" "tokens of repaired input"
printf '\357\273\277Hello\r\nWorld\r\n' > "$TMP/bom.txt"
expect_exit 0 "BOM and CRLF" -- "$NERPIPE" --stage=tokens "$TMP/bom.txt"
expect_grep '"text":"Hello","start":0' "$TMP/out" "BOM dropped"
head -c 20000 /dev/urandom > "$TMP/junk.bin"
expect_exit 0 "binary junk" -- "$NERPIPE" "$TMP/junk.bin"
json_ok "$TMP/out" "graph of binary junk"
expect_grep "invalid UTF-8" "$TMP/err" "binary junk warning"

# empty and blank input: a warning and an empty graph
: > "$TMP/empty.txt"
expect_exit 0 "empty input" -- "$NERPIPE" "$TMP/empty.txt"
expect_grep "the input is empty" "$TMP/err" "empty input warning"
json_ok "$TMP/out" "graph of empty input"
printf '  \n\n\t \n' > "$TMP/blank.txt"
expect_exit 0 "blank input" -- "$NERPIPE" "$TMP/blank.txt"
expect_grep "only white space" "$TMP/err" "blank input warning"

# missing or unreadable inputs: exit 1, the other inputs are still processed
expect_exit 1 "missing file" -- "$NERPIPE" "$TMP/no-such-file.txt" "$EX"
expect_grep "no-such-file.txt: No such file or directory" "$TMP/err" "missing file message"
json_ok "$TMP/out" "graph of the readable input"
expect_exit 0 "two inputs" -- "$NERPIPE" "$EX" "$EX"
expect_grep '"documents":\[' "$TMP/out" "several inputs make one graph"
expect_exit 1 "directory as input" -- "$NERPIPE" "$TMP"

# data directory problems
expect_exit 1 "missing data dir" -- "$NERPIPE" --data="$TMP/nowhere" "$EX"
expect_grep "data directory" "$TMP/err" "missing data dir message"
mkdir -p "$TMP/data/rules"
printf 'abbreviations: [Mr\n' > "$TMP/data/rules/sentences.yaml"
expect_exit 1 "broken rules YAML" -- "$NERPIPE" --data="$TMP/data" "$EX"
expect_grep "sentences.yaml:2:1: YAML syntax error" "$TMP/err" "YAML error names file:line:col"
NERPIPE_DATA="$TMP/nowhere" expect_exit 1 "NERPIPE_DATA respected" -- "$NERPIPE" "$EX"

# an unwritable output: a message and exit 3
if [ -w /dev/full ]; then
    expect_exit 3 "output to /dev/full" -- sh -c "\"$NERPIPE\" \"$EX\" > /dev/full"
    expect_grep "cannot write the output" "$TMP/err" "/dev/full message"
fi

# a 100 MB input works, as lines and as one single line, in linear time
# and within the memory bound the README documents: the peak resident set
# is at most 6 times the input plus 64 MiB (not checked under sanitizers,
# which multiply memory)
for shape in lines line; do
    python3 - "$EX" "$TMP/big.txt" "$shape" <<'PY' || fail "cannot make the big input"
import sys
block = open(sys.argv[1], encoding="utf-8").read() + "\n"
if sys.argv[3] == "line":
    block = block.replace("\n", " ")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    n = 0
    while n < 100 * 1024 * 1024:
        f.write(block)
        n += len(block.encode())
PY
    expect_exit 0 "100 MB input ($shape)" -- "$NERPIPE" --stats "$TMP/big.txt"
    json_ok "$TMP/out" "graph of the 100 MB input ($shape)"
    expect_grep '"relation":"met"' "$TMP/out" "the 100 MB input's meetings ($shape)"
    peak=$(sed -n 's/.*"peak_rss_kb":\([0-9]*\).*/\1/p' "$TMP/err")
    bytes=$(wc -c <"$TMP/big.txt")
    if [ -z "${NP_SAN_FLAGS:-}" ]; then
        [ -n "$peak" ] && [ "$peak" -le $((bytes * 6 / 1024 + 65536)) ] && pass ||
            fail "100 MB input ($shape): peak ${peak:-?} kB is over 6 x $bytes bytes + 64 MiB"
    fi
done
rm -f "$TMP/big.txt"

# a gazetteer too large to load (a sparse 1 GB file) is refused before it is read
mkdir -p "$TMP/huge"
if truncate -s 1G "$TMP/huge/big.yaml" 2>/dev/null; then
    expect_exit 1 "1 GB gazetteer" -- "$NERPIPE" --gazetteer="$TMP/huge/big.yaml" "$EX"
    expect_grep "big.yaml" "$TMP/err" "1 GB gazetteer message names the file"
    rm -f "$TMP/huge/big.yaml"
fi
# an alias bomb is refused
printf 'defaults: &a {type: place}\nentries: [*a, *a, *a]\n' >"$TMP/huge/bomb.yaml"
expect_exit 1 "YAML alias bomb" -- "$NERPIPE" --gazetteer="$TMP/huge/bomb.yaml" "$EX"
expect_grep "anchors and aliases are not supported" "$TMP/err" "alias bomb message"

# inputs the fuzzers once crashed on (tests/fuzz/regress/pipeline) are fine now
for f in "$NP_SRCDIR"/tests/fuzz/regress/pipeline/*; do
    [ -f "$f" ] || continue
    expect_exit 0 "fuzz regression $(basename "$f")" -- "$NERPIPE" --date=2020-02-29 "$f"
    json_ok "$TMP/out" "graph of fuzz regression $(basename "$f")"
done

# --stats: one JSON line on stderr with the timings, the graph still on stdout
expect_exit 0 "--stats" -- "$NERPIPE" --stats --date=2023-03-03 "$EX"
json_ok "$TMP/out" "graph with --stats"
expect_grep '^{"stats":{"model":"yaml","load_s":' "$TMP/err" "--stats line"
expect_grep '"relations_s":' "$TMP/err" "--stats has the relation stage"
expect_grep '"bytes":455,' "$TMP/err" "--stats counts the input bytes"

# --stage=entities and --stage=relations explain themselves
expect_exit 0 "--stage=entities" -- "$NERPIPE" --stage=entities --date=2023-03-03 "$EX"
expect_grep '"text":"Olaf Scholz","id":"person:olaf-scholz"' "$TMP/out" "entity line"
expect_grep '"why":' "$TMP/out" "entity lines say why"
expect_exit 0 "--stage=relations" -- "$NERPIPE" --stage=relations --date=2023-03-03 "$EX"
expect_grep '"relation":"met","rule":"met-with"' "$TMP/out" "relation candidate line"
expect_grep '"kept":true' "$TMP/out" "kept candidates are marked"

# every --stage line names its document as the graph does: two files in one
# run, standard input ("-") and a file name that is not UTF-8 (U+FFFD for
# its bad bytes); the lines of two files are those of each file alone
if command -v python3 >/dev/null 2>&1; then
    mkdir -p "$TMP/stagedocs"
    printf 'Arvid Kellmark met Mira Tolvanger in Oslo on Friday.\n' >"$TMP/stagedocs/a.txt"
    printf 'Odile Varnhagen met Liam Brennick in Bergen on Monday. They talked.\n' >"$TMP/stagedocs/b.txt"
    BADDOC="$TMP/stagedocs/$(printf 'c\377.txt')"
    cp "$TMP/stagedocs/a.txt" "$BADDOC"
    for s in tokens sentences entities relations; do
        for f in a b; do
            "$NERPIPE" --stage=$s --date=2024-06-15 "$TMP/stagedocs/$f.txt" >"$TMP/stagedocs/$s.$f" 2>/dev/null
        done
        expect_exit 0 "--stage=$s of two files" -- "$NERPIPE" --stage=$s --date=2024-06-15 \
            "$TMP/stagedocs/a.txt" "$TMP/stagedocs/b.txt"
        cp "$TMP/out" "$TMP/stagedocs/$s.ab"
        expect_exit 0 "--stage=$s of standard input" -- sh -c \
            "\"$NERPIPE\" --stage=$s --date=2024-06-15 <\"$TMP/stagedocs/a.txt\""
        cp "$TMP/out" "$TMP/stagedocs/$s.stdin"
        expect_exit 0 "--stage=$s of a file name that is not UTF-8" -- "$NERPIPE" --stage=$s --date=2024-06-15 "$BADDOC"
        cp "$TMP/out" "$TMP/stagedocs/$s.bad"
    done
    "$NERPIPE" --date=2024-06-15 "$BADDOC" >"$TMP/stagedocs/bad.json" 2>/dev/null
    if python3 - "$TMP/stagedocs" >"$TMP/stagedocs.out" 2>&1 <<'PY'
import json, sys
d = sys.argv[1]
def lines(name):
    with open(f"{d}/{name}", encoding="utf-8") as f:
        return [json.loads(l) for l in f]
with open(f"{d}/bad.json", encoding="utf-8") as f:
    bad = json.load(f)["graph"]["document"]["name"]
assert "\ufffd" in bad, bad
for s in ("tokens", "sentences", "entities", "relations"):
    a, b, ab = lines(f"{s}.a"), lines(f"{s}.b"), lines(f"{s}.ab")
    assert a and b, (s, "no lines")
    assert all(l.get("document") == f"{d}/a.txt" for l in a), (s, a[0])
    assert all(l.get("document") == f"{d}/b.txt" for l in b), (s, b[0])
    assert ab == a + b, (s, "two files are not each file's lines in turn")
    assert all(l.get("document") == "-" for l in lines(f"{s}.stdin")), (s, lines(f"{s}.stdin")[0])
    assert all(l.get("document") == bad for l in lines(f"{s}.bad")), (s, lines(f"{s}.bad")[0], bad)
    # the lines differ only in the document
    strip = lambda ls: [{k: v for k, v in l.items() if k != "document"} for l in ls]
    assert strip(lines(f"{s}.stdin")) == strip(a) == strip(lines(f"{s}.bad")), s
print("ok")
PY
    then pass; else fail "--stage lines name their documents: $(tail -c 800 "$TMP/stagedocs.out")"; fi
fi

# the example's meeting, with its place, date and evidence
expect_exit 0 "example meeting" -- "$NERPIPE" --date=2023-03-03 "$EX"
expect_grep '"source":"person:alain-berset","target":"person:olaf-scholz","relation":"met","place":"place:geneva","date":"2023-03-03","status":"occurred"' \
    "$TMP/out" "the example's meeting"
expect_grep '"evidence":\[{"sentence":' "$TMP/out" "links carry evidence"

# a broken rule file: file:line:column and exit 1
mkdir -p "$TMP/data2/gazetteers"
cp -R "$NP_SRCDIR/rules" "$TMP/data2/rules"
chmod -R u+w "$TMP/data2"
printf 'rules:\n  - id: bad\n    relation: met\n    pattern: "<person:a> met <persn:b>"\n' >"$TMP/data2/rules/relations/zz-bad.yaml"
expect_exit 1 "broken rule file" -- "$NERPIPE" --data="$TMP/data2" "$EX"
expect_grep "zz-bad.yaml:4:31: in pattern: unknown mention type 'persn'" "$TMP/err" "rule error position"

finish

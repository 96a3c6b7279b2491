#!/bin/sh
# tests/hostile.sh: the hostile-input catalogue. Each case: what is fed,
# the exit status and the message nerpipe must give. (More cases, such as
# a 100 MB input, /dev/full, alias bombs and 1 GB gazetteers, are in
# cli.sh; the loaders' messages are checked one by one in check_entities
# and check_relations.)
. "$NP_SRCDIR/tests/lib.sh"

# whitespace only: an empty graph and a warning
printf ' \n\t\r\n  \n' >"$TMP/ws.txt"
expect_exit 0 "whitespace only" -- "$NERPIPE" "$TMP/ws.txt"
expect_grep "only white space" "$TMP/err" "whitespace-only warning"
json_ok "$TMP/out" "graph of whitespace"

# invalid UTF-8 of every kind: repaired, with the first bad offset and a count
printf 'Overlong \300\257 slash, surrogate \355\240\200 half, truncated \342\202 euro, stray \200\277 bytes, late start \360\220\n' >"$TMP/utf8.txt"
expect_exit 0 "invalid UTF-8 kinds" -- "$NERPIPE" --stage=tokens "$TMP/utf8.txt"
expect_grep "invalid UTF-8 at byte offset 9; " "$TMP/err" "first bad byte offset"
expect_grep "invalid sequences replaced by U+FFFD" "$TMP/err" "count of replacements"
python3 -c 'import sys; [__import__("json").loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$TMP/out" 2>"$TMP/e" &&
    pass || fail "token lines after repair are not valid UTF-8 JSON: $(cat "$TMP/e")"

# NUL bytes in the middle of text
printf 'Arvid\000Kellmark met\000 Mira Tolvanger.\n' >"$TMP/nul.txt"
expect_exit 0 "NUL bytes" -- "$NERPIPE" "$TMP/nul.txt"
expect_grep "2 NUL bytes replaced by U+FFFD" "$TMP/err" "NUL warning"

# a sentence of 1,000,000 tokens with no punctuation: finishes, bounded time
python3 -c 'import sys; sys.stdout.write(" ".join(["word"] * 999999) + " Putin\n")' >"$TMP/long.txt"
expect_exit 0 "1,000,000-token sentence" -- timeout 120 "$NERPIPE" "$TMP/long.txt"
json_ok "$TMP/out" "graph of the long sentence"
rm -f "$TMP/long.txt"

# one document with 20,000 different meetings among 4,000 people: every
# one is a link of its own (links are indexed, not scanned, so a long
# document stays linear; scripts/bench prints the scaling)
python3 - "$TMP/crowd" <<'PY'
import os, random, sys
d = sys.argv[1]
os.makedirs(d + "/gz", exist_ok=True)
syl = ["ka", "lo", "mi", "ren", "sta", "vo", "dar", "el", "qui", "tor", "ban", "shi", "mu", "zen", "pol"]
rng = random.Random(7)
names = set()
while len(names) < 4000:
    names.add(("".join(rng.choice(syl) for _ in range(2)).capitalize() + " " +
               "".join(rng.choice(syl) for _ in range(3)).capitalize()))
names = sorted(names)
with open(d + "/gz/people.yaml", "w") as f:
    f.write("entries:\n")
    for i, n in enumerate(names):
        f.write(f"  - {{id: person:crowd-{i}, name: {n}, type: person}}\n")
pairs = set()
while len(pairs) < 20000:
    a, b = rng.sample(range(len(names)), 2)
    pairs.add((min(a, b), max(a, b)))
with open(d + "/text.txt", "w") as f:
    for a, b in sorted(pairs):
        f.write(f"{names[a]} met {names[b]} on Monday.\n\n")
PY
expect_exit 0 "20,000 meetings in one document" -- timeout 300 "$NERPIPE" --gazetteer="$TMP/crowd/gz" "$TMP/crowd/text.txt"
n=$(grep -o '"relation":"met"' "$TMP/out" | wc -l)
[ "$n" -eq 20000 ] && pass || fail "20,000 meetings in one document gave $n met links"
rm -rf "$TMP/crowd"

# deeply nested YAML in a gazetteer: refused with its position
python3 -c 'print("entries: " + "[" * 200 + "]" * 200)' >"$TMP/deep.yaml"
expect_exit 1 "deeply nested YAML" -- "$NERPIPE" --gazetteer="$TMP/deep.yaml" "$NP_SRCDIR/examples/article.txt"
expect_grep "deep.yaml:1:" "$TMP/err" "nesting error position"
expect_grep "nesting deeper than 64 levels" "$TMP/err" "nesting error message"

# a FIFO among the gazetteer files: skipped with a warning, never waited on
mkdir -p "$TMP/fifo"
if mkfifo "$TMP/fifo/waiting.yaml" 2>/dev/null; then
    printf 'entries:\n  - {id: person:hostile-fifo-test, name: Edda Quillborne, type: person}\n' >"$TMP/fifo/real.yaml"
    printf 'Edda Quillborne arrived.\n' >"$TMP/fifo.txt"
    expect_exit 0 "FIFO in a gazetteer directory" -- timeout 60 "$NERPIPE" --gazetteer="$TMP/fifo" "$TMP/fifo.txt"
    expect_grep "waiting.yaml: not a regular file; skipped" "$TMP/err" "FIFO warning"
    expect_grep '"id":"person:hostile-fifo-test"' "$TMP/out" "the directory's other files are loaded"
fi

# a rule pattern nested 100,000 groups deep (it overflowed the stack):
# refused with its position
mkdir -p "$TMP/deeprules/gazetteers"
cp -R "$NP_SRCDIR/rules" "$TMP/deeprules/rules"
chmod -R u+w "$TMP/deeprules"
python3 -c 'n = 100000; print("rules:\n  - id: deep\n    relation: met\n    pattern: \"" + "(" * n + "<people:a> met <people:b>" + ")" * n + "\"")' \
    >"$TMP/deeprules/rules/relations/zz-deep.yaml"
expect_exit 1 "rule nested 100,000 deep" -- "$NERPIPE" --data="$TMP/deeprules" "$NP_SRCDIR/examples/article.txt"
expect_grep "zz-deep.yaml:4:47: in pattern: patterns nest at most 32 groups and ! deep" "$TMP/err" "deep rule message"
rm -rf "$TMP/deeprules"

# wrong value types
printf 'entries:\n  - {id: place:x, name: [X], type: place}\n' >"$TMP/types.yaml"
expect_exit 1 "a list where a name belongs" -- "$NERPIPE" --gazetteer="$TMP/types.yaml" "$NP_SRCDIR/examples/article.txt"
expect_grep "types.yaml:2:" "$TMP/err" "wrong type position"

# a data directory that is not one
mkdir -p "$TMP/notdata"
expect_exit 1 "data directory without rules" -- "$NERPIPE" --data="$TMP/notdata" "$NP_SRCDIR/examples/article.txt"
expect_grep "has no rules/sentences.yaml" "$TMP/err" "bad data directory message"

# output to a closed pipe: a quiet end, no error message
"$NERPIPE" --stage=tokens "$NP_SRCDIR/examples/article.txt" 2>"$TMP/pipe.err" | head -c 1 >/dev/null
[ -s "$TMP/pipe.err" ] && fail "closed pipe printed: $(cat "$TMP/pipe.err")" || pass

# a compiled model whose large tables hold junk (start-up reads only the
# header, the table directory and the small tables; the rest is checked
# where a document uses it): each run maps it and ends, exit 0, never a
# crash or a hang; the output may be wrong, but it is there
"$NERPIPE" compile --output="$TMP/junk.model" 2>/dev/null
junk_tables() { # MODEL OUT TAG... (ALL: every large table)
    python3 - "$@" <<'PY'
import random, struct, sys
src, out, tags = sys.argv[1], sys.argv[2], sys.argv[3:]
b = bytearray(open(src, "rb").read())
rng = random.Random(" ".join(tags))
n = struct.unpack_from("<I", b, 40)[0]
for i in range(n):
    tag, elsz, count, off = struct.unpack_from("<4sIQQ", b, 80 + 24 * i)
    size = elsz * count
    if size < 65536 or (tags != ["ALL"] and tag.decode() not in tags):
        continue
    # the pool's first and last bytes are checked at start-up: keep them
    lo, hi = (off + 1, off + size - 1) if tag == b"POOL" else (off, off + size)
    b[lo:hi] = bytes(rng.getrandbits(8) for _ in range(hi - lo))
open(out, "wb").write(bytes(b))
PY
}
for tables in POOL VENT VSLT TRNO TRED TRPA GENT GCAN GROL GIDS GOFF GTRM ALL; do
    junk_tables "$TMP/junk.model" "$TMP/junked.model" $tables
    expect_exit 0 "a model with junk in $tables" -- timeout 120 "$NERPIPE" --model="$TMP/junked.model" --stats \
        --date=2008-03-01 "$NP_SRCDIR/examples/article.txt"
    expect_grep '"model":"mapped"' "$TMP/err" "a model with junk in $tables is mapped"
    expect_exit 0 "a model with junk in $tables, entities" -- timeout 120 "$NERPIPE" --model="$TMP/junked.model" \
        --stage=entities --date=2008-03-01 "$NP_SRCDIR/examples/article.txt"
done
rm -f "$TMP/junk.model" "$TMP/junked.model"

# binary junk in --jsonl: an error line, not a crash
head -c 4096 /dev/urandom >"$TMP/junk.jsonl" 2>/dev/null || printf '\001\002\377' >"$TMP/junk.jsonl"
timeout 60 "$NERPIPE" --jsonl "$TMP/junk.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] || [ "$rc" -eq 0 ] && pass || fail "--jsonl on junk: exit $rc"

finish

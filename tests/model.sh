#!/bin/sh
# tests/model.sh: nerpipe compile and --model from the command line: the
# compiled model gives the same output as the YAML, is rebuilt when a
# source changes, another version wrote it or its header or table
# directory is damaged (with a warning), is used when damage is in a table
# (which nerpipe check --model finds), a model that
# cannot be written never stops a run, and nothing but a model is ever
# replaced: another file, a directory, a FIFO, a device or a symbolic link
# at FILE is refused by --model (a warning, the run goes on from the YAML)
# and by compile (exit 3), and left as it was.
. "$NP_SRCDIR/tests/lib.sh"
EX="$NP_SRCDIR/examples/article.txt"
M="$TMP/nerpipe.model"

stat_model() { sed -n 's/.*"model":"\([a-z]*\)".*/\1/p' "$TMP/err"; }

expect_exit 0 "compile" -- "$NERPIPE" compile --output="$M"
expect_grep "compiled [0-9]* gazetteer entries and [0-9]* rules into $M" "$TMP/err" "compile reports what it wrote"
[ -s "$M" ] && pass || fail "compile wrote no file"
expect_exit 0 "compile, default name" -- sh -c "cd '$TMP' && '$NERPIPE' compile"
[ -s "$TMP/nerpipe.model" ] && pass || fail "compile writes nerpipe.model by default"
# the same sources give the same bytes (no stray padding or addresses)
cmp -s "$M" "$TMP/nerpipe.model" && pass || fail "two compiles of the same sources differ"

# the same graph, mapped
"$NERPIPE" --date=2023-03-03 "$EX" >"$TMP/yaml.json"
expect_exit 0 "--model" -- "$NERPIPE" --model="$M" --stats --date=2023-03-03 "$EX"
cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "--model changes the output"
[ "$(stat_model)" = mapped ] && pass || fail "--model did not map the file: $(cat "$TMP/err")"
expect_no_grep "warning" "$TMP/err" "a sound model maps quietly"
expect_exit 0 "NERPIPE_MODEL" -- env NERPIPE_MODEL="$M" "$NERPIPE" --stats --date=2023-03-03 "$EX"
cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "NERPIPE_MODEL changes the output"
[ "$(stat_model)" = mapped ] && pass || fail "NERPIPE_MODEL did not map the file"
# office holders at the document's date: a mapped model indexes the
# gazetteer's offices as a loaded one does
printf 'The Indian prime minister met President Bush in Delhi.\n' >"$TMP/office.txt"
"$NERPIPE" --date=2008-03-01 "$TMP/office.txt" >"$TMP/office-yaml.json"
expect_grep '"label":"Manmohan Singh"' "$TMP/office-yaml.json" "a bare title names the office holder"
expect_grep '"label":"George W. Bush"' "$TMP/office-yaml.json" "a title and a shared family name name the office holder"
expect_exit 0 "--model, office holders" -- "$NERPIPE" --model="$M" --date=2008-03-01 "$TMP/office.txt"
cmp -s "$TMP/out" "$TMP/office-yaml.json" && pass || fail "--model changes the office holders"

# a missing file is built on first use, then mapped
expect_exit 0 "--model, missing file" -- "$NERPIPE" --model="$TMP/new.model" --stats "$EX"
[ "$(stat_model)" = rebuilt ] && pass || fail "a missing model is not built: $(cat "$TMP/err")"
expect_no_grep "warning" "$TMP/err" "building a missing model is quiet"
expect_exit 0 "--model, built" -- "$NERPIPE" --model="$TMP/new.model" --stats "$EX"
[ "$(stat_model)" = mapped ] && pass || fail "the built model is not mapped"

# flip_byte FILE OFFSET (negative: from the end)
flip_byte() {
    python3 - "$1" "$2" <<'PY'
import sys
p, at = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read())
b[at] ^= 0x5a
open(p, "wb").write(bytes(b))
PY
}

# nerpipe check --model=FILE: the whole file, checksum and tables
expect_exit 0 "check --model, sound" -- "$NERPIPE" check --model="$M"
expect_grep "^nerpipe check: $M: a sound model of [0-9]* gazetteer entries and [0-9]* rules; 0 problems\$" "$TMP/err" \
    "check --model passes a sound model"
[ ! -s "$TMP/out" ] && pass || fail "check --model printed a problem for a sound model: $(cat "$TMP/out")"
expect_exit 2 "check --model with a PATH" -- "$NERPIPE" check --model="$M" "$EX"
expect_grep "takes no PATH" "$TMP/err" "check --model refuses PATHs"

# damaged in its header or table directory (what every start-up reads): a
# warning, a rebuild, the same output, exit 0
flip_byte "$M" 100
expect_exit 0 "--model, damaged" -- "$NERPIPE" --model="$M" --stats --date=2023-03-03 "$EX"
expect_grep "warning: .*nerpipe.model: corrupt (directory checksum mismatch); rebuilding it from the sources" \
    "$TMP/err" "a damaged model is reported"
[ "$(stat_model)" = rebuilt ] && pass || fail "a damaged model is not rebuilt"
cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "output after a rebuild differs"
expect_exit 0 "--model, repaired" -- "$NERPIPE" --model="$M" --stats "$EX"
[ "$(stat_model)" = mapped ] && pass || fail "the rebuilt model is not mapped"

# damaged in a large table, which start-up does not read: the model is
# used (the damage can change answers, not crash), and check --model
# finds it (exit 1, the problem on standard output)
cp "$M" "$TMP/sound.model"
flip_byte "$M" -1000
expect_exit 0 "--model, a table damaged" -- "$NERPIPE" --model="$M" --stats --date=2023-03-03 "$EX"
[ "$(stat_model)" = mapped ] && pass || fail "a model damaged in a table is not mapped: $(cat "$TMP/err")"
expect_exit 1 "check --model, damaged" -- "$NERPIPE" check --model="$M"
expect_grep "^$M: corrupt (checksum mismatch)\$" "$TMP/out" "check --model finds a damaged table"
expect_grep "1 problem" "$TMP/err" "check --model counts the problem"
mv "$TMP/sound.model" "$M"

# a model of another format (an older nerpipe's): rebuilt without a warning
python3 - "$M" <<'PY'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
struct.pack_into("<I", b, 8, 8)
open(p, "wb").write(bytes(b))
PY
cp "$M" "$TMP/old-format.model"
expect_exit 0 "--model, another format" -- "$NERPIPE" --model="$M" --stats --date=2023-03-03 "$EX"
[ "$(stat_model)" = rebuilt ] && pass || fail "a model of another format is not rebuilt"
expect_no_grep "warning" "$TMP/err" "a model of another format is rebuilt quietly"
cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "output after rebuilding another format differs"
expect_exit 1 "check --model, another format" -- "$NERPIPE" check --model="$TMP/old-format.model"
expect_grep "old-format.model: written by another version of nerpipe" "$TMP/out" "check --model names another format"

# truncated
head -c 100000 "$M" >"$TMP/cut" && mv "$TMP/cut" "$M"
expect_exit 0 "--model, truncated" -- "$NERPIPE" --model="$M" "$EX"
expect_grep "nerpipe.model: truncated; rebuilding it from the sources" "$TMP/err" "a truncated model is reported"

# not a model at all: never replaced, whatever it is. FILE's type, inode,
# size and time before and after (a FIFO would block a plain open: the
# commands run under a timeout so that a hang fails instead of stopping
# the suite)
what_is() { stat -c '%F %i %s %Y %t:%T' "$1"; }
NOT_REG="not a nerpipe model (a regular file that does not begin with NERPIPEM, the mark of a model); refusing to replace it"
refused() { # PATH KIND DESCRIPTION
    before=$(what_is "$1")
    expect_exit 0 "--model, $3" -- timeout 600 "$NERPIPE" --model="$1" --stats --date=2023-03-03 "$EX"
    expect_grep "^nerpipe: warning: $1: not a nerpipe model ($2); refusing to replace it; using the YAML sources\$" \
        "$TMP/err" "--model refuses $3"
    [ "$(stat_model)" = yaml ] && pass || fail "--model, $3: the model is not the YAML's: $(cat "$TMP/err")"
    cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "--model, $3: the output differs"
    [ "$(what_is "$1")" = "$before" ] && pass || fail "--model changed $3: $before, now $(what_is "$1")"
    expect_exit 3 "compile, $3" -- timeout 600 "$NERPIPE" compile --output="$1"
    expect_grep "^nerpipe: $1: not a nerpipe model ($2); refusing to replace it\$" "$TMP/err" "compile refuses $3"
    [ "$(what_is "$1")" = "$before" ] && pass || fail "compile changed $3: $before, now $(what_is "$1")"
}
printf '{"nodes": [], "links": []}\n' >"$TMP/graph.json"
cp "$TMP/graph.json" "$TMP/graph.keep"
refused "$TMP/graph.json" "a regular file that does not begin with NERPIPEM, the mark of a model" "a JSON file"
cmp -s "$TMP/graph.json" "$TMP/graph.keep" && pass || fail "a JSON file given as the model was overwritten"
expect_exit 0 "--model, not a model, NERPIPE_MODEL" -- env NERPIPE_MODEL="$TMP/graph.json" "$NERPIPE" "$EX"
expect_grep "graph.json: $NOT_REG" "$TMP/err" "NERPIPE_MODEL refuses a JSON file"
cmp -s "$TMP/graph.json" "$TMP/graph.keep" && pass || fail "NERPIPE_MODEL overwrote a JSON file"
: >"$TMP/empty"
refused "$TMP/empty" "a regular file that does not begin with NERPIPEM, the mark of a model" "an empty file"
mkdir "$TMP/adir"
refused "$TMP/adir" "a directory" "a directory"
mkfifo "$TMP/fifo"
refused "$TMP/fifo" "a FIFO" "a FIFO"
ln -s "$TMP/graph.json" "$TMP/link"
refused "$TMP/link" "a symbolic link" "a symbolic link to a file"
ln -s "$TMP/fifo" "$TMP/link-fifo"
refused "$TMP/link-fifo" "a symbolic link" "a symbolic link to a FIFO"
ln -s "$TMP/no-such-file" "$TMP/dangling"
refused "$TMP/dangling" "a symbolic link" "a dangling symbolic link"
[ ! -e "$TMP/no-such-file" ] && pass || fail "a dangling link's target was created"
cmp -s "$TMP/graph.json" "$TMP/graph.keep" && pass || fail "a JSON file behind a link was overwritten"
if mknod "$TMP/null" c 1 3 2>/dev/null; then # root: a device of our own
    refused "$TMP/null" "a character device" "a character device"
    [ -c "$TMP/null" ] && pass || fail "the device is no longer one"
    # and the real one: still a character device that swallows writes
    expect_exit 0 "--model=/dev/null" -- "$NERPIPE" --model=/dev/null "$EX"
    expect_grep "/dev/null: not a nerpipe model (a character device); refusing" "$TMP/err" "--model=/dev/null refused"
    expect_exit 3 "compile --output=/dev/null" -- "$NERPIPE" compile --output=/dev/null
    [ -c /dev/null ] && echo x >/dev/null && pass || fail "/dev/null is no longer a character device"
else
    echo "SKIP: not root: no device to try"
fi
# a link to a sound model is read, but never replaced by a rebuild
ln -s "$M" "$TMP/link-model"
expect_exit 0 "--model, a link to a model" -- "$NERPIPE" --model="$TMP/link-model" --stats "$EX"
[ "$(stat_model)" = mapped ] && pass || fail "a model behind a link is not mapped: $(cat "$TMP/err")"
[ -L "$TMP/link-model" ] && pass || fail "the link to a model was replaced"
ls "$TMP" | grep -q '\.tmp' && fail "a refused model left a temporary file" || pass

# a changed source: rebuilt without a warning, and the change is seen
mkdir -p "$TMP/gz"
printf 'entries:\n  - {id: person:vesna-tarkalo, name: Vesna Tarkalo, type: person}\n' >"$TMP/gz/p.yaml"
printf 'Vesna Tarkalo met Olaf Scholz in Geneva on Monday.\n' >"$TMP/vt.txt"
"$NERPIPE" compile --gazetteer="$TMP/gz" -o "$M" 2>/dev/null
expect_exit 0 "--model with its gazetteer" -- "$NERPIPE" --model="$M" --gazetteer="$TMP/gz" --stats "$TMP/vt.txt"
[ "$(stat_model)" = mapped ] && pass || fail "model with an extra gazetteer is not mapped"
expect_grep '"id":"person:vesna-tarkalo"' "$TMP/out" "the extra gazetteer is in the model"
sleep 0.01
printf 'entries:\n  - {id: person:vesna-tarkalo-ilves, name: Vesna Tarkalo, type: person}\n' >"$TMP/gz/p.yaml"
expect_exit 0 "--model, source edited" -- "$NERPIPE" --model="$M" --gazetteer="$TMP/gz" --stats "$TMP/vt.txt"
[ "$(stat_model)" = rebuilt ] && pass || fail "an edited source does not rebuild the model"
expect_no_grep "warning" "$TMP/err" "a stale model is rebuilt quietly"
expect_grep '"id":"person:vesna-tarkalo-ilves"' "$TMP/out" "the edit is seen"
expect_exit 0 "--model, other options" -- "$NERPIPE" --model="$M" --stats "$TMP/vt.txt"
[ "$(stat_model)" = rebuilt ] && pass || fail "a model built with other gazetteers is used"

# a model that cannot be written: a warning, the graph all the same
expect_exit 0 "--model, unwritable" -- "$NERPIPE" --model="$TMP/no/such/dir/m" --stats --date=2023-03-03 "$EX"
expect_grep "cannot write the compiled model: .*No such file or directory" "$TMP/err" "unwritable model warning"
cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "output with an unwritable model differs"

# compile's own errors: usage (2), data (1, with file:line:column), output (3)
expect_exit 2 "compile, unknown option" -- "$NERPIPE" compile --date=2020-01-01
expect_exit 2 "compile, stray argument" -- "$NERPIPE" compile "$EX"
expect_grep "use --output=FILE" "$TMP/err" "compile says where the file goes"
printf 'entries:\n  - {id: place:x, name: X, type: plaice}\n' >"$TMP/gz/bad.yaml"
expect_exit 1 "compile, broken gazetteer" -- "$NERPIPE" compile --gazetteer="$TMP/gz" -o "$TMP/x.model"
expect_grep "bad.yaml:2:34: unknown type 'plaice'" "$TMP/err" "compile reports file:line:column"
[ ! -e "$TMP/x.model" ] && pass || fail "a failed compile left a file"
rm "$TMP/gz/bad.yaml"
expect_exit 3 "compile, unwritable" -- "$NERPIPE" compile -o "$TMP/no/such/dir/m"
expect_grep "cannot write the compiled model" "$TMP/err" "compile output error"
ls "$TMP" | grep -q '\.tmp' && fail "a temporary file was left behind" || pass

finish

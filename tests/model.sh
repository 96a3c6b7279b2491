#!/bin/sh
# tests/model.sh: nerpipe compile and --model from the command line: the
# compiled model gives the same output as the YAML, is rebuilt when a
# source changes or the file is damaged (with a warning), and a model that
# cannot be written never stops a run.
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

# a missing file is built on first use, then mapped
expect_exit 0 "--model, missing file" -- "$NERPIPE" --model="$TMP/new.model" --stats "$EX"
[ "$(stat_model)" = rebuilt ] && pass || fail "a missing model is not built: $(cat "$TMP/err")"
expect_no_grep "warning" "$TMP/err" "building a missing model is quiet"
expect_exit 0 "--model, built" -- "$NERPIPE" --model="$TMP/new.model" --stats "$EX"
[ "$(stat_model)" = mapped ] && pass || fail "the built model is not mapped"

# damaged: a warning, a rebuild, the same output, exit 0
python3 - "$M" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 3] ^= 0x5a
open(p, "wb").write(bytes(b))
PY
expect_exit 0 "--model, damaged" -- "$NERPIPE" --model="$M" --stats --date=2023-03-03 "$EX"
expect_grep "warning: .*nerpipe.model: corrupt (checksum mismatch); rebuilding it from the sources" "$TMP/err" \
    "a damaged model is reported"
[ "$(stat_model)" = rebuilt ] && pass || fail "a damaged model is not rebuilt"
cmp -s "$TMP/out" "$TMP/yaml.json" && pass || fail "output after a rebuild differs"
expect_exit 0 "--model, repaired" -- "$NERPIPE" --model="$M" --stats "$EX"
[ "$(stat_model)" = mapped ] && pass || fail "the rebuilt model is not mapped"

# truncated
head -c 100000 "$M" >"$TMP/cut" && mv "$TMP/cut" "$M"
expect_exit 0 "--model, truncated" -- "$NERPIPE" --model="$M" "$EX"
expect_grep "nerpipe.model: truncated; rebuilding it from the sources" "$TMP/err" "a truncated model is reported"

# not a model at all: never overwritten silently, it is reported first
cp "$EX" "$TMP/article.model"
expect_exit 0 "--model, not a model" -- "$NERPIPE" --model="$TMP/article.model" "$EX"
expect_grep "not a compiled nerpipe model; rebuilding" "$TMP/err" "a foreign file is reported"

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

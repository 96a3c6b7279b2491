#!/bin/sh
# tests/same_output.sh: scripts/same-output, the proof that a refactoring
# changed nothing, finds no difference between a build and itself and finds
# each kind of difference it claims to compare (graph, --stage, --format,
# --jsonl, messages, exit status, compiled model) and, with -f, leaves the
# model's bytes alone.
. "${NP_SRCDIR:-.}/tests/lib.sh"
same=$NP_SRCDIR/scripts/same-output
data=$NP_SRCDIR

mkdir -p "$TMP/texts"
cat >"$TMP/texts/a.txt" <<'T'
BERLIN, March 3 (Wire) - Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on Tuesday.
T
printf 'Anna Kowalski, the mayor, visited Paris.\n' >"$TMP/texts/b.txt"

expect_exit 0 "a build against itself" -- "$same" -d "$data" "$NERPIPE" "$NERPIPE" "$TMP/texts"
expect_grep "2 texts, 29 runs, 0 differences" "$TMP/out" "the count of texts and runs"

# altered: a stand-in for a changed build that changes one kind of output
altered() {
    cat >"$TMP/alt-$1" <<S
#!/bin/sh
case " \$* " in
*$2*) "$NERPIPE" "\$@" | sed '1s/^/x/'; exit \$? ;;
esac
exec "$NERPIPE" "\$@"
S
    chmod +x "$TMP/alt-$1"
}
for kind in stage=entities stage=relations format=gexf format=geojson jsonl; do
    altered "$kind" "--$kind"
    expect_exit 1 "a difference in --$kind" -- "$same" -d "$data" "$NERPIPE" "$TMP/alt-$kind" "$TMP/texts"
    expect_grep "differs: .*a.txt --$kind" "$TMP/out" "the --$kind difference is named"
    expect_grep "2 texts, 29 runs, 2 differences" "$TMP/out" "one difference per text for --$kind"
done

# the exit status alone
cat >"$TMP/alt-exit" <<S
#!/bin/sh
"$NERPIPE" "\$@"; rc=\$?
case " \$* " in *--stage=tokens*) exit 9 ;; esac
exit \$rc
S
chmod +x "$TMP/alt-exit"
expect_exit 1 "a difference in exit status" -- "$same" -d "$data" "$NERPIPE" "$TMP/alt-exit" "$TMP/texts"
expect_grep "stage=tokens (exit 0 vs 9)" "$TMP/out" "the exit statuses are shown"

# a message on stderr alone
cat >"$TMP/alt-msg" <<S
#!/bin/sh
case " \$* " in *--format=dot*) echo "nerpipe: warning: extra" >&2 ;; esac
exec "$NERPIPE" "\$@"
S
chmod +x "$TMP/alt-msg"
expect_exit 1 "a difference in messages" -- "$same" -d "$data" "$NERPIPE" "$TMP/alt-msg" "$TMP/texts"

# the compiled model's bytes
cat >"$TMP/alt-model" <<S
#!/bin/sh
"$NERPIPE" "\$@"; rc=\$?
for a in "\$@"; do case "\$a" in --output=*) printf x >>"\${a#--output=}" ;; esac; done
exit \$rc
S
chmod +x "$TMP/alt-model"
expect_exit 1 "a difference in the compiled model" -- "$same" -d "$data" "$NERPIPE" "$TMP/alt-model" "$TMP/texts"
expect_grep "differs: compiled model" "$TMP/out" "the model difference is named"
# -f: a new model format on purpose, the bytes not compared
expect_exit 0 "-f, a build against itself" -- "$same" -f -d "$data" "$NERPIPE" "$NERPIPE" "$TMP/texts"
expect_grep "compiled model: not compared" "$TMP/out" "-f says the model is not compared"
expect_grep "2 texts, 29 runs, 0 differences" "$TMP/out" "-f runs everything else"
"$same" -d "$data" -f "$NERPIPE" "$TMP/alt-model" "$TMP/texts" >"$TMP/out" 2>&1
expect_no_grep "differs: compiled model" "$TMP/out" "-f does not compare the model's bytes"

expect_exit 2 "usage: one build only" -- "$same" "$NERPIPE"
expect_exit 2 "usage: not an executable" -- "$same" "$NERPIPE" "$TMP/texts/a.txt"

echo "same_output: $PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]

#!/bin/sh
# tests/floor.sh: scripts/floor.c, the floor scripts/bench measures nerpipe
# against, counts words and gazetteer hits as it says (UTF-8 words, ASCII
# case folded, one probe per word), and scripts/bench knows its options
# and prints the fixed cost of a run (--fixed-only).
. "$NP_SRCDIR/tests/lib.sh"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: no C compiler ($CC)"; exit 77; }
"$CC" -O2 -o "$TMP/floor" "$NP_SRCDIR/scripts/floor.c" 2>"$TMP/err" && pass || fail "floor.c does not build: $(cat "$TMP/err")"
printf 'abe\nshinzo\n\nünal\nSochi\n' >"$TMP/words"
printf 'Shinzo Abe met Ünal in Tokyo-2, then ABE left for SOCHI.\n\n\tünal\n' >"$TMP/text"
expect_exit 0 "floor on a small text" -- "$TMP/floor" "$TMP/words" "$TMP/text"
# words: Shinzo Abe met Ünal in Tokyo 2 then ABE left for SOCHI ünal (13);
# hits: Shinzo Abe ABE SOCHI ünal (Ünal is not folded: only ASCII is)
[ "$(cat "$TMP/out")" = "words 13 hits 5 bytes $(wc -c <"$TMP/text" | tr -d ' ')" ] && pass ||
    fail "floor counts: $(cat "$TMP/out")"
: >"$TMP/empty"
expect_exit 0 "floor on an empty text" -- "$TMP/floor" "$TMP/words" "$TMP/empty"
[ "$(cat "$TMP/out")" = "words 0 hits 0 bytes 0" ] && pass || fail "floor on nothing: $(cat "$TMP/out")"
expect_exit 1 "floor on a missing file" -- "$TMP/floor" "$TMP/words" "$TMP/nothing-here"
expect_grep "cannot read" "$TMP/err" "floor names the file it cannot read"
expect_exit 2 "floor usage" -- "$TMP/floor" "$TMP/words"
if command -v python3 >/dev/null 2>&1; then
    expect_exit 0 "bench --help" -- python3 "$NP_SRCDIR/scripts/bench" --help
    expect_grep "floor" "$TMP/out" "bench --help names the floor"
    expect_grep "big-mb" "$TMP/out" "bench --help names --big-mb"
    expect_grep "fixed-only" "$TMP/out" "bench --help names --fixed-only"
    # the floor rows on a small text: nerpipe against the floor, and a
    # longer document against the text (each between runs of the text)
    expect_exit 0 "bench --floor-only" -- python3 "$NP_SRCDIR/scripts/bench" --nerpipe "$NERPIPE" --floor-only \
        --mb 0.2 --big-mb 0.4
    expect_grep "^nerpipe, compiled model, same text: .* [0-9.]*x the floor's CPU time" "$TMP/out" \
        "bench --floor-only prints nerpipe against the floor"
    expect_grep "^nerpipe on 0\.[0-9] MB as one document: .* CPU per byte [0-9.]*x that of 0\.[0-9] MB (the least of two runs" \
        "$TMP/out" "bench --floor-only prints the longer document against the text"
    # the peak of a process the bench runs is its own, not at least the
    # bench's (Linux counts a child's peak from the memory of its parent)
    if [ -x /usr/bin/time ]; then
        python3 - "$NP_SRCDIR/scripts/bench" >"$TMP/peak" 2>"$TMP/err" <<'EOF'
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("bench", sys.argv[1])
bench = importlib.util.module_from_spec(importlib.util.spec_from_loader("bench", loader))
loader.exec_module(bench)
ballast = bytearray(300 << 20)
for i in range(0, len(ballast), 4096):
    ballast[i] = 1
print(bench.child_cpu(["sh", "-c", ":"], peak=True)[2])
EOF
        peak=$(cat "$TMP/peak")
        case $peak in
        [0-9]*) [ "$peak" -lt 102400 ] && pass || fail "bench: a shell's peak is $peak KiB beside 300 MiB of the bench's" ;;
        *) fail "bench: no peak from child_cpu: $peak $(cat "$TMP/err")" ;;
        esac
    fi
    # the fixed cost of a run, against /bin/true, in one run
    expect_exit 0 "bench --fixed-only" -- python3 "$NP_SRCDIR/scripts/bench" --nerpipe "$NERPIPE" --fixed-only
    expect_grep "^fixed cost of a run .*one-line document, compiled model [0-9.]* ms = [0-9.]*x /bin/true" "$TMP/out" \
        "bench --fixed-only prints the fixed cost"
fi
finish

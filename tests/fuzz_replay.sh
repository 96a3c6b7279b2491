#!/bin/sh
# fuzz_replay.sh: each libFuzzer harness (tests/fuzz_NAME, built with
# tests/fuzz_replay_main.c outside a fuzzing build) runs once on every seed
# (tests/fuzz/NAME/) and every kept finding (tests/fuzz/regress/NAME/) and
# exits 0. A harness crashes (abort) on what it checks, so this catches both
# a harness that stopped compiling and an input that fails again.
. "$NP_SRCDIR/tests/lib.sh"

for n in pipeline gazetteer rules jsonl modelfile; do
    h="$NP_BUILDDIR/tests/fuzz_$n"
    if [ ! -x "$h" ]; then
        fail "harness $n was not built ($h)"
        continue
    fi
    set --
    for f in "$NP_SRCDIR/tests/fuzz/$n"/* "$NP_SRCDIR/tests/fuzz/regress/$n"/*; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    if [ $# -eq 0 ]; then
        fail "harness $n has no seed in tests/fuzz/$n"
        continue
    fi
    if NERPIPE_DATA=$NP_SRCDIR "$h" "$@" >"$TMP/replay-$n.out" 2>&1; then
        pass "harness $n replays its $# inputs"
    else
        fail "harness $n failed on its inputs: $(tail -3 "$TMP/replay-$n.out")"
    fi
done
finish

# tests/lib.sh: sourced by the shell tests. Gives a scratch directory,
# LC_ALL=C.UTF-8, and small assertion helpers that count failures.
set -u
: "${NERPIPE:?run the tests with make check}"
: "${NP_SRCDIR:=.}"
LC_ALL=C.UTF-8
export LC_ALL
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nerpipe-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# nerpipe-batch keeps its compiled model here, not in the user's cache
NERPIPE_CACHE=$TMP/cache
export NERPIPE_CACHE
FAILS=0
PASSES=0

pass() { PASSES=$((PASSES + 1)); }
skip() { echo "SKIP: $*"; }
# python_with MODULE: the first of Debian's python3 and the python3 on PATH
# (which may be another) that imports MODULE, or nothing
python_with() {
    for p in /usr/bin/python3 python3; do
        if "$p" -c "import $1" 2>/dev/null; then echo "$p"; return; fi
    done
}
fail() { FAILS=$((FAILS + 1)); echo "FAIL: $*" >&2; }

# expect_exit CODE DESCRIPTION -- command...: runs the command, checks its status.
expect_exit() {
    want=$1; what=$2; shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass; else fail "$what: exit $got, want $want; stderr: $(head -c 300 "$TMP/err")"; fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
    if grep -q -e "$1" "$2"; then pass; else fail "$3: no '$1' in $2: $(head -c 300 "$2")"; fi
}

# expect_no_grep PATTERN FILE DESCRIPTION
expect_no_grep() {
    if grep -q -e "$1" "$2"; then fail "$3: unexpected '$1' in $2"; else pass; fi
}

# json_ok FILE DESCRIPTION: the file is one valid JSON document (needs python3)
json_ok() {
    if ! command -v python3 >/dev/null 2>&1; then pass; return; fi
    if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>"$TMP/jerr"; then pass
    else fail "$2: invalid JSON: $(head -c 300 "$TMP/jerr")"; fi
}

# jsonl_ok FILE DESCRIPTION: every line is valid JSON
jsonl_ok() {
    if ! command -v python3 >/dev/null 2>&1; then pass; return; fi
    if python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): json.loads(l)' "$1" 2>"$TMP/jerr"; then pass
    else fail "$2: invalid JSON line: $(head -c 300 "$TMP/jerr")"; fi
}

finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}

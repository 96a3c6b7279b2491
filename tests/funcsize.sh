#!/bin/sh
# tests/funcsize.sh: no function of src/*.c, tests/*.c or examples/*.c is
# longer than LIMIT lines, counted from the first line of its declaration
# (the return type) to its closing brace.
# The measure reads C, not lines: comments, string and character literals
# are skipped, so braces in them do not count; a function is a top-level
# `{ ... }` whose declaration ends in `)` and has no `=` (so initializers,
# struct and enum bodies are not functions), whether the brace opens the
# line after the signature or ends its last line, however many lines the
# signature takes. Preprocessor lines are skipped, and a statement-like
# macro alone on a line between functions (Check's END_TEST) does not start
# a declaration; Check's START_TEST(name) is reported as name.
# The measure checks itself first on a fixture with known lengths.
# Functions that a later step shrinks are listed in ALLOW; the list must
# only shrink: an entry that is no longer over the limit, or no longer
# exists, is an error, so remove it with the split that fixed it.
: "${NP_SRCDIR:=$(dirname "$0")/..}"
LIMIT=120

# file function   reason (each must still be over LIMIT)
ALLOW='
'

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nerpipe-funcsize.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# measure FILE...: one line per function: FILE LINE NAME LENGTH; a file
# whose braces do not balance is reported as FILE 0 UNBALANCED 0.
measure() {
    awk '
    function reset() { head = ""; hline = 0 }
    function flush_file() {
        if (file != "" && (depth != 0 || incomment))
            print file, 0, "UNBALANCED", 0
    }
    FNR == 1 { flush_file(); file = FILENAME; depth = 0; incomment = 0; cont = 0; infunc = 0; reset() }
    {
        line = $0
        if (cont) { cont = (line ~ /\\$/); next }
        if (!incomment && line ~ /^[ \t]*#/) {
            cont = (line ~ /\\$/)
            if (depth == 0) reset()
            next
        }
        n = length(line)
        for (i = 1; i <= n; i++) {
            c = substr(line, i, 1)
            if (incomment) {
                if (c == "*" && substr(line, i + 1, 1) == "/") { incomment = 0; i++ }
                continue
            }
            if (c == "/" && substr(line, i + 1, 1) == "*") { incomment = 1; i++; continue }
            if (c == "/" && substr(line, i + 1, 1) == "/") break
            if (c == "\"" || c == "\047") {
                # a literal: skip to its unescaped closing quote
                for (i++; i <= n; i++) {
                    d = substr(line, i, 1)
                    if (d == "\\") { i++; continue }
                    if (d == c) break
                }
                if (depth == 0) { if (!hline) hline = FNR; head = head "\"\"" }
                continue
            }
            if (depth > 0) {
                if (c == "{") depth++
                else if (c == "}" && --depth == 0) {
                    if (infunc) print file, fline, fname, FNR - fline + 1
                    infunc = 0
                    reset()
                }
                continue
            }
            if (c == ";" || c == "}") { reset(); continue }
            if (c == "{") {
                h = head
                sub(/[ \t]+$/, "", h)
                infunc = (h ~ /\)$/ && h !~ /=/ && h ~ /\(/)
                if (infunc) {
                    fline = hline
                    pre = h
                    sub(/\(.*/, "", pre)
                    sub(/[ \t]+$/, "", pre)
                    fname = pre
                    sub(/.*[^A-Za-z0-9_]/, "", fname)
                    # START_TEST(name) and the like: the macro argument
                    if (fname ~ /^[A-Z_][A-Z0-9_]*$/ && h ~ /^[A-Z_][A-Z0-9_]*[ \t]*\([ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*\)$/) {
                        fname = h
                        sub(/^[^(]*\([ \t]*/, "", fname)
                        sub(/[ \t]*\)$/, "", fname)
                    }
                }
                depth = 1
                continue
            }
            if (c != " " && c != "\t" && !hline) hline = FNR
            if (hline) head = head c
        }
        if (depth == 0 && hline) {
            head = head " "
            # a statement-like macro alone between functions (END_TEST)
            if (head ~ /^[A-Z_][A-Z0-9_]*[ \t]*$/) reset()
        }
    }
    END { flush_file() }
    ' "$@"
}

bad=0
problem() { echo "FAIL: $*" >&2; bad=$((bad + 1)); }

# The measure on a fixture: name and length expected in its first comment.
cat >"$TMP/fixture.c" <<'C'
/* expect: one 4, two 8, three 7, four 5, five 3, test_six 4, seven 3 */
#include <stdio.h>
static const char *table[] = { "{", "}" };
struct pair { int a, b; };
static int one(void)
{
    return 0;
}
static const char *
two(const char *a,
    const char *b) /* { */
{
    if (a) { return "}{"; }
    // }
    return b ? b : "{";
}
#define BLOCK(x) { x; }
int three(int x) {
    switch (x) {
    case '{': return 1;
    case '}': return 2;
    }
    return 0;
}
void four(void)
{
#define OPEN {
    return;
}
enum { A = 1 };
static struct pair five(void) {
    return (struct pair){ 1, 2 };
}
START_TEST(test_six)
{
    one();
}
END_TEST
int
seven(void)
{ return 7; }
C
want=$(sed -n '1s/.*expect: //; 1s/ \*\/$//; 1p' "$TMP/fixture.c")
got=$(measure "$TMP/fixture.c" | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $3, $4 }')
[ "$got" = "$want" ] || problem "the measure itself: got '$got', want '$want'"
printf 'int broken(void)\n{\n    if (1) {\n}\n' >"$TMP/broken.c"
measure "$TMP/broken.c" | grep -q UNBALANCED || problem "the measure itself: unbalanced braces not reported"

cd "$NP_SRCDIR" || exit 2
set -- src/*.c tests/*.c examples/*.c
[ -f "$1" ] || { echo "funcsize: no sources in $NP_SRCDIR" >&2; exit 2; }
measure "$@" >"$TMP/sizes" || exit 2
nfuncs=$(wc -l <"$TMP/sizes")
[ "$nfuncs" -gt 100 ] || problem "only $nfuncs functions found in $NP_SRCDIR: the measure is broken"

awk -v limit=$LIMIT -v allow="$ALLOW" '
BEGIN {
    n = split(allow, L, "\n")
    for (i = 1; i <= n; i++)
        if (split(L[i], w, " ") >= 3) { allowed[w[1], w[2]] = 1; na++; akey[na] = w[1] SUBSEP w[2] }
}
{
    f = $1; sub(/.*\//, "", f)
    if ($3 == "UNBALANCED") { printf "FAIL: %s: braces do not balance; cannot measure\n", $1; bad++; next }
    if (!((f, $3) in allowed) && $4 > max) { max = $4; maxat = $1 ":" $2 " " $3 " (" $4 ")" }
    if ($4 <= limit) { if ((f, $3) in allowed) size[f, $3] = $4; next }
    if ((f, $3) in allowed) { over[f, $3] = $4; nover++; next }
    printf "FAIL: %s:%s: %s is %d lines (limit %d): split it\n", $1, $2, $3, $4, limit
    bad++
}
END {
    for (i = 1; i <= na; i++) {
        if (akey[i] in over) continue
        split(akey[i], w, SUBSEP)
        if (akey[i] in size)
            printf "FAIL: tests/funcsize.sh: ALLOW lists %s %s, now %d lines (limit %d); remove it\n", w[1], w[2], size[akey[i]], limit
        else
            printf "FAIL: tests/funcsize.sh: ALLOW lists %s %s, which does not exist; remove it\n", w[1], w[2]
        bad++
    }
    if (bad) { print bad " function size problems"; exit 1 }
    printf "funcsize: %d functions, longest outside ALLOW %s, %d allowed over %d lines\n", NR, maxat, nover, limit
}' "$TMP/sizes" >&2 || bad=$((bad + 1))

[ "$bad" -eq 0 ] || exit 1
exit 0

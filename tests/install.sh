#!/bin/sh
# tests/install.sh: the installed library and tools work from outside the tree.
# `make install DESTDIR=...` (the configured prefix) installs libnerpipe.a,
# nerpipe.h, nerpipe.pc and the data; examples/extract.c builds with cc
# against them alone (pkg-config --define-prefix into the DESTDIR), and on
# examples/article.txt with a fixed date writes exactly what nerpipe writes
# for it on standard input. The installed library holds no path of the build tree.
# The scripts are installed next to nerpipe with nerpipe-batch.awk in the
# pkgdatadir; run from another directory, the installed nerpipe-batch runs
# the installed nerpipe (not one on PATH) and gives what the build's does
# on articles of this test's own, a directory and a JSON-lines file with
# -r; the installed nerpipe, given the staged data, writes the build's
# graph of examples/article.txt, and without it names the configured data
# directory; the installed nerpipe-dask gives nerpipe-batch's graph and
# results on a local cluster (where a Python has dask.distributed; else
# --help only); the installed nerpipe-view --help needs no npm, and its
# page comes from the template in the pkgdatadir; the source
# tree's copy of nerpipe-batch runs ../src/nerpipe;
# --program-prefix renames the scripts and the nerpipe they run. The man
# pages are installed and render with man -l (where man is installed);
# each script's names the options and exit statuses of its --help.
# LICENSE is installed in the docdir and distributed; the data's licences
# are in the installed gazetteers/README.md, nerpipe --version and nerpipe(1).
# Configuring again with another --prefix remakes the library object that
# holds the data directory (src/datapath.h), in a build directory of its own.
# `make distdir` finds every file of the source distribution.
. "$NP_SRCDIR/tests/lib.sh"
: "${NP_BUILDDIR:?run the tests with make check}"
: "${NP_BINDIR:?run the tests with make check}"
: "${NP_LIBDIR:?run the tests with make check}"
: "${NP_PKGDATADIR:?run the tests with make check}"
command -v pkg-config >/dev/null 2>&1 || { echo "SKIP: pkg-config is not installed"; exit 77; }
CC=${CC:-cc}
ROOT="$TMP/root"
ARTICLE="$NP_SRCDIR/examples/article.txt"

# a make of its own: not the jobs of the make check that runs this
if (unset MAKEFLAGS MFLAGS MAKELEVEL; ${MAKE:-make} -C "$NP_BUILDDIR" install DESTDIR="$ROOT") >"$TMP/install.log" 2>&1
then pass; else fail "make install DESTDIR: $(tail -c 600 "$TMP/install.log")"; fi

PC="$ROOT$NP_LIBDIR/pkgconfig"
for f in "$PC/nerpipe.pc" "$ROOT$NP_LIBDIR/libnerpipe.a" "$ROOT$NP_PKGDATADIR/rules/sentences.yaml"; do
    if [ -f "$f" ]; then pass; else fail "not installed: $f"; fi
done
# the header: where the .pc says (-I...)
cflags=$(PKG_CONFIG_PATH="$PC" pkg-config --define-prefix --cflags nerpipe 2>"$TMP/pcerr")
libs=$(PKG_CONFIG_PATH="$PC" pkg-config --define-prefix --libs nerpipe 2>>"$TMP/pcerr")
data=$(PKG_CONFIG_PATH="$PC" pkg-config --define-prefix --variable=pkgdatadir nerpipe 2>>"$TMP/pcerr")
if [ -n "$libs" ] && [ -f "$data/rules/sentences.yaml" ]; then pass
else fail "pkg-config: libs '$libs', pkgdatadir '$data': $(cat "$TMP/pcerr")"; fi
inc=${cflags%% *}; inc=${inc#-I}
if [ -f "$inc/nerpipe.h" ]; then pass; else fail "nerpipe.h is not in the -I of pkg-config: '$cflags'"; fi

# builds from the installed files only: the source and build trees are
# not on any path
# shellcheck disable=SC2086
if $CC -std=c11 -Wall -Wextra -Werror $NP_SAN_FLAGS -o "$TMP/extract" "$NP_SRCDIR/examples/extract.c" \
    $cflags -DEXTRACT_DATADIR="\"$data\"" $libs >"$TMP/cc.log" 2>&1
then pass; else fail "cc examples/extract.c: $(head -c 800 "$TMP/cc.log")"; fi

"$NERPIPE" --date=2024-01-15 <"$ARTICLE" >"$TMP/want" 2>/dev/null
if [ -s "$TMP/want" ]; then pass; else fail "nerpipe wrote nothing for $ARTICLE"; fi
NERPIPE_DATA="$data" "$TMP/extract" --date=2024-01-15 <"$ARTICLE" >"$TMP/got" 2>"$TMP/err"
if cmp -s "$TMP/want" "$TMP/got"; then pass
else fail "extract's graph differs from nerpipe's: $(head -c 300 "$TMP/err")"; fi
# without NERPIPE_DATA: the data directory given at build
(unset NERPIPE_DATA; "$TMP/extract" --date=2024-01-15 <"$ARTICLE" >"$TMP/got2" 2>"$TMP/err")
if cmp -s "$TMP/want" "$TMP/got2"; then pass
else fail "extract without NERPIPE_DATA: $(head -c 300 "$TMP/err")"; fi
# the installed library never names the build or source tree's data
if grep -a -q -e "$NP_BUILDDIR/rules" -e "$NP_SRCDIR/rules" "$ROOT$NP_LIBDIR/libnerpipe.a"; then
    fail "libnerpipe.a names the build tree"
else pass; fi

# ---- the scripts, installed next to nerpipe ----
BIN="$ROOT$NP_BINDIR"
DATA="$ROOT$NP_PKGDATADIR"
for f in "$BIN/nerpipe-batch" "$BIN/nerpipe-view" "$BIN/nerpipe-dask" "$BIN/nerpipe-txt2jsonl"; do
    if [ -x "$f" ]; then pass; else fail "not installed as a program: $f"; fi
done
for f in nerpipe-batch.awk nerpipe-view.html; do
    if [ -r "$DATA/$f" ]; then pass; else fail "not installed: $DATA/$f"; fi
done
# make install wrote the directories over the @...@ words
if grep -n -e '@bindir@' -e '@pkgdatadir@' -e '@nerpipe@' "$BIN/nerpipe-batch" "$BIN/nerpipe-view" "$BIN/nerpipe-dask" \
    >"$TMP/left"
then fail "placeholders left in the installed scripts: $(head -c 300 "$TMP/left")"; else pass; fi
expect_grep "^NP_BINDIR='$NP_BINDIR' NP_PKGDATADIR='$NP_PKGDATADIR' NP_NAME='nerpipe'\$" "$BIN/nerpipe-batch" \
    "the installed nerpipe-batch's directories"

# Articles of this test's own, and a nerpipe on PATH that must not be used:
# the installed scripts take the nerpipe beside them.
mkdir "$TMP/articles" "$TMP/elsewhere" "$TMP/fakebin"
cat >"$TMP/articles/visit.txt" <<'EOF'
PARIS, March 3 (Staff) - French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Friday to discuss energy prices.
EOF
cat >"$TMP/articles/talks.txt" <<'EOF'
Indian Prime Minister Narendra Modi held talks with Japanese Prime Minister Fumio Kishida in Tokyo on Tuesday, officials said.
EOF
printf '#!/bin/sh\necho "the nerpipe on PATH was run" >&2\nexit 99\n' >"$TMP/fakebin/nerpipe"
chmod +x "$TMP/fakebin/nerpipe"
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 "$TMP/articles" -- --date=2024-01-15 >"$TMP/batch.want" 2>"$TMP/err"
if grep -q '"Olaf Scholz"' "$TMP/batch.want" && grep -q '"Fumio Kishida"' "$TMP/batch.want"; then pass
else fail "nerpipe-batch of the build on $TMP/articles: $(head -c 300 "$TMP/err")"; fi
# installed_batch OUT ARG...: the installed nerpipe-batch, run from another directory
installed_batch() {
    out=$1; shift
    (cd "$TMP/elsewhere" && unset NERPIPE && PATH="$TMP/fakebin:$PATH" NERPIPE_DATA="$DATA" \
        "$BIN/nerpipe-batch" "$@" >"$out" 2>"$TMP/err")
}
if installed_batch "$TMP/batch.got" -j 2 "$TMP/articles" -- --date=2024-01-15 &&
    cmp -s "$TMP/batch.want" "$TMP/batch.got"
then pass; else fail "the installed nerpipe-batch on $TMP/articles: $(head -c 300 "$TMP/err")"; fi
# the installed nerpipe on the article, from another directory, with the
# staged data: nerpipe looks for its data at the prefix, which a DESTDIR
# install is not at
if (cd "$TMP/elsewhere" && NERPIPE_DATA="$DATA" "$BIN/nerpipe" --date=2024-01-15 <"$ARTICLE" >"$TMP/nerpipe.got" 2>"$TMP/err") &&
    cmp -s "$TMP/want" "$TMP/nerpipe.got"
then pass; else fail "the installed nerpipe on $ARTICLE: $(head -c 300 "$TMP/err")"; fi
# without it, the installed nerpipe names the configured data directory
# (never the source tree's), unless real data is installed there
if [ ! -e "$NP_PKGDATADIR/rules/sentences.yaml" ]; then
    expect_exit 1 "the installed nerpipe without data" -- \
        env -u NERPIPE_DATA sh -c 'cd "$1" && exec "$2" --date=2024-01-15 "$3"' sh "$TMP/elsewhere" "$BIN/nerpipe" "$ARTICLE"
    expect_grep "no data directory found (looked in $NP_PKGDATADIR)" "$TMP/err" "the installed nerpipe without data"
fi
# the installed nerpipe-batch on a JSON-lines file, with -r: the build's
# results and graph; a record with no text is an error line (exit 1)
cat >"$TMP/articles.jsonl" <<'EOF'
{"id": "visit", "date": "2024-03-03", "text": "French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Friday."}
{"id": "talks", "date": "2024-05-21", "text": "Indian Prime Minister Narendra Modi held talks with Japanese Prime Minister Fumio Kishida in Tokyo on Tuesday."}
{"id": "empty"}
EOF
NERPIPE="$NERPIPE" "$NP_SRCDIR/scripts/nerpipe-batch" -j 2 -r "$TMP/want.results" "$TMP/articles.jsonl" \
    >"$TMP/jsonl.want" 2>"$TMP/err"
if [ $? -eq 1 ] && grep -q '"Fumio Kishida"' "$TMP/jsonl.want"; then pass
else fail "nerpipe-batch of the build on $TMP/articles.jsonl: $(head -c 300 "$TMP/err")"; fi
installed_batch "$TMP/jsonl.got" -j 2 -r "$TMP/got.results" "$TMP/articles.jsonl"
rc=$?
if [ "$rc" -eq 1 ] && cmp -s "$TMP/jsonl.want" "$TMP/jsonl.got" && cmp -s "$TMP/want.results" "$TMP/got.results"
then pass; else fail "the installed nerpipe-batch on $TMP/articles.jsonl: exit $rc: $(head -c 300 "$TMP/err")"; fi
expect_grep '"id":"empty".*"error"' "$TMP/got.results" "the installed nerpipe-batch's error line"
# the installed nerpipe-dask: --help; where a Python has dask.distributed,
# a local cluster on the JSON-lines file, run from another directory with
# the failing nerpipe first on PATH, gives nerpipe-batch's graph and result
# lines, and exit 1 for the record with no text
if command -v python3 >/dev/null 2>&1; then
    if (cd "$TMP/elsewhere" && "$BIN/nerpipe-dask" --help >"$TMP/dhelp" 2>"$TMP/err") &&
        grep -q '^usage: nerpipe-dask ' "$TMP/dhelp"
    then pass; else fail "the installed nerpipe-dask --help: $(head -c 300 "$TMP/err")"; fi
    DPY=$(python_with distributed)
    if [ -n "$DPY" ] && command -v timeout >/dev/null 2>&1; then
        (cd "$TMP/elsewhere" && unset NERPIPE && PATH="$TMP/fakebin:$PATH" NERPIPE_DATA="$DATA" \
            timeout -k 10 120 "$BIN/nerpipe-dask" -p 2 -r "$TMP/dask.results" "$TMP/articles.jsonl" \
            >"$TMP/dask.got" 2>"$TMP/err")
        rc=$?
        if [ "$rc" -eq 1 ] && cmp -s "$TMP/jsonl.want" "$TMP/dask.got" && cmp -s "$TMP/want.results" "$TMP/dask.results"
        then pass; else fail "the installed nerpipe-dask on $TMP/articles.jsonl: exit $rc: $(head -c 300 "$TMP/err")"; fi
    else
        echo "no Python with dask.distributed (or no timeout): the installed nerpipe-dask runs --help only"
    fi
else
    echo "python3 is missing: the installed nerpipe-dask is not run"
fi
# the installed nerpipe-txt2jsonl, from another directory, into the
# installed nerpipe --jsonl: a result line for each article
if command -v python3 >/dev/null 2>&1; then
    (cd "$TMP/elsewhere" && "$BIN/nerpipe-txt2jsonl" --date=2024-01-15 "$TMP/articles" |
        NERPIPE_DATA="$DATA" "$BIN/nerpipe" --jsonl >"$TMP/t2j.out" 2>"$TMP/err")
    if [ "$(grep -c '"graph":' "$TMP/t2j.out")" = 2 ] && grep -q '"id":"visit.txt"' "$TMP/t2j.out"; then pass
    else fail "the installed nerpipe-txt2jsonl into nerpipe --jsonl: $(head -c 300 "$TMP/err")"; fi
fi
# the installed nerpipe-view --help with no npm nor python3 on PATH (only
# cat), and nothing installed
mkdir "$TMP/cat-only"
ln -s "$(command -v cat)" "$TMP/cat-only/cat"
if (cd "$TMP/elsewhere" && PATH="$TMP/cat-only" NERPIPE_VIEW_CACHE="$TMP/view-cache" "$BIN/nerpipe-view" --help \
        >"$TMP/vhelp" 2>"$TMP/err") &&
    grep -q '^Usage: nerpipe-view ' "$TMP/vhelp" && [ ! -e "$TMP/view-cache" ]
then pass; else fail "the installed nerpipe-view --help: $(head -c 300 "$TMP/err")"; fi
# the installed nerpipe-view, from another directory, writes its page from
# the installed template (a cache of empty libraries: nothing to install)
if command -v python3 >/dev/null 2>&1; then
    for f in $("$BIN/nerpipe-view" --libraries | cut -d' ' -f2); do
        mkdir -p "$(dirname "$TMP/fake-view/node_modules/$f")"
        case $f in *.json) echo '{}' ;; *) : ;; esac >"$TMP/fake-view/node_modules/$f"
    done
    if (cd "$TMP/elsewhere" && NERPIPE_VIEW_CACHE="$TMP/fake-view" "$BIN/nerpipe-view" "$TMP/nerpipe.got" \
            >"$TMP/view.html" 2>"$TMP/err") &&
        grep -q 'id="search"' "$TMP/view.html" && grep -q '<script type="application/json" id="graph-data">{' "$TMP/view.html"
    then pass; else fail "the installed nerpipe-view: $(head -c 300 "$TMP/err")"; fi
    # its template is the pkgdatadir's, not the source tree's
    sed 's/id="search"/id="search-installed"/' "$DATA/nerpipe-view.html" >"$TMP/tpl" && cp "$TMP/tpl" "$DATA/nerpipe-view.html"
    if (cd "$TMP/elsewhere" && NERPIPE_VIEW_CACHE="$TMP/fake-view" "$BIN/nerpipe-view" "$TMP/nerpipe.got" \
            >"$TMP/view.html" 2>"$TMP/err") && grep -q 'id="search-installed"' "$TMP/view.html"
    then pass; else fail "the installed nerpipe-view does not read the installed template: $(head -c 300 "$TMP/err")"; fi
fi

# the source tree's copy finds ../src/nerpipe from its own directory
mkdir -p "$TMP/tree/scripts" "$TMP/tree/src"
cp "$NP_SRCDIR/scripts/nerpipe-batch" "$NP_SRCDIR/scripts/nerpipe-batch.awk" "$TMP/tree/scripts/"
ln -s "$NERPIPE" "$TMP/tree/src/nerpipe"
if (cd "$TMP/elsewhere" && unset NERPIPE && PATH="$TMP/fakebin:$PATH" \
    sh "$TMP/tree/scripts/nerpipe-batch" -j 2 "$TMP/articles" -- --date=2024-01-15 >"$TMP/batch.tree" 2>"$TMP/err") &&
    cmp -s "$TMP/batch.want" "$TMP/batch.tree"
then pass; else fail "scripts/nerpipe-batch with ../src/nerpipe: $(head -c 300 "$TMP/err")"; fi
# ./configure --program-prefix renames the scripts as it renames nerpipe,
# and nerpipe-batch then runs the renamed nerpipe
if (unset MAKEFLAGS MFLAGS MAKELEVEL; ${MAKE:-make} -C "$NP_BUILDDIR" install-exec-local DESTDIR="$TMP/renamed" \
    transform='s/^/x-/') >"$TMP/renamed.log" 2>&1 && [ -x "$TMP/renamed$NP_BINDIR/x-nerpipe-view" ]
then pass; else fail "install-exec-local with a transform: $(tail -c 300 "$TMP/renamed.log")"; fi
expect_grep "NP_NAME='x-nerpipe'" "$TMP/renamed$NP_BINDIR/x-nerpipe-batch" "nerpipe-batch's renamed nerpipe"

# ---- the man pages: installed, rendered, and saying what --help says ----
MAN1="$ROOT$NP_MANDIR/man1"
for p in nerpipe nerpipe-batch nerpipe-view nerpipe-dask nerpipe-txt2jsonl; do
    if [ -f "$MAN1/$p.1" ]; then pass; else fail "not installed: $MAN1/$p.1"; fi
done
if command -v man >/dev/null 2>&1; then
    for p in nerpipe nerpipe-batch nerpipe-view nerpipe-dask nerpipe-txt2jsonl; do
        (cd "$TMP/elsewhere" && MANWIDTH=80 MANPAGER=cat PAGER=cat man --warnings -l "$MAN1/$p.1") \
            >"$TMP/man.out" 2>"$TMP/man.err"
        if [ $? -eq 0 ] && [ ! -s "$TMP/man.err" ] && grep -q "^NAME" "$TMP/man.out" &&
            grep -q "^ *$p  *-  *[a-z]" "$TMP/man.out"
        then pass; else fail "man -l $MAN1/$p.1: $(head -c 300 "$TMP/man.err")"; fi
    done
else
    echo "man is not installed: the installed pages are not rendered"
fi
# the page's text with the roff escapes of hyphens and fonts taken out
page_text() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\[%&]//g' "$1"; }
# help_matches_page SCRIPT PAGE [OPTION]: every option SCRIPT's --help
# names is in PAGE (OPTION among them), and the exit statuses its --help
# lists are those of PAGE's EXIT STATUS
help_matches_page() {
    NERPIPE_VIEW_CACHE="$TMP/no-cache" "$1" --help >"$TMP/help" 2>&1 || { fail "$1 --help failed"; return; }
    page_text "$2" >"$TMP/page"
    grep -o -E '(^|[ ,(])--?[a-z][a-z-]*' "$TMP/help" | sed 's/^[ ,(]//' | sort -u >"$TMP/opts"
    [ -z "${3:-}" ] || grep -q -x -e "$3" "$TMP/opts" || fail "$3 not found in $1 --help"
    while read -r o; do
        grep -q -e "$o" "$TMP/page" && pass || fail "$2 does not name $o, which $1 --help names"
    done <"$TMP/opts"
    sed -n '/^Exit status/,$p' "$TMP/help" | grep -o -E '(^ *|: |; )[0-9]+ ' | tr -dc '0-9\n' | sort -n >"$TMP/want.codes"
    sed -n '/^\.SH EXIT STATUS/,/^\.SH/p' "$2" | sed -n 's/^\.BR\{0,1\} \([0-9][0-9]*\).*/\1/p' | sort -n >"$TMP/got.codes"
    if [ -s "$TMP/want.codes" ] && cmp -s "$TMP/want.codes" "$TMP/got.codes"; then pass
    else fail "$2 lists exit statuses $(echo $(cat "$TMP/got.codes")), $1 --help $(echo $(cat "$TMP/want.codes"))"; fi
}
help_matches_page "$NP_SRCDIR/scripts/nerpipe-batch" "$NP_SRCDIR/doc/nerpipe-batch.1" -j
help_matches_page "$NP_SRCDIR/scripts/nerpipe-view" "$NP_SRCDIR/doc/nerpipe-view.1"
! command -v python3 >/dev/null 2>&1 ||
    help_matches_page "$NP_SRCDIR/scripts/nerpipe-dask" "$NP_SRCDIR/doc/nerpipe-dask.1" --scheduler
! command -v python3 >/dev/null 2>&1 ||
    help_matches_page "$NP_SRCDIR/scripts/nerpipe-txt2jsonl" "$NP_SRCDIR/doc/nerpipe-txt2jsonl.1" --date

# ---- the licences: the code's LICENSE in the docdir, the data's where a
# user sees them (the installed data, --version, the man page) ----
if head -n 1 "$ROOT$NP_DOCDIR/LICENSE" 2>/dev/null | grep -q '^MIT License$'; then pass
else fail "$ROOT$NP_DOCDIR/LICENSE is not installed or not the MIT licence"; fi
for want in 'CC BY 4.0 (attribution: GeoNames, geonames.org)' 'LGPL-2.1-or-later' 'ODbL-1.0' 'MIT, `LICENSE`'; do
    expect_grep "$want" "$DATA/gazetteers/README.md" "the installed gazetteers/README.md"
done
(cd "$TMP/elsewhere" && "$BIN/nerpipe" --version) >"$TMP/version" 2>&1
for want in '^nerpipe [0-9]' 'MIT licence' 'CC BY 4.0' 'geonames.org' 'LGPL-2.1-or-later' 'ODbL-1.0' 'gazetteers/README.md'; do
    expect_grep "$want" "$TMP/version" "the installed nerpipe --version"
done
sed -n '/^\.SH LICENCE/,/^\.SH/p' "$MAN1/nerpipe.1" >"$TMP/man.licence"
for want in 'MIT licence' 'CC BY 4.0' 'LGPL-2.1-or-later' 'ODbL-1.0'; do
    expect_grep "$want" "$TMP/man.licence" "the LICENCE section of the installed nerpipe.1"
done

# ---- configuring again with another prefix rebuilds what embeds it ----
# The object of the library that holds the data directory, built in a
# build directory of its own with --prefix A, then again after ./configure
# --prefix B: it names B's pkgdatadir and not A's. The sources are copied
# (without what a build in place made), because ./configure refuses a
# second build directory for a source tree configured in place.
RS="$TMP/reconf-src" RB="$TMP/reconf-build"
mkdir -p "$RS/src" "$RS/include" "$RB"
cp -p "$NP_SRCDIR/configure" "$NP_SRCDIR/configure.ac" "$NP_SRCDIR/aclocal.m4" "$NP_SRCDIR/Makefile.am" \
    "$NP_SRCDIR/Makefile.in" "$NP_SRCDIR/config.h.in" "$NP_SRCDIR/nerpipe.pc.in" "$RS/" &&
    cp -pR "$NP_SRCDIR/build-aux" "$RS/" && cp -p "$NP_SRCDIR"/src/*.c "$NP_SRCDIR"/src/*.h "$RS/src/" &&
    cp -p "$NP_SRCDIR"/include/*.h "$RS/include/" && rm -f "$RS/src/datapath.h" && chmod -R u+w "$RS"
OBJ=src/libnerpipe_a-datadir.o
# configure_build PREFIX: configures $RB with PREFIX and makes $OBJ
configure_build() {
    (cd "$RB" && unset MAKEFLAGS MFLAGS MAKELEVEL &&
        "$RS/configure" --prefix="$1" --disable-unit-tests CC="$CC" && ${MAKE:-make} "$OBJ") >"$TMP/reconf.log" 2>&1
}
if configure_build "$TMP/prefix-a" && grep -a -q "$TMP/prefix-a/share/nerpipe" "$RB/$OBJ"
then pass; else fail "$OBJ with --prefix=$TMP/prefix-a: $(tail -c 600 "$TMP/reconf.log")"; fi
if configure_build "$TMP/prefix-b" && grep -a -q "$TMP/prefix-b/share/nerpipe" "$RB/$OBJ" &&
    ! grep -a -q "$TMP/prefix-a" "$RB/$OBJ"
then pass; else fail "$OBJ after ./configure --prefix=$TMP/prefix-b still names $TMP/prefix-a or not B: $(tail -c 600 "$TMP/reconf.log")"; fi

# the source distribution: every file Makefile.am names exists (a header
# renamed in src/ but not in Makefile.am breaks `make dist`)
if (unset MAKEFLAGS MFLAGS MAKELEVEL; ${MAKE:-make} -C "$NP_BUILDDIR" distdir distdir="$TMP/dist") \
    >"$TMP/dist.log" 2>&1 && [ -f "$TMP/dist/doc/graph-contract.md" ] && [ -f "$TMP/dist/LICENSE" ]
then pass; else fail "make distdir: $(tail -c 600 "$TMP/dist.log")"; fi

finish

#!/bin/sh
# tests/install.sh: the installed library works from outside the tree.
# `make install DESTDIR=...` (the configured prefix) installs libnerpipe.a,
# nerpipe.h, nerpipe.pc and the data; examples/extract.c builds with cc
# against them alone (pkg-config --define-prefix into the DESTDIR), and on
# examples/article.txt with a fixed date writes exactly what nerpipe writes
# for it on standard input. The installed library holds no path of the build tree.
# `make distdir` finds every file of the source distribution.
. "$NP_SRCDIR/tests/lib.sh"
: "${NP_BUILDDIR:?run the tests with make check}"
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

# the source distribution: every file Makefile.am names exists (a header
# renamed in src/ but not in Makefile.am breaks `make dist`)
if (unset MAKEFLAGS MFLAGS MAKELEVEL; ${MAKE:-make} -C "$NP_BUILDDIR" distdir distdir="$TMP/dist") \
    >"$TMP/dist.log" 2>&1 && [ -f "$TMP/dist/doc/graph-contract.md" ]
then pass; else fail "make distdir: $(tail -c 600 "$TMP/dist.log")"; fi

finish

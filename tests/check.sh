#!/bin/sh
# tests/check.sh: nerpipe check, the validator of the data. The shipped
# data is clean; each kind of problem in a gazetteer (or in rules/) gives
# its FILE:LINE:COLUMN: message and exit 1, and is the very message
# nerpipe's own loading stops at; several problems in one file are all
# reported; a PATH is checked as --gazetteer=PATH loads it (against the
# data directory's ids, a data directory's file read once); a missing path,
# a directory, a file that is not YAML and an empty file; usage errors exit
# 2 and an output that cannot be written 3.
. "$NP_SRCDIR/tests/lib.sh"
DATA="$NP_SRCDIR"
TINY="$NP_SRCDIR/tests/data/tiny"
G="$TMP/g.yaml"

# ---- the shipped data ----

expect_exit 0 "the shipped data" -- "$NERPIPE" check --data="$DATA"
[ -s "$TMP/out" ] && fail "the shipped data has problems: $(head -c 300 "$TMP/out")" || pass
expect_grep "^nerpipe check: [1-9][0-9]* gazetteer files, [1-9][0-9]* entries: organization [1-9][0-9]*, person [1-9][0-9]*, place [1-9][0-9]*; [1-9][0-9]* rules; 0 problems\$" \
    "$TMP/err" "the shipped data: counts"
n_yaml=$(find "$DATA/gazetteers" -name '*.yaml' | wc -l)
expect_grep "^nerpipe check: $n_yaml gazetteer files," "$TMP/err" "every gazetteer file is counted"
expect_exit 0 "the default data directory (the source tree, from the build tree)" -- "$NERPIPE" check
expect_grep "; 0 problems\$" "$TMP/err" "the default data directory is clean"
expect_exit 0 "the tiny data directory" -- "$NERPIPE" check --data="$TINY"
expect_grep "^nerpipe check: 2 gazetteer files, 8 entries: organization 1, person 3, place 4; 7 rules; 0 problems\$" \
    "$TMP/err" "the tiny data directory: counts"

# ---- usage ----

expect_exit 0 "--help" -- "$NERPIPE" check --help
expect_grep "^Usage: nerpipe check \[--data=DIR\] \[PATH\]\.\.\.\$" "$TMP/out" "--help: usage line"
expect_exit 2 "unknown option" -- "$NERPIPE" check --colour
expect_grep "^nerpipe check: unknown option '--colour'" "$TMP/err" "unknown option message"
expect_exit 2 "--data without a value" -- "$NERPIPE" check --data
expect_grep "needs an argument" "$TMP/err" "--data without a value message"
expect_exit 1 "a missing data directory" -- "$NERPIPE" check --data="$TMP/nowhere"
expect_grep "^nerpipe check: data directory $TMP/nowhere: " "$TMP/err" "missing data directory message"
expect_grep '^\.B nerpipe check$' "$NP_SRCDIR/doc/nerpipe.1" "the man page describes check"
"$NERPIPE" --help >"$TMP/help"
expect_grep "nerpipe check \[--data=DIR\] \[PATH\]" "$TMP/help" "nerpipe --help names check"

# ---- one problem per file ----

# problem NAME 'YAML' 'LINE:COL: message': nerpipe check reports exactly that
# line and exits 1, and nerpipe --gazetteer stops at the same message
problem() {
    printf '%b' "$2" >"$G"
    expect_exit 1 "$1" -- "$NERPIPE" check --data="$DATA" "$G"
    want="$G:$3"
    if [ "$(cat "$TMP/out")" = "$want" ]; then pass; else fail "$1: got '$(cat "$TMP/out")', want '$want'"; fi
    expect_grep "; 1 problem\$" "$TMP/err" "$1: one problem counted"
    "$NERPIPE" --data="$DATA" --gazetteer="$G" </dev/null >/dev/null 2>"$TMP/load"
    if [ "$(cat "$TMP/load")" = "nerpipe: $want" ]; then pass
    else fail "$1: nerpipe says '$(cat "$TMP/load")', check says '$want'"; fi
}
E='entries:\n  - '
problem "not a mapping" '- a\n- b\n' "1:1: the top level must be a mapping"
problem "no entries" 'description: x\n' "1:1: no 'entries' list"
problem "entries not a list" 'entries: {a: 1}\n' "1:10: 'entries' must be a list"
problem "unknown top-level key" 'entries: []\nentires: []\n' \
    "2:1: unknown top-level key 'entires' (expected defaults, entries, description)"
problem "defaults not a mapping" 'defaults: [place]\nentries: []\n' "1:11: 'defaults' must be a mapping"
problem "entry not a mapping" "${E}place:x\n" "2:5: an entry must be a mapping with id, name and type"
problem "key not a string" "${E}{[a]: 1, id: place:x, name: X, type: place}\n" "2:6: keys must be plain strings"
problem "id not a string" "${E}{id: [a], name: X, type: place}\n" "2:10: 'id' must be a string"
problem "no id" "${E}{name: X, type: place}\n" "2:5: the entry has no 'id'"
problem "bad id" "${E}{id: place:Kyoto, name: Kyoto, type: place}\n" \
    "2:10: bad id 'place:Kyoto' (want person:, place: or org: and a slug of a-z, 0-9 and -)"
problem "no name" "${E}{id: place:x, type: place}\n" "2:5: entry 'place:x' has no 'name'"
problem "no type" "${E}{id: place:x, name: X}\n" "2:5: entry 'place:x' has no 'type' (person, place or organization)"
problem "unknown type" "${E}{id: place:x, name: X, type: city}\n" \
    "2:34: unknown type 'city' (expected person, place or organization)"
problem "id of another type" "${E}{id: person:x, name: X, type: place}\n" \
    "2:10: id 'person:x' does not fit type place (want place:...)"
problem "type from defaults" "defaults: {type: [place]}\n${E}{id: place:x, name: X}\n" "1:18: 'type' must be a string"
problem "country" "${E}{id: place:x, name: X, type: place, country: jpn}\n" \
    "2:50: country must be an ISO 3166-1 alpha-2 code such as JP, not 'jpn'"
problem "case" "${E}{id: place:x, name: X, type: place, case: upper}\n" "2:47: 'case' must be sensitive or insensitive"
problem "replace" "${E}{id: place:x, name: X, type: place, replace: yes}\n" "2:50: 'replace' must be true or false"
problem "family of a place" "${E}{id: place:x, name: X, type: place, family: X}\n" "2:49: 'family' is for people only"
problem "duplicate id in the file" "${E}{id: place:x, name: X, type: place}\n  - {id: place:x, name: Y, type: place}\n" \
    "3:10: duplicate id 'place:x' (first defined at $G:2; add 'replace: true' to override it)"
problem "duplicate id of the data" "${E}{id: place:jp, name: Nippon, type: place}\n" \
    "2:10: duplicate id 'place:jp' (first defined at $DATA/gazetteers/places/countries.yaml:$(grep -n 'id: place:jp$' "$DATA/gazetteers/places/countries.yaml" | cut -d: -f1); add 'replace: true' to override it)"
problem "lat not a number" "${E}{id: place:x, name: X, type: place, lat: north}\n" "2:46: 'lat' must be a number, not 'north'"
problem "lat out of range" "${E}{id: place:x, name: X, type: place, lat: 91}\n" "2:46: 'lat' is out of range (-90 to 90): 91"
problem "lon a list" "${E}{id: place:x, name: X, type: place, lon: [1]}\n" "2:46: 'lon' must be a number"
problem "population" "${E}{id: place:x, name: X, type: place, population: -1}\n" \
    "2:53: 'population' is out of range (0 to 1e+11): -1"
problem "prior" "${E}{id: place:x, name: X, type: place, prior: high}\n" "2:48: 'prior' must be a number, not 'high'"
problem "located_in unknown" "${E}{id: place:x, name: X, type: place, located_in: place:atlantis}\n" \
    "2:53: located_in refers to unknown id 'place:atlantis'"
problem "capital unknown" "${E}{id: place:x, name: X, type: place, capital: place:atlantis}\n" \
    "2:50: capital refers to unknown id 'place:atlantis'"
problem "reference not an id" "${E}{id: place:x, name: X, type: place, located_in: [place:jp]}\n" \
    "2:53: a reference must be an entry id"
problem "roles not a list" "${E}{id: person:x, name: X Y, type: person, roles: president}\n" "2:52: 'roles' must be a list"
problem "role not a mapping" "${E}{id: person:x, name: X Y, type: person, roles: [president]}\n" \
    "2:53: a role must be a mapping with title, of, from, to"
problem "role without title" "${E}{id: person:x, name: X Y, type: person, roles: [{of: place:jp}]}\n" "2:53: a role needs 'title'"
problem "role from" "${E}{id: person:x, name: X Y, type: person, roles: [{title: pm, from: 2020-13}]}\n" \
    "2:71: role 'from' must be a date YYYY, YYYY-MM or YYYY-MM-DD"
problem "role to" "${E}{id: person:x, name: X Y, type: person, roles: [{title: pm, to: 2021-02-30}]}\n" \
    "2:69: role 'to' must be a date YYYY, YYYY-MM or YYYY-MM-DD"
problem "role of unknown" "${E}{id: person:x, name: X Y, type: person, roles: [{title: pm, of: place:atlantis}]}\n" \
    "2:69: role 'of' refers to unknown id 'place:atlantis'"
problem "aliases not a list" "${E}{id: place:x, name: X, type: place, aliases: Y}\n" "2:50: 'aliases' must be a list"
problem "alias a list" "${E}{id: place:x, name: X, type: place, aliases: [[Y]]}\n" \
    "2:51: an alias must be a string or a mapping with 'name', not a list"
problem "alias empty" "${E}{id: place:x, name: X, type: place, aliases: ['']}\n" "2:51: an alias must not be empty"
problem "alias without name" "${E}{id: place:x, name: X, type: place, aliases: [{case: sensitive}]}\n" \
    "2:51: an alias written as a mapping needs 'name: TEXT'"
problem "alias option" "${E}{id: place:x, name: X, type: place, aliases: [{name: Y, strong: true}]}\n" \
    "2:61: unknown alias option 'strong' (expected name, case, weak)"
problem "alias case" "${E}{id: place:x, name: X, type: place, aliases: [{name: Y, case: upper}]}\n" \
    "2:67: alias 'case' must be sensitive or insensitive"
problem "alias weak" "${E}{id: place:x, name: X, type: place, aliases: [{name: Y, weak: maybe}]}\n" \
    "2:67: alias 'weak' must be true or false"
problem "name without words" "${E}{id: place:x, name: '?!', type: place}\n" "2:25: the name '?!' has no words"
problem "demonyms not a list" "${E}{id: place:x, name: X, type: place, demonyms: Xian}\n" "2:51: 'demonyms' must be a list"
problem "demonym empty" "${E}{id: place:x, name: X, type: place, demonyms: ['']}\n" "2:52: a demonym must be a string"
problem "YAML syntax" "${E}{id: place:x\n" \
    "3:1: YAML syntax error: did not find expected ',' or '}' while parsing a flow mapping (line 2)"
problem "a key twice" "${E}{id: place:x, name: X, name: Y, type: place}\n" "2:28: duplicate key 'name' (first at 2:19)"
problem "a NUL character" "${E}{id: \"place:\\\\0x\"}\n" "2:10: a NUL character in a string"
problem "an anchor" "${E}&a {id: place:x, name: X, type: place}\n" \
    "2:5: YAML anchors and aliases are not supported in nerpipe data"
problem "a tag" "${E}{id: !!binary eA==, name: X, type: place}\n" \
    "2:10: unsupported YAML tag '!!binary' (nerpipe data takes !!str, !!int, !!float, !!bool, !!null, !!seq and !!map)"
problem "an empty file" '' "1:1: the file is empty (expected a mapping)"
problem "a text file" 'Dear editor,\nthis is a letter, not a gazetteer.\n' "1:1: the top level must be a mapping"

# ---- many problems in one file: all of them, in order ----

cat >"$G" <<'EOF'
defaults:
  type: place
entries:
  - {id: place:a}
  - {id: place:B, name: B, country: jpn, case: upper}
  - {id: place:c, name: C, type: city}
  - {id: place:d, name: D, lat: north, lon: 200, located_in: place:atlantis}
  - {id: place:e, name: E, located_in: place:a, aliases: ['', {name: F, weak: maybe}]}
  - {id: place:a, name: A again}
  - {id: person:g, name: G H, type: person, roles: [{title: pm, from: 20-20}, {of: place:e}]}
unknown: 1
EOF
expect_exit 1 "many problems" -- "$NERPIPE" check --data="$DATA" "$G"
cat >"$TMP/want" <<EOF
$G:4:5: entry 'place:a' has no 'name'
$G:5:10: bad id 'place:B' (want person:, place: or org: and a slug of a-z, 0-9 and -)
$G:5:37: country must be an ISO 3166-1 alpha-2 code such as JP, not 'jpn'
$G:5:48: 'case' must be sensitive or insensitive
$G:6:34: unknown type 'city' (expected person, place or organization)
$G:7:33: 'lat' must be a number, not 'north'
$G:7:45: 'lon' is out of range (-180 to 180): 200
$G:8:59: an alias must not be empty
$G:8:79: alias 'weak' must be true or false
$G:9:10: duplicate id 'place:a' (first defined at $G:4; add 'replace: true' to override it)
$G:10:71: role 'from' must be a date YYYY, YYYY-MM or YYYY-MM-DD
$G:10:79: a role needs 'title'
$G:11:1: unknown top-level key 'unknown' (expected defaults, entries, description)
$G:7:62: located_in refers to unknown id 'place:atlantis'
EOF
if cmp -s "$TMP/out" "$TMP/want"; then pass; else fail "many problems: $(diff "$TMP/want" "$TMP/out")"; fi
# an unsound entry with a sound id counts (place:a, place:c), a bad id or a
# second place:a does not
expect_grep "^nerpipe check: 1 gazetteer file, 5 entries: organization 0, person 1, place 4; 14 problems\$" "$TMP/err" \
    "many problems: counts"
# nerpipe itself stops at the first of them
"$NERPIPE" --data="$DATA" --gazetteer="$G" </dev/null >/dev/null 2>"$TMP/load"
[ "$(cat "$TMP/load")" = "nerpipe: $(head -n 1 "$TMP/want")" ] && pass || fail "nerpipe does not stop at the first problem: $(cat "$TMP/load")"
# an unsound entry keeps its id: what refers to it is not reported again
expect_no_grep "unknown id 'place:a'" "$TMP/out" "a reference to an unsound entry"

# problems in several files, and the files after a broken one
mkdir -p "$TMP/dir/sub"
printf 'entries:\n  - {id: place:one, name: One, type: place, located_in: place:jp}\n' >"$TMP/dir/a.yaml"
printf 'entries:\n  - {id: place:two, name: Two, type: plaice}\n' >"$TMP/dir/sub/b.yaml"
printf 'entries: [\n' >"$TMP/dir/sub/c.yaml"
printf 'entries:\n  - {id: org:three, name: Three, type: organization, located_in: place:two}\n' >"$TMP/dir/d.yaml"
printf 'not YAML, and not read\n' >"$TMP/dir/notes.txt"
expect_exit 1 "a directory" -- "$NERPIPE" check --data="$DATA" "$TMP/dir"
cat >"$TMP/want" <<EOF
$TMP/dir/sub/b.yaml:2:38: unknown type 'plaice' (expected person, place or organization)
$TMP/dir/sub/c.yaml:2:1: YAML syntax error: did not find expected node content while parsing a flow node (line 2)
EOF
if cmp -s "$TMP/out" "$TMP/want"; then pass; else fail "a directory: $(diff "$TMP/want" "$TMP/out")"; fi
expect_grep "^nerpipe check: 4 gazetteer files, 3 entries: organization 1, person 0, place 2; 2 problems\$" "$TMP/err" \
    "a directory: counts"

# ---- paths ----

expect_exit 1 "a missing path" -- "$NERPIPE" check --data="$DATA" "$TMP/missing.yaml"
[ "$(cat "$TMP/out")" = "$TMP/missing.yaml: No such file or directory" ] && pass || fail "a missing path: $(cat "$TMP/out")"
mkdir -p "$TMP/empty-dir"
expect_exit 0 "a directory without YAML" -- "$NERPIPE" check --data="$DATA" "$TMP/empty-dir"
expect_grep "^nerpipe check: 0 gazetteer files, 0 entries: organization 0, person 0, place 0; 0 problems\$" "$TMP/err" \
    "a directory without YAML: counts"
# a sound file: counted alone, its references resolve against the data directory
printf 'entries:\n  - {id: place:x-town, name: X Town, type: place, located_in: place:jp}\n  - {id: person:x-y, name: X Y, type: person, roles: [{title: mayor, of: place:x-town}]}\n' >"$G"
expect_exit 0 "a sound file" -- "$NERPIPE" check --data="$DATA" "$G"
expect_grep "^nerpipe check: 1 gazetteer file, 2 entries: organization 0, person 1, place 1; 0 problems\$" "$TMP/err" \
    "a sound file: counts"
# an entry of the data replaced
printf 'entries:\n  - {id: place:jp, name: Nippon, type: place, replace: true}\n' >"$G"
expect_exit 0 "replace: true" -- "$NERPIPE" check --data="$DATA" "$G"
# one of the data directory's own files is read once, as given
expect_exit 0 "a file of the data directory" -- "$NERPIPE" check --data="$TINY" "$TINY/gazetteers/places.yaml"
expect_grep "^nerpipe check: 1 gazetteer file, 5 entries: organization 1, person 0, place 4; 0 problems\$" "$TMP/err" \
    "a file of the data directory: counts"
expect_exit 0 "the data directory's gazetteers/" -- "$NERPIPE" check --data="$TINY" "$TINY/gazetteers"
expect_no_grep "duplicate" "$TMP/out" "the data directory's gazetteers are read once"
expect_exit 0 "two ways to one file" -- "$NERPIPE" check --data="$TINY" "$TINY/gazetteers/places.yaml" "$TINY/gazetteers/../gazetteers/people.yaml"

# ---- rules/ ----

cp -R "$TINY" "$TMP/tiny"
printf 'titles:\n  - {role: pm, class: boss, phrases: [PM]}\n  - {role: x, phrases: [""], colour: red}\n' \
    >"$TMP/tiny/rules/titles.yaml"
printf 'months: {13: [Smarch]}\nfortnight: [x]\n' >"$TMP/tiny/rules/dates.yaml"
printf 'lexicon: honourifics\nwords: [sir]\n' >"$TMP/tiny/rules/lexicon/zz.yaml"
printf 'rules:\n  - {id: met, relation: met, pattern: "<person:a> met <person:b>"}\n  - {id: z, relation: saw, pattern: x}\n  - {id: c, relation: met, cameo: often, pattern: "<person:a> saw <person:b>"}\ncameo:\n  met: "040"\n' \
    >"$TMP/tiny/rules/relations/zz.yaml"
expect_exit 1 "broken rules" -- "$NERPIPE" check --data="$TMP/tiny"
R="$TMP/tiny/rules"
cat >"$TMP/want" <<EOF
$R/lexicon/zz.yaml:1:10: unknown lexicon 'honourifics'
$R/titles.yaml:2:23: unknown title class 'boss'
$R/titles.yaml:3:30: unknown key 'colour' in a title (expected role, class, phrases)
$R/dates.yaml:1:10: expected a number from 1 to 12
$R/dates.yaml:2:1: unknown key 'fortnight' (expected months, weekdays, today, yesterday, tomorrow, periods)
$R/relations/zz.yaml:2:10: duplicate rule id 'met'
$R/relations/zz.yaml:3:23: unknown relation 'saw' (expected met, visited, called, joined, listed or dateline)
$R/relations/zz.yaml:4:35: a cameo is a CAMEO code of two to four digits ("040"), visit or host
$R/relations/zz.yaml:6:3: the cameo table is defined twice (once per data directory)
EOF
if cmp -s "$TMP/out" "$TMP/want"; then pass; else fail "broken rules: $(diff "$TMP/want" "$TMP/out")"; fi
expect_grep "; 8 rules; 9 problems\$" "$TMP/err" "broken rules: counts"
"$NERPIPE" --data="$TMP/tiny" </dev/null >/dev/null 2>"$TMP/load"
[ "$(cat "$TMP/load")" = "nerpipe: $(head -n 1 "$TMP/want")" ] && pass || fail "nerpipe's first rules problem: $(cat "$TMP/load")"
rm "$R/titles.yaml"
expect_exit 1 "a missing rules file" -- "$NERPIPE" check --data="$TMP/tiny"
expect_grep "^$R/titles.yaml: No such file or directory\$" "$TMP/out" "a missing rules file message"
expect_grep "^$R/dates.yaml:1:10: " "$TMP/out" "the files after a missing one are checked"

# ---- output ----

if [ -w /dev/full ]; then
    printf 'entries:\n  - {id: place:x}\n' >"$G"
    expect_exit 3 "an output that cannot be written" -- sh -c "'$NERPIPE' check --data='$DATA' '$G' >/dev/full"
    expect_grep "cannot write" "$TMP/err" "an output that cannot be written: message"
fi

finish

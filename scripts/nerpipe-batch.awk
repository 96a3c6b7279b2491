# scripts/nerpipe-batch.awk: the JSON scanning of scripts/nerpipe-batch, which
# runs it with LC_ALL=C (bytes, not characters) and -v mode=...
# A value's key is a canonical text of it, so that the same JSON value is
# the same key however it was written (escapes, number spelling, spaces).
function hexval(h,    i, d, v) {
    if (length(h) != 4) return -1
    v = 0
    for (i = 1; i <= 4; i++) {
        d = index("0123456789abcdef", tolower(substr(h, i, 1)))
        if (!d) return -1
        v = v * 16 + d - 1
    }
    return v
}
function uchar(cp) {
    if (cp < 0) { BAD = 1; return "" }
    if (cp == 34) return "\\\""
    if (cp == 92) return "\\\\"
    if (cp < 32) return sprintf("\\u%04x", cp)
    if (cp < 128) return sprintf("%c", cp)
    if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
    if (cp < 65536) return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
    return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64, 128 + int(cp / 64) % 64, 128 + cp % 64)
}
# the canonical form of a JSON string's contents (between its quotes)
function jstr(c,    out, i, e, cp, lo) {
    if (!index(c, "\\")) return c
    out = ""
    while ((i = index(c, "\\")) > 0) {
        out = out substr(c, 1, i - 1)
        e = substr(c, i + 1, 1)
        if (e == "u") {
            cp = hexval(substr(c, i + 2, 4))
            c = substr(c, i + 6)
            if (cp >= 55296 && cp < 56320 && substr(c, 1, 2) == "\\u") {
                lo = hexval(substr(c, 3, 4))
                if (lo >= 56320 && lo < 57344) {
                    cp = 65536 + (cp - 55296) * 1024 + (lo - 56320)
                    c = substr(c, 7)
                }
            }
            out = out uchar(cp)
        } else {
            c = substr(c, i + 2)
            if (e == "n") out = out "\\u000a"
            else if (e == "t") out = out "\\u0009"
            else if (e == "r") out = out "\\u000d"
            else if (e == "b") out = out "\\u0008"
            else if (e == "f") out = out "\\u000c"
            else if (e == "\"" || e == "\\") out = out "\\" e
            else out = out e
        }
    }
    return out c
}
# the same form of raw bytes (a file name)
function enc(s,    out, i, ch) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        ch = substr(s, i, 1)
        if (ch == "\"" || ch == "\\") out = out "\\" ch
        else if (ORD[ch] < 32) out = out sprintf("\\u%04x", ORD[ch])
        else out = out ch
    }
    return out
}
function cscalar(v) {
    if (v == "true" || v == "false" || v == "null") return v
    if (v ~ /^-?(0|[1-9][0-9]*)$/) return v == "-0" ? "0" : v
    if (v ~ /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) return sprintf("%.17g", v + 0)
    BAD = 1
    return v
}
# A tokenizer over the pieces between double quotes: linear in the line's
# length however long its strings are and however many quotes they escape.
function tinit(s) { TN = split(s, TP, "\""); TI = 1; TK = 1 }
function odd(p,    l, n) {
    l = length(p); n = 0
    while (l > 0 && substr(p, l, 1) == "\\") { n++; l-- }
    return n % 2
}
# the next token: a punctuation character, "S" (a string, pieces SA..SB),
# "V" (a scalar, TV) or "" (the end, or an unterminated string)
function tok(    seg, len, ch, m, j) {
    seg = TP[TI]; len = length(seg)
    while (TK <= len) {
        ch = substr(seg, TK, 1)
        if (ch == " " || ch == "\t" || ch == "\r" || ch == "\n") { TK++; continue }
        if (index("{}[]:,", ch)) { TK++; return ch }
        m = TK
        while (TK <= len && !index(" \t\r\n{}[]:,", substr(seg, TK, 1))) TK++
        TV = substr(seg, m, TK - m)
        return "V"
    }
    if (TI >= TN) return ""
    j = TI + 1
    while (j < TN && odd(TP[j])) j++
    if (j >= TN) { TI = TN; TK = length(TP[TN]) + 1; return "" }
    SA = TI + 1; SB = j; TI = j + 1; TK = 1
    return "S"
}
function sval(    s, k) { s = TP[SA]; for (k = SA + 1; k <= SB; k++) s = s "\"" TP[k]; return s }
function skip(    t, d) {
    t = tok()
    if (t == "S" || t == "V") return 1
    if (t != "{" && t != "[") return 0
    for (d = 1; d > 0; ) {
        t = tok()
        if (t == "") return 0
        if (t == "{" || t == "[") d++
        else if (t == "}" || t == "]") d--
    }
    return 1
}
# the canonical text of the next value
function cval(    t, out, d) {
    t = tok()
    if (t == "S") return "\"" jstr(sval()) "\""
    if (t == "V") return cscalar(TV)
    if (t != "{" && t != "[") { BAD = 1; return "" }
    out = t
    for (d = 1; d > 0; ) {
        t = tok()
        if (t == "") { BAD = 1; return "" }
        if (t == "S") out = out "\"" jstr(sval()) "\""
        else if (t == "V") out = out cscalar(TV)
        else {
            out = out t
            if (t == "{" || t == "[") d++
            else if (t == "}" || t == "]") d--
        }
    }
    return out
}
# record(s): a line of INPUT. Sets ID, the key of its top-level "id" ("" when
# it has none or null, or when the line is not one well-formed JSON object,
# since nerpipe then says null too).
function record(s,    t, k, v, n) {
    ID = ""; BAD = 0; n = 0
    tinit(s)
    if (tok() != "{") return 0
    t = tok()
    while (t == "S") {
        k = jstr(sval())
        if (tok() != ":") return 0
        if (k == "id") {
            v = cval()
            if (BAD || n++) { ID = ""; return 0 }
            ID = v == "null" ? "" : v
        } else if (!skip()) { ID = ""; return 0 }
        t = tok()
        if (t == "}") break
        if (t != ",") { ID = ""; return 0 }
        t = tok()
        if (t != "S") { ID = ""; return 0 }
    }
    if (t != "}" || tok() != "") { ID = ""; return 0 }
    return 1
}
# outline(s): a line nerpipe --jsonl wrote. Sets ID (as record does),
# IDKIND (s: a string, i: an integer, o: anything else), LINE (its "line"),
# ISRES (it has a "graph" object) and ISERR (it has an "error").
function outline(s,    t, k, v, n) {
    ID = ""; IDKIND = "o"; LINE = ""; ISRES = 0; ISERR = 0; BAD = 0
    # the shape nerpipe writes first: {"id":scalar,"graph":{ or ,"line":N,"error":
    if (match(s, /^[ \t]*\{[ \t]*"id"[ \t]*:[ \t]*(-?[0-9][0-9.eE+-]*|null|"[^"\\]*")[ \t]*,/)) {
        n = RLENGTH
        v = substr(s, 1, n - 1)
        sub(/^[ \t]*\{[ \t]*"id"[ \t]*:[ \t]*/, "", v)
        sub(/[ \t]+$/, "", v)
        IDKIND = v ~ /^"/ ? "s" : v ~ /^-?[0-9]+$/ ? "i" : "o"
        if (v !~ /^"/) v = cscalar(v)
        if (!BAD) {
            ID = v == "null" ? "" : v
            t = substr(s, n + 1, 40)
            if (substr(t, 1, 9) == "\"graph\":{") { ISRES = 1; return 1 }
            if (match(t, /^"line":[0-9]+,"error":/)) {
                LINE = substr(t, 8, RLENGTH - 16); ISERR = 1
                return 1
            }
        }
        ID = ""; IDKIND = "o"; BAD = 0
    }
    tinit(s)
    if (tok() != "{") return 0
    t = tok()
    if (t == "}") return 1
    while (t == "S") {
        k = jstr(sval())
        if (tok() != ":") return 0
        if (k == "id") {
            n = TI; v = TK
            t = tok()
            IDKIND = t == "S" ? "s" : t == "V" && TV ~ /^-?[0-9]+$/ ? "i" : "o"
            TI = n; TK = v
            v = cval()
            if (BAD) return 0
            ID = v == "null" ? "" : v
        } else if (k == "line") {
            if (tok() != "V") return 0
            LINE = TV
        } else if (k == "graph") {
            ISRES = tok() == "{"
            return 1
        } else {
            if (k == "error") ISERR = 1
            if (!skip()) return 0
        }
        t = tok()
        if (t == "}") return 1
        if (t != ",") return 0
        t = tok()
    }
    return 0
}
# jw(s): s as nerpipe writes a JSON string (src/jsonw.c)
function jw(s,    out, i, ch, o) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        ch = substr(s, i, 1)
        o = ORD[ch]
        if (ch == "\"" || ch == "\\") out = out "\\" ch
        else if (o == 10) out = out "\\n"
        else if (o == 13) out = out "\\r"
        else if (o == 9) out = out "\\t"
        else if (o == 8) out = out "\\b"
        else if (o == 12) out = out "\\f"
        else if (o < 32) out = out sprintf("\\u%04x", o)
        else if (o == 226 && ORD[substr(s, i + 1, 1)] == 128 && (ORD[substr(s, i + 2, 1)] == 168 || ORD[substr(s, i + 2, 1)] == 169)) {
            out = out (ORD[substr(s, i + 2, 1)] == 168 ? "\\u2028" : "\\u2029")
            i += 2
        } else out = out ch
    }
    return "\"" out "\""
}
# A result whose id is neither a string nor an integer names its document
# after the file nerpipe read, here a chunk: give it INPUT's name instead,
# as a direct run would.
function rename_doc(l, c,    from, i) {
    from = "\"document\":{\"name\":" jw(chunk(c))
    i = index(l, from)
    if (!i) return l
    return substr(l, 1, i - 1) "\"document\":{\"name\":" INNAME substr(l, i + length(from))
}
# docs(s): the names of the documents of a graph (DOC[1..NDOC]); 0 when s
# is not a nerpipe graph. The graph's header comes first, so try a prefix.
function docs(s) {
    NDOC = 0
    if (length(s) > 65536) { tinit(substr(s, 1, 65536)); if (docs1()) return 1; NDOC = 0 }
    tinit(s)
    return docs1()
}
function docs1(    t, k) {
    if (tok() != "{") return 0
    t = tok()
    while (t == "S") {
        k = jstr(sval())
        if (tok() != ":") return 0
        if (k == "graph") return gobj()
        if (!skip()) return 0
        if (tok() != ",") return 0
        t = tok()
    }
    return 0
}
function gobj(    t, k) {
    if (tok() != "{") return 0
    t = tok()
    while (t == "S") {
        k = jstr(sval())
        if (tok() != ":") return 0
        if (k == "document") {
            if (!dobj(tok())) return 0
        } else if (k == "documents") {
            if (tok() != "[") return 0
            t = tok()
            while (t == "{") {
                if (!dobj(t)) return 0
                t = tok()
                if (t == ",") t = tok()
            }
            if (t != "]") return 0
        } else if (!skip()) return 0
        t = tok()
        if (t == "}") return 1
        if (t != ",") return 0
        t = tok()
    }
    return t == "}"
}
function dobj(t,    k) {
    if (t != "{") return 0
    t = tok()
    while (t == "S") {
        k = jstr(sval())
        if (tok() != ":") return 0
        if (k == "name") {
            if (tok() != "S") return 0
            DOC[++NDOC] = jstr(sval())
        } else if (!skip()) return 0
        t = tok()
        if (t == "}") return 1
        if (t != ",") return 0
        t = tok()
    }
    return t == "}"
}
# check_chunk(c, first, hi, complete): compares chunk c's output, line by
# line, with the records EL[e..], EK[e..] whose lines are below hi (the
# chunk's lines begin at first; complete: its output ends a line). Writes
# the records with a good line to GOTF, those without one to MISSF, and
# "c good lines fix" to GOODF; counts nerr and missnull; leaves e past them.
function check_chunk(c, first, hi, complete,    f, good, lines, stop, fix, has, has2, cur, nxt) {
    f = chunk(c) ".jsonl"
    good = lines = stop = fix = 0
    has = (getline cur < f) > 0
    while (has) {
        has2 = (getline nxt < f) > 0
        lines++
        if (!has2 && !complete) break
        if (!stop) {
            if (e > ne || EL[e] >= hi) {
                stop = 1
                printf "nerpipe-batch: the worker for lines from %d wrote more lines than there are records\n", first > "/dev/stderr"
            } else if (outline(cur) && ((ISRES && ID == EK[e]) || (ISERR && LINE == EL[e]))) {
                good++
                if (ISRES && IDKIND == "o") fix++
                print (ISRES ? "R" : "E") "\t" EL[e] "\t" ID > GOTF
                if (ISERR) nerr++
                e++
            } else {
                stop = 1
                printf "nerpipe-batch: the output for line %d does not match it (%s)\n", EL[e], substr(cur, 1, 60) > "/dev/stderr"
            }
        }
        cur = nxt
        has = has2
    }
    close(f)
    for (; e <= ne && EL[e] < hi; e++) {
        if (QUICK[e]) missing_key(e)
        print EL[e] "\t" EK[e] > MISSF
        if (EK[e] == "") missnull++
    }
    print c, good, lines, fix > GOODF
}
# missing_key(e): the key of record e of a chunk (mode=chunk), from its
# line read again and whole
function missing_key(e,    f, l) {
    f = chunk(c)
    while (RN < EL[e] - first + 1 && (getline l < f) > 0) RN++
    sub(/\r+$/, "", l)
    record(l)
    EK[e] = ID
}
function chunk(c) { return T "/chunk." sprintf("%06d", c) }
# loads the numbers of the file f, one a line, into a[0..]; returns how many
function numbers(f, a,    n, x) {
    n = 0
    while ((getline x < f) > 0) a[n++] = x + 0
    close(f)
    return n
}
BEGIN {
    T = ENVIRON["TMP"]
    for (i = 1; i < 256; i++) ORD[sprintf("%c", i)] = i
    if (mode == "input" && resume) {
        f = T "/done.keys"
        while ((getline k < f) > 0) D[k] = 1
        close(f)
    }
    if (mode == "assemble") {
        f = T "/got"
        newnull = 0
        while ((getline x < f) > 0) {
            # type, line, key
            split(x, a, "\t")
            NEWLINE[a[2]] = 1
            k = substr(x, length(a[1]) + length(a[2]) + 3)
            if (k != "") NEW[k] = 1
            else if (a[1] == "R") newnull++
        }
        close(f)
        f = T "/done.stats"
        oldnull = 0
        if ((getline x < f) > 0) { split(x, a, " "); oldnull = a[1] + 0 }
        close(f)
        f = T "/input.stats"
        getline x < f; split(x, a, " "); innull = a[4] + 0
        close(f)
        f = T "/check.stats"
        getline x < f; split(x, a, " "); missnull = a[3] + 0
        close(f)
        # an error line goes when there is a new line for its id or, without
        # an id, its line. Results without an id cannot be matched: those of
        # a run replace the earlier ones when it has a line for each record
        # without an id, else the earlier ones stay
        dropold = (innull > 0 || newnull > 0) && missnull == 0
        addnew = dropold || oldnull == 0
        nc = numbers(T "/firsts", F)
    }
    if (mode == "check") {
        nc = numbers(T "/firsts", F)
        numbers(T "/complete", CF)
    }
    if (mode == "dircheck") {
        nc = ENVIRON["NCHUNKS"] + 0
        numbers(T "/complete", CF)
    }
}
# old RESULTS: the keys of the records that are done
mode == "done" {
    if (outline($0) && (ISRES || ISERR)) {
        if (ISRES && ID == "") nullold++
        else if (ISRES) print ID
    } else if ($0 !~ /^[ \t\r]*$/) other++
    next
}
# INPUT: the records to process (line number and key), and with copy, the
# input again with blank lines for the records that are done
mode == "input" {
    l = $0
    sub(/\r+$/, "", l)
    if (l ~ /^[ \t]*$/) { if (copy) print "" > (T "/todo"); next }
    nrec++
    record(l)
    if (resume && ID != "" && (ID in D)) { ndone++; if (copy) print "" > (T "/todo"); next }
    if (copy) print $0 > (T "/todo")
    if (ID == "") nnull++
    print NR "\t" ID
    next
}
# a chunk's records, by its worker (c: the chunk, first: its first line).
# A line that begins {"id": N, or {"id": "plain string", has that key when
# it gives a result (one well-formed object with one "id"); when it gives an
# error line instead, its output is matched by its line, and if it goes
# missing its key is found again (missing_key). Other lines are read whole.
mode == "chunk" {
    l = $0
    sub(/\r+$/, "", l)
    if (l ~ /^[ \t]*$/) next
    nrec++
    if (match(l, /^[ \t]*\{[ \t]*"id"[ \t]*:[ \t]*(-?(0|[1-9][0-9]*)|null|"[^"\\]*")[ \t]*,/)) {
        v = substr(l, 1, RLENGTH - 1)
        sub(/^[ \t]*\{[ \t]*"id"[ \t]*:[ \t]*/, "", v)
        sub(/[ \t]+$/, "", v)
        ID = v == "null" ? "" : v == "-0" ? "0" : v
        QUICK[ne + 1] = 1
    } else
        record(l)
    EL[++ne] = NR + first - 1
    EK[ne] = ID
    next
}
mode == "check" {
    p = index($0, "\t")
    EL[++ne] = substr($0, 1, p - 1) + 0
    EK[ne] = substr($0, p + 1)
    next
}
# the merge's input: result lines, and error lines (graph.errors counts them)
mode == "graphs" { if (outline($0) && (ISRES || ISERR)) print; next }
# old RESULTS, to which the new lines are added
mode == "assemble" {
    if (!outline($0) || !(ISRES || ISERR)) { print; next }
    if (ISERR) { if (ID != "" ? !(ID in NEW) : !(LINE in NEWLINE)) print; next }
    if (ID == "") { if (!dropold) print; next }
    print
    next
}
END {
    if (mode == "done") print nullold + 0, other + 0 > (T "/done.stats")
    if (mode == "input") print NR, nrec + 0, ndone + 0, nnull + 0 > (T "/input.stats")
    if (mode == "check") {
        e = 1
        GOTF = T "/got"; MISSF = T "/missing"; GOODF = T "/good"
        for (c = 0; c < nc; c++) check_chunk(c, F[c], c + 1 < nc ? F[c + 1] : 1e18, CF[c])
        for (; e <= ne; e++) {
            print EL[e] "\t" EK[e] > MISSF
            if (EK[e] == "") missnull++
        }
        print nerr + 0, 0, missnull + 0 > (T "/check.stats")
    }
    # one chunk, by its worker: its records (as mode=input finds them) against its output
    if (mode == "chunk") {
        e = 1
        f = chunk(c)
        GOTF = f ".got"; MISSF = f ".missing"; GOODF = f ".good"
        check_chunk(c, first, 1e18, complete)
        print nerr + 0, 0, missnull + 0, NR, nrec + 0 > (f ".stats")
    }
    if (mode == "assemble") {
        for (c = 0; c < nc; c++) {
            f = chunk(c) ".jsonl"
            while ((getline l < f) > 0) {
                if (!addnew) { outline(l); if (ISRES && ID == "") continue }
                print l
            }
            close(f)
        }
    }
    # the first "good" lines of chunk c's output, with their documents' names
    if (mode == "cut") {
        INNAME = jw(ENVIRON["INNAME"])
        f = chunk(c) ".jsonl"
        for (i = 0; i < good && (getline l < f) > 0; i++) {
            if (outline(l) && ISRES && IDKIND == "o") l = rename_doc(l, c)
            print l
        }
    }
    if (mode == "dircheck") {
        for (c = 0; c < nc; c++) {
            f = chunk(c)
            RS = "\0"
            n = 0
            while ((getline x < f) > 0) NAME[++n] = enc(x)
            close(f)
            RS = "\n"
            split("", HAVE)
            f = f ".json"
            good = lines = stop = 0
            has = (getline cur < f) > 0
            while (has) {
                has2 = (getline nxt < f) > 0
                lines++
                if (!has2 && !CF[c]) break
                if (!stop) {
                    if (docs(cur)) {
                        good++
                        for (i = 1; i <= NDOC; i++) HAVE[DOC[i]] = 1
                    } else {
                        stop = 1
                        printf "nerpipe-batch: a worker wrote something that is not a nerpipe graph: %s\n", substr(cur, 1, 60) > "/dev/stderr"
                    }
                }
                cur = nxt
                has = has2
            }
            close(f)
            for (i = 1; i <= n; i++) if (!(NAME[i] in HAVE)) print NAME[i] > (T "/missing")
            print c, good, lines > (T "/good")
        }
    }
}

/*
 * gjson.c: graphs as JSON values, and the merge's readers (see gjson.h):
 * a stream of graphs cut into values, each read by the merge's tape
 * reader (merge.h), and by jansson what that declines.
 */
#include "gjson.h"

#include "emit_json.h"
#include "jsontape.h"
#include "jsonw.h"

#include <jansson.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

json_t *np_gjson_from_graph(const np_graph *g)
{
    np_jw w;
    np_jw_init(&w, NULL, 0);
    np_emit_json(g, &w);
    json_error_t e;
    json_t *j = json_loadb(w.buf.data, w.buf.len, 0, &e);
    np_buf_free(&w.buf);
    return j;
}

/* ---- values jansson reads ---- */

/* jansson's tree v, as canonical text, to the merge; like np_merge_add_text. */
static int add_tree(np_merge *merge, json_t *v, int flags, const char *what, np_error *err)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!text) {
        np_error_set(err, "%s: out of memory", what);
        return -1;
    }
    int rc = np_merge_add_text(merge, text, strlen(text), NULL, INT_MAX, flags, what, err);
    free(text);
    if (rc == NP_MERGE_DECLINED) { /* (never: the tape reader takes what jansson writes) */
        np_error_set(err, "%s: internal error: the merge cannot read jansson's text of it", what);
        return -1;
    }
    return rc;
}

int np_merge_add(np_merge *merge, json_t *g, const char *what, np_error *err)
{
    int rc = add_tree(merge, g, 0, what, err);
    json_decref(g);
    return rc;
}

json_t *np_merge_result(np_merge *merge)
{
    np_jw w;
    np_jw_init(&w, NULL, 0);
    np_merge_write_json(merge, &w);
    json_error_t e;
    json_t *j = json_loadb(w.buf.data, w.buf.len, 0, &e);
    np_buf_free(&w.buf);
    return j;
}

/* ---- reading a stream of graphs ---- */

/* Where the scan of a stream is: a value being collected (its text and
 * the line it began on), the depth of its brackets, and whether it is
 * inside a string. After a broken value, lines are skipped up to the
 * next one that starts a value in its first column. */
typedef struct np_scan {
    np_merge *merge;
    np_buf val;
    size_t start_line;
    int depth, in_str, esc, skipping;
    size_t problems;
    void (*report)(const char *msg, void *ctx);
    void *ctx;
} np_scan;

static void scan_report(np_scan *sc, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void scan_report(np_scan *sc, size_t line, const char *fmt, ...)
{
    char msg[1100];
    int k = snprintf(msg, sizeof msg, "line %zu: ", line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
    va_end(ap);
    sc->problems++;
    if (sc->report)
        sc->report(msg, sc->ctx);
}

static void scan_reset(np_scan *sc)
{
    sc->val.len = 0;
    sc->depth = sc->in_str = sc->esc = 0;
}

/* The value s[0..n) that begins on line: by the tape reader, else by
 * jansson (whose verdict stands); with used, a value at the start of s
 * (*used: its length), that only the tape reader is asked about.
 * NP_MERGE_DECLINED when it declined a value of used. */
static int take_value(np_scan *sc, const char *s, size_t n, size_t *used, size_t line)
{
    char what[64];
    snprintf(what, sizeof what, "line %zu", line);
    np_error err;
    int rc = np_merge_add_text(sc->merge, s, n, used, NP_JT_MAX_DEPTH, NP_MERGE_LINE, what, &err);
    if (rc == NP_MERGE_DECLINED) {
        if (used)
            return rc;
        json_error_t je;
        json_t *v = json_loadb(s, n, 0, &je);
        if (!v) {
            scan_report(sc, line + (je.line > 0 ? (size_t)je.line - 1 : 0), "not JSON: %s", je.text);
            return -1;
        }
        rc = add_tree(sc->merge, v, NP_MERGE_LINE, what, &err);
        json_decref(v);
    }
    if (rc != 0) {
        sc->problems++;
        if (sc->report)
            sc->report(err.msg, sc->ctx);
    }
    return rc;
}

/* A whole value has been collected: merge what it holds. */
static void scan_value(np_scan *sc)
{
    take_value(sc, sc->val.data, sc->val.len, NULL, sc->start_line);
    scan_reset(sc);
}

static void scan_line(np_scan *sc, const char *s, size_t n, size_t lineno)
{
    if (sc->skipping) {
        if (n == 0 || (s[0] != '{' && s[0] != '['))
            return;
        sc->skipping = 0;
    }
    /* a value that starts in the first column while another is open: the
     * open one was cut short (one truncated line of JSON lines) */
    if (sc->depth > 0 && n > 0 && s[0] == '{') {
        scan_report(sc, sc->start_line, "a value cut short (it has no end before line %zu)", lineno);
        scan_reset(sc);
    }
    size_t i = 0;
    while (i < n) {
        size_t from = i;
        if (sc->depth == 0) {
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f'))
                i++;
            if (i == n)
                return;
            if (s[i] != '{' && s[i] != '[') {
                scan_report(sc, lineno, "not a graph: unexpected '%c' in column %zu", (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?',
                            i + 1);
                return;
            }
            sc->start_line = lineno;
            from = i;
            /* the usual case, a whole value on the line: straight to the
             * tape reader, without the scan below */
            size_t used;
            if (take_value(sc, s + i, n - i, &used, lineno) != NP_MERGE_DECLINED) {
                i += used;
                continue;
            }
        }
        for (; i < n; i++) {
            char c = s[i];
            if (sc->in_str) {
                if (sc->esc)
                    sc->esc = 0;
                else if (c == '\\')
                    sc->esc = 1;
                else if (c == '"')
                    sc->in_str = 0;
            } else if (c == '"') {
                sc->in_str = 1;
            } else if (c == '{' || c == '[') {
                sc->depth++;
            } else if (c == '}' || c == ']') {
                if (--sc->depth == 0)
                    break;
            }
        }
        if (i < n) { /* the value ends at s[i] */
            np_buf_add(&sc->val, s + from, i + 1 - from);
            scan_value(sc);
            i++;
            continue;
        }
        np_buf_add(&sc->val, s + from, n - from);
        np_buf_addc(&sc->val, '\n');
    }
    if (sc->in_str) { /* JSON strings never span lines */
        if (sc->start_line == lineno)
            scan_report(sc, lineno, "a value cut short inside a string");
        else
            scan_report(sc, sc->start_line, "a value with a string not closed at the end of line %zu", lineno);
        scan_reset(sc);
        sc->skipping = 1;
    }
}

size_t np_merge_add_stream(np_merge *merge, FILE *f, void (*report)(const char *msg, void *ctx), void *ctx)
{
    np_scan sc = {.merge = merge, .report = report, .ctx = ctx};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t n = (size_t)len;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        const char *s = line;
        if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
            s += 3;
            n -= 3;
        }
        scan_line(&sc, s, n, lineno);
    }
    if (sc.depth > 0)
        scan_report(&sc, sc.start_line, "a value cut short by the end of the input");
    if (ferror(f))
        scan_report(&sc, lineno + 1, "read error: %s", strerror(errno));
    free(line);
    np_buf_free(&sc.val);
    return sc.problems;
}


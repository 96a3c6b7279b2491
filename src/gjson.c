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

/* ---- a stream read a piece at a time ---- */

struct np_merge_lines {
    np_scan sc;
    np_buf part; /* a line whose newline has not come yet */
    size_t lineno;
};

np_merge_lines *np_merge_lines_new(np_merge *merge, void (*report)(const char *msg, void *ctx), void *ctx)
{
    np_merge_lines *r = np_xcalloc(1, sizeof *r);
    r->sc = (np_scan){.merge = merge, .report = report, .ctx = ctx};
    return r;
}

/* One line s[0..n), its newline included if it has one. */
static void lines_take(np_merge_lines *r, const char *s, size_t n)
{
    r->lineno++;
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    if (r->lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        n -= 3;
    }
    scan_line(&r->sc, s, n, r->lineno);
}

void np_merge_lines_feed(np_merge_lines *r, const char *s, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(s, '\n', n);
        if (!nl) {
            np_buf_add(&r->part, s, n);
            return;
        }
        size_t len = (size_t)(nl - s) + 1;
        if (r->part.len) {
            np_buf_add(&r->part, s, len);
            lines_take(r, r->part.data, r->part.len);
            r->part.len = 0;
        } else {
            lines_take(r, s, len);
        }
        s += len;
        n -= len;
    }
}

size_t np_merge_lines_end(np_merge_lines *r, int read_errno)
{
    if (r->part.len)
        lines_take(r, r->part.data, r->part.len);
    if (r->sc.depth > 0)
        scan_report(&r->sc, r->sc.start_line, "a value cut short by the end of the input");
    if (read_errno)
        scan_report(&r->sc, r->lineno + 1, "read error: %s", strerror(read_errno));
    size_t problems = r->sc.problems;
    np_buf_free(&r->part);
    np_buf_free(&r->sc.val);
    free(r);
    return problems;
}

size_t np_merge_add_stream(np_merge *merge, FILE *f, void (*report)(const char *msg, void *ctx), void *ctx)
{
    np_merge_lines *r = np_merge_lines_new(merge, report, ctx);
    char buf[1 << 16];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        np_merge_lines_feed(r, buf, k);
    return np_merge_lines_end(r, ferror(f) ? (errno ? errno : EIO) : 0);
}

/*
 * gjson.c: graphs as JSON values and their merge (see gjson.h).
 *
 * While merging, every document is named by a key (its canonical JSON
 * text), and evidence and mentions point at documents by that key; the
 * result sorts the documents and turns the keys back into indices.
 */
#include "gjson.h"

#include "emit_json.h"
#include "jsonw.h"

#include <jansson.h>
#include <errno.h>
#include <float.h>
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


static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of object o, sorted (the array and the strings belong to o). */
static const char **sorted_keys(const json_t *o, size_t *n)
{
    *n = json_object_size(o);
    const char **keys = np_xcalloc(*n + 1, sizeof *keys);
    size_t i = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) keys[i++] = k;
    np_sort(keys, *n, sizeof *keys, cmp_strp);
    return keys;
}

/* ---- merge ---- */

struct np_merge {
    json_t *docs;      /* document key → document object */
    json_t *copies;    /* canonical document text → how many were added */
    json_t *nodes;     /* id → node; while merging, "aliases" is an object used as a set */
    json_t *links;     /* link key → link */
    json_t *graph;     /* other members of "graph" (generator, ...) */
    json_t *conflicts; /* "link status", "node role", ... → how many times two values differed */
    json_t *ecount;    /* link key → its evidence entries before any cut (all added graphs) */
    json_t *ecount_in; /* link key → true when an input link gave "evidence_count" */
    size_t max_evidence; /* NP_MERGE_ALL_EVIDENCE: no cut */
    json_t *error_ids; /* the ids of the failed records (error lines, graph.errors) */
    json_int_t nerrors; /* how many */
    int has_errors;    /* an error line or a graph.errors was added */
};

np_merge *np_merge_new(void)
{
    np_merge *merge = np_xcalloc(1, sizeof *merge);
    merge->docs = json_object();
    merge->copies = json_object();
    merge->nodes = json_object();
    merge->links = json_object();
    merge->graph = json_object();
    merge->conflicts = json_object();
    merge->ecount = json_object();
    merge->ecount_in = json_object();
    merge->max_evidence = NP_MERGE_ALL_EVIDENCE;
    merge->error_ids = json_array();
    return merge;
}

void np_merge_set_evidence(np_merge *merge, size_t max)
{
    merge->max_evidence = max;
}

void np_merge_free(np_merge *merge)
{
    if (!merge)
        return;
    json_decref(merge->docs);
    json_decref(merge->copies);
    json_decref(merge->nodes);
    json_decref(merge->links);
    json_decref(merge->graph);
    json_decref(merge->conflicts);
    json_decref(merge->ecount);
    json_decref(merge->ecount_in);
    json_decref(merge->error_ids);
    free(merge);
}

static char *canon(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* The one order of values that settles conflicts: strings by their bytes,
 * anything else (and a string against anything else) by its canonical
 * JSON text. */
static int value_cmp(const json_t *a, const json_t *b)
{
    if (json_is_string(a) && json_is_string(b)) {
        size_t la = json_string_length(a), lb = json_string_length(b);
        int c = memcmp(json_string_value(a), json_string_value(b), la < lb ? la : lb);
        return c ? c : (la > lb) - (la < lb);
    }
    char *x = canon(a), *y = canon(b);
    int c = strcmp(x ? x : "", y ? y : "");
    free(x);
    free(y);
    return c;
}

/* Adds n failed records, their ids in the array ids (NULL: none). */
static void add_errors(np_merge *merge, json_int_t n, const json_t *ids)
{
    json_int_t r;
    if (__builtin_add_overflow(merge->nerrors, n, &r))
        r = LLONG_MAX;
    merge->nerrors = r;
    merge->has_errors = 1;
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) json_array_append(merge->error_ids, id);
}

/* graph.errors of an input, {"count": N, "ids": [...]}: its count when that
 * is a whole number not below the number of ids, else that number. Any
 * other value is not errors and is left out. */
static void add_graph_errors(np_merge *merge, const json_t *e)
{
    if (!json_is_object(e))
        return;
    const json_t *ids = json_object_get(e, "ids"), *c = json_object_get(e, "count");
    if (!json_is_array(ids))
        ids = NULL;
    json_int_t n = (json_int_t)json_array_size(ids);
    if (json_is_integer(c) && json_integer_value(c) > n)
        n = json_integer_value(c);
    add_errors(merge, n, ids);
}

/* Sets dst[key] to the lesser of its value and v (null and absent lose);
 * two different values count as a conflict of what[key]. */
static void keep_least(np_merge *merge, const char *what, json_t *dst, const char *key, json_t *v)
{
    if (!v || json_is_null(v))
        return;
    json_t *cur = json_object_get(dst, key);
    if (!cur || json_is_null(cur)) {
        json_object_set(dst, key, v);
        return;
    }
    if (json_equal(cur, v))
        return;
    char name[160];
    snprintf(name, sizeof name, "%s %s", what, key);
    json_t *n = json_object_get(merge->conflicts, name);
    json_object_set_new(merge->conflicts, name, json_integer(json_integer_value(n) + 1));
    if (value_cmp(v, cur) < 0)
        json_object_set(dst, key, v);
}

/* acc's weight plus v's. Whole numbers add as integers and stop at the
 * ends of their range; other numbers add as doubles that stop at the
 * largest finite one; a weight that is not a number counts as 1. */
static void add_weight(json_t *acc, const json_t *v)
{
    json_t *cur = json_object_get(acc, "weight");
    if (!json_is_number(v))
        v = NULL;
    if ((!cur || json_is_integer(cur)) && (!v || json_is_integer(v))) {
        json_int_t a = cur ? json_integer_value(cur) : 0, b = v ? json_integer_value(v) : 1, r;
        if (__builtin_add_overflow(a, b, &r))
            r = b > 0 ? LLONG_MAX : LLONG_MIN;
        json_object_set_new(acc, "weight", json_integer(r));
        return;
    }
    double r = (cur ? json_number_value(cur) : 0) + (v ? json_number_value(v) : 1);
    if (r != r)
        r = 0;
    else if (r > DBL_MAX)
        r = DBL_MAX;
    else if (r < -DBL_MAX)
        r = -DBL_MAX;
    json_object_set_new(acc, "weight", json_real(r));
}

static const char *str_or(const json_t *o, const char *key, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : dflt;
}

/* A reference ("place": "place:x" or {"id": ...} as d3 leaves it) as an id. */
static const char *ref_id(const json_t *v)
{
    if (json_is_object(v))
        v = json_object_get(v, "id");
    return json_string_value(v);
}

/* Moves the object items of array src onto the array dst[key], each with
 * "doc" set to the key of its document. */
static void add_with_docs(json_t *dst, const char *key, json_t *src, json_t *const *dockeys, size_t ndocs)
{
    if (!json_is_array(src))
        return;
    json_t *arr = json_object_get(dst, key);
    if (!json_is_array(arr)) {
        arr = json_array();
        json_object_set_new(dst, key, arr);
    }
    size_t i;
    json_t *it;
    json_array_foreach(src, i, it) {
        if (!json_is_object(it))
            continue;
        json_t *d = json_object_get(it, "doc");
        json_int_t k = json_is_integer(d) ? json_integer_value(d) : 0;
        if (k < 0 || (size_t)k >= ndocs)
            k = 0;
        if (ndocs)
            json_object_set(it, "doc", dockeys[k]);
        else
            json_object_del(it, "doc");
        json_array_append(arr, it);
    }
}

static void merge_node(np_merge *merge, json_t *acc, json_t *n, json_t *const *dockeys, size_t ndocs)
{
    const char *k;
    json_t *v;
    json_object_foreach(n, k, v) {
        if (!strcmp(k, "id"))
            continue;
        if (!strcmp(k, "weight")) {
            add_weight(acc, v);
        } else if (!strcmp(k, "aliases")) {
            json_t *set = json_object_get(acc, "aliases");
            if (!set) {
                set = json_object();
                json_object_set_new(acc, "aliases", set);
            }
            size_t i;
            json_t *a;
            json_array_foreach(v, i, a) if (json_is_string(a)) json_object_setn(set, json_string_value(a),
                                                                                json_string_length(a), json_true());
        } else if (!strcmp(k, "mentions")) {
            add_with_docs(acc, "mentions", v, dockeys, ndocs);
        } else if (!strcmp(k, "attributes") && json_is_object(v)) {
            json_t *attrs = json_object_get(acc, "attributes");
            if (!json_is_object(attrs)) {
                attrs = json_object();
                json_object_set_new(acc, "attributes", attrs);
            }
            const char *ak;
            json_t *av;
            json_object_foreach(v, ak, av) keep_least(merge, "node attribute", attrs, ak, av);
        } else {
            keep_least(merge, "node", acc, k, v);
        }
    }
}

/* The ends of link l as ids, the pair ordered for the symmetric "met". */
static int link_ends(const json_t *l, const char **s, const char **t)
{
    *s = ref_id(json_object_get(l, "source"));
    *t = ref_id(json_object_get(l, "target"));
    if (!*s || !*t)
        return -1;
    if (!strcmp(str_or(l, "relation", ""), "met") && strcmp(*s, *t) > 0) {
        const char *x = *s;
        *s = *t;
        *t = x;
    }
    return 0;
}

static char *link_key(const json_t *l)
{
    const char *s, *t;
    if (link_ends(l, &s, &t) < 0)
        return NULL;
    const char *place = ref_id(json_object_get(l, "place"));
    np_buf b = {0};
    np_buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s", s, t, str_or(l, "relation", ""), place ? place : "",
                  str_or(l, "date", ""));
    return np_buf_steal(&b);
}

static void merge_link(np_merge *merge, json_t *acc, json_t *l, json_t *const *dockeys, size_t ndocs)
{
    const char *k;
    json_t *v;
    json_object_foreach(l, k, v) {
        if (!strcmp(k, "source") || !strcmp(k, "target") || !strcmp(k, "place"))
            continue;
        if (!strcmp(k, "weight"))
            add_weight(acc, v);
        else if (!strcmp(k, "evidence"))
            add_with_docs(acc, "evidence", v, dockeys, ndocs);
        else if (strcmp(k, "evidence_count")) /* summed by count_evidence */
            keep_least(merge, "link", acc, k, v);
    }
}

/* Adds the evidence entries that link l stands for to the total of the
 * link key: its "evidence_count" when that is a whole number larger than
 * the number of its entries (a graph already cut), else that number. */
static void count_evidence(np_merge *merge, const char *key, const json_t *l)
{
    json_int_t n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(l, "evidence"), i, e) n += json_is_object(e);
    const json_t *c = json_object_get(l, "evidence_count");
    if (json_is_integer(c) && json_integer_value(c) > n)
        n = json_integer_value(c);
    if (c)
        json_object_set(merge->ecount_in, key, json_true());
    json_int_t total = json_integer_value(json_object_get(merge->ecount, key)), r;
    if (__builtin_add_overflow(total, n, &r))
        r = LLONG_MAX;
    json_object_set_new(merge->ecount, key, json_integer(r));
}

/* The key of document d in the merge: its canonical text, and for the
 * second and later copies of the same text "#2", "#3", ... (a canonical
 * object ends in '}', so these never collide with a document's own). */
static json_t *doc_key(np_merge *merge, json_t *d)
{
    char *text = canon(d);
    json_t *seen = json_object_get(merge->copies, text);
    json_int_t n = json_integer_value(seen) + 1;
    json_object_set_new(merge->copies, text, json_integer(n));
    json_t *key;
    if (n == 1) {
        key = json_string(text);
    } else {
        np_buf b = {0};
        np_buf_printf(&b, "%s#%lld", text, (long long)n);
        key = json_string(b.data);
        np_buf_free(&b);
    }
    free(text);
    json_object_set(merge->docs, json_string_value(key), d);
    return key;
}

int np_merge_add(np_merge *merge, json_t *g, const char *what, np_error *err)
{
    json_t *nodes = json_object_get(g, "nodes"), *links = json_object_get(g, "links");
    if (!links)
        links = json_object_get(g, "edges");
    if (!json_is_object(g) || !json_is_array(nodes) || (links && !json_is_array(links))) {
        np_error_set(err, "%s: not a nerpipe graph (an object with the arrays 'nodes' and 'links')", what);
        json_decref(g);
        return -1;
    }
    json_t *gr = json_object_get(g, "graph");
    /* the documents of this graph, by key */
    json_t *docs = json_array();
    if (json_is_object(json_object_get(gr, "document")))
        json_array_append(docs, json_object_get(gr, "document"));
    else if (json_is_array(json_object_get(gr, "documents")))
        json_array_extend(docs, json_object_get(gr, "documents"));
    size_t ndocs = json_array_size(docs);
    json_t **dockeys = np_xcalloc(ndocs + 1, sizeof *dockeys);
    for (size_t i = 0; i < ndocs; i++)
        dockeys[i] = doc_key(merge, json_array_get(docs, i));
    const char *gk;
    json_t *gv;
    json_object_foreach(gr, gk, gv) {
        if (!strcmp(gk, "errors"))
            add_graph_errors(merge, gv);
        else if (strcmp(gk, "document") && strcmp(gk, "documents"))
            keep_least(merge, "graph", merge->graph, gk, gv);
    }

    size_t i, bad_nodes = 0, bad_links = 0;
    json_t *n;
    json_array_foreach(nodes, i, n) {
        const char *id = json_string_value(json_object_get(n, "id"));
        if (!id) {
            bad_nodes++;
            continue;
        }
        json_t *acc = json_object_get(merge->nodes, id);
        if (!acc) {
            acc = json_object();
            json_object_set_new(acc, "id", json_string(id));
            json_object_set_new(merge->nodes, id, acc);
        }
        merge_node(merge, acc, n, dockeys, ndocs);
    }
    json_t *l;
    json_array_foreach(links, i, l) {
        char *key = link_key(l);
        if (!key) {
            bad_links++;
            continue;
        }
        json_t *acc = json_object_get(merge->links, key);
        if (!acc) {
            acc = json_object();
            const char *s, *t;
            link_ends(l, &s, &t);
            json_object_set_new(acc, "source", json_string(s));
            json_object_set_new(acc, "target", json_string(t));
            if (json_object_get(l, "place")) {
                const char *place = ref_id(json_object_get(l, "place"));
                json_object_set_new(acc, "place", place ? json_string(place) : json_null());
            }
            json_object_set_new(merge->links, key, acc);
        }
        merge_link(merge, acc, l, dockeys, ndocs);
        count_evidence(merge, key, l);
        free(key);
    }
    for (size_t d = 0; d < ndocs; d++)
        json_decref(dockeys[d]);
    free(dockeys);
    json_decref(docs);
    json_decref(g);
    if (bad_nodes || bad_links) {
        np_error_set(err, "%s: left out %zu node%s without an \"id\" and %zu link%s without a \"source\" and \"target\"",
                     what, bad_nodes, bad_nodes == 1 ? "" : "s", bad_links, bad_links == 1 ? "" : "s");
        return 1;
    }
    return 0;
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

/* A whole value has been collected: parse it and merge what it holds. */
static void scan_value(np_scan *sc)
{
    json_error_t je;
    json_t *v = json_loadb(sc->val.data, sc->val.len, 0, &je);
    size_t line = sc->start_line;
    scan_reset(sc);
    if (!v) {
        scan_report(sc, line + (je.line > 0 ? (size_t)je.line - 1 : 0), "not JSON: %s", je.text);
        return;
    }
    /* a result line of --jsonl carries its graph; an error line none */
    json_t *g = json_object_get(v, "graph");
    if (json_is_object(g) && json_object_get(g, "nodes")) {
        json_incref(g);
        json_decref(v);
    } else if (json_is_object(v) && json_object_get(v, "error") && !json_object_get(v, "nodes")) {
        /* an error line: a failed record, counted with its id */
        json_t *id = json_object_get(v, "id"), *ids = json_array();
        json_array_append_new(ids, id ? json_incref(id) : json_null());
        add_errors(sc->merge, 1, ids);
        json_decref(ids);
        json_decref(v);
        return;
    } else {
        g = v;
    }
    char what[64];
    snprintf(what, sizeof what, "line %zu", line);
    np_error err;
    if (np_merge_add(sc->merge, g, what, &err) != 0) {
        sc->problems++;
        if (sc->report)
            sc->report(err.msg, sc->ctx);
    }
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

size_t np_merge_conflicts(const np_merge *merge, np_buf *out)
{
    size_t n;
    const char **keys = sorted_keys(merge->conflicts, &n);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        json_int_t c = json_integer_value(json_object_get(merge->conflicts, keys[i]));
        total += (size_t)c;
        if (out)
            np_buf_printf(out, "%s%s %lld", i ? ", " : "", keys[i], (long long)c);
    }
    free(keys);
    return total;
}

/* ---- the result ---- */

/* What finishing the nodes and links needs: the documents in their
 * order and the index of each key. */
typedef struct finish_ctx {
    const np_merge *merge;
    const json_t *index; /* document key → number */
    const json_t *docs;  /* the documents by number */
    size_t ndocs;
} finish_ctx;

/* An evidence or mention entry with the keys it is sorted by, and the date
 * of its document (NULL when it has none or no document). */
typedef struct located {
    json_int_t doc, start;
    json_t *item;
    const char *date;
    size_t pos;
    int kept;
} located;

static int cmp_located(const void *a, const void *b)
{
    const located *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return value_cmp(x->item, y->item);
}

/* The most recent entry first: the later date of their documents (an
 * entry without a dated document after all others), then the usual order
 * (document, position). */
static int cmp_recent(const void *a, const void *b)
{
    const located *x = *(const located *const *)a, *y = *(const located *const *)b;
    if (!x->date != !y->date)
        return x->date ? -1 : 1;
    int c = x->date ? strcmp(y->date, x->date) : 0;
    if (c)
        return c;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Marks the keep most recent of the n sorted items as kept. */
static void keep_recent(located *items, size_t n, size_t keep)
{
    located **order = np_xcalloc(n + 1, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        items[i].pos = i;
        order[i] = &items[i];
    }
    np_sort(order, n, sizeof *order, cmp_recent);
    for (size_t i = 0; i < n; i++)
        order[i]->kept = i < keep;
    free(order);
}

/* Sorts an array of evidence or mentions by document and start, keeps the
 * keep most recent, and turns document keys into numbers (dropped when
 * there is one document). */
static void finish_located(json_t *arr, const finish_ctx *fc, size_t keep)
{
    size_t n = json_array_size(arr);
    located *items = np_xcalloc(n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(arr, i);
        const json_t *d = json_object_get(fc->index, str_or(item, "doc", ""));
        items[i].doc = d ? json_integer_value(d) : 0;
        if (d)
            items[i].date = json_string_value(json_object_get(json_array_get(fc->docs, (size_t)items[i].doc), "date"));
        items[i].start = json_integer_value(json_object_get(item, "start"));
        items[i].item = json_incref(item);
        items[i].kept = 1;
    }
    np_sort(items, n, sizeof *items, cmp_located);
    if (n > keep)
        keep_recent(items, n, keep);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++) {
        if (!items[i].kept) {
            json_decref(items[i].item);
            continue;
        }
        if (fc->ndocs > 1)
            json_object_set_new(items[i].item, "doc", json_integer(items[i].doc));
        else
            json_object_del(items[i].item, "doc");
        json_array_append_new(arr, items[i].item);
    }
    free(items);
}

/* The node's set of aliases as a sorted array without its label. */
static void finish_aliases(json_t *node)
{
    json_t *set = json_object_get(node, "aliases");
    if (!json_is_object(set))
        return;
    size_t n;
    const char **keys = sorted_keys(set, &n);
    const char *label = str_or(node, "label", "");
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], label))
            json_array_append_new(arr, json_string(keys[i]));
    free(keys);
    json_object_set_new(node, "aliases", arr); /* releases the set, and with it the keys */
}

/* A whole-number weight that became a double is written as an integer. */
static void int_weight(json_t *o)
{
    json_t *w = json_object_get(o, "weight");
    if (!json_is_real(w))
        return;
    double r = json_real_value(w);
    if (r > -9007199254740992.0 && r < 9007199254740992.0 && r == (double)(json_int_t)r)
        json_object_set_new(o, "weight", json_integer((json_int_t)r));
}

/* v with the keys of its objects in sorted order, so the text of a merge
 * does not depend on which input came first (new containers; strings and
 * numbers are shared). */
static json_t *sorted_copy(json_t *v)
{
    if (json_is_object(v)) {
        size_t n;
        const char **keys = sorted_keys(v, &n);
        json_t *o = json_object();
        for (size_t i = 0; i < n; i++)
            json_object_set_new(o, keys[i], sorted_copy(json_object_get(v, keys[i])));
        free(keys);
        return o;
    }
    if (json_is_array(v)) {
        json_t *a = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) json_array_append_new(a, sorted_copy(x));
        return a;
    }
    return json_incref(v);
}

/* Appends the sorted values of object o (id -> node or key -> link) to
 * the array arr, each finished by fin. */
static void add_sorted(json_t *arr, json_t *o, void (*fin)(json_t *item, const char *key, const finish_ctx *fc),
                       const finish_ctx *fc)
{
    size_t n;
    const char **keys = sorted_keys(o, &n);
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_object_get(o, keys[i]);
        fin(item, keys[i], fc);
        json_array_append_new(arr, sorted_copy(item));
    }
    free(keys);
}

static void finish_node(json_t *node, const char *key, const finish_ctx *fc)
{
    (void)key;
    finish_aliases(node);
    if (json_is_array(json_object_get(node, "mentions")))
        finish_located(json_object_get(node, "mentions"), fc, NP_MERGE_ALL_EVIDENCE);
    int_weight(node);
}

/* With a cut (np_merge_set_evidence), or when an input gave it, the link
 * says how many evidence entries it had before any cut. */
static void finish_link(json_t *link, const char *key, const finish_ctx *fc)
{
    const np_merge *merge = fc->merge;
    if (json_is_array(json_object_get(link, "evidence")))
        finish_located(json_object_get(link, "evidence"), fc, merge->max_evidence);
    if (merge->max_evidence != NP_MERGE_ALL_EVIDENCE || json_object_get(merge->ecount_in, key))
        json_object_set_new(link, "evidence_count", json_integer(json_integer_value(json_object_get(merge->ecount, key))));
    int_weight(link);
}

static int cmp_value(const void *a, const void *b)
{
    return value_cmp(*(json_t *const *)a, *(json_t *const *)b);
}

/* {"count": N, "ids": [...]}, the ids in the order of value_cmp. */
static json_t *errors_json(const np_merge *merge)
{
    size_t n = json_array_size(merge->error_ids);
    json_t **ids = np_xcalloc(n + 1, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = json_array_get(merge->error_ids, i);
    np_sort(ids, n, sizeof *ids, cmp_value);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(arr, ids[i]);
    free(ids);
    return json_pack("{sIso}", "count", (json_int_t)merge->nerrors, "ids", arr);
}

json_t *np_merge_result(np_merge *merge)
{
    size_t ndocs;
    const char **dkeys = sorted_keys(merge->docs, &ndocs);
    json_t *index = json_object();
    json_t *docs = json_array();
    for (size_t i = 0; i < ndocs; i++) {
        json_object_set_new(index, dkeys[i], json_integer((json_int_t)i));
        json_array_append(docs, json_object_get(merge->docs, dkeys[i]));
    }
    free(dkeys);
    json_t *graph = json_copy(merge->graph);
    if (merge->has_errors)
        json_object_set_new(graph, "errors", errors_json(merge));
    if (ndocs == 1)
        json_object_set(graph, "document", json_array_get(docs, 0));
    else
        json_object_set(graph, "documents", docs);
    finish_ctx fc = {merge, index, docs, ndocs};
    json_t *nodes = json_array();
    add_sorted(nodes, merge->nodes, finish_node, &fc);
    json_object_clear(merge->nodes);
    json_t *links = json_array();
    add_sorted(links, merge->links, finish_link, &fc);
    json_object_clear(merge->links);
    json_decref(index);
    json_decref(docs);
    /* the top-level keys in sorted order too */
    json_t *out = json_object();
    json_object_set_new(out, "directed", json_false());
    json_object_set_new(out, "graph", sorted_copy(graph));
    json_object_set_new(out, "links", links);
    json_object_set_new(out, "multigraph", json_true());
    json_object_set_new(out, "nodes", nodes);
    json_decref(graph);
    return out;
}

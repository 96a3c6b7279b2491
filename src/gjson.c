/*
 * gjson.c: graphs as JSON values and their merge (see gjson.h).
 *
 * While merging, every document is named by a key (its canonical JSON
 * text), and evidence and mentions point at documents by that key; the
 * result sorts the documents and turns the keys back into indices.
 */
#include "gjson.h"

#include "emit.h"
#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

json_t *np_gjson_from_graph(const np_graph *g)
{
    np_jw w;
    np_jw_init(&w, NULL, 0);
    np_emit(g, NP_FMT_JSON, &w);
    json_error_t e;
    json_t *j = json_loadb(w.buf.data, w.buf.len, 0, &e);
    np_buf_free(&w.buf);
    return j;
}

struct np_merge {
    json_t *docs;   /* key → document object */
    json_t *nodes;  /* id → node */
    json_t *links;  /* link key → link */
    json_t *graph;  /* other members of "graph" (generator, ...) */
};

np_merge *np_merge_new(void)
{
    np_merge *m = np_xcalloc(1, sizeof *m);
    m->docs = json_object();
    m->nodes = json_object();
    m->links = json_object();
    m->graph = json_object();
    return m;
}

void np_merge_free(np_merge *m)
{
    if (!m)
        return;
    json_decref(m->docs);
    json_decref(m->nodes);
    json_decref(m->links);
    json_decref(m->graph);
    free(m);
}

static char *canon(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* -1, 0, 1 as a's canonical text sorts before, equal to, after b's. */
static int canon_cmp(const json_t *a, const json_t *b)
{
    char *x = canon(a), *y = canon(b);
    int c = strcmp(x ? x : "", y ? y : "");
    free(x);
    free(y);
    return c;
}

/* Sets dst[key] to the lesser of its value and v (null and absent lose). */
static void keep_least(json_t *dst, const char *key, json_t *v)
{
    if (!v || json_is_null(v))
        return;
    json_t *cur = json_object_get(dst, key);
    if (!cur || json_is_null(cur) || canon_cmp(v, cur) < 0)
        json_object_set(dst, key, v);
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

/* Adds the items of array src to the array dst[key], each with "doc" set
 * to the document key of its document. */
static void add_with_docs(json_t *dst, const char *key, const json_t *src, json_t *const *dockeys, size_t ndocs)
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
        json_t *c = json_deep_copy(it);
        json_int_t d = json_integer_value(json_object_get(it, "doc"));
        if (d < 0 || (size_t)d >= ndocs)
            d = 0;
        if (ndocs)
            json_object_set(c, "doc", dockeys[d]);
        json_array_append_new(arr, c);
    }
}

static void merge_node(json_t *acc, const json_t *n, json_t *const *dockeys, size_t ndocs)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)n, k, v) {
        if (!strcmp(k, "id"))
            continue;
        if (!strcmp(k, "weight")) {
            double w = json_number_value(json_object_get(acc, "weight")) + json_number_value(v);
            json_object_set_new(acc, "weight", json_real(w));
        } else if (!strcmp(k, "aliases") && json_is_array(v)) {
            json_t *arr = json_object_get(acc, "aliases");
            if (!json_is_array(arr)) {
                arr = json_array();
                json_object_set_new(acc, "aliases", arr);
            }
            size_t i;
            json_t *a;
            json_array_foreach(v, i, a) json_array_append(arr, a);
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
            json_object_foreach(v, ak, av) keep_least(attrs, ak, av);
        } else {
            keep_least(acc, k, v);
        }
    }
}

static char *link_key(const json_t *l)
{
    const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
    const char *rel = str_or(l, "relation", "");
    if (!s || !t)
        return NULL;
    if (!strcmp(rel, "met") && strcmp(s, t) > 0) {
        const char *x = s;
        s = t;
        t = x;
    }
    const char *place = ref_id(json_object_get(l, "place"));
    np_buf b = {0};
    np_buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s", s, t, rel, place ? place : "", str_or(l, "date", ""));
    return np_buf_steal(&b);
}

static void merge_link(json_t *acc, const json_t *l, json_t *const *dockeys, size_t ndocs)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)l, k, v) {
        if (!strcmp(k, "source") || !strcmp(k, "target") || !strcmp(k, "place"))
            continue;
        if (!strcmp(k, "weight")) {
            double w = json_number_value(json_object_get(acc, "weight")) + json_number_value(v);
            json_object_set_new(acc, "weight", json_real(w));
        } else if (!strcmp(k, "evidence")) {
            add_with_docs(acc, "evidence", v, dockeys, ndocs);
        } else {
            keep_least(acc, k, v);
        }
    }
}

int np_merge_add(np_merge *m, json_t *g, const char *what, np_error *err)
{
    json_t *nodes = json_object_get(g, "nodes"), *links = json_object_get(g, "links");
    if (!links)
        links = json_object_get(g, "edges");
    if (!json_is_object(g) || !json_is_array(nodes)) {
        np_error_set(err, "%s: not a nerpipe graph (an object with 'nodes' and 'links')", what);
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
    for (size_t i = 0; i < ndocs; i++) {
        json_t *d = json_array_get(docs, i);
        char *key = canon(d);
        /* the same document twice (a graph merged with itself) is kept twice */
        char *unique = key;
        for (int n = 2; json_object_get(m->docs, unique) && n < 1000000; n++) {
            if (unique != key)
                free(unique);
            np_buf b = {0};
            np_buf_printf(&b, "%s#%d", key, n);
            unique = np_buf_steal(&b);
        }
        json_object_set(m->docs, unique, d);
        dockeys[i] = json_string(unique);
        if (unique != key)
            free(unique);
        free(key);
    }
    const char *gk;
    json_t *gv;
    json_object_foreach(gr, gk, gv) if (strcmp(gk, "document") && strcmp(gk, "documents")) keep_least(m->graph, gk, gv);

    size_t i;
    json_t *n;
    json_array_foreach(nodes, i, n) {
        const char *id = json_string_value(json_object_get(n, "id"));
        if (!id)
            continue;
        json_t *acc = json_object_get(m->nodes, id);
        if (!acc) {
            acc = json_object();
            json_object_set_new(acc, "id", json_string(id));
            json_object_set_new(m->nodes, id, acc);
        }
        merge_node(acc, n, dockeys, ndocs);
    }
    json_t *l;
    json_array_foreach(links, i, l) {
        char *key = link_key(l);
        if (!key)
            continue;
        json_t *acc = json_object_get(m->links, key);
        if (!acc) {
            acc = json_object();
            const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
            if (!strcmp(str_or(l, "relation", ""), "met") && strcmp(s, t) > 0) {
                const char *x = s;
                s = t;
                t = x;
            }
            json_object_set_new(acc, "source", json_string(s));
            json_object_set_new(acc, "target", json_string(t));
            const char *place = ref_id(json_object_get(l, "place"));
            if (json_object_get(l, "place"))
                json_object_set_new(acc, "place", place ? json_string(place) : json_null());
            json_object_set_new(m->links, key, acc);
        }
        merge_link(acc, l, dockeys, ndocs);
        free(key);
    }
    for (size_t d = 0; d < ndocs; d++)
        json_decref(dockeys[d]);
    free(dockeys);
    json_decref(docs);
    return 0;
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

/* An evidence or mention entry with the keys it is sorted by. */
typedef struct located {
    json_int_t doc, start;
    json_t *item;
} located;

static int cmp_located(const void *a, const void *b)
{
    const located *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return canon_cmp(x->item, y->item);
}

/* Sorts an array of evidence or mentions by document (index: document key
 * -> number) and start, and turns document keys into numbers (dropped
 * when there is one document). */
static void finish_located(json_t *arr, const json_t *index, size_t ndocs)
{
    size_t n = json_array_size(arr);
    located *items = np_xcalloc(n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(arr, i);
        const json_t *d = json_object_get(index, str_or(item, "doc", ""));
        items[i].doc = d ? json_integer_value(d) : 0;
        items[i].start = json_integer_value(json_object_get(item, "start"));
        items[i].item = json_incref(item);
    }
    np_sort(items, n, sizeof *items, cmp_located);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++) {
        if (ndocs > 1)
            json_object_set_new(items[i].item, "doc", json_integer(items[i].doc));
        else
            json_object_del(items[i].item, "doc");
        json_array_append_new(arr, items[i].item);
    }
    free(items);
}

static int cmp_json_str(const void *a, const void *b)
{
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

static void finish_aliases(json_t *node)
{
    json_t *arr = json_object_get(node, "aliases");
    if (!json_is_array(arr))
        return;
    size_t n = json_array_size(arr), k = 0;
    json_t **items = np_xcalloc(n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        if (json_is_string(json_array_get(arr, i)))
            items[k++] = json_incref(json_array_get(arr, i));
    np_sort(items, k, sizeof *items, cmp_json_str);
    json_array_clear(arr);
    const char *label = str_or(node, "label", "");
    /* items[i - 1] is compared after items[i] is appended, so no item is
     * released before the loop is over */
    for (size_t i = 0; i < k; i++)
        if ((i == 0 || strcmp(json_string_value(items[i]), json_string_value(items[i - 1]))) &&
            strcmp(json_string_value(items[i]), label))
            json_array_append(arr, items[i]);
    for (size_t i = 0; i < k; i++)
        json_decref(items[i]);
    free(items);
}

/* Weights that are whole numbers are written as integers. */
static void int_weight(json_t *o)
{
    json_t *w = json_object_get(o, "weight");
    if (json_is_real(w) && json_real_value(w) == (double)(json_int_t)json_real_value(w))
        json_object_set_new(o, "weight", json_integer((json_int_t)json_real_value(w)));
}

/* A deep copy of v whose objects list their keys in sorted order, so the
 * text of a merge does not depend on which input came first. */
static json_t *sorted_copy(const json_t *v)
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
        const json_t *x;
        json_array_foreach(v, i, x) json_array_append_new(a, sorted_copy(x));
        return a;
    }
    return json_deep_copy(v);
}

static json_t *merge_result_unsorted(np_merge *m);

json_t *np_merge_result(np_merge *m)
{
    json_t *raw = merge_result_unsorted(m);
    json_t *out = sorted_copy(raw);
    json_decref(raw);
    return out;
}

static json_t *merge_result_unsorted(np_merge *m)
{
    json_t *out = json_object();
    json_object_set_new(out, "directed", json_false());
    json_object_set_new(out, "multigraph", json_true());
    json_t *graph = json_deep_copy(m->graph);
    size_t ndocs;
    const char **dkeys = sorted_keys(m->docs, &ndocs);
    json_t *index = json_object();
    json_t *docs = json_array();
    for (size_t i = 0; i < ndocs; i++) {
        json_object_set_new(index, dkeys[i], json_integer((json_int_t)i));
        json_array_append(docs, json_object_get(m->docs, dkeys[i]));
    }
    free(dkeys);
    if (ndocs == 1)
        json_object_set(graph, "document", json_array_get(docs, 0));
    else
        json_object_set(graph, "documents", docs);
    json_decref(docs);
    json_object_set_new(out, "graph", graph);

    json_t *nodes = json_array();
    size_t n;
    const char **keys = sorted_keys(m->nodes, &n);
    for (size_t i = 0; i < n; i++) {
        json_t *node = json_deep_copy(json_object_get(m->nodes, keys[i]));
        finish_aliases(node);
        if (json_object_get(node, "mentions"))
            finish_located(json_object_get(node, "mentions"), index, ndocs);
        int_weight(node);
        json_array_append_new(nodes, node);
    }
    free(keys);
    json_object_set_new(out, "nodes", nodes);
    json_t *links = json_array();
    keys = sorted_keys(m->links, &n);
    for (size_t i = 0; i < n; i++) {
        json_t *link = json_deep_copy(json_object_get(m->links, keys[i]));
        if (json_object_get(link, "evidence"))
            finish_located(json_object_get(link, "evidence"), index, ndocs);
        int_weight(link);
        json_array_append_new(links, link);
    }
    free(keys);
    json_object_set_new(out, "links", links);
    json_decref(index);
    return out;
}

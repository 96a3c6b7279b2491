/*
 * merge.c: the merge of graphs as JSON text (see merge.h). A node, a link
 * and the graph itself each own a list of slots, one per key; a slot holds
 * a value (canonical text), a weight, a set (aliases), a list of entries
 * (mentions, evidence) or the slots of an object (attributes). Keys and
 * aliases are interned once.
 */
#include "merge.h"

#include "jsonrec.h"
#include "jsontape.h"

#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an index of records by the hash of their bytes ---- */

/* Record numbers + 1 (0: empty) by hash, at most half full; the caller
 * compares the keys its records hold. */
typedef struct hindex {
    uint64_t *h;
    uint32_t *v;
    size_t n, cap;
} hindex;

static void hindex_put(hindex *x, uint64_t hash, uint32_t rec);

static void hindex_grow(hindex *x)
{
    hindex y = {np_xcalloc(x->cap ? 2 * x->cap : 64, sizeof *y.h), NULL, 0, x->cap ? 2 * x->cap : 64};
    y.v = np_xcalloc(y.cap, sizeof *y.v);
    for (size_t i = 0; i < x->cap; i++)
        if (x->v[i])
            hindex_put(&y, x->h[i], x->v[i] - 1);
    free(x->h);
    free(x->v);
    *x = y;
}

static void hindex_put(hindex *x, uint64_t hash, uint32_t rec)
{
    if (2 * (x->n + 1) > x->cap)
        hindex_grow(x);
    size_t p = (size_t)hash & (x->cap - 1);
    while (x->v[p])
        p = (p + 1) & (x->cap - 1);
    x->h[p] = hash;
    x->v[p] = rec + 1;
    x->n++;
}

/* Each record whose hash is hash: rec (a uint32_t) is its number. */
#define HINDEX_EACH(x, hash, rec)                                                                                     \
    for (size_t p_ = (x)->cap ? (size_t)(hash) & ((x)->cap - 1) : 0, rec; (x)->cap && (x)->v[p_];                     \
         p_ = (p_ + 1) & ((x)->cap - 1))                                                                              \
        if ((x)->h[p_] == (hash) && ((rec = (x)->v[p_] - 1), 1))

static void hindex_free(hindex *x)
{
    free(x->h);
    free(x->v);
}

/* ---- interned strings (keys, aliases, conflict names) ---- */

typedef struct str {
    char *s; /* NUL-terminated */
    size_t n;
} str;

#define NP_INTERN_CACHE 512

typedef struct strtab {
    str *v;
    str *json; /* their JSON text, once asked for (json_cap of them) */
    size_t n, cap, json_cap;
    hindex ix;
    uint32_t cache[NP_INTERN_CACHE]; /* the string last seen by its first bytes (+ 1) */
} strtab;

static uint32_t intern(strtab *t, const char *s, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, s, n < 8 ? n : 8);
    size_t c = (size_t)(((w ^ n) * 0x9e3779b97f4a7c15ULL) >> 55) & (NP_INTERN_CACHE - 1);
    if (t->cache[c]) {
        const str *x = &t->v[t->cache[c] - 1];
        if (x->n == n && memcmp(x->s, s, n) == 0)
            return t->cache[c] - 1;
    }
    uint64_t h = np_hash(s, n);
    HINDEX_EACH(&t->ix, h, i) if (t->v[i].n == n && memcmp(t->v[i].s, s, n) == 0) {
        t->cache[c] = (uint32_t)i + 1;
        return (uint32_t)i;
    }
    t->cache[c] = (uint32_t)t->n + 1;
    if (t->n == t->cap)
        NP_GROW(t->v, t->cap, t->n + 1);
    t->v[t->n] = (str){np_xstrndup(s, n), n};
    hindex_put(&t->ix, h, (uint32_t)t->n);
    return (uint32_t)t->n++;
}

/* String i as a JSON string (jansson's escapes). */
static const str *json_of(strtab *t, uint32_t i)
{
    if (i >= t->json_cap) {
        size_t old = t->json_cap;
        NP_GROW(t->json, t->json_cap, t->n > i ? t->n : i + 1);
        memset(t->json + old, 0, (t->json_cap - old) * sizeof *t->json);
    }
    if (!t->json[i].s) {
        np_buf b = {0};
        np_jt_escape(&b, t->v[i].s, t->v[i].n);
        t->json[i].n = b.len;
        t->json[i].s = np_buf_steal(&b);
    }
    return &t->json[i];
}

static void strtab_free(strtab *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].s);
    for (size_t i = 0; i < t->json_cap; i++)
        free(t->json[i].s);
    free(t->v);
    free(t->json);
    hindex_free(&t->ix);
}

/* The keys the merge knows, interned first in this order. */
enum { K_ID, K_WEIGHT, K_ALIASES, K_MENTIONS, K_ATTRIBUTES, K_SOURCE, K_TARGET, K_PLACE, K_EVIDENCE,
       K_EVIDENCE_COUNT, K_LABEL, K_DOCUMENT, K_DOCUMENTS, K_ERRORS, K_RELATION, K_DATE, K_STATUS, K_CAMEO, NKNOWN };
static const char *const known_keys[NKNOWN] = {"id", "weight", "aliases", "mentions", "attributes",
                                               "source", "target", "place", "evidence", "evidence_count",
                                               "label", "document", "documents", "errors", "relation", "date",
                                               "status", "cameo"};

/* ---- an arena for the texts of mentions, which stay to the end ---- */

typedef struct arena {
    char **chunks;
    size_t n, cap;
    size_t used, size; /* of the last chunk */
} arena;

static char *arena_copy(arena *a, const char *s, size_t n)
{
    if (a->n == 0 || a->size - a->used < n + 1) {
        size_t size = n + 1 > (1 << 16) ? n + 1 : (1 << 16);
        if (a->n == a->cap)
            NP_GROW(a->chunks, a->cap, a->n + 1);
        a->chunks[a->n++] = np_xmalloc(size);
        a->used = 0;
        a->size = size;
    }
    char *d = a->chunks[a->n - 1] + a->used;
    memcpy(d, s, n);
    d[n] = '\0';
    a->used += n + 1;
    return d;
}

static void arena_free(arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->chunks[i]);
    free(a->chunks);
}

/* ---- the merge ---- */

/* An evidence or mention entry: its canonical text without "doc", where
 * "doc" goes in it, its document (NP_NONE: none) and start. */
typedef struct located {
    char *text;
    size_t len, split;
    uint32_t doc;
    uint32_t pos; /* (its place in the sorted list, when the cut picks) */
    long long start;
} located;

typedef struct loclist {
    located *v;
    size_t n, cap;
} loclist;

enum { S_VALUE, S_WEIGHT, S_SET, S_LOCATED, S_ATTRS, S_MARK, S_GONE /* a value no more: not written */ };

typedef struct slot {
    uint32_t owner, key, next; /* next: the owner's next slot */
    uint8_t kind;
    union {
        struct {
            char *val; /* S_VALUE: canonical text */
            size_t vlen;
        };
        struct {
            int is_int; /* S_WEIGHT */
            long long i;
            double d;
        };
        uint32_t sub; /* S_SET, S_ATTRS: the owner of its members */
        loclist loc;  /* S_LOCATED */
    };
} slot;

typedef struct node {
    str id;
    uint32_t owner;
} node;

typedef struct link {
    str key;               /* source, target, relation, place, date joined by \x1f */
    str source, target;    /* canonical text */
    str place;             /* canonical text; s NULL: null */
    int has_place;
    uint32_t owner;
    long long ecount;      /* evidence entries before any cut */
    int ecount_in;         /* an input gave "evidence_count" */
} link;

typedef struct doc {
    str key;               /* canonical text (textlen bytes), "#N" for a copy */
    size_t textlen;
    char *date;            /* its "date" string, or NULL */
    uint32_t copies;       /* (of the first copy) how many were added */
    uint32_t rank;         /* its place in the result */
} doc;

struct np_merge {
    strtab keys;
    slot *slots;
    size_t nslots, slots_cap;
    hindex slot_ix;
    uint32_t *owner_first, *owner_last;
    size_t nowners, owners_cap;
    node *nodes;
    size_t nnodes, nodes_cap;
    hindex node_ix;
    link *links;
    size_t nlinks, links_cap;
    hindex link_ix;
    doc *docs;
    size_t ndocs, docs_cap;
    hindex doc_ix;
    strtab cnames;         /* conflicts: "link status" ... */
    long long *ccount;
    size_t ccap;
    str *err_ids;          /* graph.errors: canonical ids */
    size_t nerr_ids, err_cap;
    long long nerrors;
    int has_errors;
    size_t max_evidence;
    np_jtape tape;
    arena texts;           /* the texts of mentions (evidence owns its own: a cut drops some) */
    uint32_t *dockeys;     /* the documents of the graph being added */
    size_t dockeys_cap;
    uint32_t *mkeys;       /* the keys of the members of the node or link being added */
    size_t mkeys_cap;
    uint32_t *key_rank;    /* while writing: each key's place in the order of their bytes */
    np_buf canon, canon2, scratch[5];
};

static uint32_t new_owner(np_merge *m)
{
    if (m->nowners == m->owners_cap) {
        size_t cap = m->owners_cap;
        NP_GROW(m->owner_first, cap, m->nowners + 1);
        cap = m->owners_cap;
        NP_GROW(m->owner_last, cap, m->nowners + 1);
        m->owners_cap = cap;
    }
    m->owner_first[m->nowners] = m->owner_last[m->nowners] = NP_NONE;
    return (uint32_t)m->nowners++;
}

np_merge *np_merge_new(void)
{
    np_merge *m = np_xcalloc(1, sizeof *m);
    for (int k = 0; k < NKNOWN; k++)
        intern(&m->keys, known_keys[k], strlen(known_keys[k]));
    new_owner(m); /* 0: the graph's members */
    m->max_evidence = NP_MERGE_ALL_EVIDENCE;
    return m;
}

void np_merge_set_evidence(np_merge *m, size_t max)
{
    m->max_evidence = max;
}

static void slot_clear(slot *s)
{
    if (s->kind == S_VALUE)
        free(s->val);
    else if (s->kind == S_LOCATED) {
        if (s->key == K_EVIDENCE)
            for (size_t i = 0; i < s->loc.n; i++)
                free(s->loc.v[i].text);
        free(s->loc.v);
    }
}

static void free_records(np_merge *m)
{
    for (size_t i = 0; i < m->nnodes; i++)
        free(m->nodes[i].id.s);
    for (size_t i = 0; i < m->nlinks; i++) {
        free(m->links[i].key.s);
        free(m->links[i].source.s);
        free(m->links[i].target.s);
        free(m->links[i].place.s);
    }
    m->nnodes = m->nlinks = 0;
}

void np_merge_free(np_merge *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nslots; i++)
        slot_clear(&m->slots[i]);
    free(m->slots);
    hindex_free(&m->slot_ix);
    free(m->owner_first);
    free(m->owner_last);
    free_records(m);
    free(m->nodes);
    hindex_free(&m->node_ix);
    free(m->links);
    hindex_free(&m->link_ix);
    for (size_t i = 0; i < m->ndocs; i++) {
        free(m->docs[i].key.s);
        free(m->docs[i].date);
    }
    free(m->docs);
    hindex_free(&m->doc_ix);
    strtab_free(&m->keys);
    strtab_free(&m->cnames);
    free(m->ccount);
    for (size_t i = 0; i < m->nerr_ids; i++)
        free(m->err_ids[i].s);
    free(m->err_ids);
    np_jtape_free(&m->tape);
    arena_free(&m->texts);
    free(m->dockeys);
    free(m->mkeys);
    free(m->key_rank);
    np_buf_free(&m->canon);
    np_buf_free(&m->canon2);
    for (int i = 0; i < 5; i++)
        np_buf_free(&m->scratch[i]);
    free(m);
}

/* ---- slots ---- */

static uint64_t slot_hash(uint32_t owner, uint32_t key)
{
    uint64_t h = (uint64_t)owner << 32 | key; /* murmur3's finalizer */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static uint32_t find_slot(const np_merge *m, uint32_t owner, uint32_t key)
{
    uint64_t h = slot_hash(owner, key);
    HINDEX_EACH(&m->slot_ix, h, i) if (m->slots[i].owner == owner && m->slots[i].key == key) return (uint32_t)i;
    return NP_NONE;
}

static uint32_t add_slot(np_merge *m, uint32_t owner, uint32_t key, int kind)
{
    if (m->nslots == m->slots_cap)
        NP_GROW(m->slots, m->slots_cap, m->nslots + 1);
    uint32_t i = (uint32_t)m->nslots++;
    slot *s = &m->slots[i];
    memset(s, 0, sizeof *s);
    s->owner = owner;
    s->key = key;
    s->next = NP_NONE;
    s->kind = (uint8_t)kind;
    if (kind == S_WEIGHT)
        s->is_int = 1;
    if (m->owner_last[owner] == NP_NONE)
        m->owner_first[owner] = i;
    else
        m->slots[m->owner_last[owner]].next = i;
    m->owner_last[owner] = i;
    hindex_put(&m->slot_ix, slot_hash(owner, key), i);
    return i;
}

/* The key of member k (a string token) of the value being added. */
static uint32_t key_of(np_merge *m, uint32_t k)
{
    size_t n;
    const char *s = np_jt_str(&m->tape, k, &m->scratch[0], &n);
    return intern(&m->keys, s, n);
}

static int kind_of(const np_merge *m, uint32_t i)
{
    return i == NP_NONE ? -1 : m->tape.t[i].kind;
}

static uint32_t get(np_merge *m, uint32_t o, const char *key)
{
    return np_jt_get(&m->tape, o, key, strlen(key));
}

static void count_conflict(np_merge *m, const char *what, uint32_t key)
{
    char name[160];
    snprintf(name, sizeof name, "%s %s", what, m->keys.v[key].s);
    uint32_t c = intern(&m->cnames, name, strlen(name));
    if (c >= m->ccap) {
        size_t old = m->ccap;
        NP_GROW(m->ccount, m->ccap, (size_t)c + 1);
        memset(m->ccount + old, 0, (m->ccap - old) * sizeof *m->ccount);
    }
    m->ccount[c]++;
}

/* The canonical text of the object of owner's slots (attributes), in out. */
static void slots_text(np_merge *m, uint32_t owner, np_buf *out);

/* Sets owner's key to the lesser of its value and value v (null and
 * absent lose); two different values count as a conflict of what. */
static void keep_least(np_merge *m, const char *what, uint32_t owner, uint32_t key, uint32_t v)
{
    if (kind_of(m, v) == NP_JT_NULL)
        return;
    np_buf *c = &m->canon;
    c->len = 0;
    np_jt_canon(&m->tape, v, c);
    uint32_t s = find_slot(m, owner, key);
    if (s == NP_NONE) {
        s = add_slot(m, owner, key, S_VALUE);
        m->slots[s].val = np_xstrndup(c->data, c->len);
        m->slots[s].vlen = c->len;
        return;
    }
    slot *sl = &m->slots[s];
    const char *cur = sl->val;
    size_t curlen = sl->vlen;
    if (sl->kind == S_ATTRS) { /* an object of attributes, against a value that is none */
        m->canon2.len = 0;
        slots_text(m, sl->sub, &m->canon2);
        cur = m->canon2.data;
        curlen = m->canon2.len;
    } else if (np_jt_canon_equal(c->data, c->len, cur, curlen))
        return;
    count_conflict(m, what, key);
    if (np_jt_canon_cmp(c->data, c->len, cur, curlen) < 0) {
        sl = &m->slots[s];
        slot_clear(sl);
        sl->kind = S_VALUE;
        sl->val = np_xstrndup(c->data, c->len);
        sl->vlen = c->len;
    }
}

/* The weight plus v's. Whole numbers add as integers and stop at the ends
 * of their range; other numbers add as doubles that stop at the largest
 * finite one; a weight that is not a number counts as 1. */
static void add_weight(np_merge *m, uint32_t owner, uint32_t v)
{
    uint32_t s = find_slot(m, owner, K_WEIGHT);
    if (s == NP_NONE)
        s = add_slot(m, owner, K_WEIGHT, S_WEIGHT);
    slot *w = &m->slots[s];
    int k = kind_of(m, v), num = k == NP_JT_INT || k == NP_JT_REAL;
    if (w->is_int && (!num || k == NP_JT_INT)) {
        long long b = num ? np_jt_int(&m->tape, v) : 1, r;
        if (__builtin_add_overflow(w->i, b, &r))
            r = b > 0 ? LLONG_MAX : LLONG_MIN;
        w->i = r;
        return;
    }
    double r = (w->is_int ? (double)w->i : w->d) + (num ? np_jt_num(&m->tape, v) : 1);
    if (r != r)
        r = 0;
    else if (r > DBL_MAX)
        r = DBL_MAX;
    else if (r < -DBL_MAX)
        r = -DBL_MAX;
    w->is_int = 0;
    w->d = r;
}

static void add_aliases(np_merge *m, uint32_t owner, uint32_t v)
{
    uint32_t s = find_slot(m, owner, K_ALIASES);
    if (s == NP_NONE) {
        uint32_t sub = new_owner(m);
        s = add_slot(m, owner, K_ALIASES, S_SET);
        m->slots[s].sub = sub;
    }
    uint32_t set = m->slots[s].sub;
    if (kind_of(m, v) != NP_JT_ARR)
        return;
    NP_JT_EACH_ELEM(&m->tape, v, e) {
        if (m->tape.t[e].kind != NP_JT_STR)
            continue;
        uint32_t a = key_of(m, e);
        if (find_slot(m, set, a) == NP_NONE)
            add_slot(m, set, a, S_MARK);
    }
}

static void add_attributes(np_merge *m, uint32_t owner, uint32_t v)
{
    uint32_t s = find_slot(m, owner, K_ATTRIBUTES);
    if (s == NP_NONE || m->slots[s].kind != S_ATTRS) {
        uint32_t sub = new_owner(m);
        if (s == NP_NONE)
            s = add_slot(m, owner, K_ATTRIBUTES, S_ATTRS);
        slot_clear(&m->slots[s]);
        m->slots[s].kind = S_ATTRS;
        m->slots[s].sub = sub;
    }
    uint32_t attrs = m->slots[s].sub;
    NP_JT_EACH_MEMBER(&m->tape, v, k) keep_least(m, "node attribute", attrs, key_of(m, k), k + 1);
}

/* ---- evidence and mentions ---- */

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* The canonical text of x with "doc" set to doc (a number when num, else
 * the document's key as a string; none when doc is NP_NONE and not num). */
static void located_text(const np_merge *m, const located *x, int num, long long docnum, np_buf *out)
{
    if (!num && x->doc == NP_NONE) {
        np_buf_add(out, x->text, x->len);
        return;
    }
    np_buf_add(out, x->text, x->split);
    if (x->split > 1)
        np_buf_addc(out, ',');
    np_buf_adds(out, "\"doc\":");
    if (num) {
        char digits[24];
        size_t k = sizeof digits;
        unsigned long long u = (unsigned long long)docnum; /* (not negative) */
        do
            digits[--k] = (char)('0' + u % 10);
        while (u /= 10);
        np_buf_add(out, digits + k, sizeof digits - k);
    } else
        np_jt_escape(out, m->docs[x->doc].key.s, m->docs[x->doc].key.n);
    if (x->split == 1 && x->len > 2)
        np_buf_addc(out, ',');
    np_buf_add(out, x->text + x->split, x->len - x->split);
}

/* Entries of one document at one place: by their canonical text with the
 * document's key, as jansson compared them. */
static int cmp_tie(np_merge *m, const located *x, const located *y)
{
    m->canon.len = m->canon2.len = 0;
    located_text(m, x, 0, 0, &m->canon);
    located_text(m, y, 0, 0, &m->canon2);
    return bytes_cmp(m->canon.data, m->canon.len, m->canon2.data, m->canon2.len);
}

/* The usual order: document (in the result), start, text. */
static int cmp_std(np_merge *m, const located *x, const located *y)
{
    uint32_t dx = x->doc == NP_NONE ? 0 : m->docs[x->doc].rank, dy = y->doc == NP_NONE ? 0 : m->docs[y->doc].rank;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return cmp_tie(m, x, y);
}

/* The most recent first: the later date of their documents (an entry
 * without a dated document after all others), then the usual order; while
 * merging (ranks unknown) documents compare by their keys. */
static int cmp_recent_keys(np_merge *m, const located *x, const located *y)
{
    const doc *dx = &m->docs[x->doc], *dy = &m->docs[y->doc];
    if (!dx->date != !dy->date)
        return dx->date ? -1 : 1;
    int c = dx->date ? strcmp(dy->date, dx->date) : 0;
    if (c)
        return c;
    if (x->doc != y->doc)
        return bytes_cmp(dx->key.s, dx->key.n, dy->key.s, dy->key.n);
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return cmp_tie(m, x, y);
}

typedef int (*located_cmp)(np_merge *m, const located *x, const located *y);

/* A stable merge sort of v[0..n) through tmp; runs already in order cost
 * one comparison (the lists are mostly sorted runs of sorted inputs). */
static void msort(np_merge *m, located *v, size_t n, located_cmp cmp, located *tmp)
{
    if (n < 2)
        return;
    if (n <= 6) {
        for (size_t i = 1; i < n; i++) {
            located x = v[i];
            size_t j = i;
            for (; j > 0 && cmp(m, &v[j - 1], &x) > 0; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    size_t h = n / 2, i = 0, j = h, o = 0;
    msort(m, v, h, cmp, tmp);
    msort(m, v + h, n - h, cmp, tmp);
    if (cmp(m, &v[h - 1], &v[h]) <= 0)
        return;
    while (i < h && j < n)
        tmp[o++] = cmp(m, &v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[o++] = v[i++];
    memcpy(v, tmp, o * sizeof *v);
}

static void sort_located(np_merge *m, located *v, size_t n, located_cmp cmp)
{
    size_t i = 1;
    while (i < n && cmp(m, &v[i - 1], &v[i]) <= 0)
        i++;
    if (i >= n)
        return;
    located *tmp = np_xmalloc(n * sizeof *tmp);
    msort(m, v, n, cmp, tmp);
    free(tmp);
}

/* With a cut, a list grown past twice the cut keeps the max most recent
 * entries that have a document and every one without (whose place in the
 * result depends on documents yet to come): only entries that at least
 * max others precede in the final order are dropped. */
static void prune(np_merge *m, loclist *l)
{
    size_t max = m->max_evidence;
    if (max == NP_MERGE_ALL_EVIDENCE || l->n <= 2 * max + 16)
        return;
    size_t k = 0, with = 0;
    for (size_t i = 0; i < l->n; i++) /* the entries with a document first */
        if (l->v[i].doc != NP_NONE) {
            located x = l->v[i];
            l->v[i] = l->v[with];
            l->v[with++] = x;
        }
    sort_located(m, l->v, with, cmp_recent_keys);
    for (size_t i = 0; i < l->n; i++) {
        if (i < with && i >= max)
            free(l->v[i].text);
        else
            l->v[k++] = l->v[i];
    }
    l->n = k;
}

/* Moves the object items of array src onto owner's list key, each with
 * the key of its document. */
static void add_located(np_merge *m, uint32_t owner, uint32_t key, uint32_t src, size_t ndocs)
{
    if (kind_of(m, src) != NP_JT_ARR)
        return;
    uint32_t s = find_slot(m, owner, key);
    if (s == NP_NONE)
        s = add_slot(m, owner, key, S_LOCATED);
    np_jtape *tp = &m->tape;
    NP_JT_EACH_ELEM(tp, src, e) {
        if (tp->t[e].kind != NP_JT_OBJ)
            continue;
        uint32_t d = NP_NONE, st = NP_NONE;
        NP_JT_EACH_MEMBER(tp, e, k) {
            const np_jtok *kt = &tp->t[k];
            size_t kl = kt->end - kt->start - 2;
            if (kt->esc ? np_jt_str_is(tp, k, "doc", 3) : kl == 3 && !memcmp(tp->s + kt->start + 1, "doc", 3))
                d = k + 1;
            else if (kt->esc ? np_jt_str_is(tp, k, "start", 5) : kl == 5 && !memcmp(tp->s + kt->start + 1, "start", 5))
                st = k + 1;
        }
        long long k = kind_of(m, d) == NP_JT_INT ? np_jt_int(tp, d) : 0;
        if (k < 0 || (size_t)k >= ndocs)
            k = 0;
        located x = {NULL, 0, 0, ndocs ? m->dockeys[k] : NP_NONE, 0, kind_of(m, st) == NP_JT_INT ? np_jt_int(tp, st) : 0};
        size_t split;
        m->canon.len = 0;
        np_jt_canon_without(tp, e, "doc", &m->canon, &split);
        x.text = key == K_EVIDENCE ? np_xstrndup(m->canon.data, m->canon.len)
                                   : arena_copy(&m->texts, m->canon.data, m->canon.len);
        x.len = m->canon.len;
        x.split = split;
        loclist *l = &m->slots[s].loc;
        if (l->n == l->cap)
            NP_GROW(l->v, l->cap, l->n + 1);
        l->v[l->n++] = x;
    }
    if (key == K_EVIDENCE)
        prune(m, &m->slots[s].loc);
}

/* ---- adding a graph ---- */

/* The keys of the members of object o in m->mkeys, and the value of
 * each key of want (nwant of them) in found (NP_NONE: none); their number. */
static size_t member_keys(np_merge *m, uint32_t o, const uint32_t *want, size_t nwant, uint32_t *found)
{
    size_t n = 0;
    for (size_t i = 0; i < nwant; i++)
        found[i] = NP_NONE;
    NP_JT_EACH_MEMBER(&m->tape, o, k) {
        if (n == m->mkeys_cap)
            NP_GROW(m->mkeys, m->mkeys_cap, n + 1);
        uint32_t key = key_of(m, k);
        m->mkeys[n++] = key;
        for (size_t i = 0; i < nwant; i++)
            if (key == want[i])
                found[i] = k + 1;
    }
    return n;
}

/* Merges the members of node n (m->mkeys: their keys) into owner's. */
static void merge_node(np_merge *m, uint32_t owner, uint32_t n, size_t ndocs)
{
    size_t j = 0;
    NP_JT_EACH_MEMBER(&m->tape, n, k) {
        uint32_t key = m->mkeys[j++], v = k + 1;
        if (key == K_ID)
            continue;
        if (key == K_WEIGHT)
            add_weight(m, owner, v);
        else if (key == K_ALIASES)
            add_aliases(m, owner, v);
        else if (key == K_MENTIONS)
            add_located(m, owner, K_MENTIONS, v, ndocs);
        else if (key == K_ATTRIBUTES && kind_of(m, v) == NP_JT_OBJ)
            add_attributes(m, owner, v);
        else
            keep_least(m, "node", owner, key, v);
    }
}

static int add_node(np_merge *m, uint32_t n, size_t ndocs)
{
    static const uint32_t want[] = {K_ID};
    uint32_t id = NP_NONE;
    if (kind_of(m, n) == NP_JT_OBJ)
        member_keys(m, n, want, 1, &id);
    if (kind_of(m, id) != NP_JT_STR)
        return 0;
    size_t len;
    const char *s = np_jt_str(&m->tape, id, &m->scratch[1], &len);
    uint64_t h = np_hash(s, len);
    uint32_t owner = NP_NONE;
    HINDEX_EACH(&m->node_ix, h, i) if (m->nodes[i].id.n == len && memcmp(m->nodes[i].id.s, s, len) == 0) {
        owner = m->nodes[i].owner;
        break;
    }
    if (owner == NP_NONE) {
        if (m->nnodes == m->nodes_cap)
            NP_GROW(m->nodes, m->nodes_cap, m->nnodes + 1);
        owner = new_owner(m);
        m->nodes[m->nnodes] = (node){{np_xstrndup(s, len), len}, owner};
        hindex_put(&m->node_ix, h, (uint32_t)m->nnodes++);
    }
    merge_node(m, owner, n, ndocs);
    return 1;
}

/* A reference ("place": "place:x" or {"id": ...} as d3 leaves it) as an
 * id (decoded, if need be, in scratch[which]); NULL when it is none. */
static const char *ref_id(np_merge *m, uint32_t v, int which, size_t *n)
{
    if (kind_of(m, v) == NP_JT_OBJ)
        v = get(m, v, "id");
    if (kind_of(m, v) != NP_JT_STR)
        return NULL;
    return np_jt_str(&m->tape, v, &m->scratch[which], n);
}

static const char *str_or_empty(np_merge *m, uint32_t v, int which, size_t *n)
{
    *n = 0;
    return kind_of(m, v) == NP_JT_STR ? np_jt_str(&m->tape, v, &m->scratch[which], n) : "";
}

static str escaped(const char *s, size_t n)
{
    np_buf b = {0};
    np_jt_escape(&b, s, n);
    size_t len = b.len;
    return (str){np_buf_steal(&b), len};
}

/* The members of a link that find_link, count_evidence and settle_cameo read. */
enum { L_SOURCE, L_TARGET, L_RELATION, L_PLACE, L_DATE, L_EVIDENCE, L_ECOUNT, L_STATUS, L_CAMEO, NL };
static const uint32_t link_want[NL] = {K_SOURCE, K_TARGET,         K_RELATION, K_PLACE, K_DATE,
                                       K_EVIDENCE, K_EVIDENCE_COUNT, K_STATUS,   K_CAMEO};

/* The link of l, whose members lv are (created when new); NP_NONE when l
 * has no ends. The ends of a meeting or a call are unordered: *turned
 * says whether l's were swapped to put them in the order of their bytes. */
static uint32_t find_link(np_merge *m, const uint32_t *lv, int *turned)
{
    size_t sn, tn, rn, pn, dn;
    *turned = 0;
    const char *s = ref_id(m, lv[L_SOURCE], 1, &sn), *t = ref_id(m, lv[L_TARGET], 2, &tn);
    if (!s || !t)
        return NP_NONE;
    const char *rel = str_or_empty(m, lv[L_RELATION], 3, &rn);
    int unordered = (rn == 3 && !memcmp(rel, "met", 3)) || (rn == 6 && !memcmp(rel, "called", 6));
    if (unordered && bytes_cmp(s, sn, t, tn) > 0) {
        *turned = 1;
        const char *x = s;
        s = t;
        t = x;
        size_t xn = sn;
        sn = tn;
        tn = xn;
    }
    uint32_t pv = lv[L_PLACE];
    const char *place = ref_id(m, pv, 4, &pn), *date = str_or_empty(m, lv[L_DATE], 0, &dn);
    np_buf *k = &m->canon2;
    k->len = 0;
    np_buf_add(k, s, sn);
    np_buf_addc(k, '\x1f');
    np_buf_add(k, t, tn);
    np_buf_addc(k, '\x1f');
    np_buf_add(k, rel, rn);
    np_buf_addc(k, '\x1f');
    np_buf_add(k, place ? place : "", place ? pn : 0);
    np_buf_addc(k, '\x1f');
    np_buf_add(k, date, dn);
    uint64_t h = np_hash(k->data, k->len);
    HINDEX_EACH(&m->link_ix, h, i) if (m->links[i].key.n == k->len && !memcmp(m->links[i].key.s, k->data, k->len))
        return (uint32_t)i;
    if (m->nlinks == m->links_cap)
        NP_GROW(m->links, m->links_cap, m->nlinks + 1);
    link *nl = &m->links[m->nlinks];
    memset(nl, 0, sizeof *nl);
    nl->key = (str){np_xstrndup(k->data, k->len), k->len};
    nl->source = escaped(s, sn);
    nl->target = escaped(t, tn);
    nl->has_place = pv != NP_NONE;
    if (place)
        nl->place = escaped(place, pn);
    nl->owner = new_owner(m);
    hindex_put(&m->link_ix, h, (uint32_t)m->nlinks);
    return (uint32_t)m->nlinks++;
}

/* The evidence entries that link l stands for, added to its total: its
 * "evidence_count" when that is a whole number larger than the number of
 * its entries (a graph already cut), else that number. */
static void count_evidence(np_merge *m, link *lk, const uint32_t *lv)
{
    uint32_t ev = lv[L_EVIDENCE], c = lv[L_ECOUNT];
    long long n = 0, r;
    if (kind_of(m, ev) == NP_JT_ARR)
        NP_JT_EACH_ELEM(&m->tape, ev, e) n += m->tape.t[e].kind == NP_JT_OBJ;
    if (kind_of(m, c) == NP_JT_INT && np_jt_int(&m->tape, c) > n)
        n = np_jt_int(&m->tape, c);
    if (c != NP_NONE)
        lk->ecount_in = 1;
    if (__builtin_add_overflow(lk->ecount, n, &r))
        r = LLONG_MAX;
    lk->ecount = r;
}

/* The value of owner's key (canonical text in *n bytes), or NULL when it
 * has none (a gone slot is none). */
static const char *slot_value(const np_merge *m, uint32_t owner, uint32_t key, size_t *n)
{
    uint32_t s = find_slot(m, owner, key);
    if (s == NP_NONE || m->slots[s].kind != S_VALUE)
        return NULL;
    *n = m->slots[s].vlen;
    return m->slots[s].val;
}

/* A link's "cameo" goes with its "status" (sv and cv: the members of the
 * link being added, or NP_NONE): of the inputs whose status is the least
 * (null and absent losing), the least code wins, and none when those
 * give none; so a planned meeting's 036 never stands on a link whose
 * status is occurred. Order-free as the least-value rule is. Before the
 * status itself is settled. A meeting turned around (find_link) reads
 * the other way: its make-a-visit and host-a-visit codes (042, 043)
 * swap. */
static void settle_cameo(np_merge *m, uint32_t owner, uint32_t sv, uint32_t cv, int turned)
{
    size_t curlen = 0, clen = 0;
    const char *cur = slot_value(m, owner, K_STATUS, &curlen);
    int has = kind_of(m, sv) >= 0 && kind_of(m, sv) != NP_JT_NULL, c;
    if (!has || !cur) {
        c = !has - !cur;
    } else {
        m->canon.len = 0;
        np_jt_canon(&m->tape, sv, &m->canon);
        c = np_jt_canon_cmp(m->canon.data, m->canon.len, cur, curlen);
    }
    uint32_t s = find_slot(m, owner, K_CAMEO);
    const char *code = slot_value(m, owner, K_CAMEO, &clen);
    np_buf *t = &m->canon;
    t->len = 0;
    if (kind_of(m, cv) >= 0 && kind_of(m, cv) != NP_JT_NULL) {
        np_jt_canon(&m->tape, cv, t);
        if (turned && t->len == 5 && !memcmp(t->data, "\"04", 3) && (t->data[3] == '2' || t->data[3] == '3') &&
            t->data[4] == '"')
            t->data[3] = t->data[3] == '2' ? '3' : '2';
    }
    /* two codes that differ are a conflict, whichever wins */
    if (t->len && code && !np_jt_canon_equal(t->data, t->len, code, clen))
        count_conflict(m, "link", K_CAMEO);
    if (c > 0 || (c == 0 && (!t->len || (code && np_jt_canon_cmp(t->data, t->len, code, clen) >= 0))))
        return;
    if (!t->len) { /* the winning status gives no code */
        if (code) {
            slot_clear(&m->slots[s]);
            m->slots[s].kind = S_GONE;
        }
        return;
    }
    if (s == NP_NONE)
        s = add_slot(m, owner, K_CAMEO, S_VALUE);
    slot *sl = &m->slots[s];
    slot_clear(sl);
    sl->kind = S_VALUE;
    sl->val = np_xstrndup(t->data, t->len);
    sl->vlen = t->len;
}

static int add_link(np_merge *m, uint32_t l, size_t ndocs)
{
    uint32_t lv[NL];
    for (int j = 0; j < NL; j++)
        lv[j] = NP_NONE;
    if (kind_of(m, l) == NP_JT_OBJ)
        member_keys(m, l, link_want, NL, lv);
    int turned;
    uint32_t i = find_link(m, lv, &turned);
    if (i == NP_NONE)
        return 0;
    uint32_t owner = m->links[i].owner;
    settle_cameo(m, owner, lv[L_STATUS], lv[L_CAMEO], turned);
    size_t j = 0;
    NP_JT_EACH_MEMBER(&m->tape, l, k) {
        uint32_t key = m->mkeys[j++], v = k + 1;
        if (key == K_SOURCE || key == K_TARGET || key == K_PLACE || key == K_EVIDENCE_COUNT || key == K_CAMEO)
            continue;
        if (key == K_WEIGHT)
            add_weight(m, owner, v);
        else if (key == K_EVIDENCE)
            add_located(m, owner, K_EVIDENCE, v, ndocs);
        else
            keep_least(m, "link", owner, key, v);
    }
    count_evidence(m, &m->links[i], lv);
    return 1;
}

/* The key of document d: its canonical text, and for the second and later
 * copies of the same text "#2", "#3", ... (a canonical value never has
 * '#' outside a string, so these never collide with a document's own). */
static uint32_t doc_key(np_merge *m, uint32_t d)
{
    np_buf *c = &m->canon;
    c->len = 0;
    np_jt_canon(&m->tape, d, c);
    size_t textlen = c->len;
    uint64_t h = np_hash(c->data, textlen);
    uint32_t first = NP_NONE;
    HINDEX_EACH(&m->doc_ix, h, i) if (m->docs[i].textlen == textlen && !memcmp(m->docs[i].key.s, c->data, textlen)) {
        first = (uint32_t)i;
        break;
    }
    uint32_t copy = first == NP_NONE ? 1 : ++m->docs[first].copies;
    if (copy > 1)
        np_buf_printf(c, "#%u", copy);
    if (m->ndocs == m->docs_cap)
        NP_GROW(m->docs, m->docs_cap, m->ndocs + 1);
    doc *nd = &m->docs[m->ndocs];
    memset(nd, 0, sizeof *nd);
    nd->key = (str){np_xstrndup(c->data, c->len), c->len};
    nd->textlen = textlen;
    nd->copies = 1;
    uint32_t date = get(m, d, "date");
    if (kind_of(m, date) == NP_JT_STR) {
        size_t n;
        const char *s = np_jt_str(&m->tape, date, &m->scratch[0], &n);
        nd->date = np_xstrndup(s, n);
    }
    if (first == NP_NONE)
        hindex_put(&m->doc_ix, h, (uint32_t)m->ndocs);
    return (uint32_t)m->ndocs++;
}

/* Adds n failed records and the ids of array ids (NP_NONE: none). */
static void add_errors(np_merge *m, long long n, uint32_t ids)
{
    if (__builtin_add_overflow(m->nerrors, n, &m->nerrors))
        m->nerrors = LLONG_MAX;
    m->has_errors = 1;
    if (ids == NP_NONE)
        return;
    NP_JT_EACH_ELEM(&m->tape, ids, e) {
        if (m->nerr_ids == m->err_cap)
            NP_GROW(m->err_ids, m->err_cap, m->nerr_ids + 1);
        m->canon.len = 0;
        np_jt_canon(&m->tape, e, &m->canon);
        m->err_ids[m->nerr_ids++] = (str){np_xstrndup(m->canon.data, m->canon.len), m->canon.len};
    }
}

/* graph.errors of an input, {"count": N, "ids": [...]}: its count when that
 * is a whole number not below the number of ids, else that number. Any
 * other value is not errors and is left out. */
static void add_graph_errors(np_merge *m, uint32_t e)
{
    if (kind_of(m, e) != NP_JT_OBJ)
        return;
    uint32_t ids = get(m, e, "ids"), c = get(m, e, "count");
    if (kind_of(m, ids) != NP_JT_ARR)
        ids = NP_NONE;
    long long n = 0;
    if (ids != NP_NONE)
        NP_JT_EACH_ELEM(&m->tape, ids, x) n++;
    if (kind_of(m, c) == NP_JT_INT && np_jt_int(&m->tape, c) > n)
        n = np_jt_int(&m->tape, c);
    add_errors(m, n, ids);
}

/* The documents of the graph member gr, by key in m->dockeys, and its
 * other members; returns the number of documents. */
static size_t add_graph_member(np_merge *m, uint32_t gr)
{
    size_t ndocs = 0;
    uint32_t one = get(m, gr, "document"), all = get(m, gr, "documents");
    if (kind_of(m, one) != NP_JT_OBJ) {
        one = NP_NONE;
        if (kind_of(m, all) != NP_JT_ARR)
            all = NP_NONE;
    }
    if (one != NP_NONE || all != NP_NONE) {
        size_t n = 1;
        if (one == NP_NONE) {
            n = 0;
            NP_JT_EACH_ELEM(&m->tape, all, e) n++;
        }
        if (n + 1 > m->dockeys_cap)
            NP_GROW(m->dockeys, m->dockeys_cap, n + 1);
        if (one != NP_NONE)
            m->dockeys[ndocs++] = doc_key(m, one);
        else
            NP_JT_EACH_ELEM(&m->tape, all, e) m->dockeys[ndocs++] = doc_key(m, e);
    }
    if (kind_of(m, gr) == NP_JT_OBJ)
        NP_JT_EACH_MEMBER(&m->tape, gr, k) {
            uint32_t key = key_of(m, k);
            if (key == K_ERRORS)
                add_graph_errors(m, k + 1);
            else if (key != K_DOCUMENT && key != K_DOCUMENTS)
                keep_least(m, "graph", 0, key, k + 1);
        }
    return ndocs;
}

/* Adds the graph g of the tape; returns like np_merge_add_text. */
static int add_graph(np_merge *m, uint32_t g, const char *what, np_error *err)
{
    uint32_t nodes = get(m, g, "nodes"), links = get(m, g, "links");
    if (links == NP_NONE)
        links = get(m, g, "edges");
    if (kind_of(m, g) != NP_JT_OBJ || kind_of(m, nodes) != NP_JT_ARR || (links != NP_NONE && kind_of(m, links) != NP_JT_ARR)) {
        np_error_set(err, "%s: not a nerpipe graph (an object with the arrays 'nodes' and 'links')", what);
        return -1;
    }
    size_t ndocs = add_graph_member(m, get(m, g, "graph"));
    size_t bad_nodes = 0, bad_links = 0;
    NP_JT_EACH_ELEM(&m->tape, nodes, n) bad_nodes += !add_node(m, n, ndocs);
    if (links != NP_NONE)
        NP_JT_EACH_ELEM(&m->tape, links, l) bad_links += !add_link(m, l, ndocs);
    if (bad_nodes || bad_links) {
        np_error_set(err, "%s: left out %zu node%s without an \"id\" and %zu link%s without a \"source\" and \"target\"",
                     what, bad_nodes, bad_nodes == 1 ? "" : "s", bad_links, bad_links == 1 ? "" : "s");
        return 1;
    }
    return 0;
}

int np_merge_add_text(np_merge *m, const char *s, size_t n, size_t *used, int max_depth, int flags,
                      const char *what, np_error *err)
{
    if (!np_jtape_read(&m->tape, s, n, used, max_depth))
        return NP_MERGE_DECLINED;
    if (!(flags & NP_MERGE_LINE))
        return add_graph(m, 0, what, err);
    /* a result line of --jsonl carries its graph; an error line none */
    uint32_t g = get(m, 0, "graph");
    if (kind_of(m, g) == NP_JT_OBJ && get(m, g, "nodes") != NP_NONE)
        return add_graph(m, g, what, err);
    if (kind_of(m, 0) == NP_JT_OBJ && get(m, 0, "error") != NP_NONE && get(m, 0, "nodes") == NP_NONE) {
        /* an error line: a failed record, counted with its id */
        uint32_t id = get(m, 0, "id");
        add_errors(m, 1, NP_NONE);
        if (m->nerr_ids == m->err_cap)
            NP_GROW(m->err_ids, m->err_cap, m->nerr_ids + 1);
        m->canon.len = 0;
        if (id == NP_NONE)
            np_buf_adds(&m->canon, "null");
        else
            np_jt_canon(&m->tape, id, &m->canon);
        m->err_ids[m->nerr_ids++] = (str){np_xstrndup(m->canon.data, m->canon.len), m->canon.len};
        return 0;
    }
    return add_graph(m, 0, what, err);
}

size_t np_merge_conflicts(const np_merge *m, np_buf *out)
{
    size_t n = m->cnames.n, total = 0;
    const str **names = np_xcalloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = &m->cnames.v[i];
    for (size_t i = 1; i < n; i++) /* few: an insertion sort */
        for (size_t j = i; j > 0 && strcmp(names[j - 1]->s, names[j]->s) > 0; j--) {
            const str *x = names[j];
            names[j] = names[j - 1];
            names[j - 1] = x;
        }
    for (size_t i = 0; i < n; i++) {
        long long c = m->ccount[names[i] - m->cnames.v];
        total += (size_t)c;
        if (out)
            np_buf_printf(out, "%s%s %lld", i ? ", " : "", names[i]->s, c);
    }
    free(names);
    return total;
}

/* ---- the result ---- */

/* What an object of the result holds under one key. */
typedef struct field {
    const char *key;
    size_t klen;
    int what;      /* F_* */
    uint32_t idx;  /* F_SLOT: the slot */
    uint32_t kid;  /* the key, interned */
    uint32_t rank; /* m->key_rank[kid] */
} field;

enum { F_SLOT, F_ID, F_SOURCE, F_TARGET, F_PLACE, F_ECOUNT, F_ERRORS, F_DOCUMENT, F_DOCUMENTS };

static int cmp_field(const void *a, const void *b)
{
    const field *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int cmp_field_bytes(const void *a, const void *b)
{
    const field *x = a, *y = b;
    return bytes_cmp(x->key, x->klen, y->key, y->klen);
}

static int cmp_str_bytes(const void *a, const void *b)
{
    const str *x = *(const str *const *)a, *y = *(const str *const *)b;
    return bytes_cmp(x->s, x->n, y->s, y->n);
}

/* m->key_rank: every interned key's place in the order of bytes. */
static void rank_keys(np_merge *m)
{
    size_t n = m->keys.n;
    const str **order = np_xmalloc((n + 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = &m->keys.v[i];
    np_sort(order, n, sizeof *order, cmp_str_bytes);
    free(m->key_rank);
    m->key_rank = np_xmalloc((n + 1) * sizeof *m->key_rank);
    for (size_t i = 0; i < n; i++)
        m->key_rank[order[i] - m->keys.v] = (uint32_t)i;
    free(order);
}

/* The fields of owner's slots, then extra (n of them), sorted; *count gets
 * how many. While merging, before the keys are ranked, by their bytes. */
static field *fields_of(const np_merge *m, uint32_t owner, const field *extra, size_t nextra, size_t *count)
{
    if (!m->key_rank) {
        size_t n = 0, cap = 8;
        field *f = np_xmalloc(cap * sizeof *f);
        for (uint32_t s = m->owner_first[owner]; s != NP_NONE; s = m->slots[s].next) {
            if (m->slots[s].kind == S_GONE)
                continue;
            if (n == cap)
                NP_GROW(f, cap, n + 1);
            const str *k = &m->keys.v[m->slots[s].key];
            f[n++] = (field){k->s, k->n, F_SLOT, s, m->slots[s].key, 0};
        }
        np_sort(f, n, sizeof *f, cmp_field_bytes);
        *count = n;
        return f;
    }
    size_t n = nextra, cap = nextra + 8;
    field *f = np_xmalloc(cap * sizeof *f);
    if (nextra)
        memcpy(f, extra, nextra * sizeof *f);
    for (size_t i = 0; i < nextra; i++)
        f[i].rank = m->key_rank[f[i].kid];
    for (uint32_t s = m->owner_first[owner]; s != NP_NONE; s = m->slots[s].next) {
        if (m->slots[s].kind == S_GONE)
            continue;
        if (n == cap)
            NP_GROW(f, cap, n + 1);
        uint32_t kid = m->slots[s].key;
        const str *k = &m->keys.v[kid];
        f[n++] = (field){k->s, k->n, F_SLOT, s, kid, m->key_rank[kid]};
    }
    if (n > 16)
        np_sort(f, n, sizeof *f, cmp_field);
    else /* the usual few: an insertion sort */
        for (size_t i = 1; i < n; i++) {
            field x = f[i];
            size_t j = i;
            for (; j > 0 && f[j - 1].rank > x.rank; j--)
                f[j] = f[j - 1];
            f[j] = x;
        }
    *count = n;
    return f;
}

/* Writes a canonical text as a value (indented when w is). */
static void put_canon(np_merge *m, np_jw *w, const char *t, size_t n)
{
    if (!w->pretty) {
        np_jw_raw(w, t, n);
        return;
    }
    np_buf *b = &m->scratch[4];
    b->len = 0;
    np_jt_reindent(b, t, n, w->depth);
    np_jw_raw(w, b->data, b->len);
}

static void put_key(np_merge *m, np_jw *w, uint32_t kid)
{
    const str *j = json_of(&m->keys, kid);
    np_jw_key_raw(w, j->s, j->n);
}

static void slots_text(np_merge *m, uint32_t owner, np_buf *out)
{
    size_t n;
    field *f = fields_of(m, owner, NULL, 0, &n);
    np_buf_addc(out, '{');
    for (size_t i = 0; i < n; i++) {
        const slot *s = &m->slots[f[i].idx];
        if (i)
            np_buf_addc(out, ',');
        const str *j = json_of(&m->keys, f[i].kid);
        np_buf_add(out, j->s, j->n);
        np_buf_addc(out, ':');
        np_buf_add(out, s->val, s->vlen);
    }
    np_buf_addc(out, '}');
    free(f);
}

/* A whole-number weight that became a double is written as an integer. */
static void put_weight(np_jw *w, const slot *s)
{
    double r = s->d;
    if (s->is_int)
        np_jw_int(w, s->i);
    else if (r > -9007199254740992.0 && r < 9007199254740992.0 && r == (double)(long long)r)
        np_jw_int(w, (long long)r);
    else {
        char text[40];
        np_jt_real_text(text, sizeof text, r);
        np_jw_raw(w, text, strlen(text));
    }
}

/* The aliases of set without label, sorted. */
static void put_aliases(np_merge *m, np_jw *w, uint32_t set, const char *label, size_t llen)
{
    size_t n;
    field *f = fields_of(m, set, NULL, 0, &n);
    np_jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        if (f[i].klen == llen && !memcmp(f[i].key, label, llen))
            continue;
        const str *j = json_of(&m->keys, f[i].kid);
        np_jw_raw(w, j->s, j->n);
    }
    np_jw_arr_end(w);
    free(f);
}

/* The most recent first, then the usual order (pos: the place in it). */
static int cmp_recent_pos(np_merge *m, const located *x, const located *y)
{
    const char *dx = x->doc == NP_NONE ? NULL : m->docs[x->doc].date;
    const char *dy = y->doc == NP_NONE ? NULL : m->docs[y->doc].date;
    if (!dx != !dy)
        return dx ? -1 : 1;
    int c = dx ? strcmp(dy, dx) : 0;
    if (c)
        return c;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The entries in the usual order, the keep most recent of them. */
static void put_located(np_merge *m, np_jw *w, loclist *l, size_t keep)
{
    sort_located(m, l->v, l->n, cmp_std);
    char *kept = np_xmalloc(l->n + 1);
    memset(kept, 1, l->n + 1);
    if (l->n > keep) {
        located *order = np_xmalloc(l->n * sizeof *order);
        for (size_t i = 0; i < l->n; i++) {
            order[i] = l->v[i];
            order[i].pos = (uint32_t)i;
        }
        sort_located(m, order, l->n, cmp_recent_pos);
        for (size_t i = 0; i < l->n; i++)
            kept[order[i].pos] = i < keep;
        free(order);
    }
    np_jw_arr(w);
    np_buf *b = &m->canon;
    for (size_t i = 0; i < l->n; i++) {
        if (!kept[i])
            continue;
        const located *x = &l->v[i];
        if (m->ndocs > 1) {
            b->len = 0;
            located_text(m, x, 1, x->doc == NP_NONE ? 0 : m->docs[x->doc].rank, b);
            put_canon(m, w, b->data, b->len);
        } else
            put_canon(m, w, x->text, x->len);
    }
    np_jw_arr_end(w);
    free(kept);
}

static void put_object(np_merge *m, np_jw *w, uint32_t owner);

/* The value of slot s, in an object that has label (for aliases). */
static void put_slot(np_merge *m, np_jw *w, uint32_t s, const char *label, size_t llen)
{
    slot *sl = &m->slots[s];
    switch (sl->kind) {
    case S_VALUE:
        put_canon(m, w, sl->val, sl->vlen);
        break;
    case S_WEIGHT:
        put_weight(w, sl);
        break;
    case S_SET:
        put_aliases(m, w, sl->sub, label, llen);
        break;
    case S_LOCATED:
        put_located(m, w, &sl->loc, sl->key == K_EVIDENCE ? m->max_evidence : NP_MERGE_ALL_EVIDENCE);
        break;
    case S_ATTRS:
        put_object(m, w, sl->sub);
        break;
    default:
        np_jw_null(w);
    }
}

/* The label of owner (a string), for its aliases: "" when none. */
static const char *label_of(np_merge *m, uint32_t owner, size_t *n)
{
    uint32_t s = find_slot(m, owner, K_LABEL);
    *n = 0;
    if (s == NP_NONE || m->slots[s].kind != S_VALUE || m->slots[s].val[0] != '"')
        return "";
    size_t at = 0;
    int esc;
    np_buf *b = &m->scratch[2];
    b->len = 0;
    np_buf_reserve(b, m->slots[s].vlen);
    np_jsonrec_string(m->slots[s].val, m->slots[s].vlen, &at, b, &esc);
    *n = b->len;
    return b->data;
}

/* An object of slots (a node, a link, attributes) with the extra fields. */
static void put_fields(np_merge *m, np_jw *w, uint32_t owner, const field *extra, size_t nextra, const link *lk,
                       const node *nd)
{
    size_t n, llen = 0;
    field *f = fields_of(m, owner, extra, nextra, &n);
    const char *label = nd ? label_of(m, owner, &llen) : ""; /* (in scratch[2], which the fields leave alone) */
    np_jw_obj(w);
    for (size_t i = 0; i < n; i++) {
        put_key(m, w, f[i].kid);
        switch (f[i].what) {
        case F_SLOT: put_slot(m, w, f[i].idx, label, llen); break;
        case F_ID:
            m->scratch[3].len = 0;
            np_jt_escape(&m->scratch[3], nd->id.s, nd->id.n);
            np_jw_raw(w, m->scratch[3].data, m->scratch[3].len);
            break;
        case F_SOURCE: np_jw_raw(w, lk->source.s, lk->source.n); break;
        case F_TARGET: np_jw_raw(w, lk->target.s, lk->target.n); break;
        case F_PLACE:
            if (lk->place.s)
                np_jw_raw(w, lk->place.s, lk->place.n);
            else
                np_jw_null(w);
            break;
        case F_ECOUNT: np_jw_int(w, lk->ecount); break;
        default: break;
        }
    }
    np_jw_obj_end(w);
    free(f);
}

static void put_object(np_merge *m, np_jw *w, uint32_t owner)
{
    put_fields(m, w, owner, NULL, 0, NULL, NULL);
}

/* Records by their keys' bytes. */
typedef struct keyed {
    const char *key;
    size_t n;
    uint32_t idx;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return bytes_cmp(x->key, x->n, y->key, y->n);
}

static int cmp_canon_str(const void *a, const void *b)
{
    const str *x = a, *y = b;
    return np_jt_canon_cmp(x->s, x->n, y->s, y->n);
}

/* {"count": N, "ids": [...]}, the ids in the order of values. */
static void put_errors(np_merge *m, np_jw *w)
{
    np_sort(m->err_ids, m->nerr_ids, sizeof *m->err_ids, cmp_canon_str);
    np_jw_obj(w);
    np_jw_key(w, "count");
    np_jw_int(w, m->nerrors);
    np_jw_key(w, "ids");
    np_jw_arr(w);
    for (size_t i = 0; i < m->nerr_ids; i++)
        put_canon(m, w, m->err_ids[i].s, m->err_ids[i].n);
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

/* graph: its members, the documents in the order of their keys, and the
 * errors. */
static void put_graph(np_merge *m, np_jw *w, const keyed *docs)
{
    field extra[2] = {{m->ndocs == 1 ? "document" : "documents", m->ndocs == 1 ? 8 : 9,
                       m->ndocs == 1 ? F_DOCUMENT : F_DOCUMENTS, 0, m->ndocs == 1 ? K_DOCUMENT : K_DOCUMENTS, 0},
                      {"errors", 6, F_ERRORS, 0, K_ERRORS, 0}};
    size_t n;
    field *f = fields_of(m, 0, extra, m->has_errors ? 2 : 1, &n);
    np_jw_obj(w);
    for (size_t i = 0; i < n; i++) {
        put_key(m, w, f[i].kid);
        if (f[i].what == F_SLOT)
            put_slot(m, w, f[i].idx, "", 0);
        else if (f[i].what == F_ERRORS)
            put_errors(m, w);
        else if (f[i].what == F_DOCUMENT)
            put_canon(m, w, m->docs[docs[0].idx].key.s, m->docs[docs[0].idx].textlen);
        else {
            np_jw_arr(w);
            for (size_t d = 0; d < m->ndocs; d++)
                put_canon(m, w, m->docs[docs[d].idx].key.s, m->docs[docs[d].idx].textlen);
            np_jw_arr_end(w);
        }
    }
    np_jw_obj_end(w);
    free(f);
}

static void put_links(np_merge *m, np_jw *w)
{
    keyed *order = np_xcalloc(m->nlinks + 1, sizeof *order);
    for (size_t i = 0; i < m->nlinks; i++)
        order[i] = (keyed){m->links[i].key.s, m->links[i].key.n, (uint32_t)i};
    np_sort(order, m->nlinks, sizeof *order, cmp_keyed);
    np_jw_arr(w);
    for (size_t i = 0; i < m->nlinks; i++) {
        const link *lk = &m->links[order[i].idx];
        field extra[4] = {{"source", 6, F_SOURCE, 0, K_SOURCE, 0}, {"target", 6, F_TARGET, 0, K_TARGET, 0},
                          {"evidence_count", 14, F_ECOUNT, 0, K_EVIDENCE_COUNT, 0}, {"place", 5, F_PLACE, 0, K_PLACE, 0}};
        size_t nextra = 2;
        if (m->max_evidence != NP_MERGE_ALL_EVIDENCE || lk->ecount_in)
            nextra++;
        if (lk->has_place)
            extra[nextra++] = extra[3];
        put_fields(m, w, lk->owner, extra, nextra, lk, NULL);
    }
    np_jw_arr_end(w);
    free(order);
}

static void put_nodes(np_merge *m, np_jw *w)
{
    keyed *order = np_xcalloc(m->nnodes + 1, sizeof *order);
    for (size_t i = 0; i < m->nnodes; i++)
        order[i] = (keyed){m->nodes[i].id.s, m->nodes[i].id.n, (uint32_t)i};
    np_sort(order, m->nnodes, sizeof *order, cmp_keyed);
    np_jw_arr(w);
    for (size_t i = 0; i < m->nnodes; i++) {
        const node *nd = &m->nodes[order[i].idx];
        field id = {"id", 2, F_ID, 0, K_ID, 0};
        put_fields(m, w, nd->owner, &id, 1, NULL, nd);
    }
    np_jw_arr_end(w);
    free(order);
}

void np_merge_write_json(np_merge *m, np_jw *w)
{
    rank_keys(m);
    keyed *docs = np_xcalloc(m->ndocs + 1, sizeof *docs);
    for (size_t i = 0; i < m->ndocs; i++)
        docs[i] = (keyed){m->docs[i].key.s, m->docs[i].key.n, (uint32_t)i};
    np_sort(docs, m->ndocs, sizeof *docs, cmp_keyed);
    for (size_t i = 0; i < m->ndocs; i++)
        m->docs[docs[i].idx].rank = (uint32_t)i;
    np_jw_obj(w);
    np_jw_key(w, "directed");
    np_jw_bool(w, 0);
    np_jw_key(w, "graph");
    put_graph(m, w, docs);
    np_jw_key(w, "links");
    put_links(m, w);
    np_jw_key(w, "multigraph");
    np_jw_bool(w, 1);
    np_jw_key(w, "nodes");
    put_nodes(m, w);
    np_jw_obj_end(w);
    free(docs);
    free_records(m);
    free(m->key_rank);
    m->key_rank = NULL;
}

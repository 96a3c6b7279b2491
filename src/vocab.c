/*
 * vocab.c: the vocabulary hash table, the string pool and phrase tries
 * (see vocab.h). Both hash tables use open addressing with linear probing
 * and stay at most half full.
 */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

uint32_t np_pool_add(np_pool *p, const char *s, size_t n)
{
    if (p->buf.len == 0)
        np_buf_addc(&p->buf, '\0'); /* offset 0: the empty string */
    if (n == 0)
        return 0;
    uint32_t off = (uint32_t)p->buf.len;
    np_buf_add(&p->buf, s, n);
    np_buf_addc(&p->buf, '\0');
    return off;
}

void np_pool_free(np_pool *p)
{
    np_buf_free(&p->buf);
}

static void vocab_rehash(np_vocab *v, size_t nslots)
{
    free(v->slots);
    v->slots = np_xcalloc(nslots, sizeof *v->slots);
    v->nslots = nslots;
    for (size_t i = 0; i < v->n; i++) {
        size_t s = v->ents[i].hash & (nslots - 1);
        while (v->slots[s])
            s = (s + 1) & (nslots - 1);
        v->slots[s] = (uint32_t)i + 1;
    }
}

uint32_t np_vocab_find(const np_vocab *v, const np_pool *pool, const char *key, size_t n, uint64_t hash)
{
    if (!v->nslots)
        return 0;
    size_t s = hash & (v->nslots - 1);
    for (size_t probes = 0; probes < v->nslots; probes++) {
        uint32_t id = v->slots[s];
        if (!id || id > v->n)
            return 0;
        const np_vocab_entry *e = &v->ents[id - 1];
        if (e->hash == hash && e->len == n && e->str < pool->buf.len && n < pool->buf.len - e->str &&
            memcmp(pool->buf.data + e->str, key, n) == 0)
            return id;
        s = (s + 1) & (v->nslots - 1);
    }
    return 0;
}

uint32_t np_vocab_add(np_vocab *v, np_pool *pool, const char *key, size_t n, uint32_t lex)
{
    uint64_t h = np_hash(key, n);
    uint32_t id = np_vocab_find(v, pool, key, n, h);
    if (id) {
        v->ents[id - 1].lex |= lex;
        return id - 1;
    }
    if ((v->n + 1) * 2 > v->nslots)
        vocab_rehash(v, v->nslots ? v->nslots * 2 : 1024);
    NP_GROW(v->ents, v->cap, v->n + 1);
    np_vocab_entry *e = &v->ents[v->n];
    memset(e, 0, sizeof *e);
    e->str = np_pool_add(pool, key, n);
    e->len = (uint32_t)n;
    e->lex = lex;
    e->hash = h;
    size_t s = h & (v->nslots - 1);
    while (v->slots[s])
        s = (s + 1) & (v->nslots - 1);
    v->slots[s] = (uint32_t)++v->n;
    return (uint32_t)v->n - 1;
}

void np_vocab_free(np_vocab *v)
{
    free(v->ents);
    free(v->slots);
    memset(v, 0, sizeof *v);
}

/* Both halves of the key must reach the slot bits: many edges share a word
 * ("of" after hundreds of names) and many share a parent. */
static size_t edge_slot(uint32_t parent, uint32_t word, size_t cap)
{
    uint64_t h = ((uint64_t)parent << 32 | word) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    return (size_t)(h >> 32) & (cap - 1);
}

long np_trie_lookup(const np_trie *t, uint32_t node, uint32_t word)
{
    if (!t->edges_cap)
        return -1;
    size_t s = edge_slot(node, word, t->edges_cap);
    for (size_t probes = 0; probes < t->edges_cap; probes++) {
        const np_trie_edge *e = &t->edges[s];
        if (!e->child)
            return -1;
        if (e->parent == node && e->word == word)
            return e->child <= t->nnodes ? (long)e->child - 1 : -1;
        s = (s + 1) & (t->edges_cap - 1);
    }
    return -1;
}

static void edges_rehash(np_trie *t, size_t cap)
{
    np_trie_edge *old = t->edges;
    size_t oldcap = t->edges_cap;
    t->edges = np_xcalloc(cap, sizeof *t->edges);
    t->edges_cap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].child)
            continue;
        size_t s = edge_slot(old[i].parent, old[i].word, cap);
        while (t->edges[s].child)
            s = (s + 1) & (cap - 1);
        t->edges[s] = old[i];
    }
    free(old);
}

static uint32_t new_node(np_trie *t)
{
    NP_GROW(t->nodes, t->nodes_cap, t->nnodes + 1);
    t->nodes[t->nnodes].first = 0;
    t->nodes[t->nnodes].count = 0;
    return (uint32_t)t->nnodes++;
}

void np_trie_insert(np_trie *t, const uint32_t *words, size_t n, uint32_t value)
{
    if (t->nnodes == 0)
        new_node(t); /* the root */
    /* the filter of start words is rebuilt by np_trie_finish */
    free(t->starts);
    t->starts = NULL;
    t->nstarts = 0;
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        long child = np_trie_lookup(t, node, words[i]);
        if (child < 0) {
            if ((t->nedges + 1) * 2 > t->edges_cap)
                edges_rehash(t, t->edges_cap ? t->edges_cap * 2 : 1024);
            uint32_t c = new_node(t);
            size_t s = edge_slot(node, words[i], t->edges_cap);
            while (t->edges[s].child)
                s = (s + 1) & (t->edges_cap - 1);
            t->edges[s].parent = node;
            t->edges[s].word = words[i];
            t->edges[s].child = c + 1;
            t->nedges++;
            child = c;
        }
        node = (uint32_t)child;
    }
    NP_GROW(t->pending, t->pending_cap, t->npending + 1);
    t->pending[t->npending++] = (uint64_t)node << 32 | value;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void np_trie_finish(np_trie *t)
{
    if (t->nnodes == 0)
        new_node(t);
    /* Stable order by node, then by insertion value order as given. */
    np_sort(t->pending, t->npending, sizeof *t->pending, cmp_u64);
    free(t->payload);
    t->payload = np_xmalloc((t->npending ? t->npending : 1) * sizeof *t->payload);
    t->npayload = 0;
    for (size_t i = 0; i < t->nnodes; i++)
        t->nodes[i].count = 0;
    for (size_t i = 0; i < t->npending; i++) {
        uint32_t node = (uint32_t)(t->pending[i] >> 32), value = (uint32_t)t->pending[i];
        if (i > 0 && t->pending[i] == t->pending[i - 1])
            continue; /* the same value twice on one node */
        if (t->nodes[node].count == 0)
            t->nodes[node].first = (uint32_t)t->npayload;
        t->nodes[node].count++;
        t->payload[t->npayload++] = value;
    }
    free(t->pending);
    t->pending = NULL;
    t->npending = t->pending_cap = 0;
    size_t nfirst = 0;
    for (size_t i = 0; i < t->edges_cap; i++)
        nfirst += t->edges[i].child && t->edges[i].parent == 0;
    free(t->starts);
    t->nstarts = np_bloom_words(nfirst);
    t->starts = np_xcalloc(t->nstarts, sizeof *t->starts);
    for (size_t i = 0; i < t->edges_cap; i++)
        if (t->edges[i].child && t->edges[i].parent == 0)
            np_bloom_add(t->starts, t->nstarts, t->edges[i].word);
}

size_t np_bloom_words(size_t n)
{
    size_t words = 1;
    while (words * 64 < n * 16)
        words *= 2;
    return words;
}

void np_trie_free(np_trie *t)
{
    free(t->nodes);
    free(t->edges);
    free(t->payload);
    free(t->pending);
    free(t->starts);
    memset(t, 0, sizeof *t);
}

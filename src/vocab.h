/*
 * vocab.h: the model's vocabulary and phrase tries.
 *
 * Every distinct normalized token key that any gazetteer name, title,
 * lexicon word or rule word contains gets one vocabulary entry, which also
 * carries the word's classes (NP_LEX_*). A text token costs one hash lookup
 * to find its entry; after that, matching names and phrases walks tries
 * whose edges are (node, vocabulary id) pairs, so no string is compared and
 * nothing is allocated per token.
 *
 * All tables are flat arrays of fixed-size records that refer to each other
 * by index and to strings by offset into one pool, so a compiled model can
 * be written to disk and memory-mapped as is. A mapped table's contents
 * are not checked when the file is opened (modelfile.h), so the lookups
 * here check every index they follow: a probe visits each slot at most
 * once, an index outside its table reads as no entry, a string offset
 * outside the pool as the empty string, a payload range outside the
 * payload as no values. Damage changes answers, never reads elsewhere.
 */
#ifndef NP_VOCAB_H
#define NP_VOCAB_H

#include "np.h"

/* Word classes of a vocabulary entry. */
enum {
    NP_LEX_COMMON = 1u << 0,     /* an ordinary English word (lowercase in the dictionary) */
    NP_LEX_GIVEN = 1u << 1,      /* a given name */
    NP_LEX_SURNAME = 1u << 2,    /* a family name too common to identify anyone alone */
    NP_LEX_PARTICLE = 1u << 3,   /* a particle inside names: bin, da, von */
    NP_LEX_HONORIFIC = 1u << 4,  /* Mr, Sheikh, Sir */
    NP_LEX_ABBR_TITLE = 1u << 5, /* abbreviation before a name: never ends a sentence */
    NP_LEX_ABBR = 1u << 6,       /* other abbreviation written with a period */
    NP_LEX_ABBR_NUM = 1u << 7,   /* abbreviation only before a number (No. 10) */
    NP_LEX_STARTER = 1u << 8,    /* word that often starts a sentence */
    NP_LEX_MONTH = 1u << 9,
    NP_LEX_WEEKDAY = 1u << 10,
    NP_LEX_TITLE = 1u << 11,     /* can be part of a role title (president, minister) */
    NP_LEX_ORG_HEAD = 1u << 12,  /* ends organization names (Ministry, Agency, Party) */
    NP_LEX_PLACE_HEAD = 1u << 13,/* ends place names (Islands, Province, Sea) */
    NP_LEX_FUNCTION = 1u << 14,  /* determiner, pronoun, preposition, conjunction */
    NP_LEX_NAME_STOP = 1u << 15, /* capitalized words that are never part of a name */
    NP_LEX_ORG_WORD = 1u << 16,  /* may occur inside organization names (of, and, for) */
    NP_LEX_PERSON_CUE = 1u << 17,/* role nouns that introduce people (spokesman, deputy) */
    NP_LEX_REPORT_VERB = 1u << 18,/* said, told, added, wrote */
    NP_LEX_ORG_FORMAL = 1u << 19, /* heads of institutions named in ordinary words (Ministry of Home Affairs) */
    NP_LEX_ORG_GENERIC = 1u << 20,/* heads that with a place alone name its government (Government of X) */
    NP_LEX_BUILDING = 1u << 21,   /* heads of buildings that house an institution (State House, City Hall) */
    NP_LEX_EVENT_HEAD = 1u << 22, /* a place before one names an event (Independence Day, Beijing Olympics) */
    NP_LEX_PLACE_GIVEN = 1u << 23,/* a place name that is also a given name (Georgia, Jordan) */
    NP_LEX_TEAM_PREFIX = 1u << 24,/* a place after one names a sports club (Real Madrid, Dynamo Kyiv) */
    NP_LEX_WEB_SUFFIX = 1u << 25, /* the last label of a web address (com, net, org, uk) */
    NP_LEX_COMPANY_FORM = 1u << 26,/* a legal form before a company's name (PT, PJSC) */
    NP_LEX_CREDIT = 1u << 27,      /* a credit line's words (Photo, Credit, Source, Courtesy) */
    NP_LEX_NAME_FIRST = 1u << 28,  /* the first word of a gazetteer name (set by the gazetteer) */
    NP_LEX_DATE_WORD = 1u << 29    /* a calendar word or the first word of a relative date (set by dates.c) */
};

typedef struct np_vocab_entry {
    uint32_t str;  /* key offset in the pool */
    uint32_t len;
    uint32_t lex;  /* NP_LEX_* */
    uint32_t cal;  /* calendar word (dates.c): bits 0-3 month, 4-7 weekday, 8-9 period */
    uint64_t hash;
} np_vocab_entry;

typedef struct np_vocab {
    np_vocab_entry *ents;
    size_t n, cap;
    uint32_t *slots;    /* hash table: entry index + 1, 0 = empty */
    size_t nslots;      /* power of two */
} np_vocab;

/* A string pool: offset 0 is the empty string. */
typedef struct np_pool {
    np_buf buf;
} np_pool;

uint32_t np_pool_add(np_pool *p, const char *s, size_t n);
/* The string at off; the empty string at offset 0 when off is outside the
 * pool (a damaged compiled model, whose pool begins and ends with a NUL:
 * every string read from it ends inside it). */
static inline const char *np_pool_str(const np_pool *p, uint32_t off)
{
    return p->buf.data + (off < p->buf.len ? off : 0);
}
void np_pool_free(np_pool *p);

/* Returns the entry index of key (adding it), and ORs lex into its classes. */
uint32_t np_vocab_add(np_vocab *v, np_pool *pool, const char *key, size_t n, uint32_t lex);
/* The entry index + 1 of key, or 0 (also when the table is damaged). */
uint32_t np_vocab_find(const np_vocab *v, const np_pool *pool, const char *key, size_t n, uint64_t hash);
void np_vocab_free(np_vocab *v);

/* A trie over vocabulary ids; each node may carry a list of payload values
 * (gazetteer candidates, title ids). Node 0 is the root. */
typedef struct np_trie_node {
    uint32_t first;  /* index of its first payload value */
    uint32_t count;  /* number of payload values */
} np_trie_node;

typedef struct np_trie_edge {
    uint32_t parent; /* node */
    uint32_t word;   /* vocabulary index */
    uint32_t child;  /* node + 1; 0 = empty slot */
} np_trie_edge;

typedef struct np_trie {
    np_trie_node *nodes;
    /* a Bloom filter of the words that start a path, built by
     * np_trie_finish: most words of a text start none, and this answers
     * for them without probing the edge table */
    uint64_t *starts;
    size_t nstarts;       /* 64-bit words; a power of two, or 0 (no filter) */
    size_t nnodes, nodes_cap;
    np_trie_edge *edges;  /* open-addressing table */
    size_t nedges, edges_cap; /* edges_cap: power of two */
    uint32_t *payload;
    size_t npayload;
    /* while building: (node, value) pairs, sorted into payload by np_trie_finish */
    uint64_t *pending;
    size_t npending, pending_cap;
} np_trie;

/* Adds the path of vocabulary ids words[0..n) and attaches value to its end. */
void np_trie_insert(np_trie *t, const uint32_t *words, size_t n, uint32_t value);
/* Sorts the attached values so np_trie_values works; call once after inserting. */
void np_trie_finish(np_trie *t);
/* Bloom filters of vocabulary indices (trie start words, rule triggers,
 * a sentence's words): one hash, nwords 64-bit words, a power of two. */
static inline size_t np_bloom_bit(uint32_t word, size_t nwords)
{
    return (size_t)(((uint64_t)word * 0x9E3779B97F4A7C15ULL) >> 32) & (nwords * 64 - 1);
}
static inline void np_bloom_add(uint64_t *bits, size_t nwords, uint32_t word)
{
    size_t bit = np_bloom_bit(word, nwords);
    bits[bit / 64] |= (uint64_t)1 << (bit % 64);
}
/* Whether word may be in the filter; always when there is none (nwords 0). */
static inline int np_bloom_has(const uint64_t *bits, size_t nwords, uint32_t word)
{
    if (!nwords)
        return 1;
    size_t bit = np_bloom_bit(word, nwords);
    return bits[bit / 64] >> (bit % 64) & 1;
}
/* The size (in 64-bit words) for n words: about 16 bits each, so that about
 * one in 16 other words passes. */
size_t np_bloom_words(size_t n);

/* The child of node along word, or -1 (also when the table is damaged). */
long np_trie_lookup(const np_trie *t, uint32_t node, uint32_t word);
static inline long np_trie_child(const np_trie *t, uint32_t node, uint32_t word)
{
    if (node == 0 && !np_bloom_has(t->starts, t->nstarts, word))
        return -1;
    return np_trie_lookup(t, node, word);
}
/* The values of node (one np_trie_lookup returned, or the root); none
 * when its range is outside the payload (a damaged compiled model). */
static inline const uint32_t *np_trie_values(const np_trie *t, uint32_t node, size_t *count)
{
    const np_trie_node *n = &t->nodes[node];
    *count = (uint64_t)n->first + n->count <= t->npayload ? n->count : 0;
    return t->payload + (*count ? n->first : 0);
}
void np_trie_free(np_trie *t);

/* The words a model knows: the string pool, the vocabulary (keys, word
 * classes, calendar bits) and the multi-word lexicon items (payload: an
 * NP_LEX_* bit). Built by lexicon.h and the loaders; then only read. */
typedef struct np_lexicon {
    np_pool pool;
    np_vocab vocab;
    np_trie phrases;
} np_lexicon;

/* Vocabulary id + 1 of a normalized key, or 0. */
static inline uint32_t np_lexicon_lookup(const np_lexicon *lx, const char *key, size_t n)
{
    return np_vocab_find(&lx->vocab, &lx->pool, key, n, np_hash(key, n));
}

#endif

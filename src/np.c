/*
 * np.c: the shared helpers declared in np.h: error and warning reporting,
 * checked allocation, the byte buffer, the string hash, the 64-bit map
 * and the clock.
 */
#include "np.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void np_error_set(np_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

static void default_warn(const char *msg, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "nerpipe: warning: %s\n", msg);
}

static np_warn_fn warn_fn = default_warn;
static void *warn_ctx;

void np_set_warn_handler(np_warn_fn fn, void *ctx)
{
    warn_fn = fn ? fn : default_warn;
    warn_ctx = ctx;
}

void np_warn(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warn_fn(msg, warn_ctx);
}

static void out_of_memory(size_t n)
{
    fprintf(stderr, "nerpipe: out of memory (allocating %zu bytes)\n", n);
    exit(NP_EXIT_DATA);
}

void *np_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *np_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *np_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *np_xstrndup(const char *s, size_t n)
{
    char *d = np_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *np_xstrdup(const char *s)
{
    return np_xstrndup(s, strlen(s));
}

void np_grow(void **items, size_t *cap, size_t need, size_t elsz)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elsz)
            out_of_memory(SIZE_MAX);
        ncap *= 2;
    }
    *items = np_xrealloc(*items, ncap * elsz);
    *cap = ncap;
}

void np_buf_grow(np_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap *= 2;
    b->data = np_xrealloc(b->data, ncap);
    b->cap = ncap;
}

void np_buf_add(np_buf *b, const void *s, size_t n)
{
    np_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void np_buf_adds(np_buf *b, const char *s)
{
    np_buf_add(b, s, strlen(s));
}

void np_buf_printf(np_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        np_buf_add(b, tmp, (size_t)n);
        return;
    }
    np_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void np_buf_free(np_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *np_buf_steal(np_buf *b)
{
    char *d = b->data ? b->data : np_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

/* A multiply-xorshift hash over 8-byte words: fast on short keys, good
 * enough spread for open addressing; not meant to resist attackers. */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

/* The last n < 8 bytes of a key in a zeroed word, as memcpy puts them
 * there; on a little-endian machine with two loads at most instead of a
 * copy of variable length (the values, which compiled models store, are
 * the same). */
static uint64_t tail_word(const unsigned char *p, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4); /* overlapping a: the same bytes again */
        return a | (uint64_t)b << (8 * (n - 4));
    }
    if (n == 0)
        return 0;
    return p[0] | (uint64_t)p[n >> 1] << (8 * (n >> 1)) | (uint64_t)p[n - 1] << (8 * (n - 1));
#else
    uint64_t w = 0;
    memcpy(&w, p, n);
    return w;
#endif
}

uint64_t np_hash(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = mix(h ^ w) + 0x2545f4914f6cdd1dULL;
        p += 8;
        n -= 8;
    }
    return mix(h ^ tail_word(p, n) ^ ((uint64_t)n << 56));
}

static size_t u64map_slot(const np_u64map *m, uint64_t key)
{
    size_t mask = m->cap - 1, s = (size_t)mix(key) & mask;
    while (m->vals[s] && m->keys[s] != key)
        s = (s + 1) & mask;
    return s;
}

uint32_t np_u64map_get(const np_u64map *m, uint64_t key)
{
    return m->cap ? m->vals[u64map_slot(m, key)] : 0;
}

void np_u64map_put(np_u64map *m, uint64_t key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        np_u64map old = *m;
        m->cap = m->cap ? m->cap * 2 : 64;
        m->keys = np_xmalloc(m->cap * sizeof *m->keys);
        m->vals = np_xcalloc(m->cap, sizeof *m->vals);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.vals[i])
                np_u64map_put(m, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    size_t s = u64map_slot(m, key);
    if (!m->vals[s])
        m->n++;
    m->keys[s] = key;
    m->vals[s] = val;
}

void np_u64map_clear(np_u64map *m)
{
    if (m->cap)
        memset(m->vals, 0, m->cap * sizeof *m->vals);
    m->n = 0;
}

void np_u64map_free(np_u64map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

uint64_t np_key4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    return mix(((uint64_t)a << 32 | b) ^ mix((uint64_t)c << 32 | d));
}

double np_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int np_str_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

void np_sort_short(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base, tmp[64];
    for (size_t i = 1; i < n; i++) {
        if (cmp(b + (i - 1) * size, b + i * size) <= 0)
            continue;
        memcpy(tmp, b + i * size, size);
        size_t j = i;
        while (j > 0 && cmp(b + (j - 1) * size, tmp) > 0)
            j--;
        memmove(b + (j + 1) * size, b + j * size, (i - j) * size);
        memcpy(b + j * size, tmp, size);
    }
}

/* An arena's block; a string longer than a block gets a block of its own,
 * placed behind the current one so that its free space stays in use. */
struct np_arena_block {
    struct np_arena_block *next;
    size_t used, cap;
    char data[];
};

#define ARENA_BLOCK_BYTES 16384

char *np_arena_strndup(np_arena *a, const char *s, size_t n)
{
    struct np_arena_block *b = a->head;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > ARENA_BLOCK_BYTES ? n + 1 : ARENA_BLOCK_BYTES;
        struct np_arena_block *nb = np_xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->cap = cap;
        if (b && cap > ARENA_BLOCK_BYTES) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    d[n] = '\0';
    b->used += n + 1;
    return d;
}

char *np_arena_strdup(np_arena *a, const char *s)
{
    return s ? np_arena_strndup(a, s, strlen(s)) : NULL;
}

void np_arena_reset(np_arena *a)
{
    struct np_arena_block *keep = NULL;
    for (struct np_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (!keep && b->cap == ARENA_BLOCK_BYTES)
            keep = b;
        else
            free(b);
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
}

void np_arena_free(np_arena *a)
{
    for (struct np_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

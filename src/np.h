/*
 * np.h: what every nerpipe module shares: exit codes, the error struct that
 * loaders fill instead of printing, allocation helpers that never return NULL,
 * and a growable byte buffer.
 *
 * Ownership: a function that returns a pointer says whether the caller owns it;
 * everything else is borrowed. The library never prints except through the
 * warning callback of np_warn().
 */
#ifndef NP_H
#define NP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>

/* Documented exit codes of the nerpipe command (see nerpipe --help). */
enum np_exit {
    NP_EXIT_OK = 0,     /* success */
    NP_EXIT_DATA = 1,   /* bad input or data: unreadable file, broken YAML, a failed batch line */
    NP_EXIT_USAGE = 2,  /* bad command line */
    NP_EXIT_OUTPUT = 3  /* the output could not be written (disk full, I/O error) */
};

/* np_error (the error message a function fills in before it returns
 * failure), np_warn_fn and np_set_warn_handler are the public ones. */
#include "nerpipe.h"

void np_error_set(np_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Warnings (repaired input, ignored options) go through the hook of
 * np_set_warn_handler so the command line can prefix and count them. */
void np_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation: on failure these print "out of memory" and exit(1). */
void *np_xmalloc(size_t n);
void *np_xcalloc(size_t count, size_t size);
void *np_xrealloc(void *p, size_t n);
char *np_xstrdup(const char *s);
char *np_xstrndup(const char *s, size_t n);

/* Grows *items (of element size elsz) so that it holds at least need items. */
void np_grow(void **items, size_t *cap, size_t need, size_t elsz);
/* The capacity test is inline: most pushes fit. need is evaluated twice. */
#define NP_GROW(arr, cap, need)                                                                                       \
    ((need) > (cap) ? np_grow((void **)&(arr), &(cap), (need), sizeof *(arr)) : (void)0)

/* A growable byte string, always NUL-terminated once anything was added. */
typedef struct np_buf {
    char *data;
    size_t len, cap;
} np_buf;

/* Grows b to hold extra more bytes and a NUL. */
void np_buf_grow(np_buf *b, size_t extra);
static inline void np_buf_reserve(np_buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap)
        np_buf_grow(b, extra);
}
void np_buf_add(np_buf *b, const void *s, size_t n);
void np_buf_adds(np_buf *b, const char *s);
static inline void np_buf_addc(np_buf *b, char c)
{
    np_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}
void np_buf_printf(np_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void np_buf_free(np_buf *b);
/* Hands the data over to the caller (who frees it) and empties b. */
char *np_buf_steal(np_buf *b);

/* Strings that live as long as their owner (a document, a graph): bump
 * allocation in blocks, all freed at once by np_arena_free. */
typedef struct np_arena {
    struct np_arena_block *head;
} np_arena;

/* A copy of the n bytes at s, NUL-terminated, owned by a. */
char *np_arena_strndup(np_arena *a, const char *s, size_t n);
/* A copy of s owned by a; NULL for NULL. */
char *np_arena_strdup(np_arena *a, const char *s);
void np_arena_free(np_arena *a);
/* Empties a for reuse: the strings it gave are gone; one block stays. */
void np_arena_reset(np_arena *a);

/* Seconds on the monotonic clock, for timings. */
double np_now(void);

/* 64-bit hash of n bytes; stable across runs and machines. */
uint64_t np_hash(const void *s, size_t n);

/* A hash map from 64-bit keys to nonzero 32-bit values (open addressing,
 * at most half full), for the per-document indexes that keep the stages
 * linear in the size of a document. */
typedef struct np_u64map {
    uint64_t *keys;
    uint32_t *vals;     /* 0: an empty slot */
    size_t n, cap;      /* cap: a power of two, or 0 */
} np_u64map;

/* The value of key, or 0. */
uint32_t np_u64map_get(const np_u64map *m, uint64_t key);
/* Sets the value of key (val must not be 0). */
void np_u64map_put(np_u64map *m, uint64_t key, uint32_t val);
void np_u64map_free(np_u64map *m);
/* Empties m, keeping its table for reuse. */
void np_u64map_clear(np_u64map *m);
/* A 64-bit key of up to four 32-bit values (a hash: keys may collide). */
uint64_t np_key4(uint32_t a, uint32_t b, uint32_t c, uint32_t d);

/* A stable sort that accepts an empty (possibly NULL) array: insertion
 * for the short arrays nearly every call sorts (a sentence's mentions),
 * else qsort (glibc's is a stable merge sort), so the order is the same. */
void np_sort_short(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
static inline void np_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1 && n <= 16 && size <= 64)
        np_sort_short(base, n, size, cmp);
    else if (n > 1)
        qsort(base, n, size, cmp);
}

/* No index: a missing title, entity, node, sentence. */
#define NP_NONE UINT32_MAX

/* The index of s among the n strings of names (a table of keywords: format
 * names, stage names, data file keys), or -1. NP_STR_INDEX takes an
 * array. */
int np_str_index(const char *s, const char *const *names, size_t n);
#define NP_STR_INDEX(s, names) np_str_index((s), (names), sizeof(names) / sizeof *(names))

#endif

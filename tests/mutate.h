/*
 * mutate.h: the random edits that the JSON reader tests (check_jsonrec,
 * check_jsontape) make to seed lines before comparing the fast readers
 * with jansson: change a byte, insert a piece, cut a piece, and as each
 * test asks, cut the end, copy a piece elsewhere, or insert a member just
 * after a '{' (duplicate keys).
 */
#ifndef NP_TEST_MUTATE_H
#define NP_TEST_MUTATE_H

#include <string.h>

typedef struct test_mutator {
    unsigned (*rnd)(unsigned n);   /* 0..n-1, the test's own generator */
    const char *const *bits;       /* pieces to insert */
    size_t nbits;
    const char *const *members;    /* members to insert after a '{' (none: 0) */
    size_t nmembers;
    int cut_end, copy;             /* the other edits the test wants */
} test_mutator;

static inline void test_insert(char *buf, size_t *n, size_t cap, size_t at, const char *b, size_t bl)
{
    if (*n + bl < cap) {
        memmove(buf + at + bl, buf + at, *n - at);
        memcpy(buf + at, b, bl);
        *n += bl;
    }
}

/* seed with 1 to 3 random edits, into buf (cap bytes); its length. */
static inline size_t test_mutate(const test_mutator *m, const char *seed, char *buf, size_t cap)
{
    size_t n = strlen(seed);
    memcpy(buf, seed, n);
    unsigned kinds = 3 + (m->cut_end != 0) + (m->copy != 0) + (m->nmembers != 0);
    unsigned edits = 1 + m->rnd(3);
    for (unsigned e = 0; e < edits; e++) {
        size_t at = n ? m->rnd((unsigned)n + 1) : 0;
        unsigned kind = m->rnd(kinds);
        if (kind >= 3 && !m->cut_end)
            kind++;
        if (kind >= 4 && !m->copy)
            kind++;
        switch (kind) {
        case 0: /* change a byte */
            if (at < n)
                buf[at] = (char)m->rnd(256);
            break;
        case 1: { /* insert a piece */
            const char *b = m->bits[m->rnd((unsigned)m->nbits)];
            test_insert(buf, &n, cap, at, b, strlen(b));
            break;
        }
        case 2: /* cut a piece */
            if (at < n) {
                size_t k = 1 + m->rnd(4);
                if (at + k > n)
                    k = n - at;
                memmove(buf + at, buf + at + k, n - at - k);
                n -= k;
            }
            break;
        case 3: /* cut the end */
            n = at;
            break;
        case 4: /* a copy of a piece elsewhere (duplicate keys, nesting) */
            if (at < n) {
                size_t k = 1 + m->rnd(12), to = m->rnd((unsigned)n + 1);
                if (at + k > n)
                    k = n - at;
                char piece[16];
                memcpy(piece, buf + at, k);
                test_insert(buf, &n, cap, to, piece, k);
            }
            break;
        default: { /* a member after a '{' */
            const char *b = m->members[m->rnd((unsigned)m->nmembers)];
            const char *brace = memchr(buf + at, '{', n - at);
            if (brace)
                test_insert(buf, &n, cap, (size_t)(brace - buf) + 1, b, strlen(b));
        }
        }
    }
    return n;
}

#endif

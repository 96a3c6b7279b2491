/*
 * jsontape.h: a validating JSON reader for large values, and the canonical
 * text of a value. The reader records each value of the text as a token
 * on a tape (its kind, its bytes, where its members end), so that the
 * merge (merge.h) walks a graph of megabytes, looks members up and copies
 * parts of it without a tree of allocations.
 *
 * It takes what jansson takes with its default flags, and reads it as
 * jansson does; what it cannot be sure of it declines (a duplicate key,
 * which jansson settles by keeping the last value; an integer out of the
 * range of long long; a real number beyond the largest double; nesting
 * deeper than 2048; \u0000; broken text). The caller then hands the text
 * to jansson, whose verdict and messages stand, and whose tree, written as
 * canonical text, reads here again.
 *
 * The canonical text of a value is what jansson writes for it with
 * JSON_COMPACT | JSON_SORT_KEYS: object keys sorted by their bytes,
 * jansson's escapes (\", \\, \b, \f, \n, \r, \t, \u00XX for the other
 * control characters, the rest as it is), integers as %lld, reals as
 * %.17g with ".0" added to a whole number and the exponent without '+'
 * or leading zeros. The merge compares values and writes them by it, so
 * its output is the one jansson wrote for it before.
 */
#ifndef NP_JSONTAPE_H
#define NP_JSONTAPE_H

#include "np.h"

#include <stddef.h>
#include <stdint.h>

enum np_jt_kind { NP_JT_NULL, NP_JT_FALSE, NP_JT_TRUE, NP_JT_INT, NP_JT_REAL, NP_JT_STR, NP_JT_ARR, NP_JT_OBJ };

/* One value. An object's members follow it as key (a string) and value;
 * an array's elements follow it; next is the token after its last. */
typedef struct np_jtok {
    uint8_t kind;      /* enum np_jt_kind */
    uint8_t esc;       /* a string with escapes; an object whose keys are in order */
    uint32_t next;
    size_t start, end; /* its bytes in the text (a string's quotes included) */
} np_jtok;

#define NP_JT_REAL_CACHE 512

typedef struct np_jtape {
    const char *s;     /* the text read (borrowed) */
    size_t len;
    np_jtok *t;        /* t[0] is the value read */
    size_t n, cap;
    /* the reader's and the writer's scratch, kept from one value to the next */
    uint32_t *idx;
    size_t idx_cap;
    np_buf key1, key2;
    struct { char raw[32], canon[32]; } real_cache[NP_JT_REAL_CACHE];
} np_jtape;

#define NP_JT_MAX_DEPTH 2048 /* jansson's */

/* Reads the JSON object or array that begins (after white space) at s[0]
 * (a value of another kind is declined, as jansson refuses it). With rest
 * NULL, s[0..len) must be that value and white space; else *rest gets the
 * offset just past the value. max_depth: the deepest nesting taken (an
 * object or array counts 1). 1 when read, 0 when declined (the tape then
 * holds nothing of use). */
int np_jtape_read(np_jtape *tp, const char *s, size_t len, size_t *rest, int max_depth);
void np_jtape_free(np_jtape *tp);

#define NP_JT_EACH_MEMBER(tp, o, k) for (uint32_t k = (o) + 1; k < (tp)->t[o].next; k = (tp)->t[k + 1].next)
#define NP_JT_EACH_ELEM(tp, a, e) for (uint32_t e = (a) + 1; e < (tp)->t[a].next; e = (tp)->t[e].next)

/* The value of key (n bytes) in object o; NP_NONE when o is not an object
 * or has no such key. */
uint32_t np_jt_get(np_jtape *tp, uint32_t o, const char *key, size_t n);
/* The decoded bytes of string i (its text when it has no escape, else
 * decoded into scratch) and their number. */
const char *np_jt_str(const np_jtape *tp, uint32_t i, np_buf *scratch, size_t *n);
/* Whether string token i holds exactly the n bytes key. */
int np_jt_str_is(np_jtape *tp, uint32_t i, const char *key, size_t n);
/* The value of integer i. */
long long np_jt_int(const np_jtape *tp, uint32_t i);
/* The value of number i (integer or real), as jansson reads it. */
double np_jt_num(const np_jtape *tp, uint32_t i);

/* Appends the canonical text of value i to out. */
void np_jt_canon(np_jtape *tp, uint32_t i, np_buf *out);
/* The canonical text of object o without its member skip (when it has
 * one): *split gets the offset, from the start of what was appended, just
 * past the members whose keys sort before skip (1, just past '{', when
 * there are none), where a member skip would go. */
void np_jt_canon_without(np_jtape *tp, uint32_t o, const char *skip, np_buf *out, size_t *split);

/* Appends the n bytes s (valid UTF-8) as a JSON string with jansson's
 * escapes, quotes included. */
void np_jt_escape(np_buf *out, const char *s, size_t n);
/* jansson's text of the real v (finite). */
void np_jt_real_text(char *buf, size_t cap, double v);

/* Canonical texts (a and b, an and bn bytes) compared as values: equal as
 * jansson's json_equal finds them (so -0.0 equals 0.0)? */
int np_jt_canon_equal(const char *a, size_t an, const char *b, size_t bn);
/* The order of values that settles conflicts: two strings by their
 * decoded bytes, anything else by its canonical text. */
int np_jt_canon_cmp(const char *a, size_t an, const char *b, size_t bn);

/* Appends the canonical text t (n bytes) indented as jansson's
 * JSON_INDENT(2) writes a value at depth (its members at depth + 1). */
void np_jt_reindent(np_buf *out, const char *t, size_t n, int depth);

#endif

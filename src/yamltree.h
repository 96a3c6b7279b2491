/*
 * yamltree.h: a small read-only tree over libyaml events, with the
 * line:column of every node, for the loaders of gazetteers and rules.
 *
 * It refuses what nerpipe's data never needs and an attacker could abuse:
 * anchors and aliases (no alias bombs), nesting deeper than 64 levels and
 * files larger than NP_YAML_MAX_FILE; and what would be silently misread:
 * a key twice in one mapping, a NUL character in a string ("\0"), and
 * tags other than !!str, !!int, !!float, !!bool, !!null, !!seq and !!map
 * (which are honoured: see np_ynode.plain). A file can be read whole
 * (np_ytree_load) or, for large gazetteers, item by item from a top-level
 * list (np_ystream_*), so memory stays proportional to one entry.
 */
#ifndef NP_YAMLTREE_H
#define NP_YAMLTREE_H

#include "np.h"

#include <stdio.h>

#define NP_YAML_MAX_FILE ((size_t)512 << 20) /* 512 MiB */
#define NP_YAML_MAX_DEPTH 64

typedef enum { NP_Y_SCALAR, NP_Y_SEQ, NP_Y_MAP } np_ytype;

typedef struct np_ynode np_ynode;
struct np_ynode {
    np_ytype type;
    int line, col;     /* 1-based position in the file */
    int plain;         /* scalar that reads as a plain one: unquoted and
                        * untagged, or tagged !!int, !!float, !!bool
                        * (then "true" or "false") or !!null ("null") */
    char *str;         /* scalars: the value (NUL-terminated) */
    size_t len;        /* scalars: its length in bytes */
    np_ynode **items;  /* sequences: items; mappings: key, value, key, value, ... */
    size_t n;          /* number of entries in items */
};

void np_ynode_free(np_ynode *node);

/* The value for key in a mapping, or NULL. */
np_ynode *np_ymap_get(const np_ynode *map, const char *key);

/* Reads a whole file into a tree; NULL with "file:line:col: what" in err. */
np_ynode *np_ytree_load(const char *path, np_error *err);
/* The same from a string (tests, fuzzing); name is used in messages. */
np_ynode *np_ytree_load_string(const char *name, const char *text, size_t len, np_error *err);

/* Streaming: a file whose top level is a mapping, read through an opaque
 * np_ystream that np_ystream_open (or _open_string) allocates and
 * np_ystream_close frees; both open functions return NULL with the reason
 * in err. np_ystream_next_key returns each top-level key in turn (NULL at
 * the end or on error: check np_ystream_failed); the caller then reads its
 * value either whole (np_ystream_value) or, for a list, item by item
 * (np_ystream_list_begin + np_ystream_list_next until it returns NULL).
 * Errors go to the err given at open, as "name:line:col: what". */
typedef struct np_ystream np_ystream;

np_ystream *np_ystream_open(const char *path, np_error *err);
np_ystream *np_ystream_open_string(const char *name, const char *text, size_t len, np_error *err);
const char *np_ystream_next_key(np_ystream *st);
np_ynode *np_ystream_value(np_ystream *st);
int np_ystream_list_begin(np_ystream *st);
np_ynode *np_ystream_list_next(np_ystream *st);
/* Nonzero once an error has been reported (to the err given at open). */
int np_ystream_failed(const np_ystream *st);
/* The 1-based position of the key np_ystream_next_key last returned. */
int np_ystream_key_line(const np_ystream *st);
int np_ystream_key_col(const np_ystream *st);
void np_ystream_close(np_ystream *st);

/* Formats "name:line:col: " + message into err. */
void np_yerror(np_error *err, const char *name, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));


/* ---- reporting problems ----
 * A loader reports each problem in its data to an np_yreport. By default
 * (each NULL) the first one goes into err and the loader stops at the end
 * of what it was reading; with each set, every problem goes to each
 * (nerpipe check), and the loader goes on where it can: with the next
 * key, item, entry, rule or file. */
typedef struct np_yreport {
    np_error *err;                            /* the first problem, when each is NULL */
    void (*each)(const char *msg, void *ctx); /* every problem: "file:line:col: what" */
    void *ctx;
    size_t n;                                 /* problems reported so far */
} np_yreport;

/* Reports "name:line:col: " + message (as np_yerror formats it); returns -1. */
int np_yreport_at(np_yreport *r, const char *name, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Reports a message made elsewhere (the YAML reader's np_error); returns -1. */
int np_yreport_error(np_yreport *r, const np_error *e);

/* Should the loader stop now (a problem, and not every one is wanted)? */
static inline int np_yreport_stop(const np_yreport *r)
{
    return r->n && !r->each;
}

/* ---- the key-table walker ----
 * One table of the keys a mapping may have, for every loader: the type of
 * each value, whether it is required, and what to do with it. Messages
 * name a key through "%s" (replaced by the key; "" for a key that is not
 * a string). */
#define NP_Y_ANY (-1) /* np_yfield.type: any node */

enum {
    NP_YF_REQUIRED = 1, /* missing or of the wrong type: bad, at the mapping */
    NP_YF_NONEMPTY = 2, /* with NP_YF_REQUIRED: an empty string is missing too */
    NP_YF_DEFAULT = 4   /* when missing, the value is the defaults' (np_ywalk) */
};

typedef struct np_yfield np_yfield;
struct np_yfield {
    const char *key;
    int type;          /* the np_ytype of the value, or NP_Y_ANY */
    int flags;         /* NP_YF_* */
    const char *bad;   /* the problem when the value has another type, at the value
                        * (needed unless type is NP_Y_ANY and the field optional) */
    /* Called with the value, in the file's order; returns 0, or -1 when it
     * reported a problem. NULL: the value is only handed back in vals. */
    int (*fn)(void *ctx, const np_yfield *f, const np_ynode *value);
    int code;          /* for fn: which list, which word class... */
};

typedef struct np_ykeys {
    const np_yfield *fields;
    size_t n;
    const char *not_map; /* the problem when the node is not a mapping, at it */
    const char *unknown; /* a key that is not in fields, at the key; NULL: other keys are allowed */
    const char *bad_key; /* a key that is not a string, at it; NULL: as unknown */
} np_ykeys;

/* Walks map against keys, in this order: it must be a mapping; the
 * required fields (in the table's order); each key in the file's order
 * (unknown keys; the type of a field with fn, then fn); the type of the
 * other fields, in the table's order. vals (keys->n slots, or NULL) gets
 * each field's value, or NULL when it is missing or of the wrong type; a
 * field with NP_YF_DEFAULT missing from map takes the one in defaults (a
 * mapping, or NULL). ctx is passed to each fn. Returns 0, or -1 when a
 * problem was reported (all of them, when r wants every one). */
int np_ywalk(np_yreport *r, const char *name, const np_ynode *map, const np_ykeys *keys,
             const np_ynode *defaults, const np_ynode **vals, void *ctx);

#endif

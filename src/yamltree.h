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

#endif

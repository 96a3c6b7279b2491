/*
 * yamltree.c: builds np_ynode trees from libyaml's event stream (see
 * yamltree.h). One recursive builder serves both the whole-file and the
 * item-by-item readers.
 */
#include "yamltree.h"

#include <yaml.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct np_ykey {
    char *str;
    size_t len;
    int line, col;
} np_ykey;

/* A reader: np_ytree_load keeps one on its stack, np_ystream_open
 * allocates one for the caller. */
struct np_ystream {
    yaml_parser_t parser;
    np_ykey *seen; /* the top-level keys so far (owned): a key twice is an error */
    size_t nseen, seen_cap;
    FILE *file;
    const char *name;
    int failed;
    int started;
    np_error *err;
    char key[256];
    int key_line, key_col;
};

void np_yerror(np_error *err, const char *name, int line, int col, const char *fmt, ...)
{
    if (!err)
        return;
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    np_error_set(err, "%s:%d:%d: %s", name, line, col, what);
}

void np_ynode_free(np_ynode *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->n; i++)
        np_ynode_free(node->items[i]);
    free(node->items);
    free(node->str);
    free(node);
}

np_ynode *np_ymap_get(const np_ynode *map, const char *key)
{
    if (!map || map->type != NP_Y_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2)
        if (map->items[i]->type == NP_Y_SCALAR && strcmp(map->items[i]->str, key) == 0)
            return map->items[i + 1];
    return NULL;
}

static void parser_error(np_ystream *st)
{
    yaml_parser_t *p = &st->parser;
    const char *problem = p->problem ? p->problem : "cannot parse";
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    if (p->error == YAML_READER_ERROR) {
        line = 1;
        col = 1;
        np_yerror(st->err, st->name, line, col, "YAML reader error: %s at byte %zu", problem,
                  p->problem_offset);
    } else if (p->context)
        np_yerror(st->err, st->name, line, col, "YAML syntax error: %s %s (line %d)", problem,
                  p->context, (int)p->context_mark.line + 1);
    else
        np_yerror(st->err, st->name, line, col, "YAML syntax error: %s", problem);
    st->failed = 1;
}

/* ---- tags ----
 * A tag is honoured or refused, never ignored: !!str and the non-specific
 * "!" make a scalar a string; !!int, !!float, !!bool and !!null check that
 * the scalar is one (YAML 1.2 core schema) and make it read like a plain
 * one; !!seq and !!map must be on a sequence and a mapping. Any other tag
 * (!foo, !!binary, !!timestamp, !!python/...) is an error. */

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

typedef enum { TAG_NONE, TAG_STR, TAG_INT, TAG_FLOAT, TAG_BOOL, TAG_NULL, TAG_SEQ, TAG_MAP, TAG_OTHER } tag_kind;

static tag_kind kind_of_tag(const unsigned char *tag)
{
    static const struct {
        const char *name;
        tag_kind kind;
    } known[] = {{"str", TAG_STR},   {"int", TAG_INT}, {"float", TAG_FLOAT}, {"bool", TAG_BOOL},
                 {"null", TAG_NULL}, {"seq", TAG_SEQ}, {"map", TAG_MAP}};
    const char *t = (const char *)tag;
    if (!t)
        return TAG_NONE;
    if (!strcmp(t, "!"))
        return TAG_STR;
    size_t pl = sizeof YAML_TAG_PREFIX - 1;
    if (strncmp(t, YAML_TAG_PREFIX, pl) != 0)
        return TAG_OTHER;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(t + pl, known[i].name))
            return known[i].kind;
    return TAG_OTHER;
}

static int all_of(const char *s, const char *set)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!strchr(set, *s))
            return 0;
    return 1;
}

static int is_int(const char *s)
{
    if (s[0] == '0' && s[1] == 'o')
        return all_of(s + 2, "01234567");
    if (s[0] == '0' && s[1] == 'x')
        return all_of(s + 2, "0123456789abcdefABCDEF");
    return all_of(s + (*s == '-' || *s == '+'), "0123456789");
}

static int is_float(const char *s)
{
    if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
        return 1;
    s += *s == '-' || *s == '+';
    if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF"))
        return 1;
    size_t digits = 0;
    while (*s >= '0' && *s <= '9')
        s++, digits++;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9')
            s++, digits++;
    }
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        s += *s == '-' || *s == '+';
        return all_of(s, "0123456789");
    }
    return !*s;
}

static int is_bool(const char *s)
{
    return !strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") || !strcmp(s, "false") ||
           !strcmp(s, "False") || !strcmp(s, "FALSE");
}

static int is_null(const char *s)
{
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* The tag as written, as far as it can be told: !!name for the standard
 * ones (into buf). */
static const char *tag_shown(const unsigned char *tag, char *buf, size_t size)
{
    const char *t = (const char *)tag;
    size_t pl = sizeof YAML_TAG_PREFIX - 1;
    if (!strncmp(t, YAML_TAG_PREFIX, pl)) {
        snprintf(buf, size, "!!%s", t + pl);
        return buf;
    }
    return t;
}

static int event_error(np_ystream *st, yaml_event_t *ev, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int event_error(np_ystream *st, yaml_event_t *ev, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    np_yerror(st->err, st->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, "%s", what);
    yaml_event_delete(ev);
    st->failed = 1;
    return 0;
}

/* Refuses the tags nerpipe does not honour, a tag on the wrong kind of
 * node or a scalar that is not what its tag says, and NUL characters
 * (written "\0" in a double-quoted string). Returns 1, or 0 (reported,
 * ev deleted). */
static int check_event(np_ystream *st, yaml_event_t *ev)
{
    const unsigned char *tag = ev->type == YAML_SCALAR_EVENT           ? ev->data.scalar.tag
                               : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.tag
                               : ev->type == YAML_MAPPING_START_EVENT  ? ev->data.mapping_start.tag
                                                                       : NULL;
    tag_kind k = kind_of_tag(tag);
    char shown[256];
    if (k == TAG_OTHER)
        return event_error(st, ev, "unsupported YAML tag '%s' (nerpipe data takes !!str, !!int, !!float, "
                                   "!!bool, !!null, !!seq and !!map)",
                           tag_shown(tag, shown, sizeof shown));
    if (ev->type == YAML_SCALAR_EVENT) {
        const char *v = (const char *)ev->data.scalar.value;
        if (memchr(v, '\0', ev->data.scalar.length))
            return event_error(st, ev, "a NUL character in a string");
        int ok = k == TAG_INT ? is_int(v) : k == TAG_FLOAT ? is_float(v) : k == TAG_BOOL ? is_bool(v)
                 : k == TAG_NULL ? is_null(v) : k != TAG_SEQ && k != TAG_MAP;
        if (!ok)
            return event_error(st, ev, "'%.100s' is not %s", v,
                               k == TAG_INT     ? "an integer (!!int)"
                               : k == TAG_FLOAT ? "a number (!!float)"
                               : k == TAG_BOOL  ? "true or false (!!bool)"
                               : k == TAG_NULL  ? "null (!!null)"
                                                : k == TAG_SEQ ? "a sequence (!!seq)" : "a mapping (!!map)");
    } else if (tag && (k != (ev->type == YAML_SEQUENCE_START_EVENT ? TAG_SEQ : TAG_MAP)))
        return event_error(st, ev, "a %s cannot be tagged '%s'",
                           ev->type == YAML_SEQUENCE_START_EVENT ? "sequence" : "mapping",
                           tag_shown(tag, shown, sizeof shown));
    return 1;
}

static int next_event(np_ystream *st, yaml_event_t *ev)
{
    if (st->failed)
        return 0;
    if (!yaml_parser_parse(&st->parser, ev)) {
        parser_error(st);
        return 0;
    }
    if (ev->type == YAML_ALIAS_EVENT || (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.anchor) ||
        (ev->type == YAML_SEQUENCE_START_EVENT && ev->data.sequence_start.anchor) ||
        (ev->type == YAML_MAPPING_START_EVENT && ev->data.mapping_start.anchor)) {
        np_yerror(st->err, st->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                  "YAML anchors and aliases are not supported in nerpipe data");
        yaml_event_delete(ev);
        st->failed = 1;
        return 0;
    }
    return check_event(st, ev);
}

static np_ynode *new_node(np_ytype type, const yaml_event_t *ev)
{
    np_ynode *n = np_xcalloc(1, sizeof *n);
    n->type = type;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    return n;
}

static void add_item(np_ynode *parent, np_ynode *child, size_t *cap)
{
    NP_GROW(parent->items, *cap, parent->n + 1);
    parent->items[parent->n++] = child;
}

/* A scalar's value and whether it reads as a plain one (see yamltree.h):
 * a tag checked by check_event decides, and !!bool and !!null values are
 * written the one way a plain scalar means them. */
static void scalar_value(np_ynode *node, const yaml_event_t *ev)
{
    tag_kind k = kind_of_tag(ev->data.scalar.tag);
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (k == TAG_BOOL)
        v = v[0] == 't' || v[0] == 'T' ? "true" : "false", len = strlen(v);
    else if (k == TAG_NULL)
        v = "null", len = 4;
    node->len = len;
    node->str = np_xstrndup(v, len);
    node->plain = k == TAG_NONE ? ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE : k != TAG_STR;
}

/* Refuses a mapping that has a key twice, at the second one. Keys are
 * compared as strings (only scalar keys), pairwise for small mappings and
 * sorted for large ones. Returns 0 or -1 (reported). */
static int cmp_key(const void *a, const void *b)
{
    const np_ynode *x = *(np_ynode *const *)a, *y = *(np_ynode *const *)b;
    int c = x->len != y->len ? (x->len < y->len ? -1 : 1) : memcmp(x->str, y->str, x->len);
    if (c)
        return c;
    return x->line != y->line ? (x->line < y->line ? -1 : 1) : (x->col > y->col) - (x->col < y->col);
}

static int same_key(const np_ynode *x, const np_ynode *y)
{
    return x->len == y->len && !memcmp(x->str, y->str, x->len);
}

static int check_keys(np_ystream *st, const np_ynode *map)
{
    const np_ynode *dup = NULL, *first = NULL;
    size_t npairs = map->n / 2;
    if (npairs <= 16) {
        for (size_t j = 2; j < map->n && !dup; j += 2)
            for (size_t i = 0; i < j && !dup; i += 2)
                if (map->items[i]->type == NP_Y_SCALAR && map->items[j]->type == NP_Y_SCALAR &&
                    same_key(map->items[i], map->items[j]))
                    dup = map->items[j], first = map->items[i];
    } else {
        const np_ynode **keys = np_xmalloc(npairs * sizeof *keys);
        size_t nk = 0;
        for (size_t i = 0; i < map->n; i += 2)
            if (map->items[i]->type == NP_Y_SCALAR)
                keys[nk++] = map->items[i];
        np_sort(keys, nk, sizeof *keys, cmp_key);
        /* the earliest key that repeats one before it */
        for (size_t i = 1; i < nk; i++)
            if (same_key(keys[i - 1], keys[i]) && (i < 2 || !same_key(keys[i - 2], keys[i])) &&
                (!dup || keys[i]->line < dup->line || (keys[i]->line == dup->line && keys[i]->col < dup->col)))
                dup = keys[i], first = keys[i - 1];
        free(keys);
    }
    if (!dup)
        return 0;
    np_yerror(st->err, st->name, dup->line, dup->col, "duplicate key '%.100s' (first at %d:%d)", dup->str, first->line,
              first->col);
    st->failed = 1;
    return -1;
}

/* Builds the node that starts with event ev (consumed); NULL on error. */
static np_ynode *build(np_ystream *st, yaml_event_t *ev, int depth)
{
    if (depth > NP_YAML_MAX_DEPTH) {
        np_yerror(st->err, st->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                  "nesting deeper than %d levels", NP_YAML_MAX_DEPTH);
        yaml_event_delete(ev);
        st->failed = 1;
        return NULL;
    }
    np_ynode *node;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        node = new_node(NP_Y_SCALAR, ev);
        scalar_value(node, ev);
        yaml_event_delete(ev);
        return node;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int is_map = ev->type == YAML_MAPPING_START_EVENT;
        yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
        node = new_node(is_map ? NP_Y_MAP : NP_Y_SEQ, ev);
        yaml_event_delete(ev);
        size_t cap = 0;
        for (;;) {
            yaml_event_t e;
            if (!next_event(st, &e)) {
                np_ynode_free(node);
                return NULL;
            }
            if (e.type == end) {
                yaml_event_delete(&e);
                if (is_map && check_keys(st, node) < 0) {
                    np_ynode_free(node);
                    return NULL;
                }
                return node;
            }
            np_ynode *child = build(st, &e, depth + 1);
            if (!child) {
                np_ynode_free(node);
                return NULL;
            }
            add_item(node, child, &cap);
        }
    }
    default:
        np_yerror(st->err, st->name, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                  "unexpected YAML event");
        yaml_event_delete(ev);
        st->failed = 1;
        return NULL;
    }
}

static int stream_init(np_ystream *st, const char *name, np_error *err)
{
    memset(&st->parser, 0, sizeof st->parser);
    st->name = name;
    st->err = err;
    st->failed = 0;
    st->started = 0;
    st->file = NULL;
    st->seen = NULL;
    st->nseen = st->seen_cap = 0;
    if (!yaml_parser_initialize(&st->parser)) {
        np_error_set(err, "%s: cannot initialize the YAML parser", name);
        return -1;
    }
    return 0;
}

/* Opens path into st (on the caller's storage); -1 with err set. */
static int stream_open_file(np_ystream *st, const char *path, np_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        np_error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fclose(f);
            np_error_set(err, "%s: is a directory", path);
            return -1;
        }
        if ((size_t)sb.st_size > NP_YAML_MAX_FILE) {
            fclose(f);
            np_error_set(err, "%s: file too large (%lld bytes; the limit for a data file is %zu)",
                         path, (long long)sb.st_size, NP_YAML_MAX_FILE);
            return -1;
        }
    }
    if (stream_init(st, path, err) < 0) {
        fclose(f);
        return -1;
    }
    st->file = f;
    yaml_parser_set_input_file(&st->parser, f);
    return 0;
}

static int stream_open_string(np_ystream *st, const char *name, const char *text, size_t len, np_error *err)
{
    if (stream_init(st, name, err) < 0)
        return -1;
    yaml_parser_set_input_string(&st->parser, (const unsigned char *)text, len);
    return 0;
}

/* Frees what an open st holds, but not st. */
static void stream_release(np_ystream *st)
{
    yaml_parser_delete(&st->parser);
    if (st->file)
        fclose(st->file);
    st->file = NULL;
    for (size_t i = 0; i < st->nseen; i++)
        free(st->seen[i].str);
    free(st->seen);
    st->seen = NULL;
    st->nseen = st->seen_cap = 0;
}

np_ystream *np_ystream_open(const char *path, np_error *err)
{
    np_ystream *st = np_xcalloc(1, sizeof *st);
    if (stream_open_file(st, path, err) < 0) {
        free(st);
        return NULL;
    }
    return st;
}

np_ystream *np_ystream_open_string(const char *name, const char *text, size_t len, np_error *err)
{
    np_ystream *st = np_xcalloc(1, sizeof *st);
    if (stream_open_string(st, name, text, len, err) < 0) {
        free(st);
        return NULL;
    }
    return st;
}

void np_ystream_close(np_ystream *st)
{
    if (!st)
        return;
    stream_release(st);
    free(st);
}

int np_ystream_failed(const np_ystream *st)
{
    return st->failed;
}

int np_ystream_key_line(const np_ystream *st)
{
    return st->key_line;
}

int np_ystream_key_col(const np_ystream *st)
{
    return st->key_col;
}

/* Skips STREAM_START and DOCUMENT_START; expects the top-level mapping. */
static int stream_start(np_ystream *st)
{
    yaml_event_t ev;
    for (;;) {
        if (!next_event(st, &ev))
            return -1;
        yaml_event_type_t t = ev.type;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_START_EVENT || t == YAML_DOCUMENT_START_EVENT)
            continue;
        if (t == YAML_MAPPING_START_EVENT)
            return 0;
        if (t == YAML_STREAM_END_EVENT)
            np_yerror(st->err, st->name, line, col, "the file is empty (expected a mapping)");
        else
            np_yerror(st->err, st->name, line, col, "the top level must be a mapping");
        st->failed = 1;
        return -1;
    }
}

const char *np_ystream_next_key(np_ystream *st)
{
    if (st->failed)
        return NULL;
    if (!st->started) {
        st->started = 1;
        if (stream_start(st) < 0)
            return NULL;
    }
    yaml_event_t ev;
    if (!next_event(st, &ev))
        return NULL;
    if (ev.type == YAML_MAPPING_END_EVENT) {
        yaml_event_delete(&ev);
        /* Only one document per file. */
        if (!next_event(st, &ev))
            return NULL;
        int extra = ev.type != YAML_DOCUMENT_END_EVENT;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        yaml_event_delete(&ev);
        if (!extra) {
            if (!next_event(st, &ev))
                return NULL;
            extra = ev.type != YAML_STREAM_END_EVENT;
            line = (int)ev.start_mark.line + 1;
            col = (int)ev.start_mark.column + 1;
            yaml_event_delete(&ev);
        }
        if (extra) {
            np_yerror(st->err, st->name, line, col, "only one YAML document per file");
            st->failed = 1;
        }
        return NULL;
    }
    st->key_line = (int)ev.start_mark.line + 1;
    st->key_col = (int)ev.start_mark.column + 1;
    if (ev.type != YAML_SCALAR_EVENT) {
        np_yerror(st->err, st->name, st->key_line, st->key_col, "a top-level key must be a plain string");
        yaml_event_delete(&ev);
        st->failed = 1;
        return NULL;
    }
    const char *kv = (const char *)ev.data.scalar.value;
    size_t kl = ev.data.scalar.length;
    for (size_t i = 0; i < st->nseen; i++)
        if (st->seen[i].len == kl && !memcmp(st->seen[i].str, kv, kl)) {
            np_yerror(st->err, st->name, st->key_line, st->key_col, "duplicate key '%.100s' (first at %d:%d)", kv,
                      st->seen[i].line, st->seen[i].col);
            yaml_event_delete(&ev);
            st->failed = 1;
            return NULL;
        }
    NP_GROW(st->seen, st->seen_cap, st->nseen + 1);
    st->seen[st->nseen++] = (np_ykey){np_xstrndup(kv, kl), kl, st->key_line, st->key_col};
    size_t n = ev.data.scalar.length < sizeof st->key - 1 ? ev.data.scalar.length : sizeof st->key - 1;
    memcpy(st->key, ev.data.scalar.value, n);
    st->key[n] = '\0';
    yaml_event_delete(&ev);
    return st->key;
}

np_ynode *np_ystream_value(np_ystream *st)
{
    yaml_event_t ev;
    if (!next_event(st, &ev))
        return NULL;
    return build(st, &ev, 1);
}

int np_ystream_list_begin(np_ystream *st)
{
    yaml_event_t ev;
    if (!next_event(st, &ev))
        return -1;
    if (ev.type != YAML_SEQUENCE_START_EVENT) {
        np_yerror(st->err, st->name, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                  "'%s' must be a list", st->key);
        yaml_event_delete(&ev);
        st->failed = 1;
        return -1;
    }
    yaml_event_delete(&ev);
    return 0;
}

np_ynode *np_ystream_list_next(np_ystream *st)
{
    yaml_event_t ev;
    if (!next_event(st, &ev))
        return NULL;
    if (ev.type == YAML_SEQUENCE_END_EVENT) {
        yaml_event_delete(&ev);
        return NULL;
    }
    return build(st, &ev, 2);
}

/* Reads the whole document as one tree. */
static np_ynode *load_all(np_ystream *st)
{
    yaml_event_t ev;
    np_ynode *root = NULL;
    for (;;) {
        if (!next_event(st, &ev))
            goto fail;
        if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        if (ev.type == YAML_STREAM_END_EVENT) {
            np_yerror(st->err, st->name, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                      "the file is empty");
            yaml_event_delete(&ev);
            goto fail;
        }
        root = build(st, &ev, 1);
        if (!root)
            goto fail;
        break;
    }
    /* The rest must be the end of the one document. */
    for (;;) {
        if (!next_event(st, &ev))
            goto fail;
        yaml_event_type_t t = ev.type;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT)
            break;
        if (t != YAML_DOCUMENT_END_EVENT) {
            np_yerror(st->err, st->name, line, col, "only one YAML document per file");
            goto fail;
        }
    }
    stream_release(st);
    return root;
fail:
    st->failed = 1;
    np_ynode_free(root);
    stream_release(st);
    return NULL;
}

np_ynode *np_ytree_load(const char *path, np_error *err)
{
    np_ystream st;
    if (stream_open_file(&st, path, err) < 0)
        return NULL;
    return load_all(&st);
}

np_ynode *np_ytree_load_string(const char *name, const char *text, size_t len, np_error *err)
{
    np_ystream st;
    if (stream_open_string(&st, name, text, len, err) < 0)
        return NULL;
    return load_all(&st);
}

/* ---- reporting problems ---- */

static void report(np_yreport *r, const char *msg)
{
    r->n++;
    if (r->each)
        r->each(msg, r->ctx);
    else if (r->n == 1)
        np_error_set(r->err, "%s", msg);
}

int np_yreport_at(np_yreport *r, const char *name, int line, int col, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    np_error e;
    np_yerror(&e, name, line, col, "%s", what);
    report(r, e.msg);
    return -1;
}

int np_yreport_error(np_yreport *r, const np_error *e)
{
    report(r, e->msg);
    return -1;
}

/* ---- the key-table walker ---- */

/* Reports msg, its first "%s" replaced by key, at node. */
static int walk_error(np_yreport *r, const char *name, const np_ynode *at, const char *msg, const char *key)
{
    const char *s = strstr(msg, "%s");
    if (!s)
        return np_yreport_at(r, name, at->line, at->col, "%s", msg);
    return np_yreport_at(r, name, at->line, at->col, "%.*s%s%s", (int)(s - msg), msg, key, s + 2);
}

static int type_ok(const np_yfield *f, const np_ynode *v)
{
    return f->type == NP_Y_ANY || (int)v->type == f->type;
}

/* Is the value v of a required field f missing (or not what f wants)? */
static int missing(const np_yfield *f, const np_ynode *v)
{
    return !v || !type_ok(f, v) || ((f->flags & NP_YF_NONEMPTY) && v->type == NP_Y_SCALAR && !v->len);
}

/* The field of keys named by the key node k, or -1. */
static long find_field(const np_ykeys *keys, const np_ynode *k)
{
    if (k->type != NP_Y_SCALAR)
        return -1;
    for (size_t i = 0; i < keys->n; i++)
        if (!strcmp(keys->fields[i].key, k->str))
            return (long)i;
    return -1;
}

/* Has a problem been reported since n0, and only the first one is wanted? */
static int stopped(const np_yreport *r, size_t n0)
{
    return !r->each && r->n > n0;
}

int np_ywalk(np_yreport *r, const char *name, const np_ynode *map, const np_ykeys *keys,
             const np_ynode *defaults, const np_ynode **vals, void *ctx)
{
    size_t n0 = r->n;
    if (vals)
        for (size_t i = 0; i < keys->n; i++)
            vals[i] = NULL;
    if (map->type != NP_Y_MAP)
        return walk_error(r, name, map, keys->not_map, "");
    const char *said = NULL; /* several required fields may share one message: say it once */
    for (size_t i = 0; i < keys->n && !stopped(r, n0); i++) {
        const np_yfield *f = &keys->fields[i];
        if ((f->flags & NP_YF_REQUIRED) && missing(f, np_ymap_get(map, f->key)) && f->bad != said) {
            walk_error(r, name, map, f->bad, f->key);
            said = f->bad;
        }
    }
    for (size_t i = 0; i + 1 < map->n && !stopped(r, n0); i += 2) {
        const np_ynode *k = map->items[i], *v = map->items[i + 1];
        long fi = find_field(keys, k);
        if (k->type != NP_Y_SCALAR && (keys->bad_key || keys->unknown)) {
            walk_error(r, name, k, keys->bad_key ? keys->bad_key : keys->unknown, "");
            continue;
        }
        if (fi < 0) {
            if (keys->unknown)
                walk_error(r, name, k, keys->unknown, k->str);
            continue;
        }
        const np_yfield *f = &keys->fields[fi];
        if ((f->flags & NP_YF_REQUIRED) && missing(f, v))
            continue; /* reported above */
        if (f->fn && !type_ok(f, v)) {
            walk_error(r, name, v, f->bad, f->key);
            continue;
        }
        if (vals)
            vals[fi] = v;
        if (f->fn)
            f->fn(ctx, f, v);
    }
    /* the values without a handler (and defaults), in the table's order */
    for (size_t i = 0; i < keys->n && !stopped(r, n0); i++) {
        const np_yfield *f = &keys->fields[i];
        if (f->fn || (f->flags & NP_YF_REQUIRED))
            continue;
        const np_ynode *v = vals ? vals[i] : np_ymap_get(map, f->key);
        if (!v && (f->flags & NP_YF_DEFAULT))
            v = np_ymap_get(defaults, f->key);
        if (v && !type_ok(f, v)) {
            walk_error(r, name, v, f->bad, f->key);
            v = NULL;
        }
        if (vals)
            vals[i] = v;
    }
    return r->n > n0 ? -1 : 0;
}

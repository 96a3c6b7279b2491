/*
 * yamltree.c: builds np_ynode trees from libyaml's event stream (see
 * yamltree.h). One recursive builder serves both the whole-file and the
 * item-by-item readers.
 */
#include "yamltree.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    return 1;
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
        node->len = ev->data.scalar.length;
        node->str = np_xstrndup((const char *)ev->data.scalar.value, node->len);
        node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
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
    if (!yaml_parser_initialize(&st->parser)) {
        np_error_set(err, "%s: cannot initialize the YAML parser", name);
        return -1;
    }
    return 0;
}

int np_ystream_open(np_ystream *st, const char *path, np_error *err)
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

int np_ystream_open_string(np_ystream *st, const char *name, const char *text, size_t len,
                           np_error *err)
{
    if (stream_init(st, name, err) < 0)
        return -1;
    yaml_parser_set_input_string(&st->parser, (const unsigned char *)text, len);
    return 0;
}

void np_ystream_close(np_ystream *st)
{
    yaml_parser_delete(&st->parser);
    if (st->file)
        fclose(st->file);
    st->file = NULL;
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
    np_ystream_close(st);
    return root;
fail:
    st->failed = 1;
    np_ynode_free(root);
    np_ystream_close(st);
    return NULL;
}

np_ynode *np_ytree_load(const char *path, np_error *err)
{
    np_ystream st;
    if (np_ystream_open(&st, path, err) < 0)
        return NULL;
    return load_all(&st);
}

np_ynode *np_ytree_load_string(const char *name, const char *text, size_t len, np_error *err)
{
    np_ystream st;
    if (np_ystream_open_string(&st, name, text, len, err) < 0)
        return NULL;
    return load_all(&st);
}

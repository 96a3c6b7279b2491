/*
 * jsonrec.h: the fast reader of a JSON-lines record, {"id": ..., "text":
 * "...", "date": "..."}, for `--jsonl` (batch.h). It scans the line once
 * and decodes the text straight into a buffer the caller takes, without
 * building a JSON tree, which costs several times the rest of the read.
 *
 * It takes only the plain, common record: one object whose values are
 * strings, integers, true, false or null, its keys without escapes and
 * each once, an id that is absent, null, an escape-free string or an
 * integer of up to 18 digits, and a date that is absent, null or an
 * escape-free string. Anything else (a nested value, a real number, \u0000,
 * a lone surrogate, invalid UTF-8, broken syntax) is declined, and the
 * caller reads the line with a full JSON parser, whose verdict and
 * messages then stand. So the fast reader never accepts a line that the
 * full parser would refuse, and never reads one differently.
 */
#ifndef NP_JSONREC_H
#define NP_JSONREC_H

#include "np.h"

#include <stddef.h>

enum np_jsonrec_kind {
    NP_JSONREC_ABSENT, /* no such key */
    NP_JSONREC_NULL,
    NP_JSONREC_STRING,
    NP_JSONREC_INTEGER,
    NP_JSONREC_OTHER   /* true or false: present, not usable */
};

typedef struct np_jsonrec {
    int id_kind;         /* np_jsonrec_kind */
    const char *id;      /* the id's JSON text in the line (quotes included) */
    size_t id_len;
    int text_kind;
    char *text;          /* STRING: decoded, malloc'ed, NUL-terminated; the caller frees it */
    size_t text_len;
    int date_kind;
    const char *date;    /* STRING: its characters in the line, without quotes */
    size_t date_len;
} np_jsonrec;

/* Reads line[0..len) into *r: 1 when it is a plain record (above), 0 when
 * the full parser must decide (then *r holds nothing to free). */
int np_jsonrec_scan(const char *line, size_t len, np_jsonrec *r);

/* The string scanner of np_jsonrec_scan, for other readers (jsontape.h):
 * the JSON string whose opening quote is at s[*at] of the n bytes s, with
 * its UTF-8 and escapes checked as above; *at moves past its closing
 * quote. Its decoded bytes are appended to out when out is not NULL, and
 * *escaped says whether it held an escape. 0 for a string the full parser
 * must judge (broken, or \u0000). */
int np_jsonrec_string(const char *s, size_t n, size_t *at, np_buf *out, int *escaped);

/* Byte classes inside a JSON string: 0 plain ASCII, 1 '"', 2 '\\', 3 a
 * control character (never allowed raw), 4 the first byte of a UTF-8
 * sequence or a stray byte. Nonzero ends a run of plain ASCII. */
extern const unsigned char np_json_str_class[256];

#endif

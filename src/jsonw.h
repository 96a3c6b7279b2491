/*
 * jsonw.h: a streaming JSON writer. Output goes through a buffer that is
 * flushed to a FILE, so memory does not grow with the output; write
 * errors (a full disk) are remembered and reported by np_jw_finish.
 * Strings are escaped for JSON; the input is valid UTF-8 already.
 */
#ifndef NP_JSONW_H
#define NP_JSONW_H

#include "np.h"

#include <stdio.h>
#include <string.h>

#define NP_JW_MAX_DEPTH 64

typedef struct np_jw {
    FILE *out;         /* NULL: keep everything in buf */
    np_buf buf;
    int pretty;
    int depth;
    unsigned char first[NP_JW_MAX_DEPTH]; /* no element yet at this depth */
    int after_key;
    int failed;        /* a write failed (errno saved in err) */
    int err;
} np_jw;

void np_jw_init(np_jw *w, FILE *out, int pretty);
void np_jw_obj(np_jw *w);
void np_jw_obj_end(np_jw *w);
void np_jw_arr(np_jw *w);
void np_jw_arr_end(np_jw *w);
void np_jw_key(np_jw *w, const char *key);
/* A key given as its JSON string text, quotes included (trusted). */
void np_jw_key_raw(np_jw *w, const char *json, size_t n);
/* A key that is a string literal needing no escapes: NP_JW_KEY(w, "start")
 * writes what np_jw_key(w, "start") writes, without measuring or scanning
 * the key at run time; inside an object of compact output with room in the
 * buffer (nearly every key) without a call, the key copied by a memcpy of
 * a size known where it is written. */
static inline void np_jw_key_lit(np_jw *w, const char *json, size_t n)
{
    if (!w->pretty && !w->after_key && w->depth > 0 && w->buf.cap - w->buf.len > n + 2) {
        char *o = w->buf.data + w->buf.len;
        if (!w->first[w->depth])
            *o++ = ',';
        w->first[w->depth] = 0;
        memcpy(o, json, n);
        o[n] = ':';
        o[n + 1] = '\0';
        w->buf.len = (size_t)(o + n + 1 - w->buf.data);
        w->after_key = 1;
    } else
        np_jw_key_raw(w, json, n);
}
#define NP_JW_KEY(w, lit) np_jw_key_lit((w), "\"" lit "\"", sizeof(lit) + 1)
void np_jw_str(np_jw *w, const char *s, size_t n);
void np_jw_strz(np_jw *w, const char *s); /* NULL writes null */
void np_jw_int(np_jw *w, long long v);
/* A finite v as an integer when it is a whole number below 9e18 in
 * magnitude, else as np_double_text; NaN and infinities write null. */
void np_jw_num(np_jw *w, double v);
void np_jw_bool(np_jw *w, int v);
void np_jw_null(np_jw *w);
/* The shortest decimal text (15 to 17 significant digits, %g style) that
 * reads back as the finite double v; cap of 32 is always enough. */
void np_double_text(char *buf, size_t cap, double v);
/* Writes a complete JSON value given as text (trusted, already valid). */
void np_jw_raw(np_jw *w, const char *json, size_t n);
/* Writes the object {members}, members given as the trusted JSON text of
 * its key-value pairs. */
void np_jw_raw_obj(np_jw *w, const char *members, size_t n);
/* Ends a JSON-lines record: a newline at depth 0. */
void np_jw_endline(np_jw *w);
/* Flushes; returns 0, or -1 when any write failed. */
int np_jw_flush(np_jw *w);
/* Flushes and frees the buffer; returns like np_jw_flush. */
int np_jw_finish(np_jw *w);

/* Appends s escaped as a JSON string (with quotes) to b. */
void np_json_escape(np_buf *b, const char *s, size_t n);

#endif

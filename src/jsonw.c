/*
 * jsonw.c: the streaming JSON writer (see jsonw.h).
 */
#include "jsonw.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void np_jw_init(np_jw *w, FILE *out, int pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
    w->first[0] = 1;
}

static void maybe_flush(np_jw *w)
{
    if (w->out && w->buf.len >= (1 << 16))
        np_jw_flush(w);
}

int np_jw_flush(np_jw *w)
{
    if (w->out && w->buf.len) {
        if (!w->failed && fwrite(w->buf.data, 1, w->buf.len, w->out) != w->buf.len) {
            w->failed = 1;
            w->err = errno;
        }
        w->buf.len = 0;
    }
    if (w->out && !w->failed && fflush(w->out) != 0) {
        w->failed = 1;
        w->err = errno;
    }
    return w->failed ? -1 : 0;
}

int np_jw_finish(np_jw *w)
{
    int rc = np_jw_flush(w);
    np_buf_free(&w->buf);
    return rc;
}

static void indent(np_jw *w)
{
    np_buf_addc(&w->buf, '\n');
    for (int i = 0; i < w->depth; i++)
        np_buf_add(&w->buf, "  ", 2);
}

/* Separator before a value or key at the current depth. */
static inline void before_value(np_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first[w->depth])
        np_buf_addc(&w->buf, ',');
    w->first[w->depth] = 0;
    if (w->pretty)
        indent(w);
}

static void open_(np_jw *w, char c)
{
    before_value(w);
    np_buf_addc(&w->buf, c);
    if (w->depth + 1 < NP_JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(np_jw *w, char c)
{
    int empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (w->pretty && !empty)
        indent(w);
    np_buf_addc(&w->buf, c);
    maybe_flush(w);
}

void np_jw_obj(np_jw *w) { open_(w, '{'); }
void np_jw_obj_end(np_jw *w) { close_(w, '}'); }
void np_jw_arr(np_jw *w) { open_(w, '['); }
void np_jw_arr_end(np_jw *w) { close_(w, ']'); }

/* Bytes that np_json_escape looks at: '"', '\\', control characters and
 * 0xE2 (the first byte of U+2028 and U+2029); the others are copied in
 * runs. */
static const unsigned char esc_look[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    [0xE2] = 1,
};

/* Whether one of the 8 bytes of v is one that esc_look marks: a zero byte
 * of v ^ c (or a byte below 0x20) shows as a borrow into its high bit.
 * (A false mark can only stand above a true one: a word is exact.) */
static inline int word_looks(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\'), e = v ^ (ones * 0xE2);
    uint64_t m = ((v - ones * 0x20) & ~v) | ((q - ones) & ~q) | ((b - ones) & ~b) | ((e - ones) & ~e);
    return (m & high) != 0;
}

/* The end of the run from u[i] of bytes that need no escape: eight at a
 * time, then one by one. */
static inline size_t plain_run(const unsigned char *u, size_t i, size_t n)
{
    while (n - i >= 8) {
        uint64_t v;
        memcpy(&v, u + i, 8);
        if (word_looks(v))
            break;
        i += 8;
    }
    while (i < n && !esc_look[u[i]])
        i++;
    return i;
}

void np_json_escape(np_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    np_buf_reserve(b, n + 2);
    /* the usual string needs no escape: copied while it is scanned */
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = plain_run(u, 0, n);
    memcpy(o, s, i);
    b->len += 1 + i;
    if (i == n) {
        b->data[b->len++] = '"';
        b->data[b->len] = '\0';
        return;
    }
    while (i < n) {
        size_t from = i;
        i = plain_run(u, i, n);
        np_buf_add(b, s + from, i - from);
        if (i == n)
            break;
        unsigned char c = u[i++];
        char e[7] = {'\\', 0};
        size_t elen = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case 0xE2:
            /* U+2028 and U+2029 break JavaScript string literals */
            if (i + 1 < n && u[i] == 0x80 && (u[i + 1] == 0xA8 || u[i + 1] == 0xA9)) {
                np_buf_adds(b, u[i + 1] == 0xA8 ? "\\u2028" : "\\u2029");
                i += 2;
            } else
                np_buf_addc(b, (char)c);
            continue;
        default:
            memcpy(e, "\\u00", 4);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            elen = 6;
        }
        np_buf_add(b, e, elen);
    }
    np_buf_addc(b, '"');
}

void np_jw_key(np_jw *w, const char *key)
{
    before_value(w);
    size_t n = strlen(key), k = 0;
    while (k < n && !esc_look[(unsigned char)key[k]])
        k++;
    if (k == n) { /* the usual key: nothing to escape */
        np_buf_reserve(&w->buf, n + 2);
        w->buf.data[w->buf.len++] = '"';
        memcpy(w->buf.data + w->buf.len, key, n);
        w->buf.len += n;
        w->buf.data[w->buf.len++] = '"';
    } else
        np_json_escape(&w->buf, key, n);
    if (w->pretty)
        np_buf_add(&w->buf, ": ", 2);
    else
        np_buf_addc(&w->buf, ':');
    w->after_key = 1;
}

void np_jw_key_raw(np_jw *w, const char *json, size_t n)
{
    before_value(w);
    np_buf_add(&w->buf, json, n);
    if (w->pretty)
        np_buf_add(&w->buf, ": ", 2);
    else
        np_buf_addc(&w->buf, ':');
    w->after_key = 1;
}

void np_jw_str(np_jw *w, const char *s, size_t n)
{
    before_value(w);
    np_json_escape(&w->buf, s, n);
    maybe_flush(w);
}

void np_jw_strz(np_jw *w, const char *s)
{
    if (!s)
        np_jw_null(w);
    else
        np_jw_str(w, s, strlen(s));
}

void np_jw_int(np_jw *w, long long v)
{
    before_value(w);
    /* digits written backwards into a small buffer: offsets and counts are
     * most of an output's numbers, and printf is slow for them */
    char digits[24];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        digits[n++] = '-';
    np_buf_reserve(&w->buf, n);
    while (n)
        w->buf.data[w->buf.len++] = digits[--n];
    w->buf.data[w->buf.len] = '\0';
}

void np_double_text(char *buf, size_t cap, double v)
{
    /* %g drops trailing zeros, so the first precision that reads back is
     * the shortest text */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void np_jw_num(np_jw *w, double v)
{
    before_value(w);
    /* the range test comes first: converting a double beyond the range of
     * long long is undefined */
    if (!isfinite(v)) {
        np_buf_adds(&w->buf, "null");
    } else if (fabs(v) < 9e18 && v == (double)(long long)v) {
        np_buf_printf(&w->buf, "%lld", (long long)v);
    } else {
        char text[32];
        np_double_text(text, sizeof text, v);
        np_buf_adds(&w->buf, text);
    }
}

void np_jw_bool(np_jw *w, int v)
{
    before_value(w);
    np_buf_adds(&w->buf, v ? "true" : "false");
}

void np_jw_null(np_jw *w)
{
    before_value(w);
    np_buf_adds(&w->buf, "null");
}

void np_jw_raw(np_jw *w, const char *json, size_t n)
{
    before_value(w);
    np_buf_add(&w->buf, json, n);
    maybe_flush(w);
}

void np_jw_raw_obj(np_jw *w, const char *members, size_t n)
{
    before_value(w);
    np_buf_reserve(&w->buf, n + 2);
    w->buf.data[w->buf.len++] = '{';
    memcpy(w->buf.data + w->buf.len, members, n);
    w->buf.len += n;
    w->buf.data[w->buf.len++] = '}';
    w->buf.data[w->buf.len] = '\0';
    maybe_flush(w);
}

void np_jw_endline(np_jw *w)
{
    np_buf_addc(&w->buf, '\n');
    w->first[0] = 1;
    maybe_flush(w);
}

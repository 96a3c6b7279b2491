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
static void before_value(np_jw *w)
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

void np_json_escape(np_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    np_buf_reserve(b, n + 2);
    np_buf_addc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c < 0x20) {
            switch (c) {
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            default:
                memcpy(u, "\\u00", 4);
                u[4] = hex[c >> 4];
                u[5] = hex[c & 15];
                u[6] = '\0';
                esc = u;
            }
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            /* U+2028 and U+2029 break JavaScript string literals */
            esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            np_buf_add(b, s + i - run, run);
            run = 0;
            np_buf_adds(b, esc);
            i += 2;
            continue;
        }
        if (esc) {
            np_buf_add(b, s + i - run, run);
            run = 0;
            np_buf_adds(b, esc);
        } else
            run++;
    }
    np_buf_add(b, s + n - run, run);
    np_buf_addc(b, '"');
}

void np_jw_key(np_jw *w, const char *key)
{
    before_value(w);
    np_json_escape(&w->buf, key, strlen(key));
    np_buf_add(&w->buf, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
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

void np_jw_endline(np_jw *w)
{
    np_buf_addc(&w->buf, '\n');
    w->first[0] = 1;
    maybe_flush(w);
}

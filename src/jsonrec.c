/*
 * jsonrec.c: the fast reader of plain JSON-lines records (see jsonrec.h).
 * One pass over the line: JSON syntax, UTF-8 and escapes are checked as
 * RFC 8259 and the full parser (jansson) check them; whatever this file
 * does not handle is declined rather than guessed.
 */
#include "jsonrec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 32

const unsigned char np_json_str_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

typedef struct scan {
    const unsigned char *s;
    size_t n, i;
} scan;

static void skip_ws(scan *sc)
{
    while (sc->i < sc->n && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' || sc->s[sc->i] == '\n' ||
                             sc->s[sc->i] == '\r'))
        sc->i++;
}

static int in_range(const scan *sc, size_t at, unsigned lo, unsigned hi)
{
    return at < sc->n && sc->s[at] >= lo && sc->s[at] <= hi;
}

/* The length of the well-formed UTF-8 sequence at sc->i (its first byte
 * is 0x80 or more), 0 when it is not one: no overlong forms, surrogates
 * or code points past U+10FFFF. */
static size_t utf8_len(const scan *sc)
{
    size_t i = sc->i;
    unsigned c = sc->s[i];
    unsigned lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (!in_range(sc, i + 1, lo, hi))
        return 0;
    for (size_t k = 2; k < len; k++)
        if (!in_range(sc, i + k, 0x80, 0xBF))
            return 0;
    return len;
}

static int hex4(const scan *sc, size_t at, unsigned *v)
{
    if (at + 4 > sc->n)
        return 0;
    *v = 0;
    for (size_t k = 0; k < 4; k++) {
        unsigned c = sc->s[at + k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

static void put_utf8(np_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    np_buf_add(b, u, n);
}

/* One escape after the backslash at sc->i, appended to out when out is
 * not NULL; sc->i moves past it. 0 for an escape the full parser refuses
 * (or \u0000, which it refuses by default). */
static int escape(scan *sc, np_buf *out)
{
    static const char plain[] = "\"\\/bfnrt", means[] = "\"\\/\b\f\n\r\t";
    if (sc->i + 1 >= sc->n)
        return 0;
    unsigned char e = sc->s[sc->i + 1];
    const char *p = e ? strchr(plain, e) : NULL;
    if (p) {
        if (out)
            np_buf_addc(out, means[p - plain]);
        sc->i += 2;
        return 1;
    }
    unsigned cp, lo;
    if (e != 'u' || !hex4(sc, sc->i + 2, &cp) || cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
        return 0;
    sc->i += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (sc->i + 1 >= sc->n || sc->s[sc->i] != '\\' || sc->s[sc->i + 1] != 'u' || !hex4(sc, sc->i + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        sc->i += 6;
    }
    if (out)
        put_utf8(out, cp);
    return 1;
}

/* The end of the run of plain ASCII from i, eight bytes at a time: a word
 * is skipped when none of its bytes is a control character, '"', '\\' or
 * 0x80 and above (the tail goes byte by byte). */
static size_t plain_run(const unsigned char *s, size_t i, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
        /* (v - ones) & ~v & high is not 0 exactly when v has a zero byte;
         * with ones * 0x20 for ones, when x has a byte below 0x20 */
        uint64_t stop = (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & high;
        if (stop)
            break;
        i += 8;
    }
    return i;
}

/* The string whose opening quote is at sc->i; sc->i moves past its closing
 * quote. Its decoded bytes go to out when out is not NULL; *escaped is set
 * when it held an escape. 0 when it is not a string the parser takes. */
static int string(scan *sc, np_buf *out, int *escaped)
{
    size_t run = ++sc->i;
    *escaped = 0;
    if (out) /* at most the rest of the line, reserved once (escapes only shrink it) */
        np_buf_reserve(out, sc->n - run);
    for (;;) {
        sc->i = plain_run(sc->s, sc->i, sc->n);
        while (sc->i < sc->n && np_json_str_class[sc->s[sc->i]] == 0)
            sc->i++;
        if (sc->i >= sc->n)
            return 0;
        switch (np_json_str_class[sc->s[sc->i]]) {
        case 1:
            if (out)
                np_buf_add(out, sc->s + run, sc->i - run);
            sc->i++;
            return 1;
        case 2:
            if (out)
                np_buf_add(out, sc->s + run, sc->i - run);
            if (!escape(sc, out))
                return 0;
            *escaped = 1;
            run = sc->i;
            break;
        case 3:
            return 0;
        default: {
            size_t len = utf8_len(sc);
            if (!len)
                return 0;
            sc->i += len;
        }
        }
    }
}

static int digits(scan *sc)
{
    size_t from = sc->i;
    while (sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9')
        sc->i++;
    return sc->i > from;
}

/* A number at sc->i, by RFC 8259's grammar: NP_JSONREC_INTEGER for an
 * integer the parser keeps as one (not -0, up to 18 digits), -1 for any
 * other (a fraction or an exponent: the parser's range rules for reals
 * decide those) or for none. */
static int number(scan *sc)
{
    size_t from = sc->i;
    if (sc->s[sc->i] == '-')
        sc->i++;
    if (sc->i < sc->n && sc->s[sc->i] == '0')
        sc->i++;
    else if (!digits(sc))
        return -1;
    if (sc->i < sc->n && (sc->s[sc->i] == '.' || (sc->s[sc->i] | 0x20) == 'e'))
        return -1;
    size_t len = sc->i - from, neg = sc->s[from] == '-';
    if (len - neg > 18 || (neg && len == 2 && sc->s[from + 1] == '0'))
        return -1;
    return NP_JSONREC_INTEGER;
}

static int literal(scan *sc, const char *word, int kind)
{
    size_t n = strlen(word);
    if (sc->n - sc->i < n || memcmp(sc->s + sc->i, word, n) != 0)
        return -1;
    sc->i += n;
    return kind;
}

/* A scalar value at sc->i, decoded into out when it is a string and out
 * is not NULL: its kind, or -1 when the fast path does not take it. */
static int value(scan *sc, np_buf *out, int *escaped)
{
    *escaped = 0;
    if (sc->i >= sc->n)
        return -1;
    switch (sc->s[sc->i]) {
    case '"':
        return string(sc, out, escaped) ? NP_JSONREC_STRING : -1;
    case 't':
        return literal(sc, "true", NP_JSONREC_OTHER);
    case 'f':
        return literal(sc, "false", NP_JSONREC_OTHER);
    case 'n':
        return literal(sc, "null", NP_JSONREC_NULL);
    default:
        return sc->s[sc->i] == '-' || (sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9') ? number(sc) : -1;
    }
}

static int is_key(const scan *sc, size_t from, size_t to, const char *name)
{
    size_t n = strlen(name);
    return to - from == n && memcmp(sc->s + from, name, n) == 0;
}

/* A member's key and value; 0 to decline the line. */
static int member(scan *sc, np_jsonrec *r, np_buf *text, size_t keys[][2], size_t *nkeys)
{
    int esc;
    if (sc->i >= sc->n || sc->s[sc->i] != '"')
        return 0;
    size_t kfrom = sc->i + 1;
    if (!string(sc, NULL, &esc) || esc || *nkeys == MAX_KEYS)
        return 0;
    size_t kto = sc->i - 1;
    for (size_t k = 0; k < *nkeys; k++)
        if (keys[k][1] - keys[k][0] == kto - kfrom && memcmp(sc->s + keys[k][0], sc->s + kfrom, kto - kfrom) == 0)
            return 0; /* a duplicate key: the parser's message */
    keys[*nkeys][0] = kfrom;
    keys[(*nkeys)++][1] = kto;
    skip_ws(sc);
    if (sc->i >= sc->n || sc->s[sc->i] != ':')
        return 0;
    sc->i++;
    skip_ws(sc);
    size_t vfrom = sc->i;
    int is_text = is_key(sc, kfrom, kto, "text");
    int kind = value(sc, is_text ? text : NULL, &esc);
    if (kind < 0)
        return 0;
    if (is_text)
        r->text_kind = kind;
    else if (is_key(sc, kfrom, kto, "id")) {
        if (esc || kind == NP_JSONREC_OTHER)
            return 0;
        r->id_kind = kind;
        r->id = (const char *)sc->s + vfrom;
        r->id_len = sc->i - vfrom;
    } else if (is_key(sc, kfrom, kto, "date")) {
        if (esc)
            return 0;
        r->date_kind = kind;
        r->date = (const char *)sc->s + vfrom + 1;
        r->date_len = sc->i - vfrom - 2;
    }
    return 1;
}

static int object(scan *sc, np_jsonrec *r, np_buf *text)
{
    size_t keys[MAX_KEYS][2], nkeys = 0;
    skip_ws(sc);
    if (sc->i >= sc->n || sc->s[sc->i] != '{')
        return 0;
    sc->i++;
    skip_ws(sc);
    if (sc->i < sc->n && sc->s[sc->i] == '}')
        sc->i++;
    else
        for (;;) {
            if (!member(sc, r, text, keys, &nkeys))
                return 0;
            skip_ws(sc);
            if (sc->i < sc->n && sc->s[sc->i] == ',') {
                sc->i++;
                skip_ws(sc);
                continue;
            }
            if (sc->i >= sc->n || sc->s[sc->i] != '}')
                return 0;
            sc->i++;
            break;
        }
    skip_ws(sc);
    return sc->i == sc->n;
}

int np_jsonrec_scan(const char *line, size_t len, np_jsonrec *r)
{
    memset(r, 0, sizeof *r);
    scan sc = {(const unsigned char *)line, len, 0};
    np_buf text = {0};
    if (!object(&sc, r, &text)) {
        np_buf_free(&text);
        memset(r, 0, sizeof *r);
        return 0;
    }
    if (r->text_kind == NP_JSONREC_STRING) {
        np_buf_addc(&text, '\0');
        r->text_len = text.len - 1;
        r->text = np_buf_steal(&text);
    } else
        np_buf_free(&text);
    return 1;
}

int np_jsonrec_string(const char *s, size_t n, size_t *at, np_buf *out, int *escaped)
{
    scan sc = {(const unsigned char *)s, n, *at};
    int ok = string(&sc, out, escaped);
    *at = sc.i;
    return ok;
}

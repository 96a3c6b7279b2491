/*
 * jsontape.c: the tape reader of JSON values and their canonical text (see
 * jsontape.h). Strings are checked and decoded by jsonrec's scanner, the
 * one that --jsonl reads records with.
 */
#include "jsontape.h"

#include "jsonrec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void np_jtape_free(np_jtape *tp)
{
    free(tp->t);
    free(tp->idx);
    np_buf_free(&tp->key1);
    np_buf_free(&tp->key2);
    memset(tp, 0, sizeof *tp);
}

static size_t skip_ws(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
        i++;
    return i;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Whether the integer of nd digits at s (after its sign) is within the
 * range of long long. */
static int int_fits(const unsigned char *s, size_t nd, int neg)
{
    if (nd != 19)
        return nd < 19;
    return memcmp(s, neg ? "9223372036854775808" : "9223372036854775807", 19) <= 0;
}

/* The number at s[*i], by RFC 8259's grammar: NP_JT_INT or NP_JT_REAL, -1
 * for none, or for one that jansson refuses (an integer out of range, a
 * real beyond the largest double). */
static int number(const unsigned char *s, size_t n, size_t *i)
{
    size_t k = *i, from;
    int neg = s[k] == '-';
    k += (size_t)neg;
    from = k;
    if (k < n && s[k] == '0')
        k++;
    else if (k < n && s[k] >= '1' && s[k] <= '9')
        while (k < n && is_digit(s[k]))
            k++;
    else
        return -1;
    size_t nint = k - from;
    int real = 0;
    long exp10 = 0;
    if (k < n && s[k] == '.') {
        if (++k >= n || !is_digit(s[k]))
            return -1;
        while (k < n && is_digit(s[k]))
            k++;
        real = 1;
    }
    if (k < n && (s[k] == 'e' || s[k] == 'E')) {
        k++;
        int eneg = k < n && s[k] == '-';
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        if (k >= n || !is_digit(s[k]))
            return -1;
        for (; k < n && is_digit(s[k]); k++)
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (s[k] - '0');
        if (eneg)
            exp10 = -exp10;
        real = 1;
    }
    if (!real && !int_fits(s + from, nint, neg))
        return -1;
    if (real && (s[from] == '0' ? 0 : (long)nint) + exp10 > 308) { /* it may overflow */
        size_t len = k - *i;
        char *tmp = np_xstrndup((const char *)s + *i, len);
        double v = strtod(tmp, NULL);
        free(tmp);
        if (v > 1.7976931348623157e308 || v < -1.7976931348623157e308)
            return -1;
    }
    *i = k;
    return real ? NP_JT_REAL : NP_JT_INT;
}

static uint32_t push(np_jtape *tp, int kind, size_t start)
{
    if (tp->n == tp->cap)
        NP_GROW(tp->t, tp->cap, tp->n + 1);
    np_jtok *t = &tp->t[tp->n];
    t->kind = (uint8_t)kind;
    t->esc = 0;
    t->start = start;
    t->next = (uint32_t)tp->n + 1;
    return (uint32_t)tp->n++;
}

/* ---- keys ---- */

/* Keys a and b (string tokens) compared by their decoded bytes. */
static int key_cmp(np_jtape *tp, uint32_t a, uint32_t b)
{
    const np_jtok *x = &tp->t[a], *y = &tp->t[b];
    if (!x->esc && !y->esc) {
        const unsigned char *p = (const unsigned char *)tp->s + x->start + 1, *q = (const unsigned char *)tp->s + y->start + 1;
        size_t pn = x->end - x->start - 2, qn = y->end - y->start - 2;
        if (pn && qn && *p != *q)
            return *p < *q ? -1 : 1;
        int c = memcmp(p, q, pn < qn ? pn : qn);
        return c ? c : (pn > qn) - (pn < qn);
    }
    size_t an, bn;
    const char *da = np_jt_str(tp, a, &tp->key1, &an), *db = np_jt_str(tp, b, &tp->key2, &bn);
    int c = memcmp(da, db, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* Sorts the n keys idx[0..n) by key_cmp (a stable merge sort, through
 * tmp of n entries). */
static void sort_keys(np_jtape *tp, uint32_t *idx, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    if (n <= 8) { /* insertion sort */
        for (size_t i = 1; i < n; i++) {
            uint32_t k = idx[i];
            size_t j = i;
            for (; j > 0 && key_cmp(tp, idx[j - 1], k) > 0; j--)
                idx[j] = idx[j - 1];
            idx[j] = k;
        }
        return;
    }
    size_t h = n / 2;
    sort_keys(tp, idx, tmp, h);
    sort_keys(tp, idx + h, tmp, n - h);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        tmp[o++] = key_cmp(tp, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
    while (i < h)
        tmp[o++] = idx[i++];
    while (j < n)
        tmp[o++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/* The keys of object o in sorted order, at tp->idx[base...]; their
 * number. tp->idx grows to hold them and as much scratch. */
static size_t sorted_members(np_jtape *tp, uint32_t o, size_t base)
{
    size_t m = 0;
    NP_JT_EACH_MEMBER(tp, o, k) {
        if (base + 2 * (m + 1) > tp->idx_cap)
            NP_GROW(tp->idx, tp->idx_cap, base + 2 * (m + 1));
        tp->idx[base + m++] = k;
    }
    if (m < 2 || tp->t[o].esc) /* in order, as reading found */
        return m;
    uint32_t *idx = tp->idx + base;
    size_t i = 1;
    while (i < m && key_cmp(tp, idx[i - 1], idx[i]) < 0)
        i++;
    if (i < m)
        sort_keys(tp, idx, idx + m, m);
    return m;
}

/* Whether object o has a key twice. */
static int has_duplicate(np_jtape *tp, uint32_t o)
{
    size_t m = 0;
    int esc = 0;
    NP_JT_EACH_MEMBER(tp, o, k) {
        if (m == tp->idx_cap)
            NP_GROW(tp->idx, tp->idx_cap, m + 1);
        tp->idx[m++] = k;
        esc |= tp->t[k].esc;
    }
    if (m <= 16 && !esc) { /* nearly every object: in order, else pairwise */
        const np_jtok *t = tp->t;
        size_t i = 1;
        while (i < m && key_cmp(tp, tp->idx[i - 1], tp->idx[i]) < 0)
            i++;
        if (i == m) {
            tp->t[o].esc = 1; /* keys in order */
            return 0;
        }
        /* a signature of each key (its length, first and last bytes):
         * only keys of one signature are compared */
        uint32_t sig[16];
        for (i = 0; i < m; i++) {
            const np_jtok *a = &t[tp->idx[i]];
            size_t len = a->end - a->start;
            sig[i] = (uint32_t)len << 16 | (uint32_t)(unsigned char)tp->s[a->start + 1] << 8 |
                     (unsigned char)tp->s[a->end - 2];
        }
        for (i = 1; i < m; i++)
            for (size_t j = 0; j < i; j++)
                if (sig[i] == sig[j]) {
                    const np_jtok *a = &t[tp->idx[i]], *b = &t[tp->idx[j]];
                    if (memcmp(tp->s + a->start, tp->s + b->start, a->end - a->start) == 0)
                        return 1;
                }
        return 0;
    }
    m = sorted_members(tp, o, 0);
    for (size_t i = 1; i < m; i++)
        if (key_cmp(tp, tp->idx[i - 1], tp->idx[i]) == 0)
            return 1;
    return 0;
}

/* ---- the reader ---- */


/* The string at s[*i]: a short one of plain ASCII (most keys and names)
 * here, the others by jsonrec's scanner. */
static inline int string_at(const unsigned char *s, size_t n, size_t *i, int *esc)
{
    size_t k = *i + 1, lim = n - k < 24 ? n : k + 24;
    while (k < lim && !np_json_str_class[s[k]])
        k++;
    if (k < lim && s[k] == '"') {
        *i = k + 1;
        *esc = 0;
        return 1;
    }
    return np_jsonrec_string((const char *)s, n, i, NULL, esc);
}

/* The string at s[*i] onto the tape; 0 when declined. */
static inline int string_tok(np_jtape *tp, const unsigned char *s, size_t n, size_t *i)
{
    size_t from = *i;
    int esc;
    if (!string_at(s, n, i, &esc))
        return 0;
    if (tp->n == tp->cap)
        NP_GROW(tp->t, tp->cap, tp->n + 1);
    np_jtok *t = &tp->t[tp->n];
    t->kind = NP_JT_STR;
    t->esc = (uint8_t)esc;
    t->start = from;
    t->end = *i;
    tp->n++;
    t->next = (uint32_t)tp->n;
    return 1;
}

/* A scalar other than a string at s[*i] onto the tape; 0 when declined. */
static int scalar(np_jtape *tp, const unsigned char *s, size_t n, size_t *i)
{
    size_t from = *i;
    int kind;
    switch (s[from]) {
    case 't':
        kind = NP_JT_TRUE;
        if (n - from < 4 || memcmp(s + from, "true", 4))
            return 0;
        *i += 4;
        break;
    case 'f':
        kind = NP_JT_FALSE;
        if (n - from < 5 || memcmp(s + from, "false", 5))
            return 0;
        *i += 5;
        break;
    case 'n':
        kind = NP_JT_NULL;
        if (n - from < 4 || memcmp(s + from, "null", 4))
            return 0;
        *i += 4;
        break;
    default:
        if (s[from] != '-' && !is_digit(s[from]))
            return 0;
        kind = number(s, n, i);
        if (kind < 0)
            return 0;
    }
    uint32_t k = push(tp, kind, from); /* (push may move tp->t) */
    tp->t[k].end = *i;
    return 1;
}

/* Closes the container on top of the stack at s[i] (its last byte). */
static int close_top(np_jtape *tp, uint32_t top, size_t i)
{
    tp->t[top].end = i + 1;
    tp->t[top].next = (uint32_t)tp->n;
    return tp->t[top].kind == NP_JT_OBJ && tp->t[top].next > top + 3 && has_duplicate(tp, top) ? 0 : 1;
}

int np_jtape_read(np_jtape *tp, const char *text, size_t n, size_t *rest, int max_depth)
{
    const unsigned char *s = (const unsigned char *)text;
    tp->s = text;
    tp->len = n;
    tp->n = 0;
    uint32_t *stack = NULL; /* the open containers */
    size_t depth = 0, cap = 0, i = skip_ws(s, n, 0);
    int ok = 0;
    if (i >= n || (s[i] != '{' && s[i] != '[')) /* jansson's default: an object or an array */
        return 0;
    for (;;) {
        /* a value at s[i] */
        if (i >= n || tp->n >= UINT32_MAX - 1)
            goto out;
        if (s[i] == '{' || s[i] == '[') {
            if (depth >= (size_t)max_depth)
                goto out;
            if (depth == cap)
                NP_GROW(stack, cap, depth + 1);
            stack[depth++] = push(tp, s[i] == '{' ? NP_JT_OBJ : NP_JT_ARR, i);
            int obj = s[i] == '{';
            i = skip_ws(s, n, i + 1);
            if (i < n && s[i] == (obj ? '}' : ']')) {
                close_top(tp, stack[--depth], i++);
            } else if (obj)
                goto key;
            else
                continue;
        } else if (s[i] == '"' ? !string_tok(tp, s, n, &i) : !scalar(tp, s, n, &i))
            goto out;
        /* after a value: ',' or the end of its container */
        for (;;) {
            i = skip_ws(s, n, i);
            if (depth == 0) {
                ok = rest || i == n;
                if (rest)
                    *rest = tp->t[0].end;
                goto out;
            }
            uint32_t top = stack[depth - 1];
            int obj = tp->t[top].kind == NP_JT_OBJ;
            if (i < n && s[i] == ',') {
                i = skip_ws(s, n, i + 1);
                if (obj)
                    goto key;
                break;
            }
            if (i >= n || s[i] != (obj ? '}' : ']') || !close_top(tp, top, i))
                goto out;
            depth--;
            i++;
        }
        continue;
    key:
        if (i >= n || s[i] != '"' || !string_tok(tp, s, n, &i))
            goto out;
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != ':')
            goto out;
        i = skip_ws(s, n, i + 1);
    }
out:
    free(stack);
    return ok;
}

/* ---- reading values ---- */

const char *np_jt_str(const np_jtape *tp, uint32_t i, np_buf *scratch, size_t *n)
{
    const np_jtok *t = &tp->t[i];
    if (!t->esc) {
        *n = t->end - t->start - 2;
        return tp->s + t->start + 1;
    }
    scratch->len = 0;
    np_buf_reserve(scratch, t->end - t->start);
    size_t at = t->start;
    int esc;
    np_jsonrec_string(tp->s, t->end, &at, scratch, &esc);
    *n = scratch->len;
    return scratch->data;
}

int np_jt_str_is(np_jtape *tp, uint32_t i, const char *key, size_t n)
{
    const np_jtok *t = &tp->t[i];
    if (t->kind != NP_JT_STR)
        return 0;
    if (!t->esc)
        return t->end - t->start - 2 == n && (n == 0 || tp->s[t->start + 1] == key[0]) &&
               memcmp(tp->s + t->start + 1, key, n) == 0;
    size_t len;
    const char *d = np_jt_str(tp, i, &tp->key1, &len);
    return len == n && memcmp(d, key, n) == 0;
}

uint32_t np_jt_get(np_jtape *tp, uint32_t o, const char *key, size_t n)
{
    if (o == NP_NONE || tp->t[o].kind != NP_JT_OBJ)
        return NP_NONE;
    NP_JT_EACH_MEMBER(tp, o, k) if (np_jt_str_is(tp, k, key, n)) return k + 1;
    return NP_NONE;
}

long long np_jt_int(const np_jtape *tp, uint32_t i)
{
    const np_jtok *t = &tp->t[i];
    const char *s = tp->s + t->start, *e = tp->s + t->end;
    int neg = *s == '-';
    unsigned long long v = 0;
    for (s += neg; s < e; s++)
        v = v * 10 + (unsigned)(*s - '0');
    return neg ? (long long)(0ULL - v) : (long long)v;
}

double np_jt_num(const np_jtape *tp, uint32_t i)
{
    const np_jtok *t = &tp->t[i];
    if (t->kind == NP_JT_INT)
        return (double)np_jt_int(tp, i);
    char buf[64], *tmp = buf;
    size_t len = t->end - t->start;
    if (len >= sizeof buf)
        tmp = np_xmalloc(len + 1);
    memcpy(tmp, tp->s + t->start, len);
    tmp[len] = '\0';
    double v = strtod(tmp, NULL);
    if (tmp != buf)
        free(tmp);
    return v;
}

/* ---- canonical text ---- */

void np_jt_escape(np_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)s;
    np_buf_reserve(out, n + 2);
    np_buf_addc(out, '"');
    size_t i = 0;
    while (i < n) {
        size_t from = i;
        while (i < n && u[i] >= 0x20 && u[i] != '"' && u[i] != '\\')
            i++;
        np_buf_add(out, s + from, i - from);
        if (i == n)
            break;
        unsigned char c = u[i++];
        char e[7] = {'\\', (char)c, 0};
        size_t elen = 2;
        switch (c) {
        case '"': case '\\': break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            memcpy(e, "\\u00", 4);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            elen = 6;
        }
        np_buf_add(out, e, elen);
    }
    np_buf_addc(out, '"');
}

void np_jt_real_text(char *buf, size_t cap, double v)
{
    int len = snprintf(buf, cap, "%.17g", v);
    if (len < 0 || (size_t)len + 3 >= cap)
        return;
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + len, ".0", 3);
        return;
    }
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    /* "e+05" -> "e5", "e-05" -> "e-5" */
    char *from = e + 1, *to = e + 1;
    if (*from == '-')
        to = ++from;
    else if (*from == '+')
        from++;
    while (*from == '0' && from[1])
        from++;
    memmove(to, from, strlen(from) + 1);
}

/* The canonical text of real token i, through a small cache of the texts
 * last seen (the same coordinates recur in every graph). */
static void canon_real(np_jtape *tp, uint32_t i, np_buf *out)
{
    const np_jtok *t = &tp->t[i];
    size_t len = t->end - t->start;
    const char *raw = tp->s + t->start;
    if (len >= sizeof tp->real_cache[0].raw) {
        char text[40];
        np_jt_real_text(text, sizeof text, np_jt_num(tp, i));
        np_buf_adds(out, text);
        return;
    }
    uint64_t h = np_hash(raw, len) % NP_JT_REAL_CACHE;
    char *cr = tp->real_cache[h].raw, *cc = tp->real_cache[h].canon;
    if (!(cr[0] == (char)len && memcmp(cr + 1, raw, len) == 0)) {
        cr[0] = (char)len;
        memcpy(cr + 1, raw, len);
        np_jt_real_text(cc, sizeof tp->real_cache[0].canon, np_jt_num(tp, i));
    }
    np_buf_adds(out, cc);
}

static void canon_str(np_jtape *tp, uint32_t i, np_buf *out)
{
    const np_jtok *t = &tp->t[i];
    if (!t->esc) {
        np_buf_add(out, tp->s + t->start, t->end - t->start);
        return;
    }
    size_t n;
    const char *d = np_jt_str(tp, i, &tp->key1, &n);
    np_jt_escape(out, d, n);
}

static void canon_at(np_jtape *tp, uint32_t i, np_buf *out, size_t base);

static inline void put(np_buf *out, const char *s, size_t n)
{
    np_buf_reserve(out, n);
    memcpy(out->data + out->len, s, n);
    out->len += n;
    out->data[out->len] = '\0';
}

/* Whether member k (its key) is canonical as it stands, "key":value
 * without white space (nearly every member of nerpipe's graphs). */
static inline int member_as_is(const np_jtape *tp, uint32_t k)
{
    const np_jtok *key = &tp->t[k], *v = key + 1;
    if (key->esc || v->start != key->end + 1)
        return 0;
    switch (v->kind) {
    case NP_JT_STR: return !v->esc;
    case NP_JT_INT: return !(v->end - v->start == 2 && tp->s[v->start] == '-' && tp->s[v->start + 1] == '0');
    case NP_JT_TRUE: case NP_JT_FALSE: case NP_JT_NULL: return 1;
    default: return 0;
    }
}

/* Object o, leaving out skip as canon_obj does, straight from its bytes
 * when they are its canonical text already: its keys in order, every
 * member as it stands, nothing between them but ',' (nearly every object
 * of the graphs nerpipe merge writes, and every evidence and mention
 * entry of them). 0 when o is not such an object. */
static int canon_raw(const np_jtape *tp, uint32_t o, np_buf *out, const char *skip, size_t *split)
{
    const np_jtok *t = tp->t;
    if (t[o].next > o + 3 && !t[o].esc) /* (two members or more, not known to be in order) */
        return 0;
    const char *s = tp->s;
    size_t begin = t[o].start, at = begin + 1, skip_n = skip ? strlen(skip) : 0, cut = 0, cut_end = 0, before = 1;
    NP_JT_EACH_MEMBER(tp, o, k) {
        if (t[k].start != at || !member_as_is(tp, k))
            return 0;
        size_t end = t[k + 1].end;
        if (skip) {
            /* (the order of its key against skip's, by the first byte when that differs) */
            size_t kn = t[k].end - t[k].start - 2;
            const unsigned char *kd = (const unsigned char *)s + t[k].start + 1;
            int c = kn && *kd != (unsigned char)skip[0] ? (*kd < (unsigned char)skip[0] ? -1 : 1)
                                                        : memcmp(kd, skip, kn < skip_n ? kn : skip_n);
            c = c ? c : (kn > skip_n) - (kn < skip_n);
            if (c < 0)
                before = end - begin;
            else if (c == 0)
                cut = t[k].start, cut_end = end;
        }
        at = end + 1;
    }
    size_t close = t[o].next == o + 1 ? begin + 1 : at - 1; /* where its '}' must be */
    if (t[o].end != close + 1)
        return 0;
    if (!cut)
        put(out, s + begin, t[o].end - begin);
    else if (cut > begin + 1) { /* the comma before it goes with it */
        put(out, s + begin, cut - 1 - begin);
        put(out, s + cut_end, t[o].end - cut_end);
    } else if (s[cut_end] == ',') { /* the first: the comma after it goes */
        put(out, s + begin, 1);
        put(out, s + cut_end + 1, t[o].end - cut_end - 1);
    } else
        put(out, "{}", 2);
    if (split)
        *split = before;
    return 1;
}

/* Object o with its keys sorted (at tp->idx[base...]), leaving out skip. */
static void canon_obj(np_jtape *tp, uint32_t o, np_buf *out, size_t base, const char *skip, size_t *split)
{
    if (canon_raw(tp, o, out, skip, split))
        return;
    size_t m = sorted_members(tp, o, base), from = out->len, skip_n = skip ? strlen(skip) : 0;
    int any = 0;
    np_buf_addc(out, '{');
    if (split)
        *split = 1;
    for (size_t j = 0; j < m; j++) {
        uint32_t k = tp->idx[base + j];
        int after_skip = 0;
        if (skip) {
            size_t kn;
            const char *kd = np_jt_str(tp, k, &tp->key1, &kn);
            int c = kn && (unsigned char)kd[0] != (unsigned char)skip[0]
                        ? ((unsigned char)kd[0] < (unsigned char)skip[0] ? -1 : 1)
                        : memcmp(kd, skip, kn < skip_n ? kn : skip_n);
            c = c ? c : (kn > skip_n) - (kn < skip_n);
            if (c == 0)
                continue;
            after_skip = c > 0;
        }
        if (any)
            np_buf_addc(out, ',');
        any = 1;
        if (member_as_is(tp, k)) {
            put(out, tp->s + tp->t[k].start, tp->t[k + 1].end - tp->t[k].start);
        } else {
            canon_str(tp, k, out);
            np_buf_addc(out, ':');
            canon_at(tp, k + 1, out, base + 2 * m);
        }
        if (split && !after_skip)
            *split = out->len - from;
    }
    np_buf_addc(out, '}');
}

static void canon_at(np_jtape *tp, uint32_t i, np_buf *out, size_t base)
{
    const np_jtok *t = &tp->t[i];
    switch (t->kind) {
    case NP_JT_STR:
        canon_str(tp, i, out);
        break;
    case NP_JT_INT:
        if (t->end - t->start == 2 && tp->s[t->start] == '-' && tp->s[t->start + 1] == '0') /* -0 */
            np_buf_addc(out, '0');
        else
            np_buf_add(out, tp->s + t->start, t->end - t->start);
        break;
    case NP_JT_REAL:
        canon_real(tp, i, out);
        break;
    case NP_JT_ARR: {
        np_buf_addc(out, '[');
        int any = 0;
        NP_JT_EACH_ELEM(tp, i, e) {
            if (any)
                np_buf_addc(out, ',');
            any = 1;
            canon_at(tp, e, out, base);
        }
        np_buf_addc(out, ']');
        break;
    }
    case NP_JT_OBJ:
        canon_obj(tp, i, out, base, NULL, NULL);
        break;
    default:
        np_buf_adds(out, t->kind == NP_JT_TRUE ? "true" : t->kind == NP_JT_FALSE ? "false" : "null");
    }
}

void np_jt_canon(np_jtape *tp, uint32_t i, np_buf *out)
{
    canon_at(tp, i, out, 0);
}

void np_jt_canon_without(np_jtape *tp, uint32_t o, const char *skip, np_buf *out, size_t *split)
{
    canon_obj(tp, o, out, 0, skip, split);
}

/* ---- comparing canonical texts ---- */

/* t with every real -0.0 written 0.0 (outside strings), malloc'ed. */
static char *zero_signless(const char *t, size_t n, size_t *len)
{
    char *o = np_xmalloc(n + 1);
    size_t k = 0;
    int in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\')
                o[k++] = t[i++];
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '-' && n - i >= 4 && !memcmp(t + i, "-0.0", 4) &&
                   (i + 4 == n || t[i + 4] == ',' || t[i + 4] == ']' || t[i + 4] == '}')) {
            continue;
        }
        o[k++] = t[i];
    }
    o[k] = '\0';
    *len = k;
    return o;
}

int np_jt_canon_equal(const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn && memcmp(a, b, an) == 0)
        return 1;
    if (!memchr(a, '-', an) && !memchr(b, '-', bn))
        return 0;
    size_t xn, yn;
    char *x = zero_signless(a, an, &xn), *y = zero_signless(b, bn, &yn);
    int eq = xn == yn && memcmp(x, y, xn) == 0;
    free(x);
    free(y);
    return eq;
}

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

int np_jt_canon_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (an < 2 || bn < 2 || a[0] != '"' || b[0] != '"')
        return bytes_cmp(a, an, b, bn);
    if (!memchr(a, '\\', an) && !memchr(b, '\\', bn))
        return bytes_cmp(a + 1, an - 2, b + 1, bn - 2);
    np_buf x = {0}, y = {0};
    size_t at = 0;
    int esc;
    np_buf_reserve(&x, an);
    np_buf_reserve(&y, bn);
    np_jsonrec_string(a, an, &at, &x, &esc);
    at = 0;
    np_jsonrec_string(b, bn, &at, &y, &esc);
    int c = bytes_cmp(x.data, x.len, y.data, y.len);
    np_buf_free(&x);
    np_buf_free(&y);
    return c;
}

/* ---- indenting ---- */

static void newline(np_buf *out, int depth)
{
    np_buf_reserve(out, 1 + 2 * (size_t)depth);
    out->data[out->len++] = '\n';
    for (int i = 0; i < depth; i++) {
        out->data[out->len++] = ' ';
        out->data[out->len++] = ' ';
    }
    out->data[out->len] = '\0';
}

void np_jt_reindent(np_buf *out, const char *t, size_t n, int depth)
{
    size_t i = 0;
    while (i < n) {
        char c = t[i];
        if (c == '"') { /* a string as it is */
            size_t from = i++;
            while (i < n && t[i] != '"')
                i += t[i] == '\\' ? 2 : 1;
            np_buf_add(out, t + from, ++i - from);
            continue;
        }
        if ((c == '{' || c == '[') && i + 1 < n && (t[i + 1] == '}' || t[i + 1] == ']')) {
            np_buf_add(out, t + i, 2); /* empty */
            i += 2;
            continue;
        }
        i++;
        if (c == '{' || c == '[') {
            np_buf_addc(out, c);
            newline(out, ++depth);
        } else if (c == '}' || c == ']') {
            newline(out, --depth);
            np_buf_addc(out, c);
        } else if (c == ',') {
            np_buf_addc(out, ',');
            newline(out, depth);
        } else if (c == ':') {
            np_buf_add(out, ": ", 2);
        } else {
            size_t from = i - 1;
            while (i < n && t[i] != ',' && t[i] != '}' && t[i] != ']')
                i++;
            np_buf_add(out, t + from, i - from);
        }
    }
}

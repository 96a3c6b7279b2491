/*
 * normalize.c: matching keys (see normalize.h), on top of utf8proc's
 * per-character decomposition so that no call allocates after warm-up.
 */
#include "normalize.h"

#include "input.h"

#include <stdlib.h>
#include <utf8proc.h>

void np_norm_scratch_free(np_norm_scratch *sc)
{
    free(sc->cps);
    sc->cps = NULL;
    sc->cap = 0;
}

/* Letters that have no canonical decomposition to a base letter but that
 * readers treat as accented forms of one; the case is preserved. */
static const char *special_letter(int32_t cp)
{
    switch (cp) {
    case 0x0111: return "d";  /* đ */
    case 0x0110: return "D";  /* Đ */
    case 0x00F0: return "d";  /* ð */
    case 0x00D0: return "D";  /* Ð */
    case 0x0142: return "l";  /* ł */
    case 0x0141: return "L";  /* Ł */
    case 0x00F8: return "o";  /* ø */
    case 0x00D8: return "O";  /* Ø */
    case 0x0131: return "i";  /* ı */
    case 0x0127: return "h";  /* ħ */
    case 0x0126: return "H";  /* Ħ */
    case 0x0167: return "t";  /* ŧ */
    case 0x00E6: return "ae"; /* æ */
    case 0x00C6: return "AE"; /* Æ */
    case 0x0153: return "oe"; /* œ */
    case 0x0152: return "OE"; /* Œ */
    case 0x00FE: return "th"; /* þ */
    case 0x00DE: return "TH"; /* Þ */
    default: return NULL;
    }
}

static int32_t unify_punct(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02BB: case 0x0060:
    case 0x00B4: case 0xFF07: case 0x2032:
        return '\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xFE63: case 0xFF0D:
        return '-';
    default:
        return cp;
    }
}

static void push_cp(np_norm_scratch *sc, size_t *n, int32_t cp)
{
    NP_GROW(sc->cps, sc->cap, *n + 1);
    sc->cps[(*n)++] = cp;
}

void np_normalize(const char *s, size_t n, int fold, np_buf *out, np_norm_scratch *sc)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* ASCII fast path up to the first non-ASCII byte. */
    np_buf_reserve(out, n);
    while (i < n && p[i] < 0x80) {
        char c = (char)p[i];
        if (fold && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        else if (c == '`')
            c = '\'';
        out->data[out->len++] = c;
        i++;
    }
    out->data[out->len] = '\0';
    if (i == n)
        return;

    utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK;
    if (fold)
        opts |= UTF8PROC_CASEFOLD;
    size_t ncp = 0;
    int boundclass = 0;
    while (i < n) {
        int32_t cp;
        i += np_utf8_next(p + i, &cp);
        cp = unify_punct(cp);
        const char *sp = special_letter(cp);
        if (sp) {
            for (; *sp; sp++)
                push_cp(sc, &ncp, fold ? (int32_t)(*sp | 0x20) : (int32_t)*sp);
            continue;
        }
        if (cp < 0x80) {
            push_cp(sc, &ncp, fold && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            continue;
        }
        int32_t tmp[32];
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, tmp, 32, opts, &boundclass);
        if (k < 0 || k > 32) {
            push_cp(sc, &ncp, cp);
            continue;
        }
        for (utf8proc_ssize_t j = 0; j < k; j++)
            push_cp(sc, &ncp, unify_punct(tmp[j]));
    }
    utf8proc_ssize_t m = utf8proc_normalize_utf32(sc->cps, (utf8proc_ssize_t)ncp, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m < 0)
        m = (utf8proc_ssize_t)ncp;
    np_buf_reserve(out, (size_t)m * 4);
    for (utf8proc_ssize_t j = 0; j < m; j++)
        out->len += np_utf8_encode(sc->cps[j], out->data + out->len);
    out->data[out->len] = '\0';
}

char *np_normalize_dup(const char *s, size_t n, int fold)
{
    np_buf b = {0};
    np_norm_scratch sc = {0};
    np_normalize(s, n, fold, &b, &sc);
    np_norm_scratch_free(&sc);
    return np_buf_steal(&b);
}

/*
 * input.c: reads a document and repairs it into valid UTF-8 (see input.h).
 *
 * The validator follows the Unicode recommendation for U+FFFD substitution:
 * each maximal subpart of an ill-formed sequence becomes one U+FFFD, so the
 * result does not depend on where a reader happens to resynchronize.
 */
#include "input.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

int np_read_all(FILE *f, const char *name, size_t max, char **data, size_t *len, np_error *err)
{
    if (max > NP_MAX_INPUT)
        max = NP_MAX_INPUT;
    /* A regular file says its size: one that is too large is refused
     * before a byte of it is read, and the buffer is sized once (with room
     * to see the end). Pipes and devices are counted as they are read. */
    size_t cap = (size_t)1 << 16;
    struct stat sb;
    int fd = fileno(f);
    if (fd >= 0 && fstat(fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            np_error_set(err, "%s: %s", name, strerror(EISDIR));
            return -1;
        }
        if (S_ISREG(sb.st_mode)) {
            if ((uintmax_t)sb.st_size > max) {
                np_error_set(err, "%s: input of %jd bytes is larger than the limit of %zu bytes", name,
                             (intmax_t)sb.st_size, max);
                return -1;
            }
            cap = (size_t)sb.st_size + 2;
        }
    }
    if (cap > max + 2)
        cap = max + 2; /* never more than the limit, one byte to see past it and the NUL */
    char *buf = np_xmalloc(cap);
    size_t n = 0;
    for (;;) {
        if (n + 1 == cap) {
            size_t grown = cap > (max + 2) / 2 ? max + 2 : cap * 2;
            cap = grown;
            buf = np_xrealloc(buf, cap);
        }
        size_t room = cap - n - 1;
        errno = 0;
        size_t got = fread(buf + n, 1, room, f);
        n += got;
        if (n > max) {
            free(buf);
            np_error_set(err, "%s: input larger than the limit of %zu bytes", name, max);
            return -1;
        }
        if (got < room) { /* the end, or an error */
            if (ferror(f)) {
                np_error_set(err, "%s: %s", name, strerror(errno ? errno : EIO));
                free(buf);
                return -1;
            }
            break;
        }
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

size_t np_utf8_encode(int32_t cp, char *out)
{
    unsigned u = (unsigned)cp;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        out[0] = (char)(0xE0 | (u >> 12));
        out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        out[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (u >> 18));
    out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

size_t np_utf8_count(const char *s, size_t n)
{
    /* every byte but the continuation bytes (10xxxxxx), eight at a time */
    const uint64_t high = 0x8080808080808080ULL;
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w & ~(w << 1) & high) >> 7; /* 1 in each continuation byte */
        count += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* Length of the well-formed sequence at s[0..n), or, when ill-formed, minus
 * the length of its maximal subpart (at least 1). */
static long utf8_check(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return c ? 1 : -1; /* NUL is replaced too */
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return -1;
    for (size_t i = 1; i < need; i++) {
        if (i >= n)
            return -(long)i;
        unsigned d = s[i];
        if (i == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF))
            return -(long)i;
    }
    return (long)need;
}

char *np_utf8_repair(char *raw, size_t *len, np_repair *rep)
{
    const unsigned char *s = (const unsigned char *)raw;
    size_t n = *len, start = 0;
    memset(rep, 0, sizeof *rep);
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        rep->had_bom = 1;
        start = 3;
    }
    /* Fast scan: most input is already clean; ASCII goes eight bytes at
     * a time (a word with no NUL and no byte of 0x80 or above) */
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    size_t i = start;
    while (i < n) {
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((((w - ones) & ~w) | w) & high)
                break;
            i += 8;
        }
        if (i == n)
            break;
        if (s[i] >= 0x01 && s[i] < 0x80) {
            i++;
            continue;
        }
        long l = utf8_check(s + i, n - i);
        if (l < 0)
            break;
        i += (size_t)l;
    }
    if (i == n) {
        if (start) {
            memmove(raw, raw + start, n - start + 1);
            *len = n - start;
        }
        return raw;
    }
    /* Slow path: copy with replacements (U+FFFD is 3 bytes, so a bad byte
     * may grow the text up to three times). */
    np_buf out = {0};
    np_buf_reserve(&out, n + n / 4 + 16);
    np_buf_add(&out, raw + start, i - start);
    while (i < n) {
        long l = utf8_check(s + i, n - i);
        if (l > 0) {
            np_buf_add(&out, raw + i, (size_t)l);
            i += (size_t)l;
            continue;
        }
        if (s[i] == 0)
            rep->nuls++;
        else {
            if (rep->invalid == 0)
                rep->first_invalid = i;
            rep->invalid++;
        }
        np_buf_add(&out, "\xEF\xBF\xBD", 3);
        i += (size_t)-l;
    }
    free(raw);
    *len = out.len;
    return np_buf_steal(&out);
}

long np_utf8_decode(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t len = n == (size_t)-1 ? -1 : n > 4 ? 4 : (utf8proc_ssize_t)n;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, len, &c);
    if (k < 1)
        return -1;
    *cp = c;
    return (long)k;
}

size_t np_utf8_cut(const char *s, size_t len, size_t room)
{
    if (len <= room)
        return len;
    size_t pos = 0, grapheme_cut = 0, cp_cut = 0;
    utf8proc_int32_t prev = -1, state = 0;
    while (pos < len) {
        int32_t cp;
        long n = np_utf8_decode(s + pos, len - pos, &cp);
        if (n < 1)
            n = 1, cp = -1;
        int boundary = prev < 0 || cp < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state);
        if (cp < 0)
            state = 0;
        if (boundary)
            grapheme_cut = pos;
        cp_cut = pos;
        if (pos + (size_t)n > room)
            break;
        prev = cp;
        pos += (size_t)n;
    }
    return grapheme_cut ? grapheme_cut : cp_cut;
}

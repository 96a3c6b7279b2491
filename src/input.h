/*
 * input.h: stage 1, reading a document and making it valid UTF-8.
 *
 * Owns the rules of what nerpipe accepts as text: a leading BOM is dropped;
 * every maximal invalid UTF-8 subsequence (overlong forms, surrogates,
 * truncated sequences, stray bytes) and every NUL byte becomes U+FFFD.
 * Offsets everywhere else are in code points of this repaired text.
 */
#ifndef NP_INPUT_H
#define NP_INPUT_H

#include "np.h"

#include <stdio.h>

/* The largest document nerpipe accepts (offsets are 32-bit). */
#define NP_MAX_INPUT ((size_t)0xFFFFFFF0u)

/* A repair report: how many bad sequences and NULs were replaced. */
typedef struct np_repair {
    size_t invalid;       /* invalid UTF-8 sequences replaced */
    size_t first_invalid; /* byte offset (in the raw input) of the first one */
    size_t nuls;          /* NUL bytes replaced */
    int had_bom;
} np_repair;

/* Reads all of f into a new NUL-terminated buffer (*data, *len; the caller
 * frees *data), at most max bytes (NP_MAX_INPUT when larger). Returns 0, or
 * -1 with err set: "NAME: Is a directory" and other read errors, an input
 * over max (a regular file is refused from its size before it is read; a
 * pipe once max + 1 bytes came, so memory stays within the limit). */
int np_read_all(FILE *f, const char *name, size_t max, char **data, size_t *len, np_error *err);

/* Repairs raw bytes in place where possible: returns the repaired text
 * (either raw itself, shrunk, or a new buffer, in which case raw is freed)
 * and sets *len. The result is owned by the caller. */
char *np_utf8_repair(char *raw, size_t *len, np_repair *rep);

/* Decodes one code point at s (n bytes available) of VALID UTF-8;
 * returns its length. */
static inline size_t np_utf8_next(const unsigned char *s, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
        return 2;
    }
    if (c < 0xF0) {
        *cp = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
        return 3;
    }
    *cp = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F));
    return 4;
}

/* Writes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t np_utf8_encode(int32_t cp, char *out);

/* Number of code points in n bytes of valid UTF-8. */
size_t np_utf8_count(const char *s, size_t n);

/* Decodes one code point at s, of text that may be invalid: n bytes
 * available, or (size_t)-1 when s is NUL-terminated. Returns its length
 * and sets *cp, or -1 when s does not start with a valid UTF-8 sequence
 * (a NUL-terminated s then ends at its NUL). */
long np_utf8_decode(const char *s, size_t n, int32_t *cp);

/* Where to cut len bytes of text to keep at most room bytes: the last
 * boundary of a user-perceived character (an extended grapheme cluster: a
 * letter and its accents, an emoji and its modifiers or ZWJ sequence, a
 * flag) at or before room; when the first such character is longer than
 * room, the last code point boundary. Invalid UTF-8 counts byte by byte.
 * Returns len when it fits. */
size_t np_utf8_cut(const char *s, size_t len, size_t room);

#endif

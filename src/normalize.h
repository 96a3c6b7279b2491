/*
 * normalize.h: the matching key of a piece of text.
 *
 * A key is NFKC, case-folded, with accents (combining marks) stripped,
 * typographic apostrophes turned into ' and hyphen variants into -, and a
 * few letters that Unicode does not decompose mapped to their base
 * (đ→d, ł→l, ø→o, ı→i, æ→ae, œ→oe, þ→th). Gazetteer names, rule words and
 * text tokens all go through this one function, so they agree by
 * construction.
 */
#ifndef NP_NORMALIZE_H
#define NP_NORMALIZE_H

#include "np.h"

/* Scratch space the normalizer reuses so it never allocates per call once
 * warmed up. Zero-initialize; free with np_norm_scratch_free. */
typedef struct np_norm_scratch {
    int32_t *cps;
    size_t cap;
} np_norm_scratch;

void np_norm_scratch_free(np_norm_scratch *sc);

/* Appends the key of s[0..n) to out. With fold == 0 the case is kept (for
 * case-sensitive gazetteer names); everything else is the same. */
void np_normalize(const char *s, size_t n, int fold, np_buf *out, np_norm_scratch *sc);

/* The key as a new string (caller frees): for loaders, not hot paths. */
char *np_normalize_dup(const char *s, size_t n, int fold);

#endif

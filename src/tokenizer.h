/*
 * tokenizer.h: stage 2, splitting the current segment of a document into
 * tokens (doc->toks) with offsets, flags, normalized keys and word classes.
 *
 * Words in any script (CJK characters one per token), numbers with
 * separators (1,000.5, 21-22), hyphenated words (France-Presse), words
 * with inner apostrophes (O'Neill) and the possessive split off (Abe’s →
 * Abe + ’s), abbreviations and initials with their period (U.S., Mr., J.),
 * URLs, e-mail addresses and @handles as one token, punctuation, symbols
 * and emoji (whole grapheme clusters).
 */
#ifndef NP_TOKENIZER_H
#define NP_TOKENIZER_H

#include "doc.h"
#include "vocab.h"

/* Tokenizes doc->text[doc->seg_begin, doc->seg_end), replacing doc->toks. */
void np_tokenize(const np_lexicon *lx, np_doc *doc);

/* Tokenizes a standalone string for loaders (gazetteer names, rule words):
 * appends the keys of its tokens to keys, each followed by a NUL byte, and
 * returns the number of tokens. With fold == 0 the keys keep their case
 * (for case-sensitive names). */
size_t np_tokenize_keys(const np_lexicon *lx, const char *s, size_t n, np_buf *keys, int fold);

/* Appends the case-kept key of token t (its text without a period that
 * belongs to it) to out. */
void np_token_casekey(np_doc *doc, const np_token *t, np_buf *out);

const char *np_tok_kind_name(int kind);

#endif

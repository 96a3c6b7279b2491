/*
 * lexicon.h: building the lexicon (np_lexicon, vocab.h) from the data
 * directory: the word lists and abbreviations of rules/sentences.yaml and
 * the word classes of rules/lexicon/. The loaders of titles, dates,
 * gazetteers and rules add their phrases through np_lexicon_add_phrase.
 */
#ifndef NP_LEXICON_H
#define NP_LEXICON_H

#include "np.h"
#include "vocab.h"

/* Loads the word lists of datadir into lx. -1 with err set
 * ("file:line:col: what is wrong"). */
int np_lexicon_load_words(np_lexicon *lx, const char *datadir, np_error *err);
/* The same, reporting to rep (yamltree.h): with rep->each set, every
 * problem, loading what can be. */
struct np_yreport;
int np_lexicon_load_words_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep);

/* Adds every token of s (tokenized like text) to the vocabulary and writes
 * their vocabulary ids into *ids (grown as needed); returns the count. */
size_t np_lexicon_add_phrase(np_lexicon *lx, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap);

#endif

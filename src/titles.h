/*
 * titles.h: titles and role nouns (rules/titles.yaml): "Prime Minister",
 * "press secretary", "Chief Cabinet Secretary". Owns their table, a phrase
 * trie to find them in a sentence, and the modifiers that may precede them
 * ("former", "deputy").
 */
#ifndef NP_TITLES_H
#define NP_TITLES_H

#include "doc.h"
#include "vocab.h"

enum np_title_class {
    NP_TC_LEADER, NP_TC_MINISTER, NP_TC_OFFICIAL, NP_TC_DIPLOMAT, NP_TC_ROYAL, NP_TC_BUSINESS,
    NP_TC_MILITARY, NP_TC_RELIGIOUS, NP_TC_LEGISLATOR, NP_TC_MEDIA, NP_TC_FAMILY
};

typedef struct np_title {
    uint32_t role;   /* pool offset: the role's name */
    uint8_t cls;     /* np_title_class */
} np_title;

typedef struct np_titles {
    np_title *items;
    size_t n, cap;
    np_trie phrases;  /* payload: index into items */
} np_titles;

struct np_yreport;

/* Loads rules/titles.yaml of datadir, adding its words to lx; NULL with
 * "file:line:col: what is wrong" in err. */
np_titles *np_titles_load(np_lexicon *lx, const char *datadir, np_error *err);
/* The same, reporting to rep (yamltree.h): with rep->each set, every
 * problem, and the table of what could be loaded. */
np_titles *np_titles_load_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep);
void np_titles_free(np_titles *t);

/* The longest title phrase starting at token i of the segment (not past
 * end): returns its length in tokens (0: none) and sets *title. Leading
 * modifiers (NP_LEX_... "former") are not part of the phrase. */
size_t np_title_at(const np_titles *titles, const np_doc *doc, size_t i, size_t end, uint32_t *title);

/* The title (index) that ends right before token i, skipping an honorific,
 * or NP_NONE; *tb is set to the title's first token. sb: the sentence's
 * first token. */
uint32_t np_title_before(const np_titles *titles, const np_doc *doc, size_t sb, size_t i, size_t *tb);

const char *np_title_class_name(int cls);

#endif

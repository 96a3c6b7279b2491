/*
 * gazetteer.h: the names nerpipe knows (gazetteers/README.md documents
 * the YAML format).
 *
 * Owns loading and validating gazetteer files, the entry table, and the
 * name trie: every name, alias, derived family name and demonym is a path
 * of vocabulary ids in one trie whose nodes list candidates (entry +
 * how it was named). Several entries may share a name (Georgia the
 * country and the US state); the entities stage chooses among them.
 */
#ifndef NP_GAZETTEER_H
#define NP_GAZETTEER_H

#include "vocab.h"

/* Entry flags. */
enum { NP_GE_COORD = 1, NP_GE_CASE = 2 };

typedef struct np_gz_entry {
    uint32_t id, name, subtype; /* pool offsets */
    uint32_t attrs;      /* pool offset of a JSON object with the other keys, or 0 */
    uint32_t family;     /* people: pool offset of the family name as written, or 0 */
    uint32_t given_key, family_key; /* people: pool offsets of the keys of the name's first and
                                       last word (np_gz_person_keys), or 0 for none */
    uint32_t located_in; /* entry index + 1, or 0 */
    uint32_t capital;    /* entry index + 1, or 0 */
    uint32_t roles, nroles; /* range in the role table */
    uint32_t file, line; /* where it was defined: file name pool offset, line */
    float lat, lon;
    float prior;         /* ranks entries that share a name; larger wins */
    float population;
    char country[4];     /* ISO 3166-1 alpha-2, or "" */
    uint8_t type;        /* np_etype */
    uint8_t flags;       /* NP_GE_* */
    uint8_t pad[2];
} np_gz_entry;

/* The keys (np_tokenize_keys) of the first and the last word of a
 * person's name, the last one family's (as written) when family is not
 * NULL; NULL for none (a name of one word and no family name). Malloc'ed:
 * the caller frees them. The loader stores those of every person entry
 * (given_key, family_key). */
void np_gz_person_keys(const np_lexicon *lx, const char *name, const char *family, char **given_key,
                       char **family_key);

typedef struct np_gz_role {
    uint32_t title;      /* pool offset, lowercase */
    uint32_t of;         /* entry index + 1, or 0 */
    char from[12], to[12]; /* "" when open */
} np_gz_role;

/* How a candidate names its entry. */
enum {
    NP_GC_NAME = 1,      /* the canonical name */
    NP_GC_ALIAS = 2,     /* an alias */
    NP_GC_FAMILY = 4,    /* the family name nerpipe derived */
    NP_GC_DEMONYM = 8,   /* a demonym: nationality, not a mention */
    NP_GC_WEAK = 16,     /* only when the entry is named otherwise in the document */
    NP_GC_CASE = 32,     /* matches only with the case written */
    NP_GC_DEAD = 64      /* its entry was replaced (replace: true) */
};

typedef struct np_gz_cand {
    uint32_t entry;
    uint32_t text;       /* pool offset of the name as written */
    uint32_t casekey;    /* pool offset of its case-kept key (NP_GC_CASE), else 0 */
    uint16_t flags;
    uint16_t ntok;
} np_gz_cand;

/* A role of a person, keyed by what it is an office of: a country (the
 * country of the place it is "of") or, with country "", an organization
 * (of: its entry + 1). */
typedef struct np_gz_office {
    char country[4];
    uint32_t of;
    uint32_t role;       /* index in the role table */
    uint32_t entry;      /* the person who held it */
} np_gz_office;

/* The term of a role as numbers, read once (np_doc's np_date fields):
 * from and to with their precision (0 open, 1 year, 2 month, 3 day;
 * -1 unreadable, which no date is within). */
typedef struct np_gz_term {
    int16_t from_y, to_y;
    int8_t from_m, from_d, from_prec, to_m, to_d, to_prec;
} np_gz_term;

typedef struct np_gazetteer {
    np_gz_entry *entries;
    size_t n, cap;
    np_gz_role *roles;
    size_t nroles, roles_cap;
    np_gz_cand *cands;
    size_t ncands, cands_cap;
    np_trie names;       /* payload: candidate index */
    uint32_t *id_slots;  /* id → entry index + 1 */
    size_t nid_slots;
    size_t nfiles;
    /* built after loading (np_gazetteer_index_offices) and stored in a
     * compiled model: */
    np_gz_office *offices; /* sorted by country, then of */
    size_t noffices;
    np_gz_term *terms;     /* one per role */
    size_t nterms;         /* nroles */
} np_gazetteer;

/* Builds g->offices and g->terms from the roles of people
 * (np_gazetteer_load does it; a compiled model holds them);
 * np_gazetteer_free_offices frees them. */
void np_gazetteer_index_offices(np_gazetteer *g);
void np_gazetteer_free_offices(np_gazetteer *g);

/* A compiled model's tables are not checked when it is mapped
 * (modelfile.h), so the stages check the gazetteer's where they enter:
 * an entry is sound when it is inside the table, its type is one, its
 * references (located_in, capital, its range of roles) are inside their
 * tables, its country code ends with a NUL and its numbers are finite (its
 * strings are pool offsets, which the pool reads safely whatever they
 * are: vocab.h; a role's of is followed through np_gazetteer_ref, and its
 * dates are read no further than their 12 bytes). Every entry index the stages
 * keep is of a sound entry: candidates come through np_gazetteer_cand and
 * are kept only when their entry is sound, references are followed
 * through np_gazetteer_ref, offices are checked before use. A damaged
 * entry is one the stages never see. */
int np_gazetteer_entry_ok(const np_gazetteer *g, size_t i);
/* The entry that ref (an entry index + 1, or 0 for none) names, when it is
 * sound; else -1. */
long np_gazetteer_ref(const np_gazetteer *g, uint32_t ref);
/* Candidate k (a value of the name trie) when it is inside the table,
 * names at least one token and its entry index is inside the entry table
 * (so that the entry's fields may be read, not yet trusted: its soundness
 * is checked before the candidate is kept); else NULL. */
static inline const np_gz_cand *np_gazetteer_cand(const np_gazetteer *g, uint32_t k)
{
    const np_gz_cand *c = k < g->ncands ? &g->cands[k] : NULL;
    return c && c->ntok && c->entry < g->n ? c : NULL;
}

/* The node of the name trie after the one word whose vocabulary id
 * (index + 1, 0 for none) is vocab and whose word classes are lex, or -1
 * when no name starts with it. Only words with NP_LEX_NAME_FIRST start
 * one, so most words cost no probe of the trie. */
static inline long np_gazetteer_first(const np_gazetteer *g, uint32_t vocab, uint32_t lex)
{
    return vocab && (lex & NP_LEX_NAME_FIRST) ? np_trie_child(&g->names, 0, vocab - 1) : -1;
}

/* The offices of country cc (of == 0), or of organization entry of - 1
 * (cc ""), as a range of g->offices; *n is its length. */
const np_gz_office *np_gazetteer_offices(const np_gazetteer *g, const char *cc, uint32_t of, size_t *n);

/* Loads gazetteers/ of datadir and then each extra path (file or
 * directory), adding their names to lx. NULL with "file:line:col: what is
 * wrong" in err. */
np_gazetteer *np_gazetteer_load(np_lexicon *lx, const char *datadir, const char *const *extra, size_t nextra,
                                np_error *err);
/* The same, reporting to rep (yamltree.h): with rep->each set, every
 * problem, and the entries that could be loaded (an unsound entry whose
 * id is sound is kept, with no names, so that references to it resolve).
 * datadir may be NULL: the extra paths only. */
struct np_yreport;
np_gazetteer *np_gazetteer_load_report(np_lexicon *lx, const char *datadir, const char *const *extra, size_t nextra,
                                       struct np_yreport *rep);
void np_gazetteer_free(np_gazetteer *g);

/* The entry with this id, or -1. */
long np_gazetteer_find(const np_gazetteer *g, const np_lexicon *lx, const char *id);

#endif

/*
 * model.h: everything nerpipe loads from its data directory before it
 * reads a document: word lists and abbreviations (rules/sentences.yaml,
 * rules/lexicon/), title phrases, gazetteers and relation rules. A model
 * is built once and then only read, so one model serves any number of
 * documents.
 *
 * The data directory is, in order: the one given, $NERPIPE_DATA, the
 * installed $(pkgdatadir). (The command line adds the source tree when
 * nerpipe runs from its build tree: cli.c.)
 */
#ifndef NP_MODEL_H
#define NP_MODEL_H

#include "np.h"
#include "vocab.h"

struct np_dates;
struct np_gazetteer;
struct np_ruleset;
struct np_titles;

/* np_model_opts is the public one (nerpipe.h, through np.h): datadir (NULL:
 * $NERPIPE_DATA, else the installed data), extra_gazetteers (--gazetteer
 * paths); the loaders below ignore its compiled. */

typedef struct np_model {
    char *datadir;
    np_lexicon lex;              /* pool, vocabulary, phrases (vocab.h) */
    struct np_titles *titles;    /* titles.h */
    struct np_dates *dates;      /* dates.h */
    struct np_gazetteer *gaz;    /* gazetteer.h */
    struct np_ruleset *rules;    /* rules.h */
    double load_seconds;
    void *map;                   /* a compiled model mapped from disk (modelfile.h), or NULL */
    size_t map_size;
    const char *origin;          /* "yaml", "mapped" (from a compiled model) or "rebuilt" (it was) */
    uint32_t *role_titles;       /* per gazetteer role: the title item (titles.h) its title reads as
                                    ("premier" as "prime minister"), or NP_NONE; built after loading
                                    (np_model_read_role_titles) and stored in a compiled model */
    void **copies;               /* a mapped model's tables copied out of the file, when asked
                                    (modelfile.h: NP_MF_COPY_TABLES), freed with it */
    size_t ncopies, copies_cap;
} np_model;

/* The data directory nerpipe uses for opt (caller frees), or NULL with err
 * set when none exists (datadir.h, plus the build tree's source data). */
char *np_model_find_datadir(const char *opt, np_error *err);

/* Loads the model; NULL with err set ("file:line:col: what is wrong"). */
np_model *np_model_load(const np_model_opts *opts, np_error *err);
/* For nerpipe check (datacheck.h): loads the model of datadir in the same
 * order, with the gazetteers of the n files or directories gazetteers only
 * (the data directory's are not implied), reporting every problem to rep
 * (yamltree.h; rep->each must be set). Returns the model of what could
 * be loaded (caller frees). */
struct np_yreport;
np_model *np_model_check(const char *datadir, const char *const *gazetteers, size_t n, struct np_yreport *rep);
/* Loads only the word lists (for tests of the tokenizer and splitter). */
np_model *np_model_load_words(const char *datadir, np_error *err);
void np_model_free(np_model *m);
/* Fills m->role_titles (np_model_load does it; a compiled model holds
 * them). */
void np_model_read_role_titles(np_model *m);

/* The string at pool offset off. */
static inline const char *np_model_str(const np_model *m, uint32_t off)
{
    return np_pool_str(&m->lex.pool, off);
}

#endif

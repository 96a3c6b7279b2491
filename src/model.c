/*
 * model.c: loading the model (model.h): the lexicon (lexicon.h), then
 * titles, dates, gazetteers and rules through their own loaders, in that
 * order (vocabulary ids and word classes accumulate), for nerpipe and for
 * nerpipe check.
 */
#define _DEFAULT_SOURCE /* DT_DIR, realpath */
#include "model.h"

#include "config.h"
#include "datadir.h"
#include "dates.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "rules.h"
#include "titles.h"
#include "tokenizer.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The data directory for opt: --data=DIR, $NERPIPE_DATA, the installed
 * one. (The command line, not the library, knows the build tree: it
 * passes the source tree as opt when it runs from there.) */
char *np_model_find_datadir(const char *opt, np_error *err)
{
    return np_find_datadir(opt, NULL, err);
}

np_model *np_model_load_words(const char *datadir, np_error *err)
{
    np_model *m = np_xcalloc(1, sizeof *m);
    m->datadir = np_xstrdup(datadir);
    if (np_lexicon_load_words(&m->lex, m->datadir, err) < 0) {
        np_model_free(m);
        return NULL;
    }
    np_trie_finish(&m->lex.phrases);
    return m;
}

np_model *np_model_load(const np_model_opts *opts, np_error *err)
{
    double t0 = np_now();
    char *dir = np_model_find_datadir(opts->datadir, err);
    if (!dir)
        return NULL;
    np_model *m = np_xcalloc(1, sizeof *m);
    m->datadir = dir;
    if (np_lexicon_load_words(&m->lex, m->datadir, err) < 0)
        goto fail;
    m->titles = np_titles_load(&m->lex, m->datadir, err);
    if (!m->titles)
        goto fail;
    m->dates = np_dates_load(&m->lex, m->datadir, err);
    if (!m->dates)
        goto fail;
    m->gaz = np_gazetteer_load(&m->lex, m->datadir, opts->extra_gazetteers, opts->nextra_gazetteers, err);
    if (!m->gaz)
        goto fail;
    m->rules = np_rules_load(&m->lex, m->datadir, err);
    if (!m->rules)
        goto fail;
    np_trie_finish(&m->lex.phrases);
    np_model_read_role_titles(m);
    m->load_seconds = np_now() - t0;
    m->origin = "yaml";
    return m;
fail:
    np_model_free(m);
    return NULL;
}

np_model *np_model_check(const char *datadir, const char *const *gazetteers, size_t n, struct np_yreport *rep)
{
    np_model *m = np_xcalloc(1, sizeof *m);
    m->datadir = np_xstrdup(datadir);
    np_lexicon_load_words_report(&m->lex, m->datadir, rep);
    m->titles = np_titles_load_report(&m->lex, m->datadir, rep);
    m->dates = np_dates_load_report(&m->lex, m->datadir, rep);
    m->gaz = np_gazetteer_load_report(&m->lex, NULL, gazetteers, n, rep);
    m->rules = np_rules_load_report(&m->lex, m->datadir, rep);
    np_trie_finish(&m->lex.phrases);
    m->origin = "yaml";
    return m;
}

/* The title item that a gazetteer role title spells as a title phrase,
 * or NP_NONE when it is none. */
static uint32_t read_title(const np_model *m, const char *title, np_buf *keys)
{
    keys->len = 0;
    size_t n = np_tokenize_keys(&m->lex, title, strlen(title), keys, 1);
    const char *k = keys->data;
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        size_t kl = strlen(k);
        uint32_t id = np_lexicon_lookup(&m->lex, k, kl);
        long child = id ? np_trie_child(&m->titles->phrases, node, id - 1) : -1;
        if (child < 0)
            return NP_NONE;
        node = (uint32_t)child;
        k += kl + 1;
    }
    size_t cnt;
    const uint32_t *vals = np_trie_values(&m->titles->phrases, node, &cnt);
    return n && cnt ? vals[0] : NP_NONE;
}

void np_model_read_role_titles(np_model *m)
{
    free(m->role_titles);
    m->role_titles = NULL;
    if (!m->gaz || !m->titles || !m->gaz->nroles)
        return;
    m->role_titles = np_xmalloc(m->gaz->nroles * sizeof *m->role_titles);
    np_buf keys = {0};
    for (size_t r = 0; r < m->gaz->nroles; r++)
        m->role_titles[r] = read_title(m, np_model_str(m, m->gaz->roles[r].title), &keys);
    np_buf_free(&keys);
}

void np_model_free(np_model *m)
{
    if (!m)
        return;
    if (m->map) {
        /* mapped (modelfile.h): the tables live in the mapping (or in
         * copies of it); free only the containers */
        munmap(m->map, m->map_size);
        for (size_t i = 0; i < m->ncopies; i++)
            free(m->copies[i]);
        free(m->copies);
        free(m->titles);
        free(m->dates);
        free(m->gaz);
        if (m->rules)
            free(m->rules->lists);
        free(m->rules);
        free(m->datadir);
        free(m);
        return;
    }
    free(m->role_titles);
    np_gazetteer_free(m->gaz);
    np_rules_free(m->rules);
    np_titles_free(m->titles);
    np_dates_free(m->dates);
    np_trie_free(&m->lex.phrases);
    np_vocab_free(&m->lex.vocab);
    np_pool_free(&m->lex.pool);
    free(m->datadir);
    free(m);
}

/*
 * model.c: loading the model (model.h):
 * the sentence-splitting word lists and the lexicons here; titles,
 * gazetteers and rules through their own modules.
 */
#define _DEFAULT_SOURCE /* DT_DIR, realpath */
#include "model.h"

#include "config.h"
#include "datadir.h"
#include "dates.h"
#include "gazetteer.h"
#include "normalize.h"
#include "rules.h"
#include "titles.h"
#include "tokenizer.h"
#include "yamltree.h"

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

/* Plain ASCII words separated by single spaces tokenize to themselves and
 * normalize to lowercase: the common case, done without the tokenizer. */
static size_t add_plain_words(np_model *m, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap)
{
    char word[128];
    size_t count = 0, len = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (len == sizeof word)
                return SIZE_MAX;
            word[len++] = (char)(c | 0x20);
        } else if (c != ' ' || len == 0 || i + 1 == n || s[i + 1] == ' ') {
            return SIZE_MAX;
        } else {
            count++;
            len = 0;
        }
    }
    if (len == 0)
        return SIZE_MAX;
    count++;
    NP_GROW(*ids, *cap, count + 1);
    size_t k = 0;
    len = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ' ') {
            word[len++] = (char)(s[i] | 0x20);
            continue;
        }
        (*ids)[k++] = np_vocab_add(&m->vocab, &m->pool, word, len, count == 1 ? lex : 0);
        len = 0;
    }
    return count;
}

size_t np_model_add_phrase(np_model *m, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap)
{
    size_t plain = add_plain_words(m, s, n, lex, ids, cap);
    if (plain != SIZE_MAX)
        return plain;
    np_buf keys = {0};
    size_t count = np_tokenize_keys(m, s, n, &keys, 1);
    NP_GROW(*ids, *cap, count + 1);
    const char *k = keys.data;
    for (size_t i = 0; i < count; i++) {
        size_t kl = strlen(k);
        (*ids)[i] = np_vocab_add(&m->vocab, &m->pool, k, kl, count == 1 ? lex : 0);
        k += kl + 1;
    }
    np_buf_free(&keys);
    return count;
}

/* Adds each scalar of list as a single-word entry with class lex; multi-word
 * items go to the phrase trie. */
static int add_words(np_model *m, const char *file, const np_ynode *list, uint32_t lex, np_error *err)
{
    if (!list || list->type != NP_Y_SEQ) {
        np_yerror(err, file, list ? list->line : 1, list ? list->col : 1, "expected a list of words");
        return -1;
    }
    uint32_t *ids = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *w = list->items[i];
        if (w->type != NP_Y_SCALAR || w->len == 0) {
            np_yerror(err, file, w->line, w->col, "a word must be a non-empty string");
            free(ids);
            return -1;
        }
        size_t count = np_model_add_phrase(m, w->str, w->len, lex, &ids, &cap);
        if (count > 1)
            np_trie_insert(&m->phrases, ids, count, lex);
    }
    free(ids);
    return 0;
}

static int load_sentences(np_model *m, np_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/sentences.yaml", m->datadir);
    np_ynode *root = np_ytree_load(path, err);
    if (!root)
        return -1;
    int rc = -1;
    if (root->type != NP_Y_MAP) {
        np_yerror(err, path, root->line, root->col, "the top level must be a mapping");
        goto out;
    }
    static const struct {
        const char *key;
        uint32_t lex;
    } lists[] = {{"title_abbreviations", NP_LEX_ABBR_TITLE},
                 {"abbreviations", NP_LEX_ABBR},
                 {"number_abbreviations", NP_LEX_ABBR_NUM},
                 {"sentence_starters", NP_LEX_STARTER}};
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const np_ynode *k = root->items[i];
        size_t j;
        for (j = 0; j < sizeof lists / sizeof *lists; j++)
            if (k->type == NP_Y_SCALAR && strcmp(k->str, lists[j].key) == 0)
                break;
        if (j == sizeof lists / sizeof *lists) {
            if (k->type == NP_Y_SCALAR && strcmp(k->str, "description") == 0)
                continue;
            np_yerror(err, path, k->line, k->col, "unknown key '%s' (expected title_abbreviations, "
                      "abbreviations, number_abbreviations or sentence_starters)", k->str ? k->str : "");
            goto out;
        }
        /* Abbreviations are single words, keyed without their period. */
        const np_ynode *list = root->items[i + 1];
        if (list->type != NP_Y_SEQ) {
            np_yerror(err, path, list->line, list->col, "'%s' must be a list", k->str);
            goto out;
        }
        for (size_t w = 0; w < list->n; w++) {
            const np_ynode *item = list->items[w];
            if (item->type != NP_Y_SCALAR || !item->len) {
                np_yerror(err, path, item->line, item->col, "a word must be a non-empty string");
                goto out;
            }
            size_t len = item->len;
            if (lists[j].lex != NP_LEX_STARTER && item->str[len - 1] == '.')
                len--;
            char *key = np_normalize_dup(item->str, len, 1);
            np_vocab_add(&m->vocab, &m->pool, key, strlen(key), lists[j].lex);
            free(key);
        }
    }
    rc = 0;
out:
    np_ynode_free(root);
    return rc;
}

static const struct {
    const char *name;
    uint32_t lex;
} lexicon_classes[] = {
    {"common-words", NP_LEX_COMMON},     {"given-names", NP_LEX_GIVEN},
    {"common-surnames", NP_LEX_SURNAME}, {"name-particles", NP_LEX_PARTICLE},
    {"honorifics", NP_LEX_HONORIFIC},    {"function-words", NP_LEX_FUNCTION},
    {"org-heads", NP_LEX_ORG_HEAD},      {"place-heads", NP_LEX_PLACE_HEAD},
    {"person-cues", NP_LEX_PERSON_CUE},  {"name-stops", NP_LEX_NAME_STOP},
    {"report-verbs", NP_LEX_REPORT_VERB}, {"org-words", NP_LEX_ORG_WORD},
    {"months", NP_LEX_MONTH},            {"weekdays", NP_LEX_WEEKDAY},
};

static int load_lexicon(np_model *m, const char *path, np_error *err)
{
    np_ynode *root = np_ytree_load(path, err);
    if (!root)
        return -1;
    int rc = -1;
    const np_ynode *name = np_ymap_get(root, "lexicon"), *words = np_ymap_get(root, "words");
    if (root->type != NP_Y_MAP) {
        np_yerror(err, path, root->line, root->col, "the top level must be a mapping");
        goto out;
    }
    if (!name || name->type != NP_Y_SCALAR) {
        np_yerror(err, path, root->line, root->col, "missing 'lexicon: NAME'");
        goto out;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const char *k = root->items[i]->str;
        if (!k || (strcmp(k, "lexicon") && strcmp(k, "words") && strcmp(k, "description"))) {
            np_yerror(err, path, root->items[i]->line, root->items[i]->col,
                      "unknown key '%s' (expected lexicon, description, words)", k ? k : "");
            goto out;
        }
    }
    uint32_t lex = 0;
    for (size_t i = 0; i < sizeof lexicon_classes / sizeof *lexicon_classes; i++)
        if (strcmp(name->str, lexicon_classes[i].name) == 0)
            lex = lexicon_classes[i].lex;
    if (!lex) {
        np_yerror(err, path, name->line, name->col, "unknown lexicon '%s'", name->str);
        goto out;
    }
    if (!words) {
        np_yerror(err, path, root->line, root->col, "missing 'words'");
        goto out;
    }
    rc = add_words(m, path, words, lex, err);
out:
    np_ynode_free(root);
    return rc;
}

static int load_words(np_model *m, np_error *err)
{
    if (load_sentences(m, err) < 0)
        return -1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/rules/lexicon", m->datadir);
    if (!np_is_dir(dir))
        return 0;
    char **files;
    size_t n;
    if (np_list_yaml(dir, &files, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && load_lexicon(m, files[i], err) < 0)
            rc = -1;
        free(files[i]);
    }
    free(files);
    return rc;
}


np_model *np_model_load_words(const char *datadir, np_error *err)
{
    np_model *m = np_xcalloc(1, sizeof *m);
    m->datadir = np_xstrdup(datadir);
    if (load_words(m, err) < 0) {
        np_model_free(m);
        return NULL;
    }
    np_trie_finish(&m->phrases);
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
    if (load_words(m, err) < 0)
        goto fail;
    m->titles = np_titles_load(m, err);
    if (!m->titles)
        goto fail;
    m->dates = np_dates_load(m, err);
    if (!m->dates)
        goto fail;
    m->gaz = np_gazetteer_load(m, opts->extra_gazetteers, opts->nextra_gazetteers, err);
    if (!m->gaz)
        goto fail;
    m->rules = np_rules_load(m, err);
    if (!m->rules)
        goto fail;
    np_trie_finish(&m->phrases);
    m->load_seconds = np_now() - t0;
    m->origin = "yaml";
    return m;
fail:
    np_model_free(m);
    return NULL;
}

void np_model_free(np_model *m)
{
    if (!m)
        return;
    if (m->map) {
        /* mapped (modelfile.h): the tables live in the mapping; free only
         * the containers */
        munmap(m->map, m->map_size);
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
    np_gazetteer_free(m->gaz);
    np_rules_free(m->rules);
    np_titles_free(m->titles);
    np_dates_free(m->dates);
    np_trie_free(&m->phrases);
    np_vocab_free(&m->vocab);
    np_pool_free(&m->pool);
    free(m->datadir);
    free(m);
}

/*
 * lexicon.c: building the lexicon (lexicon.h): the sentence-splitting
 * word lists (rules/sentences.yaml), the word-class lexicons
 * (rules/lexicon/) and the phrases every loader adds.
 */
#include "lexicon.h"

#include "datadir.h"
#include "normalize.h"
#include "tokenizer.h"
#include "yamltree.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Plain ASCII words separated by single spaces tokenize to themselves and
 * normalize to lowercase: the common case, done without the tokenizer. */
static size_t add_plain_words(np_lexicon *lx, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap)
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
        (*ids)[k++] = np_vocab_add(&lx->vocab, &lx->pool, word, len, count == 1 ? lex : 0);
        len = 0;
    }
    return count;
}

size_t np_lexicon_add_phrase(np_lexicon *lx, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap)
{
    size_t plain = add_plain_words(lx, s, n, lex, ids, cap);
    if (plain != SIZE_MAX)
        return plain;
    np_buf keys = {0};
    size_t count = np_tokenize_keys(lx, s, n, &keys, 1);
    NP_GROW(*ids, *cap, count + 1);
    const char *k = keys.data;
    for (size_t i = 0; i < count; i++) {
        size_t kl = strlen(k);
        (*ids)[i] = np_vocab_add(&lx->vocab, &lx->pool, k, kl, count == 1 ? lex : 0);
        k += kl + 1;
    }
    np_buf_free(&keys);
    return count;
}

typedef struct loader {
    np_lexicon *lx;
    np_yreport *rep;
    const char *path;
} loader;

/* Adds each scalar of list as a single-word entry with class lex; multi-word
 * items go to the phrase trie. */
static void add_words(loader *ld, const np_ynode *list, uint32_t lex)
{
    if (!list || list->type != NP_Y_SEQ) {
        np_yreport_at(ld->rep, ld->path, list ? list->line : 1, list ? list->col : 1, "expected a list of words");
        return;
    }
    uint32_t *ids = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < list->n && !np_yreport_stop(ld->rep); i++) {
        const np_ynode *w = list->items[i];
        if (w->type != NP_Y_SCALAR || w->len == 0) {
            np_yreport_at(ld->rep, ld->path, w->line, w->col, "a word must be a non-empty string");
            continue;
        }
        size_t count = np_lexicon_add_phrase(ld->lx, w->str, w->len, lex, &ids, &cap);
        if (count > 1)
            np_trie_insert(&ld->lx->phrases, ids, count, lex);
    }
    free(ids);
}

/* A list of rules/sentences.yaml (f->code: its word class). Abbreviations
 * are single words, keyed without their period. */
static int add_sentence_words(void *ctx, const np_yfield *f, const np_ynode *list)
{
    loader *ld = ctx;
    uint32_t lex = (uint32_t)f->code;
    for (size_t w = 0; w < list->n && !np_yreport_stop(ld->rep); w++) {
        const np_ynode *item = list->items[w];
        if (item->type != NP_Y_SCALAR || !item->len) {
            np_yreport_at(ld->rep, ld->path, item->line, item->col, "a word must be a non-empty string");
            continue;
        }
        size_t len = item->len;
        if (lex != NP_LEX_STARTER && item->str[len - 1] == '.')
            len--;
        char *key = np_normalize_dup(item->str, len, 1);
        np_vocab_add(&ld->lx->vocab, &ld->lx->pool, key, strlen(key), lex);
        free(key);
    }
    return 0;
}

static const char must_be_list[] = "'%s' must be a list";
static const np_yfield sentence_fields[] = {
    {"description", NP_Y_ANY, 0, NULL, NULL, 0},
    {"title_abbreviations", NP_Y_SEQ, 0, must_be_list, add_sentence_words, NP_LEX_ABBR_TITLE},
    {"abbreviations", NP_Y_SEQ, 0, must_be_list, add_sentence_words, NP_LEX_ABBR},
    {"number_abbreviations", NP_Y_SEQ, 0, must_be_list, add_sentence_words, NP_LEX_ABBR_NUM},
    {"sentence_starters", NP_Y_SEQ, 0, must_be_list, add_sentence_words, NP_LEX_STARTER},
};
static const np_ykeys sentence_keys = {sentence_fields, sizeof sentence_fields / sizeof *sentence_fields,
                                       "the top level must be a mapping",
                                       "unknown key '%s' (expected title_abbreviations, abbreviations, "
                                       "number_abbreviations or sentence_starters)",
                                       NULL};

/* Reads path whole; NULL (reported) when it cannot be. */
static np_ynode *load_tree(np_yreport *rep, const char *path)
{
    np_error yerr;
    np_ynode *root = np_ytree_load(path, &yerr);
    if (!root)
        np_yreport_error(rep, &yerr);
    return root;
}

static void load_sentences(np_lexicon *lx, const char *datadir, np_yreport *rep)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/sentences.yaml", datadir);
    np_ynode *root = load_tree(rep, path);
    loader ld = {lx, rep, path};
    if (root)
        np_ywalk(rep, path, root, &sentence_keys, NULL, NULL, &ld);
    np_ynode_free(root);
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
    {"org-heads-formal", NP_LEX_ORG_FORMAL}, {"org-heads-generic", NP_LEX_ORG_GENERIC},
    {"building-heads", NP_LEX_BUILDING}, {"event-heads", NP_LEX_EVENT_HEAD},
    {"place-given-names", NP_LEX_PLACE_GIVEN}, {"team-prefixes", NP_LEX_TEAM_PREFIX},
    {"web-suffixes", NP_LEX_WEB_SUFFIX}, {"company-forms", NP_LEX_COMPANY_FORM},
    {"credit-words", NP_LEX_CREDIT},
};

enum { L_LEXICON, L_DESCRIPTION, L_WORDS, L_N };
static const np_yfield lexicon_fields[L_N] = {
    [L_LEXICON] = {"lexicon", NP_Y_SCALAR, NP_YF_REQUIRED, "missing 'lexicon: NAME'", NULL, 0},
    [L_DESCRIPTION] = {"description", NP_Y_ANY, 0, NULL, NULL, 0},
    [L_WORDS] = {"words", NP_Y_ANY, 0, NULL, NULL, 0},
};
static const np_ykeys lexicon_keys = {lexicon_fields, L_N, "the top level must be a mapping",
                                      "unknown key '%s' (expected lexicon, description, words)", NULL};

/* A file of rules/lexicon/: one word class. */
static void load_lexicon(np_lexicon *lx, const char *path, np_yreport *rep)
{
    np_ynode *root = load_tree(rep, path);
    if (!root)
        return;
    const np_ynode *v[L_N];
    if ((np_ywalk(rep, path, root, &lexicon_keys, NULL, v, NULL) < 0 && np_yreport_stop(rep)) || !v[L_LEXICON]) {
        np_ynode_free(root);
        return;
    }
    const np_ynode *name = v[L_LEXICON];
    uint32_t lex = 0;
    for (size_t i = 0; i < sizeof lexicon_classes / sizeof *lexicon_classes; i++)
        if (strcmp(name->str, lexicon_classes[i].name) == 0)
            lex = lexicon_classes[i].lex;
    loader ld = {lx, rep, path};
    if (!lex)
        np_yreport_at(rep, path, name->line, name->col, "unknown lexicon '%s'", name->str);
    else if (!v[L_WORDS])
        np_yreport_at(rep, path, root->line, root->col, "missing 'words'");
    else
        add_words(&ld, v[L_WORDS], lex);
    np_ynode_free(root);
}

int np_lexicon_load_words_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep)
{
    size_t n0 = rep->n;
    load_sentences(lx, datadir, rep);
    if (np_yreport_stop(rep))
        return -1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/rules/lexicon", datadir);
    if (!np_is_dir(dir))
        return rep->n > n0 ? -1 : 0;
    char **files;
    size_t n;
    np_error lerr;
    if (np_list_yaml(dir, &files, &n, &lerr) < 0)
        return np_yreport_error(rep, &lerr);
    for (size_t i = 0; i < n; i++) {
        if (!np_yreport_stop(rep))
            load_lexicon(lx, files[i], rep);
        free(files[i]);
    }
    free(files);
    return rep->n > n0 ? -1 : 0;
}

int np_lexicon_load_words(np_lexicon *lx, const char *datadir, np_error *err)
{
    np_yreport rep = {err, NULL, NULL, 0};
    return np_lexicon_load_words_report(lx, datadir, &rep);
}

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

/* Adds each scalar of list as a single-word entry with class lex; multi-word
 * items go to the phrase trie. */
static int add_words(np_lexicon *lx, const char *file, const np_ynode *list, uint32_t lex, np_error *err)
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
        size_t count = np_lexicon_add_phrase(lx, w->str, w->len, lex, &ids, &cap);
        if (count > 1)
            np_trie_insert(&lx->phrases, ids, count, lex);
    }
    free(ids);
    return 0;
}

static int load_sentences(np_lexicon *lx, const char *datadir, np_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/sentences.yaml", datadir);
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
            np_vocab_add(&lx->vocab, &lx->pool, key, strlen(key), lists[j].lex);
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

static int load_lexicon(np_lexicon *lx, const char *path, np_error *err)
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
    rc = add_words(lx, path, words, lex, err);
out:
    np_ynode_free(root);
    return rc;
}

int np_lexicon_load_words(np_lexicon *lx, const char *datadir, np_error *err)
{
    if (load_sentences(lx, datadir, err) < 0)
        return -1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/rules/lexicon", datadir);
    if (!np_is_dir(dir))
        return 0;
    char **files;
    size_t n;
    if (np_list_yaml(dir, &files, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && load_lexicon(lx, files[i], err) < 0)
            rc = -1;
        free(files[i]);
    }
    free(files);
    return rc;
}

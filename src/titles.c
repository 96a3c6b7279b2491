/*
 * titles.c: loading rules/titles.yaml and finding titles in text (see
 * titles.h).
 */
#include "titles.h"

#include "lexicon.h"
#include "yamltree.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *class_names[] = {"leader", "minister", "official", "diplomat", "royal", "business",
                                    "military", "religious", "legislator", "media", "family"};

const char *np_title_class_name(int cls)
{
    return cls >= 0 && cls < (int)(sizeof class_names / sizeof *class_names) ? class_names[cls] : "?";
}

static int parse_class(const char *s)
{
    for (int i = 0; i < (int)(sizeof class_names / sizeof *class_names); i++)
        if (strcmp(s, class_names[i]) == 0)
            return i;
    return -1;
}

np_titles *np_titles_load(np_lexicon *lx, const char *datadir, np_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/titles.yaml", datadir);
    np_ynode *root = np_ytree_load(path, err);
    if (!root)
        return NULL;
    np_titles *t = np_xcalloc(1, sizeof *t);
    uint32_t *ids = NULL;
    size_t ids_cap = 0;
    int ok = 0;
    if (root->type != NP_Y_MAP) {
        np_yerror(err, path, root->line, root->col, "the top level must be a mapping");
        goto out;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const np_ynode *k = root->items[i], *v = root->items[i + 1];
        const char *ks = k->type == NP_Y_SCALAR ? k->str : "";
        if (!strcmp(ks, "description"))
            continue;
        if (!strcmp(ks, "modifiers")) {
            if (v->type != NP_Y_SEQ) {
                np_yerror(err, path, v->line, v->col, "'modifiers' must be a list of words");
                goto out;
            }
            for (size_t w = 0; w < v->n; w++) {
                if (v->items[w]->type != NP_Y_SCALAR || !v->items[w]->len) {
                    np_yerror(err, path, v->items[w]->line, v->items[w]->col, "a modifier must be a word");
                    goto out;
                }
                np_lexicon_add_phrase(lx, v->items[w]->str, v->items[w]->len, NP_LEX_TITLE, &ids, &ids_cap);
            }
            continue;
        }
        if (strcmp(ks, "titles")) {
            np_yerror(err, path, k->line, k->col, "unknown key '%s' (expected description, modifiers, titles)", ks);
            goto out;
        }
        if (v->type != NP_Y_SEQ) {
            np_yerror(err, path, v->line, v->col, "'titles' must be a list");
            goto out;
        }
        for (size_t j = 0; j < v->n; j++) {
            const np_ynode *item = v->items[j];
            const np_ynode *role = np_ymap_get(item, "role"), *cls = np_ymap_get(item, "class"),
                           *phrases = np_ymap_get(item, "phrases");
            if (item->type != NP_Y_MAP || !role || role->type != NP_Y_SCALAR || !phrases || phrases->type != NP_Y_SEQ) {
                np_yerror(err, path, item->line, item->col, "a title needs 'role' and a list of 'phrases'");
                goto out;
            }
            for (size_t q = 0; q + 1 < item->n; q += 2) {
                const char *qk = item->items[q]->str ? item->items[q]->str : "";
                if (strcmp(qk, "role") && strcmp(qk, "class") && strcmp(qk, "phrases")) {
                    np_yerror(err, path, item->items[q]->line, item->items[q]->col,
                              "unknown key '%s' in a title (expected role, class, phrases)", qk);
                    goto out;
                }
            }
            int c = cls && cls->type == NP_Y_SCALAR ? parse_class(cls->str) : NP_TC_OFFICIAL;
            if (c < 0) {
                np_yerror(err, path, cls->line, cls->col, "unknown title class '%s'", cls->str);
                goto out;
            }
            NP_GROW(t->items, t->cap, t->n + 1);
            memset(&t->items[t->n], 0, sizeof t->items[t->n]); /* padding too: the model is written to disk */
            t->items[t->n].role = np_pool_add(&lx->pool, role->str, role->len);
            t->items[t->n].cls = (uint8_t)c;
            for (size_t p = 0; p < phrases->n; p++) {
                const np_ynode *ph = phrases->items[p];
                if (ph->type != NP_Y_SCALAR || !ph->len) {
                    np_yerror(err, path, ph->line, ph->col, "a phrase must be a non-empty string");
                    goto out;
                }
                size_t cnt = np_lexicon_add_phrase(lx, ph->str, ph->len, NP_LEX_TITLE, &ids, &ids_cap);
                for (size_t w = 0; w < cnt; w++)
                    lx->vocab.ents[ids[w]].lex |= NP_LEX_TITLE;
                np_trie_insert(&t->phrases, ids, cnt, (uint32_t)t->n);
            }
            t->n++;
        }
    }
    np_trie_finish(&t->phrases);
    ok = 1;
out:
    free(ids);
    np_ynode_free(root);
    if (!ok) {
        np_titles_free(t);
        return NULL;
    }
    return t;
}

void np_titles_free(np_titles *t)
{
    if (!t)
        return;
    free(t->items);
    np_trie_free(&t->phrases);
    free(t);
}

size_t np_title_at(const np_titles *titles, const np_doc *doc, size_t i, size_t end, uint32_t *title)
{
    const np_trie *tr = &titles->phrases;
    uint32_t node = 0;
    size_t best = 0;
    for (size_t j = i; j < end; j++) {
        const np_token *t = &doc->toks[j];
        if (!t->vocab)
            break;
        long child = np_trie_child(tr, node, t->vocab - 1);
        if (child < 0)
            break;
        node = (uint32_t)child;
        size_t count;
        const uint32_t *vals = np_trie_values(tr, node, &count);
        if (count) {
            best = j - i + 1;
            *title = vals[0];
        }
    }
    return best;
}

uint32_t np_title_before(const np_titles *titles, const np_doc *doc, size_t sb, size_t i, size_t *tb)
{
    size_t k = i;
    /* skip honorifics right before the name */
    while (k > sb && np_tok_is_word(&doc->toks[k - 1]) && (doc->toks[k - 1].lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE)))
        k--;
    /* the longest title: "Prime Minister", not "Minister" */
    for (size_t back = k - sb < 6 ? k - sb : 6; back >= 1; back--) {
        uint32_t title;
        size_t len = np_title_at(titles, doc, k - back, k, &title);
        if (len == back) {
            *tb = k - back;
            return title;
        }
    }
    return NP_NONE;
}

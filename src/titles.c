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

/* ---- loading rules/titles.yaml ---- */

typedef struct loader {
    np_lexicon *lx;
    np_titles *t;
    np_yreport *rep;
    const char *path;
    uint32_t *ids; /* scratch vocabulary ids */
    size_t ids_cap;
} loader;

static int add_modifiers(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    (void)f;
    for (size_t w = 0; w < v->n && !np_yreport_stop(ld->rep); w++) {
        const np_ynode *m = v->items[w];
        if (m->type != NP_Y_SCALAR || !m->len)
            np_yreport_at(ld->rep, ld->path, m->line, m->col, "a modifier must be a word");
        else
            np_lexicon_add_phrase(ld->lx, m->str, m->len, NP_LEX_TITLE, &ld->ids, &ld->ids_cap);
    }
    return 0;
}

static const char needs_role[] = "a title needs 'role' and a list of 'phrases'";
enum { T_ROLE, T_CLASS, T_PHRASES, T_N };
static const np_yfield title_fields[T_N] = {
    [T_ROLE] = {"role", NP_Y_SCALAR, NP_YF_REQUIRED, needs_role, NULL, 0},
    [T_CLASS] = {"class", NP_Y_ANY, 0, NULL, NULL, 0},
    [T_PHRASES] = {"phrases", NP_Y_SEQ, NP_YF_REQUIRED, needs_role, NULL, 0},
};
static const np_ykeys title_keys = {title_fields, T_N, needs_role,
                                    "unknown key '%s' in a title (expected role, class, phrases)", NULL};

static void add_title(loader *ld, const np_ynode *item)
{
    const np_ynode *v[T_N];
    if (np_ywalk(ld->rep, ld->path, item, &title_keys, NULL, v, NULL) < 0)
        return;
    const np_ynode *cls = v[T_CLASS], *phrases = v[T_PHRASES];
    int c = cls && cls->type == NP_Y_SCALAR ? parse_class(cls->str) : NP_TC_OFFICIAL;
    if (c < 0) {
        np_yreport_at(ld->rep, ld->path, cls->line, cls->col, "unknown title class '%s'", cls->str);
        return;
    }
    np_titles *t = ld->t;
    np_lexicon *lx = ld->lx;
    NP_GROW(t->items, t->cap, t->n + 1);
    memset(&t->items[t->n], 0, sizeof t->items[t->n]); /* padding too: the model is written to disk */
    t->items[t->n].role = np_pool_add(&lx->pool, v[T_ROLE]->str, v[T_ROLE]->len);
    t->items[t->n].cls = (uint8_t)c;
    for (size_t p = 0; p < phrases->n && !np_yreport_stop(ld->rep); p++) {
        const np_ynode *ph = phrases->items[p];
        if (ph->type != NP_Y_SCALAR || !ph->len) {
            np_yreport_at(ld->rep, ld->path, ph->line, ph->col, "a phrase must be a non-empty string");
            continue;
        }
        size_t cnt = np_lexicon_add_phrase(lx, ph->str, ph->len, NP_LEX_TITLE, &ld->ids, &ld->ids_cap);
        for (size_t w = 0; w < cnt; w++)
            lx->vocab.ents[ld->ids[w]].lex |= NP_LEX_TITLE;
        np_trie_insert(&t->phrases, ld->ids, cnt, (uint32_t)t->n);
    }
    t->n++;
}

static int add_titles(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    (void)f;
    for (size_t j = 0; j < v->n && !np_yreport_stop(ld->rep); j++)
        add_title(ld, v->items[j]);
    return 0;
}

static const np_yfield top_fields[] = {
    {"description", NP_Y_ANY, 0, NULL, NULL, 0},
    {"modifiers", NP_Y_SEQ, 0, "'modifiers' must be a list of words", add_modifiers, 0},
    {"titles", NP_Y_SEQ, 0, "'titles' must be a list", add_titles, 0},
};
static const np_ykeys top_keys = {top_fields, sizeof top_fields / sizeof *top_fields,
                                  "the top level must be a mapping",
                                  "unknown key '%s' (expected description, modifiers, titles)", NULL};

np_titles *np_titles_load_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/titles.yaml", datadir);
    np_error yerr;
    np_ynode *root = np_ytree_load(path, &yerr);
    if (!root)
        np_yreport_error(rep, &yerr);
    if (np_yreport_stop(rep))
        return NULL;
    loader ld = {lx, np_xcalloc(1, sizeof *ld.t), rep, path, NULL, 0};
    if (root)
        np_ywalk(rep, path, root, &top_keys, NULL, NULL, &ld);
    np_trie_finish(&ld.t->phrases);
    free(ld.ids);
    np_ynode_free(root);
    if (np_yreport_stop(rep)) {
        np_titles_free(ld.t);
        return NULL;
    }
    return ld.t;
}

np_titles *np_titles_load(np_lexicon *lx, const char *datadir, np_error *err)
{
    np_yreport rep = {err, NULL, NULL, 0};
    return np_titles_load_report(lx, datadir, &rep);
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
    if (i >= end || !(doc->toks[i].lex & NP_LEX_TITLE))
        return 0; /* every word of a title phrase has the bit */
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
        if (count && vals[0] < titles->n) { /* a title item (a damaged compiled model aside) */
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
    /* the longest title: "Prime Minister", not "Minister"; then one that
     * ends in the forms of address and spans them all ("the Holy Father
     * Francis", not "H.H. [Sheikh] X") */
    for (size_t end = k;; end = i) {
        for (size_t back = end - sb < 6 ? end - sb : 6; back >= 1; back--) {
            uint32_t title;
            size_t len = np_title_at(titles, doc, end - back, end, &title);
            if (len == back && (end == k || end - back < k)) {
                *tb = end - back;
                return title;
            }
        }
        if (end == i)
            return NP_NONE;
    }
}

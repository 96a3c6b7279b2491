/*
 * rules.c: compiles relation rules (rules/relations/ (YAML)) into pattern
 * trees, indexes them by trigger word and matches them against a sentence
 * (see rules.h for the language, rules/README.md for its documentation).
 */
#include "rules.h"

#include "datadir.h"
#include "lexicon.h"
#include "yamltree.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum np_pkind { P_SEQ, P_ALT, P_REP, P_WORD, P_TEXT, P_LIST, P_MENT, P_PEOPLE, P_SHAPE, P_ANY, P_GAP, P_NOT, P_POSS };

/* What <...> may name. */
enum { M_PERSON, M_PEOPLE, M_PLACE, M_ORG, M_ENTITY, M_DATE };
static const char *const ment_names[] = {"person", "people", "place", "org", "entity", "date"};

/* The parse tree of one pattern; np_rules_add flattens it into the
 * ruleset's node array (np_pnode, rules.h). */
typedef struct ptree {
    np_pnode node;        /* everything but the children */
    struct ptree **kids;
    size_t nkids, kids_cap;
} ptree;

static void ptree_free(ptree *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        ptree_free(n->kids[i]);
    free(n->kids);
    free(n);
}

static ptree *ptree_new(int kind)
{
    ptree *n = np_xcalloc(1, sizeof *n);
    n->node.kind = (uint8_t)kind;
    n->node.cap = -1;
    return n;
}

static void ptree_add(ptree *parent, ptree *kid)
{
    NP_GROW(parent->kids, parent->kids_cap, parent->nkids + 1);
    parent->kids[parent->nkids++] = kid;
}

/* ---- compiling ---- */

typedef struct parser {
    np_lexicon *lx;
    np_ruleset *rs;
    np_rule *rule;
    const char *s;
    size_t i, n;
    const char *file;
    int line, col;
    np_error *err;
    int failed;
    int depth;          /* groups and ! open around the current atom */
    uint32_t *ids;
    size_t ids_cap;
} parser;

static void perr(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void perr(parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    np_yerror(p->err, p->file, p->line, p->col + (int)p->i, "in pattern: %s", msg);
}

static void skip_space(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n'))
        p->i++;
}

static int is_special(char c)
{
    return strchr("()|?+*<>@\"/~^!", c) != NULL;
}

static ptree *parse_alt(parser *p);
static ptree *parse_atom(parser *p);

static int capture_index(parser *p, const char *name, size_t len)
{
    np_rule *r = p->rule;
    for (int i = 0; i < r->ncaps; i++)
        if (!strncmp(np_pool_str(&p->lx->pool, r->capname[i]), name, len) &&
            np_pool_str(&p->lx->pool, r->capname[i])[len] == 0)
            return i;
    if (r->ncaps == NP_RULE_MAX_CAPTURES) {
        perr(p, "%s", "too many captures (at most 6)");
        return -1;
    }
    r->capname[r->ncaps] = np_pool_add(&p->lx->pool, name, len);
    return r->ncaps++;
}

static ptree *parse_words(parser *p, const char *w, size_t len)
{
    size_t cnt = np_lexicon_add_phrase(p->lx, w, len, 0, &p->ids, &p->ids_cap);
    if (!cnt) {
        perr(p, "%s", "a word in the pattern has no letters or digits");
        return NULL;
    }
    if (cnt == 1) {
        ptree *n = ptree_new(P_WORD);
        n->node.word = p->ids[0];
        return n;
    }
    ptree *seq = ptree_new(P_SEQ);
    for (size_t k = 0; k < cnt; k++) {
        ptree *n = ptree_new(P_WORD);
        n->node.word = p->ids[k];
        ptree_add(seq, n);
    }
    return seq;
}

/* ( alternatives ): a group. */
static ptree *parse_group(parser *p)
{
    p->i++;
    p->depth++;
    ptree *n = parse_alt(p);
    p->depth--;
    skip_space(p);
    if (!n)
        return NULL;
    if (p->i >= p->n || p->s[p->i] != ')') {
        ptree_free(n);
        perr(p, "%s", "missing ')'");
        return NULL;
    }
    p->i++;
    return n;
}

/* <type> or <type:capture>: a mention of a type, captured by name. */
static ptree *parse_mention(parser *p)
{
    size_t b = ++p->i;
    while (p->i < p->n && p->s[p->i] != '>')
        p->i++;
    if (p->i >= p->n) {
        perr(p, "%s", "missing '>'");
        return NULL;
    }
    size_t e = p->i++;
    size_t colon = b;
    while (colon < e && p->s[colon] != ':')
        colon++;
    int what = -1;
    for (int k = 0; k < (int)(sizeof ment_names / sizeof *ment_names); k++)
        if (strlen(ment_names[k]) == colon - b && !memcmp(ment_names[k], p->s + b, colon - b))
            what = k;
    if (what < 0) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(colon - b < 60 ? colon - b : 60), p->s + b);
        p->i = b;
        perr(p, "unknown mention type '%s' (expected person, people, place, org, entity or date)", name);
        return NULL;
    }
    ptree *n = ptree_new(what == M_PEOPLE ? P_PEOPLE : P_MENT);
    n->node.what = (uint8_t)what;
    if (colon < e) {
        if (colon + 1 == e) {
            ptree_free(n);
            perr(p, "%s", "empty capture name");
            return NULL;
        }
        n->node.cap = (int8_t)capture_index(p, p->s + colon + 1, e - colon - 1);
    }
    return n;
}

/* @name: a word list of the rules' lists. */
static ptree *parse_list(parser *p)
{
    size_t b = ++p->i;
    while (p->i < p->n && !is_special(p->s[p->i]) && p->s[p->i] != ' ')
        p->i++;
    for (size_t k = 0; k < p->rs->nlists; k++)
        if (!strncmp(np_pool_str(&p->lx->pool, p->rs->lists[k].name), p->s + b, p->i - b) &&
            np_pool_str(&p->lx->pool, p->rs->lists[k].name)[p->i - b] == 0) {
            ptree *n = ptree_new(P_LIST);
            n->node.word = (uint32_t)k;
            return n;
        }
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(p->i - b < 60 ? p->i - b : 60), p->s + b);
    p->i = b;
    perr(p, "unknown list '@%s' (define it under 'lists:')", name);
    return NULL;
}

/* "text" (the exact text) or /shape/ (a token shape). */
static ptree *parse_quoted(parser *p)
{
    char c = p->s[p->i];
    size_t b = ++p->i;
    while (p->i < p->n && p->s[p->i] != c)
        p->i++;
    if (p->i >= p->n || p->i == b) {
        perr(p, "%s", c == '"' ? "unterminated or empty \"text\"" : "unterminated or empty /shape/");
        return NULL;
    }
    ptree *n = ptree_new(c == '"' ? P_TEXT : P_SHAPE);
    n->node.str = np_pool_add(&p->lx->pool, p->s + b, p->i - b);
    p->i++;
    return n;
}

/* ~N (a gap of at most N tokens) or ^N (the same within the clause). */
static ptree *parse_gap(parser *p)
{
    char c = p->s[p->i];
    p->i++;
    int v = 0, digits = 0;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9' && v < 1000) {
        v = v * 10 + (p->s[p->i++] - '0');
        digits++;
    }
    if (!digits || v < 1 || v > 40) {
        perr(p, "%s", "a gap is ~N with N from 1 to 40");
        return NULL;
    }
    ptree *n = ptree_new(P_GAP);
    n->node.max = v;
    n->node.what = c == '^'; /* within the clause: crosses no punctuation */
    return n;
}

/* !atom: anything but the atom. */
static ptree *parse_not(parser *p)
{
    p->i++;
    p->depth++;
    ptree *kid = parse_atom(p);
    p->depth--;
    if (!kid)
        return NULL;
    ptree *n = ptree_new(P_NOT);
    ptree_add(n, kid);
    return n;
}

/* Does the atom that starts at p->i and is len characters long end
 * there (at the end, a space or a special character)? */
static int ends_atom(const parser *p, size_t len)
{
    return p->i + len >= p->n || p->s[p->i + len] == ' ' || is_special(p->s[p->i + len]);
}

/* One atom: picked by its first character; words otherwise. */
static ptree *parse_atom(parser *p)
{
    skip_space(p);
    if (p->i >= p->n) {
        perr(p, "%s", "unexpected end of pattern");
        return NULL;
    }
    char c = p->s[p->i];
    if ((c == '(' || c == '!') && p->depth >= NP_RULE_MAX_DEPTH) {
        perr(p, "patterns nest at most %d groups and ! deep", NP_RULE_MAX_DEPTH);
        return NULL;
    }
    switch (c) {
    case '(':
        return parse_group(p);
    case '<':
        return parse_mention(p);
    case '@':
        return parse_list(p);
    case '"':
    case '/':
        return parse_quoted(p);
    case '~':
    case '^':
        return parse_gap(p);
    case '!':
        return parse_not(p);
    default:
        break;
    }
    if (c == '.' && ends_atom(p, 1)) {
        p->i++;
        return ptree_new(P_ANY);
    }
    if (!strncmp(p->s + p->i, "'s", 2) && ends_atom(p, 2)) {
        p->i += 2;
        return ptree_new(P_POSS); /* the possessive 's or ’s */
    }
    if (is_special(c)) {
        char ch[2] = {c, 0};
        perr(p, "unexpected '%s'", ch);
        return NULL;
    }
    size_t b = p->i;
    while (p->i < p->n && !is_special(p->s[p->i]) && p->s[p->i] != ' ' && p->s[p->i] != '\t')
        p->i++;
    return parse_words(p, p->s + b, p->i - b);
}

static ptree *parse_postfix(parser *p)
{
    ptree *a = parse_atom(p);
    for (int ops = 0; a && p->i < p->n && strchr("?+*", p->s[p->i]); ops++) {
        if (ops == 2) {
            ptree_free(a);
            perr(p, "%s", "at most two of ? * + in a row");
            return NULL;
        }
        char op = p->s[p->i++];
        ptree *r = ptree_new(P_REP);
        r->node.min = op == '+';
        r->node.max = op == '?' ? 1 : 8;
        ptree_add(r, a);
        a = r;
    }
    return a;
}

static ptree *parse_seq(parser *p)
{
    ptree *seq = ptree_new(P_SEQ);
    for (;;) {
        skip_space(p);
        if (p->i >= p->n || p->s[p->i] == '|' || p->s[p->i] == ')')
            break;
        ptree *a = parse_postfix(p);
        if (!a) {
            ptree_free(seq);
            return NULL;
        }
        ptree_add(seq, a);
    }
    if (!seq->nkids) {
        ptree_free(seq);
        perr(p, "%s", "empty alternative");
        return NULL;
    }
    return seq;
}

static ptree *parse_alt(parser *p)
{
    ptree *first = parse_seq(p);
    if (!first)
        return NULL;
    skip_space(p);
    if (p->i >= p->n || p->s[p->i] != '|')
        return first;
    ptree *alt = ptree_new(P_ALT);
    ptree_add(alt, first);
    while (p->i < p->n && p->s[p->i] == '|') {
        p->i++;
        ptree *s = parse_seq(p);
        if (!s) {
            ptree_free(alt);
            return NULL;
        }
        ptree_add(alt, s);
        skip_space(p);
    }
    return alt;
}

/* Writes t into slot of rs->nodes, its children into consecutive slots
 * after the nodes already there. */
static void flatten_into(np_ruleset *rs, const ptree *t, size_t slot)
{
    size_t first = rs->nnodes;
    if (t->nkids) {
        NP_GROW(rs->nodes, rs->nodes_cap, first + t->nkids);
        rs->nnodes += t->nkids;
    }
    rs->nodes[slot] = t->node;
    rs->nodes[slot].first = (uint32_t)first;
    rs->nodes[slot].nkids = (uint32_t)t->nkids;
    for (size_t i = 0; i < t->nkids; i++)
        flatten_into(rs, t->kids[i], first + i);
}

/* The fewest and most tokens t can match; mentions and lists count as
 * unbounded (the left window). */
static void span_bounds(const ptree *t, uint32_t *lo, uint32_t *hi)
{
    const uint32_t unbounded = NP_RULE_LEFT_WINDOW + 1;
    switch (t->node.kind) {
    case P_SEQ:
        *lo = *hi = 0;
        for (size_t i = 0; i < t->nkids; i++) {
            uint32_t a, b;
            span_bounds(t->kids[i], &a, &b);
            *lo += a;
            *hi = *hi + b < unbounded ? *hi + b : unbounded;
        }
        break;
    case P_ALT:
        *lo = UINT32_MAX, *hi = 0;
        for (size_t i = 0; i < t->nkids; i++) {
            uint32_t a, b;
            span_bounds(t->kids[i], &a, &b);
            *lo = a < *lo ? a : *lo;
            *hi = b > *hi ? b : *hi;
        }
        break;
    case P_REP: {
        uint32_t a, b;
        span_bounds(t->kids[0], &a, &b);
        *lo = a * (uint32_t)t->node.min;
        *hi = b * (uint32_t)t->node.max < unbounded ? b * (uint32_t)t->node.max : unbounded;
        break;
    }
    case P_GAP:
        *lo = 0, *hi = (uint32_t)t->node.max;
        break;
    case P_NOT:
        *lo = *hi = 0;
        break;
    case P_LIST: case P_MENT: case P_PEOPLE:
        *lo = 1, *hi = unbounded;
        break;
    default:
        *lo = *hi = 1;
        break;
    }
}

/* Appends the tree to rs->nodes; returns the index of its root. */
static uint32_t flatten(np_ruleset *rs, const ptree *t)
{
    NP_GROW(rs->nodes, rs->nodes_cap, rs->nnodes + 1);
    size_t slot = rs->nnodes++;
    flatten_into(rs, t, slot);
    return (uint32_t)slot;
}

int np_rules_add(np_lexicon *lx, np_ruleset *rs, const char *id, const char *relation, const char *pattern,
                 int status, const char *file, int line, int col, np_error *err)
{
    NP_GROW(rs->rules, rs->cap, rs->n + 1);
    np_rule *r = &rs->rules[rs->n];
    memset(r, 0, sizeof *r);
    parser p = {.lx = lx, .rs = rs, .rule = r, .s = pattern, .n = strlen(pattern), .file = file, .line = line,
                .col = col, .err = err};
    ptree *root = parse_alt(&p);
    skip_space(&p);
    if (root && p.i < p.n)
        perr(&p, "unexpected '%s'", p.s[p.i] == ')' ? ")" : "|");
    free(p.ids);
    if (p.failed || !root) {
        ptree_free(root);
        return -1;
    }
    if (root->node.kind != P_SEQ) {
        ptree *seq = ptree_new(P_SEQ);
        ptree_add(seq, root);
        root = seq;
    }
    /* the trigger: the first list at the top level (the verb or noun a
     * rule is about), else the first word */
    size_t anchor = SIZE_MAX;
    for (size_t k = 0; k < root->nkids && anchor == SIZE_MAX; k++)
        if (root->kids[k]->node.kind == P_LIST)
            anchor = k;
    for (size_t k = 0; k < root->nkids && anchor == SIZE_MAX; k++)
        if (root->kids[k]->node.kind == P_WORD)
            anchor = k;
    /* a dateline rule is tried at the start of each of the first lines,
     * not from a trigger */
    int dateline = !strcmp(relation, "dateline");
    if (dateline)
        anchor = root->nkids;
    if (anchor == SIZE_MAX) {
        ptree_free(root);
        np_yerror(err, file, line, col, "in pattern: a rule needs a required word or @list at its top level "
                                        "(the trigger that indexes it)");
        return -1;
    }
    r->id = np_pool_add(&lx->pool, id, strlen(id));
    r->relation = np_pool_add(&lx->pool, relation, strlen(relation));
    r->file = np_pool_add(&lx->pool, file, strlen(file));
    r->line = line;
    r->status = (uint8_t)status;
    r->root = flatten(rs, root);
    r->anchor = (uint32_t)anchor;
    r->dateline = (uint8_t)dateline;
    /* what the sentence must contain: the top level's mentions and words */
    for (size_t k = 0; k < root->nkids; k++) {
        const np_pnode *e = &root->kids[k]->node;
        if (e->kind == P_PEOPLE || e->kind == P_MENT) {
            r->min_ments += r->min_ments < 255;
            r->min_people += (e->kind == P_PEOPLE || e->what == M_PERSON) && r->min_people < 255;
        } else if (e->kind == P_WORD && k != anchor && r->nneed < 4) {
            r->need[r->nneed++] = e->word;
        }
    }
    r->cap_a = (int8_t)np_rule_capture(lx, r, "a");
    r->cap_b = (int8_t)np_rule_capture(lx, r, "b");
    r->cap_place = (int8_t)np_rule_capture(lx, r, "place");
    r->cap_date = (int8_t)np_rule_capture(lx, r, "date");
    /* a match starts only where the elements before the trigger can reach it from */
    r->lead_min = r->lead_max = 0;
    for (size_t k = 0; k < anchor; k++) {
        uint32_t a, b;
        span_bounds(root->kids[k], &a, &b);
        r->lead_min += a;
        r->lead_max += b;
    }
    ptree_free(root);
    rs->n++;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void index_firsts(np_ruleset *rs, const np_trie *t, uint32_t rule)
{
    /* the root's children: every first word of the list's phrases */
    for (size_t e = 0; e < t->edges_cap; e++)
        if (t->edges[e].child && t->edges[e].parent == 0) {
            NP_GROW(rs->index, rs->index_cap, rs->nindex + 1);
            rs->index[rs->nindex++] = (uint64_t)t->edges[e].word << 32 | rule;
        }
}

void np_rules_index(np_ruleset *rs)
{
    rs->nindex = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->rules[i].dateline)
            continue;
        const np_pnode *root = &rs->nodes[rs->rules[i].root];
        const np_pnode *a = &rs->nodes[root->first + rs->rules[i].anchor];
        if (a->kind == P_WORD) {
            NP_GROW(rs->index, rs->index_cap, rs->nindex + 1);
            rs->index[rs->nindex++] = (uint64_t)a->word << 32 | (uint32_t)i;
        } else {
            index_firsts(rs, &rs->lists[a->word].phrases, (uint32_t)i);
        }
    }
    np_sort(rs->index, rs->nindex, sizeof *rs->index, cmp_u64);
    free(rs->triggers);
    rs->ntriggers = np_bloom_words(rs->nindex);
    rs->triggers = np_xcalloc(rs->ntriggers, sizeof *rs->triggers);
    for (size_t i = 0; i < rs->nindex; i++)
        np_bloom_add(rs->triggers, rs->ntriggers, (uint32_t)(rs->index[i] >> 32));
}

/* The deepest pattern tree the parser makes: the top-level sequence around
 * an alternative, then per group or ! an alternative, a sequence and two
 * repetitions, then an atom that may be a sequence of words. */
#define MAX_TREE_DEPTH (4 * NP_RULE_MAX_DEPTH + 16)

static int node_ok(const np_ruleset *rs, size_t pool, size_t i)
{
    const np_pnode *n = &rs->nodes[i];
    int leaf = n->kind != P_SEQ && n->kind != P_ALT && n->kind != P_REP && n->kind != P_NOT;
    if (n->kind > P_POSS || n->cap < -1 || n->cap >= NP_RULE_MAX_CAPTURES)
        return 0;
    if (leaf ? n->nkids != 0 : n->nkids == 0 || ((n->kind == P_REP || n->kind == P_NOT) && n->nkids != 1))
        return 0;
    /* children come after their parent, as flatten writes them */
    if (n->nkids && (n->first <= i || (uint64_t)n->first + n->nkids > rs->nnodes))
        return 0;
    switch (n->kind) {
    case P_REP: return n->min >= 0 && n->min <= 1 && n->max >= 1 && n->max <= 8;
    case P_GAP: return n->max >= 1 && n->max <= 40 && n->what <= 1;
    case P_LIST: return n->word < rs->nlists;
    case P_TEXT: case P_SHAPE: return n->str < pool;
    case P_MENT: return n->what <= M_DATE && n->what != M_PEOPLE;
    case P_PEOPLE: return n->what == M_PEOPLE;
    default: return 1;
    }
}

const char *np_rules_check(const np_lexicon *lx, const np_ruleset *rs)
{
    size_t pool = lx->pool.buf.len;
    if (rs->n >= UINT32_MAX || (rs->ntriggers & (rs->ntriggers - 1)))
        return "damaged rules";
    /* every node well formed, the child of at most one node, and no deeper
     * than the parser nests: depth[i] is set by i's parent, before i */
    const char *bad = NULL;
    uint8_t *depth = np_xcalloc(rs->nnodes ? rs->nnodes : 1, 1);
    for (size_t i = 0; i < rs->nnodes && !bad; i++) {
        if (!node_ok(rs, pool, i)) {
            bad = "damaged rule patterns";
            break;
        }
        if (!depth[i])
            depth[i] = 1;
        for (uint32_t k = 0; k < rs->nodes[i].nkids && !bad; k++) {
            uint32_t kid = rs->nodes[i].first + k;
            if (depth[kid] || depth[i] >= MAX_TREE_DEPTH)
                bad = "damaged rule patterns";
            depth[kid] = (uint8_t)(depth[i] + 1);
        }
    }
    for (size_t i = 0; i < rs->n && !bad; i++) {
        const np_rule *r = &rs->rules[i];
        const np_pnode *root = r->root < rs->nnodes ? &rs->nodes[r->root] : NULL;
        int caps_ok = r->ncaps >= 0 && r->ncaps <= NP_RULE_MAX_CAPTURES && r->cap_a >= -1 && r->cap_a < r->ncaps &&
                      r->cap_b >= -1 && r->cap_b < r->ncaps && r->cap_place >= -1 && r->cap_place < r->ncaps &&
                      r->cap_date >= -1 && r->cap_date < r->ncaps;
        for (int k = 0; caps_ok && k < r->ncaps; k++)
            caps_ok = r->capname[k] < pool;
        int cameo_ok = r->ncameo <= NP_CAMEO_CHOICES;
        for (int k = 0; cameo_ok && k < r->ncameo; k++) {
            const np_cameo_choice *c = &r->cameo[k];
            cameo_ok = c->kind <= NP_CK_HOST && c->list <= rs->nlists && memchr(c->code, 0, NP_CAMEO_LEN) &&
                       (c->kind != NP_CK_CODE || np_cameo_valid(c->code));
        }
        if (!cameo_ok)
            bad = "damaged rules";
        else if (r->id >= pool || r->relation >= pool || r->file >= pool || r->status > NP_RS_PLANNED || !caps_ok ||
            r->nneed > 4 || !root || root->kind != P_SEQ || depth[r->root] != 1 || r->dateline > 1 ||
            (r->dateline ? r->anchor != root->nkids
                         : r->anchor >= root->nkids || (rs->nodes[root->first + r->anchor].kind != P_WORD &&
                                                        rs->nodes[root->first + r->anchor].kind != P_LIST)))
            bad = "damaged rules";
    }
    free(depth);
    for (size_t i = 0; i < NP_CAMEO_SLOTS && !bad; i++)
        if (!memchr(rs->cameo[i], 0, NP_CAMEO_LEN) || (rs->cameo[i][0] && !np_cameo_valid(rs->cameo[i])))
            bad = "damaged rules";
    for (size_t i = 0; i < rs->nindex && !bad; i++)
        if ((uint32_t)rs->index[i] >= rs->n || (i && rs->index[i] < rs->index[i - 1]))
            bad = "damaged rule index";
    return bad;
}

static const char *scalar(const np_ynode *n)
{
    return n && n->type == NP_Y_SCALAR ? n->str : NULL;
}

typedef struct loader {
    np_lexicon *lx;
    np_ruleset *rs;
    np_yreport *rep;
    const char *path;
} loader;

/* lists: names to lists of words or phrases. */
static void load_lists(loader *ld, const np_ynode *v)
{
    np_lexicon *lx = ld->lx;
    np_ruleset *rs = ld->rs;
    if (v->type != NP_Y_MAP) {
        np_yreport_at(ld->rep, ld->path, v->line, v->col, "'lists' must map list names to lists of words or phrases");
        return;
    }
    uint32_t *ids = NULL;
    size_t ids_cap = 0;
    for (size_t i = 0; i + 1 < v->n && !np_yreport_stop(ld->rep); i += 2) {
        const np_ynode *k = v->items[i], *l = v->items[i + 1];
        if (!scalar(k) || !k->len || l->type != NP_Y_SEQ || !l->n) {
            np_yreport_at(ld->rep, ld->path, k->line, k->col, "a list needs a name and a non-empty list of phrases");
            continue;
        }
        if (np_rules_list(lx, rs, k->str)) {
            np_yreport_at(ld->rep, ld->path, k->line, k->col, "list '%s' is defined twice", k->str);
            continue;
        }
        NP_GROW(rs->lists, rs->lists_cap, rs->nlists + 1);
        np_plist *pl = &rs->lists[rs->nlists++];
        memset(pl, 0, sizeof *pl);
        pl->name = np_pool_add(&lx->pool, k->str, k->len);
        for (size_t j = 0; j < l->n && !np_yreport_stop(ld->rep); j++) {
            const np_ynode *ph = l->items[j];
            if (!scalar(ph) || !ph->len) {
                np_yreport_at(ld->rep, ld->path, ph->line, ph->col, "a list item must be a word or phrase");
                continue;
            }
            size_t cnt = np_lexicon_add_phrase(lx, ph->str, ph->len, 0, &ids, &ids_cap);
            if (!cnt) {
                np_yreport_at(ld->rep, ld->path, ph->line, ph->col, "'%s' has no words", ph->str);
                continue;
            }
            np_trie_insert(&pl->phrases, ids, cnt, 1);
        }
        np_trie_finish(&pl->phrases);
    }
    free(ids);
}

static const char *const relation_names[] = {"met", "visited", "called", "joined", "listed", "dateline"};

int np_cameo_valid(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return !s[n] && n >= 2 && n < NP_CAMEO_LEN;
}

/* One CAMEO choice of a rule: a code, visit or host. */
static int cameo_choice(loader *ld, const np_ynode *v, np_cameo_choice *c)
{
    const char *s = scalar(v);
    if (s && np_cameo_valid(s)) {
        c->kind = NP_CK_CODE;
        memcpy(c->code, s, strlen(s) + 1);
    } else if (s && !strcmp(s, "visit")) {
        c->kind = NP_CK_VISIT;
    } else if (s && !strcmp(s, "host")) {
        c->kind = NP_CK_HOST;
    } else {
        return np_yreport_at(ld->rep, ld->path, v->line, v->col,
                             "a cameo is a CAMEO code of two to four digits (\"040\"), visit or host");
    }
    return 0;
}

/* A rule's `cameo`: one choice, or a mapping of list names (and `else`)
 * to choices, tried in the mapping's order with `else` last. */
static int load_rule_cameo(loader *ld, np_rule *r, const char *rel, const np_ynode *v)
{
    if (strcmp(rel, "met") && strcmp(rel, "visited") && strcmp(rel, "called") && strcmp(rel, "listed"))
        return np_yreport_at(ld->rep, ld->path, v->line, v->col,
                             "only met, visited, called and listed rules have a cameo");
    /* zeroed whole, padding too: the rule is written as it is into compiled models */
    np_cameo_choice ch[NP_CAMEO_CHOICES + 1], other;
    memset(ch, 0, sizeof ch);
    memset(&other, 0, sizeof other);
    size_t n = 0;
    if (v->type == NP_Y_SCALAR) {
        if (cameo_choice(ld, v, &other) < 0)
            return -1;
    } else if (v->type == NP_Y_MAP) {
        for (size_t i = 0; i + 1 < v->n; i += 2) {
            const np_ynode *k = v->items[i];
            np_cameo_choice c;
            memset(&c, 0, sizeof c);
            if (cameo_choice(ld, v->items[i + 1], &c) < 0)
                return -1;
            if (scalar(k) && !strcmp(k->str, "else")) {
                other = c;
                continue;
            }
            const np_plist *l = scalar(k) ? np_rules_list(ld->lx, ld->rs, k->str) : NULL;
            if (!l)
                return np_yreport_at(ld->rep, ld->path, k->line, k->col,
                                     "unknown list '%s' in a cameo (a list name, or else)", scalar(k) ? k->str : "");
            if (n == NP_CAMEO_CHOICES)
                return np_yreport_at(ld->rep, ld->path, k->line, k->col, "a cameo has at most %d choices",
                                     NP_CAMEO_CHOICES);
            c.list = (uint32_t)(l - ld->rs->lists) + 1;
            ch[n++] = c;
        }
    } else {
        return np_yreport_at(ld->rep, ld->path, v->line, v->col,
                             "a cameo is a code, visit, host, or a mapping of list names to those");
    }
    if (other.kind != NP_CK_NONE) {
        if (n == NP_CAMEO_CHOICES)
            return np_yreport_at(ld->rep, ld->path, v->line, v->col, "a cameo has at most %d choices",
                                 NP_CAMEO_CHOICES);
        ch[n++] = other;
    }
    for (size_t i = 0; i < n; i++)
        if ((ch[i].kind == NP_CK_VISIT || ch[i].kind == NP_CK_HOST) && strcmp(rel, "met") && strcmp(rel, "listed"))
            return np_yreport_at(ld->rep, ld->path, v->line, v->col, "visit and host are for met and listed rules");
    memcpy(r->cameo, ch, n * sizeof *ch);
    r->ncameo = (uint8_t)n;
    return 0;
}

enum { R_ID, R_RELATION, R_PATTERN, R_STATUS, R_WITHIN, R_CAMEO, R_DESCRIPTION, R_EXAMPLES, R_COUNTER, R_N };
static const np_yfield rule_fields[R_N] = {
    [R_ID] = {"id", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_RELATION] = {"relation", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_PATTERN] = {"pattern", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_STATUS] = {"status", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_WITHIN] = {"within", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_CAMEO] = {"cameo", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_DESCRIPTION] = {"description", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_EXAMPLES] = {"examples", NP_Y_ANY, 0, NULL, NULL, 0},
    [R_COUNTER] = {"counter_examples", NP_Y_ANY, 0, NULL, NULL, 0},
};
static const np_ykeys rule_keys = {rule_fields, R_N, "a rule must be a mapping with id, relation and pattern",
                                   "unknown key '%s' in a rule (expected id, relation, pattern, status, "
                                   "within, cameo, description, examples, counter_examples)",
                                   NULL};

/* The status of a rule (NP_RS_*), or -1. */
static int rule_status(const np_ynode *st)
{
    const char *s = scalar(st);
    if (!st || (s && !strcmp(s, "auto")))
        return NP_RS_AUTO;
    if (s && !strcmp(s, "occurred"))
        return NP_RS_OCCURRED;
    if (s && !strcmp(s, "planned"))
        return NP_RS_PLANNED;
    return -1;
}

static int load_rule(loader *ld, const np_ynode *item)
{
    np_lexicon *lx = ld->lx;
    np_ruleset *rs = ld->rs;
    const char *path = ld->path;
    const np_ynode *v[R_N];
    if (np_ywalk(ld->rep, path, item, &rule_keys, NULL, v, NULL) < 0 &&
        (np_yreport_stop(ld->rep) || item->type != NP_Y_MAP))
        return -1;
    const np_ynode *id = v[R_ID], *rel = v[R_RELATION], *pat = v[R_PATTERN];
    if (!scalar(id) || !id->len)
        return np_yreport_at(ld->rep, path, item->line, item->col, "a rule needs an 'id'");
    for (size_t j = 0; j < rs->n; j++)
        if (!strcmp(np_pool_str(&lx->pool, rs->rules[j].id), id->str))
            return np_yreport_at(ld->rep, path, id->line, id->col, "duplicate rule id '%s'", id->str);
    if (!scalar(rel))
        return np_yreport_at(ld->rep, path, item->line, item->col, "rule '%s' needs a 'relation'", id->str);
    int known_rel = 0;
    for (size_t z = 0; z < sizeof relation_names / sizeof *relation_names; z++)
        known_rel |= !strcmp(rel->str, relation_names[z]);
    if (!known_rel)
        return np_yreport_at(ld->rep, path, rel->line, rel->col,
                             "unknown relation '%s' (expected met, visited, called, joined, listed or dateline)",
                             rel->str);
    if (!scalar(pat) || !pat->len)
        return np_yreport_at(ld->rep, path, item->line, item->col, "rule '%s' needs a 'pattern'", id->str);
    int status = rule_status(v[R_STATUS]);
    if (status < 0)
        return np_yreport_at(ld->rep, path, v[R_STATUS]->line, v[R_STATUS]->col,
                             "status must be auto, occurred or planned");
    int col = pat->col + (pat->plain ? 0 : 1);
    np_error perr;
    if (np_rules_add(lx, rs, id->str, rel->str, pat->str, status, path, pat->line, col, &perr) < 0)
        return np_yreport_error(ld->rep, &perr);
    np_rule *r = &rs->rules[rs->n - 1];
    r->within = 1;
    if (v[R_WITHIN]) {
        const char *w = scalar(v[R_WITHIN]);
        if (!w || strcmp(rel->str, "joined") || w[0] < '0' || w[0] > '6' || w[1])
            return np_yreport_at(ld->rep, path, v[R_WITHIN]->line, v[R_WITHIN]->col,
                                 "within must be 0 to 6 (sentences), and only a joined rule has it");
        r->within = (uint8_t)(w[0] - '0');
    }
    if (v[R_CAMEO] && load_rule_cameo(ld, r, rel->str, v[R_CAMEO]) < 0)
        return -1;
    r->dateline = !strcmp(rel->str, "dateline");
    const char *need = !strcmp(rel->str, "visited") || r->dateline ? "place" : NULL;
    int has_a = r->dateline, has_need = !need;
    for (int c = 0; c < r->ncaps; c++) {
        const char *name = np_pool_str(&lx->pool, r->capname[c]);
        has_a |= !strcmp(name, "a");
        has_need |= need && !strcmp(name, need);
    }
    if (!has_a || !has_need)
        return np_yreport_at(ld->rep, path, pat->line, col, "rule '%s' must capture %s", id->str,
                             !has_a ? "<person:a> or <people:a>" : "<place:place>");
    return 0;
}

static int load_rules(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    (void)f;
    for (size_t j = 0; j < v->n && !np_yreport_stop(ld->rep); j++)
        load_rule(ld, v->items[j]);
    return 0;
}

/* The CAMEO table: a code of the slot f->code. */
static int cameo_code(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    if (!np_cameo_valid(v->str))
        return np_yreport_at(ld->rep, ld->path, v->line, v->col,
                             "'%s' must be a CAMEO code of two to four digits (\"040\")", f->key);
    memcpy(ld->rs->cameo[f->code], v->str, v->len + 1);
    return 0;
}

static const np_yfield planned_fields[] = {
    {"met", NP_Y_SCALAR, 0, "'met' must be a CAMEO code", cameo_code, NP_CAMEO_PLANNED_MET},
    {"visited", NP_Y_SCALAR, 0, "'visited' must be a CAMEO code", cameo_code, NP_CAMEO_PLANNED_VISITED},
    {"called", NP_Y_SCALAR, 0, "'called' must be a CAMEO code", cameo_code, NP_CAMEO_PLANNED_CALLED},
};
static const np_ykeys planned_keys = {planned_fields, sizeof planned_fields / sizeof *planned_fields,
                                      "'planned' must map relations to CAMEO codes",
                                      "unknown key '%s' in planned (expected met, visited, called)", NULL};

static int cameo_planned(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    (void)f;
    return np_ywalk(ld->rep, ld->path, v, &planned_keys, NULL, NULL, ld);
}

static const np_yfield table_fields[] = {
    {"met", NP_Y_SCALAR, 0, "'met' must be a CAMEO code", cameo_code, NP_CAMEO_MET},
    {"visited", NP_Y_SCALAR, 0, "'visited' must be a CAMEO code", cameo_code, NP_CAMEO_VISITED},
    {"called", NP_Y_SCALAR, 0, "'called' must be a CAMEO code", cameo_code, NP_CAMEO_CALLED},
    {"planned", NP_Y_MAP, 0, "'planned' must map relations to CAMEO codes", cameo_planned, 0},
    {"visitor", NP_Y_SCALAR, 0, "'visitor' must be a CAMEO code", cameo_code, NP_CAMEO_VISITOR},
    {"host", NP_Y_SCALAR, 0, "'host' must be a CAMEO code", cameo_code, NP_CAMEO_HOST},
    {"third-location", NP_Y_SCALAR, 0, "'third-location' must be a CAMEO code", cameo_code, NP_CAMEO_THIRD},
};
static const np_ykeys table_keys = {table_fields, sizeof table_fields / sizeof *table_fields,
                                    "'cameo' must be a mapping of codes",
                                    "unknown key '%s' in cameo (expected met, visited, called, planned, visitor, "
                                    "host, third-location)",
                                    NULL};

/* cameo: the table of CAMEO codes, in one rule file. */
static int load_cameo_table(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    (void)f;
    if (ld->rs->cameo_line)
        return np_yreport_at(ld->rep, ld->path, v->line, v->col,
                             "the cameo table is defined twice (once per data directory)");
    ld->rs->cameo_line = v->line;
    return np_ywalk(ld->rep, ld->path, v, &table_keys, NULL, NULL, ld);
}

static const np_yfield file_fields[] = {
    {"description", NP_Y_ANY, 0, NULL, NULL, 0},
    {"lists", NP_Y_ANY, 0, NULL, NULL, 0}, /* read first: see below */
    {"rules", NP_Y_SEQ, 0, "'rules' must be a list", load_rules, 0},
    {"cameo", NP_Y_MAP, 0, "'cameo' must be a mapping of codes", load_cameo_table, 0},
};
static const np_ykeys file_keys = {file_fields, sizeof file_fields / sizeof *file_fields,
                                   "a rule file must be a mapping with 'lists' and 'rules'",
                                   "unknown key '%s' (expected description, lists, rules, cameo)", NULL};

static void load_file(np_lexicon *lx, np_ruleset *rs, const char *path, np_yreport *rep)
{
    np_error yerr;
    np_ynode *root = np_ytree_load(path, &yerr);
    if (!root) {
        np_yreport_error(rep, &yerr);
        return;
    }
    loader ld = {lx, rs, rep, path};
    /* lists first, wherever they are written, so rules can use them */
    const np_ynode *lists = np_ymap_get(root, "lists");
    if (lists)
        load_lists(&ld, lists);
    if (!np_yreport_stop(rep))
        np_ywalk(rep, path, root, &file_keys, NULL, NULL, &ld);
    np_ynode_free(root);
}

int np_rules_load_file(np_lexicon *lx, np_ruleset *rs, const char *path, np_error *err)
{
    np_yreport rep = {err, NULL, NULL, 0};
    load_file(lx, rs, path, &rep);
    np_rules_resolve_lists(lx, rs);
    return rep.n ? -1 : 0;
}

np_ruleset *np_rules_load_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/rules/relations", datadir);
    char **files = NULL;
    size_t n = 0;
    np_error lerr;
    if (np_list_yaml(dir, &files, &n, &lerr) < 0) {
        np_yreport_error(rep, &lerr);
        if (np_yreport_stop(rep))
            return NULL;
    }
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    for (size_t i = 0; i < n; i++) {
        if (!np_yreport_stop(rep))
            load_file(lx, rs, files[i], rep);
        free(files[i]);
    }
    free(files);
    if (np_yreport_stop(rep)) {
        np_rules_free(rs);
        return NULL;
    }
    np_rules_index(rs);
    np_rules_resolve_lists(lx, rs);
    return rs;
}

np_ruleset *np_rules_load(np_lexicon *lx, const char *datadir, np_error *err)
{
    np_yreport rep = {err, NULL, NULL, 0};
    return np_rules_load_report(lx, datadir, &rep);
}

void np_rules_free(np_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nlists; i++)
        np_trie_free(&rs->lists[i].phrases);
    free(rs->rules);
    free(rs->nodes);
    free(rs->lists);
    free(rs->index);
    free(rs->triggers);
    free(rs);
}

int np_rule_capture(const np_lexicon *lx, const np_rule *r, const char *name)
{
    for (int i = 0; i < r->ncaps; i++)
        if (!strcmp(np_pool_str(&lx->pool, r->capname[i]), name))
            return i;
    return -1;
}

static const char *const list_names[NP_LIST_NAMES] = {
    [NP_LIST_PLANNED_CUE] = "planned-cue",
    [NP_LIST_PLANNED_CUE_ADJACENT] = "planned-cue-adjacent",
    [NP_LIST_NEGATION_CUE] = "negation-cue",
    [NP_LIST_CALL_CUE] = "call-cue",
    [NP_LIST_PLACE_CUE] = "place-cue",
    [NP_LIST_PERSON_PRONOUN] = "person-pronoun",
    [NP_LIST_GROUP_REFERENCE] = "group-reference",
    [NP_LIST_COUNTERPART] = "counterpart",
    [NP_LIST_STATUS_BARRIER] = "status-barrier",
    [NP_LIST_PLACE_CUE_STOP] = "place-cue-stop",
    [NP_LIST_TITLE_MODIFIER] = "title-modifier",
    [NP_LIST_CLAUSE_BREAK] = "clause-break",
    [NP_LIST_PLANNED_CUE_AFTER] = "planned-cue-after",
    [NP_LIST_HYPOTHETICAL_CUE] = "hypothetical-cue",
    [NP_LIST_EVENT_NOUN] = "event-noun",
    [NP_LIST_DATELINE_REFERENCE] = "dateline-reference",
    [NP_LIST_GATHERING_NOUN] = "gathering-noun",
    [NP_LIST_PARTY_LED_BY] = "party-led-by",
    [NP_LIST_NEGATION_CUE_AFTER] = "negation-cue-after",
    [NP_LIST_UNREALIZED_CUE] = "unrealized-cue",
    [NP_LIST_CANCEL_CUE] = "cancel-cue",
    [NP_LIST_CALL_MODE] = "call-mode",
    [NP_LIST_SEPARATELY_CUE] = "separately-cue",
    [NP_LIST_RECALLED_CUE] = "recalled-cue",
    [NP_LIST_ARRIVAL_CUE] = "arrival-cue",
    [NP_LIST_UPON_ARRIVAL] = "upon-arrival",
    [NP_LIST_MEETING_REFERENCE] = "meeting-reference",
    [NP_LIST_LIST_MEMBERS] = "list-members",
    [NP_LIST_NOT_A_CALL] = "not-a-call",
    [NP_LIST_CALL_WORD] = "call-word",
    [NP_LIST_VISIT_CALL] = "visit-call",
};

void np_rules_resolve_lists(const np_lexicon *lx, np_ruleset *rs)
{
    for (int k = 0; k < NP_LIST_NAMES; k++) {
        const np_plist *l = np_rules_list(lx, rs, list_names[k]);
        rs->named[k] = l ? (uint32_t)(l - rs->lists) + 1 : 0;
    }
}

const np_plist *np_rules_list(const np_lexicon *lx, const np_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nlists; i++) {
        const char *s = np_pool_str(&lx->pool, rs->lists[i].name);
        if (!strcmp(s, name))
            return &rs->lists[i];
    }
    return NULL;
}

/* Writes into lens[] the lengths of the list's phrases starting at token
 * i (not past end), shortest first, at most max of them; returns how many. */
static size_t list_walk(const np_plist *l, const np_doc *doc, size_t i, size_t end, uint32_t *lens, size_t max)
{
    uint32_t node = 0;
    size_t n = 0;
    for (size_t j = i; j < end && n < max; j++) {
        const np_token *t = &doc->toks[j];
        if (!t->vocab)
            break;
        long child = np_trie_child(&l->phrases, node, t->vocab - 1);
        if (child < 0)
            break;
        node = (uint32_t)child;
        if (l->phrases.nodes[node].count)
            lens[n++] = (uint32_t)(j - i + 1);
    }
    return n;
}

/* The same, longest first. */
static size_t list_ends(const np_plist *l, const np_doc *doc, size_t i, size_t end, uint32_t *lens, size_t max)
{
    size_t n = list_walk(l, doc, i, end, lens, max);
    for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--) {
        uint32_t x = lens[a];
        lens[a] = lens[b];
        lens[b] = x;
    }
    return n;
}

/* np_list_at past its filter: the length of the eighth shortest phrase at
 * i, or of the longest when there are fewer. */
size_t np_list_longest(const np_plist *l, const np_doc *doc, size_t i, size_t end)
{
    uint32_t lens[8];
    size_t n = list_walk(l, doc, i, end, lens, 8);
    return n ? lens[n - 1] : 0;
}

/* ---- matching ---- */

typedef struct kont {
    const np_pnode *n;    /* the sequence or repetition being matched */
    size_t i;             /* sequences: the next child */
    int count;            /* repetitions: how many so far */
    uint32_t at;          /* repetitions: where this repetition started */
    const struct kont *up;
} kont;

typedef struct mstate {
    const np_ruleset *rs;
    const np_rctx *c;
    const np_rule *rule;
    const np_pnode *root; /* the rule's top-level sequence */
    uint32_t trigger;
    long steps;
    uint32_t end;
    np_rmatch *out;
} mstate;

static int m_node(mstate *s, const np_pnode *n, uint32_t pos, const kont *k);

static int m_cont(mstate *s, uint32_t pos, const kont *k)
{
    if (--s->steps < 0)
        return 0;
    if (!k) {
        s->end = pos;
        return 1;
    }
    if (k->n->kind == P_SEQ) {
        if (k->i == k->n->nkids)
            return m_cont(s, pos, k->up);
        if (k->n == s->root && k->i == s->rule->anchor && pos != s->trigger)
            return 0;
        kont next = {k->n, k->i + 1, 0, 0, k->up};
        return m_node(s, &s->rs->nodes[k->n->first + k->i], pos, &next);
    }
    /* a repetition that has matched k->count times */
    if (k->count < k->n->max && pos > k->at) {
        kont again = {k->n, 0, k->count + 1, pos, k->up};
        if (m_node(s, &s->rs->nodes[k->n->first], pos, &again))
            return 1;
    }
    return k->count >= k->n->min && m_cont(s, pos, k->up);
}

static int type_ok(int what, int type)
{
    switch (what) {
    case M_PERSON: return type == NP_RM_PERSON;
    case M_PLACE: return type == NP_RM_PLACE;
    case M_ORG: return type == NP_RM_ORG;
    case M_DATE: return type == NP_RM_DATE;
    case M_ENTITY: return type == NP_RM_PERSON || type == NP_RM_PLACE || type == NP_RM_ORG;
    default: return 0;
    }
}

static int push_cap(mstate *s, int cap, uint32_t ment)
{
    if (cap < 0)
        return 1;
    if (s->out->ncap[cap] >= NP_RULE_MAX_GROUP)
        return 0;
    s->out->caps[cap][s->out->ncap[cap]++] = ment;
    return 1;
}

/* The mention starting at pos that a pattern position may take, or -1. */
static long ment_at(const mstate *s, uint32_t pos)
{
    if (pos >= s->c->se)
        return -1;
    uint32_t v = s->c->start_at[pos - s->c->sb];
    return v ? (long)v - 1 : -1;
}

static int is_sep(const np_doc *doc, const np_token *t)
{
    size_t n = t->key_len;
    const char *k = doc->keys.data + t->key;
    return (n == 1 && (k[0] == ',' || k[0] == ';' || k[0] == '&')) || (n == 3 && !memcmp(k, "and", 3));
}

/* <people>: person (, | ; | and | , and | as well as) person ... or a group
 * reference. Tries the longest list first. */
static int m_people(mstate *s, const np_pnode *n, uint32_t pos, const kont *k)
{
    long mi = ment_at(s, pos);
    if (mi < 0)
        return 0;
    const np_rmention *mm = &s->c->ments[mi];
    uint8_t save = n->cap >= 0 ? s->out->ncap[n->cap] : 0;
    if (mm->type == NP_RM_GROUP) {
        if (push_cap(s, n->cap, (uint32_t)mi) && m_cont(s, mm->te, k))
            return 1;
        if (n->cap >= 0)
            s->out->ncap[n->cap] = save;
        return 0;
    }
    if (mm->type != NP_RM_PERSON)
        return 0;
    /* collect the list */
    uint32_t members[NP_RULE_MAX_GROUP], ends[NP_RULE_MAX_GROUP];
    size_t cnt = 0;
    members[cnt] = (uint32_t)mi;
    ends[cnt++] = mm->te;
    const np_doc *doc = s->c->doc;
    uint32_t p = mm->te;
    while (cnt < NP_RULE_MAX_GROUP) {
        uint32_t q = p;
        int seen_sep = 0;
        for (int more = 1; more && q < s->c->se && q < p + 4;) {
            more = 0;
            if (is_sep(doc, &doc->toks[q])) {
                q++;
                seen_sep = more = 1;
            } else if (q + 2 < s->c->se && np_tok_key_is(doc, &doc->toks[q], "as") &&
                       np_tok_key_is(doc, &doc->toks[q + 1], "well") && np_tok_key_is(doc, &doc->toks[q + 2], "as")) {
                q += 3;
                seen_sep = more = 1;
            } else if (q + 1 < s->c->se &&
                       (np_tok_key_is(doc, &doc->toks[q], "together") || np_tok_key_is(doc, &doc->toks[q], "along")) &&
                       np_tok_key_is(doc, &doc->toks[q + 1], "with")) {
                q += 2;
                seen_sep = more = 1;
            } else if (np_tok_key_is(doc, &doc->toks[q], "alongside")) {
                q++;
                seen_sep = more = 1;
            }
        }
        if (!seen_sep)
            break;
        /* "and Azimio Coalition leader Raila Odinga": a few capitalized
         * words of affiliation before the next person */
        for (uint32_t skip = 0; skip < 5 && q < s->c->se && ment_at(s, q) < 0 &&
                                (doc->toks[q].flags & (NP_TF_CAP | NP_TF_POSS));
             skip++)
            q++;
        long next = ment_at(s, q);
        if (next < 0 || s->c->ments[next].type != NP_RM_PERSON)
            break;
        members[cnt] = (uint32_t)next;
        ends[cnt++] = s->c->ments[next].te;
        p = s->c->ments[next].te;
    }
    for (size_t use = cnt; use >= 1; use--) {
        if (n->cap >= 0)
            s->out->ncap[n->cap] = save;
        int ok = 1;
        for (size_t j = 0; j < use && ok; j++)
            ok = push_cap(s, n->cap, members[j]);
        if (ok && m_cont(s, ends[use - 1], k))
            return 1;
    }
    if (n->cap >= 0)
        s->out->ncap[n->cap] = save;
    return 0;
}

/* Atoms: the token lengths they can take at pos, longest first. */
static size_t atom_ends(mstate *s, const np_pnode *n, uint32_t pos, uint32_t *lens, size_t max)
{
    const np_rctx *c = s->c;
    if (pos >= c->se)
        return 0;
    const np_token *t = &c->doc->toks[pos];
    switch (n->kind) {
    case P_WORD:
        if (t->vocab && t->vocab - 1 == n->word) {
            lens[0] = 1;
            return 1;
        }
        return 0;
    case P_TEXT: {
        const char *want = np_pool_str(&c->lx->pool, n->str);
        size_t wl = strlen(want);
        if (t->end - t->start == wl && !memcmp(c->doc->text + t->start, want, wl)) {
            lens[0] = 1;
            return 1;
        }
        return 0;
    }
    case P_SHAPE: {
        char shape[64];
        np_tok_shape(c->doc, t, shape, sizeof shape);
        if (!strcmp(shape, np_pool_str(&c->lx->pool, n->str))) {
            lens[0] = 1;
            return 1;
        }
        return 0;
    }
    case P_ANY:
        lens[0] = 1;
        return 1;
    case P_POSS:
        if (t->flags & NP_TF_POSS) {
            lens[0] = 1;
            return 1;
        }
        return 0;
    case P_LIST:
        return list_ends(&s->rs->lists[n->word], c->doc, pos, c->se, lens, max);
    default:
        return 0;
    }
}

static int m_node(mstate *s, const np_pnode *n, uint32_t pos, const kont *k)
{
    if (--s->steps < 0)
        return 0;
    switch (n->kind) {
    case P_SEQ: {
        kont seq = {n, 0, 0, 0, k};
        return m_cont(s, pos, &seq);
    }
    case P_ALT:
        for (size_t i = 0; i < n->nkids; i++)
            if (m_node(s, &s->rs->nodes[n->first + i], pos, k))
                return 1;
        return 0;
    case P_REP: {
        kont rep = {n, 0, 1, pos, k};
        if (m_node(s, &s->rs->nodes[n->first], pos, &rep))
            return 1;
        return n->min == 0 && m_cont(s, pos, k);
    }
    case P_GAP: {
        /* lazy, and never over a person: "X met Y" must not skip Z; a gap
         * just before the trigger can only end at it */
        uint32_t only = UINT32_MAX;
        if (k && k->n == s->root && k->i == s->rule->anchor) {
            if (s->trigger < pos || s->trigger - pos > (uint32_t)n->max)
                return 0;
            only = s->trigger - pos;
        }
        for (uint32_t j = 0; j <= (uint32_t)n->max && pos + j <= s->c->se; j++) {
            if (j > 0) {
                long mi = ment_at(s, pos + j - 1);
                if (mi >= 0 && (s->c->ments[mi].type == NP_RM_PERSON || s->c->ments[mi].type == NP_RM_GROUP) &&
                    !s->c->ments[mi].is_ref)
                    return 0;
                const np_token *t = &s->c->doc->toks[pos + j - 1];
                if (n->what && t->kind == NP_TOK_PUNCT && !(t->flags & (NP_TF_POSS | NP_TF_QUOTE)))
                    return 0;
            }
            if ((only == UINT32_MAX || j == only) && m_cont(s, pos + j, k))
                return 1;
        }
        return 0;
    }
    case P_NOT: {
        const np_pnode *kid = &s->rs->nodes[n->first];
        uint32_t lens[1];
        int hit;
        if (kid->kind == P_MENT) {
            long mi = ment_at(s, pos);
            hit = mi >= 0 && type_ok(kid->what, s->c->ments[mi].type);
        } else {
            hit = atom_ends(s, kid, pos, lens, 1) > 0;
        }
        return !hit && m_cont(s, pos, k);
    }
    case P_PEOPLE:
        return m_people(s, n, pos, k);
    case P_MENT: {
        long mi = ment_at(s, pos);
        if (mi < 0 || !type_ok(n->what, s->c->ments[mi].type))
            return 0;
        uint8_t save = n->cap >= 0 ? s->out->ncap[n->cap] : 0;
        if (push_cap(s, n->cap, (uint32_t)mi) && m_cont(s, s->c->ments[mi].te, k))
            return 1;
        if (n->cap >= 0)
            s->out->ncap[n->cap] = save;
        return 0;
    }
    default: {
        uint32_t lens[8];
        size_t cnt = atom_ends(s, n, pos, lens, 8);
        for (size_t i = 0; i < cnt; i++)
            if (m_cont(s, pos + lens[i], k))
                return 1;
        return 0;
    }
    }
}

static size_t index_lower(const np_ruleset *rs, uint64_t key)
{
    size_t lo = 0, hi = rs->nindex;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->index[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

#define SENTENCE_WORDS 16 /* the size of a sentence's Bloom filter, in 64-bit words */

/* Whether the sentence can hold a match of r at all: enough mentions and
 * every required word (words: a Bloom filter of the sentence's words). */
static int sentence_may_match(const np_rule *r, const np_rctx *c, size_t npeople, const uint64_t *words)
{
    if (c->nments < r->min_ments || npeople < r->min_people)
        return 0;
    for (int i = 0; i < r->nneed; i++)
        if (!np_bloom_has(words, SENTENCE_WORDS, r->need[i]))
            return 0;
    return 1;
}

/* Does token t begin its sentence or a line? */
static int line_start(const np_rctx *c, size_t t)
{
    return t == c->sb || (c->doc->toks[t].flags & (NP_TF_NL | NP_TF_PARA));
}

/* The dateline rules, each tried from the start of the sentence and of
 * each line in it; the first start that matches is the rule's match. */
static void match_datelines(const np_ruleset *rs, const np_rctx *c, np_match_fn fn, void *arg)
{
    np_rmatch match;
    for (size_t r = 0; r < rs->n; r++) {
        if (!rs->rules[r].dateline)
            continue;
        mstate s = {.rs = rs, .c = c, .rule = &rs->rules[r], .root = &rs->nodes[rs->rules[r].root],
                    .trigger = UINT32_MAX, .steps = NP_RULE_STEPS, .out = &match};
        for (size_t start = c->sb; start < c->se && s.steps >= 0; start++) {
            if (!line_start(c, start))
                continue;
            memset(match.ncap, 0, sizeof match.ncap);
            if (m_node(&s, s.root, (uint32_t)start, NULL)) {
                match.rule = (uint32_t)r;
                match.tb = match.trigger = (uint32_t)start;
                match.te = s.end;
                fn(&match, arg);
                break;
            }
        }
    }
}

/* Whether the rule's trigger and what follows it match at the trigger,
 * whatever comes before: when they cannot, no start before the trigger
 * can give a match, so the starts are not tried. What the elements after
 * the trigger match depends only on where they begin (captures made before
 * the trigger can only make them fail), so this is exact; a search cut by
 * the step budget counts as a possible match. */
static int tail_may_match(mstate *s, np_rmatch *scratch)
{
    kont tail = {s->root, s->rule->anchor, 0, 0, NULL};
    long steps = s->steps;
    memset(scratch->ncap, 0, sizeof scratch->ncap);
    int ok = m_cont(s, s->trigger, &tail) || s->steps < 0;
    s->steps = steps;
    return ok;
}

void np_rules_match(const np_ruleset *rs, const np_rctx *c, np_match_fn fn, void *arg)
{
    if (c->datelines) {
        match_datelines(rs, c, fn, arg);
        return;
    }
    np_rmatch match;
    uint64_t words[SENTENCE_WORDS] = {0};
    for (size_t t = c->sb; t < c->se; t++)
        if (c->doc->toks[t].vocab)
            np_bloom_add(words, SENTENCE_WORDS, c->doc->toks[t].vocab - 1);
    size_t npeople = 0;
    for (size_t k = 0; k < c->nments; k++)
        npeople += c->ments[k].type == NP_RM_PERSON || c->ments[k].type == NP_RM_GROUP;
    for (size_t t = c->sb; t < c->se; t++) {
        uint32_t v = c->doc->toks[t].vocab;
        if (!v)
            continue;
        if (!np_bloom_has(rs->triggers, rs->ntriggers, v - 1))
            continue;
        uint64_t key = (uint64_t)(v - 1) << 32;
        for (size_t x = index_lower(rs, key); x < rs->nindex && (rs->index[x] >> 32) == v - 1; x++) {
            uint32_t r = (uint32_t)rs->index[x];
            if (!sentence_may_match(&rs->rules[r], c, npeople, words))
                continue;
            mstate s = {.rs = rs, .c = c, .rule = &rs->rules[r], .root = &rs->nodes[rs->rules[r].root],
                        .trigger = (uint32_t)t, .steps = NP_RULE_STEPS, .out = &match};
            size_t lead_max = s.rule->lead_max < NP_RULE_LEFT_WINDOW ? s.rule->lead_max : NP_RULE_LEFT_WINDOW;
            if (t < c->sb + s.rule->lead_min)
                continue;
            size_t from = t > c->sb + lead_max ? t - lead_max : c->sb, to = t - s.rule->lead_min;
            if (from < to && !tail_may_match(&s, &match))
                continue;
            /* a pattern that begins with a mention can only start at one */
            const np_pnode *first = &rs->nodes[s.root->first];
            int needs_mention = s.rule->anchor > 0 && (first->kind == P_MENT || first->kind == P_PEOPLE);
            for (size_t start = from; start <= to; start++) {
                if (needs_mention && !c->start_at[start - c->sb])
                    continue;
                memset(match.ncap, 0, sizeof match.ncap);
                if (m_node(&s, s.root, (uint32_t)start, NULL)) {
                    match.rule = r;
                    match.tb = (uint32_t)start;
                    match.te = s.end;
                    match.trigger = (uint32_t)t;
                    fn(&match, arg);
                    break;
                }
                if (s.steps < 0)
                    break;
            }
        }
    }
}

/*
 * graph.c: building the graph (see graph.h): nodes by id, links by key
 * (source, target, relation, place, date), both found through hash tables,
 * so adding a document costs time in proportion to what it names.
 */
#include "graph.h"

#include "gazetteer.h"
#include "graph_private.h"
#include "input.h"

#include <stdlib.h>
#include <string.h>

np_graph *np_graph_new(void)
{
    return np_xcalloc(1, sizeof(np_graph));
}

/* The graph's strings live in its arena. */
static char *gstrndup(np_graph *g, const char *s, size_t n)
{
    return np_arena_strndup(&g->strs, s, n);
}

static char *gstrdup(np_graph *g, const char *s)
{
    return np_arena_strdup(&g->strs, s);
}

void np_graph_free(np_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nodes_owned; i++) {
        free(g->nodes[i].aliases);
        free(g->nodes[i].ments);
    }
    for (size_t i = 0; i < g->links_owned; i++)
        free(g->links[i].ev);
    free(g->docs);
    free(g->nodes);
    free(g->node_slots);
    free(g->links);
    free(g->link_slots);
    free(g->sents);
    np_u64map_free(&g->sent_of);
    np_arena_free(&g->strs);
    free(g);
}

void np_graph_clear(np_graph *g)
{
    g->ndocs = g->nnodes = g->nlinks = g->nsents = 0;
    if (g->nnode_slots)
        memset(g->node_slots, 0, g->nnode_slots * sizeof *g->node_slots);
    if (g->nlink_slots)
        memset(g->link_slots, 0, g->nlink_slots * sizeof *g->link_slots);
    np_u64map_clear(&g->sent_of);
    np_arena_reset(&g->strs);
}

size_t np_graph_ndocs(const np_graph *g)
{
    return g->ndocs;
}

/* ---- hash tables over nodes and links ---- */

static uint64_t link_hash(const char *s, const char *t, const char *r, const char *p, const char *d)
{
    uint64_t h = np_hash(s, strlen(s));
    h = h * 31 + np_hash(t, strlen(t));
    h = h * 31 + np_hash(r, strlen(r));
    h = h * 31 + (p ? np_hash(p, strlen(p)) : 7);
    h = h * 31 + (d ? np_hash(d, strlen(d)) : 11);
    return h;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static void rehash(uint32_t **slots, size_t *nslots, size_t need, size_t count, uint64_t (*hash_of)(np_graph *, size_t),
                   np_graph *g)
{
    if ((need + 1) * 2 <= *nslots)
        return;
    size_t ns = *nslots ? *nslots * 2 : 256;
    free(*slots);
    *slots = np_xcalloc(ns, sizeof **slots);
    *nslots = ns;
    for (size_t i = 0; i < count; i++) {
        size_t s = hash_of(g, i) & (ns - 1);
        while ((*slots)[s])
            s = (s + 1) & (ns - 1);
        (*slots)[s] = (uint32_t)i + 1;
    }
}

static uint64_t node_hash_of(np_graph *g, size_t i)
{
    return np_hash(g->nodes[i].id, strlen(g->nodes[i].id));
}

static uint64_t link_hash_of(np_graph *g, size_t i)
{
    np_glink *l = &g->links[i];
    return link_hash(l->source, l->target, l->relation, l->place, l->date);
}

/* Finds the node with id or adds an empty one (label = id). */
static np_gnode *np_graph_node(np_graph *g, const char *id, int *created)
{
    *created = 0;
    if (g->nnode_slots) {
        size_t mask = g->nnode_slots - 1, s = np_hash(id, strlen(id)) & mask;
        while (g->node_slots[s]) {
            np_gnode *n = &g->nodes[g->node_slots[s] - 1];
            if (!strcmp(n->id, id))
                return n;
            s = (s + 1) & mask;
        }
    }
    rehash(&g->node_slots, &g->nnode_slots, g->nnodes + 1, g->nnodes, node_hash_of, g);
    NP_GROW(g->nodes, g->nodes_cap, g->nnodes + 1);
    np_gnode *n = &g->nodes[g->nnodes];
    /* (a node of a cleared graph keeps its arrays, emptied) */
    np_gnode was = {0};
    if (g->nnodes < g->nodes_owned)
        was = *n;
    else
        g->nodes_owned++;
    memset(n, 0, sizeof *n);
    n->aliases = was.aliases;
    n->aliases_cap = was.aliases_cap;
    n->ments = was.ments;
    n->ments_cap = was.ments_cap;
    n->id = gstrdup(g, id);
    n->label = n->id;
    size_t mask = g->nnode_slots - 1, s = np_hash(id, strlen(id)) & mask;
    while (g->node_slots[s])
        s = (s + 1) & mask;
    g->node_slots[s] = (uint32_t)++g->nnodes;
    *created = 1;
    return n;
}

/* Finds the link with this key or adds an empty one. */
static np_glink *np_graph_link(np_graph *g, const char *source, const char *target, const char *relation,
                               const char *place, const char *date, int *created)
{
    *created = 0;
    uint64_t h = link_hash(source, target, relation, place, date);
    if (g->nlink_slots) {
        size_t mask = g->nlink_slots - 1, s = h & mask;
        while (g->link_slots[s]) {
            np_glink *l = &g->links[g->link_slots[s] - 1];
            if (!strcmp(l->source, source) && !strcmp(l->target, target) && !strcmp(l->relation, relation) &&
                same(l->place, place) && same(l->date, date))
                return l;
            s = (s + 1) & mask;
        }
    }
    rehash(&g->link_slots, &g->nlink_slots, g->nlinks + 1, g->nlinks, link_hash_of, g);
    NP_GROW(g->links, g->links_cap, g->nlinks + 1);
    np_glink *l = &g->links[g->nlinks];
    np_glink was = {0};
    if (g->nlinks < g->links_owned)
        was = *l;
    else
        g->links_owned++;
    memset(l, 0, sizeof *l);
    l->ev = was.ev;
    l->ev_cap = was.ev_cap;
    l->source = gstrdup(g, source);
    l->target = gstrdup(g, target);
    l->relation = gstrdup(g, relation);
    l->place = gstrdup(g, place);
    l->date = gstrdup(g, date);
    size_t mask = g->nlink_slots - 1, s = h & mask;
    while (g->link_slots[s])
        s = (s + 1) & mask;
    g->link_slots[s] = (uint32_t)++g->nlinks;
    *created = 1;
    return l;
}

static void np_gnode_add_alias(np_graph *g, np_gnode *n, const char *alias)
{
    if (!strcmp(alias, n->label))
        return;
    for (size_t i = 0; i < n->naliases; i++)
        if (!strcmp(n->aliases[i], alias))
            return;
    NP_GROW(n->aliases, n->aliases_cap, n->naliases + 1);
    n->aliases[n->naliases++] = gstrdup(g, alias);
}

/* A copy of s made valid UTF-8 as input.h repairs text (a file name need
 * not be UTF-8, and the JSON output must be). */
static char *utf8_copy(np_graph *g, const char *s)
{
    size_t len = strlen(s);
    np_repair rep;
    char *t = np_utf8_repair(np_xstrndup(s, len), &len, &rep);
    char *d = gstrndup(g, t, len);
    free(t);
    return d;
}

/* Adds a document record and returns its index. */
static uint32_t np_graph_add_docinfo(np_graph *g, const char *name, const char *id, const char *date,
                                     const char *date_source, size_t length, size_t sentences)
{
    NP_GROW(g->docs, g->docs_cap, g->ndocs + 1);
    np_gdoc *d = &g->docs[g->ndocs];
    memset(d, 0, sizeof *d);
    d->name = utf8_copy(g, name ? name : "-");
    d->id = id ? utf8_copy(g, id) : NULL;
    if (date)
        snprintf(d->date, sizeof d->date, "%s", date);
    d->date_source = gstrdup(g, date_source);
    d->length = length;
    d->sentences = sentences;
    return (uint32_t)g->ndocs++;
}

/* s[0..n) with line breaks and tabs made spaces and runs of spaces made
 * one, into out (a node's alias of a mention's text). */
static const char *one_line(const char *s, size_t n, np_buf *out)
{
    out->len = 0;
    np_buf_reserve(out, n);
    for (size_t i = 0; i < n; i++) {
        char c = (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') ? ' ' : s[i];
        if (c == ' ' && out->len && out->data[out->len - 1] == ' ')
            continue;
        out->data[out->len++] = c;
    }
    out->data[out->len] = '\0';
    return out->data;
}

/* *dst becomes a copy of v when it has none or v sorts before it (the
 * rule by which nerpipe merge, keep_least in gjson.c, settles values that
 * documents disagree on). The copy it replaces stays in the graph's
 * blocks: values only ever decrease, so few are replaced. */
static void np_graph_keep_least(np_graph *g, char **dst, const char *v)
{
    if (!v || (*dst && strcmp(v, *dst) >= 0))
        return;
    *dst = gstrdup(g, v);
}

/* ---- links ---- */

/* The text of the evidence's sentence on one line (line breaks and tabs
 * made spaces, runs of spaces one), kept once in the graph's sentence
 * store for every link that cites it. */
static const char *sentence_text(np_graph *g, const np_doc *doc, const np_evidence_ref *ev, uint32_t doc_index)
{
    uint64_t key = (uint64_t)doc_index << 32 | ev->start;
    uint32_t at = np_u64map_get(&g->sent_of, key);
    if (at && g->sents[at - 1].end == ev->end)
        return g->sents[at - 1].text;
    size_t len = ev->end - ev->start, n = 0;
    char *s = gstrndup(g, doc->text + ev->start, len);
    for (size_t i = 0; i < len; i++) { /* in place: it only shrinks */
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && n && s[n - 1] == ' ')
            continue;
        s[n++] = c;
    }
    s[n] = '\0';
    NP_GROW(g->sents, g->sents_cap, g->nsents + 1);
    g->sents[g->nsents++] = (struct np_gsent){s, ev->end};
    if (!at)
        np_u64map_put(&g->sent_of, key, (uint32_t)g->nsents);
    return s;
}

/* Compares two optional strings, none after any. */
static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return !a - !b;
    return strcmp(a, b);
}

/* The CAMEO code goes with the status: of the documents whose status
 * wins (the least), the least code; none when they give none (as nerpipe
 * merge settles them). */
static void keep_cameo(np_graph *g, char **cameo, const char *status_now, const char *status, const char *v)
{
    int c = cmp_opt(status, status_now);
    if (c > 0)
        return;
    if (c < 0) {
        *cameo = gstrdup(g, v);
        return;
    }
    np_graph_keep_least(g, cameo, v);
}

/* Adds one link of the document (or its evidence to the link of the same
 * key) and returns it. */
static np_glink *add_link(const np_doc *doc, np_graph *g, const char *src, const char *dst, const char *rel,
                     const char *place, const char *date, const char *status, const char *cameo, const char *title,
                     const np_evidence_ref *ev, size_t nev, uint32_t doc_index)
{
    int created;
    np_glink *l = np_graph_link(g, src, dst, rel, place, date, &created);
    if (created) {
        l->status = gstrdup(g, status);
        l->cameo = gstrdup(g, cameo);
        l->title = gstrdup(g, title);
        l->rule = gstrdup(g, nev ? ev[0].rule : "");
    } else if (l->last_doc != doc_index + 1) {
        /* another document's values: settled as nerpipe merge settles
         * them (the least wins), so one run over many files gives what
         * merging their graphs gives; within a document the first stays */
        keep_cameo(g, &l->cameo, l->status, status, cameo);
        np_graph_keep_least(g, &l->status, status);
        np_graph_keep_least(g, &l->title, title);
        np_graph_keep_least(g, &l->rule, nev ? ev[0].rule : "");
    }
    l->last_doc = doc_index + 1;
    l->weight += 1;
    for (size_t i = 0; i < nev; i++) {
        NP_GROW(l->ev, l->ev_cap, l->nev + 1);
        np_evidence *e = &l->ev[l->nev++];
        e->doc = doc_index;
        e->sentence = ev[i].sent;
        e->start = ev[i].cstart;
        e->end = ev[i].cend;
        e->text = sentence_text(g, doc, &ev[i], doc_index);
        e->rule = gstrdup(g, ev[i].rule);
    }
    return l;
}

/* Adds the document's links (doc->links) to g; doc_index is the
 * document's index in g. */
static void add_links(np_graph *g, const np_doc *doc, uint32_t doc_index)
{
    for (size_t i = 0; i < doc->nlinks; i++) {
        const np_link *l = &doc->links[i];
        char date[11] = "";
        if (l->date.prec)
            np_date_format(&l->date, date);
        const char *place = l->place != NP_NONE ? doc->ents[l->place].id : NULL;
        if (l->rel == NP_REL_ROLE) {
            /* towards the organization, or a country the document names */
            char id[16] = "";
            if (l->b == NP_NONE)
                snprintf(id, sizeof id, "place:%c%c", l->cc[0] | 0x20, l->cc[1] | 0x20);
            const char *target = l->b != NP_NONE ? doc->ents[l->b].id : id;
            if (l->b != NP_NONE || np_doc_entity(doc, id) >= 0)
                add_link(doc, g, doc->ents[l->a].id, target, np_rel_name(l->rel), NULL, NULL, NULL, NULL, l->title,
                         l->ev, l->nev, doc_index);
            continue;
        }
        if (l->rel == NP_REL_VISITED)
            place = NULL;
        np_glink *gl = add_link(doc, g, doc->ents[l->a].id, doc->ents[l->b].id, np_rel_name(l->rel), place,
                                date[0] ? date : NULL, l->planned ? "planned" : "occurred",
                                l->cameo[0] ? l->cameo : NULL, NULL, l->ev, l->nev, doc_index);
        /* where the place and date came from; documents that disagree
         * are settled as nerpipe merge settles them (the least wins) */
        if (place)
            np_graph_keep_least(g, &gl->place_from, l->place_from);
        if (date[0])
            np_graph_keep_least(g, &gl->date_from, l->date_from);
    }
}

void np_graph_add_doc(np_graph *g, const np_model *m, const np_doc *doc)
{
    uint32_t di = np_graph_add_docinfo(g, doc->name, doc->id, doc->date[0] ? doc->date : NULL, doc->date_source,
                                       doc->ncp, doc->sent_base);
    if (doc->dateline.place != NP_NONE) {
        np_gdoc *d = &g->docs[di];
        d->dateline_place = gstrdup(g, doc->ents[doc->dateline.place].id);
        d->dateline_rule = gstrdup(g, doc->dateline.rule);
        if (doc->dateline.date.prec)
            np_date_format(&doc->dateline.date, d->dateline_date);
    }
    /* nodes */
    np_buf scratch = {0};
    uint32_t *node_of = np_xmalloc((doc->nents + 1) * sizeof *node_of);
    for (size_t i = 0; i < doc->nents; i++) {
        const np_entity *e = &doc->ents[i];
        int created;
        np_gnode *n = np_graph_node(g, e->id, &created);
        node_of[i] = (uint32_t)(n - g->nodes);
        if (created) {
            n->label = gstrdup(g, e->label);
            n->type = e->type;
            n->derived = e->gz < 0;
            if (e->gz >= 0) {
                const np_gz_entry *ge = &m->gaz->entries[e->gz];
                if (ge->attrs) {
                    const char *a = np_model_str(m, ge->attrs);
                    size_t al = strlen(a);
                    if (al >= 2) /* a damaged compiled model aside */
                        n->attrs = gstrndup(g, a + 1, al - 2); /* the members, without braces */
                }
            }
        }
        /* documents that disagree are settled as nerpipe merge settles
         * them, the least value winning, so one run over many files gives
         * what merging their graphs gives */
        if (e->gz < 0)
            np_graph_keep_least(g, &n->subtype, e->subtype);
        np_graph_keep_least(g, &n->why, e->why);
        np_graph_keep_least(g, &n->role, e->role);
        if (e->country[0] && (!n->country[0] || strcmp(e->country, n->country) < 0))
            memcpy(n->country, e->country, 4);
    }
    for (size_t i = 0; i < doc->nments; i++) {
        const np_mention *mt = &doc->ments[i];
        np_gnode *n = &g->nodes[node_of[mt->entity]];
        const char *raw = doc->text + mt->start;
        size_t rawn = mt->end - mt->start;
        np_gnode_add_alias(g, n, one_line(raw, rawn, &scratch));
        NP_GROW(n->ments, n->ments_cap, n->nments + 1);
        np_gmention *gm = &n->ments[n->nments++];
        gm->doc = di;
        gm->start = mt->cstart;
        gm->end = mt->cend;
        gm->sentence = mt->sent;
        gm->text = gstrndup(g, raw, rawn);
    }
    np_buf_free(&scratch);
    add_links(g, doc, di);
    free(node_of);
}

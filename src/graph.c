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

static void free_node(np_gnode *n)
{
    free(n->id);
    free(n->label);
    free(n->subtype);
    free(n->attrs);
    free(n->role);
    free(n->why);
    for (size_t i = 0; i < n->naliases; i++)
        free(n->aliases[i]);
    free(n->aliases);
    for (size_t i = 0; i < n->nments; i++)
        free(n->ments[i].text);
    free(n->ments);
}

static void free_link(np_glink *l)
{
    free(l->source);
    free(l->target);
    free(l->relation);
    free(l->place);
    free(l->date);
    free(l->status);
    free(l->cameo);
    free(l->title);
    free(l->rule);
    free(l->place_from);
    free(l->date_from);
    for (size_t i = 0; i < l->nev; i++) {
        free(l->ev[i].text);
        free(l->ev[i].rule);
    }
    free(l->ev);
}

void np_graph_free(np_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ndocs; i++) {
        free(g->docs[i].name);
        free(g->docs[i].id);
        free(g->docs[i].date_source);
        free(g->docs[i].dateline_place);
        free(g->docs[i].dateline_rule);
    }
    for (size_t i = 0; i < g->nnodes; i++)
        free_node(&g->nodes[i]);
    for (size_t i = 0; i < g->nlinks; i++)
        free_link(&g->links[i]);
    free(g->docs);
    free(g->nodes);
    free(g->node_slots);
    free(g->links);
    free(g->link_slots);
    free(g);
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
    memset(n, 0, sizeof *n);
    n->id = np_xstrdup(id);
    n->label = np_xstrdup(id);
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
    memset(l, 0, sizeof *l);
    l->source = np_xstrdup(source);
    l->target = np_xstrdup(target);
    l->relation = np_xstrdup(relation);
    l->place = place ? np_xstrdup(place) : NULL;
    l->date = date ? np_xstrdup(date) : NULL;
    size_t mask = g->nlink_slots - 1, s = h & mask;
    while (g->link_slots[s])
        s = (s + 1) & mask;
    g->link_slots[s] = (uint32_t)++g->nlinks;
    *created = 1;
    return l;
}

static void np_gnode_add_alias(np_gnode *n, const char *alias)
{
    if (!strcmp(alias, n->label))
        return;
    for (size_t i = 0; i < n->naliases; i++)
        if (!strcmp(n->aliases[i], alias))
            return;
    NP_GROW(n->aliases, n->aliases_cap, n->naliases + 1);
    n->aliases[n->naliases++] = np_xstrdup(alias);
}

/* A copy of s made valid UTF-8 as input.h repairs text (a file name need
 * not be UTF-8, and the JSON output must be). */
static char *utf8_copy(const char *s)
{
    size_t len = strlen(s);
    np_repair rep;
    return np_utf8_repair(np_xstrndup(s, len), &len, &rep);
}

/* Adds a document record and returns its index. */
static uint32_t np_graph_add_docinfo(np_graph *g, const char *name, const char *id, const char *date,
                                     const char *date_source, size_t length, size_t sentences)
{
    NP_GROW(g->docs, g->docs_cap, g->ndocs + 1);
    np_gdoc *d = &g->docs[g->ndocs];
    memset(d, 0, sizeof *d);
    d->name = utf8_copy(name ? name : "-");
    d->id = id ? utf8_copy(id) : NULL;
    if (date)
        snprintf(d->date, sizeof d->date, "%s", date);
    d->date_source = date_source ? np_xstrdup(date_source) : NULL;
    d->length = length;
    d->sentences = sentences;
    return (uint32_t)g->ndocs++;
}

/* The surface text of a mention, as the document has it (one_line makes
 * the node's alias of it). */
static char *mention_text(const np_doc *doc, const np_mention *mt)
{
    char *s = np_xstrndup(doc->text + mt->start, mt->end - mt->start);
    return s;
}

/* s with line breaks and tabs made spaces and runs of spaces made one. */
static char *one_line(const char *s)
{
    np_buf b = {0};
    for (const char *p = s; *p; p++) {
        char c = (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p;
        if (c == ' ' && b.len && b.data[b.len - 1] == ' ')
            continue;
        np_buf_addc(&b, c);
    }
    return np_buf_steal(&b);
}

/* *dst becomes a copy of v when it has none or v sorts before it (the
 * rule by which nerpipe merge, keep_least in gjson.c, settles values that
 * documents disagree on). */
static void np_graph_keep_least(char **dst, const char *v)
{
    if (!v || (*dst && strcmp(v, *dst) >= 0))
        return;
    free(*dst);
    *dst = np_xstrdup(v);
}

/* ---- links ---- */

static char *sentence_text(const np_doc *doc, const np_evidence_ref *ev)
{
    np_buf b = {0};
    for (uint32_t i = ev->start; i < ev->end; i++) {
        char c = doc->text[i];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && b.len && b.data[b.len - 1] == ' ')
            continue;
        np_buf_addc(&b, c);
    }
    if (!b.data)
        np_buf_addc(&b, 0), b.len = 0;
    return np_buf_steal(&b);
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
static void keep_cameo(char **cameo, const char *status_now, const char *status, const char *v)
{
    int c = cmp_opt(status, status_now);
    if (c > 0)
        return;
    if (c < 0) {
        free(*cameo);
        *cameo = v ? np_xstrdup(v) : NULL;
        return;
    }
    np_graph_keep_least(cameo, v);
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
        l->status = status ? np_xstrdup(status) : NULL;
        l->cameo = cameo ? np_xstrdup(cameo) : NULL;
        l->title = title ? np_xstrdup(title) : NULL;
        l->rule = np_xstrdup(nev ? ev[0].rule : "");
    } else if (l->last_doc != doc_index + 1) {
        /* another document's values: settled as nerpipe merge settles
         * them (the least wins), so one run over many files gives what
         * merging their graphs gives; within a document the first stays */
        keep_cameo(&l->cameo, l->status, status, cameo);
        np_graph_keep_least(&l->status, status);
        np_graph_keep_least(&l->title, title);
        np_graph_keep_least(&l->rule, nev ? ev[0].rule : "");
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
        e->text = sentence_text(doc, &ev[i]);
        e->rule = np_xstrdup(ev[i].rule);
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
            np_graph_keep_least(&gl->place_from, l->place_from);
        if (date[0])
            np_graph_keep_least(&gl->date_from, l->date_from);
    }
}

void np_graph_add_doc(np_graph *g, const np_model *m, const np_doc *doc)
{
    uint32_t di = np_graph_add_docinfo(g, doc->name, doc->id, doc->date[0] ? doc->date : NULL, doc->date_source,
                                       doc->ncp, doc->sent_base);
    if (doc->dateline.place != NP_NONE) {
        np_gdoc *d = &g->docs[di];
        d->dateline_place = np_xstrdup(doc->ents[doc->dateline.place].id);
        d->dateline_rule = np_xstrdup(doc->dateline.rule);
        if (doc->dateline.date.prec)
            np_date_format(&doc->dateline.date, d->dateline_date);
    }
    /* nodes */
    uint32_t *node_of = np_xmalloc((doc->nents + 1) * sizeof *node_of);
    for (size_t i = 0; i < doc->nents; i++) {
        const np_entity *e = &doc->ents[i];
        int created;
        np_gnode *n = np_graph_node(g, e->id, &created);
        node_of[i] = (uint32_t)(n - g->nodes);
        if (created) {
            free(n->label);
            n->label = np_xstrdup(e->label);
            n->type = e->type;
            n->derived = e->gz < 0;
            if (e->gz >= 0) {
                const np_gz_entry *ge = &m->gaz->entries[e->gz];
                if (ge->attrs) {
                    const char *a = np_model_str(m, ge->attrs);
                    size_t al = strlen(a);
                    if (al >= 2) /* a damaged compiled model aside */
                        n->attrs = np_xstrndup(a + 1, al - 2); /* the members, without braces */
                }
            }
        }
        /* documents that disagree are settled as nerpipe merge settles
         * them, the least value winning, so one run over many files gives
         * what merging their graphs gives */
        if (e->gz < 0)
            np_graph_keep_least(&n->subtype, e->subtype);
        np_graph_keep_least(&n->why, e->why);
        np_graph_keep_least(&n->role, e->role);
        if (e->country[0] && (!n->country[0] || strcmp(e->country, n->country) < 0))
            memcpy(n->country, e->country, 4);
    }
    for (size_t i = 0; i < doc->nments; i++) {
        const np_mention *mt = &doc->ments[i];
        np_gnode *n = &g->nodes[node_of[mt->entity]];
        char *text = mention_text(doc, mt);
        char *alias = one_line(text);
        np_gnode_add_alias(n, alias);
        free(alias);
        NP_GROW(n->ments, n->ments_cap, n->nments + 1);
        np_gmention *gm = &n->ments[n->nments++];
        gm->doc = di;
        gm->start = mt->cstart;
        gm->end = mt->cend;
        gm->sentence = mt->sent;
        gm->text = text;
    }
    add_links(g, doc, di);
    free(node_of);
}

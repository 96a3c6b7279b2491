/*
 * emit_json.c: the default output, the node-link JSON graph of
 * doc/graph-contract.md that d3 and networkx read.
 */
#include "config.h"
#include "emit_json.h"
#include "graph_private.h"

#include <string.h>

/* Writes "key": value when there is a value (key a string literal). */
#define opt_str(w, key, value)                                                                                        \
    do {                                                                                                               \
        const char *opt_value_ = (value);                                                                              \
        if (opt_value_) {                                                                                              \
            NP_JW_KEY(w, key);                                                                                         \
            np_jw_strz(w, opt_value_);                                                                                 \
        }                                                                                                              \
    } while (0)

static void write_doc(const np_gdoc *d, np_jw *w)
{
    np_jw_obj(w);
    NP_JW_KEY(w, "name");
    np_jw_strz(w, d->name);
    if (d->id) {
        NP_JW_KEY(w, "id");
        np_jw_strz(w, d->id);
    }
    NP_JW_KEY(w, "date");
    np_jw_strz(w, d->date[0] ? d->date : NULL);
    NP_JW_KEY(w, "date_source");
    np_jw_strz(w, d->date_source);
    NP_JW_KEY(w, "length");
    np_jw_int(w, (long long)d->length);
    NP_JW_KEY(w, "sentences");
    np_jw_int(w, (long long)d->sentences);
    if (d->dateline_place) {
        NP_JW_KEY(w, "dateline");
        np_jw_obj(w);
        NP_JW_KEY(w, "place");
        np_jw_strz(w, d->dateline_place);
        NP_JW_KEY(w, "date");
        np_jw_strz(w, d->dateline_date[0] ? d->dateline_date : NULL);
        NP_JW_KEY(w, "rule");
        np_jw_strz(w, d->dateline_rule);
        np_jw_obj_end(w);
    }
    np_jw_obj_end(w);
}

static void write_node(const np_graph *g, const np_gnode *n, np_jw *w)
{
    np_jw_obj(w);
    NP_JW_KEY(w, "id");
    np_jw_strz(w, n->id);
    NP_JW_KEY(w, "label");
    np_jw_strz(w, n->label);
    NP_JW_KEY(w, "type");
    np_jw_strz(w, np_etype_name(n->type));
    opt_str(w, "subtype", n->subtype);
    NP_JW_KEY(w, "aliases");
    np_jw_arr(w);
    for (size_t i = 0; i < n->naliases; i++)
        np_jw_strz(w, n->aliases[i]);
    np_jw_arr_end(w);
    NP_JW_KEY(w, "weight");
    np_jw_int(w, (long long)n->nments);
    NP_JW_KEY(w, "source");
    np_jw_strz(w, n->derived ? "text" : "gazetteer");
    opt_str(w, "why", n->why);
    opt_str(w, "role", n->role);
    if (n->country[0] && !(n->attrs && strstr(n->attrs, "\"country\":"))) {
        NP_JW_KEY(w, "country");
        np_jw_strz(w, n->country);
    }
    if (n->attrs && *n->attrs) {
        NP_JW_KEY(w, "attributes");
        np_jw_raw_obj(w, n->attrs, strlen(n->attrs));
    }
    NP_JW_KEY(w, "mentions");
    np_jw_arr(w);
    for (size_t i = 0; i < n->nments; i++) {
        const np_gmention *m = &n->ments[i];
        np_jw_obj(w);
        if (g->ndocs > 1) {
            NP_JW_KEY(w, "doc");
            np_jw_int(w, m->doc);
        }
        NP_JW_KEY(w, "start");
        np_jw_int(w, m->start);
        NP_JW_KEY(w, "end");
        np_jw_int(w, m->end);
        NP_JW_KEY(w, "text");
        np_jw_strz(w, m->text);
        np_jw_obj_end(w);
    }
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

static void write_link(const np_graph *g, const np_glink *l, np_jw *w)
{
    np_jw_obj(w);
    NP_JW_KEY(w, "source");
    np_jw_strz(w, l->source);
    NP_JW_KEY(w, "target");
    np_jw_strz(w, l->target);
    NP_JW_KEY(w, "relation");
    np_jw_strz(w, l->relation);
    NP_JW_KEY(w, "place");
    np_jw_strz(w, l->place);
    NP_JW_KEY(w, "date");
    np_jw_strz(w, l->date);
    NP_JW_KEY(w, "status");
    np_jw_strz(w, l->status);
    opt_str(w, "cameo", l->cameo);
    opt_str(w, "place_from", l->place_from);
    opt_str(w, "date_from", l->date_from);
    opt_str(w, "title", l->title);
    NP_JW_KEY(w, "rule");
    np_jw_strz(w, l->rule);
    NP_JW_KEY(w, "weight");
    np_jw_num(w, l->weight);
    NP_JW_KEY(w, "evidence");
    np_jw_arr(w);
    for (size_t i = 0; i < l->nev; i++) {
        const np_evidence *e = &l->ev[i];
        np_jw_obj(w);
        if (g->ndocs > 1) {
            NP_JW_KEY(w, "doc");
            np_jw_int(w, e->doc);
        }
        NP_JW_KEY(w, "sentence");
        np_jw_strz(w, e->text);
        NP_JW_KEY(w, "start");
        np_jw_int(w, e->start);
        NP_JW_KEY(w, "end");
        np_jw_int(w, e->end);
        NP_JW_KEY(w, "rule");
        np_jw_strz(w, e->rule);
        np_jw_obj_end(w);
    }
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

void np_emit_json(const np_graph *g, np_jw *w)
{
    np_jw_obj(w);
    NP_JW_KEY(w, "directed");
    np_jw_bool(w, 0);
    NP_JW_KEY(w, "multigraph");
    np_jw_bool(w, 1);
    NP_JW_KEY(w, "graph");
    np_jw_obj(w);
    NP_JW_KEY(w, "generator");
    np_jw_strz(w, PACKAGE_NAME " " PACKAGE_VERSION);
    if (g->ndocs == 1) {
        NP_JW_KEY(w, "document");
        write_doc(&g->docs[0], w);
    } else {
        NP_JW_KEY(w, "documents");
        np_jw_arr(w);
        for (size_t i = 0; i < g->ndocs; i++)
            write_doc(&g->docs[i], w);
        np_jw_arr_end(w);
    }
    np_jw_obj_end(w);
    NP_JW_KEY(w, "nodes");
    np_jw_arr(w);
    for (size_t i = 0; i < g->nnodes; i++)
        write_node(g, &g->nodes[i], w);
    np_jw_arr_end(w);
    NP_JW_KEY(w, "links");
    np_jw_arr(w);
    for (size_t i = 0; i < g->nlinks; i++)
        write_link(g, &g->links[i], w);
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

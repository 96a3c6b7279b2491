/*
 * emit_json.c: the default output, the node-link JSON graph of
 * doc/graph-contract.md that d3 and networkx read.
 */
#include "config.h"
#include "emit_json.h"
#include "graph_private.h"

#include <string.h>

/* Writes "key": value when there is a value. */
static void opt_str(np_jw *w, const char *key, const char *value)
{
    if (!value)
        return;
    np_jw_key(w, key);
    np_jw_strz(w, value);
}

static void write_doc(const np_gdoc *d, np_jw *w)
{
    np_jw_obj(w);
    np_jw_key(w, "name");
    np_jw_strz(w, d->name);
    if (d->id) {
        np_jw_key(w, "id");
        np_jw_strz(w, d->id);
    }
    np_jw_key(w, "date");
    np_jw_strz(w, d->date[0] ? d->date : NULL);
    np_jw_key(w, "date_source");
    np_jw_strz(w, d->date_source);
    np_jw_key(w, "length");
    np_jw_int(w, (long long)d->length);
    np_jw_key(w, "sentences");
    np_jw_int(w, (long long)d->sentences);
    if (d->dateline_place) {
        np_jw_key(w, "dateline");
        np_jw_obj(w);
        np_jw_key(w, "place");
        np_jw_strz(w, d->dateline_place);
        np_jw_key(w, "date");
        np_jw_strz(w, d->dateline_date[0] ? d->dateline_date : NULL);
        np_jw_key(w, "rule");
        np_jw_strz(w, d->dateline_rule);
        np_jw_obj_end(w);
    }
    np_jw_obj_end(w);
}

static void write_node(const np_graph *g, const np_gnode *n, np_jw *w)
{
    np_jw_obj(w);
    np_jw_key(w, "id");
    np_jw_strz(w, n->id);
    np_jw_key(w, "label");
    np_jw_strz(w, n->label);
    np_jw_key(w, "type");
    np_jw_strz(w, np_etype_name(n->type));
    opt_str(w, "subtype", n->subtype);
    np_jw_key(w, "aliases");
    np_jw_arr(w);
    for (size_t i = 0; i < n->naliases; i++)
        np_jw_strz(w, n->aliases[i]);
    np_jw_arr_end(w);
    np_jw_key(w, "weight");
    np_jw_int(w, (long long)n->nments);
    np_jw_key(w, "source");
    np_jw_strz(w, n->derived ? "text" : "gazetteer");
    opt_str(w, "why", n->why);
    opt_str(w, "role", n->role);
    if (n->country[0] && !(n->attrs && strstr(n->attrs, "\"country\":"))) {
        np_jw_key(w, "country");
        np_jw_strz(w, n->country);
    }
    if (n->attrs && *n->attrs) {
        np_jw_key(w, "attributes");
        np_buf b = {0};
        np_buf_addc(&b, '{');
        np_buf_adds(&b, n->attrs);
        np_buf_addc(&b, '}');
        np_jw_raw(w, b.data, b.len);
        np_buf_free(&b);
    }
    np_jw_key(w, "mentions");
    np_jw_arr(w);
    for (size_t i = 0; i < n->nments; i++) {
        const np_gmention *m = &n->ments[i];
        np_jw_obj(w);
        if (g->ndocs > 1) {
            np_jw_key(w, "doc");
            np_jw_int(w, m->doc);
        }
        np_jw_key(w, "start");
        np_jw_int(w, m->start);
        np_jw_key(w, "end");
        np_jw_int(w, m->end);
        np_jw_key(w, "text");
        np_jw_strz(w, m->text);
        np_jw_obj_end(w);
    }
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

static void write_link(const np_graph *g, const np_glink *l, np_jw *w)
{
    np_jw_obj(w);
    np_jw_key(w, "source");
    np_jw_strz(w, l->source);
    np_jw_key(w, "target");
    np_jw_strz(w, l->target);
    np_jw_key(w, "relation");
    np_jw_strz(w, l->relation);
    np_jw_key(w, "place");
    np_jw_strz(w, l->place);
    np_jw_key(w, "date");
    np_jw_strz(w, l->date);
    np_jw_key(w, "status");
    np_jw_strz(w, l->status);
    opt_str(w, "cameo", l->cameo);
    opt_str(w, "place_from", l->place_from);
    opt_str(w, "date_from", l->date_from);
    opt_str(w, "title", l->title);
    np_jw_key(w, "rule");
    np_jw_strz(w, l->rule);
    np_jw_key(w, "weight");
    np_jw_num(w, l->weight);
    np_jw_key(w, "evidence");
    np_jw_arr(w);
    for (size_t i = 0; i < l->nev; i++) {
        const np_evidence *e = &l->ev[i];
        np_jw_obj(w);
        if (g->ndocs > 1) {
            np_jw_key(w, "doc");
            np_jw_int(w, e->doc);
        }
        np_jw_key(w, "sentence");
        np_jw_strz(w, e->text);
        np_jw_key(w, "start");
        np_jw_int(w, e->start);
        np_jw_key(w, "end");
        np_jw_int(w, e->end);
        np_jw_key(w, "rule");
        np_jw_strz(w, e->rule);
        np_jw_obj_end(w);
    }
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

void np_emit_json(const np_graph *g, np_jw *w)
{
    np_jw_obj(w);
    np_jw_key(w, "directed");
    np_jw_bool(w, 0);
    np_jw_key(w, "multigraph");
    np_jw_bool(w, 1);
    np_jw_key(w, "graph");
    np_jw_obj(w);
    np_jw_key(w, "generator");
    np_jw_strz(w, PACKAGE_NAME " " PACKAGE_VERSION);
    if (g->ndocs == 1) {
        np_jw_key(w, "document");
        write_doc(&g->docs[0], w);
    } else {
        np_jw_key(w, "documents");
        np_jw_arr(w);
        for (size_t i = 0; i < g->ndocs; i++)
            write_doc(&g->docs[i], w);
        np_jw_arr_end(w);
    }
    np_jw_obj_end(w);
    np_jw_key(w, "nodes");
    np_jw_arr(w);
    for (size_t i = 0; i < g->nnodes; i++)
        write_node(g, &g->nodes[i], w);
    np_jw_arr_end(w);
    np_jw_key(w, "links");
    np_jw_arr(w);
    for (size_t i = 0; i < g->nlinks; i++)
        write_link(g, &g->links[i], w);
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

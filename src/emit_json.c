/*
 * emit_json.c: the default output, the node-link JSON graph of
 * ../shared/docs/graph-contract.md that d3 and networkx read.
 */
#include "config.h"
#include "emit.h"
#include "graph_private.h"

#include <string.h>

int np_format_parse(const char *name)
{
    if (strcmp(name, "json") == 0)
        return NP_FMT_JSON;
    return -1;
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
    np_jw_obj_end(w);
}

static void emit_json(const np_graph *g, np_jw *w)
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
    np_jw_arr_end(w);
    np_jw_key(w, "links");
    np_jw_arr(w);
    np_jw_arr_end(w);
    np_jw_obj_end(w);
    np_jw_endline(w);
}

void np_emit(const np_graph *g, np_format fmt, np_jw *w)
{
    switch (fmt) {
    case NP_FMT_JSON:
        emit_json(g, w);
        break;
    }
}

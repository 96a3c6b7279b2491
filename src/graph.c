/*
 * graph.c: building the graph (see graph.h).
 */
#include "graph.h"

#include "graph_private.h"

#include <stdlib.h>
#include <string.h>

np_graph *np_graph_new(void)
{
    return np_xcalloc(1, sizeof(np_graph));
}

void np_graph_free(np_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ndocs; i++) {
        free(g->docs[i].name);
        free(g->docs[i].id);
    }
    free(g->docs);
    free(g);
}

size_t np_graph_ndocs(const np_graph *g)
{
    return g->ndocs;
}

void np_graph_add_doc(np_graph *g, const np_model *m, const np_doc *doc)
{
    (void)m;
    NP_GROW(g->docs, g->docs_cap, g->ndocs + 1);
    np_gdoc *d = &g->docs[g->ndocs++];
    memset(d, 0, sizeof *d);
    d->name = np_xstrdup(doc->name);
    d->id = doc->id ? np_xstrdup(doc->id) : NULL;
    memcpy(d->date, doc->date, sizeof d->date);
    d->date_source = doc->date_source;
    d->length = doc->ncp;
    d->sentences = doc->sent_base;
}

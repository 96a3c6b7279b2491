/*
 * relations.c: the relation stage (see relations.h).
 */
#include "relations.h"

#include "entities.h"
#include "graph_private.h"

#include <stdlib.h>

struct np_rel_state {
    int unused;
};

void np_relations_run(const np_model *m, np_doc *doc, np_jw *w)
{
    (void)m;
    (void)doc;
    (void)w;
}

void np_relations_to_graph(const np_model *m, const np_doc *doc, np_graph *g, const uint32_t *node_of,
                           uint32_t doc_index)
{
    (void)m;
    (void)doc;
    (void)g;
    (void)node_of;
    (void)doc_index;
}

void np_relations_state_free(struct np_rel_state *rel)
{
    free(rel);
}

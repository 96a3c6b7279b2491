/*
 * graph_private.h: the graph's layout, shared by graph.c and the writers
 * (emit_*.c); nothing else looks inside.
 */
#ifndef NP_GRAPH_PRIVATE_H
#define NP_GRAPH_PRIVATE_H

#include "graph.h"

typedef struct np_gdoc {
    char *name;
    char *id;
    char date[11];
    const char *date_source;
    size_t length;     /* code points */
    size_t sentences;
} np_gdoc;

struct np_graph {
    np_gdoc *docs;
    size_t ndocs, docs_cap;
};

#endif

/*
 * formats.h: the graph formats of visualization and network tools, written
 * from the contract JSON of a graph (gjson.h): Cytoscape.js elements,
 * GraphML (Gephi, yEd, networkx, igraph), GEXF (Gephi), DOT (Graphviz)
 * and JSON Graph Format v2. Text is escaped for each (XML, DOT, JSON)
 * whatever the input holds. The default format, the contract JSON itself,
 * is emit_json.c's.
 */
#ifndef NP_FORMATS_H
#define NP_FORMATS_H

#include <jansson.h>
#include <stdio.h>

#include "nerpipe.h" /* enum np_graph_format, np_graph_format_parse */

/* The formats' short internal names. */
enum { NP_GF_JSON = NP_FORMAT_JSON, NP_GF_CYTOSCAPE = NP_FORMAT_CYTOSCAPE, NP_GF_GRAPHML = NP_FORMAT_GRAPHML,
       NP_GF_GEXF = NP_FORMAT_GEXF, NP_GF_DOT = NP_FORMAT_DOT, NP_GF_JGF = NP_FORMAT_JGF };

/* The format called name, or -1. */
int np_graph_format_parse(const char *name);

/* Writes graph g (contract JSON) in format fmt to out (JSON formats
 * indented when pretty); returns -1 when writing failed. */
int np_write_graph(const json_t *g, int fmt, int pretty, FILE *out);

#endif

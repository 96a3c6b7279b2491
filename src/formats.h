/*
 * formats.h: the graph formats of visualization and network tools, written
 * from the contract JSON of a graph (gjson.h): Cytoscape.js elements,
 * GraphML (Gephi, yEd, networkx, igraph), GEXF (Gephi), DOT (Graphviz)
 * and JSON Graph Format v2; and for event data, the event table of the
 * met, visited and called links as CSV or TSV (pandas, R, spreadsheets)
 * and GeoJSON of the events and places (QGIS, GDAL). Text is escaped for
 * each (XML, DOT, JSON, CSV, TSV) whatever the input holds. The default format, the contract JSON itself,
 * is emit_json.c's. The formats are enum np_graph_format of nerpipe.h, the
 * one list of them; np_graph_format_parse (here) the one parser.
 */
#ifndef NP_FORMATS_H
#define NP_FORMATS_H

#include <stdio.h>

#include "nerpipe.h" /* enum np_graph_format, np_graph_format_parse */

struct json_t; /* jansson's value: only formats.c looks inside */

/* The format called name, or -1. */
int np_graph_format_parse(const char *name);
/* The names of the formats for messages: "json, cytoscape, ... or geojson". */
const char *np_graph_format_names(void);

/* Writes graph g (contract JSON) in format fmt to out; flags are the
 * NP_WRITE_* of nerpipe.h (JSON formats indented with NP_WRITE_PRETTY,
 * DOT's nodes without links drawn with NP_WRITE_DOT_ISOLATED); returns -1
 * when writing failed. */
int np_write_graph(const struct json_t *g, int fmt, int flags, FILE *out);

#endif

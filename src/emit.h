/*
 * emit.h: stage 7, writing a graph in one of the output formats.
 */
#ifndef NP_EMIT_H
#define NP_EMIT_H

#include "graph.h"
#include "jsonw.h"

typedef enum np_format { NP_FMT_JSON } np_format;

/* Parses a --format name; -1 when unknown. */
int np_format_parse(const char *name);

/* Writes g in format fmt through w. */
void np_emit(const np_graph *g, np_format fmt, np_jw *w);

#endif

/*
 * api.h: what the public functions of nerpipe.h (api.c) offer the command
 * line besides: a text handed over rather than copied, a debugging stage,
 * and the timings of --stats.
 */
#ifndef NP_API_H
#define NP_API_H

#include "doc.h"
#include "jsonw.h"
#include "model.h"
#include "np.h"

/* Where the time of one document went (--stats), and its size once repaired. */
typedef struct np_text_stats {
    double stage_seconds[4]; /* tokens, sentences, entities, relations */
    double graph_seconds;
    size_t bytes;
} np_text_stats;

/* np_graph_add_text for a text the call takes over (malloc'ed, len bytes
 * and a NUL; freed by the call, also on failure). With stage (pipeline.h)
 * not NP_STAGE_GRAPH, writes that stage's JSON lines to w and adds nothing
 * to g. st, when not NULL, receives the timings. */
int np_graph_add_owned(np_graph *g, const np_model *m, char *text, size_t len, const np_text_opts *opts, int stage,
                       np_jw *w, np_text_stats *st, np_error *err);

/* The first step of np_graph_add_owned: the document of a text the call
 * takes over (repaired, named, dated as opts says), ready for
 * np_pipeline_run; NULL with err set (the text freed) when opts->date is
 * not a real date or the repaired text is too large. */
np_doc *np_text_doc(char *text, size_t len, const np_text_opts *opts, np_error *err);

#endif

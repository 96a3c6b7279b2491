/*
 * batch.h: nerpipe at corpus scale. `--jsonl` reads JSON lines
 * ({"id": ..., "text": ..., "date": ...}) and writes one result line per
 * input line, in order; `nerpipe merge` unions graphs (gjson.h).
 */
#ifndef NP_BATCH_H
#define NP_BATCH_H

#include "model.h"

#include <stdio.h>

/* Processes the JSON lines of in (named name for documents without an id):
 * each line gives {"id": ..., "graph": {...}} or {"id": ..., "line": N,
 * "error": "..."} on out, lines counted from first_line (1 when 0). *failed
 * is set when a line failed. Memory stays that of one line. Returns -1 when
 * out could not be written. */
int np_run_jsonl(const np_model *m, FILE *in, const char *name, const char *date, size_t first_line, FILE *out,
                 int *failed);

/* `nerpipe merge [--format=F] [--pretty] [FILE]...`: returns the exit status. */
int np_merge_main(int argc, char **argv);

#endif

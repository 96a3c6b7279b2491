/*
 * batch.h: nerpipe at corpus scale. `--jsonl` reads JSON lines
 * ({"id": ..., "text": ..., "date": ...}) and writes one result line per
 * input line, in order; `nerpipe merge` unions graphs (gjson.h).
 */
#ifndef NP_BATCH_H
#define NP_BATCH_H

#include "merge.h"
#include "model.h"

#include <stdio.h>

/* What np_run_jsonl needs besides its streams. */
typedef struct np_jsonl_opts {
    const char *name; /* the input's name: messages, documents without an id */
    const char *date; /* YYYY-MM-DD for lines without a "date", or NULL */
    size_t first_line; /* the number of the first line (1 when 0) */
    size_t max_line;  /* the longest line taken, in bytes (NP_MAX_INPUT when 0 or more) */
} np_jsonl_opts;

/* Processes the JSON lines of in: each line gives {"id": ..., "graph":
 * {...}} or {"id": ..., "line": N, "error": "..."} on out, in order. A line
 * longer than o->max_line gives an error line and is skipped without being
 * kept, so memory stays that of one line. *failed is set when a line
 * failed or in could not be read. Returns 0; -1 when out could not be
 * written; -2 on a read error of in ("NAME: Is a directory" in err), after
 * the results of the lines before it. Nothing may have been read from in
 * before: it is read through its file descriptor when it has one. */
int np_run_jsonl(const np_model *m, FILE *in, const np_jsonl_opts *o, FILE *out, int *failed, np_error *err);

/* Merges into mg the files named in list, one name a line (blank lines
 * name nothing), each as soon as its line is read, so list may be a pipe
 * written while the merge runs. Only regular files are read: a name that
 * cannot be opened, or is not a regular file (a FIFO is refused without
 * waiting for a writer), is reported on standard error ("nerpipe merge:
 * NAME: why"), as is each broken value, with listname for a read error
 * of list. Returns 1 when anything was reported, else 0. */
int np_merge_list(np_merge *mg, FILE *list, const char *listname);

/* `nerpipe merge [--evidence=N] [--format=F] [--pretty] [FILE]...`: returns
 * the exit status. */
int np_merge_main(int argc, char **argv);

#endif

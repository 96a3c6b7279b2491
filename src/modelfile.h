/*
 * modelfile.h: the compiled model, one binary file that holds everything
 * np_model_load builds from the YAML sources (word lists, titles, dates,
 * gazetteers, rules) so that a later run maps it into memory instead of
 * parsing YAML: start-up no longer grows with the size of the gazetteers.
 *
 * Owns the file format and its checks. The file carries a format version,
 * a layout tag (byte order and record sizes of the build that wrote it), a
 * checksum of its whole content and the list of source files it was built
 * from (path, size, modification time). A file that fails any check, or
 * whose sources changed, is never used: it is rebuilt from the sources.
 */
#ifndef NP_MODELFILE_H
#define NP_MODELFILE_H

#include "model.h"

/* Bump when a stored table changes meaning without changing its size. */
#define NP_MODELFILE_VERSION 5

/* Loads the model of opts through the compiled file at path: maps the file
 * when it is sound and its sources have not changed; otherwise loads the
 * YAML sources and (re)writes the file, warning when it was corrupt and when
 * it cannot be written. NULL with err set when the sources cannot be loaded. */
np_model *np_modelfile_load(const np_model_opts *opts, const char *path, np_error *err);

/* Writes m, loaded from the sources of opts, to path (through a temporary
 * file renamed over it). -1 with err set on failure. */
int np_modelfile_write(const np_model *m, const np_model_opts *opts, const char *path, np_error *err);

/* What np_modelfile_map found. */
enum np_mf_state {
    NP_MF_OK,
    NP_MF_UNREADABLE,  /* missing or cannot be opened */
    NP_MF_CORRUPT,     /* not a model, truncated, damaged: never used */
    NP_MF_STALE,       /* sound, but its sources changed or another version wrote it */
    NP_MF_NO_SOURCES   /* the data directory cannot be found */
};

/* Maps the file at path and checks it against the sources of opts. Returns
 * the model, or NULL with *state and err saying why it cannot be used. */
np_model *np_modelfile_map(const np_model_opts *opts, const char *path, int *state, np_error *err);

/* Frees a mapped model (np_model_free calls it). */
void np_modelfile_release(np_model *m);

#endif

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
 * Every count, offset and index of a mapped file is checked against the
 * file and the tables it points into before the model is used, so a file
 * crafted to pass the checksum is refused too.
 *
 * Writing never replaces anything but a nerpipe model: a path that holds
 * another file (one that does not begin with the model's magic bytes), a
 * directory, a device, a FIFO, a socket or a symbolic link is refused and
 * left as it is. The file is written to a new temporary file in the same
 * directory (created exclusively, never through a link), flushed to disk
 * and renamed over the path.
 */
#ifndef NP_MODELFILE_H
#define NP_MODELFILE_H

#include "model.h"

/* Bump when a stored table changes meaning without changing its size. */
#define NP_MODELFILE_VERSION 8

/* Loads the model of opts through the compiled file at path: maps the file
 * when it is sound and its sources have not changed; otherwise loads the
 * YAML sources and (re)writes the file, warning when it was corrupt and when
 * it cannot be written. A path that holds something other than a model is
 * never written: a warning says so and the model comes from the YAML. NULL
 * with err set when the sources cannot be loaded. */
np_model *np_modelfile_load(const np_model_opts *opts, const char *path, np_error *err);

/* What np_modelfile_write and np_modelfile_check_target return on failure. */
enum {
    NP_MF_FAILED = -1,  /* cannot be written (err says why) */
    NP_MF_REFUSED = -2  /* path holds something that is not a nerpipe model:
                           "PATH: not a nerpipe model (a directory); refusing
                           to replace it" */
};

/* Whether path may be written: 0 when nothing is there or it holds a file
 * that begins with the model's magic bytes (sound or not); else
 * NP_MF_REFUSED, or NP_MF_FAILED when it cannot be told, with err set.
 * Never opens anything but a regular file, and never blocks. */
int np_modelfile_check_target(const char *path, np_error *err);

/* Writes m, loaded from the sources of opts, to path (through a temporary
 * file renamed over it). 0, or NP_MF_FAILED or NP_MF_REFUSED with err set;
 * on failure path is as it was and no temporary file is left. */
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

/* np_modelfile_map with flags: NP_MF_ANY_SOURCES uses a sound file whatever
 * its source list says (for tests and the fuzz harness, whose files were
 * compiled elsewhere). */
enum { NP_MF_ANY_SOURCES = 1 };
np_model *np_modelfile_map_flags(const np_model_opts *opts, const char *path, unsigned flags, int *state,
                                 np_error *err);

/* The file's checksum of n bytes (for tests and fuzzing). */
uint64_t np_modelfile_checksum(const void *data, size_t n);

/* Makes the size bytes at data, a model file perhaps altered on purpose,
 * pass the header checks: sets its magic, version, layout tag and size and
 * recomputes both checksums (for tests and fuzzing, which then see what the
 * table checks make of it). Does nothing when size is under a header. */
void np_modelfile_seal(void *data, size_t size);

#endif

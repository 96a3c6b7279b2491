/*
 * modelfile.h: the compiled model, one binary file that holds everything
 * np_model_load builds from the YAML sources (word lists, titles, dates,
 * gazetteers, rules) so that a later run maps it into memory instead of
 * parsing YAML: start-up no longer grows with the size of the gazetteers.
 *
 * Owns the file format and its checks. The file carries a format version,
 * a layout tag (byte order and record sizes of the build that wrote it),
 * its size, a checksum of its header and one of the rest, and the list of
 * source files it was built from (path, size, modification time).
 *
 * Opening a model costs the same whatever its size: it reads the header
 * (magic, version, layout, size, header checksum), the source list, the
 * head of every table (tag, record size, count: each table inside the
 * file, in its place) and a few sizes, and checks in full only the tables
 * that do not grow with the gazetteers (titles, rules). A file that fails
 * any of that, or whose sources changed, is never used: it is rebuilt from
 * the sources. The large tables are read only where a document needs them
 * and are checked there (vocab.h, gazetteer.h): a damaged or hostile value
 * in them can give wrong answers but never makes nerpipe read outside a
 * table, loop or crash. np_modelfile_verify checks a file in full (the
 * checksum of everything and every count, offset and index of every
 * table): nerpipe check --model=FILE.
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

/* Bump when a stored table changes meaning without changing its size.
 * 9: the office index and the role titles are stored. 10: person entries
 * store the keys of their names. 11: the first word of each gazetteer
 * name has NP_LEX_NAME_FIRST, and the words a date starts with have
 * NP_LEX_DATE_WORD. */
#define NP_MODELFILE_VERSION 11

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
 * compiled elsewhere); NP_MF_FULL_CHECK checks the file in full first, as
 * np_modelfile_verify; NP_MF_COPY_TABLES copies each table out of the
 * mapping into an allocation of its own size (for tests under
 * AddressSanitizer, which then sees a read past the end of any table). */
enum { NP_MF_ANY_SOURCES = 1, NP_MF_FULL_CHECK = 2, NP_MF_COPY_TABLES = 4 };
np_model *np_modelfile_map_flags(const np_model_opts *opts, const char *path, unsigned flags, int *state,
                                 np_error *err);

/* Checks the model file at path in full: everything mapping checks, the
 * checksum of the whole file, that its tables fill it without overlaps
 * and every count, offset and index of every table against what it
 * points into; not its sources (it needs no data directory). 0 when it is sound
 * (*entries and *rules, when not NULL, set to its counts), else -1 with
 * err set ("PATH: corrupt (checksum mismatch)") and *state as
 * np_modelfile_map sets it. */
int np_modelfile_verify(const char *path, size_t *entries, size_t *rules, int *state, np_error *err);

/* The file's checksum of n bytes (for tests and fuzzing). */
uint64_t np_modelfile_checksum(const void *data, size_t n);

/* Makes the size bytes at data, a model file perhaps altered on purpose,
 * pass the header checks: sets its magic, version, layout tag and size and
 * recomputes both checksums (for tests and fuzzing, which then see what the
 * table checks make of it). Does nothing when size is under a header. */
void np_modelfile_seal(void *data, size_t size);

#endif

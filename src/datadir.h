/*
 * datadir.h: the data directory (gazetteers/, rules/) and the YAML files
 * in it. A leaf: it knows paths and directories, not what the files hold.
 */
#ifndef NP_DATADIR_H
#define NP_DATADIR_H

#include "np.h"

/* Is path a directory (following links)? */
int np_is_dir(const char *path);
/* Does dir look like a data directory (it has rules/sentences.yaml)? */
int np_datadir_valid(const char *dir);

/* The data directory for opt (caller frees), or NULL with err set when none
 * exists. In order: opt, $NERPIPE_DATA, fallback (the caller's guess, or
 * NULL), the installed $(pkgdatadir). */
char *np_find_datadir(const char *opt, const char *fallback, np_error *err);

/* Lists the *.yaml files below dir (recursively, sorted); caller frees
 * each string and the array. Returns -1 with err set when dir is unreadable. */
int np_list_yaml(const char *dir, char ***files, size_t *n, np_error *err);
/* The same, with what stat gave for each file while listing it in
 * (*stats)[i] (all 0, st_mode too, when stat failed), which the caller frees too;
 * stats may be NULL. */
struct stat;
int np_list_yaml_stat(const char *dir, char ***files, struct stat **stats, size_t *n, np_error *err);

#endif

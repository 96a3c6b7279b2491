/*
 * datadir.c: finding the data directory and listing its YAML files
 * (datadir.h).
 */
#define _DEFAULT_SOURCE /* DT_DIR */
#include "datadir.h"
#include "datapath.h" /* NP_PKGDATADIR, made by make */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int np_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A data directory has rules/sentences.yaml. */
int np_datadir_valid(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/sentences.yaml", dir);
    return access(path, R_OK) == 0;
}

char *np_find_datadir(const char *opt, const char *fallback, np_error *err)
{
    if (opt) {
        if (!np_is_dir(opt)) {
            np_error_set(err, "data directory %s: %s", opt, errno ? strerror(errno) : "not a directory");
            return NULL;
        }
        if (!np_datadir_valid(opt)) {
            np_error_set(err, "data directory %s: has no rules/sentences.yaml", opt);
            return NULL;
        }
        return np_xstrdup(opt);
    }
    const char *env = getenv("NERPIPE_DATA");
    if (env && *env)
        return np_find_datadir(env, NULL, err);
    if (fallback && np_datadir_valid(fallback))
        return np_xstrdup(fallback);
    if (np_datadir_valid(NP_PKGDATADIR))
        return np_xstrdup(NP_PKGDATADIR);
    np_error_set(err, "no data directory found (looked in %s); use --data=DIR or NERPIPE_DATA",
                 NP_PKGDATADIR);
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A *.yaml file found, with its identity (dev, ino; known when stat worked). */
typedef struct found_file {
    char *path;
    dev_t dev;
    ino_t ino;
    int known;
} found_file;

/* The state of one walk: the directories entered, by device and inode, so
 * that a symlink loop or a second way into a directory is walked once, and
 * the files found. */
typedef struct walk {
    struct dir_id {
        dev_t dev;
        ino_t ino;
    } *dirs;
    size_t ndirs, dcap;
    found_file *files;
    size_t n, cap;
} walk;

static int cmp_found(const void *a, const void *b)
{
    const found_file *x = a, *y = b;
    if (x->known != y->known)
        return x->known < y->known ? -1 : 1;
    if (x->known && x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->known && x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return strcmp(x->path, y->path);
}

static int list_rec(walk *w, const char *dir, const struct stat *dsb, int depth, np_error *err)
{
    for (size_t i = 0; i < w->ndirs; i++)
        if (w->dirs[i].dev == dsb->st_dev && w->dirs[i].ino == dsb->st_ino)
            return 0; /* walked already, by another path */
    NP_GROW(w->dirs, w->dcap, w->ndirs + 1);
    w->dirs[w->ndirs].dev = dsb->st_dev;
    w->dirs[w->ndirs++].ino = dsb->st_ino;
    if (depth > 16)
        return 0;
    DIR *d = opendir(dir);
    if (!d) {
        np_error_set(err, "%s: %s", dir, strerror(errno));
        return -1;
    }
    /* the names first, sorted, so that which path reaches a directory does
     * not depend on the order readdir gives */
    char **names = NULL;
    size_t nnames = 0, ncap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        NP_GROW(names, ncap, nnames + 1);
        names[nnames++] = np_xstrdup(de->d_name);
    }
    closedir(d);
    np_sort(names, nnames, sizeof *names, cmp_str);
    int rc = 0;
    /* real entries before symbolic links, so that a directory is reached
     * by its own path rather than through a link where both lead to it */
    for (int links = 0; links < 2 && rc == 0; links++) {
        for (size_t i = 0; i < nnames && rc == 0; i++) {
            size_t len = strlen(dir) + strlen(names[i]) + 2;
            char *path = np_xmalloc(len);
            snprintf(path, len, "%s/%s", dir, names[i]);
            struct stat lsb, sb;
            int is_link = lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode);
            int known = stat(path, &sb) == 0;
            size_t pl = strlen(path);
            if (is_link != links) {
                free(path);
            } else if (known && S_ISDIR(sb.st_mode)) {
                rc = list_rec(w, path, &sb, depth + 1, err);
                free(path);
            } else if (pl <= 5 || strcmp(path + pl - 5, ".yaml") != 0) {
                free(path);
            } else if (known && !S_ISREG(sb.st_mode)) {
                /* a FIFO or a device would block or never end */
                np_warn("%s: not a regular file; skipped", path);
                free(path);
            } else {
                NP_GROW(w->files, w->cap, w->n + 1);
                w->files[w->n++] = (found_file){path, known ? sb.st_dev : 0, known ? sb.st_ino : 0, known};
            }
        }
    }
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    return rc;
}

int np_list_yaml(const char *dir, char ***files, size_t *n, np_error *err)
{
    walk w;
    memset(&w, 0, sizeof w);
    *files = NULL;
    *n = 0;
    struct stat sb;
    if (stat(dir, &sb) < 0) {
        np_error_set(err, "%s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        np_error_set(err, "%s: %s", dir, strerror(ENOTDIR));
        return -1;
    }
    int rc = list_rec(&w, dir, &sb, 0, err);
    free(w.dirs);
    /* a file reached by two paths (a symbolic or hard link) is listed once,
     * under the first of them in sorted order */
    np_sort(w.files, w.n, sizeof *w.files, cmp_found);
    size_t k = 0;
    for (size_t i = 0; i < w.n; i++) {
        found_file *f = &w.files[i];
        if (rc == 0 && (k == 0 || !f->known || !w.files[k - 1].known || f->dev != w.files[k - 1].dev ||
                        f->ino != w.files[k - 1].ino))
            w.files[k++] = *f;
        else
            free(f->path);
    }
    if (rc < 0) {
        free(w.files);
        return -1;
    }
    char **paths = np_xmalloc((k ? k : 1) * sizeof *paths);
    for (size_t i = 0; i < k; i++)
        paths[i] = w.files[i].path;
    free(w.files);
    np_sort(paths, k, sizeof *paths, cmp_str);
    *files = paths;
    *n = k;
    return 0;
}

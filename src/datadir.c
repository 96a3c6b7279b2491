/*
 * datadir.c: finding the data directory and listing its YAML files
 * (datadir.h).
 */
#define _DEFAULT_SOURCE /* DT_DIR */
#include "datadir.h"
#include "datapath.h" /* NP_PKGDATADIR, made by make */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* A *.yaml file found, with what stat gave (known: stat worked). */
typedef struct found_file {
    char *path;
    struct stat sb;
    int known;
} found_file;

static int cmp_path(const void *a, const void *b)
{
    return strcmp(((const found_file *)a)->path, ((const found_file *)b)->path);
}

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
    if (x->known && x->sb.st_dev != y->sb.st_dev)
        return x->sb.st_dev < y->sb.st_dev ? -1 : 1;
    if (x->known && x->sb.st_ino != y->sb.st_ino)
        return x->sb.st_ino < y->sb.st_ino ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* One entry of a directory: its name, whether it is a symbolic link, what
 * stat (following links) gives, and whether it can be skipped unread. */
typedef struct dir_entry {
    char *name;
    unsigned char type;   /* d_type */
    int is_link, known, skip;
    struct stat sb;
} dir_entry;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static int is_yaml(const char *name)
{
    size_t n = strlen(name);
    return n >= 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* Fills in what e is, relative to the directory open as dfd: one stat for
 * what readdir says is no link (a regular file that is not YAML needs
 * none), lstat and then stat for a link or what readdir cannot tell. */
static void stat_entry(int dfd, dir_entry *e)
{
    if (e->type == DT_REG && !is_yaml(e->name)) {
        e->skip = 1;
        return;
    }
    struct stat lsb;
    int have = fstatat(dfd, e->name, &lsb, AT_SYMLINK_NOFOLLOW) == 0;
    e->is_link = have && S_ISLNK(lsb.st_mode);
    if (have && !e->is_link) {
        e->known = 1;
        e->sb = lsb;
    } else {
        e->known = fstatat(dfd, e->name, &e->sb, 0) == 0;
    }
}

/* path: dir/name (caller frees). */
static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *path = np_xmalloc(dl + nl + 2);
    memcpy(path, dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, name, nl + 1);
    return path;
}

/* The entries of the directory open as d, sorted by name, each statted
 * once; *n their number. */
static dir_entry *read_entries(DIR *d, size_t *n)
{
    dir_entry *ents = NULL;
    size_t cap = 0;
    *n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        NP_GROW(ents, cap, *n + 1);
        memset(&ents[*n], 0, sizeof ents[*n]);
        ents[*n].name = np_xstrdup(de->d_name);
        ents[*n].type = de->d_type;
        (*n)++;
    }
    /* the names sorted, so that which path reaches a directory does not
     * depend on the order readdir gives */
    np_sort(ents, *n, sizeof *ents, cmp_entry);
    for (size_t i = 0; i < *n; i++)
        stat_entry(dirfd(d), &ents[i]);
    return ents;
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
    size_t n;
    dir_entry *ents = read_entries(d, &n);
    closedir(d);
    int rc = 0;
    /* real entries before symbolic links, so that a directory is reached
     * by its own path rather than through a link where both lead to it */
    for (int links = 0; links < 2 && rc == 0; links++) {
        for (size_t i = 0; i < n && rc == 0; i++) {
            const dir_entry *e = &ents[i];
            if (e->skip || e->is_link != links)
                continue;
            if (e->known && S_ISDIR(e->sb.st_mode)) {
                char *path = join(dir, e->name);
                rc = list_rec(w, path, &e->sb, depth + 1, err);
                free(path);
            } else if (!is_yaml(e->name)) {
                /* not a YAML file */
            } else if (e->known && !S_ISREG(e->sb.st_mode)) {
                /* a FIFO or a device would block or never end */
                char *path = join(dir, e->name);
                np_warn("%s: not a regular file; skipped", path);
                free(path);
            } else {
                NP_GROW(w->files, w->cap, w->n + 1);
                w->files[w->n++] = (found_file){join(dir, e->name), e->sb, e->known};
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        free(ents[i].name);
    free(ents);
    return rc;
}

int np_list_yaml_stat(const char *dir, char ***files, struct stat **stats, size_t *n, np_error *err)
{
    walk w;
    memset(&w, 0, sizeof w);
    *files = NULL;
    if (stats)
        *stats = NULL;
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
        const found_file *prev = k ? &w.files[k - 1] : NULL;
        if (rc == 0 && (!prev || !f->known || !prev->known || f->sb.st_dev != prev->sb.st_dev ||
                        f->sb.st_ino != prev->sb.st_ino))
            w.files[k++] = *f;
        else
            free(f->path);
    }
    if (rc < 0) {
        free(w.files);
        return -1;
    }
    /* sorted by path */
    np_sort(w.files, k, sizeof *w.files, cmp_path);
    char **paths = np_xmalloc((k ? k : 1) * sizeof *paths);
    struct stat *sbs = stats ? np_xcalloc(k ? k : 1, sizeof *sbs) : NULL;
    for (size_t i = 0; i < k; i++) {
        paths[i] = w.files[i].path;
        if (sbs && w.files[i].known)
            sbs[i] = w.files[i].sb;
    }
    free(w.files);
    *files = paths;
    if (stats)
        *stats = sbs;
    *n = k;
    return 0;
}

int np_list_yaml(const char *dir, char ***files, size_t *n, np_error *err)
{
    return np_list_yaml_stat(dir, files, NULL, n, err);
}

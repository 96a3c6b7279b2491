/*
 * datacheck.c: `nerpipe check` (datacheck.h). Decides which files to
 * check, loads them with np_model_check, prints the problems as they come
 * and then counts the entries of the gazetteers it was asked about; with
 * --model=FILE, checks a compiled model in full (np_modelfile_verify).
 *
 * With PATHs, each is checked as --gazetteer=PATH would load it: after the
 * data directory's gazetteers, so that the ids it refers to resolve and
 * the ids it repeats are found. A PATH that is one of the data directory's
 * own files is read once, as PATH, not twice (which would make every id a
 * duplicate).
 */
#include "datacheck.h"

#include "datadir.h"
#include "doc.h"
#include "gazetteer.h"
#include "model.h"
#include "modelfile.h"
#include "rules.h"
#include "vocab.h"
#include "yamltree.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char check_usage[] =
    "Usage: nerpipe check [--data=DIR] [PATH]...\n"
    "   or: nerpipe check --model=FILE\n"
    "Checks nerpipe's data with the loaders nerpipe uses and reports every\n"
    "problem, one line each, as FILE:LINE:COLUMN: what is wrong, on standard\n"
    "output; then the number of gazetteer files and their entries by type on\n"
    "standard error.\n"
    "\n"
    "With no PATH, checks the whole data directory: rules/ (word lists,\n"
    "titles, dates, relation rules) and gazetteers/. Each PATH is a gazetteer\n"
    "file or directory, checked as --gazetteer=PATH loads it: after the data\n"
    "directory's gazetteers (a PATH that is one of those is read once).\n"
    "\n"
    "With --model=FILE, checks the compiled model FILE in full instead: the\n"
    "checksum of all of it and every count, offset and index of its tables,\n"
    "which --model does not read at start-up (it checks the file's header,\n"
    "its table directory and its small tables, and the large tables where a\n"
    "document uses them). A problem is one line, FILE: what is wrong.\n"
    "\n"
    "Options:\n"
    "      --data=DIR   where the gazetteers/ and rules/ directories are\n"
    "                   (default: $NERPIPE_DATA, else the installed data)\n"
    "      --model=FILE check the compiled model FILE (not against its sources:\n"
    "                   --model rebuilds a model whose sources changed)\n"
    "  -h, --help       show this help and exit\n"
    "\n"
    "Exit status:\n"
    "  0  no problem\n"
    "  1  a problem (or no data directory)\n"
    "  2  usage error\n"
    "  3  the output could not be written\n";

/* The gazetteer files to load, in order, and which of them to count. */
typedef struct file_list {
    char **paths;
    struct stat *ids; /* their identity, when known (st_nlink 0: not) */
    size_t n, cap, ids_cap;
} file_list;

static void add_file(file_list *fl, const char *path)
{
    NP_GROW(fl->paths, fl->cap, fl->n + 1);
    NP_GROW(fl->ids, fl->ids_cap, fl->n + 1);
    fl->paths[fl->n] = np_xstrdup(path);
    if (stat(path, &fl->ids[fl->n]) != 0)
        memset(&fl->ids[fl->n], 0, sizeof fl->ids[fl->n]);
    fl->n++;
}

/* Adds path: the *.yaml files below it when it is a directory, else
 * itself (whatever it is: the loader says what is wrong with it). */
static void add_path(file_list *fl, const char *path, np_yreport *rep)
{
    if (!np_is_dir(path)) {
        add_file(fl, path);
        return;
    }
    char **files;
    size_t n;
    np_error err;
    if (np_list_yaml(path, &files, &n, &err) < 0) {
        np_yreport_error(rep, &err);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        add_file(fl, files[i]);
        free(files[i]);
    }
    free(files);
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_nlink && b->st_nlink && a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static void free_list(file_list *fl)
{
    for (size_t i = 0; i < fl->n; i++)
        free(fl->paths[i]);
    free(fl->paths);
    free(fl->ids);
}

/* The data directory's gazetteers that no PATH names, then the PATHs'
 * files; the ones to count are those from index *first on (all of them
 * without PATHs). */
static void gazetteer_files(file_list *all, const char *datadir, char **paths, int npaths, size_t *first,
                            np_yreport *rep)
{
    file_list own = {0}, given = {0};
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/gazetteers", datadir);
    if (np_is_dir(dir))
        add_path(&own, dir, rep);
    for (int i = 0; i < npaths; i++)
        add_path(&given, paths[i], rep);
    for (size_t i = 0; i < own.n; i++) {
        int named = 0;
        for (size_t j = 0; j < given.n && !named; j++)
            named = same_file(&own.ids[i], &given.ids[j]);
        if (!named)
            add_file(all, own.paths[i]);
    }
    *first = npaths ? all->n : 0; /* without PATHs, the data directory's */
    for (size_t j = 0; j < given.n; j++)
        add_file(all, given.paths[j]);
    free_list(&own);
    free_list(&given);
}

static void print_problem(const char *msg, void *ctx)
{
    (void)ctx;
    printf("%s\n", msg);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts the entries (by np_etype) that files from index first on define. */
static size_t count_entries(const np_model *m, const file_list *fl, size_t first, size_t counts[3])
{
    size_t nf = fl->n - first, total = 0;
    char **names = np_xmalloc((nf ? nf : 1) * sizeof *names);
    memcpy(names, fl->paths + first, nf * sizeof *names);
    np_sort(names, nf, sizeof *names, cmp_str);
    for (size_t i = 0; m->gaz && i < m->gaz->n; i++) {
        const np_gz_entry *e = &m->gaz->entries[i];
        const char *file = np_model_str(m, e->file);
        if (!bsearch(&file, names, nf, sizeof *names, cmp_str))
            continue;
        counts[e->type < 3 ? e->type : 0]++;
        total++;
    }
    free(names);
    return total;
}

/* Parses the options into *datadir and *model; returns -1 to go on, else
 * the exit status. */
static int parse_check_args(int argc, char **argv, const char **datadir, const char **model)
{
    enum { OPT_DATA = 256, OPT_MODEL };
    static const struct option longopts[] = {{"data", required_argument, NULL, OPT_DATA},
                                             {"model", required_argument, NULL, OPT_MODEL},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA:
            *datadir = optarg;
            break;
        case OPT_MODEL:
            *model = optarg;
            break;
        case 'h':
            fputs(check_usage, stdout);
            return fflush(stdout) == 0 ? NP_EXIT_OK : NP_EXIT_OUTPUT;
        case ':':
            fprintf(stderr, "nerpipe check: option '%s' needs an argument\nTry 'nerpipe check --help'.\n",
                    argv[optind - 1]);
            return NP_EXIT_USAGE;
        default:
            fprintf(stderr, "nerpipe check: unknown option '%s'\nTry 'nerpipe check --help'.\n", argv[optind - 1]);
            return NP_EXIT_USAGE;
        }
    }
    if (*model && optind < argc) {
        fprintf(stderr, "nerpipe check: --model=FILE takes no PATH ('%s')\nTry 'nerpipe check --help'.\n",
                argv[optind]);
        return NP_EXIT_USAGE;
    }
    return -1;
}

/* nerpipe check --model=FILE (modelfile.h: np_modelfile_verify). */
static int check_model_file(const char *path)
{
    size_t entries, rules;
    int state;
    np_error err;
    int bad = np_modelfile_verify(path, &entries, &rules, &state, &err) < 0;
    if (bad)
        printf("%s\n", err.msg);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nerpipe check: cannot write the output\n");
        return NP_EXIT_OUTPUT;
    }
    if (bad)
        fprintf(stderr, "nerpipe check: %s: 1 problem\n", path);
    else
        fprintf(stderr, "nerpipe check: %s: a sound model of %zu gazetteer entr%s and %zu rule%s; 0 problems\n", path,
                entries, entries == 1 ? "y" : "ies", rules, rules == 1 ? "" : "s");
    return bad ? NP_EXIT_DATA : NP_EXIT_OK;
}

int np_check_main(int argc, char **argv, const char *default_datadir)
{
    const char *opt = default_datadir, *model = NULL;
    int rc = parse_check_args(argc, argv, &opt, &model);
    if (rc >= 0)
        return rc;
    if (model)
        return check_model_file(model);
    np_error err;
    char *datadir = np_model_find_datadir(opt, &err);
    if (!datadir) {
        fprintf(stderr, "nerpipe check: %s\n", err.msg);
        return NP_EXIT_DATA;
    }
    np_yreport rep = {NULL, print_problem, NULL, 0};
    file_list files = {0};
    size_t first;
    gazetteer_files(&files, datadir, argv + optind, argc - optind, &first, &rep);
    np_model *m = np_model_check(datadir, (const char *const *)files.paths, files.n, &rep);
    size_t counts[3] = {0, 0, 0}, total = count_entries(m, &files, first, counts);
    fflush(stdout);
    int out_failed = ferror(stdout);
    fprintf(stderr, "nerpipe check: %zu gazetteer file%s, %zu entr%s: %s %zu, %s %zu, %s %zu", files.n - first,
            files.n - first == 1 ? "" : "s", total, total == 1 ? "y" : "ies", np_etype_name(NP_ORG), counts[NP_ORG],
            np_etype_name(NP_PERSON), counts[NP_PERSON], np_etype_name(NP_PLACE), counts[NP_PLACE]);
    if (argc == optind)
        fprintf(stderr, "; %zu rule%s", m->rules ? m->rules->n : 0, m->rules && m->rules->n == 1 ? "" : "s");
    fprintf(stderr, "; %zu problem%s\n", rep.n, rep.n == 1 ? "" : "s");
    np_model_free(m);
    free_list(&files);
    free(datadir);
    if (out_failed) {
        fprintf(stderr, "nerpipe check: cannot write the output\n");
        return NP_EXIT_OUTPUT;
    }
    return rep.n ? NP_EXIT_DATA : NP_EXIT_OK;
}

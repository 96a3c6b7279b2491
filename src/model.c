/*
 * model.c: finding the data directory and loading the model (model.h):
 * the sentence-splitting word lists and the lexicons here; titles,
 * gazetteers and rules through their own modules.
 */
#define _DEFAULT_SOURCE /* DT_DIR, realpath */
#include "model.h"

#include "config.h"
#include "dates.h"
#include "gazetteer.h"
#include "modelfile.h"
#include "normalize.h"
#include "rules.h"
#include "titles.h"
#include "tokenizer.h"
#include "yamltree.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A data directory has rules/sentences.yaml. */
static int looks_like_data(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/sentences.yaml", dir);
    return access(path, R_OK) == 0;
}

char *np_find_datadir(const char *opt, np_error *err)
{
    if (opt) {
        if (!is_dir(opt)) {
            np_error_set(err, "data directory %s: %s", opt, errno ? strerror(errno) : "not a directory");
            return NULL;
        }
        if (!looks_like_data(opt)) {
            np_error_set(err, "data directory %s: has no rules/sentences.yaml", opt);
            return NULL;
        }
        return np_xstrdup(opt);
    }
    const char *env = getenv("NERPIPE_DATA");
    if (env && *env)
        return np_find_datadir(env, err);
    if (looks_like_data(NP_PKGDATADIR))
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

/* Plain ASCII words separated by single spaces tokenize to themselves and
 * normalize to lowercase: the common case, done without the tokenizer. */
static size_t add_plain_words(np_model *m, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap)
{
    char word[128];
    size_t count = 0, len = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (len == sizeof word)
                return SIZE_MAX;
            word[len++] = (char)(c | 0x20);
        } else if (c != ' ' || len == 0 || i + 1 == n || s[i + 1] == ' ') {
            return SIZE_MAX;
        } else {
            count++;
            len = 0;
        }
    }
    if (len == 0)
        return SIZE_MAX;
    count++;
    NP_GROW(*ids, *cap, count + 1);
    size_t k = 0;
    len = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ' ') {
            word[len++] = (char)(s[i] | 0x20);
            continue;
        }
        (*ids)[k++] = np_vocab_add(&m->vocab, &m->pool, word, len, count == 1 ? lex : 0);
        len = 0;
    }
    return count;
}

size_t np_model_add_phrase(np_model *m, const char *s, size_t n, uint32_t lex, uint32_t **ids, size_t *cap)
{
    size_t plain = add_plain_words(m, s, n, lex, ids, cap);
    if (plain != SIZE_MAX)
        return plain;
    np_buf keys = {0};
    size_t count = np_tokenize_keys(m, s, n, &keys, 1);
    NP_GROW(*ids, *cap, count + 1);
    const char *k = keys.data;
    for (size_t i = 0; i < count; i++) {
        size_t kl = strlen(k);
        (*ids)[i] = np_vocab_add(&m->vocab, &m->pool, k, kl, count == 1 ? lex : 0);
        k += kl + 1;
    }
    np_buf_free(&keys);
    return count;
}

/* Adds each scalar of list as a single-word entry with class lex; multi-word
 * items go to the phrase trie. */
static int add_words(np_model *m, const char *file, const np_ynode *list, uint32_t lex, np_error *err)
{
    if (!list || list->type != NP_Y_SEQ) {
        np_yerror(err, file, list ? list->line : 1, list ? list->col : 1, "expected a list of words");
        return -1;
    }
    uint32_t *ids = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *w = list->items[i];
        if (w->type != NP_Y_SCALAR || w->len == 0) {
            np_yerror(err, file, w->line, w->col, "a word must be a non-empty string");
            free(ids);
            return -1;
        }
        size_t count = np_model_add_phrase(m, w->str, w->len, lex, &ids, &cap);
        if (count > 1)
            np_trie_insert(&m->phrases, ids, count, lex);
    }
    free(ids);
    return 0;
}

static int load_sentences(np_model *m, np_error *err)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/sentences.yaml", m->datadir);
    np_ynode *root = np_ytree_load(path, err);
    if (!root)
        return -1;
    int rc = -1;
    if (root->type != NP_Y_MAP) {
        np_yerror(err, path, root->line, root->col, "the top level must be a mapping");
        goto out;
    }
    static const struct {
        const char *key;
        uint32_t lex;
    } lists[] = {{"title_abbreviations", NP_LEX_ABBR_TITLE},
                 {"abbreviations", NP_LEX_ABBR},
                 {"number_abbreviations", NP_LEX_ABBR_NUM},
                 {"sentence_starters", NP_LEX_STARTER}};
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const np_ynode *k = root->items[i];
        size_t j;
        for (j = 0; j < sizeof lists / sizeof *lists; j++)
            if (k->type == NP_Y_SCALAR && strcmp(k->str, lists[j].key) == 0)
                break;
        if (j == sizeof lists / sizeof *lists) {
            if (k->type == NP_Y_SCALAR && strcmp(k->str, "description") == 0)
                continue;
            np_yerror(err, path, k->line, k->col, "unknown key '%s' (expected title_abbreviations, "
                      "abbreviations, number_abbreviations or sentence_starters)", k->str ? k->str : "");
            goto out;
        }
        /* Abbreviations are single words, keyed without their period. */
        const np_ynode *list = root->items[i + 1];
        if (list->type != NP_Y_SEQ) {
            np_yerror(err, path, list->line, list->col, "'%s' must be a list", k->str);
            goto out;
        }
        for (size_t w = 0; w < list->n; w++) {
            const np_ynode *item = list->items[w];
            if (item->type != NP_Y_SCALAR || !item->len) {
                np_yerror(err, path, item->line, item->col, "a word must be a non-empty string");
                goto out;
            }
            size_t len = item->len;
            if (lists[j].lex != NP_LEX_STARTER && item->str[len - 1] == '.')
                len--;
            char *key = np_normalize_dup(item->str, len, 1);
            np_vocab_add(&m->vocab, &m->pool, key, strlen(key), lists[j].lex);
            free(key);
        }
    }
    rc = 0;
out:
    np_ynode_free(root);
    return rc;
}

static const struct {
    const char *name;
    uint32_t lex;
} lexicon_classes[] = {
    {"common-words", NP_LEX_COMMON},     {"given-names", NP_LEX_GIVEN},
    {"common-surnames", NP_LEX_SURNAME}, {"name-particles", NP_LEX_PARTICLE},
    {"honorifics", NP_LEX_HONORIFIC},    {"function-words", NP_LEX_FUNCTION},
    {"org-heads", NP_LEX_ORG_HEAD},      {"place-heads", NP_LEX_PLACE_HEAD},
    {"person-cues", NP_LEX_PERSON_CUE},  {"name-stops", NP_LEX_NAME_STOP},
    {"report-verbs", NP_LEX_REPORT_VERB}, {"org-words", NP_LEX_ORG_WORD},
    {"months", NP_LEX_MONTH},            {"weekdays", NP_LEX_WEEKDAY},
};

static int load_lexicon(np_model *m, const char *path, np_error *err)
{
    np_ynode *root = np_ytree_load(path, err);
    if (!root)
        return -1;
    int rc = -1;
    const np_ynode *name = np_ymap_get(root, "lexicon"), *words = np_ymap_get(root, "words");
    if (root->type != NP_Y_MAP) {
        np_yerror(err, path, root->line, root->col, "the top level must be a mapping");
        goto out;
    }
    if (!name || name->type != NP_Y_SCALAR) {
        np_yerror(err, path, root->line, root->col, "missing 'lexicon: NAME'");
        goto out;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const char *k = root->items[i]->str;
        if (!k || (strcmp(k, "lexicon") && strcmp(k, "words") && strcmp(k, "description"))) {
            np_yerror(err, path, root->items[i]->line, root->items[i]->col,
                      "unknown key '%s' (expected lexicon, description, words)", k ? k : "");
            goto out;
        }
    }
    uint32_t lex = 0;
    for (size_t i = 0; i < sizeof lexicon_classes / sizeof *lexicon_classes; i++)
        if (strcmp(name->str, lexicon_classes[i].name) == 0)
            lex = lexicon_classes[i].lex;
    if (!lex) {
        np_yerror(err, path, name->line, name->col, "unknown lexicon '%s'", name->str);
        goto out;
    }
    if (!words) {
        np_yerror(err, path, root->line, root->col, "missing 'words'");
        goto out;
    }
    rc = add_words(m, path, words, lex, err);
out:
    np_ynode_free(root);
    return rc;
}

static int load_words(np_model *m, np_error *err)
{
    if (load_sentences(m, err) < 0)
        return -1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/rules/lexicon", m->datadir);
    if (!is_dir(dir))
        return 0;
    char **files;
    size_t n;
    if (np_list_yaml(dir, &files, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && load_lexicon(m, files[i], err) < 0)
            rc = -1;
        free(files[i]);
    }
    free(files);
    return rc;
}


np_model *np_model_load_words(const char *datadir, np_error *err)
{
    np_model *m = np_xcalloc(1, sizeof *m);
    m->datadir = np_xstrdup(datadir);
    if (load_words(m, err) < 0) {
        np_model_free(m);
        return NULL;
    }
    np_trie_finish(&m->phrases);
    return m;
}

np_model *np_model_load(const np_model_opts *opts, np_error *err)
{
    double t0 = np_now();
    char *dir = np_find_datadir(opts->datadir, err);
    if (!dir)
        return NULL;
    np_model *m = np_xcalloc(1, sizeof *m);
    m->datadir = dir;
    if (load_words(m, err) < 0)
        goto fail;
    m->titles = np_titles_load(m, err);
    if (!m->titles)
        goto fail;
    m->dates = np_dates_load(m, err);
    if (!m->dates)
        goto fail;
    m->gaz = np_gazetteer_load(m, opts->extra_gazetteers, opts->nextra_gazetteers, err);
    if (!m->gaz)
        goto fail;
    m->rules = np_rules_load(m, err);
    if (!m->rules)
        goto fail;
    np_trie_finish(&m->phrases);
    m->load_seconds = np_now() - t0;
    m->origin = "yaml";
    return m;
fail:
    np_model_free(m);
    return NULL;
}

void np_model_free(np_model *m)
{
    if (!m)
        return;
    if (m->map) {
        np_modelfile_release(m);
        return;
    }
    np_gazetteer_free(m->gaz);
    np_rules_free(m->rules);
    np_titles_free(m->titles);
    np_dates_free(m->dates);
    np_trie_free(&m->phrases);
    np_vocab_free(&m->vocab);
    np_pool_free(&m->pool);
    free(m->datadir);
    free(m);
}

/*
 * modelfile.c: writing, checking and mapping the compiled model (see
 * modelfile.h).
 *
 * Layout: an 80-byte header; a directory with one 24-byte entry per table
 * (tag, record size, count, offset) or number (tag, 0, the number); then
 * the tables, each at a 16-aligned offset, so every table can be used in
 * place once the file is mapped. The tables that do not grow with the
 * gazetteers come first, right after the directory, so that opening a
 * model reads a few pages at its start and nothing of the large tables,
 * which a document reads only where it needs them. The model's tables
 * already are flat arrays that refer to each other by index or pool offset
 * (vocab.h), so the same walk over them writes the directory and, reading
 * it, points the tables into the mapping.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "modelfile.h"

#include "config.h"
#include "datadir.h"
#include "dates.h"
#include "gazetteer.h"
#include "rules.h"
#include "titles.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NERPIPEM"
#define TAG(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

typedef struct mf_header {
    char magic[8];
    uint32_t version;    /* NP_MODELFILE_VERSION */
    uint32_t layout;     /* layout_tag() of the writer */
    uint64_t size;       /* of the whole file */
    uint64_t body_sum;   /* checksum of the rest: bytes [80, size) */
    uint64_t dir_sum;    /* checksum of the directory: ntables entries from byte 80 */
    uint32_t ntables;    /* entries in the directory */
    uint32_t zero;
    char generator[24];  /* "nerpipe VERSION", for people reading the file */
    uint64_t head_sum;   /* checksum of the 72 bytes before it */
} mf_header;

_Static_assert(sizeof(mf_header) == 80, "the header is 80 bytes");
/* stored as they are, with no padding whose bytes would vary */
_Static_assert(sizeof(np_gz_office) == 16 && sizeof(np_gz_term) == 10, "the office index has no padding");

/* ---- checksum ---- */

/* A 64-bit checksum that reads eight bytes at a time in four independent
 * lanes (the round of xxHash64). The header's is checked at every open;
 * the body's only by a full check (np_modelfile_verify), as reading all
 * of a file would make opening it cost as much as its size. Not a defence
 * against deliberate forgery. */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL

static inline uint64_t rotl(uint64_t x, int r)
{
    return x << r | x >> (64 - r);
}

static inline uint64_t lane(uint64_t acc, uint64_t word)
{
    return rotl(acc + word * P2, 31) * P1;
}

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

typedef struct sum_state {
    uint64_t a, b, c, d;
    uint64_t n;
} sum_state;

static void sum_init(sum_state *st)
{
    st->a = P1 + P2;
    st->b = P2;
    st->c = 0;
    st->d = 0 - P1;
    st->n = 0;
}

/* Adds n bytes, n a multiple of 32 except in the last call before sum_final. */
static const unsigned char *sum_blocks(sum_state *st, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    uint64_t a = st->a, b = st->b, c = st->c, d = st->d;
    for (; end - p >= 32; p += 32) {
        a = lane(a, load64(p));
        b = lane(b, load64(p + 8));
        c = lane(c, load64(p + 16));
        d = lane(d, load64(p + 24));
    }
    st->a = a, st->b = b, st->c = c, st->d = d;
    st->n += n;
    return p;
}

static uint64_t sum_final(sum_state *st, const unsigned char *p, const unsigned char *end)
{
    uint64_t h = rotl(st->a, 1) + rotl(st->b, 7) + rotl(st->c, 12) + rotl(st->d, 18) + st->n;
    for (; end - p >= 8; p += 8)
        h = rotl(h ^ lane(0, load64(p)), 27) * P1 + P3;
    for (; p < end; p++)
        h = rotl(h ^ (*p * P3), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    return h ^ (h >> 32);
}

static uint64_t checksum(const void *data, size_t n)
{
    sum_state st;
    sum_init(&st);
    const unsigned char *tail = sum_blocks(&st, data, n);
    return sum_final(&st, tail, (const unsigned char *)data + n);
}

/* Byte order and the sizes of every stored record: a file written by a
 * build that differs in any of them is not read. */
static uint32_t layout_tag(void)
{
    const uint32_t order = 0x01020304;
    char s[256];
    int n = snprintf(s, sizeof s, "%02x %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %s",
                     *(const unsigned char *)&order, sizeof(np_vocab_entry), sizeof(np_trie_node),
                     sizeof(np_trie_edge), sizeof(np_gz_entry), sizeof(np_gz_role), sizeof(np_gz_cand),
                     sizeof(np_title), sizeof(np_rule), sizeof(np_pnode), sizeof(size_t), PACKAGE_VERSION);
    return (uint32_t)checksum(s, (size_t)n);
}

/* ---- the sources a model is built from ---- */

/* Appends v in decimal, with zeros before it up to width digits. */
static void add_decimal(np_buf *out, uint64_t v, int width)
{
    char d[24];
    int n = 0;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || n < width);
    np_buf_add(out, d + sizeof d - n, (size_t)n);
}

/* The line of a source file that stat described (st_mode 0: it failed). */
static void add_line(np_buf *out, const char *path, const struct stat *sb)
{
    if (!sb->st_mode) {
        np_buf_printf(out, "missing %s\n", path);
    } else if (sb->st_mtim.tv_sec < 0 || sb->st_mtim.tv_nsec < 0 || sb->st_size < 0) {
        np_buf_printf(out, "%lld.%09ld %lld %s\n", (long long)sb->st_mtim.tv_sec, (long)sb->st_mtim.tv_nsec,
                      (long long)sb->st_size, path);
    } else { /* the same, without printf's cost for every file at every start-up */
        add_decimal(out, (uint64_t)sb->st_mtim.tv_sec, 1);
        np_buf_addc(out, '.');
        add_decimal(out, (uint64_t)sb->st_mtim.tv_nsec, 9);
        np_buf_addc(out, ' ');
        add_decimal(out, (uint64_t)sb->st_size, 1);
        np_buf_addc(out, ' ');
        np_buf_adds(out, path);
        np_buf_addc(out, '\n');
    }
}

static void add_source_tree(np_buf *out, const char *path)
{
    struct stat sb, *sbs;
    char **files;
    size_t n;
    np_error ignored;
    if (stat(path, &sb) < 0)
        sb.st_mode = 0;
    if (!S_ISDIR(sb.st_mode) || np_list_yaml_stat(path, &files, &sbs, &n, &ignored) < 0) {
        add_line(out, path, &sb);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        add_line(out, files[i], &sbs[i]);
        free(files[i]);
    }
    free(files);
    free(sbs);
}

/* One line per YAML file a model of data directory dir and opts is built
 * from: modification time, size, path. Two lists differ when any source was
 * edited, added or removed. */
static char *list_sources(const char *dir, const np_model_opts *opts)
{
    np_buf out = {0};
    np_buf_printf(&out, "data %s\n", dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/rules", dir);
    add_source_tree(&out, path);
    snprintf(path, sizeof path, "%s/gazetteers", dir);
    add_source_tree(&out, path);
    for (size_t i = 0; i < opts->nextra_gazetteers; i++)
        add_source_tree(&out, opts->extra_gazetteers[i]);
    return np_buf_steal(&out);
}

/* ---- one walk over the model's tables, writing or mapping ---- */

/* A table's entry in the directory that follows the header. */
typedef struct mf_entry {
    uint32_t tag;        /* what it is (TAG): reader and writer walk alike */
    uint32_t elsz;       /* record size; 0: no table, count is a value */
    uint64_t count;      /* records (or the value) */
    uint64_t offset;     /* from the start of the file: 16-aligned, 0 when empty */
} mf_entry;

_Static_assert(sizeof(mf_entry) == 24, "a directory entry is 24 bytes");

typedef struct walker {
    /* writing: the entries and what each table holds */
    int writing;
    mf_entry *ents;
    const void **data;
    size_t nents, ents_cap, data_cap;
    /* mapping */
    const unsigned char *map;
    size_t size;                /* of the file */
    size_t start;               /* where the tables may begin: after the directory */
    const mf_entry *dir;        /* the directory (in the mapping, 8-aligned) */
    size_t ndir, next;          /* its entries; the next one to read */
    const char *bad;            /* what was wrong, or NULL */
    np_model *copy_into;        /* NP_MF_COPY_TABLES: the model that owns a copy of each table */
} walker;

/* A copy of the n bytes at p that m owns (np_model_free frees it). */
static void *own_copy(np_model *m, const void *p, size_t n)
{
    NP_GROW(m->copies, m->copies_cap, m->ncopies + 1);
    void *c = np_xmalloc(n);
    memcpy(c, p, n);
    m->copies[m->ncopies++] = c;
    return c;
}

static void add_entry(walker *w, uint32_t tag, uint32_t elsz, uint64_t count, const void *data)
{
    NP_GROW(w->ents, w->ents_cap, w->nents + 1);
    NP_GROW(w->data, w->data_cap, w->nents + 1);
    w->ents[w->nents] = (mf_entry){tag, elsz, count, 0};
    w->data[w->nents++] = data;
}

/* The next directory entry, which must be tag with records of elsz, or
 * NULL with w->bad set. */
static const mf_entry *next_entry(walker *w, uint32_t tag, uint32_t elsz)
{
    if (w->bad)
        return NULL;
    if (w->next >= w->ndir) {
        w->bad = "fewer tables than a model has";
        return NULL;
    }
    const mf_entry *e = &w->dir[w->next++];
    if (e->tag != tag || e->elsz != elsz) {
        w->bad = "unexpected table (written by another version?)";
        return NULL;
    }
    return e;
}

/* Writes the entry of items[0..*n), or points *items at the table in the
 * file that the next entry describes and sets *n: a table inside the file,
 * after the directory, 16-aligned. */
static void walk_array(walker *w, uint32_t tag, void *items, size_t *n, size_t elsz)
{
    void **pitems = items;
    if (w->writing) {
        add_entry(w, tag, (uint32_t)elsz, *n, *n ? *pitems : NULL);
        return;
    }
    const mf_entry *e = next_entry(w, tag, (uint32_t)elsz);
    if (!e)
        return;
    if (e->count > (w->size - w->start) / elsz ||
        (e->count && (e->offset % 16 || e->offset < w->start || e->offset > w->size ||
                      e->count * elsz > w->size - e->offset))) {
        w->bad = "a table outside the file";
        return;
    }
    size_t bytes = (size_t)e->count * elsz;
    const unsigned char *at = w->map + e->offset;
    *pitems = !bytes ? NULL : w->copy_into ? own_copy(w->copy_into, at, bytes) : (void *)at;
    *n = (size_t)e->count;
}

/* A number, kept in the directory entry itself. */
static void walk_size(walker *w, uint32_t tag, size_t *v)
{
    if (w->writing) {
        add_entry(w, tag, 0, *v, NULL);
        return;
    }
    const mf_entry *e = next_entry(w, tag, 0);
    if (e)
        *v = (size_t)e->count; /* size_t is 64 bits (layout_tag) */
}

/* A table of fixed size stored inside its container (copied when mapped). */
static void walk_fixed(walker *w, uint32_t tag, void *table, size_t size)
{
    void *p = table;
    size_t n = size;
    walk_array(w, tag, &p, &n, 1);
    if (!w->writing && !w->bad) {
        if (n != size) {
            w->bad = "unexpected table";
            return;
        }
        memcpy(table, p, size);
    }
}

static void walk_trie(walker *w, np_trie *t)
{
    walk_array(w, TAG('T', 'R', 'N', 'O'), &t->nodes, &t->nnodes, sizeof *t->nodes);
    walk_array(w, TAG('T', 'R', 'E', 'D'), &t->edges, &t->edges_cap, sizeof *t->edges);
    walk_array(w, TAG('T', 'R', 'P', 'A'), &t->payload, &t->npayload, sizeof *t->payload);
    walk_array(w, TAG('T', 'R', 'S', 'T'), &t->starts, &t->nstarts, sizeof *t->starts);
    walk_size(w, TAG('T', 'R', 'N', 'E'), &t->nedges);
    if (!w->writing) {
        t->nodes_cap = t->nnodes;
        /* a root; an edge table and a filter searched modulo their size, a
         * power of two */
        if (!w->bad && (!t->nnodes || (t->edges_cap & (t->edges_cap - 1)) || (t->nstarts & (t->nstarts - 1))))
            w->bad = "damaged trie";
    }
}

/* Every table of the model, in file order. Mapping fills the containers
 * that m already points to. */
static void walk_model(walker *w, np_model *m)
{
    walk_array(w, TAG('P', 'O', 'O', 'L'), &m->lex.pool.buf.data, &m->lex.pool.buf.len, 1);
    m->lex.pool.buf.cap = m->lex.pool.buf.len;
    walk_array(w, TAG('V', 'E', 'N', 'T'), &m->lex.vocab.ents, &m->lex.vocab.n, sizeof *m->lex.vocab.ents);
    walk_array(w, TAG('V', 'S', 'L', 'T'), &m->lex.vocab.slots, &m->lex.vocab.nslots, sizeof *m->lex.vocab.slots);
    if (!w->writing && !w->bad && (m->lex.vocab.nslots & (m->lex.vocab.nslots - 1)))
        w->bad = "damaged vocabulary";
    m->lex.vocab.cap = m->lex.vocab.n;
    walk_trie(w, &m->lex.phrases);

    np_titles *ti = m->titles;
    walk_array(w, TAG('T', 'I', 'T', 'L'), &ti->items, &ti->n, sizeof *ti->items);
    ti->cap = ti->n;
    walk_trie(w, &ti->phrases);

    walk_trie(w, &m->dates->relative);

    np_gazetteer *g = m->gaz;
    walk_array(w, TAG('G', 'E', 'N', 'T'), &g->entries, &g->n, sizeof *g->entries);
    walk_array(w, TAG('G', 'R', 'O', 'L'), &g->roles, &g->nroles, sizeof *g->roles);
    walk_array(w, TAG('G', 'C', 'A', 'N'), &g->cands, &g->ncands, sizeof *g->cands);
    walk_array(w, TAG('G', 'I', 'D', 'S'), &g->id_slots, &g->nid_slots, sizeof *g->id_slots);
    walk_size(w, TAG('G', 'F', 'I', 'L'), &g->nfiles);
    g->cap = g->n;
    g->roles_cap = g->nroles;
    g->cands_cap = g->ncands;
    walk_trie(w, &g->names);
    /* the office index and the title each role reads as, built once when
     * the model is compiled rather than at every start-up */
    walk_array(w, TAG('G', 'O', 'F', 'F'), &g->offices, &g->noffices, sizeof *g->offices);
    walk_array(w, TAG('G', 'T', 'R', 'M'), &g->terms, &g->nterms, sizeof *g->terms);
    size_t nrt = m->role_titles ? g->nroles : 0;
    walk_array(w, TAG('R', 'O', 'T', 'I'), &m->role_titles, &nrt, sizeof *m->role_titles);
    if (!w->writing && !w->bad && (g->nterms != g->nroles || nrt != g->nroles))
        w->bad = "damaged office index";

    np_ruleset *rs = m->rules;
    walk_array(w, TAG('R', 'U', 'L', 'E'), &rs->rules, &rs->n, sizeof *rs->rules);
    walk_array(w, TAG('R', 'N', 'O', 'D'), &rs->nodes, &rs->nnodes, sizeof *rs->nodes);
    walk_array(w, TAG('R', 'I', 'D', 'X'), &rs->index, &rs->nindex, sizeof *rs->index);
    walk_array(w, TAG('R', 'T', 'R', 'G'), &rs->triggers, &rs->ntriggers, sizeof *rs->triggers);
    if (!w->writing && !w->bad && (rs->ntriggers & (rs->ntriggers - 1)))
        w->bad = "damaged rule index";
    rs->cap = rs->n;
    rs->nodes_cap = rs->nnodes;
    rs->index_cap = rs->nindex;
    walk_fixed(w, TAG('R', 'C', 'A', 'M'), rs->cameo, sizeof rs->cameo);
    walk_size(w, TAG('R', 'L', 'S', 'T'), &rs->nlists);
    if (!w->writing) {
        /* each list is a name and a trie: 6 more entries */
        if (w->bad || rs->nlists > (w->ndir - w->next) / 6) {
            rs->nlists = 0;
            w->bad = w->bad ? w->bad : "damaged rule lists";
            return;
        }
        rs->lists = np_xcalloc(rs->nlists ? rs->nlists : 1, sizeof *rs->lists);
        rs->lists_cap = rs->nlists;
    }
    for (size_t i = 0; i < rs->nlists; i++) {
        size_t name = rs->lists[i].name;
        walk_size(w, TAG('R', 'L', 'N', 'M'), &name);
        rs->lists[i].name = (uint32_t)name;
        walk_trie(w, &rs->lists[i].phrases);
    }
}

/* ---- writing ---- */

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISLNK(mode)  ? "a symbolic link"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

static int refuse(np_error *err, const char *path, const char *what)
{
    np_error_set(err, "%s: not a nerpipe model (%s); refusing to replace it", path, what);
    return NP_MF_REFUSED;
}

int np_modelfile_check_target(const char *path, np_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) < 0) {
        if (errno == ENOENT)
            return 0;
        np_error_set(err, "%s: %s", path, strerror(errno));
        return NP_MF_FAILED;
    }
    if (!S_ISREG(sb.st_mode))
        return refuse(err, path, kind_of(sb.st_mode));
    /* a regular file a moment ago: open it without following a link or
     * waiting on a FIFO, in case it was replaced since */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        if (errno == ELOOP)
            return refuse(err, path, "a symbolic link");
        np_error_set(err, "%s: cannot tell whether it is a nerpipe model: %s", path, strerror(errno));
        return NP_MF_FAILED;
    }
    char magic[8];
    ssize_t got = 0;
    int rc = 0;
    if (fstat(fd, &sb) < 0 || (S_ISREG(sb.st_mode) && (got = pread(fd, magic, sizeof magic, 0)) < 0)) {
        np_error_set(err, "%s: cannot tell whether it is a nerpipe model: %s", path, strerror(errno));
        rc = NP_MF_FAILED;
    } else if (!S_ISREG(sb.st_mode)) {
        rc = refuse(err, path, kind_of(sb.st_mode));
    } else if (got < (ssize_t)sizeof magic || memcmp(magic, MAGIC, sizeof magic) != 0) {
        rc = refuse(err, path, "a regular file that does not begin with " MAGIC ", the mark of a model");
    }
    close(fd);
    return rc;
}

/* n letters and digits, unpredictable when the system gives entropy. */
static void random_name(char *out, size_t n)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned counter;
    unsigned char bytes[32];
    if (n > sizeof bytes || getentropy(bytes, n) != 0) {
        struct {
            double now;
            long pid;
            unsigned count;
            const void *where;
        } seed;
        memset(&seed, 0, sizeof seed); /* the padding too: it is summed */
        seed.now = np_now();
        seed.pid = (long)getpid();
        seed.count = counter++;
        seed.where = &seed;
        for (size_t i = 0; i < sizeof bytes; i += 8) {
            uint64_t h = checksum(&seed, sizeof seed) + i;
            memcpy(bytes + i, &h, 8);
            seed.now += 1;
        }
    }
    for (size_t i = 0; i < n && i < sizeof bytes; i++)
        out[i] = chars[bytes[i] % (sizeof chars - 1)];
    out[n < sizeof bytes ? n : sizeof bytes] = '\0';
}

/* Creates a new file beside path, PATH.tmpXXXXXXXX (mode 0644 less the
 * umask), that nothing else can have made or linked: returns its
 * descriptor and sets *tmp (the caller frees it), or -1 with err set. */
static int create_temp(const char *path, char **tmp, np_error *err)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    if (strlen(base) > 200) /* keep the name within NAME_MAX */
        base = "nerpipe.model";
    size_t len = dirlen + strlen(base) + 16;
    char *name = np_xmalloc(len);
    int saved = EEXIST;
    for (int attempt = 0; attempt < 100 && saved == EEXIST; attempt++) {
        char suffix[9];
        random_name(suffix, 8);
        snprintf(name, len, "%.*s%s.tmp%s", (int)dirlen, path, base, suffix);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);
        if (fd >= 0) {
            *tmp = name;
            return fd;
        }
        saved = errno;
    }
    np_error_set(err, "%s: %s", path, strerror(saved));
    free(name);
    return -1;
}

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n < ((size_t)1 << 30) ? n : (size_t)1 << 30);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Makes a rename in path's directory durable; where it cannot be, the
 * file is still whole, only perhaps not yet on disk. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? np_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : np_xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Tables under this size go first, after the directory (see above). */
#define SMALL_TABLE ((size_t)64 << 10)

/* The file of the tables that w walked: the header, the directory, the
 * small tables and then the others. */
static void lay_out(walker *w, np_buf *file)
{
    mf_header h;
    memset(&h, 0, sizeof h);
    size_t dir = sizeof h + w->nents * sizeof *w->ents, pos = (dir + 15) / 16 * 16;
    for (int big = 0; big < 2; big++)
        for (size_t i = 0; i < w->nents; i++) {
            size_t bytes = (size_t)w->ents[i].count * w->ents[i].elsz;
            if (bytes && (bytes >= SMALL_TABLE) == big) {
                w->ents[i].offset = pos;
                pos += (bytes + 15) / 16 * 16;
            }
        }
    np_buf_add(file, &h, sizeof h);
    np_buf_add(file, w->ents, w->nents * sizeof *w->ents);
    NP_GROW(file->data, file->cap, pos);
    memset(file->data + file->len, 0, pos - file->len);
    for (size_t i = 0; i < w->nents; i++)
        if (w->ents[i].offset)
            memcpy(file->data + w->ents[i].offset, w->data[i], (size_t)w->ents[i].count * w->ents[i].elsz);
    file->len = pos;
    memcpy(h.magic, MAGIC, 8);
    h.version = NP_MODELFILE_VERSION;
    h.layout = layout_tag();
    h.size = pos;
    h.ntables = (uint32_t)w->nents;
    h.dir_sum = checksum(file->data + sizeof h, w->nents * sizeof *w->ents);
    h.body_sum = checksum(file->data + sizeof h, pos - sizeof h);
    snprintf(h.generator, sizeof h.generator, "nerpipe %s", PACKAGE_VERSION);
    h.head_sum = checksum(&h, offsetof(mf_header, head_sum));
    memcpy(file->data, &h, sizeof h);
}

int np_modelfile_write(const np_model *m, const np_model_opts *opts, const char *path, np_error *err)
{
    int rc = np_modelfile_check_target(path, err);
    if (rc < 0)
        return rc;
    char *sources = list_sources(m->datadir, opts);
    walker w = {.writing = 1};
    size_t srclen = strlen(sources);
    walk_array(&w, TAG('S', 'R', 'C', 'S'), &sources, &srclen, 1);
    walk_model(&w, (np_model *)m); /* writing only reads the model */
    np_buf body = {0};
    lay_out(&w, &body);
    free(sources);
    free(w.ents);
    free(w.data);

    char *tmp = NULL;
    int fd = create_temp(path, &tmp, err);
    if (fd < 0) {
        np_buf_free(&body);
        return NP_MF_FAILED;
    }
    int saved = 0;
    if (write_all(fd, body.data, body.len) < 0 || fsync(fd) < 0)
        saved = errno;
    if (close(fd) < 0 && !saved)
        saved = errno;
    np_buf_free(&body);
    if (saved) {
        np_error_set(err, "%s: %s", path, strerror(saved));
        rc = NP_MF_FAILED;
    } else if ((rc = np_modelfile_check_target(path, err)) < 0) {
        /* something else took the path while the file was written */
    } else if (rename(tmp, path) < 0) {
        np_error_set(err, "%s: %s", path, strerror(errno));
        rc = NP_MF_FAILED;
    } else {
        sync_dir(path);
    }
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* ---- checking the tables of a mapped model ---- */

/* At every open (quick_check): what costs nothing however large the file
 * is. The table heads (walk_model: each table's tag, record size and
 * count, inside the file), the sizes that lookups take modulo (powers of
 * two), a root in every trie, the pool's first and last bytes (NULs, so
 * that a string at any offset ends inside it), the office index as long
 * as the role table, and in full the tables whose size does not grow
 * with the gazetteers: titles, rules, rule lists. The contents of the
 * large tables (vocabulary, tries, gazetteer, offices) are checked where
 * they are used instead (vocab.h, gazetteer.h): damage there can change
 * answers, never make a lookup read outside its table or loop.
 *
 * In a full check (np_modelfile_verify) also the body's checksum and
 * every count, offset and index of every table, against what it points
 * into: what was written is what is read. */
typedef struct checker {
    size_t pool;        /* the pool's length: every string offset is below it */
    const char *bad;
} checker;

static int fail(checker *c, const char *what)
{
    if (!c->bad)
        c->bad = what;
    return 0;
}

#define STR_OK(c, off) ((size_t)(off) < (c)->pool)

static int is_pow2(size_t n)
{
    return (n & (n - 1)) == 0;
}

/* A hash table of n slots holding indices + 1 up to max: a power of two
 * in size with at least one empty slot. */
static int slots_ok(const uint32_t *slots, size_t n, size_t max)
{
    if (!is_pow2(n))
        return 0;
    size_t empty = 0;
    int bad = 0;
    for (size_t k = 0; k < n; k++) {
        bad |= slots[k] > max;
        empty += !slots[k];
    }
    return !bad && (n == 0 || empty > 0);
}

/* A trie whose payload values are in [lo, hi). */
static int trie_ok(checker *c, const np_trie *t, uint64_t lo, uint64_t hi, const char *what)
{
    if (!t->nnodes || !is_pow2(t->edges_cap) || !is_pow2(t->nstarts))
        return fail(c, what);
    int bad = 0;
    for (size_t k = 0; k < t->nnodes; k++)
        bad |= (uint64_t)t->nodes[k].first + t->nodes[k].count > t->npayload;
    size_t used = 0;
    for (size_t k = 0; k < t->edges_cap; k++) {
        const np_trie_edge *e = &t->edges[k];
        /* an empty slot (child 0) holds nothing to check */
        bad |= e->child > t->nnodes || (e->child && e->parent >= t->nnodes);
        used += e->child != 0;
    }
    if (used != t->nedges || (t->edges_cap && used == t->edges_cap))
        bad = 1;
    for (size_t k = 0; k < t->npayload; k++)
        bad |= t->payload[k] < lo || t->payload[k] >= hi;
    return bad ? fail(c, what) : 1;
}

static int vocab_ok(checker *c, const np_vocab *v)
{
    for (size_t i = 0; i < v->n; i++) {
        const np_vocab_entry *e = &v->ents[i];
        /* the key within the pool; a month 1-12, a weekday 1-7 (dates.c) */
        if (!STR_OK(c, e->str) || e->len >= c->pool - e->str || (e->cal & 15) > 12 || (e->cal >> 4 & 15) > 7)
            return fail(c, "damaged vocabulary");
    }
    if (!slots_ok(v->slots, v->nslots, v->n))
        return fail(c, "damaged vocabulary");
    return 1;
}

static int titles_ok(checker *c, const np_titles *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (!STR_OK(c, t->items[i].role) || t->items[i].cls > NP_TC_FAMILY)
            return fail(c, "damaged titles");
    return 1;
}

static int entries_ok(checker *c, const np_gazetteer *g)
{
    for (size_t i = 0; i < g->n; i++) {
        const np_gz_entry *e = &g->entries[i];
        if (!STR_OK(c, e->id) || !STR_OK(c, e->name) || !STR_OK(c, e->subtype) || !STR_OK(c, e->attrs) ||
            !STR_OK(c, e->family) || !STR_OK(c, e->given_key) || !STR_OK(c, e->family_key) || !STR_OK(c, e->file) || e->located_in > g->n || e->capital > g->n ||
            (uint64_t)e->roles + e->nroles > g->nroles || e->type > NP_ORG ||
            !memchr(e->country, 0, sizeof e->country) || !isfinite(e->lat) || !isfinite(e->lon) ||
            !isfinite(e->prior) || !isfinite(e->population))
            return fail(c, "damaged gazetteer entries");
    }
    for (size_t i = 0; i < g->nroles; i++) {
        const np_gz_role *r = &g->roles[i];
        if (!STR_OK(c, r->title) || r->of > g->n || !memchr(r->from, 0, sizeof r->from) ||
            !memchr(r->to, 0, sizeof r->to))
            return fail(c, "damaged gazetteer roles");
    }
    for (size_t i = 0; i < g->ncands; i++) {
        const np_gz_cand *k = &g->cands[i];
        if (k->entry >= g->n || !STR_OK(c, k->text) || !STR_OK(c, k->casekey) || !k->ntok)
            return fail(c, "damaged gazetteer names");
    }
    if (!slots_ok(g->id_slots, g->nid_slots, g->n))
        return fail(c, "damaged gazetteer id index");
    return 1;
}

/* The office index: each office a role of the person it names, and each
 * role's title item one of the titles. */
static int offices_ok(checker *c, const np_model *m)
{
    const np_gazetteer *g = m->gaz;
    for (size_t i = 0; i < g->noffices; i++) {
        const np_gz_office *o = &g->offices[i];
        if (o->entry >= g->n || o->of > g->n || !memchr(o->country, 0, sizeof o->country) ||
            o->role < g->entries[o->entry].roles || o->role - g->entries[o->entry].roles >= g->entries[o->entry].nroles)
            return fail(c, "damaged office index");
    }
    for (size_t r = 0; r < g->nroles; r++)
        if (m->role_titles[r] != NP_NONE && m->role_titles[r] >= m->titles->n)
            return fail(c, "damaged office index");
    return 1;
}

static int by_offset(const void *a, const void *b)
{
    const mf_entry *x = *(const mf_entry *const *)a, *y = *(const mf_entry *const *)b;
    return (x->offset > y->offset) - (x->offset < y->offset);
}

/* The tables of the directory fill the file after it, each where the one
 * before it ends (padded to 16 bytes), none overlapping another. */
static const char *tables_tile(const walker *w)
{
    const mf_entry **t = np_xmalloc((w->ndir ? w->ndir : 1) * sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < w->ndir; i++)
        if (w->dir[i].elsz && w->dir[i].count)
            t[n++] = &w->dir[i];
    np_sort(t, n, sizeof *t, by_offset);
    uint64_t end = w->start;
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        ok = t[i]->offset == (end + 15) / 16 * 16;
        end = t[i]->offset + t[i]->count * t[i]->elsz; /* inside the file: walk_array */
    }
    free(t);
    return ok && (end + 15) / 16 * 16 == w->size ? NULL : "tables that overlap or leave gaps";
}

/* Everything the tables of m refer to is inside them (see above). */
static const char *full_check(np_model *m)
{
    checker c = {.pool = m->lex.pool.buf.len};
    if (vocab_ok(&c, &m->lex.vocab) &&
        trie_ok(&c, &m->lex.phrases, 0, (uint64_t)UINT32_MAX + 1, "damaged lexicon phrases") &&
        trie_ok(&c, &m->titles->phrases, 0, m->titles->n, "damaged title phrases") &&
        trie_ok(&c, &m->dates->relative, 1, 4, "damaged date phrases") && entries_ok(&c, m->gaz) &&
        trie_ok(&c, &m->gaz->names, 0, m->gaz->ncands, "damaged gazetteer name trie") && offices_ok(&c, m))
        for (size_t i = 0; i < m->rules->nlists && !c.bad; i++)
            trie_ok(&c, &m->rules->lists[i].phrases, 0, (uint64_t)UINT32_MAX + 1, "damaged rule lists");
    return c.bad;
}

/* What every open checks (see above). */
static const char *quick_check(np_model *m)
{
    /* the pool begins and ends with a NUL, so a string at any offset in it
     * ends inside it */
    const np_buf *pool = &m->lex.pool.buf;
    if (!pool->len || pool->data[0] || pool->data[pool->len - 1] || pool->len > UINT32_MAX)
        return "damaged string pool";
    if (m->lex.vocab.n >= UINT32_MAX || m->gaz->n >= UINT32_MAX || !is_pow2(m->gaz->nid_slots))
        return "damaged table sizes";
    checker c = {.pool = pool->len};
    if (titles_ok(&c, m->titles))
        for (size_t i = 0; i < m->rules->nlists && !c.bad; i++)
            if (!STR_OK(&c, m->rules->lists[i].name))
                fail(&c, "damaged rule lists");
    if (!c.bad)
        c.bad = np_rules_check(&m->lex, m->rules);
    return c.bad;
}

/* ---- mapping ---- */

/* Opens and maps the regular file at path (which must still be the one
 * looked at): the mapping and its size, or NULL with err set and *state
 * NP_MF_UNREADABLE or, when it is too short for a header, NP_MF_CORRUPT. */
static void *map_path(const char *path, size_t *size, int *state, np_error *err)
{
    *state = NP_MF_UNREADABLE;
    /* only a regular file is opened (a device may act on being opened, a
     * FIFO would block) */
    struct stat sb, fsb;
    if (stat(path, &sb) < 0) {
        np_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        np_error_set(err, "%s: not a regular file", path);
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        np_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &fsb) < 0 || !S_ISREG(fsb.st_mode) || fsb.st_dev != sb.st_dev || fsb.st_ino != sb.st_ino) {
        np_error_set(err, "%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    *size = (size_t)fsb.st_size;
    if ((off_t)*size != fsb.st_size || *size < sizeof(mf_header)) {
        np_error_set(err, "%s: not a compiled model (too short)", path);
        *state = NP_MF_CORRUPT;
        close(fd);
        return NULL;
    }
    void *map = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        np_error_set(err, "%s: cannot map it: %s", path, strerror(errno));
        return NULL;
    }
    return map;
}

/* What is wrong with the header and the directory of the mapping of size
 * bytes, or NULL; sets *state, and w's directory. The version comes before
 * the header's checksum, so that a file of another format (whose header
 * may differ) is reported as such and rebuilt without a warning. */
static const char *header_bad(const void *map, size_t size, mf_header *h, walker *w, int *state)
{
    *state = NP_MF_CORRUPT;
    if (size < sizeof *h || memcmp(map, MAGIC, 8) != 0)
        return "not a compiled nerpipe model";
    memcpy(h, map, sizeof *h);
    if (h->version != NP_MODELFILE_VERSION || h->layout != layout_tag()) {
        *state = NP_MF_STALE;
        return "written by another version of nerpipe";
    }
    if (h->head_sum != checksum(h, offsetof(mf_header, head_sum)))
        return "corrupt (header checksum mismatch)";
    if (h->size != size)
        return h->size > size ? "truncated" : "corrupt (longer than its header says)";
    if (h->ntables > (size - sizeof *h) / sizeof(mf_entry))
        return "corrupt (a directory larger than the file)";
    w->map = map;
    w->size = size;
    w->dir = (const mf_entry *)((const unsigned char *)map + sizeof *h);
    w->ndir = h->ntables;
    w->start = sizeof *h + w->ndir * sizeof(mf_entry);
    if (h->dir_sum != checksum(w->dir, w->ndir * sizeof(mf_entry)))
        return "corrupt (directory checksum mismatch)";
    return NULL;
}

/* np_modelfile_map for the data directory dir, which the model takes over
 * when it is returned. */
static np_model *map_file(const np_model_opts *opts, char *dir, const char *path, unsigned flags, int *state,
                          np_error *err)
{
    size_t size;
    void *map = map_path(path, &size, state, err);
    if (!map)
        return NULL;
    mf_header h;
    walker w = {0};
    const char *bad = header_bad(map, size, &h, &w, state);
    if (!bad) {
        char *have = NULL;
        size_t havelen = 0;
        walk_array(&w, TAG('S', 'R', 'C', 'S'), &have, &havelen, 1);
        char *want = w.bad || (flags & NP_MF_ANY_SOURCES) ? NULL : list_sources(dir, opts);
        /* damage is told apart from changed sources, even in the source list */
        if (w.bad)
            bad = "corrupt (no source list)";
        else if ((flags & NP_MF_FULL_CHECK) && checksum((const char *)map + sizeof h, size - sizeof h) != h.body_sum)
            bad = "corrupt (checksum mismatch)";
        else if (want && (strlen(want) != havelen || memcmp(want, have, havelen) != 0))
            *state = NP_MF_STALE, bad = "its sources changed";
        free(want);
    }
    if (bad) {
        np_error_set(err, "%s: %s", path, bad);
        munmap(map, size);
        return NULL;
    }
    np_model *m = np_xcalloc(1, sizeof *m);
    m->map = map;
    m->map_size = size;
    m->titles = np_xcalloc(1, sizeof *m->titles);
    m->dates = np_xcalloc(1, sizeof *m->dates);
    m->gaz = np_xcalloc(1, sizeof *m->gaz);
    m->rules = np_xcalloc(1, sizeof *m->rules);
    w.copy_into = flags & NP_MF_COPY_TABLES ? m : NULL;
    walk_model(&w, m);
    if (!w.bad && w.next != w.ndir)
        w.bad = "more tables than a model has";
    if (!w.bad)
        w.bad = quick_check(m);
    if (!w.bad && (flags & NP_MF_FULL_CHECK))
        w.bad = tables_tile(&w);
    if (!w.bad && (flags & NP_MF_FULL_CHECK))
        w.bad = full_check(m);
    if (w.bad) {
        np_error_set(err, "%s: corrupt (%s)", path, w.bad);
        *state = NP_MF_CORRUPT;
        np_model_free(m);
        return NULL;
    }
    np_rules_resolve_lists(&m->lex, m->rules);
    /* lookups jump about the tables: map only the pages they touch */
    madvise(map, size, MADV_RANDOM);
    m->datadir = dir;
    *state = NP_MF_OK;
    m->origin = "mapped";
    return m;
}

np_model *np_modelfile_map_flags(const np_model_opts *opts, const char *path, unsigned flags, int *state,
                                 np_error *err)
{
    double t0 = np_now();
    char *dir = np_model_find_datadir(opts->datadir, err);
    if (!dir) {
        *state = NP_MF_NO_SOURCES;
        return NULL;
    }
    np_model *m = map_file(opts, dir, path, flags, state, err);
    if (!m) {
        free(dir);
        return NULL;
    }
    m->load_seconds = np_now() - t0;
    return m;
}

np_model *np_modelfile_map(const np_model_opts *opts, const char *path, int *state, np_error *err)
{
    return np_modelfile_map_flags(opts, path, 0, state, err);
}

int np_modelfile_verify(const char *path, size_t *entries, size_t *rules, int *state, np_error *err)
{
    /* no data directory: the sources are not compared */
    np_model_opts none = {0};
    char *nodir = np_xstrdup("");
    np_model *m = map_file(&none, nodir, path, NP_MF_ANY_SOURCES | NP_MF_FULL_CHECK, state, err);
    if (!m) {
        free(nodir);
        return -1;
    }
    if (entries)
        *entries = m->gaz->n;
    if (rules)
        *rules = m->rules->n;
    np_model_free(m);
    return 0;
}

uint64_t np_modelfile_checksum(const void *data, size_t n)
{
    return checksum(data, n);
}

void np_modelfile_seal(void *data, size_t size)
{
    if (size < sizeof(mf_header))
        return;
    mf_header h;
    memcpy(&h, data, sizeof h);
    memcpy(h.magic, MAGIC, 8);
    h.version = NP_MODELFILE_VERSION;
    h.layout = layout_tag();
    h.size = size;
    size_t avail = (size - sizeof h) / sizeof(mf_entry);
    h.dir_sum = checksum((const unsigned char *)data + sizeof h, (h.ntables < avail ? h.ntables : avail) * sizeof(mf_entry));
    h.body_sum = checksum((const unsigned char *)data + sizeof h, size - sizeof h);
    h.head_sum = checksum(&h, offsetof(mf_header, head_sum));
    memcpy(data, &h, sizeof h);
}

np_model *np_modelfile_load(const np_model_opts *opts, const char *path, np_error *err)
{
    int state;
    np_model *m = np_modelfile_map(opts, path, &state, err);
    if (m)
        return m;
    if (state == NP_MF_NO_SOURCES)
        return NULL;
    /* what is there is replaced only when it is a model */
    np_error terr;
    int target = np_modelfile_check_target(path, &terr);
    if (target == NP_MF_REFUSED)
        np_warn("%s; using the YAML sources", terr.msg);
    else if (state == NP_MF_CORRUPT || (state == NP_MF_UNREADABLE && access(path, F_OK) == 0))
        np_warn("%s; rebuilding it from the sources", err->msg);
    double t0 = np_now();
    m = np_model_load(opts, err);
    if (!m)
        return NULL;
    if (target != NP_MF_REFUSED) {
        np_error werr;
        int rc = np_modelfile_write(m, opts, path, &werr);
        if (rc == NP_MF_REFUSED) /* something else took the path meanwhile */
            np_warn("%s; using the YAML sources", werr.msg);
        else if (rc < 0)
            np_warn("cannot write the compiled model: %s", werr.msg);
        else
            m->origin = "rebuilt";
    }
    m->load_seconds = np_now() - t0;
    return m;
}

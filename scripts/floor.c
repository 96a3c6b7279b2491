/*
 * scripts/floor.c: the speed floor that scripts/bench measures nerpipe
 * against. It does the least a dictionary tagger must do: split UTF-8 text
 * into words, fold ASCII case and probe a hash table once per word. The
 * table holds every word of the gazetteer names (scripts/bench writes them,
 * one per line). Whatever nerpipe does beyond this floor (sentences, names
 * that are not in a gazetteer, rules, dates, the graph, JSON) is what its
 * CPU time beyond the floor's pays for.
 *
 *   cc -O2 -o floor scripts/floor.c
 *   floor WORDS TEXT      prints "words N hits H bytes B"
 *
 * A word is a run of ASCII letters and digits and of bytes of UTF-8
 * sequences (0x80 and above); everything else separates words. The
 * table is open-addressed, keyed by a 64-bit FNV-1a hash of the folded
 * word. Exit status 0, or 1 when a file cannot be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 for the bytes of a word */
static unsigned char word_byte[256];

static void init_classes(void)
{
    for (int c = 0; c < 256; c++)
        word_byte[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

typedef struct {
    uint64_t hash;
    const char *word; /* folded, in the words file's buffer */
    size_t len;
} slot;

static slot *table;
static size_t mask;

static inline unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether the folded word s[0..n) (hash h) is in the table. */
static int probe(const char *s, size_t n, uint64_t h)
{
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const slot *e = &table[i];
        if (!e->word)
            return 0;
        if (e->hash == h && e->len == n) {
            size_t k = 0;
            while (k < n && fold((unsigned char)s[k]) == (unsigned char)e->word[k])
                k++;
            if (k == n)
                return 1;
        }
    }
}

static void insert(const char *s, size_t n, uint64_t h)
{
    if (probe(s, n, h))
        return;
    size_t i = h & mask;
    while (table[i].word)
        i = (i + 1) & mask;
    table[i] = (slot){h, s, n};
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor WORDS TEXT\n");
        return 2;
    }
    init_classes();
    size_t wlen, tlen;
    char *words = read_all(argv[1], &wlen);
    char *text = words ? read_all(argv[2], &tlen) : NULL;
    if (!words || !text) {
        fprintf(stderr, "floor: cannot read %s\n", words ? argv[2] : argv[1]);
        free(words);
        return 1;
    }
    size_t lines = 1;
    for (size_t i = 0; i < wlen; i++)
        lines += words[i] == '\n';
    size_t cap = 16;
    while (cap < 2 * lines)
        cap *= 2;
    table = calloc(cap, sizeof *table);
    if (!table)
        return 1;
    mask = cap - 1;
    for (size_t i = 0; i < wlen;) {
        size_t j = i;
        uint64_t h = 1469598103934665603ULL;
        while (j < wlen && words[j] != '\n') {
            words[j] = (char)fold((unsigned char)words[j]);
            h = (h ^ (unsigned char)words[j]) * 1099511628211ULL;
            j++;
        }
        if (j > i)
            insert(words + i, j - i, h);
        i = j + 1;
    }
    size_t nwords = 0, hits = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < tlen;) {
        if (!word_byte[s[i]]) {
            i++;
            continue;
        }
        size_t start = i;
        uint64_t h = 1469598103934665603ULL;
        while (i < tlen && word_byte[s[i]]) {
            h = (h ^ fold(s[i])) * 1099511628211ULL;
            i++;
        }
        nwords++;
        hits += (size_t)probe(text + start, i - start, h);
    }
    printf("words %zu hits %zu bytes %zu\n", nwords, hits, tlen);
    free(table);
    free(text);
    free(words);
    return 0;
}

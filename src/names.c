/*
 * names.c: names that no gazetteer lists, found from cues in the sentence
 * (see entities_private.h):
 *
 *   people         after a title or role noun ("press secretary Yasuhisa
 *                  Kawamura", "the Mexican ambassador to Chile, Alicia
 *                  Bárcena", "two of his deputies, X and Y"), before an
 *                  appositive title ("Hakan Fidan, Turkey's foreign
 *                  minister"), starting with a known given name ("Tina
 *                  Salama"), in a byline ("By Andrea Shalal"), or before a
 *                  reporting verb ("Jalal Talabani told");
 *   organizations  capitalized words ending in an organization head
 *                  (Group, Association, Agency, Party …), with "of …";
 *   places         capitalized words ending in a place head (Airport,
 *                  Palace, Islands …), after "city of", "resort of" …,
 *                  before "province", "region" …, an unknown word
 *                  after "in" or "near", a dateline in capitals, and an
 *                  unknown town before ", country";
 *   sports clubs   "Real Madrid", a place next to a score ("Leicester 2-1
 *                  Everton"): organizations, not places.
 *
 * In a sentence written in title case (a headline) capitals say nothing,
 * so only gazetteer names and variants count there.
 */
#include "entities_private.h"

#include "titles.h"

#include <string.h>

#define MAX_NAME_TOKENS 8

static int is_word(const np_token *t)
{
    return np_tok_is_word(t);
}

static int is_capword(const np_token *t)
{
    return is_word(t) && (t->flags & NP_TF_CAP) && !(t->lex & NP_LEX_NAME_STOP) && !(t->flags & NP_TF_CJK);
}

static int is_initial(const np_doc *doc, const np_token *t)
{
    return (t->flags & NP_TF_PERIOD) && (t->flags & NP_TF_CAP) && t->end - t->start == 2 && doc->text[t->start] != '.';
}

static int is_particle(const np_token *t)
{
    return is_word(t) && (t->lex & NP_LEX_PARTICLE);
}

/* A postnominal written with inner periods ("S.J.", "O.P."): it follows a
 * name and is not part of it. */
static int is_postnominal(const np_doc *doc, const np_token *t)
{
    if (!(t->flags & NP_TF_ALLCAP) || (t->lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE)))
        return 0;
    const char *p = doc->text + t->start, *q = doc->text + t->end;
    if (q > p && q[-1] == '.')
        q--;
    return memchr(p, '.', (size_t)(q - p)) != NULL;
}

/* A form of address (Mr, Sheikh, H.E.), not a name. */
static int is_honorific(const np_token *t)
{
    return is_word(t) && (t->lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE));
}

static int tok_is(const np_doc *doc, const np_token *t, const char *s)
{
    return np_tok_text_is(doc, t, s);
}

/* A word that is only an ordinary word: in the dictionary in lowercase
 * and neither a given name nor a family name. */
static int plain_word(const np_token *t)
{
    return (t->lex & (NP_LEX_COMMON | NP_LEX_FUNCTION)) && !(t->lex & (NP_LEX_GIVEN | NP_LEX_SURNAME));
}

/* A sentence in title case (or all capitals): capitals carry no cue.
 * Judged on ordinary dictionary words, which running text writes in
 * lowercase whatever names it holds. */
static int title_case(const np_doc *doc, const np_sentence *s)
{
    size_t words = 0, caps = 0, plain = 0, plain_caps = 0;
    for (size_t i = s->begin; i < s->end; i++) {
        const np_token *t = &doc->toks[i];
        if (!is_word(t) || (t->lex & NP_LEX_FUNCTION && t->key_len <= 3))
            continue;
        words++;
        int cap = (t->flags & (NP_TF_CAP | NP_TF_ALLCAP)) != 0;
        caps += cap;
        if (plain_word(t) && !(t->lex & NP_LEX_TITLE) && i > s->begin) {
            plain++;
            plain_caps += cap;
        }
    }
    if (words >= 4 && caps == words)
        return 1;
    return plain >= 3 && plain_caps * 10 >= plain * 8;
}

/* The end of the run of name tokens that starts at i: capitalized words,
 * initials, and particles between them; stops at covered tokens. */
static size_t name_run(const np_doc *doc, const np_spans *sp, size_t i, size_t end)
{
    size_t j = i;
    while (j < end && j - i < MAX_NAME_TOKENS && !sp->covered[j]) {
        const np_token *t = &doc->toks[j];
        if (j > i && (t->flags & NP_TF_NL))
            break;
        if (is_capword(t) || is_initial(doc, t)) {
            j++;
            continue;
        }
        /* "bin Hamdan", "van der Berg", "de la Cruz" */
        size_t q = j;
        while (j > i && q < end && q - j < 3 && is_particle(&doc->toks[q]) && !sp->covered[q])
            q++;
        if (q > j && q < end && !sp->covered[q] && is_capword(&doc->toks[q])) {
            j = q;
            continue;
        }
        break;
    }
    /* A trailing initial, particle or postnominal does not end a name. */
    while (j > i && (is_particle(&doc->toks[j - 1]) || is_initial(doc, &doc->toks[j - 1]) ||
                     (j - i > 2 && is_postnominal(doc, &doc->toks[j - 1]))))
        j--;
    return j;
}

static np_span *add_name(np_spans *sp, const np_doc *doc, uint32_t s, size_t tb, size_t te, int type, int how,
                         const char *why)
{
    /* "His Excellency Ratu X": forms of address are not part of the name */
    if (type == NP_PERSON) {
        while (tb + 1 < te && (np_tok_key_is(doc, &doc->toks[tb], "his") || np_tok_key_is(doc, &doc->toks[tb], "her")) &&
               (doc->toks[tb + 1].lex & NP_LEX_HONORIFIC))
            tb++;
        while (tb + 1 < te && (doc->toks[tb].lex & NP_LEX_HONORIFIC) && (doc->toks[tb + 1].flags & NP_TF_CAP))
            tb++;
    }
    np_span *span = np_spans_push(sp);
    span->tb = (uint32_t)tb;
    span->te = (uint32_t)te;
    span->start = doc->toks[tb].start;
    span->end = doc->toks[te - 1].end;
    span->cstart = doc->toks[tb].cstart;
    span->cend = doc->toks[te - 1].cend;
    span->sent = s;
    span->kind = NP_SPAN_NAME;
    span->type = (uint8_t)type;
    span->how = (uint8_t)how;
    span->why = why;
    for (size_t k = tb; k < te; k++)
        sp->covered[k] = 1;
    return span;
}

/* How long a name [a, b) is for the given-name cue: its words other than
 * particles, up to 4, or up to 6 in a chain with particles ("Sultan bin
 * Hamdan bin Zayed Al Nahyan"); 0 when longer. */
static int cue_length_ok(const np_doc *doc, size_t a, size_t b)
{
    size_t words = 0, particles = 0;
    for (size_t k = a; k < b; k++) {
        if (is_particle(&doc->toks[k]))
            particles++;
        else
            words++;
    }
    return words <= 4 || (particles && words <= 6);
}

/* "II", "XIV": a regnal number */
static int roman(const np_doc *doc, const np_token *t)
{
    for (uint32_t k = t->start; k < t->end; k++)
        if (!strchr("IVXL", doc->text[k]))
            return 0;
    return 1;
}

/* Could tokens [a, b) be a person's name? */
static int person_like(const np_doc *doc, size_t a, size_t b, int strong_cue)
{
    if (b <= a || b - a > MAX_NAME_TOKENS)
        return 0;
    size_t words = 0, plain = 0, acronyms = 0, caps = 0;
    for (size_t k = a; k < b; k++) {
        const np_token *t = &doc->toks[k];
        if (is_word(t) && t->end - t->start == 1 && (t->flags & NP_TF_CAP) && k + 1 < b)
            continue; /* a bare initial: "R K Sharma" */
        if (is_word(t) && (t->flags & NP_TF_ALLCAP) && !(t->flags & NP_TF_PERIOD)) {
            caps++;
            acronyms += t->key_len <= 5 && !(t->lex & (NP_LEX_GIVEN | NP_LEX_SURNAME)) && !roman(doc, t);
        }
        if (t->lex & (NP_LEX_MONTH | NP_LEX_WEEKDAY | NP_LEX_ORG_HEAD | NP_LEX_PLACE_HEAD | NP_LEX_NAME_STOP))
            return 0;
        if (k + 1 == b && (t->lex & NP_LEX_BUILDING))
            return 0; /* "Carmelite Monastery" */
        /* forms of address alone ("H.H. Sheikh") name nobody */
        if (is_particle(t) || is_initial(doc, t) || is_honorific(t))
            continue;
        words++;
        plain += plain_word(t) || (t->lex & NP_LEX_TITLE && !(t->lex & (NP_LEX_GIVEN | NP_LEX_SURNAME)));
    }
    if (!words)
        return 0;
    /* "the President LBA", "Chairman LAHDC Leh": an acronym is no person
     * (a byline in capitals has no short unknown words among mixed case) */
    if (acronyms && (caps < b - a || b - a == 1))
        return 0;
    if (plain == words)
        return strong_cue && words >= 2 && (doc->toks[a].lex & NP_LEX_GIVEN);
    /* all capitals: a byline or a shouted name, accept only with a cue */
    return 1;
}

/* Skips honorifics (Sir, Ratu, His Excellency, Mr., Rt. Hon.) from i. */
static size_t skip_honorifics(const np_doc *doc, size_t i, size_t end)
{
    while (i < end) {
        const np_token *t = &doc->toks[i];
        if (is_word(t) && (t->lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE))) {
            i++;
            continue;
        }
        /* His/Her Excellency, Rt. Hon. */
        if (i + 1 < end && (np_tok_key_is(doc, t, "his") || np_tok_key_is(doc, t, "her")) &&
            np_tok_key_is(doc, &doc->toks[i + 1], "excellency")) {
            i += 2;
            continue;
        }
        break;
    }
    return i;
}

/* Given a name run [a, b) right after a title extension, drops leading
 * ordinary or title words that belong to the extension ("Minister of
 * Economy Sergio Massa"): the name must then start with a given name. */
static size_t split_extension(const np_doc *doc, size_t a, size_t b)
{
    size_t k = a;
    /* a word before a particle is a name ("Sultan bin Hamdan") */
    while (k < b && (plain_word(&doc->toks[k]) || (doc->toks[k].lex & NP_LEX_TITLE)) &&
           !(doc->toks[k].lex & NP_LEX_GIVEN) && !(k + 1 < b && is_particle(&doc->toks[k + 1])))
        k++;
    if (k == a || k >= b)
        return a;
    return (doc->toks[k].lex & NP_LEX_GIVEN) ? k : b;
}

/* Finds people after titles in sentence s. */
static void after_titles(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    size_t end = sent->end;
    for (size_t i = sent->begin; i < end; i++) {
        uint32_t title;
        size_t len = np_title_at(m->titles, doc, i, end, &title);
        int cue = len > 0;
        if (!cue && is_word(&doc->toks[i]) && (doc->toks[i].lex & NP_LEX_PERSON_CUE))
            len = 1;
        if (!len)
            continue;
        size_t k = i + len;
        /* "the ambassador to the Kingdom", "Governor-General of Papua New
         * Guinea (PNG)," "Commissioners for Agriculture," */
        int comma = 0, extended = 0;
        if (k < end && is_word(&doc->toks[k]) && (doc->toks[k].flags & NP_TF_LOWER) &&
            (np_tok_key_is(doc, &doc->toks[k], "of") || np_tok_key_is(doc, &doc->toks[k], "for") ||
             np_tok_key_is(doc, &doc->toks[k], "to") || np_tok_key_is(doc, &doc->toks[k], "at"))) {
            size_t e = k + 1, steps = 0;
            while (e < end && steps < 12) {
                const np_token *t = &doc->toks[e];
                int ok = sp->covered[e] || is_capword(t) || (t->flags & NP_TF_ALLCAP) || tok_is(doc, t, "(") ||
                         tok_is(doc, t, ")") || np_tok_key_is(doc, t, "the") || np_tok_key_is(doc, t, "and") ||
                         np_tok_key_is(doc, t, "of") || np_tok_key_is(doc, t, "his") ||
                         np_tok_key_is(doc, t, "her") || np_tok_key_is(doc, t, "their") ||
                         np_tok_key_is(doc, t, "its") || np_tok_key_is(doc, t, "country") || tok_is(doc, t, "&");
                if (!ok)
                    break;
                e++;
                steps++;
            }
            if (e < end && tok_is(doc, &doc->toks[e], ",")) {
                k = e + 1;
                comma = 1;
            } else {
                /* the name may be the tail of the extension */
                size_t r = e;
                while (r > k + 1 && !sp->covered[r - 1] && (is_capword(&doc->toks[r - 1]) || is_particle(&doc->toks[r - 1])))
                    r--;
                if (r == e)
                    continue;
                k = split_extension(doc, r, e);
                if (k >= e)
                    continue;
                extended = 1;
            }
        } else if (k < end && tok_is(doc, &doc->toks[k], ",")) {
            k++;
            comma = 1;
        }
        k = skip_honorifics(doc, k, end);
        if (k >= end || sp->covered[k] || !is_capword(&doc->toks[k]))
            continue;
        size_t e = name_run(doc, sp, k, end);
        if (e == k)
            continue;
        if (!extended && !comma) {
            /* "President Putin" style: the run must not be more title words */
            size_t a = split_extension(doc, k, e);
            if (a >= e)
                continue;
            k = a;
        }
        if (!person_like(doc, k, e, 1))
            continue;
        np_span *span = add_name(sp, doc, s, k, e, NP_PERSON, NP_HOW_TITLE, cue ? "after a title" : "after a role noun");
        span->title = cue ? title : NP_NONE;
        i = e - 1;
        /* "X and Y", "X, Y and Z" after a plural role noun */
        while (e + 1 < end && (np_tok_key_is(doc, &doc->toks[e], "and") || tok_is(doc, &doc->toks[e], ","))) {
            size_t a = skip_honorifics(doc, e + 1, end);
            uint32_t t2;
            size_t tl = np_title_at(m->titles, doc, a, end, &t2);
            if (tl)
                break; /* the next person has a title of their own */
            if (a >= end || sp->covered[a] || !is_capword(&doc->toks[a]))
                break;
            size_t b = name_run(doc, sp, a, end);
            a = split_extension(doc, a, b);
            if (b - a < 2 || !person_like(doc, a, b, 1))
                break;
            add_name(sp, doc, s, a, b, NP_PERSON, NP_HOW_TITLE, "listed after a role noun");
            i = b - 1;
            e = b;
        }
    }
}

/* "Hakan Fidan, Turkey's foreign minister," "Zhao Leji, the chairman of" */
static int appositive_title(const np_model *m, const np_doc *doc, const np_spans *sp, size_t e, size_t end)
{
    if (e >= end || !tok_is(doc, &doc->toks[e], ","))
        return 0;
    size_t k = e + 1;
    for (size_t steps = 0; k < end && steps < 4; steps++) {
        const np_token *t = &doc->toks[k];
        uint32_t title;
        if (np_title_at(m->titles, doc, k, end, &title))
            return 1;
        if (np_tok_key_is(doc, t, "the") || np_tok_key_is(doc, t, "a") || np_tok_key_is(doc, t, "an") ||
            (t->flags & NP_TF_POSS) || sp->covered[k] || (t->lex & NP_LEX_TITLE))
            k++;
        else
            break;
    }
    return 0;
}

/* The gazetteer span that covers token t, or NULL. */
static np_span *gaz_owner(np_spans *sp, size_t t)
{
    uint32_t o = sp->owner[t];
    return o && sp->items[o - 1].kind == NP_SPAN_GAZ ? &sp->items[o - 1] : NULL;
}

/* A capitalized word that may be part of an organization's or a
 * building's name: name-stops other than dates are ("Ladakh Buddhist
 * Association", "Ministry of Home Affairs", "Point News"). */
static int is_orgword(const np_token *t)
{
    return is_word(t) && (t->flags & NP_TF_CAP) && !(t->flags & NP_TF_CJK) &&
           !(t->lex & (NP_LEX_MONTH | NP_LEX_WEEKDAY));
}

static int any_head(const np_token *t)
{
    return (t->lex & (NP_LEX_ORG_HEAD | NP_LEX_PLACE_HEAD | NP_LEX_BUILDING)) != 0;
}

/* "14th", "2nd": an ordinal before a name ("the 14th National Congress") */
static int ordinal(const np_doc *doc, const np_token *t)
{
    size_t n = t->end - t->start;
    const char *x = doc->text + t->start;
    if (n < 3 || x[0] < '0' || x[0] > '9')
        return 0;
    const char *e = x + n - 2;
    return !strncmp(e, "st", 2) || !strncmp(e, "nd", 2) || !strncmp(e, "rd", 2) || !strncmp(e, "th", 2);
}

/* Where a name ending in the head at h begins: capitalized words, whole
 * gazetteer names ("Ladakh Buddhist Association", "Hungarian Football
 * Federation"), possessives ("Prosecutor General’s Office"), "and" between
 * words, and "of" or "for" after another head ("Bank of China Group"), not
 * after a title ("General Secretary of the X Committee"). */
static size_t extend_left(const np_doc *doc, np_spans *sp, const np_sentence *sent, size_t h)
{
    size_t a = h;
    while (a > sent->begin) {
        const np_token *p = &doc->toks[a - 1];
        if (sp->covered[a - 1]) {
            const np_span *o = gaz_owner(sp, a - 1);
            if (o && o->te == a && o->tb >= sent->begin) {
                a = o->tb;
                continue;
            }
            break;
        }
        if (is_orgword(p) || (p->flags & NP_TF_ALLCAP && is_word(p)) || ordinal(doc, p)) {
            a--;
            continue;
        }
        if (a - 1 <= sent->begin)
            break;
        const np_token *q = &doc->toks[a - 2];
        int q_ok = (!sp->covered[a - 2] && is_orgword(q)) || gaz_owner(sp, a - 2);
        if ((p->flags & NP_TF_POSS) && !sp->covered[a - 2] && is_orgword(q) && a - 1 < h) {
            a--;
            continue;
        }
        /* "and" joins words, not names ("President X and the Y Coalition") */
        if ((np_tok_key_is(doc, p, "and") || tok_is(doc, p, "&")) && !sp->covered[a - 2] && is_orgword(q)) {
            a--;
            continue;
        }
        if ((np_tok_key_is(doc, p, "of") || np_tok_key_is(doc, p, "for")) && q_ok && (q->lex & NP_LEX_ORG_HEAD)) {
            a--;
            continue;
        }
        break;
    }
    /* the first word of a sentence, if it is a plain word, is not part of it */
    while (a < h && ((!sp->covered[a] && plain_word(&doc->toks[a]) && (doc->toks[a].lex & NP_LEX_FUNCTION)) ||
                     np_tok_key_is(doc, &doc->toks[a], "the")))
        a++;
    return a;
}

/* "… of Nigeria", "… of the Communist Party", "Ministry of Fisheries of
 * Narvania", "… of Trade and Industry": the end of an organization name
 * whose head is at b - 1. */
static size_t extend_of(const np_doc *doc, const np_spans *sp, const np_sentence *sent, size_t b)
{
    if (b + 1 >= sent->end || !np_tok_key_is(doc, &doc->toks[b], "of"))
        return b;
    size_t c = b + 1;
    if (c < sent->end && np_tok_key_is(doc, &doc->toks[c], "the"))
        c++;
    size_t d = c, last_of = 0;
    while (d < sent->end && d - c < 8) {
        if (is_orgword(&doc->toks[d]) || (sp->covered[d] && doc->toks[d].flags & NP_TF_CAP)) {
            d++;
            continue;
        }
        if (d > c && d + 1 < sent->end &&
            (np_tok_key_is(doc, &doc->toks[d], "of") || np_tok_key_is(doc, &doc->toks[d], "and") ||
             np_tok_key_is(doc, &doc->toks[d], "for")) &&
            is_orgword(&doc->toks[d + 1])) {
            if (np_tok_key_is(doc, &doc->toks[d], "of"))
                last_of = d;
            d++;
        } else
            break;
    }
    /* "Board of Directors of X Group": a second "of" before a name of its own */
    if (last_of && d > last_of + 1 && (doc->toks[d - 1].lex & NP_LEX_ORG_HEAD))
        d = last_of;
    return d > c ? d : b;
}

/* "Upper House", "Lower House": chambers, not buildings */
static int chamber_word(const np_doc *doc, const np_token *t)
{
    return np_tok_key_is(doc, t, "upper") || np_tok_key_is(doc, t, "lower");
}

/* Is [a, b) with its head at h a name? A proper word or a gazetteer name
 * in it makes one, unless the head is generic ("Government of Argentina"
 * is Argentina); ordinary capitalized words alone make one when the head
 * is an institution's or a building's ("Ministry of Home Affairs",
 * "National Security Council", "State House"). */
static int head_name_ok(const np_doc *doc, const np_spans *sp, size_t a, size_t b, size_t h, int org)
{
    const np_token *head = &doc->toks[h];
    int gaz = 0, other = 0;
    for (size_t k = a; k < b; k++) {
        const np_token *w = &doc->toks[k];
        if (k == h || (!is_word(w) && !sp->covered[k]))
            continue;
        if (sp->covered[k])
            gaz = 1;
        else if ((is_word(w) && !plain_word(w) && !(w->lex & NP_LEX_TITLE) && !(w->flags & NP_TF_POSS)) ||
                 (w->flags & NP_TF_ALLCAP && w->end - w->start >= 2))
            other = 1;
    }
    if (b - a < 2)
        return 0;
    if (other)
        return 1;
    if (gaz)
        return !(org && (head->lex & NP_LEX_ORG_GENERIC));
    if (org)
        return (head->lex & NP_LEX_ORG_FORMAL) != 0;
    return (head->lex & NP_LEX_BUILDING) && !chamber_word(doc, &doc->toks[a]);
}

/* "ANKARA-Anadolu Agency": a dateline in capitals before the dash is not
 * part of the name (the matcher takes the place from the part). */
static void trim_dateline(const np_doc *doc, np_span *span)
{
    const np_token *t = &doc->toks[span->tb];
    if (!(t->flags & NP_TF_HYPHEN) || span->te - span->tb < 2)
        return;
    const char *x = doc->text + t->start;
    size_t n = t->end - t->start, k = 0;
    while (k < n && x[k] >= 'A' && x[k] <= 'Z')
        k++;
    if (k < 3 || k + 2 >= n || x[k] != '-' || x[k + 1] < 'A' || x[k + 1] > 'Z' || x[k + 2] < 'a' || x[k + 2] > 'z')
        return;
    span->start = t->start + (uint32_t)k + 1;
    span->cstart = t->cstart + (uint32_t)k + 1;
}

/* Are all candidates of gazetteer span o weak aliases? */
static int weak_only(const np_model *m, const np_spans *sp, const np_span *o)
{
    for (uint32_t c = 0; c < o->ncands; c++)
        if (!(m->gaz->cands[sp->cands[o->cands + c]].flags & (NP_GC_WEAK | NP_GC_DEMONYM)))
            return 0;
    return o->ncands > 0;
}

/* Organizations and places from their head word. */
static void head_patterns(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    for (size_t h = sent->begin; h < sent->end; h++) {
        const np_token *t = &doc->toks[h];
        if (!any_head(t) || !is_orgword(t))
            continue;
        /* a name the gazetteer knows only weakly ("Senate", "National
         * Assembly") may end a longer name */
        const np_span *own = sp->covered[h] ? gaz_owner(sp, h) : NULL;
        if (sp->covered[h] && !(own && own->te == h + 1 && weak_only(m, sp, own)))
            continue;
        /* the name goes on: its last head word decides */
        size_t j = h + 1;
        while (j < sent->end && !sp->covered[j] && is_orgword(&doc->toks[j]) && !any_head(&doc->toks[j]))
            j++;
        if (j < sent->end && !sp->covered[j] && is_orgword(&doc->toks[j]) && any_head(&doc->toks[j]))
            continue;
        /* "International Cooperation": an adjective heads nothing before another word */
        if (np_tok_key_is(doc, t, "international") && h + 1 < sent->end && !sp->covered[h + 1] &&
            is_orgword(&doc->toks[h + 1]))
            continue;
        size_t a = extend_left(doc, sp, sent, own ? own->tb : h);
        size_t b = extend_of(doc, sp, sent, h + 1);
        if (own && a == own->tb && b == h + 1)
            continue;
        int org = (t->lex & NP_LEX_ORG_HEAD) && (b > h + 1 || !(t->lex & (NP_LEX_PLACE_HEAD | NP_LEX_BUILDING)));
        if (!head_name_ok(doc, sp, a, b, h, org))
            continue;
        /* gazetteer spans inside (a place in "University of Nairobi") give way */
        for (size_t k = a; k < b; k++) {
            np_span *o = gaz_owner(sp, k);
            if (o)
                o->kind = NP_SPAN_DEMONYM, o->ncands = 0; /* neutralized */
            sp->owner[k] = 0;
        }
        np_span *span = add_name(sp, doc, s, a, b, org ? NP_ORG : NP_PLACE, NP_HOW_PATTERN,
                                 org ? "ends in an organization word" : "ends in a place word");
        trim_dateline(doc, span);
        h = b - 1;
    }
}

/* Is gazetteer span o an organization's name and nothing else? */
static int org_only(const np_model *m, const np_spans *sp, const np_span *o)
{
    int orgs = 0;
    for (uint32_t c = 0; c < o->ncands; c++) {
        const np_gz_cand *cand = &m->gaz->cands[sp->cands[o->cands + c]];
        if (cand->flags & NP_GC_DEMONYM)
            return 0; /* "the Vietnamese hotel" */
        if (m->gaz->entries[cand->entry].type != NP_ORG)
            return 0;
        orgs++;
    }
    return orgs > 0;
}

/* "LDP headquarters": an organization's name before a lowercase building
 * word is that building (a place's is not: "the Nairobi hotel" stays
 * Nairobi). */
static void lowercase_buildings(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    for (size_t h = sent->begin + 2; h < sent->end; h++) {
        const np_token *t = &doc->toks[h];
        if (sp->covered[h] || !(t->flags & NP_TF_LOWER) || !(t->lex & NP_LEX_BUILDING) || !is_word(t))
            continue;
        size_t a = h;
        np_span *o = sp->covered[h - 1] ? gaz_owner(sp, h - 1) : NULL;
        if (o && o->te == h && org_only(m, sp, o))
            a = o->tb;
        if (a == h || a <= sent->begin)
            continue;
        if (o && a == o->tb) {
            o->kind = NP_SPAN_DEMONYM, o->ncands = 0; /* neutralized: the building's name */
            for (size_t k = o->tb; k < o->te; k++)
                sp->owner[k] = 0;
        }
        add_name(sp, doc, s, a, h + 1, NP_PLACE, NP_HOW_PATTERN, "a name before a building word");
    }
}

/* "city of X", "X province", "in X" */
static void place_cues(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    (void)m;
    static const char *before_of[] = {"city", "town", "village", "resort", "province", "region", "island", "port",
                                      "district", "county", "capital", "state", "municipality", "outskirts", NULL};
    static const char *after[] = {"province", "region", "district", "county", "governorate", "oblast", "prefecture",
                                  "state", "valley", "island", "islands", NULL};
    static const char after_why[] = "before 'province', 'region' …";
    const np_sentence *sent = &doc->sents[s];
    for (size_t i = sent->begin; i < sent->end; i++) {
        const np_token *t = &doc->toks[i];
        if (sp->covered[i] || !is_capword(t) || (t->lex & (NP_LEX_MONTH | NP_LEX_WEEKDAY)))
            continue;
        size_t e = name_run(doc, sp, i, sent->end);
        if (e == i || e - i > 3)
            continue;
        /* compound adjectives: "Japanese-Russian relations", "Asian-Pacific region" */
        if (e == i + 1 && (t->flags & NP_TF_HYPHEN))
            continue;
        const char *why = NULL;
        if (i >= sent->begin + 2 && np_tok_key_is(doc, &doc->toks[i - 1], "of")) {
            for (int k = 0; before_of[k]; k++)
                if (np_tok_key_is(doc, &doc->toks[i - 2], before_of[k]) && (doc->toks[i - 2].flags & NP_TF_LOWER))
                    why = "after 'city of', 'resort of' …";
        }
        if (!why && e < sent->end && (doc->toks[e].flags & NP_TF_LOWER)) {
            for (int k = 0; after[k]; k++)
                if (np_tok_key_is(doc, &doc->toks[e], after[k]))
                    why = after_why;
        }
        if (!why && e == i + 1 && i > sent->begin &&
            (np_tok_key_is(doc, &doc->toks[i - 1], "in") || np_tok_key_is(doc, &doc->toks[i - 1], "near")) &&
            !(t->lex & (NP_LEX_COMMON | NP_LEX_GIVEN | NP_LEX_SURNAME | NP_LEX_FUNCTION | NP_LEX_TITLE)) &&
            !(t->flags & (NP_TF_ALLCAP | NP_TF_DIGIT | NP_TF_PERIOD)) && t->key_len >= 4)
            why = "an unknown word after 'in'";
        if (!why)
            continue;
        int proper = 0;
        for (size_t k = i; k < e; k++)
            proper |= !plain_word(&doc->toks[k]);
        /* "the Sham region": a capitalized ordinary word inside a sentence
         * names the region with its head word */
        if (!proper && i > sent->begin && !strcmp(why, after_why) && !(t->lex & NP_LEX_FUNCTION) &&
            !(doc->toks[i - 1].flags & NP_TF_QUOTE)) {
            add_name(sp, doc, s, i, e + 1, NP_PLACE, NP_HOW_PATTERN, why);
            i = e;
            continue;
        }
        if (!proper)
            continue;
        add_name(sp, doc, s, i, e, NP_PLACE, NP_HOW_PATTERN, why);
        i = e - 1;
    }
}

/* A number of one or two digits ("2", "10"). */
static int small_number(const np_doc *doc, size_t j, size_t end)
{
    return j < end && doc->toks[j].kind == NP_TOK_NUMBER && doc->toks[j].end - doc->toks[j].start <= 2;
}

/* How many tokens a score at j takes ("2-1", "3 – 0"), or 0. */
static size_t score_at(const np_doc *doc, size_t j, size_t end)
{
    if (j >= end || doc->toks[j].kind != NP_TOK_NUMBER)
        return 0;
    const np_token *t = &doc->toks[j];
    const char *x = doc->text + t->start;
    size_t n = t->end - t->start;
    if ((t->flags & NP_TF_HYPHEN) && n >= 3 && n <= 5) {
        const char *d = memchr(x, '-', n);
        size_t l = d ? (size_t)(d - x) : 0, r = d ? n - l - 1 : 0;
        return l >= 1 && l <= 2 && r >= 1 && r <= 2 ? 1 : 0;
    }
    if (small_number(doc, j, end) && j + 2 < end && doc->toks[j + 1].kind == NP_TOK_PUNCT &&
        (tok_is(doc, &doc->toks[j + 1], "-") || tok_is(doc, &doc->toks[j + 1], "\xe2\x80\x93")) &&
        small_number(doc, j + 2, end))
        return 3;
    return 0;
}

/* A verb of a match result between two teams. */
static int result_verb(const np_doc *doc, const np_token *t)
{
    static const char *verbs[] = {"beat", "beats", "defeated", "defeats", "edged", "thrashed", "drew", "draws",
                                  "stunned", "routed", "overcame", "eliminated", "hammered", "crushed", "downed", NULL};
    for (int k = 0; verbs[k]; k++)
        if (np_tok_key_is(doc, t, verbs[k]) && (t->flags & NP_TF_LOWER))
            return 1;
    return 0;
}

/* Makes the tokens [a, b) an organization (a sports club), in place of
 * the gazetteer spans there. */
static void make_team(np_spans *sp, np_doc *doc, uint32_t s, size_t a, size_t b, const char *why)
{
    for (size_t k = a; k < b; k++) {
        np_span *o = gaz_owner(sp, k);
        if (o)
            o->kind = NP_SPAN_DEMONYM, o->ncands = 0; /* neutralized */
        sp->owner[k] = 0;
    }
    add_name(sp, doc, s, a, b, NP_ORG, NP_HOW_PATTERN, why);
}

/* The gazetteer place span that starts at token k, or NULL. */
static np_span *place_at(const np_model *m, np_spans *sp, size_t k)
{
    np_span *o = gaz_owner(sp, k);
    if (!o || o->tb != k || o->part)
        return NULL;
    for (uint32_t c = 0; c < o->ncands; c++)
        if (m->gaz->entries[m->gaz->cands[sp->cands[o->cands + c]].entry].type == NP_PLACE)
            return o;
    return NULL;
}

/* Is the place span [k, b) a team by its neighbours: a score ("Leicester
 * 2-1 Everton"), a result verb in a sentence with a score ("Spain beat
 * Italy 2-1"), or a row of figures in a table ("Leicester 10 7 2 1")? */
static int team_context(const np_doc *doc, const np_sentence *sent, size_t k, size_t b, int scored)
{
    size_t end = sent->end, n = score_at(doc, b, end);
    if (n && b + n < end && (doc->toks[b + n].flags & NP_TF_CAP))
        return 1;
    if (k > sent->begin + 1 && score_at(doc, k - 1, end) == 1 && (doc->toks[k - 2].flags & NP_TF_CAP))
        return 1;
    if (k > sent->begin + 3 && score_at(doc, k - 3, end) == 3 && (doc->toks[k - 4].flags & NP_TF_CAP))
        return 1;
    if (scored && ((b < end && result_verb(doc, &doc->toks[b])) || (k > sent->begin && result_verb(doc, &doc->toks[k - 1]))))
        return 1;
    return small_number(doc, b, end) && small_number(doc, b + 1, end) && small_number(doc, b + 2, end) &&
           !(doc->toks[b].flags & NP_TF_NL);
}

/* Sports clubs named by a place: "Real Madrid", "FC Porto", "Bayern
 * Munich" (the prefix may be a place too), or a place as a team (see
 * team_context). A team is an organization, not a mention of its place. */
static void sports_teams(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp, int numbers)
{
    const np_sentence *sent = &doc->sents[s];
    size_t end = sent->end;
    int scored = 0;
    for (size_t j = sent->begin; numbers && j < end && !scored; j++)
        scored = score_at(doc, j, end) > 0;
    for (size_t k = sent->begin; k < end; k++) {
        const np_token *t = &doc->toks[k];
        if (is_word(t) && (t->lex & NP_LEX_TEAM_PREFIX) && (t->flags & NP_TF_CAP) && k + 1 < end &&
            !(doc->toks[k + 1].flags & NP_TF_NL)) {
            np_span *p = place_at(m, sp, k + 1), *self = sp->covered[k] ? place_at(m, sp, k) : NULL;
            if (p && (!sp->covered[k] || (self && self->te == k + 1))) {
                make_team(sp, doc, s, k, p->te, "a sports club's name");
                k = p->te - 1;
                continue;
            }
        }
        np_span *p = place_at(m, sp, k);
        if (!p)
            continue;
        size_t b = p->te;
        if (team_context(doc, sent, k, b, scored))
            make_team(sp, doc, s, k, b, "a team in a score line or table");
        k = b - 1;
    }
}

/* Is the gazetteer span at token k a country or a first-level subdivision
 * ("Cuba", "Ohio"), the second half of "town, country"? */
static int region_at(const np_model *m, np_spans *sp, size_t k)
{
    np_span *o = place_at(m, sp, k);
    for (uint32_t c = 0; o && c < o->ncands; c++) {
        const np_gz_entry *e = &m->gaz->entries[m->gaz->cands[sp->cands[o->cands + c]].entry];
        const char *st = e->subtype ? np_pool_str(&m->lex.pool, e->subtype) : "";
        if (!strcmp(st, "country") || !strcmp(st, "subdivision") || !strcmp(st, "territory"))
            return 1;
    }
    return 0;
}

/* How many vowels token t has (ASCII letters): a dateline's town has
 * some, an acronym few ("LAHDC"). */
static size_t vowels(const np_doc *doc, const np_token *t)
{
    size_t n = 0;
    for (uint32_t k = t->start; k < t->end; k++)
        n += strchr("AEIOUYaeiouy", doc->text[k]) != NULL && doc->text[k] != '\0';
    return n;
}

/* A word no dictionary, name list or gazetteer knows ("Honguín",
 * "ENTEBBE"), as the name of a small town is. */
static int unknown_name_word(const np_token *t)
{
    return is_word(t) && !(t->flags & (NP_TF_DIGIT | NP_TF_PERIOD | NP_TF_POSS)) && t->key_len >= 4 &&
           !(t->lex & (NP_LEX_COMMON | NP_LEX_FUNCTION | NP_LEX_GIVEN | NP_LEX_SURNAME | NP_LEX_TITLE | NP_LEX_NAME_STOP |
                       NP_LEX_HONORIFIC | NP_LEX_ORG_HEAD | NP_LEX_PLACE_HEAD | NP_LEX_MONTH | NP_LEX_WEEKDAY));
}

/* Towns no gazetteer lists, known by where they stand: a dateline in
 * capitals at the start of a line before a dash or ", Country"
 * ("ENTEBBE –", "GOMBE, Nigeria"), and an unknown word before ", Country"
 * after "of", "in", "from", "at" ("the bishop of Honguín, Cuba"). */
static void town_cues(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    size_t end = sent->end;
    for (size_t i = sent->begin; i + 1 < end; i++) {
        const np_token *t = &doc->toks[i];
        if (sp->covered[i] || !unknown_name_word(t) || !(t->flags & NP_TF_CAP))
            continue;
        const np_token *n = &doc->toks[i + 1];
        np_span *r = tok_is(doc, n, ",") && i + 2 < end && region_at(m, sp, i + 2) ? gaz_owner(sp, i + 2) : NULL;
        /* not "Hamasco, Kenya's largest firm" */
        int comma_region = r && !(r->te < end && (doc->toks[r->te].flags & NP_TF_POSS));
        const char *why = NULL;
        if ((t->flags & NP_TF_ALLCAP) && (i == 0 || (t->flags & NP_TF_NL)) && vowels(doc, t) >= 2 &&
            (comma_region || tok_is(doc, n, "-") || tok_is(doc, n, "--") || tok_is(doc, n, "\xe2\x80\x93") ||
             tok_is(doc, n, "\xe2\x80\x94")))
            why = "a dateline";
        else if (comma_region && !(t->flags & NP_TF_ALLCAP) && i > sent->begin) {
            const np_token *p = &doc->toks[i - 1];
            if (np_tok_key_is(doc, p, "of") || np_tok_key_is(doc, p, "in") || np_tok_key_is(doc, p, "from") ||
                np_tok_key_is(doc, p, "at") || np_tok_key_is(doc, p, "near"))
                why = "a town before ', country'";
        }
        if (why)
            add_name(sp, doc, s, i, i + 1, NP_PLACE, NP_HOW_PATTERN, why);
    }
}

/* People from their given name, a byline, a following appositive title or
 * a reporting verb. */
/* Initials before one or two family-name words ("R K Sharma", "P.
 * Venkataraman", "M. S. Dhoni"): one initial with its period, or two or
 * more bare capitals; the last word is no dictionary, title or head word. */
static int initials_name(const np_doc *doc, size_t a, size_t e)
{
    size_t k = a, dotted = 0, bare = 0;
    for (; k < e; k++) {
        const np_token *t = &doc->toks[k];
        if (is_initial(doc, t))
            dotted++;
        else if (is_word(t) && t->end - t->start == 1 && (t->flags & NP_TF_CAP) && !(t->lex & NP_LEX_FUNCTION))
            bare++;
        else
            break;
    }
    if ((!dotted && bare < 2) || k == e || e - k > 2)
        return 0;
    const np_token *last = &doc->toks[e - 1];
    return last->end - last->start >= 3 && !(last->flags & NP_TF_ALLCAP) &&
           !(last->lex & (NP_LEX_COMMON | NP_LEX_TITLE | NP_LEX_ORG_HEAD | NP_LEX_PLACE_HEAD | NP_LEX_BUILDING |
                          NP_LEX_MONTH | NP_LEX_WEEKDAY | NP_LEX_FUNCTION));
}

static void person_cues(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    for (size_t i = sent->begin; i < sent->end; i++) {
        const np_token *t = &doc->toks[i];
        if (sp->covered[i] || !is_capword(t))
            continue;
        size_t a = i;
        size_t e = name_run(doc, sp, a, sent->end);
        if (e == a)
            continue;
        /* a capitalized first word of a sentence is no name by itself */
        while (a < e && a == sent->begin && plain_word(&doc->toks[a]) && !(doc->toks[a].lex & NP_LEX_GIVEN) &&
               !is_honorific(&doc->toks[a]) && !initials_name(doc, a, e))
            a++;
        if (e - a < 2) {
            i = e - 1;
            continue;
        }
        const char *why = NULL;
        int how = NP_HOW_TITLE, strong = 0;
        /* "Mr. Bratislav Stoiljkovic", "H.E. Omar Khalfan": a form of
         * address says a person follows */
        size_t h = skip_honorifics(doc, a, e);
        if (h > a && h < e && is_capword(&doc->toks[h]) && !is_honorific(&doc->toks[h])) {
            if (person_like(doc, h, e, 1))
                add_name(sp, doc, s, h, e, NP_PERSON, how, "after a form of address");
            i = e - 1;
            continue;
        }
        const np_token *first = &doc->toks[a];
        size_t second = a + 1; /* the next word other than a particle */
        while (second + 1 < e && is_particle(&doc->toks[second]))
            second++;
        if (i == sent->begin + 1 && np_tok_key_is(doc, &doc->toks[sent->begin], "by") && e - a <= 4) {
            why = "a byline";
            strong = 1;
        } else if ((first->lex & (NP_LEX_GIVEN | NP_LEX_PLACE_GIVEN)) &&
                   (!(first->lex & NP_LEX_COMMON) || !plain_word(&doc->toks[second])) &&
                   cue_length_ok(doc, a, e)) {
            why = "starts with a given name";
            how = NP_HOW_GIVEN_CUE;
        } else if (initials_name(doc, a, e)) {
            why = "initials before a family name";
            strong = 1;
        } else if (appositive_title(m, doc, sp, e, sent->end)) {
            why = "before an appositive title";
            strong = 1;
        } else if (e < sent->end && (doc->toks[e].lex & NP_LEX_REPORT_VERB) && (doc->toks[e].flags & NP_TF_LOWER))
            why = "subject of a reporting verb";
        if (why && person_like(doc, a, e, strong))
            add_name(sp, doc, s, a, e, NP_PERSON, how, why);
        i = e - 1;
    }
}

/* Are tokens a and b written together, with nothing between them? */
static int touching(const np_doc *doc, size_t a, size_t b)
{
    return doc->toks[a].end == doc->toks[b].start;
}

/* The end of the run of capitalized words that starts at j (at most
 * MAX_NAME_TOKENS, on one line; name-stops end it). */
static size_t capital_run(const np_doc *doc, size_t j, size_t end)
{
    size_t e = j;
    while (e < end && e - j < MAX_NAME_TOKENS && is_word(&doc->toks[e]) &&
           (doc->toks[e].flags & (NP_TF_CAP | NP_TF_ALLCAP)) && !(doc->toks[e].lex & NP_LEX_NAME_STOP) &&
           (e == j || !(doc->toks[e].flags & NP_TF_NL)))
        e++;
    return e;
}

/* Does no kept span cover a token of [a, b)? */
static int all_free(const np_spans *sp, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (sp->covered[k])
            return 0;
    return 1;
}

/* Takes the tokens [a, b) out of the gazetteer spans that lie inside
 * them: a longer name holds them ("PT Maju Sentosa" is not Sentosa). */
static void release_inside(np_spans *sp, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        np_span *o = sp->covered[k] ? gaz_owner(sp, k) : NULL;
        if (!o || o->tb < a || o->te > b)
            continue;
        o->kind = NP_SPAN_DEMONYM, o->ncands = 0; /* neutralized: part of the longer name */
        for (size_t q = o->tb; q < o->te; q++) {
            sp->owner[q] = 0;
            sp->covered[q] = 0;
        }
    }
}

/* An outlet's web address written in the text ("example-times.com",
 * "news.example.co.uk"): labels joined by dots, ending in a web suffix
 * (rules/lexicon/web-suffixes.yaml), not part of a longer address. */
static int org_candidate(const np_model *m, const np_spans *sp, const np_span *o)
{
    for (uint32_t c = 0; c < o->ncands; c++)
        if (m->gaz->entries[m->gaz->cands[sp->cands[o->cands + c]].entry].type == NP_ORG)
            return 1;
    return 0;
}

static void web_addresses(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    size_t end = sent->end;
    for (size_t i = sent->begin + 1; i + 1 < end; i++) {
        const np_token *dot = &doc->toks[i], *suf = &doc->toks[i + 1];
        if (dot->kind != NP_TOK_PUNCT || doc->text[dot->start] != '.' || dot->end != dot->start + 1 ||
            !(suf->lex & NP_LEX_WEB_SUFFIX) || !(suf->flags & NP_TF_LOWER) || !touching(doc, i - 1, i) ||
            !touching(doc, i, i + 1) || doc->toks[i - 1].kind != NP_TOK_WORD)
            continue;
        size_t a = i - 1, e = i + 2;
        while (a >= sent->begin + 2 && doc->toks[a - 1].kind == NP_TOK_PUNCT && doc->text[doc->toks[a - 1].start] == '.' &&
               touching(doc, a - 1, a) && touching(doc, a - 2, a - 1) &&
               (doc->toks[a - 2].kind == NP_TOK_WORD || doc->toks[a - 2].kind == NP_TOK_NUMBER))
            a -= 2;
        for (;;) { /* ".co.uk": "co." may hold its dot */
            if (e < end && (doc->toks[e - 1].flags & NP_TF_PERIOD) && touching(doc, e - 1, e) &&
                (doc->toks[e].lex & NP_LEX_WEB_SUFFIX))
                e++;
            else if (e + 1 < end && doc->text[doc->toks[e].start] == '.' && touching(doc, e - 1, e) &&
                     touching(doc, e, e + 1) && (doc->toks[e + 1].lex & NP_LEX_WEB_SUFFIX))
                e += 2;
            else
                break;
        }
        /* an e-mail, a path or a longer word ("me@x.com", "x.com/news") */
        int joined_before = a > sent->begin && touching(doc, a - 1, a) && doc->toks[a - 1].kind != NP_TOK_PUNCT;
        int joined_after = e < end && touching(doc, e - 1, e) && !(doc->toks[e].flags & NP_TF_POSS) &&
                           doc->toks[e].kind != NP_TOK_PUNCT;
        int slash = e < end && touching(doc, e - 1, e) && doc->text[doc->toks[e].start] == '/';
        int at = a > sent->begin && touching(doc, a - 1, a) && doc->text[doc->toks[a - 1].start] == '@';
        if (joined_before || joined_after || slash || at) {
            i = e - 1;
            continue;
        }
        /* a listed outlet's name inside keeps the outlet ("reuters.com") */
        int listed = 0;
        for (size_t k = a; k < e && !listed; k++) {
            np_span *o = sp->covered[k] ? gaz_owner(sp, k) : NULL;
            listed = o && org_candidate(m, sp, o);
        }
        if (listed) {
            i = e - 1;
            continue;
        }
        release_inside(sp, a, e);
        if (all_free(sp, a, e)) {
            np_span *o = add_name(sp, doc, s, a, e, NP_ORG, NP_HOW_PATTERN, "a web address");
            if (doc->toks[e - 1].flags & NP_TF_PERIOD) { /* "example.com." ends the sentence */
                o->end--;
                o->cend--;
            }
        }
        i = e - 1;
    }
}

/* A company's legal form before its name ("PT. Maju Sentosa", "PJSC
 * Zorvan Oil"; rules/lexicon/company-forms.yaml): the form and the
 * capitalized words after it are one organization. */
static void company_forms(np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    size_t end = sent->end;
    for (size_t k = sent->begin; k + 1 < end; k++) {
        const np_token *t = &doc->toks[k];
        if (!(t->lex & NP_LEX_COMPANY_FORM) || !(t->flags & NP_TF_ALLCAP) || t->kind != NP_TOK_WORD)
            continue; /* "PT" or "PT." */
        size_t j = k + 1;
        if (j < end && tok_is(doc, &doc->toks[j], ".") && touching(doc, k, j))
            j++;
        size_t e = capital_run(doc, j, end);
        if (e == j)
            continue;
        if (sp->covered[k]) {
            /* the form is also a listed name ("PT", Brazil's Workers'
             * Party): the company when written with its dot, or before two
             * or more words none of which is a title ("PT Senator X") */
            np_span *o = gaz_owner(sp, k);
            int titled = 0;
            for (size_t q = j; q < e; q++)
                titled |= (doc->toks[q].lex & NP_LEX_TITLE) != 0;
            if (!o || o->te != k + 1 || (!(t->flags & NP_TF_PERIOD) && (e - j < 2 || titled)))
                continue;
            release_inside(sp, k, k + 1);
        }
        release_inside(sp, j, e);
        if (all_free(sp, j, e))
            add_name(sp, doc, s, k, e, NP_ORG, NP_HOW_PATTERN, "a company's legal form before its name");
        k = e - 1;
    }
}

/* The outlets a credit line names ("Image Credit: Zorvan Daily", "Photo:
 * KNA/Zorvan Times", "Courtesy of Zorvan TV"; the words are
 * rules/lexicon/credit-words.yaml): each capitalized run after the colon
 * (or "of"), between slashes, that no gazetteer name covers and that does
 * not start with a given name (a photographer). */
static void credit_lines(np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    size_t end = sent->end;
    for (size_t k = sent->begin; k + 1 < end; k++) {
        const np_token *t = &doc->toks[k];
        if (!(t->lex & NP_LEX_CREDIT) || !(t->flags & (NP_TF_CAP | NP_TF_ALLCAP)) || !is_word(t))
            continue;
        size_t j = k + 1;
        while (j < end && is_word(&doc->toks[j]) && (doc->toks[j].lex & NP_LEX_CREDIT))
            j++; /* "Image Credit", "Photo courtesy" */
        if (j < end && (tok_is(doc, &doc->toks[j], ":") || np_tok_key_is(doc, &doc->toks[j], "of")))
            j++;
        else if (!np_tok_key_is(doc, &doc->toks[j - 1], "courtesy"))
            continue;
        while (j < end) {
            size_t e = capital_run(doc, j, end);
            if (e == j)
                break;
            if (!(doc->toks[j].lex & NP_LEX_GIVEN) && all_free(sp, j, e))
                add_name(sp, doc, s, j, e, NP_ORG, NP_HOW_PATTERN, "an outlet in a credit line");
            if (e + 1 >= end || !tok_is(doc, &doc->toks[e], "/"))
                break;
            j = e + 1;
        }
        k = j;
    }
}

static int is_dash(const np_doc *doc, const np_token *t)
{
    return tok_is(doc, t, "-") || tok_is(doc, t, "--") || tok_is(doc, t, "\xe2\x80\x93") || tok_is(doc, t, "\xe2\x80\x94");
}

/* The outlet a dateline credits in parentheses before its colon or dash
 * ("Beijing, 6 November 2023 (TDI):", "KAMPALA (Zorvan News) -"): one to
 * four capitalized words, in the first ten tokens of a line. */
static void dateline_outlet(np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    if (!(doc->toks[sent->begin].flags & NP_TF_NL) && sent->begin > 0)
        return;
    size_t lim = sent->begin + 10 < sent->end ? sent->begin + 10 : sent->end;
    for (size_t k = sent->begin + 1; k + 3 < sent->end && k < lim; k++) {
        if (!tok_is(doc, &doc->toks[k], "("))
            continue;
        /* after the dateline's place or date: "KAMPALA (", "2023 (" */
        const np_token *p = &doc->toks[k - 1];
        if (!sp->covered[k - 1] && p->kind != NP_TOK_NUMBER && !(p->flags & NP_TF_ALLCAP) && !(p->lex & NP_LEX_MONTH))
            return;
        size_t e = k + 1;
        while (e < sent->end && e - k <= 4 && is_word(&doc->toks[e]) && (doc->toks[e].flags & (NP_TF_CAP | NP_TF_ALLCAP)))
            e++;
        if (e == k + 1 || e + 1 >= sent->end || !tok_is(doc, &doc->toks[e], ")"))
            return;
        const np_token *after = &doc->toks[e + 1];
        if (!tok_is(doc, after, ":") && !is_dash(doc, after))
            return;
        if (all_free(sp, k + 1, e))
            add_name(sp, doc, s, k + 1, e, NP_ORG, NP_HOW_PATTERN, "an outlet in a dateline");
        return;
    }
}

void np_find_names(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    /* what the sentence holds, so that passes with nothing to find skip it */
    uint32_t lex = 0;
    int numbers = 0;
    for (size_t k = sent->begin; k < sent->end; k++) {
        lex |= doc->toks[k].lex;
        numbers |= doc->toks[k].kind == NP_TOK_NUMBER;
    }
    if (lex & NP_LEX_WEB_SUFFIX)
        web_addresses(m, doc, s, sp);
    if (lex & NP_LEX_COMPANY_FORM)
        company_forms(doc, s, sp);
    if (lex & NP_LEX_CREDIT)
        credit_lines(doc, s, sp);
    dateline_outlet(doc, s, sp);
    sports_teams(m, doc, s, sp, numbers);
    town_cues(m, doc, s, sp);
    if (title_case(doc, sent))
        return;
    if (lex & (NP_LEX_ORG_HEAD | NP_LEX_PLACE_HEAD | NP_LEX_BUILDING))
        head_patterns(m, doc, s, sp);
    if (lex & NP_LEX_BUILDING)
        lowercase_buildings(m, doc, s, sp);
    if (lex & (NP_LEX_TITLE | NP_LEX_PERSON_CUE))
        after_titles(m, doc, s, sp);
    place_cues(m, doc, s, sp);
    person_cues(m, doc, s, sp);
}

/*
 * prefetch.c - JSON documents read ahead by a background thread (see
 * prefetch.h). A bounded ring of parsed documents sits between the thread
 * (unzip + json_loadb) and the caller (convert + store): on two cores an
 * import of an ecoinvent-sized JSON-LD archive parses and stores at the
 * same time. The thread only touches the archive and its own documents;
 * an error it meets travels in the ring as a code and a message, and is
 * set in the caller's thread when the caller reaches it.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "formats/prefetch.h"

#define RING 64

typedef struct slot {
    json_t *doc;
    size_t k;
    int rc;            /* < 0: the reading failed here */
    char message[512]; /* its error message */
} slot;

struct mb_prefetch {
    mb_archive *a;
    const char *const *names;
    size_t n, next; /* next member to read */
    int threaded;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    slot ring[RING];
    size_t head, count; /* documents waiting, from ring[head] */
    int finished;       /* the thread has read its last member */
    int stop;           /* the caller wants no more */
};

/* Read and parse member k into s. */
static void read_one(mb_prefetch *p, size_t k, slot *s)
{
    const char *name = p->names[k];
    json_error_t jerr;
    void *buf = NULL;
    size_t len = 0;

    s->doc = NULL;
    s->k = k;
    s->rc = mb_archive_read(p->a, name, &buf, &len);
    if (s->rc < 0) {
        snprintf(s->message, sizeof s->message, "%s",
                 mb_error_last()->message);
        return;
    }
    s->doc = json_loadb(buf, len, JSON_ALLOW_NUL, &jerr);
    mb_free(buf);
    if (!s->doc) {
        s->rc = MB_EFORMAT;
        snprintf(s->message, sizeof s->message,
                 "%s/%s: line %d, column %d: %s", p->a->label, name,
                 jerr.line, jerr.column, jerr.text);
    }
}

static void *produce(void *arg)
{
    mb_prefetch *p = arg;
    size_t k;

    for (k = 0; k < p->n; k++) {
        slot s;

        read_one(p, k, &s);
        pthread_mutex_lock(&p->mu);
        while (p->count == RING && !p->stop)
            pthread_cond_wait(&p->changed, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            json_decref(s.doc);
            break;
        }
        p->ring[(p->head + p->count) % RING] = s;
        p->count++;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->mu);
        if (s.rc < 0)
            break;
    }
    pthread_mutex_lock(&p->mu);
    p->finished = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int mb_prefetch_start(mb_prefetch **out, mb_archive *a,
                      const char *const *names, size_t n, int threaded)
{
    mb_prefetch *p = mb_calloc(1, sizeof *p);

    *out = NULL;
    if (!p)
        return MB_ENOMEM;
    p->a = a;
    p->names = names;
    p->n = n;
    p->threaded = threaded && n > 0;
    if (p->threaded) {
        pthread_mutex_init(&p->mu, NULL);
        pthread_cond_init(&p->changed, NULL);
        if (pthread_create(&p->thread, NULL, produce, p) != 0) {
            pthread_mutex_destroy(&p->mu);
            pthread_cond_destroy(&p->changed);
            p->threaded = 0; /* read in this thread instead */
        }
    }
    *out = p;
    return 0;
}

/* Hand a slot over: its document, or its error set in this thread. */
static int deliver(slot *s, json_t **doc, size_t *k)
{
    if (s->rc < 0)
        return mb_error_set(s->rc, "%s", s->message);
    *doc = s->doc;
    *k = s->k;
    return 1;
}

int mb_prefetch_next(mb_prefetch *p, json_t **doc, size_t *k)
{
    slot s;

    *doc = NULL;
    if (!p->threaded) {
        if (p->next >= p->n)
            return 0;
        read_one(p, p->next++, &s);
        if (s.rc < 0)
            p->next = p->n;
        return deliver(&s, doc, k);
    }
    pthread_mutex_lock(&p->mu);
    while (p->count == 0 && !p->finished)
        pthread_cond_wait(&p->changed, &p->mu);
    if (p->count == 0) {
        pthread_mutex_unlock(&p->mu);
        return 0;
    }
    s = p->ring[p->head];
    p->head = (p->head + 1) % RING;
    p->count--;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->mu);
    return deliver(&s, doc, k);
}

void mb_prefetch_stop(mb_prefetch *p)
{
    if (!p)
        return;
    if (p->threaded) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
        while (p->count > 0) {
            json_decref(p->ring[p->head].doc);
            p->head = (p->head + 1) % RING;
            p->count--;
        }
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->changed);
    }
    mb_free(p);
}

/*
 * progress.c - a one-line progress bar on stderr for long commands (an
 * import of 25,000 files takes a while): drawn only when stderr is a
 * terminal, at most ten times a second, and erased when done, so logs and
 * pipes never see it.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define BAR_WIDTH 30

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void progress_start(progress_bar *b, const char *what)
{
    b->what = what;
    b->unit = "files";
    b->enabled = isatty(STDERR_FILENO);
    b->started = now();
    b->drawn = 0;
    b->visible = 0;
}

void progress_update(progress_bar *b, size_t done, size_t total)
{
    char bar[BAR_WIDTH + 1];
    double t, elapsed, eta;
    size_t k, filled;

    if (!b->enabled || total == 0)
        return;
    t = now();
    if (t - b->drawn < 0.1 && done < total)
        return;
    b->drawn = t;
    filled = done >= total ? BAR_WIDTH : done * BAR_WIDTH / total;
    for (k = 0; k < BAR_WIDTH; k++)
        bar[k] = k < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    elapsed = t - b->started;
    eta = done > 0 ? elapsed * (double)(total - done) / (double)done : 0;
    fprintf(stderr, "\r%s [%s] %zu/%zu %s, %.0f s, about %.0f s left ",
            b->what, bar, done, total, b->unit, elapsed, eta);
    fflush(stderr);
    b->visible = 1;
}

void progress_end(progress_bar *b)
{
    if (b->visible)
        fputs("\r\033[K", stderr);
    b->visible = 0;
}

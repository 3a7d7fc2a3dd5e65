/*
 * mc_mpi.c - the MPI side of `metabol mc` (mc_mpi.h). Built with MPI only when the
 * Makefile finds Open MPI (METABOL_MPI); MPI is initialized only when the
 * process was started by a launcher (mpirun sets OMPI_COMM_WORLD_SIZE,
 * Hydra/PMI sets PMI_SIZE, PMIx PMIX_RANK), so a plain `metabol mc` never
 * pays for it.
 */
#include <stdlib.h>

#include "mc_mpi.h"

#ifdef METABOL_MPI
#include <mpi.h>
#endif

int64_t cli_mpi_share_first(int64_t n, int size, int rank)
{
    return n / size * rank + (rank < n % size ? rank : n % size);
}

int64_t cli_mpi_share_count(int64_t n, int size, int rank)
{
    return n / size + (rank < n % size ? 1 : 0);
}

#ifdef METABOL_MPI
static int launched_by_mpirun(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") ||
           getenv("PMIX_RANK");
}

void cli_mpi_start(cli_mpi *m)
{
    int inited = 0;

    m->rank = 0;
    m->size = 1;
    m->active = 0;
    if (!launched_by_mpirun())
        return;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init(NULL, NULL) != MPI_SUCCESS)
        return;
    m->active = !inited;
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
}

static int64_t reduce(const cli_mpi *m, int64_t v, MPI_Op op)
{
    long long in = v, out = v;

    if (m->size > 1)
        MPI_Allreduce(&in, &out, 1, MPI_LONG_LONG, op, MPI_COMM_WORLD);
    return out;
}

int64_t cli_mpi_max(const cli_mpi *m, int64_t v)
{
    return reduce(m, v, MPI_MAX);
}

int64_t cli_mpi_min(const cli_mpi *m, int64_t v)
{
    return reduce(m, v, MPI_MIN);
}

int64_t cli_mpi_sum(const cli_mpi *m, int64_t v)
{
    return reduce(m, v, MPI_SUM);
}

int cli_mpi_gather(const cli_mpi *m, const double *mine, int64_t n,
                   int64_t width, double *all)
{
    int *counts = NULL, *displs = NULL, r, rc;
    int64_t count = cli_mpi_share_count(n, m->size, m->rank) * width;

    if (m->size == 1)
        return 0; /* rank 0 computed into `all` directly */
    if (n * width > 0x7fffffff)
        return -1; /* MPI counts are int */
    if (m->rank == 0) {
        counts = malloc((size_t)m->size * sizeof *counts);
        displs = malloc((size_t)m->size * sizeof *displs);
        if (!counts || !displs) {
            free(counts);
            free(displs);
            return -1;
        }
        for (r = 0; r < m->size; r++) {
            counts[r] = (int)(cli_mpi_share_count(n, m->size, r) * width);
            displs[r] = (int)(cli_mpi_share_first(n, m->size, r) * width);
        }
    }
    rc = MPI_Gatherv(mine, (int)count, MPI_DOUBLE, all, counts, displs,
                     MPI_DOUBLE, 0, MPI_COMM_WORLD);
    free(counts);
    free(displs);
    return rc == MPI_SUCCESS ? 0 : -1;
}

void cli_mpi_finish(cli_mpi *m)
{
    if (m->active)
        MPI_Finalize();
    m->active = 0;
}
#else
void cli_mpi_start(cli_mpi *m)
{
    m->rank = 0;
    m->size = 1;
    m->active = 0;
}

int64_t cli_mpi_max(const cli_mpi *m, int64_t v)
{
    (void)m;
    return v;
}

int64_t cli_mpi_min(const cli_mpi *m, int64_t v)
{
    (void)m;
    return v;
}

int64_t cli_mpi_sum(const cli_mpi *m, int64_t v)
{
    (void)m;
    return v;
}

int cli_mpi_gather(const cli_mpi *m, const double *mine, int64_t n,
                   int64_t width, double *all)
{
    (void)m;
    (void)mine;
    (void)n;
    (void)width;
    (void)all;
    return 0;
}

void cli_mpi_finish(cli_mpi *m)
{
    (void)m;
}
#endif

/*
 * mc_mpi.h - MPI for `metabol mc`: when metabol is built with Open MPI
 * (METABOL_MPI, when mpicc is present) and started by mpirun, each rank
 * computes a contiguous share of the iterations and rank 0 gathers them in
 * iteration order; otherwise one rank of one.
 */
#ifndef METABOL_CLI_MC_MPI_H
#define METABOL_CLI_MC_MPI_H

#include <stdint.h>

typedef struct cli_mpi {
    int rank, size;
    int active; /* MPI was initialized here */
} cli_mpi;

/* Join the MPI job when started by mpirun, else rank 0 of 1. */
void cli_mpi_start(cli_mpi *m);

/* The worst (largest) of every rank's value. */
int64_t cli_mpi_max(const cli_mpi *m, int64_t v);
/* The smallest of every rank's value. */
int64_t cli_mpi_min(const cli_mpi *m, int64_t v);
/* The sum over ranks. */
int64_t cli_mpi_sum(const cli_mpi *m, int64_t v);

/*
 * Rank r holds iterations share_first(r) .. + share_count(r) - 1 of n, each
 * `width` doubles; rank 0 gets every rank's rows in order into `all`
 * (n x width). 0, or -1 when MPI failed.
 */
int cli_mpi_gather(const cli_mpi *m, const double *mine, int64_t n,
                   int64_t width, double *all);

/* The share of rank r of n iterations. */
int64_t cli_mpi_share_first(int64_t n, int size, int rank);
int64_t cli_mpi_share_count(int64_t n, int size, int rank);

void cli_mpi_finish(cli_mpi *m);

#endif

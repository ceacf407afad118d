/*
 * Fork-join parallelism for the prover's hot loops (FFT stages, MSM windows,
 * witness sweeps). Each call starts its workers and joins them before it
 * returns: the calls are coarse (milliseconds of work each), so a pool that
 * outlives them would buy nothing and would need state owned by someone.
 */
#ifndef ZKS_SNARK_PARALLEL_H
#define ZKS_SNARK_PARALLEL_H

#include <stddef.h>

/* threads: 0 means every online core; the result is at least 1. */
unsigned par_threads(unsigned requested);

/*
 * Splits [0, n) into at most `threads` contiguous ranges of nearly equal size
 * and calls fn(ctx, begin, end, worker) for each, worker in 0..threads-1, the
 * caller's thread doing range 0. Ranges are never empty.
 */
typedef void (*par_range_fn)(void *ctx, size_t begin, size_t end, unsigned worker);
void par_for(size_t n, unsigned threads, par_range_fn fn, void *ctx);

/*
 * Runs fn(ctx, task, worker) for every task in [0, n_tasks), handed out one
 * at a time to `threads` workers: for tasks of uneven cost (MSM windows).
 */
typedef void (*par_task_fn)(void *ctx, size_t task, unsigned worker);
void par_tasks(size_t n_tasks, unsigned threads, par_task_fn fn, void *ctx);

#endif

#include "snark/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <unistd.h>

/* Beyond this a request is a typo, not a machine. */
#define PAR_MAX_THREADS 256

unsigned par_threads(unsigned requested)
{
    if (requested == 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        requested = online > 0 ? (unsigned)online : 1;
    }
    return requested > PAR_MAX_THREADS ? PAR_MAX_THREADS : requested;
}

typedef struct {
    par_range_fn fn;
    void *ctx;
    size_t begin, end;
    unsigned worker;
} par_range_job;

static void *par_range_main(void *arg)
{
    par_range_job *job = arg;
    job->fn(job->ctx, job->begin, job->end, job->worker);
    return NULL;
}

void par_for(size_t n, unsigned threads, par_range_fn fn, void *ctx)
{
    if (n == 0)
        return;
    threads = par_threads(threads);
    if ((size_t)threads > n)
        threads = (unsigned)n;
    if (threads == 1) {
        fn(ctx, 0, n, 0);
        return;
    }
    par_range_job jobs[PAR_MAX_THREADS];
    pthread_t tids[PAR_MAX_THREADS];
    bool started[PAR_MAX_THREADS];
    for (unsigned w = 0; w < threads; w++) {
        jobs[w] = (par_range_job){fn, ctx, n * w / threads, n * (w + 1) / threads, w};
        started[w] = false;
    }
    for (unsigned w = 1; w < threads; w++)
        started[w] = pthread_create(&tids[w], NULL, par_range_main, &jobs[w]) == 0;
    par_range_main(&jobs[0]);
    /* A worker that could not be started has its range done here instead: slower, still correct. */
    for (unsigned w = 1; w < threads; w++) {
        if (started[w])
            pthread_join(tids[w], NULL);
        else
            par_range_main(&jobs[w]);
    }
}

typedef struct {
    par_task_fn fn;
    void *ctx;
    size_t n_tasks;
    atomic_size_t next;
} par_task_queue;

typedef struct {
    par_task_queue *queue;
    unsigned worker;
} par_task_worker;

static void *par_task_main(void *arg)
{
    par_task_worker *me = arg;
    par_task_queue *q = me->queue;
    for (;;) {
        size_t task = atomic_fetch_add_explicit(&q->next, 1, memory_order_relaxed);
        if (task >= q->n_tasks)
            break;
        q->fn(q->ctx, task, me->worker);
    }
    return NULL;
}

void par_tasks(size_t n_tasks, unsigned threads, par_task_fn fn, void *ctx)
{
    if (n_tasks == 0)
        return;
    threads = par_threads(threads);
    if ((size_t)threads > n_tasks)
        threads = (unsigned)n_tasks;
    par_task_queue queue = {.fn = fn, .ctx = ctx, .n_tasks = n_tasks};
    atomic_init(&queue.next, 0);
    par_task_worker workers[PAR_MAX_THREADS];
    pthread_t tids[PAR_MAX_THREADS];
    bool started[PAR_MAX_THREADS];
    for (unsigned w = 0; w < threads; w++) {
        workers[w] = (par_task_worker){&queue, w};
        started[w] = false;
    }
    for (unsigned w = 1; w < threads; w++)
        started[w] = pthread_create(&tids[w], NULL, par_task_main, &workers[w]) == 0;
    /* The caller drains the queue too, so tasks get done even if no worker started. */
    par_task_main(&workers[0]);
    for (unsigned w = 1; w < threads; w++)
        if (started[w])
            pthread_join(tids[w], NULL);
}

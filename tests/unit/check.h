/*
 * Minimal assertion helpers for the C unit tests: a failed CHECK prints
 * where and what, and the test's exit status counts the failures, so ctest
 * reports it. Each test program defines `static int check_failures` via
 * CHECK_MAIN_STATE and returns CHECK_EXIT().
 */
#ifndef ZKS_TESTS_CHECK_H
#define ZKS_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK_MAIN_STATE static int check_failures = 0;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);    \
            if (++check_failures > 20) {                                                  \
                fprintf(stderr, "too many failures, stopping\n");                         \
                exit(1);                                                                  \
            }                                                                             \
        }                                                                                 \
    } while (0)

#define CHECK_MSG(cond, ...)                                                              \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
            if (++check_failures > 20) {                                                  \
                fprintf(stderr, "too many failures, stopping\n");                         \
                exit(1);                                                                  \
            }                                                                             \
        }                                                                                 \
    } while (0)

#define CHECK_EXIT() (check_failures == 0 ? (printf("ok\n"), 0) : (fprintf(stderr, "%d check(s) failed\n", check_failures), 1))

#endif

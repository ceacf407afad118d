/*
 * The iden3 "binfile" container shared by circom .r1cs, .wtns and snarkjs
 * .zkey files (layout learned from @iden3/binfileutils):
 *   4-byte magic, u32 version, u32 section count, then per section
 *   u32 type, u64 byte length, the bytes. All integers little-endian.
 * Readers work on a byte range (a mapping or a fuzzer's buffer) and never
 * copy section data; writers patch each section length when it ends.
 */
#ifndef ZKS_SNARK_BINFILE_H
#define ZKS_SNARK_BINFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Section types we look up are small; higher types are skipped. */
#define BINFILE_MAX_TYPE 16

typedef struct {
    const uint8_t *data;
    uint64_t size;
    bool present;
} binfile_section_t;

typedef struct {
    uint32_t version;
    binfile_section_t section[BINFILE_MAX_TYPE];
} binfile_view_t;

/*
 * Parses the container: magic must match, version in [1, max_version], the
 * section table must fit the buffer, and a type below BINFILE_MAX_TYPE may
 * occur only once.
 */
bool binfile_parse(binfile_view_t *v, const uint8_t *buf, size_t len, const char magic[4], uint32_t max_version,
                   char *err, size_t err_len);

/* The section of this type, or NULL with a one-line reason when it is absent. */
const binfile_section_t *binfile_require(const binfile_view_t *v, uint32_t type, const char *what, char *err,
                                         size_t err_len);

/* Maps a whole file read-only. Returns false with a reason (also for an empty file). */
bool binfile_map(const char *path, void **map, size_t *len, char *err, size_t err_len);
void binfile_unmap(void *map, size_t len);

static inline uint32_t binfile_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t binfile_u64(const uint8_t *p)
{
    return (uint64_t)binfile_u32(p) | (uint64_t)binfile_u32(p + 4) << 32;
}

/* Checks a (u32 n8, n8-byte little-endian prime) field description against 32-byte modulus limbs. */
bool binfile_prime_is(const uint8_t *p, size_t avail, const uint64_t modulus[4]);

/* Writing: a stdio stream with the section currently open. */
typedef struct {
    FILE *f;
    long section_len_at; /* offset of the open section's length field, -1 when none */
    bool failed;
} binfile_writer_t;

bool binfile_create(binfile_writer_t *w, const char *path, const char magic[4], uint32_t version, uint32_t n_sections);
void binfile_begin_section(binfile_writer_t *w, uint32_t type);
void binfile_end_section(binfile_writer_t *w);
void binfile_write(binfile_writer_t *w, const void *data, size_t len);
void binfile_write_u32(binfile_writer_t *w, uint32_t v);
void binfile_write_u64(binfile_writer_t *w, uint64_t v);
/* u32 n8 = 32 followed by the modulus little-endian */
void binfile_write_prime(binfile_writer_t *w, const uint64_t modulus[4]);
/* Closes; false (with a reason) when any write failed. On failure the partial file is removed. */
bool binfile_finish(binfile_writer_t *w, const char *path, char *err, size_t err_len);

#endif

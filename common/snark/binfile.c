#include "binfile.h"
#include "util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

bool binfile_parse(binfile_view_t *v, const uint8_t *buf, size_t len, const char magic[4], uint32_t max_version,
                   char *err, size_t err_len)
{
    memset(v, 0, sizeof *v);
    if (len < 12)
        return zks_fail(err, err_len, "file too short for a %.4s header (%zu bytes)", magic, len);
    if (memcmp(buf, magic, 4) != 0)
        return zks_fail(err, err_len, "not a %.4s file (bad magic)", magic);
    v->version = binfile_u32(buf + 4);
    if (v->version < 1 || v->version > max_version)
        return zks_fail(err, err_len, "%.4s version %u not supported", magic, v->version);
    uint32_t n_sections = binfile_u32(buf + 8);
    size_t pos = 12;
    for (uint32_t i = 0; i < n_sections; i++) {
        if (len - pos < 12)
            return zks_fail(err, err_len, "truncated section table (section %u of %u)", i + 1, n_sections);
        uint32_t type = binfile_u32(buf + pos);
        uint64_t size = binfile_u64(buf + pos + 4);
        pos += 12;
        if (size > len - pos)
            return zks_fail(err, err_len, "section %u claims %llu bytes, only %zu left in file", type,
                        (unsigned long long)size, len - pos);
        if (type < BINFILE_MAX_TYPE) {
            if (v->section[type].present)
                return zks_fail(err, err_len, "section %u occurs twice", type);
            v->section[type] = (binfile_section_t){.data = buf + pos, .size = size, .present = true};
        }
        pos += (size_t)size;
    }
    return true;
}

const binfile_section_t *binfile_require(const binfile_view_t *v, uint32_t type, const char *what, char *err,
                                         size_t err_len)
{
    if (type >= BINFILE_MAX_TYPE || !v->section[type].present) {
        zks_fail(err, err_len, "missing section %u (%s)", type, what);
        return NULL;
    }
    return &v->section[type];
}

bool binfile_map(const char *path, void **map, size_t *len, char *err, size_t err_len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return zks_fail(err, err_len, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return zks_fail(err, err_len, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode) || st.st_size <= 0) {
        close(fd);
        return zks_fail(err, err_len, "%s: not a regular non-empty file", path);
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    close(fd);
    if (m == MAP_FAILED)
        return zks_fail(err, err_len, "%s: mmap: %s", path, strerror(e));
    *map = m;
    *len = (size_t)st.st_size;
    return true;
}

void binfile_unmap(void *map, size_t len)
{
    if (map)
        munmap(map, len);
}

bool binfile_prime_is(const uint8_t *p, size_t avail, const uint64_t modulus[4])
{
    if (avail < 36 || binfile_u32(p) != 32)
        return false;
    for (int i = 0; i < 4; i++)
        if (binfile_u64(p + 4 + 8 * i) != modulus[i])
            return false;
    return true;
}

static void put_u32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

void binfile_write(binfile_writer_t *w, const void *data, size_t len)
{
    if (!w->failed && len && fwrite(data, 1, len, w->f) != len)
        w->failed = true;
}

void binfile_write_u32(binfile_writer_t *w, uint32_t v)
{
    uint8_t b[4];
    put_u32(b, v);
    binfile_write(w, b, 4);
}

void binfile_write_u64(binfile_writer_t *w, uint64_t v)
{
    binfile_write_u32(w, (uint32_t)v);
    binfile_write_u32(w, (uint32_t)(v >> 32));
}

void binfile_write_prime(binfile_writer_t *w, const uint64_t modulus[4])
{
    binfile_write_u32(w, 32);
    for (int i = 0; i < 4; i++)
        binfile_write_u64(w, modulus[i]);
}

bool binfile_create(binfile_writer_t *w, const char *path, const char magic[4], uint32_t version, uint32_t n_sections)
{
    w->section_len_at = -1;
    w->failed = false;
    w->f = fopen(path, "wb");
    if (!w->f) {
        w->failed = true;
        return false;
    }
    binfile_write(w, magic, 4);
    binfile_write_u32(w, version);
    binfile_write_u32(w, n_sections);
    return !w->failed;
}

void binfile_begin_section(binfile_writer_t *w, uint32_t type)
{
    binfile_write_u32(w, type);
    if (!w->failed)
        w->section_len_at = ftell(w->f);
    binfile_write_u64(w, 0); /* patched by binfile_end_section */
}

void binfile_end_section(binfile_writer_t *w)
{
    if (w->failed || w->section_len_at < 0)
        return;
    long end = ftell(w->f);
    uint64_t size = (uint64_t)(end - w->section_len_at - 8);
    if (fseek(w->f, w->section_len_at, SEEK_SET) != 0) {
        w->failed = true;
        return;
    }
    binfile_write_u64(w, size);
    if (fseek(w->f, end, SEEK_SET) != 0)
        w->failed = true;
    w->section_len_at = -1;
}

bool binfile_finish(binfile_writer_t *w, const char *path, char *err, size_t err_len)
{
    bool ok = !w->failed;
    if (w->f) {
        if (fclose(w->f) != 0)
            ok = false;
        w->f = NULL;
    }
    if (!ok) {
        int e = errno;
        unlink(path);
        return zks_fail(err, err_len, "%s: write failed: %s", path, strerror(e));
    }
    return true;
}

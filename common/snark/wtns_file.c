#include "wtns_file.h"

#include "snark/binfile.h"
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WTNS_SEC_HEADER = 1, WTNS_SEC_VALUES = 2 };

bool wtns_parse(fr_t **values, uint32_t *n, uint32_t expected_n, const uint8_t *buf, size_t len, char *err,
                size_t err_len)
{
    *values = NULL;
    *n = 0;
    binfile_view_t v;
    if (!binfile_parse(&v, buf, len, "wtns", 2, err, err_len))
        return false;
    const binfile_section_t *h = binfile_require(&v, WTNS_SEC_HEADER, "wtns header", err, err_len);
    const binfile_section_t *s = binfile_require(&v, WTNS_SEC_VALUES, "wtns values", err, err_len);
    if (!h || !s)
        return false;
    if (h->size != 40)
        return zks_fail(err, err_len, "wtns: header section is %llu bytes, expected 40", (unsigned long long)h->size);
    if (!binfile_prime_is(h->data, (size_t)h->size, FR_MODULUS.p))
        return zks_fail(err, err_len, "wtns: field is not the BN254 scalar field");
    uint32_t count = binfile_u32(h->data + 36);
    if (count == 0)
        return zks_fail(err, err_len, "wtns: empty witness");
    if (s->size != 32 * (uint64_t)count)
        return zks_fail(err, err_len, "wtns: values section is %llu bytes for %u values", (unsigned long long)s->size,
                    count);
    if (expected_n && count != expected_n)
        return zks_fail(err, err_len, "wtns: %u values but the circuit has %u wires (witness of another circuit?)", count,
                    expected_n);
    fr_t *w = malloc(sizeof(fr_t) * count);
    if (!w)
        return zks_fail(err, err_len, "wtns: out of memory for %u values", count);
    for (uint32_t i = 0; i < count; i++) {
        if (!fr_from_bytes_le(&w[i], s->data + 32 * (size_t)i)) {
            free(w);
            return zks_fail(err, err_len, "wtns: value %u is not below r", i);
        }
    }
    if (!fr_is_one(&w[0])) {
        free(w);
        return zks_fail(err, err_len, "wtns: value 0 (the constant wire) is not 1");
    }
    *values = w;
    *n = count;
    return true;
}

bool wtns_read(fr_t **values, uint32_t *n, uint32_t expected_n, const char *path, char *err, size_t err_len)
{
    void *map;
    size_t len;
    *values = NULL;
    *n = 0;
    if (!binfile_map(path, &map, &len, err, err_len))
        return false;
    bool ok = wtns_parse(values, n, expected_n, map, len, err, err_len);
    binfile_unmap(map, len);
    return ok;
}

bool wtns_write(const fr_t *values, uint32_t n, const char *path, char *err, size_t err_len)
{
    binfile_writer_t w;
    binfile_create(&w, path, "wtns", 2, 2);
    binfile_begin_section(&w, WTNS_SEC_HEADER);
    binfile_write_prime(&w, FR_MODULUS.p);
    binfile_write_u32(&w, n);
    binfile_end_section(&w);
    binfile_begin_section(&w, WTNS_SEC_VALUES);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t b[32];
        fr_to_bytes_le(b, &values[i]);
        binfile_write(&w, b, 32);
    }
    binfile_end_section(&w);
    return binfile_finish(&w, path, err, err_len);
}

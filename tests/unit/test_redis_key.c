/*
 * Hash-tagged pair keys: every key of one pair has the tag {user:provider}
 * and so the same Redis Cluster slot. The slot function here is written from
 * the Redis Cluster specification (CRC16-CCITT/XMODEM of the tag, mod 16384;
 * https://redis.io/docs/reference/cluster-spec/#hash-tags) and is checked on
 * the spec's test vector CRC16("123456789") = 0x31C3 before use.
 */
#include "check.h"
#include "service/kafka_config.h"
#include "service/redis_client.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

static unsigned crc16_xmodem(const char *s, size_t n)
{
    unsigned crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (unsigned)(unsigned char)s[i] << 8;
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
}

/* Cluster rule: hash the part between the first '{' and the next '}' if non-empty, else the whole key. */
static unsigned key_slot(const char *key)
{
    size_t n = strlen(key);
    const char *open = strchr(key, '{');
    if (open) {
        const char *close = strchr(open + 1, '}');
        if (close && close > open + 1)
            return crc16_xmodem(open + 1, (size_t)(close - open - 1)) % 16384;
    }
    return crc16_xmodem(key, n) % 16384;
}

int main(void)
{
    CHECK(sodium_init() >= 0);
    CHECK(crc16_xmodem("123456789", 9) == 0x31C3);

    uint8_t user[20], provider[20];
    for (int trial = 0; trial < 50; trial++) {
        randombytes_buf(user, sizeof user);
        randombytes_buf(provider, sizeof provider);
        char uhex[41], phex[41];
        sodium_bin2hex(uhex, sizeof uhex, user, sizeof user);
        sodium_bin2hex(phex, sizeof phex, provider, sizeof provider);
        char want[200];
        snprintf(want, sizeof want, "zks:{%s:%s}:pending", uhex, phex);

        char keys[4][ZKS_REDIS_PAIR_KEY_MAX];
        const char *suffixes[4] = {"pending", "watermark", "batch:0123abcd", ""};
        for (int i = 0; i < 4; i++)
            CHECK(zks_redis_pair_key(keys[i], sizeof keys[i], user, provider, suffixes[i]) == strlen(keys[i]));
        CHECK_MSG(strcmp(keys[0], want) == 0, "%s != %s", keys[0], want);
        unsigned slot = key_slot(keys[0]);
        char tag[100];
        snprintf(tag, sizeof tag, "%s:%s", uhex, phex);
        CHECK(slot == crc16_xmodem(tag, strlen(tag)) % 16384);
        for (int i = 1; i < 4; i++)
            CHECK(key_slot(keys[i]) == slot);
        /* the reverse pair is another pair: its tag differs */
        char other[ZKS_REDIS_PAIR_KEY_MAX];
        zks_redis_pair_key(other, sizeof other, provider, user, "pending");
        CHECK(strcmp(other, keys[0]) != 0);
    }
    /* too small a buffer: 0 and an empty string, never a truncated key */
    char small[50];
    CHECK(zks_redis_pair_key(small, sizeof small, user, provider, "pending") == 0 && small[0] == '\0');

    uint8_t key[ZKS_PAIR_KEY_LEN];
    zks_pair_key(key, user, provider);
    CHECK(memcmp(key, user, 20) == 0 && memcmp(key + 20, provider, 20) == 0);
    return CHECK_EXIT();
}

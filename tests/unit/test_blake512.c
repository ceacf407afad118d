/*
 * BLAKE-512 against the test vectors published in the BLAKE specification
 * ("SHA-3 proposal BLAKE" v1.3, appendix A: the 1-byte message 0x00 and the
 * 144-byte all-zero message), plus padding edge lengths whose digests come
 * from the independent npm implementation blake-hash 2.0.0 (the one
 * circomlibjs uses), and incremental updates against one-shot hashing.
 */
#include "check.h"
#include "crypto/blake512.h"

#include <stdio.h>
#include <string.h>

CHECK_MAIN_STATE

static void hex64(char out[129], const uint8_t d[64])
{
    for (int i = 0; i < 64; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int check_digest(const uint8_t *msg, size_t len, const char *expect_hex)
{
    uint8_t d[64];
    char hex[129];
    blake512(d, msg, len);
    hex64(hex, d);
    CHECK_MSG(strcmp(hex, expect_hex) == 0, "len %zu: got %s", len, hex);
    return 0;
}

int main(void)
{
    uint8_t zeros[144] = {0};
    /* Spec appendix A.2 (BLAKE-512): one zero byte, and 144 zero bytes. */
    check_digest(zeros, 1,
                 "97961587f6d970faba6d2478045de6d1fabd09b61ae50932054d52bc29d31be4"
                 "ff9102b9f69e2bbdb83be13d4b9c06091e5fa0b48bd081b634058be0ec49beb3");
    check_digest(zeros, 144,
                 "313717d608e9cf758dcb1eb0f0c3cf9fc150b2d500fb33f51c52afc99d358a2f"
                 "1374b8a38bba7974e7f6ef79cab16f22ce1e649d6e01ad9589c213045d545dde");

    /* Padding boundaries (0xab repeated), digests from npm blake-hash. */
    uint8_t ab[256];
    memset(ab, 0xab, sizeof ab);
    static const struct {
        size_t len;
        const char *hex;
    } edge[] = {
        {0, "a8cfbbd73726062df0c6864dda65defe58ef0cc52a5625090fa17601e1eecd1b628e94f396ae402a00acc9eab77b4d4c2e852aaaa25a636d80af3fc7913ef5b8"},
        {111, "af3f3a115d6f77b3521ecdb6af01298f9c4791488a7a8a03267d5daaad68bf6bd2e3316009a48c83398333a3a61f60d6066830a0d063fd45cf405fa81d077b06"},
        {112, "92d9764124caac6f026ddf3b2acdfe79a403cdb59ba0d322fb5f50b9acfd508e715d83990e224c0fbb6fd6ebc6114303de684a2427d89ddf641d3546a876f251"},
        {127, "d6eeb29758bbcd979bcd695af2d7cdf2d292285af22c8b831677358d0fe451edc73b8e9492acb87e5ebf93e2c80956a65cbd4f478a1f6a3a7867dbca104f93b7"},
        {128, "377a2dbc95ceed516e722fe2c3b1b9c225dfd3256f5a3a7b6aa63ec1d4bbdd772170c69720584ef4f92cef20260dbc83da546f0b1302ee550f97447c69706e4b"},
        {129, "b3dd0800a57dce0262b908d635e3b871a7cc9adfa90b1c33ba25240a74f236dff8a9a4df7c0454f5afe32994af095a87551bae1b2fd127c6427651e351d2693e"},
        {256, "def7103bd083a9b11b4623145fd5da5fde9937b649cc3bebacbded22756c05d2c7286d6a1b5843c938883eec2779ce7d0265f22ad82b249719ffc8104d7cbedf"},
    };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
        check_digest(ab, edge[i].len, edge[i].hex);

    /* Feeding the same bytes in pieces of every size gives the one-shot digest. */
    uint8_t msg[300], one[64], inc[64];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 3);
    blake512(one, msg, sizeof msg);
    for (size_t piece = 1; piece <= 129; piece++) {
        blake512_state s;
        blake512_init(&s);
        for (size_t off = 0; off < sizeof msg; off += piece)
            blake512_update(&s, msg + off, off + piece <= sizeof msg ? piece : sizeof msg - off);
        blake512_final(&s, inc);
        CHECK_MSG(memcmp(one, inc, 64) == 0, "piece size %zu differs", piece);
    }
    return CHECK_EXIT();
}

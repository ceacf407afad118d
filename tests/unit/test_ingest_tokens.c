/* Provider token table: parsing, rejects, lookups by hashed token. */
#include "check.h"
#include "tokens.h"

#include <sodium.h>
#include <string.h>

CHECK_MAIN_STATE

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    /* sha256("secret-a") and sha256("secret-b") computed with coreutils sha256sum */
    const char *file =
        "# providers\n"
        "0x1111111111111111111111111111111111111111 "
        "8766b9cb08e6040b704f1e3ee1e186efccf2635b1d2634d6525333007e6aeae1\n"
        "\n"
        "0X2222222222222222222222222222222222222222 "
        "FF492EF788C89B555E6F738B33D2422F57DBB6656AF2402155672C5F123A90AF\r\n";
    token_table t;
    char err[128];
    CHECK(token_table_parse(&t, file, err, sizeof err) == 0 && t.count == 2);
    uint8_t provider[20];
    bool found = token_table_lookup(&t, "secret-a", 8, provider);
    CHECK_MSG(found, "secret-a not found");
    uint8_t want[20];
    memset(want, 0x11, 20);
    CHECK(found && memcmp(provider, want, 20) == 0);
    memset(want, 0x22, 20);
    CHECK(token_table_lookup(&t, "secret-b", 8, provider) && memcmp(provider, want, 20) == 0);
    CHECK(!token_table_lookup(&t, "secret-c", 8, provider));
    CHECK(!token_table_lookup(&t, "", 0, provider));
    token_table_free(&t);

    const char *bad[] = {
        "0x111111111111111111111111111111111111111 8766b9cb08e6040b704f1e3ee1e186efccf2635b1d2634d6525333007e6aeae1\n",
        "1111111111111111111111111111111111111111 8766b9cb08e6040b704f1e3ee1e186efccf2635b1d2634d6525333007e6aeae1\n",
        "0x1111111111111111111111111111111111111111 b1b2aecd54e6d0ca5096ebb0a4a1bcb0c8d8edf1d0dafa4e1dc6a2e6e9ca2fzz\n",
        "0x1111111111111111111111111111111111111111\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(token_table_parse(&t, bad[i], err, sizeof err) == -1, "bad line %zu accepted", i);
        CHECK(strstr(err, "line 1") != NULL);
    }
    CHECK(token_table_parse(&t, "", err, sizeof err) == 0 && t.count == 0);
    token_table_free(&t);
    return CHECK_EXIT();
}

/*
 * Square roots in Fr (see fr_sqrt.h): Tonelli-Shanks with its constants
 * precomputed, the inversion folded into the exponentiation, and a variant
 * that runs the exponentiations of two square roots in the lanes of IFMA
 * vectors.
 */
#include "fr_sqrt.h"

#include "fr_simd.h"

/*
 * Square root in Fr by Tonelli-Shanks with the constants precomputed
 * (r - 1 = q * 2^28, q odd; 5 is the least non-residue). The generic
 * mont4_sqrt recomputes them and runs a Legendre test first, several times
 * the cost, and decompression is a large part of verifying a packed signature.
 */
/* (q - 1) / 2 */
static const uint64_t TS_EXP[4] = {0xcdcb848a1f0fac9fULL, 0x0c0ac2e9419f4243ULL, 0x098d014dc2822db4ULL, 0x0000000183227397ULL};

static void pow_ts_exp(fr_t *r, const fr_t *a)
{
    fr_t tbl[16], acc;
    tbl[1] = *a;
    for (int i = 2; i < 16; i++)
        fr_mul(&tbl[i], &tbl[i - 1], a);
    /* the exponent's top 7 nibbles are zero: start at the first non-zero one instead of squaring 1 */
    bool started = false;
    for (int nib = 63; nib >= 0; nib--) {
        const unsigned d = (unsigned)(TS_EXP[nib / 16] >> ((nib % 16) * 4)) & 0xf;
        if (started)
            for (int k = 0; k < 4; k++)
                fr_sqr(&acc, &acc);
        if (d) {
            if (started)
                fr_mul(&acc, &acc, &tbl[d]);
            else
                acc = tbl[d];
            started = true;
        }
    }
    *r = acc;
}

/*
 * TS_NEG_POW[m][d] = g^(-d * 16^m) for g = 5^q (a primitive 2^28-th root
 * of unity), m < 7, d < 16, in Montgomery form. Derived constants, computed
 * with Python integers: pow(pow(5, q, r), -d * 16**m, r) * 2**256 % r, where
 * r is the BN254 scalar field modulus and q = (r - 1) >> 28. They turn the
 * bit-by-bit discrete logarithm of Tonelli-Shanks into 7 lookups of 4-bit
 * digits (Sarkar, "Computing square roots faster than the Tonelli-Shanks/
 * Bernstein algorithm", ePrint 2020/1407, with window 4).
 */
static const fr_t TS_NEG_POW[7][16] = {
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x89bcc016584bb683ULL, 0xe8d9887f0164a50cULL, 0x755e95cb795eda3dULL, 0x0f572b871323b130ULL}},
     {{0x9b4579552c80552bULL, 0x5821ebc4e04e7089ULL, 0x052c529f2f55cc8dULL, 0x2d2ec8708e3fa253ULL}},
     {{0x8883187840f181c0ULL, 0x5b566b9220a88556ULL, 0x22be6aa8094ed9f3ULL, 0x2418aa1dcb99841cULL}},
     {{0xf90ad83d70784d69ULL, 0xc98f396490089c33ULL, 0x538bf7a46a63be44ULL, 0x1f2fab5ccf5c3c58ULL}},
     {{0xf8d5b996a4999d8cULL, 0xe648af41af24872aULL, 0xad89d87768b86ec6ULL, 0x123fde36ddfd330bULL}},
     {{0x2ffb59a7a8438448ULL, 0xdf073898645feeb6ULL, 0x0474a2cd5f987757ULL, 0x0eb4cedcce4c4237ULL}},
     {{0x17215acdc91de695ULL, 0x65fb71201cdbd56eULL, 0x8f5319a3faa676c4ULL, 0x00b840012d97f1bcULL}},
     {{0x5fde22a0a60bd4deULL, 0xc2222a37273daee6ULL, 0x577b5a278e437749ULL, 0x0e8a14abae1d702fULL}},
     {{0xd6622169bf991d85ULL, 0xb4ac74cba03a322bULL, 0x064ee23f41a88fd6ULL, 0x2a2204d759ea5015ULL}},
     {{0xc901358b20a34655ULL, 0x2a208f81f2ae09a8ULL, 0x5d166b66a0b1888aULL, 0x1b83eba06a226431ULL}},
     {{0x1a1def2ba92a9c77ULL, 0x6c58e7c1325b2e86ULL, 0x3ec9d71da6bbf0ffULL, 0x2bcecaa38337448eULL}},
     {{0x1408c1141e18752dULL, 0xf50fa7b264da1fcaULL, 0x7a12a50a3b0f8609ULL, 0x2cc6c7f892f6bd97ULL}},
     {{0x57a23522ad2a8e52ULL, 0x3406c48e1f04a077ULL, 0x659415f67223f8a7ULL, 0x0f9e5fbadfa1d312ULL}},
     {{0xab918de957200b5aULL, 0xa957643f3a876052ULL, 0x319b03a175d9d98dULL, 0x1c477530343eb0e7ULL}},
     {{0xa79b63e56ac46703ULL, 0xadd7c743599e8daaULL, 0x61378204f26466eaULL, 0x0b8bde160b1297daULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x667f0e72d8e96c48ULL, 0x94109e0f4948a4faULL, 0xf8504de3afe7d786ULL, 0x2cd33fae85a4f030ULL}},
     {{0x0b095acdf50e3d58ULL, 0x52ef5716a99eae65ULL, 0x9b8665251b9421f0ULL, 0x23c1ca181e965c85ULL}},
     {{0x62709aa00bc988daULL, 0xcc617694b86abdc5ULL, 0x9fdba0a521126808ULL, 0x1705dd9b49b77399ULL}},
     {{0xd8bb95832fb90b14ULL, 0xb02515b9a0c38601ULL, 0x5e77f76e182c7fb7ULL, 0x2d000c05d8c1deb4ULL}},
     {{0x835067c2938145d4ULL, 0x05ead5aaeb70b58aULL, 0xdfe58cb5e112faf2ULL, 0x2589d5d3194860efULL}},
     {{0x92aa23778faa1745ULL, 0x8e101b04d6b44df8ULL, 0xa8d9113efe5797adULL, 0x0f9bebd5360bf6b7ULL}},
     {{0x835dcafeb5f43750ULL, 0x50962f3e174e3bb6ULL, 0x6432548c5b5404b9ULL, 0x287a330c14be0f01ULL}},
     {{0x169b4cbac88809a8ULL, 0x457d00f867e4fbe3ULL, 0x6801ddc2b96932b3ULL, 0x048e0c9a914e975bULL}},
     {{0x81d9ea6ccbf91dabULL, 0xf6142ba9d7357471ULL, 0x1a248deb62beaf03ULL, 0x15c015cedbe4b812ULL}},
     {{0xe6952e53b87ac104ULL, 0x63d2083a3ba739f4ULL, 0x996026a9dca59588ULL, 0x2e13dcbd200de518ULL}},
     {{0xea46d60fe3bb4570ULL, 0x0154fcff6eac2f0fULL, 0xec1d0a28580bae7aULL, 0x2df041cdd3921791ULL}},
     {{0x31b86cc6d43c4fc1ULL, 0xe3640c6c03965bdcULL, 0x84ad6f10f881c2bfULL, 0x25b4903b05b974f7ULL}},
     {{0xf77e487fbd02b5a0ULL, 0x49465acd3c32412eULL, 0xe2dcccbd6b42eb50ULL, 0x1e030b141d3b39c1ULL}},
     {{0xdc92d00e2d96020fULL, 0xb69b5fd06328aa47ULL, 0xf308bfa50efbcf5dULL, 0x284ecc8a626463a9ULL}},
     {{0x4a92f4eaeb4f2d47ULL, 0x8786d167512fc5b2ULL, 0x5eaa2bc135664c97ULL, 0x1561b7c2c016e939ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x29a730286ed9e349ULL, 0x1ff90914d9689b7fULL, 0x24bbb6ac251e133cULL, 0x022d75746283dfd6ULL}},
     {{0x1f296f022886e2a5ULL, 0x550e4e0b1e34eb1cULL, 0xdf87a2c1b4688775ULL, 0x2707e80c3ba99c65ULL}},
     {{0x35b72cb453ee5336ULL, 0x74b3062d96d52b01ULL, 0x9d67cd4091d7bee8ULL, 0x1bf8457e169e11b2ULL}},
     {{0x645bee0013cbc9c3ULL, 0xa81ac5011d4ad1a7ULL, 0x100ef5edb54ea975ULL, 0x04d3bb8bdad08cddULL}},
     {{0xf4ef111140703006ULL, 0x87344791b0b07dc8ULL, 0x390f25584205b2b6ULL, 0x0163775edb45e937ULL}},
     {{0x93dbb165a6eb2488ULL, 0x2880c4cd7438987bULL, 0xd9129d55f161af93ULL, 0x08938e6dec619c0eULL}},
     {{0x206c36f0028412fbULL, 0x44e74eb0a78a14a8ULL, 0x43d851a8f9b9255eULL, 0x01d066e121ba4c28ULL}},
     {{0x8c193fa18da73c33ULL, 0x478e6f456d0221baULL, 0x6817e7a3329bae82ULL, 0x041fd6a3eba7a65eULL}},
     {{0xa6816b06e9510099ULL, 0x9f74c96877bf1887ULL, 0xe8fff5c0ce5caae9ULL, 0x186451008e863275ULL}},
     {{0xc76ee0c47be2789eULL, 0x72a204ef00b19855ULL, 0x665a060b1f2af7beULL, 0x0c288fbb7a3e0edbULL}},
     {{0xeaccc5847547290dULL, 0x0e07e3e5c08224d5ULL, 0x546a292bbb3ab3fcULL, 0x138b69102aa1bc92ULL}},
     {{0x7b481878a2e63c09ULL, 0x9882a0179d34452bULL, 0xfc8b95f58ed2d16eULL, 0x1f1ae5c9d0f105c1ULL}},
     {{0x9b8f38a94212c6c9ULL, 0xd7d25a4ef41148ddULL, 0x8178f1d34bd66f57ULL, 0x0a4d99dc3f3899ecULL}},
     {{0x0942eb3d024c3f8cULL, 0xc9c77d04e71dd9abULL, 0x5794596e0908a25fULL, 0x22b3d26166673ea9ULL}},
     {{0x0711638f555a23e2ULL, 0x6b9ab80eb33a77bdULL, 0xae1dc4dbb1408cf9ULL, 0x1399eea05b02473eULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x489362b650573894ULL, 0x0a19b79043d35763ULL, 0xda6a5ff6bbc04fa8ULL, 0x2f6a7c2881855e62ULL}},
     {{0x39635a33503045faULL, 0x4f4b5b8d30d9f86eULL, 0xefba9fb03979eba3ULL, 0x2d4d2d2da7cd1545ULL}},
     {{0x2bf5ebd867018da8ULL, 0xc66bcce061ab32efULL, 0x78a9a76f0995811aULL, 0x19c635dfe3cf626fULL}},
     {{0xea9351a4708c94caULL, 0xac912ec7a5f17c35ULL, 0x920b769623d9760aULL, 0x2c3adf7c6cf0bc39ULL}},
     {{0xe51bf7efbf77f86cULL, 0x14e3f2bc0738d64aULL, 0xf276501617dfc2aeULL, 0x0280224a5cf73823ULL}},
     {{0x4127842f83df9207ULL, 0x1dfb0ddfb40eb6e5ULL, 0x36502334fb1f168cULL, 0x0a5ce53e49d15d2bULL}},
     {{0x985dc60826542d78ULL, 0x40b7d0df3d439d80ULL, 0x18664b0f223f9557ULL, 0x18031179f0da1478ULL}},
     {{0xf2fe10e92ba9466aULL, 0x77a9e3c167af44ceULL, 0x723cad05841b37c9ULL, 0x1768636eb0a2cbb1ULL}},
     {{0x48221c0772b56ee1ULL, 0x4116bc7a6389f55fULL, 0xe6a0269b853e31f8ULL, 0x1ebd20411b0c7fcfULL}},
     {{0x252be74d642b9483ULL, 0xb6c1540e83388035ULL, 0x86bb317bae7070b8ULL, 0x2f8d990158ec3346ULL}},
     {{0x960d1b5e235ae2f1ULL, 0xbd18011d8f057d4eULL, 0xad6e88ed204e71e6ULL, 0x2214cf0afdc35b13ULL}},
     {{0x163b059486b7b525ULL, 0xabb85f420d86e231ULL, 0x865d60d9141f0dbdULL, 0x217d35c9476fef81ULL}},
     {{0x8586949b66953facULL, 0x2eb55ba8d37dbaeaULL, 0xa1745468659aa832ULL, 0x0f0a73c8534b5864ULL}},
     {{0x9f5734af20ce1d64ULL, 0x9cedfcab65ac20bbULL, 0x5f625fb347719e9eULL, 0x2e13fd9bf7ff32f3ULL}},
     {{0xa2ad0d1a9f66c4f0ULL, 0x67e706da8ae18a67ULL, 0xeed4e3308485cab6ULL, 0x27dcdc1249a51264ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x422d9ca46c9fc2d9ULL, 0xec33febb4b73a08dULL, 0x69366b9ee4da54b6ULL, 0x2b22e3d430dc6b9fULL}},
     {{0xa2be1e2a36fa814fULL, 0xe25ec7610dd79739ULL, 0xd0725623d6cafca5ULL, 0x068d1538c117d364ULL}},
     {{0x405cca21817ca354ULL, 0xaac2354b96002fdaULL, 0xf86f4b4aaf0c166cULL, 0x0933c73ce467bd93ULL}},
     {{0x9a42b93a4388ee4fULL, 0x16c835b156abb91eULL, 0x5fcd5d77a3b49b70ULL, 0x1d24a254e5e81852ULL}},
     {{0xf637e007a2f6a8cdULL, 0xf0535ae7926d5285ULL, 0xfc12fdfcc18fe528ULL, 0x08850e392634ef23ULL}},
     {{0x517ad96fc29dbdbcULL, 0x1a63037591446273ULL, 0xaf21e5e4c7b79a68ULL, 0x2846c7a39c5e5e96ULL}},
     {{0x33ba020c8ec28776ULL, 0x7dd1b7075adf21edULL, 0x17d30268bca440f6ULL, 0x0b6ce53db661e8d0ULL}},
     {{0x7e1bb7c18adb9263ULL, 0x082782771c1e4a45ULL, 0xc3b2b36da915deb6ULL, 0x0b9db5e6ee822f9aULL}},
     {{0x522a78ab4c4c2c23ULL, 0x6c0101af507cb9fcULL, 0x0dfc85f4ba682261ULL, 0x0d3a53fbfa3b450eULL}},
     {{0xbb8c3e752d041646ULL, 0xc4def09a34e0860dULL, 0xb50bf36890b3418eULL, 0x239baa76154c4076ULL}},
     {{0xbaf8eaf8ceb15e33ULL, 0x649a5761f545c51fULL, 0x9e6040cd90ab7812ULL, 0x0d50ee3483ff4936ULL}},
     {{0x332aded9c3001110ULL, 0xd35a881b52a29a24ULL, 0x0ed1aadef7d69d04ULL, 0x0e806b1749957acfULL}},
     {{0x2939cdf559b41e6bULL, 0xd958a80a08710fcfULL, 0xbf94a0e8a7f18e1bULL, 0x1be60637eeabc81eULL}},
     {{0xc1ca56daea54ce96ULL, 0x06ffd5645142a15aULL, 0x9b3e6d19008a0899ULL, 0x2e89fbc2086a4c0aULL}},
     {{0x77590a22da05f488ULL, 0xd4a330cdbdfc416cULL, 0x35372d62ed574068ULL, 0x1536be9c085d5995ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x9bf52a88a5a90b53ULL, 0x39ccb835523899e2ULL, 0x6a3cc4193be1b610ULL, 0x134c2780ccac2b38ULL}},
     {{0x8ee513b2d38119f0ULL, 0x87ee89f46bab8280ULL, 0x7fab75cbc4cc2cf4ULL, 0x1bef2752d8704b2cULL}},
     {{0x2524d83c0fc53afbULL, 0x618fdf53288d3a63ULL, 0x31ecf1a882aee926ULL, 0x1b4c2350ca3bcf0dULL}},
     {{0x91c0d6fac5757884ULL, 0xa782859be6bf4559ULL, 0xc3ce14edb987f6cdULL, 0x0be9c8c56d591f67ULL}},
     {{0xcf0f903ec6deb6e7ULL, 0x9b17d956e1224a34ULL, 0xa4b5404aceef9d02ULL, 0x23f0163e635aebbdULL}},
     {{0x398a37524ae232cdULL, 0x9b16deaac5bc0327ULL, 0x7dbf61995bfba5ffULL, 0x0fdd18558e298a3bULL}},
     {{0x76020705f4d8b012ULL, 0xa86cb011ea5761afULL, 0xc6eea8db401a450bULL, 0x20e0006fc57b2672ULL}},
     {{0x283ae711001fcfb4ULL, 0x05ead253feb4f32aULL, 0xcbc338abfa1144caULL, 0x300e4c10db78fc8eULL}},
     {{0x716ca9f9b6d57e84ULL, 0xdd9a7a3347d32711ULL, 0x4a9d517c466391baULL, 0x025fb429eb69687dULL}},
     {{0x6190279bdee72bcfULL, 0x2d3ff1d9f47966b7ULL, 0xe59996b0d8a33445ULL, 0x2dd9179f98b9fa1cULL}},
     {{0xd2a3201491591d30ULL, 0x129e0134eb17ecbeULL, 0x19215dae98872cb4ULL, 0x2f85a979d48b2d48ULL}},
     {{0xa9bb9c72ccd2168fULL, 0x4fcc00aa9ea5f935ULL, 0x29f5b9df36f2064cULL, 0x20c229456a4f68a4ULL}},
     {{0xb84fea86f9439e0fULL, 0x728e551e9bd5cfa9ULL, 0xdc1a924f05293d77ULL, 0x1e8d9e0ba74ed893ULL}},
     {{0x215a6876ea2b62cdULL, 0x624c55636b204b0aULL, 0x3e2385dc2b107577ULL, 0x1273dd39e9a0fa90ULL}},
     {{0xa9de6601f526126bULL, 0x7295bc82c45d124bULL, 0xf0bc6663464e35a7ULL, 0x2cbd349b7594e729ULL}}},
    {{{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}},
     {{0x302fa787a5d2b60eULL, 0x80cc914fb54036b7ULL, 0x4f65c0b3d235eb3bULL, 0x0adb12085108a15eULL}},
     {{0x3207cbdddda29e9bULL, 0x77ca35a6262fbefcULL, 0x3d7e07dfb059de38ULL, 0x12a91d5f32bd1157ULL}},
     {{0x80bfe61fb2c2884eULL, 0xaefbc8bcdc918a4aULL, 0x95cdd7962b7c50ddULL, 0x2bde845b3a6ba409ULL}},
     {{0xc46cb7fc51231076ULL, 0xc8f4d11bc871df70ULL, 0x2a9ee33d0d77ebeeULL, 0x052cd33da770975aULL}},
     {{0xc39f507006e9a471ULL, 0x9d0da7afff69cfedULL, 0x6e896679a296bc63ULL, 0x042a7bd4a502fe84ULL}},
     {{0x4b34aab13a5283c2ULL, 0xfad32148f5edead2ULL, 0xded9488b23ed2e65ULL, 0x0c23d18ba196c67fULL}},
     {{0x4f2b78177bd070feULL, 0xc018ba6c15e907c4ULL, 0x2b6a88c7658600f2ULL, 0x19e825210e7b632bULL}},
     {{0x974bc177a0000006ULL, 0xf13771b2da58a367ULL, 0x51e1a2470908122eULL, 0x2259d6b14729c0faULL}},
     {{0x13b24e0c4a2d49f3ULL, 0xa76756f8c47939daULL, 0x68ea8502af4b6d21ULL, 0x25893c6a9028fecbULL}},
     {{0x11da29b6125d6166ULL, 0xb069b2a25389b195ULL, 0x7ad23dd6d1277a24ULL, 0x1dbb3113ae748ed2ULL}},
     {{0xc3220f743d3d77b3ULL, 0x79381f8b9d27e646ULL, 0x22826e205605077fULL, 0x0485ca17a6c5fc20ULL}},
     {{0x7f753d979edcef8bULL, 0x5f3f172cb1479120ULL, 0x8db1627974096c6eULL, 0x2b377b3539c108cfULL}},
     {{0x8042a523e9165b90ULL, 0x8b2640987a4fa0a3ULL, 0x49c6df3cdeea9bf9ULL, 0x2c39d29e3c2ea1a5ULL}},
     {{0xf8ad4ae2b5ad7c3fULL, 0x2d60c6ff83cb85beULL, 0xd976fd2b5d9429f7ULL, 0x24407ce73f9ad9a9ULL}},
     {{0xf4b67d7c742f8f03ULL, 0x681b2ddc63d068ccULL, 0x8ce5bcef1bfb576aULL, 0x167c2951d2b63cfeULL}}},
};

/* x^(2^j) */
static void sqr_n(fr_t *r, const fr_t *x, int j)
{
    *r = *x;
    for (int i = 0; i < j; i++)
        fr_sqr(r, r);
}

/*
 * r = v^(2^28 - 1) by x_(k+j) = x_k^(2^j) x_j with x_k = v^(2^k - 1), along
 * k = 1, 2, 3, 6, 7, 14, 28: 27 squarings and 6 products.
 */
static void pow_2s_minus_1(fr_t *r, const fr_t *v)
{
    fr_t x2, x3, x6, x7, x14, x28;
    sqr_n(&x2, v, 1);
    fr_mul(&x2, &x2, v);
    sqr_n(&x3, &x2, 1);
    fr_mul(&x3, &x3, v);
    sqr_n(&x6, &x3, 3);
    fr_mul(&x6, &x6, &x3);
    sqr_n(&x7, &x6, 1);
    fr_mul(&x7, &x7, v);
    sqr_n(&x14, &x7, 7);
    fr_mul(&x14, &x14, &x7);
    sqr_n(&x28, &x14, 14);
    fr_mul(r, &x28, &x14);
}

/*
 * x with x^2 = u / v, for u, v != 0, without inverting v; false when u / v is
 * not a square (which root is returned is unspecified). With a = u / v,
 * r - 1 = 2^28 q and b = u v^(2^29 - 1) = a v^(2^29), Tonelli-Shanks needs
 * w = a^((q-1)/2) = b^((q-1)/2) v^(2^28)  (as v^(2^28 q) = 1), then
 * x = a w = u b^((q-1)/2) v^(2^28 - 1) and t = a^q = x w: one exponentiation,
 * as for a plain square root, and no inversion (the idea of RFC 9380's
 * sqrt_ratio).
 */
static void sqrt_ratio_pow(fr_t *x, fr_t *t, const fr_t *u, const fr_t *v)
{
    fr_t v_2s_1, v_2s, b, bc, w;
    pow_2s_minus_1(&v_2s_1, v);
    fr_mul(&v_2s, &v_2s_1, v); /* v^(2^28) */
    fr_sqr(&b, &v_2s_1);
    fr_mul(&b, &b, v);
    fr_mul(&b, &b, u); /* u v^(2^29 - 1) */
    pow_ts_exp(&bc, &b);
    fr_mul(&w, &bc, &v_2s);
    fr_mul(x, u, &bc);
    fr_mul(x, x, &v_2s_1);
    fr_mul(t, x, &w); /* a^q = g^e for some e < 2^28; a is a square iff e is even */
}

/*
 * From x = a^((q+1)/2) and t = a^q to the square root of a: the discrete
 * logarithm e of t to the base g (t lies in the group of order 2^28) in
 * 4-bit digits by table lookups; a is a square iff e is even, and then
 * x g^(-e/2) is a root.
 */
static bool sqrt_finish(fr_t *x, const fr_t *t_in)
{
    const fr_t t = *t_in;

    /* pw[j] = t^(16^j): its discrete log is e * 16^j, so pw[6 - k] reveals digit k once the lower ones are removed */
    fr_t pw[7];
    pw[0] = t;
    for (int j = 1; j < 7; j++) {
        pw[j] = pw[j - 1];
        for (int k = 0; k < 4; k++)
            fr_sqr(&pw[j], &pw[j]);
    }
    unsigned e = 0; /* the 4k low bits of the discrete log found so far */
    for (int k = 0; k < 7; k++) {
        /* y = g^((e_true - e) * 16^(6 - k)) = w16^(digit k), w16 = g^(16^6) of order 16 */
        fr_t y = pw[6 - k];
        for (int j = 0; j < k; j++) {
            const unsigned dj = (e >> (4 * j)) & 0xf;
            if (dj)
                fr_mul(&y, &y, &TS_NEG_POW[6 - k + j][dj]);
        }
        /* TS_NEG_POW[6][j] = w16^(-j) */
        int found = -1;
        for (int j = 0; j < 16; j++)
            if (fr_eq(&y, &TS_NEG_POW[6][j])) {
                found = j;
                break;
            }
        if (found < 0)
            return false; /* unreachable: t lies in the group of order 2^28 */
        e |= ((16u - (unsigned)found) & 0xf) << (4 * k);
        if (k == 0 && (e & 1))
            return false; /* odd logarithm: a is not a square */
    }
    /* x = a^((q+1)/2) * g^(-e/2): x^2 = a * t * g^(-e) = a */
    const unsigned f = e >> 1;
    for (int m = 0; m < 7; m++) {
        const unsigned d = (f >> (4 * m)) & 0xf;
        if (d)
            fr_mul(x, x, &TS_NEG_POW[m][d]);
    }
    return true;
}

bool fr_sqrt_ratio(fr_t *x, const fr_t *u, const fr_t *v)
{
    fr_t t;
    sqrt_ratio_pow(x, &t, u, v);
    return sqrt_finish(x, &t);
}


#if FR_SIMD_X86

/* z in the lanes' 2^260 domain: the limbs of the fr_t of 16 z */
static void to_domain52(uint64_t out[5], const fr_t *z)
{
    fr_t sixteen, v;
    fr_from_u64(&sixteen, 16);
    fr_mul(&v, z, &sixteen);
    fr_simd_to_radix52(out, v.limb);
}

FR_SIMD_TARGET static inline fe4 lane_mul(const fe4 *a, const fe4 *b)
{
    return fe4_mont(a, b, 1, true);
}

FR_SIMD_TARGET static inline fe4 lane_sqr_n(const fe4 *x, int n)
{
    fe4 r = *x;
    for (int i = 0; i < n; i++)
        r = lane_mul(&r, &r);
    return r;
}

/*
 * sqrt_ratio_pow for two inputs at once: the exponentiation's sequence of
 * products does not depend on the values, so lane i runs input i (lanes 2
 * and 3 repeat lane 0). Values stay below 2p (products of values below 9p).
 */
FR_SIMD_TARGET static void sqrt_ratio_pow_lanes(fr_t x[2], fr_t t[2], const fr_t u[2], const fr_t v[2])
{
    uint64_t ul[4][5], vl[4][5];
    for (int i = 0; i < 4; i++) {
        to_domain52(ul[i], &u[i < 2 ? i : 0]);
        to_domain52(vl[i], &v[i < 2 ? i : 0]);
    }
    const fe4 U = fe4_set((const uint64_t(*)[5])ul), V = fe4_set((const uint64_t(*)[5])vl);

    /* v^(2^28 - 1) along the chain of pow_2s_minus_1 */
    fe4 x2 = lane_sqr_n(&V, 1);
    x2 = lane_mul(&x2, &V);
    fe4 x3 = lane_sqr_n(&x2, 1);
    x3 = lane_mul(&x3, &V);
    fe4 x6 = lane_sqr_n(&x3, 3);
    x6 = lane_mul(&x6, &x3);
    fe4 x7 = lane_sqr_n(&x6, 1);
    x7 = lane_mul(&x7, &V);
    fe4 x14 = lane_sqr_n(&x7, 7);
    x14 = lane_mul(&x14, &x7);
    fe4 v_2s_1 = lane_sqr_n(&x14, 14);
    v_2s_1 = lane_mul(&v_2s_1, &x14);
    const fe4 v_2s = lane_mul(&v_2s_1, &V);
    fe4 b = lane_mul(&v_2s_1, &v_2s_1);
    b = lane_mul(&b, &V);
    b = lane_mul(&b, &U);

    /* b^((q-1)/2) with 4-bit windows, as pow_ts_exp */
    fe4 tbl[16];
    tbl[1] = b;
    for (int i = 2; i < 16; i++)
        tbl[i] = lane_mul(&tbl[i - 1], &b);
    fe4 acc = tbl[1];
    bool started = false;
    for (int nib = 63; nib >= 0; nib--) {
        const unsigned d = (unsigned)(TS_EXP[nib / 16] >> ((nib % 16) * 4)) & 0xf;
        if (started)
            acc = lane_sqr_n(&acc, 4);
        if (d) {
            acc = started ? lane_mul(&acc, &tbl[d]) : tbl[d];
            started = true;
        }
    }
    const fe4 w = lane_mul(&acc, &v_2s);
    fe4 X = lane_mul(&U, &acc);
    X = lane_mul(&X, &v_2s_1);
    const fe4 T = lane_mul(&X, &w);

    /* back to fr_t form: a product with the plain integer 2^252, reduced by 2^256, is below 1.2p */
    const uint64_t scale_limbs[4] = {0, 0, 0, 1ULL << 60};
    uint64_t sl[4][5];
    for (int i = 0; i < 4; i++)
        fr_simd_to_radix52(sl[i], scale_limbs);
    const fe4 S = fe4_set((const uint64_t(*)[5])sl);
    const fe4 xs = fe4_mont(&X, &S, 1, false), ts = fe4_mont(&T, &S, 1, false);
    for (int i = 0; i < 2; i++) {
        uint64_t l[5], v64[4];
        fe4_lane(l, &xs, i);
        fr_simd_from_radix52(v64, l);
        mont4_reduce_once(x[i].limb, v64, &FR_MODULUS);
        fe4_lane(l, &ts, i);
        fr_simd_from_radix52(v64, l);
        mont4_reduce_once(t[i].limb, v64, &FR_MODULUS);
    }
}
#endif

void fr_sqrt_ratio2(fr_t x[2], bool ok[2], const fr_t u[2], const fr_t v[2], bool allow_simd)
{
    fr_t t[2];
#if FR_SIMD_X86
    if (allow_simd && fr_simd_available()) {
        sqrt_ratio_pow_lanes(x, t, u, v);
    } else
#endif
    {
        (void)allow_simd;
        for (int i = 0; i < 2; i++)
            sqrt_ratio_pow(&x[i], &t[i], &u[i], &v[i]);
    }
    for (int i = 0; i < 2; i++)
        ok[i] = sqrt_finish(&x[i], &t[i]);
}

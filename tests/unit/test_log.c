/* Logs: each call is exactly one line that jansson (an independent JSON parser) reads back with its typed fields. */
#include "check.h"
#include "service/log.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

CHECK_MAIN_STATE

int main(void)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return CHECK_EXIT();
    zks_logger lg;
    zks_logger_init(&lg, "svc\"x", ZKS_LOG_INFO, f);
    zks_log(&lg, ZKS_LOG_INFO, "multi\nline \"quoted\" \\ \x01", ZKS_LF_STR("path", "/v1/traces"), ZKS_LF_INT("n", -42),
            ZKS_LF_UINT("big", 9223372036854775808ULL), ZKS_LF_DOUBLE("secs", 0.25), ZKS_LF_BOOL("ok", true),
            ZKS_LF_DOUBLE("nan", NAN), ZKS_LF_STR("null", NULL));
    zks_log_msg(&lg, ZKS_LOG_DEBUG, "below the level: dropped");
    zks_log_msg(&lg, ZKS_LOG_ERROR, "second");
    zks_log_level lvl;
    CHECK(zks_log_level_parse("warn", &lvl) == 0 && lvl == ZKS_LOG_WARN);
    CHECK(zks_log_level_parse("verbose", &lvl) == -1);

    rewind(f);
    char line[2048];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        json_error_t je;
        /* integers as doubles: jansson's own integers stop at 2^63 - 1 */
        json_t *j = json_loads(line, JSON_DECODE_INT_AS_REAL, &je);
        CHECK_MSG(j != NULL, "line %d is not JSON: %s", lines, je.text);
        if (!j)
            continue;
        const char *ts = json_string_value(json_object_get(j, "ts"));
        CHECK(ts && strlen(ts) == 24 && ts[10] == 'T' && ts[23] == 'Z');
        CHECK(strcmp(json_string_value(json_object_get(j, "service")), "svc\"x") == 0);
        if (lines == 1) {
            CHECK(strcmp(json_string_value(json_object_get(j, "level")), "info") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "msg")), "multi\nline \"quoted\" \\ \x01") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "path")), "/v1/traces") == 0);
            CHECK(json_number_value(json_object_get(j, "n")) == -42);
            CHECK(json_number_value(json_object_get(j, "big")) == 9223372036854775808.0); /* 2^63, exact in a double */
            CHECK(json_real_value(json_object_get(j, "secs")) == 0.25);
            CHECK(json_is_true(json_object_get(j, "ok")));
            CHECK(json_is_null(json_object_get(j, "nan")));
            CHECK(strcmp(json_string_value(json_object_get(j, "null")), "") == 0);
        } else {
            CHECK(strcmp(json_string_value(json_object_get(j, "level")), "error") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "msg")), "second") == 0);
        }
        json_decref(j);
    }
    CHECK_MSG(lines == 2, "%d lines", lines);
    fclose(f);
    return CHECK_EXIT();
}

/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_read.c - ho_defs_read_file(), the one reader of
 * a definitions file: the text comes back byte for byte, a missing file is
 * an I/O error with the path, and a file over HO_DEFS_MAX_FILE_BYTES is
 * refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "defs/defs_yaml.h"

/* The embedded copy is made from the same file at build time, so the two
 * must be identical. */
static void
test_reads_the_example_byte_for_byte(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_defs_read_file(HO_SOURCE_DIR "/examples/definitions.yaml", &text, &diag),
                     HO_OK);
    assert_int_equal(text.len, (size_t)ho_example_definitions_len);
    assert_memory_equal(text.ptr, ho_example_definitions, text.len);
    ho_buf_release(&text);
}

static void
test_missing_file_is_an_io_error_naming_it(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_defs_read_file("/nonexistent/defs.yaml", &text, &diag), HO_EIO);
    assert_int_equal(diag.sys_errno, ENOENT);
    assert_non_null(strstr(diag.msg, "'/nonexistent/defs.yaml'"));
    ho_buf_release(&text);
}

/* One byte over the limit is refused; exactly the limit is read. */
static void
test_file_over_the_limit_is_refused(void **state)
{
    (void)state;
    char path[64];
    (void)snprintf(path, sizeof(path), "/tmp/ho_test_defs_read_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < HO_DEFS_MAX_FILE_BYTES; i++)
        assert_int_equal(fputc('#', f), '#');
    assert_int_equal(fclose(f), 0);

    struct ho_buf text = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_defs_read_file(path, &text, &diag), HO_OK);
    assert_int_equal(text.len, HO_DEFS_MAX_FILE_BYTES);
    ho_buf_release(&text);

    f = fopen(path, "ab");
    assert_non_null(f);
    assert_int_equal(fputc('#', f), '#');
    assert_int_equal(fclose(f), 0);
    ho_diag_clear(&diag);
    assert_int_equal(ho_defs_read_file(path, &text, &diag), HO_ELIMIT);
    assert_non_null(strstr(diag.msg, "larger than"));
    ho_buf_release(&text);
    (void)unlink(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_the_example_byte_for_byte),
        cmocka_unit_test(test_missing_file_is_an_io_error_naming_it),
        cmocka_unit_test(test_file_over_the_limit_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * cli/fit_output.c - terminal tables that fit the terminal.
 *
 * While fitting, the command's standard output goes to a temporary file;
 * ho_cli_fit_end() reads it back and writes it to the real standard output
 * with every line fitted (report/fit.h), and the --wide footnote when a line
 * was cut.  Reports print once they have computed, so holding the text back
 * changes nothing a person sees but its width.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "report/fit.h"

/* The narrowest width fitted to: below it nothing useful remains. */
#define MIN_FIT_WIDTH 20

static struct {
    bool active;
    int saved_fd; /* the real standard output */
    FILE *held;   /* where standard output goes meanwhile */
    size_t width;
} fit;

/* A positive column count from the environment variable name, else 0. */
static size_t
env_columns(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return 0;
    long n = strtol(v, &end, 10);
    return *end == '\0' && n > 0 && n < 100000 ? (size_t)n : 0;
}

size_t
ho_cli_terminal_width(void)
{
    size_t forced = env_columns("HO_COLUMNS");
    if (forced)
        return forced;
    if (!isatty(STDOUT_FILENO))
        return 0; /* a pipe or a file: never cut */
    size_t cols = env_columns("COLUMNS");
    struct winsize ws;
    if (!cols && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        cols = ws.ws_col;
    return cols;
}

void
ho_cli_fit_begin(bool wide)
{
    size_t width = wide ? 0 : ho_cli_terminal_width();
    if (fit.active || width == 0)
        return;
    fit.width = width < MIN_FIT_WIDTH ? MIN_FIT_WIDTH : width;
    fflush(stdout);
    fit.held = tmpfile();
    fit.saved_fd = fit.held ? dup(STDOUT_FILENO) : -1;
    if (fit.saved_fd < 0 || dup2(fileno(fit.held), STDOUT_FILENO) < 0) {
        if (fit.saved_fd >= 0)
            close(fit.saved_fd);
        if (fit.held)
            fclose(fit.held);
        fit.held = NULL;
        return; /* cannot hold the output back: print it as it is */
    }
    fit.active = true;
}

/* The held text (the whole temporary file) into text. */
static void
read_held(struct ho_buf *text)
{
    char chunk[65536];
    size_t n;
    rewind(fit.held);
    while ((n = fread(chunk, 1, sizeof(chunk), fit.held)) > 0)
        ho_buf_add(text, chunk, n);
}

void
ho_cli_fit_end(void)
{
    if (!fit.active)
        return;
    fit.active = false;
    fflush(stdout);
    struct ho_buf text = HO_BUF_INIT, out = HO_BUF_INIT;
    read_held(&text);
    if (dup2(fit.saved_fd, STDOUT_FILENO) < 0)
        ho_cli_error("cannot restore the standard output");
    close(fit.saved_fd);
    fclose(fit.held);
    fit.held = NULL;
    if (ho_fit_text(ho_buf_cstr(&text), text.len, fit.width, &out))
        (void)ho_fit_text(HO_FIT_FOOTNOTE, strlen(HO_FIT_FOOTNOTE), fit.width, &out);
    fwrite(ho_buf_cstr(&out), 1, out.len, stdout);
    ho_buf_release(&text);
    ho_buf_release(&out);
}

/* SPDX-License-Identifier: MIT */
/*
 * http/assets.h - the dashboard's files, embedded in the binary at build
 * time (cmake/HoWeb.cmake, cmake/HoEmbedAssets.cmake), served without a
 * token at GET / and GET /assets/{name}: the page asks for a token itself
 * and sends it as a Bearer header to the /v1 routes.
 */
#ifndef HO_HTTP_ASSETS_H
#define HO_HTTP_ASSETS_H

#include <stddef.h>

struct ho_web_asset {
    const char *name;          /* "index.html", "app.js", ... */
    const unsigned char *data; /* NUL-terminated after len bytes */
    size_t len;
    const char *etag; /* a quoted strong validator: part of the file's SHA-256 */
};

/* The generated table (build dir, generated/web_assets.c). */
extern const struct ho_web_asset ho_web_assets[];
extern const size_t ho_web_n_assets;
/* 1: the esbuild bundle; 0: only the page that says how to build it. */
extern const int ho_web_dashboard_built;

/* The asset called name, or NULL. */
const struct ho_web_asset *ho_web_asset_find(const char *name);

/* The Content-Type for a file name, by its extension. */
const char *ho_web_content_type(const char *name);

#endif /* HO_HTTP_ASSETS_H */

/* SPDX-License-Identifier: MIT */
/*
 * http/assets.c - GET / and GET /assets/{name}: the embedded dashboard.
 *
 * The files never change while the binary runs, so each response carries a
 * strong ETag computed at build time and an If-None-Match that names it is
 * answered 304 with no body.  index.html is revalidated on every load
 * (no-cache) so that a new binary's page is seen at once; the bundle files
 * it names may then be cached for a day, the ETag revalidating them after.
 * The data are static: the response points at them (no copy).  A file
 * built with a gzip copy (NAME.gz: the bundle) is sent compressed to a
 * client whose Accept-Encoding names gzip, with its own ETag.
 */
#include <stdio.h>
#include <string.h>

#include "http/assets.h"
#include "http/http_int.h"
#include "http/routes.h"

const struct ho_web_asset *
ho_web_asset_find(const char *name)
{
    for (size_t i = 0; i < ho_web_n_assets; i++) {
        if (strcmp(ho_web_assets[i].name, name) == 0)
            return &ho_web_assets[i];
    }
    return NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *
ho_web_content_type(const char *name)
{
    if (ends_with(name, ".html"))
        return "text/html; charset=utf-8";
    if (ends_with(name, ".js"))
        return "text/javascript; charset=utf-8";
    if (ends_with(name, ".css"))
        return "text/css; charset=utf-8";
    if (ends_with(name, ".svg"))
        return "image/svg+xml";
    if (ends_with(name, ".png"))
        return "image/png";
    return "application/octet-stream";
}

/* Does the If-None-Match header (a list of validators, or *) name etag? */
static bool
etag_matches(struct MHD_Connection *c, const char *etag)
{
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (!inm)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    const char *hit = strstr(inm, etag);
    return hit != NULL;
}

static enum MHD_Result
queue(struct ho_http_req *rq, unsigned status, struct MHD_Response *r)
{
    (void)MHD_add_response_header(r, "X-Request-Id", rq->id);
    (void)MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    /* The page runs only its own code: no inline script, nothing from outside. */
    (void)MHD_add_response_header(r, "Content-Security-Policy",
                                  "default-src 'self'; img-src 'self' data:; "
                                  "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    (void)MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    enum MHD_Result res = MHD_queue_response(rq->conn, status, r);
    MHD_destroy_response(r);
    rq->status = status;
    rq->responded = true;
    return res;
}

/* The gzip copy of a when there is one and the client takes gzip. */
static const struct ho_web_asset *
gzip_variant(struct MHD_Connection *c, const struct ho_web_asset *a)
{
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    if (!ae || !strstr(ae, "gzip"))
        return NULL;
    char name[128];
    if ((size_t)snprintf(name, sizeof(name), "%s.gz", a->name) >= sizeof(name))
        return NULL;
    return ho_web_asset_find(name);
}

static enum MHD_Result
serve_asset(struct ho_http_req *rq, const struct ho_web_asset *plain)
{
    const struct ho_web_asset *gz = gzip_variant(rq->conn, plain);
    const struct ho_web_asset *a = gz ? gz : plain;
    bool fresh = etag_matches(rq->conn, a->etag);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        fresh ? 0 : a->len, fresh ? NULL : (void *)a->data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    (void)MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, a->etag);
    (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                                  strcmp(a->name, "index.html") == 0 ? "no-cache"
                                                                     : "public, max-age=86400");
    if (!fresh)
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                      ho_web_content_type(plain->name));
    if (gz && !fresh)
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    (void)MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    return queue(rq, fresh ? 304 : 200, r);
}

enum MHD_Result
ho_http_get_asset(struct ho_http_req *rq)
{
    const char *name =
        rq->route->kind == HO_ROUTE_INDEX ? "index.html" : rq->path + strlen(rq->route->path);
    const struct ho_web_asset *a = ho_web_asset_find(name);
    /* index.html is reached only as / (one URL per page); NAME.gz only
     * through Accept-Encoding */
    bool hidden = strcmp(name, "index.html") == 0 || ends_with(name, ".gz");
    if (!a || (rq->route->kind == HO_ROUTE_ASSET && hidden)) {
        char detail[320];
        (void)snprintf(detail, sizeof(detail), "no asset %.256s", rq->path);
        return ho_http_problem(rq, 404, "not-found", "Not found", detail, NULL);
    }
    return serve_asset(rq, a);
}

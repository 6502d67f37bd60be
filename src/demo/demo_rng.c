/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_rng.c - the generator's own PRNG and the distributions it draws.
 *
 * xoshiro256** (Blackman and Vigna, public-domain algorithm), seeded from
 * splitmix64 of (seed, stream) so that every account and every lead has an
 * independent stream: changing the number of leads does not change the
 * leads that were already there.  Never reads the clock.
 */
#include "demo/demo_int.h"

#include <math.h>

static uint64_t
splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void
ho_demo_rng_seed(struct ho_demo_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
    /* Mix the stream once more so that nearby streams start far apart. */
    x = splitmix64(&x) ^ stream;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

uint64_t
ho_demo_rng_next(struct ho_demo_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double
ho_demo_rng_unit(struct ho_demo_rng *r)
{
    return (double)(ho_demo_rng_next(r) >> 11) * 0x1.0p-53;
}

uint32_t
ho_demo_rng_below(struct ho_demo_rng *r, uint32_t n)
{
    /* Lemire's multiply-shift; the bias for n < 2^32 is below 2^-32. */
    return (uint32_t)(((ho_demo_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int64_t
ho_demo_rng_range(struct ho_demo_rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(ho_demo_rng_next(r) % span);
}

bool
ho_demo_rng_chance(struct ho_demo_rng *r, double p)
{
    return ho_demo_rng_unit(r) < p;
}

double
ho_demo_rng_exp(struct ho_demo_rng *r, double mean)
{
    return -mean * log1p(-ho_demo_rng_unit(r));
}

uint32_t
ho_demo_rng_poisson(struct ho_demo_rng *r, double lambda)
{
    if (lambda <= 0)
        return 0;
    if (lambda > 60) {
        /* Normal approximation; the generator never needs exact tails. */
        double u1 = ho_demo_rng_unit(r);
        double u2 = ho_demo_rng_unit(r);
        double z = sqrt(-2.0 * log1p(-u1)) * cos(2.0 * M_PI * u2);
        double v = lambda + sqrt(lambda) * z + 0.5;
        return v < 0 ? 0 : (uint32_t)v;
    }
    /* Knuth's multiplication method. */
    double limit = exp(-lambda);
    double p = 1.0;
    uint32_t k = 0;
    for (;;) {
        p *= ho_demo_rng_unit(r);
        if (p <= limit)
            return k;
        k++;
    }
}

size_t
ho_demo_rng_pick(struct ho_demo_rng *r, const double *weights, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += weights[i];
    double u = ho_demo_rng_unit(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (u < weights[i])
            return i;
        u -= weights[i];
    }
    /* Rounding: the last index with a positive weight. */
    for (size_t i = n; i > 0; i--) {
        if (weights[i - 1] > 0)
            return i - 1;
    }
    return 0;
}

/* SPDX-License-Identifier: MIT */
/* Keeps a layer library non-empty while it has no sources yet. */
typedef int ho_empty_translation_unit;

/** Computes go.sum's h1 hashes (dirhash Hash1) of go.mod files and module zips, enforcing Go's module zip rules. */
package io.proxywatch.sumdb.dirhash;

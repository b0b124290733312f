/** Verifies what a Go checksum database serves: signed tree notes, Merkle tiles and the proofs built from them. */
package io.proxywatch.sumdb;

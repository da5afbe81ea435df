package io.netpol.store;

/**
 * What a file input held at one record boundary: the position (bytes, uncompressed), the lines or
 * messages before it, and the fingerprint of the (up to) 1 KiB just before it. An input whose bytes
 * before {@code position} have the same fingerprint holds, in practice, the same content up to
 * there.
 */
public record ContentMark(long position, long line, String tailHash) {}

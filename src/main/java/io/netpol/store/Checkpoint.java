package io.netpol.store;

/**
 * How far one input has been read.
 *
 * @param source stable identity of the input (for files: head fingerprint, plus a suffix when
 *     several different files share a first record)
 * @param head fingerprint of the input's first record
 * @param path where it was last read from, for messages
 * @param position bytes (uncompressed) or offset consumed so far
 * @param line lines or messages consumed so far, so problems keep their numbers across runs
 * @param tailHash fingerprint of the (up to) 1 KiB just before {@code position}
 */
public record Checkpoint(
    String source, String head, String path, long position, long line, String tailHash) {}

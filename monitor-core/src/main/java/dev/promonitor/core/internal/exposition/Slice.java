package dev.promonitor.core.internal.exposition;

/**
 * A part of a byte array that is never changed once rendered.
 *
 * @param array the bytes
 * @param offset where the part starts
 * @param length how many bytes it has
 */
record Slice(byte[] array, int offset, int length) {}

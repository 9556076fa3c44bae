package dev.integrity.device;

/**
 * A WebSocket message, read: its batch, and the id a pipelined batch carries (a string or a whole
 * number, echoed in its answer; null for a plain array or sample, whose answer carries none).
 */
public record ImuMessage(Object batchId, ImuBatch batch) {
}

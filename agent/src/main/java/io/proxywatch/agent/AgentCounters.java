package io.proxywatch.agent;

/**
 * A snapshot of an agent's counters since it started.
 *
 * @param probesDone probes finished (successful or failed) and queued for sending
 * @param probesSkipped probes not started because the target's previous probe was still running
 * @param samplesSent samples written to the collector stream, replays included
 * @param samplesAcked samples the collector acknowledged, released from the outbox
 * @param samplesDropped samples discarded because the outbox was full
 * @param outboxSize samples waiting for an acknowledgement now
 */
public record AgentCounters(
    long probesDone, long probesSkipped, long samplesSent, long samplesAcked, long samplesDropped,
    int outboxSize) {
  @Override
  public String toString() {
    return "probes-done=" + probesDone + " probes-skipped=" + probesSkipped + " samples-sent=" + samplesSent
        + " samples-acked=" + samplesAcked + " samples-dropped=" + samplesDropped + " outbox=" + outboxSize;
  }
}

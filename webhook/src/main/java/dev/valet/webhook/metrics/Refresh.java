package dev.valet.webhook.metrics;

/** Gauges that are read on a timer; closing stops the timer. */
public interface Refresh extends AutoCloseable {
  @Override
  void close();
}

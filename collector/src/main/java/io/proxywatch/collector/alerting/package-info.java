/**
 * Notifications for divergence episodes and silent agents: a transactional outbox the detector writes to,
 * and a leader-only notifier that delivers it to signed webhooks, Slack and Prometheus Alertmanager.
 * Delivery is at-least-once; webhook receivers dedupe on {@code X-Proxywatch-Delivery}.
 */
package io.proxywatch.collector.alerting;

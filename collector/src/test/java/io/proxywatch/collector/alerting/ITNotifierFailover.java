package io.proxywatch.collector.alerting;

import static io.proxywatch.collector.alerting.Fixtures.count;
import static io.proxywatch.collector.alerting.Fixtures.enqueue;
import static io.proxywatch.collector.alerting.Fixtures.firing;
import static io.proxywatch.collector.alerting.Fixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.testkit.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox is the only state: a restarted notifier finds what was queued, and two leaders never double-send. */
class ITNotifierFailover {
  @RegisterExtension
  static final OutboxFixture outbox = new OutboxFixture();

  static Alerting leader(URI url, SimpleMeterRegistry meters) {
    return outbox.start(webhook(url), meters, () -> true);
  }

  @Test
  @SuppressWarnings("try") // the second notifier only has to run
  void queuedWhileReceiverDownOrNotifierClosed_deliveredByTheNextNotifier() throws Exception {
    int port = Ports.free();
    URI url = URI.create("http://127.0.0.1:" + port + "/hook");
    Alerting first = leader(url, new SimpleMeterRegistry());
    enqueue(outbox.pool(), first, firing(701), 1);
    await().until(() -> count(outbox.pool(), "episode_id = 701 AND attempts > 0 AND last_error IS NOT NULL") == 1);
    first.close();
    enqueue(outbox.pool(), first, firing(702), 1);

    try (Receiver receiver = Receiver.start(port); Alerting second = leader(url, new SimpleMeterRegistry())) {
      await().until(() -> receiver.delivered().size() == 2);

      assertThat(receiver.delivered()).extracting(r -> r.body().contains("\"id\":701") ? 701 : 702).containsExactlyInAnyOrder(701, 702);
      await().until(() -> count(outbox.pool(), "episode_id IN (701, 702) AND delivered_at IS NOT NULL") == 2);
    }
  }

  @Test
  void twoLeadersAtOnce_deliverEachRowOnce() throws Exception {
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    try (Receiver receiver = Receiver.start();
         Alerting a = leader(receiver.url("/hook"), metersA);
         Alerting b = leader(receiver.url("/hook"), metersB)) {
      for (int episode = 800; episode < 850; episode++) {
        enqueue(outbox.pool(), episode % 2 == 0 ? a : b, firing(episode), 1);
        b.wake();
        a.wake();
      }
      await().until(() -> receiver.requests().size() >= 50);
      await().during(Duration.ofMillis(500)).until(() -> receiver.requests().size() == 50);

      assertThat(receiver.requests()).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER)).doesNotHaveDuplicates();
      String channel = a.outbox().channels().get(0);
      double byA = metersA.counter("proxywatch_notifications_delivered", "channel", channel).count();
      double byB = metersB.counter("proxywatch_notifications_delivered", "channel", channel).count();
      assertThat(byA + byB).isEqualTo(50);
      System.out.printf("two leaders: A delivered %.0f, B delivered %.0f of 50%n", byA, byB);
    }
  }

  @Test
  @SuppressWarnings("try") // the current notifier only has to run
  void rowsOfARemovedChannel_areGivenUpOnceOld() throws Exception {
    AlertingConfig.Timings f = Fixtures.FAST;
    AlertingConfig.Timings shortLived = new AlertingConfig.Timings(f.poll(), f.initialBackoff(), f.maxBackoff(),
        Duration.ofMillis(300), f.requestTimeout(), f.alertmanagerResend());
    try (Alerting removed = outbox.start(webhook(URI.create("http://127.0.0.1:1/gone")), new SimpleMeterRegistry(), () -> false)) {
      enqueue(outbox.pool(), removed, firing(901), 1);
    }
    await().until(() -> count(outbox.pool(), "episode_id = 901 AND created_at < now() - interval '300 milliseconds'") == 1);

    try (Receiver receiver = Receiver.start();
         Alerting current = outbox.start(new AlertingConfig(List.of(receiver.url("/hook")), Fixtures.SECRET, List.of(), List.of(),
             shortLived), new SimpleMeterRegistry(), () -> true)) {
      await().until(() -> count(outbox.pool(), "episode_id = 901 AND failed_at IS NOT NULL AND last_error = 'channel no longer configured'") == 1);
      assertThat(receiver.requests()).isEmpty();
    }
  }
}

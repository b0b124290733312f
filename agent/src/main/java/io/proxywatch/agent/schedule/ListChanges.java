package io.proxywatch.agent.schedule;

import com.google.protobuf.ByteString;
import io.proxywatch.agent.probe.ProbeTarget;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@code @v/list} body hash per proxy and module, to tell when a list changed from its previous
 * probe on the same proxy: then that module's immutable {@code .mod} and {@code .zip} are probed again at
 * once instead of an hour later. Only lists still scheduled are remembered.
 */
final class ListChanges {
  private final Map<String, ByteString> last = new ConcurrentHashMap<>();

  /** Records a 200 list body's hash; true when the previous one on this proxy differed. */
  boolean changed(ProbeTarget list, ByteString sha256) {
    ByteString previous = last.put(key(list), sha256);
    return previous != null && !previous.equals(sha256);
  }

  void retain(Set<String> keys) {
    last.keySet().retainAll(keys);
  }

  static String key(ProbeTarget target) {
    return target.proxy() + " " + target.module();
  }
}

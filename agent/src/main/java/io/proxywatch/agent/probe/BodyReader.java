package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.Sample;

/**
 * What a probe reads from a body besides its hash, fed the same chunks as the digest as they stream, so
 * nothing beyond the body cap is ever held: the versions an {@code @v/list} names ({@link ListedVersions}),
 * the version {@code .info} and {@code @latest} report ({@link ReportedVersion}), the h1 of a {@code .mod} as go.sum
 * records it ({@link GoModHash}).
 */
interface BodyReader {
  BodyReader NONE = new BodyReader() {
    @Override
    public void update(byte[] chunk, int offset, int length) {}

    @Override
    public void finish(Sample.Builder sample) {}
  };

  void update(byte[] chunk, int offset, int length);

  /** Records what was read; called only for a 200 whose body was read in full. */
  void finish(Sample.Builder sample);

  static BodyReader forEndpoint(Endpoint endpoint) {
    return switch (endpoint) {
      case LIST -> new ListedVersions();
      case INFO, LATEST -> new ReportedVersion();
      case MOD -> new GoModHash();
      case ZIP -> NONE;
    };
  }
}

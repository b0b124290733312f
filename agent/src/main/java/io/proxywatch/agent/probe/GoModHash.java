package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.Sample;
import io.proxywatch.sumdb.dirhash.H1;
import java.io.ByteArrayOutputStream;

/**
 * The h1 of a .mod body (dirhash Hash1 over the single file go.mod), what go.sum and the checksum database record:
 * verification's seam in the probe. A .mod is small and already bounded by the body cap, so it is kept to hash.
 */
final class GoModHash implements BodyReader {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  @Override
  public void update(byte[] chunk, int offset, int length) {
    body.write(chunk, offset, length);
  }

  @Override
  public void finish(Sample.Builder sample) {
    sample.setGoModH1(H1.goMod(body.toByteArray()));
  }
}

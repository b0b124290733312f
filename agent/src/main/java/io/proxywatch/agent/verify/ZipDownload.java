package io.proxywatch.agent.verify;

import io.proxywatch.sumdb.dirhash.ModuleZip;
import io.proxywatch.sumdb.dirhash.ModuleZipException;
import io.proxywatch.sumdb.dirhash.ZipDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import okhttp3.Response;

/**
 * A full GET of a module zip (through the {@link Fetcher}: redirects followed), streamed through the verification bandwidth into
 * {@link ModuleZip#hash} (spooled to a temporary file, never held in memory). Failures are {@link Failed} with the
 * reason a verification carries.
 */
final class ZipDownload {
  private final Fetcher fetcher;
  private final Bandwidth bandwidth;
  private final Path tmpDir;

  ZipDownload(Bandwidth bandwidth, Path tmpDir, Fetcher fetcher) {
    this.bandwidth = bandwidth;
    this.tmpDir = tmpDir;
    this.fetcher = fetcher;
  }

  /** Why a zip could not be hashed. */
  static final class Failed extends Exception {
    final String reason;

    Failed(String reason, String detail, Throwable cause) {
      super(detail, cause);
      this.reason = reason;
    }
  }

  /** What a download read: the digest of the bytes and the ETag they came with ("" when none). */
  record Downloaded(ZipDigest digest, String etag) {}

  /** Downloads and hashes the zip at {@code url}, which holds {@code module@version}. */
  Downloaded hash(String url, String module, String version) throws Failed {
    try (Response response = fetcher.get(url)) {
      if (response.code() != 200) throw new Failed("http_status", "GET " + url + ": HTTP " + response.code(), null);
      String etag = response.header("ETag", "");
      try (InputStream in = bandwidth.throttle(response.body().byteStream())) {
        return new Downloaded(ModuleZip.hash(in, module, version, tmpDir), etag);
      }
    } catch (ModuleZipException e) {
      String reason = e.getMessage().contains("larger than") ? "zip_too_large" : "zip_invalid";
      throw new Failed(reason, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new Failed("fetch_failed", "GET " + url + ": " + e, e);
    }
  }
}

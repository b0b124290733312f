package io.proxywatch.agent.targets;

import com.google.protobuf.InvalidProtocolBufferException;
import io.proxywatch.agent.spool.Directories;
import io.proxywatch.proto.v1.TargetSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last target set the collector pushed, as its protobuf bytes in {@code <state-dir>/targets.pb}, so an
 * agent that starts while the collector is unreachable probes it. Written atomically (temporary file,
 * fsync, rename, directory fsync); a file that cannot be read or parsed is logged and ignored.
 */
public final class TargetSetFile {
  private static final Logger logger = LoggerFactory.getLogger(TargetSetFile.class);
  public static final String NAME = "targets.pb";

  private final Path file;

  public TargetSetFile(Path stateDir) {
    this.file = stateDir.resolve(NAME);
  }

  public Optional<TargetSet> load() {
    try {
      return Optional.of(TargetSet.parseFrom(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (InvalidProtocolBufferException e) {
      logger.warn("ignoring {}: not a target set ({})", file, e.getMessage());
    } catch (IOException e) {
      logger.warn("ignoring {}: cannot read it ({})", file, e.toString());
    }
    return Optional.empty();
  }

  /** Replaces the file; a failure is logged (the set still applies, it is only not remembered). */
  public void save(TargetSet set) {
    try {
      Directories.replace(file, set.toByteArray());
    } catch (IOException e) {
      logger.warn("cannot persist target set {} to {}: {}", set.getVersion(), file, e.toString());
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      logger.warn("cannot delete {}: {}", file, e.toString());
    }
  }
}

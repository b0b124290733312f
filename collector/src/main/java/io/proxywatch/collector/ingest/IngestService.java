package io.proxywatch.collector.ingest;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.storage.AgentRegistry;
import io.proxywatch.collector.storage.SampleWriter;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.IngestGrpc;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/** The gRPC ingest endpoint: one {@link AgentStream} per agent connection. */
public final class IngestService extends IngestGrpc.IngestImplBase {
  private final AgentStream.Dependencies dependencies;

  public IngestService(AgentRegistry registry, SampleWriter writer, Executor blocking, Clock clock, MeterRegistry meters) {
    this(registry, writer, blocking, clock, meters, TargetSource.NONE, new ConnectedAgents());
  }

  /** targets: what each region probes; connected: where this replica's welcomed streams are listed. */
  public IngestService(AgentRegistry registry, SampleWriter writer, Executor blocking, Clock clock, MeterRegistry meters,
                       TargetSource targets, ConnectedAgents connected) {
    this.dependencies = new AgentStream.Dependencies(
        Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(writer, "writer"),
        Objects.requireNonNull(blocking, "blocking"), new MessageValidator(clock),
        Objects.requireNonNull(targets, "targets"), Objects.requireNonNull(connected, "connected"), clock,
        new IngestMetrics(meters));
  }

  @Override
  public StreamObserver<AgentMessage> stream(StreamObserver<CollectorMessage> responseObserver) {
    return new AgentStream((ServerCallStreamObserver<CollectorMessage>) responseObserver, dependencies,
        AgentAuth.SESSION.get());
  }
}

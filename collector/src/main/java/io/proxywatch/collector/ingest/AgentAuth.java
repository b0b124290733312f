package io.proxywatch.collector.ingest;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.auth.Credentials;
import io.proxywatch.collector.auth.TokenSecrets;
import java.util.Optional;

/**
 * Lets a stream in only with a valid agent token ("authorization: Bearer pwa_..."), and tells the stream
 * which agent id and region that token was enrolled for, so it cannot speak as anyone else.
 */
public final class AgentAuth implements ServerInterceptor {
  static final Context.Key<Session> SESSION = Context.key("proxywatch-agent-session");
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The enrolled identity and the token it was proven with (to notice a revocation mid-stream). */
  record Session(Credentials.AgentIdentity identity, String token, Credentials credentials) {
    boolean stillValid() {
      return credentials.agent(token).isPresent();
    }
  }

  private final Credentials credentials;
  private final Counter refused;

  public AgentAuth(Credentials credentials, MeterRegistry meters) {
    this.credentials = credentials;
    this.refused = Counter.builder("proxywatch_ingest_unauthenticated").description("Agent streams refused for a missing, unknown, revoked or mismatched token").register(meters);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String token = TokenSecrets.bearer(headers.get(AUTHORIZATION));
    Optional<Credentials.AgentIdentity> identity = credentials.agent(token);
    if (identity.isEmpty()) {
      refused.increment();
      call.close(Status.UNAUTHENTICATED.withDescription(token.isEmpty()
          ? "missing agent token: send 'authorization: Bearer <token>' (proxywatch-collector agents add)"
          : "unknown or revoked agent token"), new Metadata());
      return new ServerCall.Listener<>() { };
    }
    Context context = Context.current().withValue(SESSION, new Session(identity.get(), token, credentials));
    return Contexts.interceptCall(context, call, headers, next);
  }
}

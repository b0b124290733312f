package io.proxywatch.collector.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.IngestGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads agent messages so that bytes which do not parse (garbage, truncation, strings that are not UTF-8)
 * become an empty message carrying the parse error, which the stream counts and skips, instead of an
 * INTERNAL error that would end the stream. Messages over the size limit still end it: they cannot be read.
 */
final class LenientMessages implements MethodDescriptor.Marshaller<AgentMessage> {
  /** An unknown field number no real agent sends; it holds the parse error of an unreadable message. */
  static final int PARSE_ERROR_FIELD = 536_870_000;

  private final MethodDescriptor.Marshaller<AgentMessage> strict = ProtoUtils.marshaller(AgentMessage.getDefaultInstance());

  @Override
  public InputStream stream(AgentMessage value) {
    return strict.stream(value);
  }

  @Override
  public AgentMessage parse(InputStream stream) {
    try {
      return AgentMessage.parseFrom(stream);
    } catch (InvalidProtocolBufferException e) {
      return unreadable(e.getMessage());
    } catch (IOException e) {
      return unreadable("unreadable message: " + e.getMessage());
    }
  }

  static AgentMessage unreadable(String error) {
    UnknownFieldSet.Field field = UnknownFieldSet.Field.newBuilder()
        .addLengthDelimited(ByteString.copyFrom(String.valueOf(error), StandardCharsets.UTF_8)).build();
    return AgentMessage.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder().addField(PARSE_ERROR_FIELD, field).build()).build();
  }

  /** The parse error an unreadable message carries, if it is one. */
  static Optional<String> parseError(AgentMessage message) {
    UnknownFieldSet.Field field = message.getUnknownFields().getField(PARSE_ERROR_FIELD);
    return field.getLengthDelimitedList().isEmpty() ? Optional.empty()
        : Optional.of(field.getLengthDelimitedList().get(0).toStringUtf8());
  }

  /** The ingest service with this marshaller for what agents send. */
  @SuppressWarnings("unchecked")
  static ServerServiceDefinition lenient(ServerServiceDefinition service) {
    String name = IngestGrpc.getStreamMethod().getFullMethodName();
    ServerMethodDefinition<AgentMessage, CollectorMessage> method =
        (ServerMethodDefinition<AgentMessage, CollectorMessage>) service.getMethod(name);
    MethodDescriptor<AgentMessage, CollectorMessage> descriptor = method.getMethodDescriptor()
        .toBuilder(new LenientMessages(), method.getMethodDescriptor().getResponseMarshaller()).build();
    // The schema descriptor stays, so server reflection still describes the service.
    ServiceDescriptor described = ServiceDescriptor.newBuilder(service.getServiceDescriptor().getName())
        .setSchemaDescriptor(service.getServiceDescriptor().getSchemaDescriptor()).addMethod(descriptor).build();
    return ServerServiceDefinition.builder(described).addMethod(descriptor, method.getServerCallHandler()).build();
  }
}

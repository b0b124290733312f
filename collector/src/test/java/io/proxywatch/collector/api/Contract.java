package io.proxywatch.collector.api;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The OpenAPI contract (openapi.json on the classpath) as a test reads it: the JSON Schema a response to one
 * operation and status must match, found the way a client finds it (path template, method, status, following
 * a {@code $ref} to a shared response), and validated with JSON Schema 2020-12, OpenAPI 3.1's dialect.
 */
final class Contract {
  private static final String LOCATION = "classpath:openapi.json";
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  final JsonObject document;

  Contract() {
    try (InputStream in = Contract.class.getClassLoader().getResourceAsStream("openapi.json")) {
      if (in == null) throw new IllegalStateException("openapi.json is not on the classpath");
      document = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Violations of {@code body} against the schema for PATH_TEMPLATE METHOD STATUS (application/json, or problem+json for
   * errors); a response the contract gives no content (204) must have an empty body.
   */
  List<String> violations(String pathTemplate, String method, int status, String body) {
    String pointer = "/paths/" + escape(pathTemplate) + "/" + method + "/responses/" + status;
    JsonObject response = (JsonObject) document.getJsonObject("paths").getJsonObject(pathTemplate).getJsonObject(method)
        .getJsonObject("responses").getValue(String.valueOf(status));
    if (response == null) return List.of("the contract has no " + status + " response for " + method + " " + pathTemplate);
    if (response.containsKey("$ref")) {
      pointer = response.getString("$ref").substring(1);
      response = document.getJsonObject("components").getJsonObject("responses").getJsonObject(pointer.substring(pointer.lastIndexOf('/') + 1));
    }
    if (!response.containsKey("content")) {
      return body.isEmpty() ? List.of() : List.of("the contract has no body for " + status + " of " + method + " " + pathTemplate);
    }
    String mediaType = response.getJsonObject("content").fieldNames().iterator().next();
    Schema schema = registry.getSchema(SchemaLocation.of(LOCATION + "#" + pointer + "/content/" + escape(mediaType) + "/schema"));
    return schema.validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}

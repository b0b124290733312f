package io.proxywatch.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drops the test databases a test class made once it is done (found by JUnit's extension autodetection, which the
 * parent pom turns on). Test classes of one JVM run one after another, so what was made so far is no longer used.
 */
public final class DropTestDatabases implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getRequiredTestClass().getEnclosingClass() == null) TestDatabases.dropLater();
  }
}

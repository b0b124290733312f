package io.proxywatch.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * fabric8 model classes keep fields they do not declare in {@code additionalProperties} instead of
 * failing. This walks an object's getters and asserts that no such map, at any depth, is non-empty.
 */
final class UnknownFields {

  private UnknownFields() {}

  static void assertNone(String path, Object object) {
    if (object == null || !object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (isGetter(getter)) {
        visit(path + "." + property(getter), invoke(getter, object), getter);
      }
    }
  }

  private static void visit(String path, Object value, Method getter) {
    if (getter.getName().equals("getAdditionalProperties")) {
      assertThat((Map<?, ?>) value).as("unknown fields at %s", path).isNullOrEmpty();
    } else if (value instanceof Collection) {
      int i = 0;
      for (Object item : (Collection<?>) value) {
        assertNone(path + "[" + i++ + "]", item);
      }
    } else if (value instanceof Map) {
      ((Map<?, ?>) value).forEach((key, item) -> assertNone(path + "[" + key + "]", item));
    } else {
      assertNone(path, value);
    }
  }

  private static boolean isGetter(Method method) {
    return method.getName().startsWith("get")
        && method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && method.getDeclaringClass().getName().startsWith("io.fabric8");
  }

  private static String property(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}

package dev.codexpar.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codexpar.mcp.Views;
import dev.codexpar.model.Orphan;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.store.Facts;
import dev.codexpar.store.JsonTypes;
import dev.codexpar.store.RunMeta;
import dev.codexpar.store.TaskMeta;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A native image only reflects on registered classes, and Jackson reads and writes records by
 * reflection: every codex-par type reachable from what Jackson is given must be registered (no
 * native build runs here, so this is the check that the registration is complete).
 */
class NativeReflectionTest {
  /** What {@code store.Json.MAPPER} reads or writes: the run folder's files and status --json. */
  private static final List<Class<?>> FILE_ROOTS =
      List.of(
          TaskSpec.class,
          TaskMeta.class,
          RunMeta.class,
          Facts.Fact.class,
          RunSnapshot.class,
          Orphan.class);

  @Test
  void everyTypeJacksonReachesIsRegistered() {
    Set<Class<?>> registered = new LinkedHashSet<>();
    registered.addAll(targets(JsonTypes.class));
    registered.addAll(targets(Views.class));

    Set<Class<?>> roots = new LinkedHashSet<>(FILE_ROOTS);
    // Every tool result is one of the Views records.
    roots.addAll(Arrays.asList(Views.class.getDeclaredClasses()));

    assertThat(reachable(roots)).isNotEmpty().isSubsetOf(registered);
  }

  private static List<Class<?>> targets(Class<?> holder) {
    RegisterForReflection annotation = holder.getAnnotation(RegisterForReflection.class);
    assertThat(annotation).as("@RegisterForReflection on %s", holder).isNotNull();
    return List.of(annotation.targets());
  }

  /** The codex-par records and enums in the roots' record components, transitively. */
  private static Set<Class<?>> reachable(Set<Class<?>> roots) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Type> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Type type = todo.pop();
      if (type instanceof ParameterizedType p) {
        todo.push(p.getRawType());
        todo.addAll(List.of(p.getActualTypeArguments()));
      } else if (type instanceof GenericArrayType a) {
        todo.push(a.getGenericComponentType());
      } else if (type instanceof WildcardType w) {
        todo.addAll(List.of(w.getUpperBounds()));
      } else if (type instanceof Class<?> c) {
        if (c.isArray()) {
          todo.push(c.getComponentType());
        } else if (c.getName().startsWith("dev.codexpar.") && seen.add(c) && c.isRecord()) {
          for (RecordComponent component : c.getRecordComponents()) {
            todo.push(component.getGenericType());
          }
        }
      }
    }
    return seen;
  }
}

package dev.zora.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's Java snippets in the README and docs/library.md compile against the code as it is
 * (one once passed a stale argument list).
 */
class ReadmeLibraryExampleTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "docs/library.md"})
  void everyJavaBlockCompiles(String document) throws Exception {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of(document)));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    assertFalse(blocks.isEmpty(), document + " has a java block");
    for (int i = 0; i < blocks.size(); i++) {
      assertCompiles(document + " block " + (i + 1), blocks.get(i));
    }
  }

  private static void assertCompiles(String name, String statements) throws Exception {
    String source =
        """
        import dev.zora.decode.*;
        import dev.zora.explain.*;
        import dev.zora.inference.*;
        import dev.zora.pipeline.*;
        import dev.zora.segmentation.*;
        import java.nio.file.*;
        import java.time.*;

        class Example {
          static void run() throws Exception {
        %s
          }
        }
        """
            .formatted(statements);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertNotNull(compiler, "a JDK is needed to compile the examples");
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///Example.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    Path out = Files.createTempDirectory("doc-example");
    StringWriter errors = new StringWriter();
    boolean compiled =
        compiler
            .getTask(
                errors,
                null,
                null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path")),
                null,
                List.of(file))
            .call();
    assertTrue(compiled, name + " does not compile:\n" + errors + "\n" + source);
  }
}

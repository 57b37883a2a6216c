package dev.zora.docs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The README's library example compiles against the code as it is (it once passed a stale argument list). */
class ReadmeLibraryExampleTest {
  private static final Pattern EXAMPLE =
      Pattern.compile("## Using the pipeline as a library.*?```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theLibraryExampleCompiles() throws Exception {
    Matcher example = EXAMPLE.matcher(Files.readString(Path.of("README.md")));
    assertTrue(example.find(), "the README has a java block under 'Using the pipeline as a library'");
    String source = """
        import dev.zora.decode.*;
        import dev.zora.inference.*;
        import dev.zora.pipeline.*;
        import dev.zora.segmentation.*;
        import java.nio.file.*;
        import java.time.*;

        class ReadmeExample {
          static void run() throws Exception {
        %s
          }
        }
        """.formatted(example.group(1));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertNotNull(compiler, "a JDK is needed to compile the example");
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///ReadmeExample.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    Path out = Files.createTempDirectory("readme-example");
    StringWriter errors = new StringWriter();
    boolean compiled = compiler.getTask(errors, null, null,
        List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path")), null, List.of(file)).call();
    assertTrue(compiled, "the README's library example does not compile:\n" + errors + "\n" + source);
  }
}

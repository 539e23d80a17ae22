package io.github.subnetsim.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first Java block compiles as a reader copies it: alone, in an empty directory, against the class path
 * a user's test module has (subnet-sim's extension and assertions, JUnit, Hamcrest), with nothing from this module.
 */
class ReadmeCompilesTest {

	@Test
	void theFirstExampleCompilesFromACopy(@TempDir Path fresh) throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		Matcher block = Pattern.compile("```java\n(.*?)\n```", Pattern.DOTALL).matcher(readme);
		assertTrue(block.find(), "the README has a java block");
		String code = block.group(1);
		Matcher name = Pattern.compile("^class (\\w+)", Pattern.MULTILINE).matcher(code);
		assertTrue(name.find(), "the block is a whole test class: " + code);
		assertTrue(readme.substring(0, block.start()).contains("SEED_DOCUMENTED") || readme.substring(block.end()).contains("CURRENT_REPLICA"),
				"the README says which profile the example runs and how to pick the other");

		Path source = fresh.resolve(name.group(1) + ".java");
		Files.writeString(source, code, StandardCharsets.UTF_8);
		Path classes = Files.createDirectories(fresh.resolve("classes"));
		// This module's own test classes are left out: the copy must not lean on a helper that lives here.
		String own = Path.of("target", "test-classes").toAbsolutePath().toString();
		List<String> path = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			if (!Path.of(entry).toAbsolutePath().toString().equals(own)) {
				path.add(entry);
			}
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		StringWriter diagnostics = new StringWriter();
		boolean ok = javac.getTask(diagnostics, null, null,
				List.of("-d", classes.toString(), "-classpath", String.join(java.io.File.pathSeparator, path), "-proc:none"), null,
				javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
		assertTrue(ok, "the README's example does not compile as copied:\n" + diagnostics);
		assertEquals(true, Files.exists(classes.resolve(name.group(1) + ".class")));
	}
}

package io.github.subnetsim.assertions.idempotency;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every Java block of docs/idempotency.md is copied from the test file named above it: its lines appear, in order,
 * in that file (indentation aside), so the page cannot drift from code that compiles and passes.
 */
class IdempotencyDocsTest {

	private static final Path ROOT = Path.of("..");

	@Test
	void everyCodeBlockIsCopiedFromItsTestFile() throws IOException {
		List<String> doc = Files.readAllLines(ROOT.resolve("docs/idempotency.md"), StandardCharsets.UTF_8);
		String source = null;
		int blocks = 0;
		for (int i = 0; i < doc.size(); i++) {
			String line = doc.get(i);
			if (line.startsWith("Source: `")) {
				source = line.substring("Source: `".length(), line.lastIndexOf('`'));
			}
			if (line.equals("```java")) {
				assertTrue(source != null, "the block at line " + (i + 1) + " names no source file");
				List<String> block = new ArrayList<>();
				for (i++; !doc.get(i).equals("```"); i++) {
					block.add(doc.get(i));
				}
				assertCopied(block, source);
				source = null;
				blocks++;
			}
		}
		assertTrue(blocks >= 6, "expected the page's code blocks, found " + blocks);
	}

	private static void assertCopied(List<String> block, String source) throws IOException {
		List<String> file = Files.readAllLines(ROOT.resolve(source), StandardCharsets.UTF_8);
		int at = 0;
		for (String line : block) {
			if (line.isBlank()) {
				continue;
			}
			while (at < file.size() && !file.get(at).trim().equals(line.trim())) {
				at++;
			}
			assertTrue(at < file.size(), "docs/idempotency.md: \"" + line.trim() + "\" is not in " + source + " (in this order)");
			at++;
		}
	}
}

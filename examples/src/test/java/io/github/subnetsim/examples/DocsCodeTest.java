package io.github.subnetsim.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Code in the README and the docs is taken from compiled, tested code: every {@code ```java} block names its source,
 * either {@code <!-- snippet: path#tag -->} (the block is exactly the region between {@code // tag::tag[]} and
 * {@code // end::tag[]} in that file) or {@code Source: `path`} (every line of the block appears in that file, in
 * order).
 */
class DocsCodeTest {

	private static final Path ROOT = Path.of("..");
	private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");
	private static final Pattern SOURCE = Pattern.compile("^Source: `([^`]+)`");

	record Block(Path doc, int line, List<String> code, String marker) {
	}

	@TestFactory
	Stream<DynamicTest> everyJavaBlockIsTakenFromTestedCode() throws IOException {
		List<Path> docs = new ArrayList<>();
		docs.add(ROOT.resolve("README.md"));
		try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
			s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
		}
		List<Block> blocks = new ArrayList<>();
		for (Path doc : docs) {
			blocks.addAll(javaBlocks(doc));
		}
		assertTrue(blocks.size() >= 5, "expected code blocks in the docs, found " + blocks.size());
		return blocks.stream().map(b -> DynamicTest.dynamicTest(ROOT.relativize(b.doc()) + ":" + b.line(), () -> check(b)));
	}

	private static List<Block> javaBlocks(Path doc) throws IOException {
		List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
		List<Block> out = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (!lines.get(i).trim().equals("```java")) {
				continue;
			}
			String marker = null;
			for (int back = i - 1; back >= Math.max(0, i - 3); back--) {
				String l = lines.get(back).trim();
				if (SNIPPET.matcher(l).find() || SOURCE.matcher(l).find()) {
					marker = l;
					break;
				}
			}
			List<String> code = new ArrayList<>();
			int j = i + 1;
			while (j < lines.size() && !lines.get(j).trim().equals("```")) {
				code.add(lines.get(j));
				j++;
			}
			out.add(new Block(doc, i + 1, code, marker));
			i = j;
		}
		return out;
	}

	private static void check(Block b) throws IOException {
		if (b.marker() == null) {
			fail("the java block at " + b.doc() + ":" + b.line() + " names no source; put <!-- snippet: path#tag --> or Source: `path` "
					+ "right above it and take the code from a tested file");
		}
		Matcher snippet = SNIPPET.matcher(b.marker());
		if (snippet.find()) {
			List<String> region = region(ROOT.resolve(snippet.group(1)), snippet.group(2));
			assertEquals(String.join("\n", dedent(region)), String.join("\n", dedent(b.code())),
					b.doc() + ":" + b.line() + " differs from " + snippet.group(1) + "#" + snippet.group(2));
			return;
		}
		Matcher source = SOURCE.matcher(b.marker());
		assertTrue(source.find());
		List<String> file = Files.readAllLines(ROOT.resolve(source.group(1)), StandardCharsets.UTF_8);
		int at = 0;
		for (String line : b.code()) {
			String want = line.trim();
			if (want.isEmpty() || want.equals("...") || want.equals("…")) {
				continue;
			}
			while (at < file.size() && !file.get(at).trim().equals(want)) {
				at++;
			}
			assertTrue(at < file.size(), b.doc() + ":" + b.line() + ": line not found (in order) in " + source.group(1) + ": " + want);
			at++;
		}
	}

	static List<String> region(Path file, String tag) throws IOException {
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		List<String> out = new ArrayList<>();
		boolean in = false;
		for (String l : lines) {
			if (l.trim().equals("// end::" + tag + "[]")) {
				return out;
			}
			if (in) {
				out.add(l);
			}
			if (l.trim().equals("// tag::" + tag + "[]")) {
				in = true;
			}
		}
		throw new AssertionError("no region '" + tag + "' (// tag::" + tag + "[] ... // end::" + tag + "[]) in " + file);
	}

	static List<String> dedent(List<String> lines) {
		int common = Integer.MAX_VALUE;
		for (String l : lines) {
			if (!l.isBlank()) {
				int n = 0;
				while (n < l.length() && (l.charAt(n) == '\t' || l.charAt(n) == ' ')) {
					n++;
				}
				common = Math.min(common, n);
			}
		}
		List<String> out = new ArrayList<>();
		for (String l : lines) {
			out.add(l.isBlank() ? "" : l.substring(Math.min(common, l.length())).replace("\t", "    ").stripTrailing());
		}
		return out;
	}
}

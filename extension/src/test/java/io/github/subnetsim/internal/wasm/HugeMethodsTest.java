package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

/**
 * Functions whose compiled JVM methods HotSpot leaves interpreted by default (over {@code HugeMethodLimit}, 8,000 bytes
 * of bytecode) are found, named, and reported once with the JVM option that fixes it (docs/wasm-transforms.md, "Speed").
 */
class HugeMethodsTest {

	@Test
	void motokosCandidHeaderParserIsSplitUnderTheLimit() throws IOException {
		// Metered, parse_idl_header (which every Motoko transform runs) compiled to 8,960 bytes, and ran interpreted;
		// FunctionOutlining moves some of its blocks into functions of their own. What cannot be split is listed.
		List<HugeMethods.Huge> huge = LoadedModule.of(ModuleLoadingTest.resource("motoko-transforms.wasm")).hugeFunctions();
		assertTrue(huge.stream().noneMatch(h -> h.function().equals("parse_idl_header")), huge.toString());
		for (int i = 0; i < huge.size(); i++) {
			assertTrue(huge.get(i).bytes() > HugeMethods.HUGE_METHOD_LIMIT, huge.toString());
			assertTrue(i == 0 || huge.get(i - 1).bytes() >= huge.get(i).bytes(), "largest first: " + huge);
		}
	}

	@Test
	void theHandWrittenFixtureHasNone() throws IOException {
		assertEquals(List.of(), LoadedModule.of(ModuleLoadingTest.resource("metering.wasm")).hugeFunctions());
	}

	@Test
	void aModuleWithOneIsReportedOnceWithTheOptionThatCompilesIt() {
		List<LogRecord> records = new ArrayList<>();
		Handler capture = new Handler() {
			@Override
			public void publish(LogRecord r) {
				records.add(r);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		Logger log = Logger.getLogger("io.github.subnetsim.wasm");
		log.addHandler(capture);
		try {
			LoadedModule m = LoadedModule.of(bigFunctionModule());
			List<HugeMethods.Huge> huge = m.hugeFunctions();
			assertEquals(1, huge.size(), huge.toString());
			assertEquals("big_function", huge.get(0).function());
			// 2,000 × (local.get, i32.const 1000, i32.add, local.set): about 6 bytes of bytecode each, 12,000 in all
			assertTrue(huge.get(0).bytes() > 12_000, huge.toString());
			m.hugeFunctions(); // compiled once: no second report
		}
		finally {
			log.removeHandler(capture);
		}
		if (HugeMethods.leftInterpreted()) {
			assertEquals(1, records.size(), records.toString());
			String text = records.get(0).getMessage();
			assertTrue(text.contains("1 function(s) compile to JVM methods over 8000 bytes (largest: big_function, "), text);
			assertTrue(text.contains("Add -XX:-DontCompileHugeMethods to the test JVM's options"), text);
		}
		else {
			assertEquals(List.of(), records, "this JVM compiles huge methods: nothing to advise");
		}
	}

	/**
	 * {@code (func $big_function (export "canister_query big") (local i32) 2,000 × (local.get 0; i32.const 1000;
	 * i32.add; local.set 0))}, with a name section, and a custom section that makes the bytes (so the cached module) this
	 * test's own.
	 */
	private static byte[] bigFunctionModule() {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(1); // one group of locals
		body.write(1);
		body.write(0x7F);
		for (int i = 0; i < 2_000; i++) {
			body.writeBytes(new byte[] {0x20, 0x00, 0x41, (byte) 0xE8, 0x07, 0x6A, 0x21, 0x00});
		}
		body.write(0x0B);
		ByteArrayOutputStream m = new ByteArrayOutputStream();
		m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
		section(m, 1, new byte[] {1, 0x60, 0, 0});
		section(m, 3, new byte[] {1, 0});
		byte[] export = "canister_query big".getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream exports = new ByteArrayOutputStream();
		exports.write(1);
		leb(exports, export.length);
		exports.writeBytes(export);
		exports.write(0);
		exports.write(0);
		section(m, 7, exports.toByteArray());
		ByteArrayOutputStream code = new ByteArrayOutputStream();
		code.write(1);
		leb(code, body.size());
		code.writeBytes(body.toByteArray());
		section(m, 10, code.toByteArray());
		byte[] fn = "big_function".getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream names = new ByteArrayOutputStream();
		names.write(4);
		names.writeBytes("name".getBytes(StandardCharsets.US_ASCII));
		names.write(1); // function names
		leb(names, 3 + fn.length);
		names.write(1);
		names.write(0);
		leb(names, fn.length);
		names.writeBytes(fn);
		section(m, 0, names.toByteArray());
		byte[] nonce = ("HugeMethodsTest " + HugeMethodsTest.class.hashCode()).getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream custom = new ByteArrayOutputStream();
		custom.write(5);
		custom.writeBytes("nonce".getBytes(StandardCharsets.US_ASCII));
		custom.writeBytes(nonce);
		section(m, 0, custom.toByteArray());
		return m.toByteArray();
	}

	private static void section(ByteArrayOutputStream out, int id, byte[] content) {
		out.write(id);
		leb(out, content.length);
		out.writeBytes(content);
	}

	private static void leb(ByteArrayOutputStream out, int value) {
		int v = value;
		do {
			int b = v & 0x7F;
			v >>>= 7;
			out.write(v == 0 ? b : b | 0x80);
		}
		while (v != 0);
	}
}

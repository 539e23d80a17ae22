package io.github.subnetsim.internal.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.github.subnetsim.wasm.WasmCanister;

/** Loading: the SHA-256 cache, the committed fixtures' sums, and bad input as clear load-time errors. */
class ModuleLoadingTest {

	static byte[] resource(String name) throws IOException {
		try (InputStream in = ModuleLoadingTest.class.getResourceAsStream("/canisters/" + name)) {
			return in.readAllBytes();
		}
	}

	@Test
	void aModuleIsParsedOncePerJvmAndCachedBySha256() throws IOException {
		byte[] bytes = resource("system-api.wasm");
		LoadedModule first = LoadedModule.of(bytes);
		int parses = LoadedModule.parses();
		LoadedModule again = LoadedModule.of(bytes.clone());
		WasmCanister canister = WasmCanister.fromBytes(bytes);
		assertSame(first, again);
		assertEquals(parses, LoadedModule.parses(), "no second parse");
		assertEquals(first.sha256(), canister.sha256());
	}

	@Test
	void theCommittedFixturesMatchTheirSha256Sums() throws IOException {
		String sums = new String(resource("SHA256SUMS"), StandardCharsets.US_ASCII);
		int checked = 0;
		for (String line : sums.split("\n")) {
			String[] parts = line.trim().split("\\s+");
			assertEquals(parts[0], LoadedModule.sha256(resource(parts[1])), parts[1]);
			checked++;
		}
		assertEquals(7, checked);
	}

	@Test
	void notWasmIsAClearLoadError() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> WasmCanister.fromBytes("{\"not\":\"wasm\"}".getBytes(StandardCharsets.UTF_8)));
		assertEquals("not a Wasm module: the file does not start with \\0asm", e.getMessage());
		IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
				() -> WasmCanister.fromBytes(HexFormat.of().parseHex("0061736d010000000105016000")));
		assertTrue(truncated.getMessage().startsWith("not a valid Wasm module: "), truncated.getMessage());
	}

	@Test
	void anImportTheReplicaDoesNotProvideIsALoadError() {
		// (module (import "env" "abort" (func))) and (module (import "ic0" "launch_missiles" (func)))
		byte[] env = HexFormat.of().parseHex("0061736d01000000010401600000020d0103656e760561626f72740000");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WasmCanister.fromBytes(env));
		assertTrue(e.getMessage().startsWith("the module imports env.abort"), e.getMessage());
		byte[] missiles = HexFormat.of().parseHex("0061736d01000000010401600000021701036963300f6c61756e63685f6d697373696c65730000");
		IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> WasmCanister.fromBytes(missiles));
		assertTrue(m.getMessage().startsWith("the module imports ic0.launch_missiles"), m.getMessage());
	}

	@Test
	void memory64IsLoweredAndWhatCannotBeLoweredIsAClearLoadError() {
		// (module (memory i64 1)): limits flag 0x04, lowered to wasm32
		byte[] m64 = HexFormat.of().parseHex("0061736d01000000050301040" + "1");
		assertTrue(LoadedModule.of(m64).lowered());
		// (module (memory i64 1) (func (export "canister_query v") i64.const 0 v128.load drop)): SIMD is not lowered
		byte[] simd = HexFormat.of().parseHex("0061736d010000000104016000000302010005030104010714011063616e69737465725f7175657279207600000a0b01"
				+ "09004200fd0004001a0b");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WasmCanister.fromBytes(simd));
		assertEquals("the module uses memory64 (Motoko >= 2.0 enhanced orthogonal persistence), and subnet-sim cannot lower it to wasm32: "
				+ "cannot lower a module that uses SIMD (opcode 0xFD) to wasm32 yet; build the canister with classic persistence, or lower it "
				+ "with `wasm-opt --memory64-lowering` (npm binaryen)", e.getMessage());
	}
}

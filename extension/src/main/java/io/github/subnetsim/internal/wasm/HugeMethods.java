package io.github.subnetsim.internal.wasm;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * The functions of a compiled module whose JVM methods HotSpot will not compile: a method of more than
 * {@value #HUGE_METHOD_LIMIT} bytes of bytecode ({@code HugeMethodLimit}) stays in the bytecode interpreter while
 * {@code -XX:+DontCompileHugeMethods} is on, which is the default. Such a function runs several times slower than the
 * rest (Motoko's {@code parse_idl_header}, which every call runs, is one): docs/wasm-transforms.md, "Speed".
 * <pre>{@code
 * List<HugeMethods.Huge> huge = HugeMethods.in(jarOfCompiledClasses, module);   // largest first
 * if (!huge.isEmpty() && HugeMethods.leftInterpreted()) { ... advise -XX:-DontCompileHugeMethods ... }
 * }</pre>
 */
final class HugeMethods {

	/** HotSpot's {@code HugeMethodLimit} (a develop flag: the same in every product build). */
	static final int HUGE_METHOD_LIMIT = 8000;

	/**
	 * One function over the limit.
	 *
	 * @param function its name in the module's name section, or {@code func[N]}
	 * @param bytes the size of its JVM method's bytecode
	 */
	record Huge(String function, int bytes) {
	}

	private HugeMethods() {
	}

	/** Whether this JVM leaves huge methods interpreted ({@code DontCompileHugeMethods}, true unless turned off). */
	static boolean leftInterpreted() {
		try {
			var diagnostic = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
			return diagnostic != null && Boolean.parseBoolean(diagnostic.getVMOption("DontCompileHugeMethods").getValue());
		}
		catch (RuntimeException | LinkageError e) {
			return false; // not HotSpot: its JIT has limits of its own, which this does not know
		}
	}

	/**
	 * The functions over the limit in the classes Chicory generated for {@code module} (a jar, as its compiler's cache
	 * stores them), largest first.
	 */
	static List<Huge> in(byte[] jar, WasmModule module) throws IOException {
		List<Huge> out = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
			for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
				if (e.getName().endsWith(".class")) {
					methods(zip.readAllBytes(), module, out);
				}
			}
		}
		out.sort(Comparator.comparingInt(Huge::bytes).reversed());
		return out;
	}

	/** Reads a class file's methods (JVMS §4) and keeps the {@code func_N} ones whose code is over the limit. */
	private static void methods(byte[] classFile, WasmModule module, List<Huge> out) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
		in.skipNBytes(8); // magic, minor, major
		int count = in.readUnsignedShort();
		String[] utf8 = new String[count];
		for (int i = 1; i < count; i++) {
			int tag = in.readUnsignedByte();
			switch (tag) {
				case 1 -> utf8[i] = in.readUTF();
				case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
				case 5, 6 -> {
					in.skipNBytes(8);
					i++; // a long or a double takes two entries
				}
				case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
				case 15 -> in.skipNBytes(3);
				default -> throw new IOException("unknown constant pool tag " + tag);
			}
		}
		in.skipNBytes(6); // access, this, super
		in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
		skipMembers(in);
		int methods = in.readUnsignedShort();
		for (int m = 0; m < methods; m++) {
			in.skipNBytes(2);
			String name = utf8[in.readUnsignedShort()];
			in.skipNBytes(2);
			int attributes = in.readUnsignedShort();
			for (int a = 0; a < attributes; a++) {
				String attribute = utf8[in.readUnsignedShort()];
				int length = in.readInt();
				if ("Code".equals(attribute) && name != null && name.startsWith("func_")) {
					in.skipNBytes(4); // max_stack, max_locals
					int code = in.readInt();
					in.skipNBytes(length - 8L);
					if (code > HUGE_METHOD_LIMIT) {
						out.add(new Huge(functionName(module, Integer.parseInt(name.substring(5))), code));
					}
				}
				else {
					in.skipNBytes(length);
				}
			}
		}
	}

	private static void skipMembers(DataInputStream in) throws IOException {
		int members = in.readUnsignedShort();
		for (int f = 0; f < members; f++) {
			in.skipNBytes(6);
			int attributes = in.readUnsignedShort();
			for (int a = 0; a < attributes; a++) {
				in.skipNBytes(2);
				in.skipNBytes(in.readInt());
			}
		}
	}

	private static String functionName(WasmModule module, int index) {
		String name = module.nameSection() == null ? null : module.nameSection().nameOfFunction(index);
		return name != null ? name : "func[" + index + "]";
	}
}

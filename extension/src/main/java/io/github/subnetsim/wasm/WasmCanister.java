package io.github.subnetsim.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.MeteredTransformFunction;
import io.github.subnetsim.Transform;
import io.github.subnetsim.TransformExecution;
import io.github.subnetsim.internal.wasm.CanisterErrors;
import io.github.subnetsim.internal.wasm.CanisterRuntime;
import io.github.subnetsim.internal.wasm.LoadedModule;
import io.github.subnetsim.internal.wasm.TransformArgsCandid;

/**
 * A canister's own {@code .wasm}, installed in the simulator, whose transform queries run in every replica instead of
 * a Java copy of them. The module is parsed once per JVM (cached by SHA-256); the canister is installed once (start
 * function, then {@code canister_init}); each replica's call runs on its own fresh instance of that installed state,
 * with the replica's Candid argument, System API, instruction metering and reject texts (docs/docs/wasm-transforms.md).
 *
 * <pre>{@code
 * WasmCanister canister = WasmCanister.load(Path.of("target/wasm32-unknown-unknown/release/backend.wasm"));
 * try (Subnet subnet = Subnet.builder().replicas(13).build()) {
 *     OutcallResult result = subnet.httpRequest(HttpRequestArgs.get(url)
 *             .transform(canister.transform("transform", "usd".getBytes(UTF_8)))
 *             .build());
 *     result.trace().replicas().get(0).transformInstructions(); // e.g. 552_241
 * }
 * }</pre>
 */
public final class WasmCanister {

	/** The time {@code ic0.time} answers unless told otherwise: a fixed instant, so runs are reproducible. */
	public static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

	/** How many distinct transform calls {@link #transform} remembers, and the reply bytes they may hold together. */
	private static final int REMEMBERED_CALLS = 32;
	private static final long REMEMBERED_BYTES = 16L * 1024 * 1024;

	private final CanisterRuntime runtime;
	private final long instructionLimit;
	private final String docs;
	private final boolean reuseIdenticalCalls;
	private final Map<CallKey, TransformExecution> remembered = new LinkedHashMap<>(16, 0.75f, true);
	private long rememberedBytes;
	private final AtomicInteger reused = new AtomicInteger();

	/**
	 * A transform call's inputs as given, with its outcome as the replicas see it: decoded once, and the same object for
	 * every replica that reuses it, so the outcall hashes its reply once ({@code internal.pipeline.ShareHashes}).
	 */
	private record LastCall(HttpResponse response, byte[] context, String canisterId, long limit, TransformExecution outcome) {

		boolean matches(HttpResponse r, byte[] c, String caller, long effectiveLimit) {
			return limit == effectiveLimit && Objects.equals(canisterId, caller) && Arrays.equals(context, c)
					&& (response == r || response.equals(r));
		}
	}

	/**
	 * One transform call's inputs: the method, its Candid argument, the caller and the limit. The argument's bytes are
	 * compared, not a digest of them: a hash code and an equality check cost a fraction of a SHA-256.
	 */
	private record CallKey(String method, byte[] arg, int argHash, String canisterId, long limit) {

		CallKey(String method, byte[] arg, String canisterId, long limit) {
			this(method, arg, Arrays.hashCode(arg), canisterId, limit);
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof CallKey k && k.argHash == argHash && k.limit == limit && k.method.equals(method) && Objects.equals(k.canisterId, canisterId)
					&& Arrays.equals(k.arg, arg);
		}

		@Override
		public int hashCode() {
			return (argHash * 31 + method.hashCode()) * 31 + Long.hashCode(limit);
		}
	}

	private WasmCanister(CanisterRuntime runtime, long instructionLimit, String docs, boolean reuseIdenticalCalls) {
		this.runtime = runtime;
		this.instructionLimit = instructionLimit;
		this.docs = docs;
		this.reuseIdenticalCalls = reuseIdenticalCalls;
	}

	/**
	 * Loads and installs the module at {@code path} with the defaults.
	 *
	 * @param path the {@code .wasm} file
	 * @return the installed canister
	 */
	public static WasmCanister load(Path path) {
		return builder().load(path);
	}

	/**
	 * Loads and installs a module from its bytes with the defaults.
	 *
	 * @param module the Wasm module's bytes
	 * @return the installed canister
	 */
	public static WasmCanister fromBytes(byte[] module) {
		return builder().fromBytes(module);
	}

	/**
	 * Loads and installs a module from a class-path resource (for example {@code "/canisters/backend.wasm"}).
	 *
	 * @param resource the resource's absolute name
	 * @return the installed canister
	 */
	public static WasmCanister fromResource(String resource) {
		return builder().fromResource(resource);
	}

	/**
	 * Options: init argument, canister id at install, time, a lower test instruction limit, the docs URL in texts.
	 *
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The transform {@code canister_query <method>}, with an empty context.
	 *
	 * @param method the query's name
	 * @return a transform that runs the query on each replica's response
	 */
	public Transform transform(String method) {
		return transform(method, new byte[0]);
	}

	/**
	 * The transform {@code canister_query <method>}, with this context blob.
	 *
	 * @param method the query's name
	 * @param context the transform context blob
	 * @return a transform that runs the query on each replica's response
	 */
	public Transform transform(String method, byte[] context) {
		Objects.requireNonNull(method, "method");
		return Transform.of(method, new WasmTransformFunction(method)).withContext(context);
	}

	/**
	 * Calls {@code canister_query <method>} directly with a raw Candid argument, as a transform would be called: for
	 * tests of the canister itself (exact instruction counts, raw replies).
	 *
	 * @param method the query's name
	 * @param candidArgument the Candid-encoded argument
	 * @return the raw reply or reject, with the instructions used
	 */
	public QueryOutcome query(String method, byte[] candidArgument) {
		return runtime.query(method, candidArgument, MeteredTransformFunction.DEFAULT_CANISTER_ID,
				Math.min(instructionLimit, MeteredTransformFunction.DEFAULT_INSTRUCTION_LIMIT), docs);
	}

	/**
	 * The SHA-256 of the module, hex.
	 *
	 * @return the module's SHA-256, lowercase hex
	 */
	public String sha256() {
		return runtime.module().sha256();
	}

	/**
	 * How many instances have run a call so far: one per replica per outcall.
	 *
	 * @return the number of instances created
	 */
	public int instancesCreated() {
		return runtime.instancesCreated();
	}

	/**
	 * How many transform calls were answered from an identical earlier call instead of running again
	 * ({@link Builder#reuseIdenticalCalls}).
	 *
	 * @return the number of reused outcomes
	 */
	public int reusedCalls() {
		return reused.get();
	}

	/**
	 * The instruction limit a test set ({@link Builder#instructionLimit}); the replica's own limit applies too.
	 *
	 * @return the limit, in instructions
	 */
	public long instructionLimit() {
		return instructionLimit;
	}

	private void remember(CallKey key, TransformExecution run) {
		long size = key.arg().length + Math.max(0, run.replyLength());
		synchronized (remembered) {
			if (size > REMEMBERED_BYTES || remembered.containsKey(key)) {
				return;
			}
			remembered.put(key, run);
			rememberedBytes += size;
			Iterator<Map.Entry<CallKey, TransformExecution>> oldest = remembered.entrySet().iterator();
			while (remembered.size() > REMEMBERED_CALLS || rememberedBytes > REMEMBERED_BYTES) {
				Map.Entry<CallKey, TransformExecution> dropped = oldest.next();
				rememberedBytes -= dropped.getKey().arg().length + Math.max(0, dropped.getValue().replyLength());
				oldest.remove();
			}
		}
	}

	@Override
	public String toString() {
		return "WasmCanister{sha256=" + sha256() + "}";
	}

	private final class WasmTransformFunction implements MeteredTransformFunction {

		private final String method;
		/** The latest call, so that the replicas of one outcall with equal responses skip encoding and hashing. */
		private volatile LastCall last;

		WasmTransformFunction(String method) {
			this.method = method;
		}

		@Override
		public TransformExecution execute(HttpResponse response, byte[] context, String canisterId, long limit) {
			long effective = Math.min(limit, instructionLimit);
			if (reuseIdenticalCalls) {
				LastCall l = last;
				if (l != null && l.matches(response, context, canisterId, effective)) {
					// The argument is a function of (response, context): an equal pair is the same call, so the check
					// is a byte comparison instead of a Candid encoding and a SHA-256 per replica.
					reused.incrementAndGet();
					return l.outcome();
				}
			}
			byte[] arg = TransformArgsCandid.encode(response, context);
			if (!reuseIdenticalCalls) {
				return runtime.query(method, arg, canisterId, effective, docs).asTransform();
			}
			// A query is a function of the installed state (which no call changes) and its argument: replicas that
			// received identical responses get identical outcomes, instructions included, as the replica's would be.
			CallKey key = new CallKey(method, arg, canisterId, effective);
			TransformExecution known;
			synchronized (remembered) {
				known = remembered.get(key);
			}
			if (known != null) {
				reused.incrementAndGet();
				last = new LastCall(response, context == null ? null : context.clone(), canisterId, effective, known);
				return known;
			}
			TransformExecution run = runtime.query(method, arg, canisterId, effective, docs).asTransform();
			remember(key, run);
			last = new LastCall(response, context == null ? null : context.clone(), canisterId, effective, run);
			return run;
		}

		@Override
		public String toString() {
			return "wasm " + sha256().substring(0, 12) + " canister_query " + method;
		}
	}

	/**
	 * How to install the canister.
	 * <pre>{@code
	 * WasmCanister c = WasmCanister.builder()
	 *         .initArgument(candidBytes)        // canister_init's argument; DIDL\0\0 when not given
	 *         .time(Instant.parse("2026-05-01T12:00:00Z"))
	 *         .instructionLimit(50_000_000)     // a looping transform fails fast in tests
	 *         .load(Path.of("backend.wasm"));
	 * }</pre>
	 */
	public static final class Builder {

		private byte[] initArgument = CanisterRuntime.EMPTY_ARG;
		private String canisterId = MeteredTransformFunction.DEFAULT_CANISTER_ID;
		private Instant time = DEFAULT_TIME;
		private long instructionLimit = MeteredTransformFunction.DEFAULT_INSTRUCTION_LIMIT;
		private String docs = CanisterErrors.DOCS_NEWEST;
		private boolean reuseIdenticalCalls = true;

		private Builder() {
		}

		/**
		 * Whether a transform call whose argument (response and context), caller and limit equal a recent call's reuses
		 * that call's outcome (default true). The reply, reject and instruction count are those of one call, as the
		 * replica's; only the wall time is saved, for example when 13 replicas received the same response.
		 *
		 * @param value false to run every call
		 * @return this builder
		 */
		public Builder reuseIdenticalCalls(boolean value) {
			this.reuseIdenticalCalls = value;
			return this;
		}

		/**
		 * The Candid argument of {@code canister_init}.
		 *
		 * @param candid the Candid-encoded argument
		 * @return this builder
		 */
		public Builder initArgument(byte[] candid) {
			this.initArgument = Objects.requireNonNull(candid, "initArgument").clone();
			return this;
		}

		/**
		 * The canister id during install (a transform sees the subnet's calling canister).
		 *
		 * @param value the canister id, as text
		 * @return this builder
		 */
		public Builder canisterId(String value) {
			this.canisterId = Objects.requireNonNull(value, "canisterId");
			return this;
		}

		/**
		 * What {@code ic0.time} answers, during install and in every transform.
		 *
		 * @param value the time the canister sees
		 * @return this builder
		 */
		public Builder time(Instant value) {
			this.time = Objects.requireNonNull(value, "time");
			return this;
		}

		/**
		 * A lower instruction limit for tests; IC0522 then names this limit.
		 *
		 * @param value the limit, greater than 0
		 * @return this builder
		 */
		public Builder instructionLimit(long value) {
			if (value <= 0) {
				throw new IllegalArgumentException("instructionLimit must be > 0, got " + value);
			}
			this.instructionLimit = value;
			return this;
		}

		/**
		 * The documentation URL in error texts: the newest replicas' (default), or {@link CanisterErrors#DOCS_OLDER}.
		 *
		 * @param value the URL
		 * @return this builder
		 */
		public Builder docsUrl(String value) {
			this.docs = Objects.requireNonNull(value, "docsUrl");
			return this;
		}

		/**
		 * Loads and installs the module at {@code path}.
		 *
		 * @param path the {@code .wasm} file
		 * @return the installed canister
		 * @throws UncheckedIOException if the file cannot be read
		 */
		public WasmCanister load(Path path) {
			try {
				return fromBytes(Files.readAllBytes(path));
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read the Wasm module " + path, e);
			}
		}

		/**
		 * Loads and installs a module from a class-path resource.
		 *
		 * @param resource the resource's absolute name
		 * @return the installed canister
		 * @throws IllegalArgumentException if there is no such resource
		 */
		public WasmCanister fromResource(String resource) {
			try (InputStream in = WasmCanister.class.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalArgumentException("no class-path resource " + resource);
				}
				return fromBytes(in.readAllBytes());
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read the Wasm module " + resource, e);
			}
		}

		/**
		 * Installs a module from its bytes, running {@code canister_init} with the init argument.
		 *
		 * @param module the Wasm module's bytes
		 * @return the installed canister
		 */
		public WasmCanister fromBytes(byte[] module) {
			long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
			CanisterRuntime runtime = CanisterRuntime.install(LoadedModule.of(module), initArgument, canisterId, nanos);
			return new WasmCanister(runtime, instructionLimit, docs, reuseIdenticalCalls);
		}
	}
}

/**
 * Run a canister's own Wasm transform in every replica: {@link io.github.subnetsim.wasm.WasmCanister} loads the
 * {@code .wasm} a canister team builds ({@code cargo build}, {@code moc}) and gives each transform query as an
 * {@link io.github.subnetsim.Transform}, usable wherever a Java one is.
 * <pre>{@code
 * Transform t = WasmCanister.load(Path.of("backend.wasm")).transform("transform");
 * }</pre>
 */
package io.github.subnetsim.wasm;

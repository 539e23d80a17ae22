/**
 * How a canister's own Wasm transform runs in each replica (docs/wasm-transforms.md): the module loaded once per JVM
 * ({@link io.github.subnetsim.internal.wasm.LoadedModule}; a memory64 / table64 one lowered to wasm32 by
 * {@link io.github.subnetsim.internal.wasm.Memory64Lowering}), metered by injection
 * ({@link io.github.subnetsim.internal.wasm.MeteringInjection}) and compiled, installed and snapshotted
 * ({@link io.github.subnetsim.internal.wasm.CanisterRuntime}), called on an instance in the installed state per replica
 * (its memory a copy-on-write view of the snapshot, {@link io.github.subnetsim.internal.wasm.SnapshotMemory}) with the
 * {@code ic0} System API of the transform context ({@link io.github.subnetsim.internal.wasm.SystemApi}), metered by the
 * replica's rules ({@link io.github.subnetsim.internal.wasm.InstructionMeter}), with the Candid argument and reply
 * ({@link io.github.subnetsim.internal.wasm.TransformArgsCandid}, {@link io.github.subnetsim.internal.wasm.CandidReply})
 * and the replica's error texts ({@link io.github.subnetsim.internal.wasm.CanisterErrors}). The public face is
 * {@code io.github.subnetsim.wasm.WasmCanister}.
 */
package io.github.subnetsim.internal.wasm;

#!/usr/bin/env bash
# Regenerates the canister fixtures next to this script (docs/wasm-transforms.md, "Fixtures"). Opt-in: the build and CI use the
# committed .wasm files and SHA256SUMS, and need neither Node nor wabt.
#   needs: wat2wasm (Debian package wabt 1.0.32), node + npm (npm package motoko@4.10.0, installed into a temp dir
#   or into $MOTOKO_TOOLS when set), Debian's rustc 1.63 with libstd-rust-dev-wasm32 (apt-get install rustc
#   libstd-rust-dev-wasm32; $RUSTC overrides /usr/bin/rustc).
set -euo pipefail
cd "$(dirname "$0")"

# Hand-written WAT: exact instruction counts and System API corner cases.
wat2wasm metering.wat -o metering.wasm
wat2wasm system-api.wat -o system-api.wasm
wat2wasm stable.wat -o stable.wasm
wat2wasm --enable-memory64 metering64.wat -o metering64.wasm

# Motoko, classic persistence (wasm32): the npm motoko 4.10.0 compiler, pinned (later releases carry moc 2, which
# cannot build a classic module).
tools="${MOTOKO_TOOLS:-$(mktemp -d)}"
if [ ! -d "$tools/node_modules/motoko" ]; then
	npm install --prefix "$tools" --no-audit --no-fund --no-save motoko@4.10.0 >/dev/null
fi
NODE_PATH="$tools/node_modules" node motoko/build.js "$PWD/motoko-transforms.wasm"
# The same source with the compiler's defaults: enhanced orthogonal persistence, memory64 + table64 (what Motoko >= 2.0
# users ship); the simulator lowers it to wasm32 when it loads it.
NODE_PATH="$tools/node_modules" node motoko/build.js "$PWD/motoko-eop-transforms.wasm" eop

# Rust, no_std (wasm32): raw ic0 imports and a hand-written Candid walker, no crates.
"${RUSTC:-/usr/bin/rustc}" --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib -C opt-level=2 -C panic=abort \
	-C strip=symbols rust/transforms.rs -o rust-transforms.wasm

sha256sum metering.wasm system-api.wasm motoko-transforms.wasm rust-transforms.wasm metering64.wasm motoko-eop-transforms.wasm stable.wasm \
	> SHA256SUMS
cat SHA256SUMS

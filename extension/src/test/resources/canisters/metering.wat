;; The reference fixture for exact instruction counts (wasm-transforms.md §4, "Reference fixture").
;; Every count below uses the weights of dfinity/ic rs/embedders/src/wasm_utils/instrumentation.rs
;; (`instruction_to_cost`): const/local/arith 1, br_if/br 2, call 5, block/loop/end 0, +1 per function entry;
;; and the System API costs of rs/embedders/src/wasmtime_embedder/system_api_complexity.rs (500 per call) plus
;; 1 per copied byte and 50 per replied/rejected byte (linker.rs BYTE_TRANSMISSION_COST_FACTOR).
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject" (func $reject (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "DIDL\00\00no thanks")

  ;; 1 (entry) + 2 + 100 x 7 (loop body) + 7 (append) + 5 (reply) = 715 Wasm
  ;; + 500 + 50 x 6 (append of 6 bytes) + 500 (reply) = 2,015
  (func (export "canister_query spin") (local $i i32)
    i32.const 100
    local.set $i
    (loop $again
      local.get $i
      i32.const 1
      i32.sub
      local.set $i
      local.get $i
      br_if $again)
    i32.const 0
    i32.const 6
    call $append
    call $reply)

  ;; 1 + 12 (copy) + 11 (append) + 5 (reply) = 29 Wasm; with a 100-byte argument
  ;; + 2 x 500 (arg size) + 500 + 100 (copy) + 500 + 50 x 100 (append) + 500 (reply) = 7,629
  (func (export "canister_query echo")
    i32.const 1024
    i32.const 0
    call $arg_size
    call $arg_copy
    i32.const 1024
    call $arg_size
    call $append
    call $reply)

  ;; 1 + 7 = 8 Wasm + 500 + 50 x 9 (reject of "no thanks") = 958, a reject with code 4
  (func (export "canister_query no")
    i32.const 6
    i32.const 9
    call $reject)

  ;; 6 per iteration, forever: ends with IC0522 just past the limit
  (func (export "canister_query forever") (local $c i64)
    (loop $again
      local.get $c
      i64.const 1
      i64.add
      local.set $c
      br $again))

  ;; A trap the Wasm code raises itself, in a callee, in the middle of a block: the replica charges that block whole.
  ;; trap_deep: 1 (entry) + 1 (i32.const) + 5 (call) + 1 (drop) = 8, one block charged at its start;
  ;; $deep: 1 (entry) + 3 x 6 (loop body: local.get, i32.const, i32.sub, local.tee: 4 x 1; br_if: 2) + 0 (end)
  ;; + 4 (i32.const, i32.load, i32.const, i32.add: the last block, charged whole though the load traps) = 23.
  ;; Total 31, and no System API call.
  (func $deep (param $n i32) (result i32)
    (loop $again
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      br_if $again)
    i32.const 70000
    i32.load
    i32.const 1
    i32.add)
  (func (export "canister_query trap_deep")
    i32.const 3
    call $deep
    drop))

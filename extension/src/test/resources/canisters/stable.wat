;; Stable memory written by canister_init and read by transforms (wasm-transforms.md §3: stable64_* are allowed in TQ;
;; §4: stable64_read/write/size cost 20, plus 1 per byte moved; stable64_grow 500). A query's changes to stable memory
;; are discarded with the call, as its changes to the heap are (§5, "Per-call model").
(module
  (import "ic0" "stable64_grow" (func $grow (param i64) (result i64)))
  (import "ic0" "stable64_size" (func $size (result i64)))
  (import "ic0" "stable64_read" (func $read (param i64 i64 i64)))
  (import "ic0" "stable64_write" (func $write (param i64 i64 i64)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (memory 1)
  (data (i32.const 0) "installed")
  (data (i32.const 16) "written!!")

  ;; 1,024 pages (64 MiB) of stable memory, "installed" in its last 9 bytes (offset 67,108,855)
  (func (export "canister_init")
    i64.const 1024
    call $grow
    drop
    i64.const 67108855
    i64.const 0
    i64.const 9
    call $write)

  ;; replies the 9 bytes at the end of stable memory
  (func (export "canister_query read")
    i64.const 64
    i64.const 67108855
    i64.const 9
    call $read
    i32.const 64
    i32.const 9
    call $append
    call $reply)

  ;; overwrites them, then replies what it reads back
  (func (export "canister_query write_then_read")
    i64.const 67108855
    i64.const 16
    i64.const 9
    call $write
    i64.const 64
    i64.const 67108855
    i64.const 9
    call $read
    i32.const 64
    i32.const 9
    call $append
    call $reply)

  ;; grows stable memory by one page, then replies its size in pages, 8 bytes LE
  (func (export "canister_query grow_then_size")
    i64.const 1
    call $grow
    drop
    i32.const 64
    call $size
    i64.store
    i32.const 64
    i32.const 8
    call $append
    call $reply)

  ;; reads 10 bytes from the installed text's offset: one past the end
  (func (export "canister_query read_past_end")
    i64.const 64
    i64.const 67108855
    i64.const 10
    call $read
    call $reply)

  ;; reads 2^63 - 1 bytes from there: charged before the bounds check, more than any limit (not a wrapped sum)
  (func (export "canister_query read_everything")
    i64.const 64
    i64.const 67108855
    i64.const 0x7FFFFFFFFFFFFFFF
    call $read
    call $reply))

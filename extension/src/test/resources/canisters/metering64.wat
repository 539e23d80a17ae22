;; metering.wat's exact-count fixture as a memory64 module (wasm-transforms.md §4 "Memory64 modules", §6), with the
;; same weights (dfinity/ic rs/embedders/src/wasm_utils/instrumentation.rs `instruction_to_cost(op, Wasm64)`), where
;; loads and stores weigh 2 instead of 1. The ic0 pointers and sizes are i64, as in a Motoko EOP module. The counts are
;; those of this (original) module: what the simulator's lowering to wasm32 inserts must not count.
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i64)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i64 i64 i64)))
  (import "ic0" "msg_reply_data_append" (func $append (param i64 i64)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject" (func $reject (param i64 i64)))
  (memory i64 1)
  (data (i64.const 0) "DIDL\00\00no thanks")

  ;; The start function runs once, at install (the replica's canister install), never before a query: if it did, every
  ;; count below would carry its 1 (entry) + 2 + 1 + 1 + 2 = 7 instructions.
  (global $started (mut i64) (i64.const 0))
  (func $init
    global.get $started
    i64.const 1
    i64.add
    global.set $started)
  (start $init)

  ;; Replies only if the installed state is the one after the start function: 1 + 2 (global.get) + 1 + 1 + 2 (if)
  ;; + 7 (append) + 5 (reply) = 19 Wasm + 800 + 500 = 1,319
  (func (export "canister_query started")
    global.get $started
    i64.const 1
    i64.ne
    (if (then unreachable))
    i64.const 0
    i64.const 6
    call $append
    call $reply)

  ;; as in metering.wat: 1 (entry) + 2 + 100 x 7 (loop body) + 7 (append) + 5 (reply) = 715 Wasm
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
    i64.const 0
    i64.const 6
    call $append
    call $reply)

  ;; as in metering.wat: 29 Wasm; with a 100-byte argument + 2 x 500 + 600 + 5,500 + 500 = 7,629
  (func (export "canister_query echo")
    i64.const 1024
    i64.const 0
    call $arg_size
    call $arg_copy
    i64.const 1024
    call $arg_size
    call $append
    call $reply)

  ;; 1 + 7 = 8 Wasm + 500 + 50 x 9 = 958, a reject with code 4
  (func (export "canister_query no")
    i64.const 6
    i64.const 9
    call $reject)

  ;; The memory instructions the lowering rewrites, each with its wasm64 weight:
  ;;   1 (entry)
  ;; + 3 + 100 + 16 (memory.fill of 16 bytes)                         = 119
  ;; + 3 + 100 + 16 (memory.copy of 16 bytes)                         = 119
  ;; + 2 (consts) + 2 (i64.load) + 2 (i64.store)                      =   6
  ;; + 20 (memory.size) + 1 (drop)                                    =  21
  ;; + 1 + 300 (memory.grow) + 1 (drop)                               = 302
  ;; + 7 (append) + 5 (reply)                                         =  12
  ;; = 580 Wasm (578 with wasm32 weights) + 500 + 50 x 6 + 500 = 1,880
  (func (export "canister_query mem")
    i64.const 200
    i32.const 7
    i64.const 16
    memory.fill
    i64.const 300
    i64.const 200
    i64.const 16
    memory.copy
    i64.const 400
    i64.const 300
    i64.load
    i64.store
    memory.size
    drop
    i64.const 1
    memory.grow
    drop
    i64.const 0
    i64.const 6
    call $append
    call $reply)

  ;; An address past 4 GiB: out of bounds in the original module, so the lowered one must trap too, not wrap to 0
  ;; (IC0502, heap out of bounds).
  (func (export "canister_query far")
    i64.const 0x100000000
    i64.load
    drop
    call $reply)

  ;; memory.grow by 2^32 pages cannot succeed: -1 (as i64), so this rejects with "no thanks" (a saturating operand,
  ;; not a wrap to 0 pages, which would succeed). 1 + 1 + 300 + 1 + 1 + 2 (if) + 7 = 313 Wasm + 500 + 50 x 9 = 1,263
  (func (export "canister_query grow_huge")
    i64.const 0x100000000
    memory.grow
    i64.const -1
    i64.eq
    (if (then
      i64.const 6
      i64.const 9
      call $reject))))

;; Transforms that misbehave or probe the System API in the transform context (wasm-transforms.md §2, §3).
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject" (func $reject (param i32 i32)))
  (import "ic0" "trap" (func $trap (param i32 i32)))
  (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "ic0" "msg_caller_size" (func $caller_size (result i32)))
  (import "ic0" "msg_caller_copy" (func $caller_copy (param i32 i32 i32)))
  (import "ic0" "canister_self_size" (func $self_size (result i32)))
  (import "ic0" "canister_self_copy" (func $self_copy (param i32 i32 i32)))
  (import "ic0" "time" (func $time (result i64)))
  (import "ic0" "performance_counter" (func $counter (param i32) (result i64)))
  (import "ic0" "in_replicated_execution" (func $replicated (result i32)))
  (import "ic0" "data_certificate_present" (func $certificate (result i32)))
  (import "ic0" "debug_print" (func $print (param i32 i32)))
  (import "ic0" "canister_cycle_balance128" (func $balance128 (param i32)))
  (memory 1)
  (data (i32.const 0) "transform failed on purpose")
  (data (i32.const 32) "\ff\fe")

  (func (export "canister_query trap")
    i32.const 0
    i32.const 27
    call $trap)

  (func (export "canister_query unreachable")
    unreachable)

  (func (export "canister_query divide_by_zero")
    i32.const 1
    i32.const 0
    i32.div_u
    drop)

  (func (export "canister_query out_of_bounds")
    i32.const 70000
    i32.load
    drop)

  (func (export "canister_query call")
    i32.const 0 i32.const 0 i32.const 0 i32.const 0
    i32.const 0 i32.const 0 i32.const 0 i32.const 0
    call $call_new)

  (func (export "canister_query reply_twice")
    call $reply
    call $reply)

  (func (export "canister_query never_reply")
    i32.const 0
    i32.const 4
    call $print)

  (func (export "canister_query copy_out_of_bounds")
    i32.const 0
    i32.const 0
    i32.const 100000
    call $arg_copy)

  ;; out-of-bounds ranges of the canister's heap (one page: 65,536 bytes), as the replica's valid_subslice reports them
  (func (export "canister_query copy_past_the_heap")
    i32.const 65536
    i32.const 0
    i32.const 10
    call $arg_copy)
  (func (export "canister_query append_past_the_heap")
    i32.const 65530
    i32.const 10
    call $append)
  (func (export "canister_query trap_past_the_heap")
    i32.const 65536
    i32.const 5
    call $trap)
  ;; debug_print never traps, whatever its range
  (func (export "canister_query print_past_the_heap")
    i32.const 65536
    i32.const 5
    call $print
    call $reply)
  (func (export "canister_query balance_past_the_heap")
    i32.const 65530
    call $balance128)
  ;; a reject text that is not UTF-8: bytes FF FE at offset 32
  (func (export "canister_query reject_not_utf8")
    i32.const 32
    i32.const 2
    call $reject)

  ;; a size of 2^31: the System API's i32 arguments are unsigned (2 GiB, not -2 GiB)
  (func (export "canister_query copy_two_gibibytes")
    i32.const 0
    i32.const 0
    i32.const 0x80000000
    call $arg_copy)

  ;; replies with the caller's bytes, then the canister's own id bytes
  (func (export "canister_query who")
    i32.const 2048 i32.const 0 call $caller_size call $caller_copy
    i32.const 2048 call $caller_size call $append
    i32.const 2048 i32.const 0 call $self_size call $self_copy
    i32.const 2048 call $self_size call $append
    call $reply)

  ;; replies with time (8 bytes LE), in_replicated_execution and data_certificate_present (4 bytes LE each)
  (func (export "canister_query context_facts")
    i32.const 4096 call $time i64.store
    i32.const 4104 call $replicated i32.store
    i32.const 4108 call $certificate i32.store
    i32.const 4096 i32.const 16 call $append
    call $reply)

  ;; replies with performance_counter(0), 8 bytes LE: the instructions used so far
  (func (export "canister_query counter")
    i32.const 4096
    i32.const 0
    call $counter
    i64.store
    i32.const 4096
    i32.const 8
    call $append
    call $reply))

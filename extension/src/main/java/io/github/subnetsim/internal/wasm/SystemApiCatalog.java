package io.github.subnetsim.internal.wasm;

import java.util.Map;
import java.util.Set;

/**
 * The {@code ic0} functions a replica provides, and where the transform context {@code TQ} allows them: SPEC
 * {@code docs/references/ic-interface-spec/canister-interface.md}, "System API imports overview"
 * (docs/wasm-transforms.md). A module importing anything else does not load, as on the replica.
 * <pre>{@code
 * SystemApiCatalog.kind("call_new");  // FORBIDDEN_IN_TRANSFORM
 * SystemApiCatalog.kind("nope");      // null: not a System API function
 * }</pre>
 */
public final class SystemApiCatalog {

	/** How a function behaves in a transform. */
	public enum Kind {
		/** Allowed in TQ. */
		ALLOWED,
		/** Replies or rejects: allowed in TQ, not during install. */
		REPLY,
		/** Traps with IC0504 when a transform calls it. */
		FORBIDDEN_IN_TRANSFORM
	}

	private static final Set<String> REPLY = Set.of("msg_reply_data_append", "msg_reply", "msg_reject");

	private static final Set<String> ALLOWED = Set.of("msg_arg_data_size", "msg_arg_data_copy", "msg_caller_size", "msg_caller_copy",
			"canister_self_size", "canister_self_copy", "canister_cycle_balance", "canister_cycle_balance128",
			"canister_liquid_cycle_balance128", "canister_status", "canister_version", "subnet_self_size", "subnet_self_copy",
			"stable_size", "stable_grow", "stable_read", "stable_write", "stable64_size", "stable64_grow", "stable64_read",
			"stable64_write", "data_certificate_present", "time", "performance_counter", "is_controller", "in_replicated_execution",
			"cost_call", "cost_create_canister", "cost_http_request", "cost_http_request_v2", "cost_sign_with_ecdsa",
			"cost_sign_with_schnorr", "cost_vetkd_derive_key", "env_var_count", "env_var_name_size", "env_var_name_copy",
			"env_var_name_exists", "env_var_value_size", "env_var_value_copy", "debug_print", "trap");

	private static final Set<String> FORBIDDEN = Set.of("msg_caller_info_size", "msg_caller_info_copy", "msg_caller_info_signer_size",
			"msg_caller_info_signer_copy", "msg_reject_code", "msg_reject_msg_size", "msg_reject_msg_copy", "msg_cycles_available",
			"msg_cycles_available128", "msg_cycles_refunded", "msg_cycles_refunded128", "msg_cycles_accept", "msg_cycles_accept128",
			"cycles_burn128", "msg_method_name_size", "msg_method_name_copy", "accept_message", "call_new", "call_on_cleanup",
			"call_data_append", "call_with_best_effort_response", "call_cycles_add", "call_cycles_add128", "call_perform",
			"root_key_size", "root_key_copy", "certified_data_set", "data_certificate_size", "data_certificate_copy",
			"global_timer_set", "msg_deadline", "mint_cycles", "mint_cycles128");

	private static final Map<String, Kind> KINDS;

	static {
		java.util.HashMap<String, Kind> m = new java.util.HashMap<>();
		ALLOWED.forEach(n -> m.put(n, Kind.ALLOWED));
		REPLY.forEach(n -> m.put(n, Kind.REPLY));
		FORBIDDEN.forEach(n -> m.put(n, Kind.FORBIDDEN_IN_TRANSFORM));
		KINDS = Map.copyOf(m);
	}

	private SystemApiCatalog() {
	}

	/** The kind of {@code ic0.<name>}, or null when the replica provides no such function. */
	public static Kind kind(String name) {
		return KINDS.get(name);
	}
}

package io.github.subnetsim.assertions.idempotency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.github.subnetsim.idempotency.LedgerEntry;
import io.github.subnetsim.idempotency.ReplicaSources;

/**
 * Groups ledger entries (by key, by body) and writes them the way every message of these matchers does: a label,
 * counts, the replicas by index and source address, the statuses answered.
 */
final class Groups {

	static final String TRUST_MODEL = "docs/idempotency.md, \"Trust model\"";

	private Groups() {
	}

	/** The advice for POSTs without a key, naming the ledger's own key header. */
	static String sendAKey(String header) {
		String article = "aeiouxAEIOUX".indexOf(header.charAt(0)) >= 0 ? "an " : "a ";
		return "Send " + article + header + " header that is the same on every replica, or use a non-replicated request.";
	}

	/**
	 * Appends what went wrong in the ledger's own words (a failed effect, a refused request, a body it could not
	 * read), so a failure there never reads as if no request came: {@code 4 × Idempotency-Key header is missing; …}.
	 */
	static void appendProblems(StringBuilder m, List<LedgerEntry> entries) {
		Map<String, Integer> problems = new TreeMap<>();
		for (LedgerEntry e : entries) {
			if (e.problem() != null) {
				problems.merge(e.problem(), 1, Integer::sum);
			}
		}
		if (problems.isEmpty()) {
			return;
		}
		m.append("\nProblems the ledger recorded:");
		for (Map.Entry<String, Integer> p : problems.entrySet()) {
			m.append("\n  ").append(p.getValue()).append(" × ").append(p.getKey());
		}
	}

	/** Entries sharing one label. */
	record Group(String label, List<LedgerEntry> entries) {

		int applied() {
			int n = 0;
			for (LedgerEntry e : entries) {
				n += e.applied() ? 1 : 0;
			}
			return n;
		}

		/** {@code 12 requests from replicas 0-4, 6-12 (…), status 201 ×12}. */
		String requestsAndStatuses() {
			return requests(entries.size()) + " from " + sources(entries) + ", " + statuses(entries);
		}
	}

	static List<Group> by(List<LedgerEntry> entries, Function<LedgerEntry, String> label) {
		Map<String, List<LedgerEntry>> groups = new LinkedHashMap<>();
		for (LedgerEntry e : entries) {
			groups.computeIfAbsent(label.apply(e), k -> new ArrayList<>()).add(e);
		}
		List<Group> out = new ArrayList<>(groups.size());
		for (Map.Entry<String, List<LedgerEntry>> g : groups.entrySet()) {
			out.add(new Group(g.getKey(), List.copyOf(g.getValue())));
		}
		// Largest first, then by label: replicas race, so arrival order must not decide how a message reads.
		out.sort((a, b) -> a.entries().size() != b.entries().size() ? Integer.compare(b.entries().size(), a.entries().size())
				: a.label().compareTo(b.label()));
		return out;
	}

	/** How the key of an entry reads in a message: {@code key "order-42"}, {@code no Idempotency-Key} … */
	static String keyLabel(LedgerEntry e, String header) {
		switch (e.keyState()) {
			case PRESENT:
				return "key " + quote(e.key());
			case MISSING:
				return "no " + header;
			case EMPTY:
				return "empty " + header;
			default:
				List<String> quoted = new ArrayList<>();
				for (String v : new java.util.LinkedHashSet<>(e.keyValues())) {
					quoted.add(quote(v));
				}
				return quoted.size() + " different " + header + " values " + quoted;
		}
	}

	static List<LedgerEntry> posts(List<LedgerEntry> entries) {
		List<LedgerEntry> out = new ArrayList<>();
		for (LedgerEntry e : entries) {
			if (e.method().toUpperCase(Locale.ROOT).equals("POST")) {
				out.add(e);
			}
		}
		return out;
	}

	/** The group with the most requests (the first of equals in {@link #by} order): what the honest majority sent. */
	static Group largest(List<Group> groups) {
		Group best = groups.get(0);
		for (Group g : groups) {
			if (g.entries().size() > best.entries().size()) {
				best = g;
			}
		}
		return best;
	}

	/**
	 * Names who sent something other than the majority, {@code replica 5 (127.0.0.6) sent key "x"}, or says that every
	 * replica sent its own, which means the value is made per replica (random, clock) rather than given by the canister.
	 */
	static String minorities(List<Group> groups, String what) {
		Group majority = largest(groups);
		if (majority.entries().size() == 1) {
			return "every replica sent its own " + what;
		}
		List<String> parts = new ArrayList<>();
		for (Group g : groups) {
			if (g != majority) {
				parts.add(sources(g.entries()) + " sent " + g.label());
			}
		}
		return String.join(", ", parts) + ", the others " + majority.label();
	}

	/** {@code replica 5 (127.0.0.6)}, {@code replicas 0-4, 6-12 (127.0.0.1-127.0.0.5, 127.0.0.7-127.0.0.13)}. */
	static String sources(List<LedgerEntry> entries) {
		TreeSet<Integer> replicas = new TreeSet<>();
		TreeSet<String> others = new TreeSet<>();
		for (LedgerEntry e : entries) {
			OptionalInt r = e.replica();
			if (r.isPresent()) {
				replicas.add(r.getAsInt());
			}
			else {
				others.add(String.valueOf(e.source()));
			}
		}
		List<String> parts = new ArrayList<>();
		if (replicas.size() == 1) {
			parts.add(ReplicaSources.describe(ReplicaSources.address(replicas.first())));
		}
		else if (!replicas.isEmpty()) {
			List<int[]> ranges = ranges(replicas);
			List<String> indices = new ArrayList<>();
			List<String> addresses = new ArrayList<>();
			for (int[] r : ranges) {
				indices.add(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]);
				addresses.add(r[0] == r[1] ? ReplicaSources.address(r[0]) : ReplicaSources.address(r[0]) + "-" + ReplicaSources.address(r[1]));
			}
			parts.add("replicas " + String.join(", ", indices) + " (" + String.join(", ", addresses) + ")");
		}
		parts.addAll(others);
		return String.join(", ", parts);
	}

	private static List<int[]> ranges(TreeSet<Integer> sorted) {
		List<int[]> out = new ArrayList<>();
		int[] current = null;
		for (int i : sorted) {
			if (current != null && i == current[1] + 1) {
				current[1] = i;
			}
			else {
				current = new int[] { i, i };
				out.add(current);
			}
		}
		return out;
	}

	/** {@code status 201 ×1, 409 ×12}, by status. */
	static String statuses(List<LedgerEntry> entries) {
		Map<Integer, Integer> counts = new TreeMap<>();
		for (LedgerEntry e : entries) {
			counts.merge(e.status(), 1, Integer::sum);
		}
		List<String> parts = new ArrayList<>();
		for (Map.Entry<Integer, Integer> c : counts.entrySet()) {
			parts.add(c.getKey() + " ×" + c.getValue());
		}
		return "status " + String.join(", ", parts);
	}

	/** {@code once}, {@code 0 times}, {@code 13 times}. */
	static String times(int n) {
		return n == 1 ? "once" : n + " times";
	}

	static String requests(int n) {
		return n == 1 ? "1 request" : n + " requests";
	}

	static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static String capitalise(String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}

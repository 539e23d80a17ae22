package io.github.subnetsim.assertions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import io.github.subnetsim.Finding;
import io.github.subnetsim.HttpResponse;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.trace.ReplicaTrace;
import io.github.subnetsim.trace.Trace;

/**
 * Why the replicas of one outcall did not all sign the same thing: the replicas grouped by the hash of their
 * transformed response, what each smaller group did differently from the largest one, and a transform that would
 * remove those differences.
 *
 * <pre>{@code
 * DivergenceReport report = DivergenceReport.of(subnet.httpRequest(args));
 * report.differingReplicas();       // [3, 7]
 * report.variedJsonPointers();      // [/data/ts]
 * report.suggestedTransformCode();  // Transforms.dropJson("/data/ts")
 * System.out.println(report.render());   // what varied, the fix, the groups, the details, the seed
 * }</pre>
 *
 * <p>Every replica of the trace is grouped, including those whose shares came after consensus decided. A group
 * that voted a reject is compared by its outcome. Silent replicas signed nothing and are listed on their own.
 */
public final class DivergenceReport {

	/**
	 * Replicas that signed the same hash.
	 *
	 * @param label {@code A} for the largest group, then {@code B}, {@code C} … in the replica's message order
	 * @param hash the share hash, hex
	 * @param replicas the replicas, ascending
	 * @param outcome {@code response}, or {@code reject <code>: <message>} as the trace has it
	 * @param response the transformed response they signed, or null for a reject
	 */
	public record Group(String label, String hash, List<Integer> replicas, String outcome, HttpResponse response) {
		/**
		 * Copies the replicas.
		 *
		 * @param label {@code A} for the largest group, then {@code B}, {@code C} … in the replica's message order
		 * @param hash the share hash, hex
		 * @param replicas the replicas, ascending
		 * @param outcome {@code response}, or {@code reject <code>: <message>} as the trace has it
		 * @param response the transformed response they signed, or null for a reject
		 */
		public Group {
			replicas = List.copyOf(replicas);
		}
	}

	/**
	 * How one group differs from the largest group, entry by entry.
	 *
	 * @param group the group compared with group A
	 * @param differences its differences from group A, in order
	 */
	public record GroupDifferences(Group group, List<Difference> differences) {
		/**
		 * Copies the differences.
		 *
		 * @param group the group compared with group A
		 * @param differences its differences from group A, in order
		 */
		public GroupDifferences {
			differences = List.copyOf(differences);
		}
	}

	/**
	 * One field that differed between replicas, counted over every group's transformed response.
	 *
	 * <pre>{@code
	 * VariedField f = report.variedFields().get(0);
	 * f.field();           // "header x-request-id"
	 * f.distinctValues();  // 13
	 * f.examples();        // ["\"req-1\"", "\"req-2\""]
	 * }</pre>
	 *
	 * @param field {@code status}, {@code header <name>}, {@code body <JSON pointer>}, {@code body} (not JSON),
	 *            {@code body layout}, {@code header order} or {@code outcome}
	 * @param distinctValues how many different values the groups had (0 for layout and order, which have none)
	 * @param examples up to two of those values as the report prints them (header values quoted, JSON compact)
	 */
	public record VariedField(String field, int distinctValues, List<String> examples) {
		/**
		 * Copies the examples.
		 *
		 * @param field the field that differed, as the report names it
		 * @param distinctValues how many different values the groups had
		 * @param examples up to two of those values as the report prints them
		 */
		public VariedField {
			examples = List.copyOf(examples);
		}
	}

	private final Trace trace;
	private final List<Finding> findings;
	private final String rejection;
	private final List<Group> groups;
	private final List<Integer> silent;
	private final List<GroupDifferences> differences;

	private DivergenceReport(Trace trace, List<Finding> findings, String rejection, List<Group> groups, List<Integer> silent,
			List<GroupDifferences> differences) {
		this.trace = trace;
		this.findings = List.copyOf(findings);
		this.rejection = rejection;
		this.groups = List.copyOf(groups);
		this.silent = List.copyOf(silent);
		this.differences = List.copyOf(differences);
	}

	/**
	 * The report of one outcall, from its trace.
	 *
	 * @param result the outcall's result, a reply or a reject
	 * @return the report; it shows no divergence when every replica that signed agreed
	 */
	public static DivergenceReport of(OutcallResult result) {
		Trace trace = result.trace();
		Map<String, List<ReplicaTrace>> byHash = new LinkedHashMap<>();
		List<Integer> silent = new ArrayList<>();
		for (ReplicaTrace r : trace.replicas()) {
			if (r.shareHash() == null) {
				silent.add(r.replica());
			}
			else {
				byHash.computeIfAbsent(r.shareHash(), h -> new ArrayList<>()).add(r);
			}
		}
		// The replica's divergence message order: count descending, then hash descending. The first is the reference.
		List<Map.Entry<String, List<ReplicaTrace>>> entries = new ArrayList<>(byHash.entrySet());
		entries.sort((a, b) -> a.getValue().size() != b.getValue().size() ? Integer.compare(b.getValue().size(), a.getValue().size())
				: b.getKey().compareTo(a.getKey()));
		List<Group> groups = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			List<ReplicaTrace> members = entries.get(i).getValue();
			List<Integer> indices = new ArrayList<>();
			for (ReplicaTrace r : members) {
				indices.add(r.replica());
			}
			Collections.sort(indices);
			ReplicaTrace first = members.get(0);
			groups.add(new Group(label(i), entries.get(i).getKey(), indices, first.outcome(), first.transformed()));
		}
		List<GroupDifferences> diffs = new ArrayList<>();
		for (int i = 1; i < groups.size(); i++) {
			diffs.add(new GroupDifferences(groups.get(i), compare(groups.get(0), groups.get(i))));
		}
		String rejection = result instanceof OutcallResult.Reject r ? r.code().displayName() + " (" + r.code().code() + "): " + r.message() : null;
		return new DivergenceReport(trace, result.findings(), rejection, groups, silent, diffs);
	}

	private static List<Difference> compare(Group reference, Group other) {
		if (reference.response() != null && other.response() != null) {
			return ResponseDiff.between(reference.response(), other.response());
		}
		return List.of(new Difference.OutcomeChanged(reference.outcome(), other.outcome()));
	}

	/** A, B, … Z, then AA, AB, …: one label per group. */
	static String label(int index) {
		StringBuilder b = new StringBuilder();
		int i = index;
		do {
			b.insert(0, (char) ('A' + i % 26));
			i = i / 26 - 1;
		}
		while (i >= 0);
		return b.toString();
	}

	/**
	 * The groups, largest first (group A is the reference the others are compared with).
	 *
	 * @return the groups of replicas by the hash they signed
	 */
	public List<Group> groups() {
		return groups;
	}

	/**
	 * Replicas that signed nothing (silent), ascending.
	 *
	 * @return the silent replicas' indexes
	 */
	public List<Integer> silentReplicas() {
		return silent;
	}

	/**
	 * For each group but the largest, how it differs from the largest.
	 *
	 * @return one entry per group after A
	 */
	public List<GroupDifferences> differences() {
		return differences;
	}

	/**
	 * Whether the replicas that signed did not all sign the same thing.
	 *
	 * @return {@code true} when the signing replicas are in more than one group
	 */
	public boolean diverged() {
		return groups.size() > 1;
	}

	/**
	 * Replicas outside the largest group, ascending: the ones whose output differed.
	 *
	 * @return the replicas not in group A
	 */
	public SortedSet<Integer> differingReplicas() {
		SortedSet<Integer> out = new TreeSet<>();
		for (GroupDifferences d : differences) {
			out.addAll(d.group().replicas());
		}
		return Collections.unmodifiableSortedSet(out);
	}

	/**
	 * Lowercased names of the headers that were added, removed or changed in any group.
	 *
	 * @return the header names
	 */
	public SortedSet<String> variedHeaders() {
		SortedSet<String> out = new TreeSet<>();
		for (GroupDifferences g : differences) {
			for (Difference d : g.differences()) {
				if (d instanceof Difference.HeaderAdded h) {
					out.add(h.name());
				}
				else if (d instanceof Difference.HeaderRemoved h) {
					out.add(h.name());
				}
				else if (d instanceof Difference.HeaderChanged h) {
					out.add(h.name());
				}
			}
		}
		return Collections.unmodifiableSortedSet(out);
	}

	/**
	 * JSON pointers whose values differed in any group, sorted.
	 *
	 * @return the JSON pointers, for example {@code /data/ts}
	 */
	public SortedSet<String> variedJsonPointers() {
		SortedSet<String> out = new TreeSet<>();
		for (GroupDifferences g : differences) {
			for (Difference d : g.differences()) {
				if (d instanceof Difference.JsonValueChanged j) {
					out.add(j.pointer());
				}
			}
		}
		return Collections.unmodifiableSortedSet(out);
	}

	/**
	 * What the outcall's outcome does not show, as on {@link OutcallResult#findings()}; {@link #render()} puts them
	 * first. A {@link Finding.NonIdempotentFanOut} means the server may have applied the request once per replica,
	 * and that a transform making the replicas agree would hide it.
	 *
	 * @return the findings, possibly empty
	 */
	public List<Finding> findings() {
		return findings;
	}

	/**
	 * The trace the report was made from.
	 *
	 * @return the outcall's trace
	 */
	public Trace trace() {
		return trace;
	}

	/**
	 * The suggested transform, ready to use: what {@link #suggestedTransformCode()} prints, built with
	 * {@code Transforms}; empty when no helper can remove the differences.
	 *
	 * @return the transform function, or empty
	 */
	public java.util.Optional<io.github.subnetsim.TransformFunction> suggestedTransform() {
		return java.util.Optional.ofNullable(Suggestion.function(this));
	}

	/**
	 * A transform built with {@code io.github.subnetsim.transform.Transforms} that removes every header and JSON
	 * difference found, as Java code; empty when there is none (or only differences no helper removes: see
	 * {@link #render()} for those). Apply it after the transform you already have. For an outcall with a
	 * {@link Finding.NonIdempotentFanOut} the code starts with a comment saying that agreement would hide the n
	 * applications at the server: make the request idempotent first.
	 *
	 * @return Java code, or an empty string
	 */
	public String suggestedTransformCode() {
		return Suggestion.code(this);
	}

	/**
	 * Each field that differed between replicas, in the order first seen against group A.
	 *
	 * @return the varied fields, empty when the replicas agreed
	 */
	public List<VariedField> variedFields() {
		return VariedFields.of(this);
	}

	/**
	 * The replicas the server answered with {@code 429 Too Many Requests}: a rate limit per address or prefix, which on
	 * mainnet all replicas (and all canisters of the subnet) share (docs/network.md).
	 *
	 * @return the rate-limited replicas, in order
	 */
	public List<Integer> rateLimitedReplicas() {
		List<Integer> out = new java.util.ArrayList<>();
		for (io.github.subnetsim.trace.ReplicaTrace r : trace.replicas()) {
			if (r.status() != null && r.status() == 429) {
				out.add(r.replica());
			}
		}
		return List.copyOf(out);
	}

	/**
	 * The report as text, answer first: the {@link #findings()} (for example a POST that reached the server 13 times
	 * without an idempotency key), then what varied (field, how many distinct values, two examples) and the transform
	 * to paste, then the groups with abbreviated hashes (groups that differ in the same fields share a line), then
	 * the differences of each group, then the seed to replay. Plain text without colour: failure messages, files
	 * and terminals all use this one renderer.
	 *
	 * @return the report, several lines
	 */
	public String render() {
		return ReportText.render(this);
	}

	/**
	 * The first part of {@link #render()} alone: what varied, the fix and the groups, with no per-group details and
	 * no seed; a probe or an HTML report can show it as the headline of an outcall.
	 *
	 * @return the summary, several lines
	 */
	public String renderSummary() {
		return ReportText.lead(this);
	}

	/**
	 * The addresses the server saw and the rate-limited replicas, when a replica went through a SOCKS proxy or got a
	 * 429; empty otherwise (docs/network.md).
	 *
	 * @return the network block of {@link #render()}, or an empty string
	 */
	public String renderNetwork() {
		return ReportText.network(this);
	}

	/**
	 * The report as JSON data, for CI reports and tools.
	 *
	 * @return a JSON object
	 */
	public String toJson() {
		return ReportJson.toJson(this, rejection);
	}

	@Override
	public String toString() {
		return render();
	}
}

package io.github.subnetsim.internal.explain;

import java.util.List;

/**
 * Why the replicas of one outcall did or did not sign the same thing, in plain values a report can show: the groups
 * of replicas by share, what each group did differently from the largest, the fields that varied and the transform
 * that removes them.
 *
 * @param summary the divergence report's lead (what varied, the fix, the groups), or empty when not available
 * @param suggestedTransform Java code of a transform that removes the differences, or empty
 * @param groups the groups, largest first; the first is the one the others are compared with
 * @param fields each field that varied between groups
 */
public record Explanation(String summary, String suggestedTransform, List<Group> groups, List<Field> fields) {

	/** Copies the lists. */
	public Explanation {
		groups = List.copyOf(groups);
		fields = List.copyOf(fields);
	}

	/**
	 * Replicas that signed the same share.
	 *
	 * @param label {@code A}, {@code B} … in the order of the divergence message
	 * @param hash the share hash
	 * @param replicas the replicas, ascending
	 * @param outcome {@code response}, or the reject the group signed
	 * @param differences how this group differs from group A, one line each (empty for group A)
	 */
	public record Group(String label, String hash, List<Integer> replicas, String outcome, List<String> differences) {
		/** Copies the lists. */
		public Group {
			replicas = List.copyOf(replicas);
			differences = List.copyOf(differences);
		}
	}

	/**
	 * One field that varied between groups.
	 *
	 * @param name for example {@code header date} or {@code body /timestamp}
	 * @param distinctValues how many values the groups had (0 for a layout or order difference)
	 * @param examples up to two of them
	 */
	public record Field(String name, int distinctValues, List<String> examples) {
		/** Copies the list. */
		public Field {
			examples = List.copyOf(examples);
		}
	}
}

package io.github.subnetsim.property;

import java.util.List;

/**
 * A generated JSON document and where its volatile values are: the fields a real API changes on every request
 * (timestamps, request ids, nonces), which a transform has to drop.
 *
 * <pre>{@code
 * JsonBody b = Gens.jsonBodies().generate(rng);
 * b.json();              // {"symbol":"ICP","data":{"price":12.34,"ts":1700000413},"requestId":"9f2c4a…"}
 * b.volatilePointers();  // [/data/ts, /requestId]
 * }</pre>
 *
 * @param json the document, compact UTF-8 JSON
 * @param volatilePointers JSON pointers of the values that vary per request
 * @param stablePointers JSON pointers of the values that do not
 */
public record JsonBody(String json, List<String> volatilePointers, List<String> stablePointers) {

	/**
	 * Copies the lists.
	 *
	 * @param json the document, compact UTF-8 JSON
	 * @param volatilePointers JSON pointers of the values that vary per request
	 * @param stablePointers JSON pointers of the values that do not
	 */
	public JsonBody {
		volatilePointers = List.copyOf(volatilePointers);
		stablePointers = List.copyOf(stablePointers);
	}

	@Override
	public String toString() {
		return json;
	}
}

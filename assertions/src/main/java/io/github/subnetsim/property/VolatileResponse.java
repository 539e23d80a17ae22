package io.github.subnetsim.property;

import java.util.List;

import io.github.subnetsim.HttpResponse;

/**
 * A generated HTTP response and its parts that vary per request: the headers and JSON values a transform has to
 * drop for the replicas to agree.
 *
 * <pre>{@code
 * VolatileResponse r = Gens.responses().generate(rng);
 * Transforms.compose(Transforms.dropHeaders(r.volatileHeaders().toArray(String[]::new)),
 *         Transforms.dropJson(r.volatilePointers().toArray(String[]::new)));
 * }</pre>
 *
 * @param response the response (header names lowercase, as the replica delivers them)
 * @param volatileHeaders names of the headers that vary per request
 * @param volatilePointers JSON pointers of the body values that vary per request
 */
public record VolatileResponse(HttpResponse response, List<String> volatileHeaders, List<String> volatilePointers) {

	/**
	 * Copies the lists.
	 *
	 * @param response the response (header names lowercase, as the replica delivers them)
	 * @param volatileHeaders names of the headers that vary per request
	 * @param volatilePointers JSON pointers of the body values that vary per request
	 */
	public VolatileResponse {
		volatileHeaders = List.copyOf(volatileHeaders);
		volatilePointers = List.copyOf(volatilePointers);
	}

	@Override
	public String toString() {
		return response.status() + " (" + response.headers().size() + " headers, body " + Describe.clip(response.bodyText(), 80)
				+ ", volatile headers " + volatileHeaders + ", volatile JSON " + volatilePointers + ")";
	}
}

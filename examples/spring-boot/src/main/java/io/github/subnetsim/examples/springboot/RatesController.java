package io.github.subnetsim.examples.springboot;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /rates/ICP-USD} → {@code {"pair":"ICP-USD","price":"12.3456","timestamp":1767225600123,"requestId":"…"}}.
 *
 * <p>Like most real APIs, every response is unique even when the price has not moved: it is stamped with the time it
 * was served and a fresh request id, and the server adds a {@code Date} header.
 */
@RestController
public class RatesController {

	/** The last traded prices. A real service would read a market feed; a price moves only when a trade happens. */
	private static final Map<String, String> LAST_PRICES = Map.of(
			"ICP-USD", "12.3456",
			"BTC-USD", "97012.50");

	/** One quote. The price is a string, as exchanges send it, so no client rounds it through a double. */
	public record Quote(String pair, String price, long timestamp, String requestId) {
	}

	@GetMapping("/rates/{pair}")
	public Quote rate(@PathVariable("pair") String pair) {
		String price = LAST_PRICES.get(pair);
		if (price == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown pair " + pair);
		}
		return new Quote(pair, price, System.currentTimeMillis(), UUID.randomUUID().toString());
	}
}

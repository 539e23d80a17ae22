package io.github.subnetsim.examples.springboot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} with an {@code Idempotency-Key} header: the first request with a key places the order, every
 * later one with the same key gets that same order back and places nothing. A request without the header is refused
 * (400), so a client cannot place an order twice by accident.
 */
@RestController
public class OrdersController {

	/** What the client asks for. */
	public record OrderRequest(String pair, String amount) {
	}

	/** A placed order. */
	public record Order(String orderId, String pair, String amount, String status) {
	}

	private final Map<String, Order> ordersByKey = new ConcurrentHashMap<>();
	private final AtomicInteger placed = new AtomicInteger();

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	public Order place(@RequestHeader("Idempotency-Key") String idempotencyKey, @RequestBody OrderRequest request) {
		// computeIfAbsent runs the function at most once per key, even when duplicates arrive at the same moment:
		// they wait for it and get the order it placed.
		return ordersByKey.computeIfAbsent(idempotencyKey,
				key -> new Order("ord-" + placed.incrementAndGet(), request.pair(), request.amount(), "placed"));
	}

	/** How many orders were placed (the effect a duplicate must not repeat). */
	public int ordersPlaced() {
		return placed.get();
	}
}

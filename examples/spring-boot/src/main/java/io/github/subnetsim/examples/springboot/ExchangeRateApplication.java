package io.github.subnetsim.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small exchange-rate service: {@code GET /rates/{pair}} quotes a price, {@code POST /orders} places an order once
 * per {@code Idempotency-Key}. Nothing in it knows about the Internet Computer; the tests call it the way a canister's
 * HTTPS outcall does.
 */
@SpringBootApplication
public class ExchangeRateApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExchangeRateApplication.class, args);
	}
}

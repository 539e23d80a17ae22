package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.PerturbationPlan;
import io.github.subnetsim.perturb.Replicas;

/**
 * {@code subnet-sim ledger-proxy} in-process: 13 replicas POST through it to a plain HTTP service that counts what it
 * applies; the key is applied once (twice with a faulty replica that sends its own key), and the ledger file is
 * written when the command is interrupted.
 */
class LedgerProxyCommandTest {

	private static final Transform DROP_HEADERS = Transform.of("transform", (r, c) -> r.withHeaders(List.of()));

	private HttpServer upstream;
	private ExecutorService upstreamThreads;
	private final AtomicInteger applied = new AtomicInteger();

	@BeforeEach
	void startUpstream() throws IOException {
		// An idempotency-unaware service, as `json-server` or an Express app would be: every POST creates an order.
		upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		upstream.createContext("/orders", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				in.readAllBytes();
			}
			byte[] body = ("{\"id\":" + applied.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(201, body.length);
			try (OutputStream o = exchange.getResponseBody()) {
				o.write(body);
			}
		});
		upstreamThreads = Executors.newFixedThreadPool(4);
		upstream.setExecutor(upstreamThreads);
		upstream.start();
	}

	@AfterEach
	void stopUpstream() throws InterruptedException {
		upstream.stop(0);
		upstreamThreads.shutdownNow();
		assertTrue(upstreamThreads.awaitTermination(10, TimeUnit.SECONDS));
	}

	private String upstreamUrl() {
		return "http://127.0.0.1:" + upstream.getAddress().getPort();
	}

	private static OutcallResult post(String url, String key, PerturbationPlan perturbations) {
		// Each replica from its own IPv4 address, so the ledger can name it (docs/network.md).
		try (Subnet subnet = Subnet.builder().network(io.github.subnetsim.ReplicaNetwork.IPV4_PER_REPLICA).replicas(13).seed(17).build()) {
			return subnet.httpRequest(HttpRequestArgs.post(url + "/orders", "{\"item\":\"ticket\"}").header("Content-Type", "application/json")
					.header("Idempotency-Key", key).transform(DROP_HEADERS).cycles(100_000_000_000L).build(), perturbations);
		}
	}

	@Test
	void thirteenReplicasThroughTheCommandApplyTheKeyOnceAndTheLedgerIsWrittenOnExit(@TempDir Path dir) throws Exception {
		Path ledgerFile = dir.resolve("ledger.json");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		AtomicInteger exit = new AtomicInteger(-1);
		Thread command = new Thread(() -> exit.set(SubnetSimCommand.run(List.of("ledger-proxy", "--upstream", upstreamUrl(), "--ledger-file",
				ledgerFile.toString(), "--upstream-timeout", "5s"), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8))), "ledger-proxy-command");
		command.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!out.toString(StandardCharsets.UTF_8).contains("press Ctrl+C to stop") && System.nanoTime() < deadline && command.isAlive()) {
				Thread.sleep(20);
			}
			String printed = out.toString(StandardCharsets.UTF_8);
			List<String> lines = printed.lines().toList();
			assertTrue(lines.get(0).matches("https://localhost:\\d+"), printed + err.toString(StandardCharsets.UTF_8));
			assertTrue(printed.contains("-----BEGIN CERTIFICATE-----"), printed);
			assertTrue(printed.contains("forwarding to " + upstreamUrl() + ", each Idempotency-Key applied once"), printed);

			OutcallResult once = post(lines.get(0), "order-42", PerturbationPlan.none());
			assertEquals(1, applied.get(), "13 replicas, one application upstream");
			OutcallResult.Reply reply = assertInstanceOf(OutcallResult.Reply.class, once);
			assertEquals(13, reply.agreement());
			assertEquals("{\"id\":1}", reply.response().bodyText());
			assertTrue(once.findings().isEmpty(), once.findings()::toString);

			// A faulty replica that sends its own key gets its copy applied too, as the seeds' trust model says.
			OutcallResult twice = post(lines.get(0), "order-43", PerturbationPlan.on(Replicas.of(5), Perturbation.setRequestHeader("Idempotency-Key", "forged")));
			assertEquals(3, applied.get(), "order-43 once, and the forged key once");
			assertEquals(12, assertInstanceOf(OutcallResult.Reply.class, twice).agreement());
			assertFalse(Files.exists(ledgerFile), "written on exit, not before");
		}
		finally {
			command.interrupt();
			command.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertFalse(command.isAlive());
		assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
		String ledger = Files.readString(ledgerFile);
		assertTrue(ledger.contains("\"requests\" : 26"), ledger);
		assertTrue(ledger.contains("\"applied\" : 3"), ledger);
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped; 26 requests recorded, 3 applied upstream"), out.toString(StandardCharsets.UTF_8));
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = SubnetSimCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exit, String out, String err) {
	}

	@Test
	void helpAndInputErrors() {
		Run help = run("ledger-proxy", "--help");
		assertEquals(0, help.exit());
		List<String> lines = help.out().lines().toList();
		assertEquals("usage: subnet-sim ledger-proxy --upstream URL [--port N] [--key-header H] [--ledger-file FILE] [options]", lines.get(0));
		assertTrue(help.out().contains("--trust-forwarded HEADER=ADDR[,ADDR]"), help.out());
		assertEquals("exit codes: 2 usage or input error; otherwise it runs until interrupted", lines.get(lines.size() - 1));

		Run missing = run("ledger-proxy");
		assertEquals(2, missing.exit());
		assertEquals("subnet-sim ledger-proxy: --upstream needs a value", missing.err().lines().findFirst().orElseThrow());

		Run ftp = run("ledger-proxy", "--upstream", "ftp://127.0.0.1:21");
		assertEquals(2, ftp.exit());
		assertTrue(ftp.err().startsWith("subnet-sim ledger-proxy: the upstream must be an http or https URL"), ftp.err());

		Run timeout = run("ledger-proxy", "--upstream", upstreamUrl(), "--upstream-timeout", "soon");
		assertEquals(2, timeout.exit());
		assertEquals("subnet-sim ledger-proxy: --upstream-timeout must be a positive duration such as 500ms or 10s, got soon",
				timeout.err().lines().findFirst().orElseThrow());

		Run trust = run("ledger-proxy", "--upstream", upstreamUrl(), "--trust-forwarded", "X-Client=127.0.0.1");
		assertEquals(2, trust.exit());
		assertEquals("subnet-sim ledger-proxy: --trust-forwarded header must be X-Forwarded-For, X-Real-IP or Forwarded, got X-Client",
				trust.err().lines().findFirst().orElseThrow());
	}
}

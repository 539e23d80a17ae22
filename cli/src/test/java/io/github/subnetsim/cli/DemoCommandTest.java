package io.github.subnetsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

/** {@code subnet-sim demo}: prints the URL and a certificate that really is the one to trust, and stops on interrupt. */
class DemoCommandTest {

	@Test
	void servesUntilInterruptedAndPrintsTheCertificateToTrust() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		AtomicInteger exit = new AtomicInteger(-1);
		Thread demo = new Thread(() -> exit.set(SubnetSimCommand.run(List.of("demo", "--seed", "7"),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
		demo.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!out.toString(StandardCharsets.UTF_8).contains("press Ctrl+C to stop") && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		String printed = out.toString(StandardCharsets.UTF_8);
		try {
			List<String> lines = printed.lines().toList();
			assertTrue(lines.get(0).matches("https://localhost:\\d+/v1/rates/ICP-USD"), printed);
			String pem = printed.substring(printed.indexOf("-----BEGIN CERTIFICATE-----"), printed.indexOf("-----END CERTIFICATE-----") + 25);

			// Trust only the printed certificate: the call succeeds only if it is the server's CA.
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("demo", CertificateFactory.getInstance("X.509")
					.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(trust);
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(null, tmf.getTrustManagers(), null);
			HttpResponse<String> rate = HttpClient.newBuilder().sslContext(tls).build()
					.send(HttpRequest.newBuilder(URI.create(lines.get(0))).build(), HttpResponse.BodyHandlers.ofString());
			assertEquals(200, rate.statusCode());
			assertTrue(rate.body().contains("\"price\":\"12.3456\""), rate.body());
		}
		finally {
			demo.interrupt();
			demo.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
	}
}

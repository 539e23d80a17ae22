package io.github.subnetsim.internal.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The simulated subnet's test certificate authority and the server certificate it issues for loopback
 * ({@code localhost}, {@code 127.0.0.1}, {@code ::1}). Replicas trust this CA, any certificate the user adds, and
 * the platform's CAs; an embedded MockWebServer presents the server certificate.
 *
 * <pre>{@code
 * MockWebServer server = new MockWebServer();
 * server.useHttps(SubnetTls.testAuthority().serverCertificates().sslSocketFactory());
 * }</pre>
 */
public final class SubnetTls {

	private static final class Holder {
		// Generated once per JVM and immutable afterwards.
		static final SubnetTls INSTANCE = create();
	}

	private final HeldCertificate authority;
	private final HeldCertificate server;
	private final HandshakeCertificates serverCertificates;
	private volatile HandshakeCertificates defaultClientCertificates;

	private SubnetTls(HeldCertificate authority, HeldCertificate server) {
		this.authority = authority;
		this.server = server;
		this.serverCertificates = new HandshakeCertificates.Builder().heldCertificate(server, authority.certificate()).build();
	}

	/** The shared test authority of this JVM. */
	public static SubnetTls testAuthority() {
		return Holder.INSTANCE;
	}

	private static SubnetTls create() {
		HeldCertificate ca = new HeldCertificate.Builder()
				.certificateAuthority(0)
				.commonName("subnet-sim test CA")
				.validityInterval(System.currentTimeMillis() - Duration.ofDays(1).toMillis(),
						System.currentTimeMillis() + Duration.ofDays(2).toMillis())
				.build();
		// RSA for the server key: JDK 17 signs P-256 handshakes several times slower, and a 13-replica outcall
		// makes 13 handshakes per fresh subnet.
		HeldCertificate.Builder serverBuilder = new HeldCertificate.Builder()
				.rsa2048()
				.signedBy(ca)
				.commonName("localhost")
				.addSubjectAlternativeName("localhost")
				.addSubjectAlternativeName("127.0.0.1")
				.validityInterval(System.currentTimeMillis() - Duration.ofDays(1).toMillis(),
						System.currentTimeMillis() + Duration.ofDays(2).toMillis());
		try {
			serverBuilder.addSubjectAlternativeName(InetAddress.getByName("::1").getHostAddress());
		}
		catch (UnknownHostException e) {
			// No IPv6 on this host: the IPv4 names suffice.
		}
		return new SubnetTls(ca, serverBuilder.build());
	}

	/** The CA certificate replicas trust; export it to a user's service that should be trusted. */
	public X509Certificate caCertificate() {
		return authority.certificate();
	}

	/** The CA, to sign further server certificates (for example for a Spring Boot app under test). */
	public HeldCertificate authority() {
		return authority;
	}

	/** The loopback server certificate and its key. */
	public HeldCertificate serverCertificate() {
		return server;
	}

	/** What a TLS server on loopback presents (for {@code MockWebServer.useHttps}). */
	public HandshakeCertificates serverCertificates() {
		return serverCertificates;
	}

	/** What a replica trusts: this CA, the given certificates, and the platform's CAs. */
	public HandshakeCertificates clientCertificates(List<X509Certificate> extraTrusted) {
		if (extraTrusted.isEmpty()) {
			// One client context for every subnet that trusts only the defaults: TLS sessions are then resumed
			// across subnets instead of paying a full handshake per replica per subnet.
			HandshakeCertificates c = defaultClientCertificates;
			if (c == null) {
				c = build(extraTrusted);
				defaultClientCertificates = c;
			}
			return c;
		}
		return build(extraTrusted);
	}

	private HandshakeCertificates build(List<X509Certificate> extraTrusted) {
		HandshakeCertificates.Builder b = new HandshakeCertificates.Builder()
				.addTrustedCertificate(authority.certificate())
				.addPlatformTrustedCertificates();
		for (X509Certificate c : extraTrusted) {
			b.addTrustedCertificate(c);
		}
		return b.build();
	}
}

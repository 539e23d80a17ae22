package io.github.subnetsim.internal.fetch;

import java.util.Locale;

import io.github.subnetsim.internal.wire.HeadProblem;
import io.github.subnetsim.internal.wire.WireOutcome;

/**
 * The Rust {@code Debug} form of the error the adapter's direct {@code client.request} returns, which the adapter
 * prints into {@code Connecting to {host} failed: direct connect {err:?}} (dfinity/ic
 * {@code rs/https_outcalls/adapter/src/rpc_server.rs}, {@code https_outcall}). The shapes follow hyper-util's
 * {@code client/legacy} {@code Error(Kind, source)}, hyper's {@code src/error.rs} ({@code Parse}, {@code Header},
 * {@code IncompleteMessage}) and rustls' {@code Error} wrapped as an {@code io::Error} by hyper-rustls. Only the code
 * and the {@code Connecting to {host} failed: direct connect } prefix are stable across replica versions; the forms
 * here are one deterministic rendering per failure kind, the same on every replica, so they agree in consensus.
 */
public final class AdapterErrors {

	private static final String LEGACY = "hyper_util::client::legacy::Error";

	private AdapterErrors() {
	}

	/**
	 * The direct error's {@code Debug} form for a failed connect, handshake or head.
	 *
	 * @param failed the wire outcome
	 * @return the form, for example {@code hyper_util::client::legacy::Error(SendRequest, hyper::Error(Parse(Status)))}
	 */
	public static String debugForm(WireOutcome.ConnectFailed failed) {
		return switch (failed.kind()) {
			case REFUSED -> connect("tcp connect error", "Os { code: 111, kind: ConnectionRefused, message: \"Connection refused\" }");
			case UNREACHABLE -> connect("tcp connect error", "Os { code: 113, kind: HostUnreachable, message: \"No route to host\" }");
			case NETWORK_UNREACHABLE -> connect("tcp connect error", "Os { code: 101, kind: NetworkUnreachable, message: \"Network is unreachable\" }");
			case SOCKS -> socks(failed.detail());
			case CONNECT_TIMEOUT -> connect("tcp connect error", "Custom { kind: TimedOut, error: \"connection timed out\" }");
			case UNKNOWN_HOST -> connect("dns error",
					"Custom { kind: Uncategorized, error: \"failed to lookup address information: Name or service not known\" }");
			case TLS -> LEGACY + "(Connect, Custom { kind: InvalidData, error: " + rustls(failed.detail()) + " })";
			case CLOSED_BEFORE_HEAD -> sendRequest("IncompleteMessage");
			case MALFORMED_HEAD -> sendRequest("Parse(" + parse(failed.headProblem()) + ")");
		};
	}

	/**
	 * The error of a SOCKS attempt through hyper-socks2's {@code SocksConnector} (INFERRED shapes: the proxy's error reply
	 * as {@code Socks(Response(reply))}, a proxy that cannot be reached as the wrapped connector's error).
	 */
	private static String socks(String detail) {
		String d = String.valueOf(detail);
		if (d.startsWith("proxy: ")) {
			return LEGACY + "(Connect, Connector(ConnectError(\"tcp connect error\", Os { code: 111, kind: ConnectionRefused, message: "
					+ "\"Connection refused\" })))";
		}
		return LEGACY + "(Connect, Socks(Response(" + d + ")))";
	}

	/**
	 * The seed-era adapter's text for the same failure: hyper 0.14's {@code Display} of the error after
	 * {@code Failed to connect: }, as the seeds quote it ({@code Failed to connect: error trying to connect: tcp connect
	 * error: Connection refused (os error 111)}, ../docs: the seeds' "Common errors"). The seeds give that one text for a
	 * server that is not reachable over IPv6, so a destination with no IPv6 address gets it too. The other kinds follow
	 * hyper 0.14's and rustls' {@code Display} strings (INFERRED).
	 *
	 * @param failed the wire outcome of the direct attempt
	 * @return the text after {@code Failed to connect: }
	 */
	public static String seedDisplayForm(WireOutcome.ConnectFailed failed) {
		return switch (failed.kind()) {
			case REFUSED, NETWORK_UNREACHABLE, SOCKS -> SEED_REFUSED;
			case UNREACHABLE -> "error trying to connect: tcp connect error: No route to host (os error 113)";
			case CONNECT_TIMEOUT -> "error trying to connect: tcp connect error: connection timed out";
			case UNKNOWN_HOST -> "error trying to connect: dns error: failed to lookup address information: Name or service not known";
			case TLS -> "error trying to connect: " + rustlsDisplay(rustls(failed.detail()));
			case CLOSED_BEFORE_HEAD -> "connection closed before message completed";
			case MALFORMED_HEAD -> parseDisplay(failed.headProblem());
		};
	}

	/** The seeds' text for a refused connection, after {@code Failed to connect: }. */
	public static final String SEED_REFUSED = "error trying to connect: tcp connect error: Connection refused (os error 111)";

	private static String parseDisplay(HeadProblem problem) {
		return switch (problem) {
			case NOT_HTTP -> "invalid HTTP version parsed";
			case BAD_STATUS -> "invalid HTTP status-code parsed";
			case TOO_MANY_HEADERS, HEAD_TOO_LARGE -> "message head is too large";
			case BAD_CONTENT_LENGTH -> "invalid content-length parsed";
			case TRANSFER_ENCODING_ON_HTTP10 -> "invalid transfer-encoding parsed";
			case CONTROL_BYTE, OBS_FOLD, NO_COLON, BAD_HEADER_NAME, BAD_NEWLINE, NONE -> "invalid HTTP header parsed";
		};
	}

	private static String rustlsDisplay(String debug) {
		if (debug.startsWith("InvalidCertificate(")) {
			return "invalid peer certificate: " + debug.substring("InvalidCertificate(".length(), debug.length() - 1);
		}
		if (debug.startsWith("InvalidMessage(")) {
			return "received corrupt message of type " + debug.substring("InvalidMessage(".length(), debug.length() - 1);
		}
		if (debug.startsWith("PeerIncompatible(")) {
			return "peer is incompatible: " + debug.substring("PeerIncompatible(".length(), debug.length() - 1);
		}
		if (debug.startsWith("AlertReceived(")) {
			return "received fatal alert: " + debug.substring("AlertReceived(".length(), debug.length() - 1);
		}
		return "tls handshake eof";
	}

	/**
	 * One line for the trace's fallbacks: what made a route fail, for people.
	 *
	 * @param failed the route's failure
	 * @return for example {@code connection refused}
	 */
	public static String summary(WireOutcome.ConnectFailed failed) {
		return switch (failed.kind()) {
			case REFUSED -> "connection refused";
			case UNREACHABLE -> "no route to host";
			case NETWORK_UNREACHABLE -> "network unreachable (no address of this family)";
			case CONNECT_TIMEOUT -> "connect timed out";
			case UNKNOWN_HOST -> "host name does not resolve";
			case TLS -> "TLS handshake failed: " + rustls(failed.detail());
			case CLOSED_BEFORE_HEAD -> "closed before a response head";
			case MALFORMED_HEAD -> "malformed response head (" + failed.headProblem() + ")";
			case SOCKS -> "SOCKS proxy refused: " + failed.detail();
		};
	}

	/** The SOCKS side of a simulated connection failure: the proxy could not connect on either. */
	public static String socksRefused() {
		return socks("ConnectionRefused");
	}

	/** The refused form, for a simulated connection failure. */
	public static String refused() {
		return connect("tcp connect error", "Os { code: 111, kind: ConnectionRefused, message: \"Connection refused\" }");
	}

	private static String connect(String what, String io) {
		return LEGACY + "(Connect, ConnectError(\"" + what + "\", " + io + "))";
	}

	private static String sendRequest(String hyperKind) {
		return LEGACY + "(SendRequest, hyper::Error(" + hyperKind + "))";
	}

	/** hyper {@code src/proto/h1/role.rs} and {@code src/error.rs}: how httparse and decoder errors become {@code Parse}. */
	private static String parse(HeadProblem problem) {
		return switch (problem) {
			case NOT_HTTP -> "Version";
			case BAD_STATUS -> "Status";
			case TOO_MANY_HEADERS, HEAD_TOO_LARGE -> "TooLarge";
			case BAD_CONTENT_LENGTH -> "Header(ContentLengthInvalid)";
			case TRANSFER_ENCODING_ON_HTTP10 -> "Header(TransferEncodingInvalid)";
			case CONTROL_BYTE, OBS_FOLD, NO_COLON, BAD_HEADER_NAME, BAD_NEWLINE, NONE -> "Header(Token)";
		};
	}

	/** rustls {@code Error} variants for what the JDK's handshake reported (INFERRED mapping by symptom). */
	private static String rustls(String detail) {
		String d = String.valueOf(detail).toLowerCase(Locale.ROOT);
		if (d.contains("expired") || d.contains("not yet valid") || d.contains("validity check failed")) {
			return "InvalidCertificate(Expired)";
		}
		if (d.contains("subject alternative") || d.contains("no name matching")) {
			return "InvalidCertificate(NotValidForName)";
		}
		if (d.contains("certification path") || d.contains("pkix") || d.contains("certificate")) {
			return "InvalidCertificate(UnknownIssuer)";
		}
		if (d.contains("unrecognized ssl message") || d.contains("plaintext")) {
			return "InvalidMessage(InvalidContentType)";
		}
		if (d.contains("protocol") || d.contains("version")) {
			return "PeerIncompatible(ServerDoesNotSupportTls12Or13)";
		}
		if (d.contains("terminated") || d.contains("eof") || d.contains("closed") || d.contains("reset")) {
			return "Custom { kind: UnexpectedEof, error: \"tls handshake eof\" }";
		}
		return "AlertReceived(HandshakeFailure)";
	}
}

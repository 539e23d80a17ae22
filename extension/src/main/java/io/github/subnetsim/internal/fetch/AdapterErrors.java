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
			case CONNECT_TIMEOUT -> connect("tcp connect error", "Custom { kind: TimedOut, error: \"connection timed out\" }");
			case UNKNOWN_HOST -> connect("dns error",
					"Custom { kind: Uncategorized, error: \"failed to lookup address information: Name or service not known\" }");
			case TLS -> LEGACY + "(Connect, Custom { kind: InvalidData, error: " + rustls(failed.detail()) + " })";
			case CLOSED_BEFORE_HEAD -> sendRequest("IncompleteMessage");
			case MALFORMED_HEAD -> sendRequest("Parse(" + parse(failed.headProblem()) + ")");
		};
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

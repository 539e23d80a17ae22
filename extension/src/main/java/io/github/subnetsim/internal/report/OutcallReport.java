package io.github.subnetsim.internal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.github.subnetsim.internal.text.RejectTexts;

/**
 * Every outcall of a test run: {@code target/subnet-sim/report.json} and its Markdown summary, and the format of the
 * baseline file the CI gate compares with.
 *
 * <pre>{@code
 * OutcallReport report = OutcallReport.fromJson(Files.readString(Path.of("target/subnet-sim/report.json")));
 * System.out.println(report.toMarkdown());
 * }</pre>
 */
public record OutcallReport(List<OutcallRecord> outcalls) {

	private static final ObjectMapper JSON = new ObjectMapper()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	public OutcallReport {
		outcalls = List.copyOf(outcalls);
	}

	/** The JSON form (a stable layout, one object per outcall). */
	public String toJson() {
		try {
			return JSON.writeValueAsString(this) + "\n";
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Reads the JSON form. */
	public static OutcallReport fromJson(String json) {
		try {
			return JSON.readValue(json, new TypeReference<OutcallReport>() {
			});
		}
		catch (IOException e) {
			throw new IllegalArgumentException("not a subnet-sim report: " + e.getMessage(), e);
		}
	}

	/** A Markdown table: one row per outcall. */
	public String toMarkdown() {
		StringBuilder b = new StringBuilder();
		long agreed = outcalls.stream().filter(OutcallRecord::agreed).count();
		long flagged = outcalls.stream().filter(r -> !r.findings().isEmpty()).count();
		b.append("# subnet-sim outcalls\n\n").append(outcalls.size()).append(" outcalls, ").append(agreed).append(" agreed, ")
				.append(outcalls.size() - agreed).append(" rejected")
				// Said before the table: an agreed outcall can still have created 13 orders.
				.append(flagged == 0 ? "" : ", " + flagged + " with findings (see the last column)").append(".\n\n");
		b.append("| test | # | method | url | n | outcome | agreement | cost (cycles) | request B | max_response_bytes | response B | server saw | findings |\n");
		b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (OutcallRecord r : outcalls) {
			b.append("| ").append(cell(r.testName())).append(" | ").append(r.sequence()).append(" | ").append(r.method()).append(" | ")
					.append(cell(r.url())).append(" | ").append(r.replicas()).append(" | ").append(r.outcome())
					.append(" | ").append(r.agreement()).append('/').append(r.replicas()).append(" | ")
					.append(RejectTexts.underscores(r.cost())).append(" | ").append(r.requestBytes()).append(" | ")
					.append(r.maxResponseBytes() < 0 ? "unset" : Long.toString(r.maxResponseBytes())).append(" | ")
					.append(r.responseBytes()).append(" | ").append(serverSaw(r)).append(" | ").append(cell(String.join("; ", r.findings())))
					.append(" |\n");
		}
		return b.toString();
	}

	/** {@code 2 addresses (SOCKS proxy)}: how many distinct clients the server saw, and by which paths. */
	static String serverSaw(OutcallRecord r) {
		if (r.network().isEmpty()) {
			return "–";
		}
		return r.serverAddresses() + (r.serverAddresses() == 1 ? " address (" : " addresses (") + r.network() + ")";
	}

	static String cell(String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}
}

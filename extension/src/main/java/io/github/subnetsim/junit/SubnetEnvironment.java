package io.github.subnetsim.junit;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.Subnet;
import io.github.subnetsim.server.MockServers;

/**
 * A subnet and its TLS server, opened and closed together, kept in the store of the context that owns them. Closed by
 * the extension, or by JUnit when the owning context ends (a store value that is {@link AutoCloseable}).
 */
record SubnetEnvironment(Subnet subnet, MockWebServer server) implements AutoCloseable {

	/**
	 * Opens both; each outcall is published as a report entry on the test running on the calling thread, or else on
	 * the context that owns them.
	 */
	static SubnetEnvironment open(SubnetExtension.Settings s, ExtensionContext owner, Supplier<ExtensionContext> running) {
		Subnet.Builder b = Subnet.builder();
		s.customizers().forEach(c -> c.accept(b));
		b.listener((args, result) -> {
			ExtensionContext test = running.get();
			(test != null ? test : owner).publishReportEntry("subnet-sim.outcall", OutcallSummary.line(args, result));
		});
		Subnet subnet = b.build();
		MockWebServer server;
		try {
			server = MockServers.startTls();
		}
		catch (RuntimeException e) {
			subnet.close();
			throw e;
		}
		return new SubnetEnvironment(subnet, server);
	}

	@Override
	public void close() {
		try {
			subnet.close();
		}
		finally {
			server.close();
		}
	}
}

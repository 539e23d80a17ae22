package io.github.subnetsim.junit;

import io.github.subnetsim.OutcallListener;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.server.MockServers;
import mockwebserver3.MockWebServer;

/** A subnet and its TLS server, opened and closed together. */
record SubnetEnvironment(Subnet subnet, MockWebServer server) implements AutoCloseable {

	static SubnetEnvironment open(SubnetExtension.Settings s, OutcallListener listener) {
		Subnet.Builder b = Subnet.builder();
		s.customizers().forEach(c -> c.accept(b));
		b.listener(listener);
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

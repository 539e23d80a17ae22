package io.github.subnetsim;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.server.MockServers;

/**
 * For engine tests that build their own subnets: a started TLS MockWebServer the subnets trust, one per test, as a
 * {@code MockWebServer} parameter (of the test or a {@code @BeforeEach} method), closed after the test.
 */
public final class TlsServerExtension implements ParameterResolver, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TlsServerExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == MockWebServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		MockWebServer server = store.get(MockWebServer.class, MockWebServer.class);
		if (server == null) {
			server = MockServers.startTls();
			store.put(MockWebServer.class, server);
		}
		return server;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		MockWebServer server = context.getStore(NAMESPACE).remove(MockWebServer.class, MockWebServer.class);
		if (server != null) {
			server.close();
		}
	}
}

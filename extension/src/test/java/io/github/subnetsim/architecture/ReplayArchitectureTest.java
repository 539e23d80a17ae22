package io.github.subnetsim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

/** Offline replicas are part of the fetch step: below the pipeline, and without the network client. */
class ReplayArchitectureTest {

	@Test
	void offlineReplicasSitBelowThePipelineAndUseNoNetworkClient() {
		noClasses().that().resideInAnyPackage("io.github.subnetsim.internal.replay..", "io.github.subnetsim.replay..")
				.should().dependOnClassesThat().resideInAnyPackage("io.github.subnetsim.internal.pipeline..", "io.github.subnetsim.internal.consensus..",
						"io.github.subnetsim.internal.charge..", "okhttp3..", "mockwebserver3..", "org.junit..")
				.because("replay replaces the network under the pipeline; everything after the fetch stays the pipeline's")
				.check(ArchitectureTest.CLASSES);
	}
}

package io.github.subnetsim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The assertions module's shape: matchers and the property engine are API; no internal or Jackson type in their
 * signatures; and they read results and traces, never the engine's pipeline (docs/architecture.md).
 */
class AssertionsArchitectureTest {

	static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.subnetsim.assertions", "io.github.subnetsim.property");

	@Test
	void theApiExposesNoInternalOrJacksonType() {
		classes().that(DescribedPredicate.describe("exported", ApiBoundary::exported)).should(ApiBoundary.exposeNoHiddenType()).check(CLASSES);
	}

	@Test
	void assertionsReadResultsNotTheEngine() {
		noClasses().should().dependOnClassesThat().resideInAnyPackage("io.github.subnetsim.internal.pipeline..",
				"io.github.subnetsim.internal.fetch..", "io.github.subnetsim.internal.wire..", "io.github.subnetsim.internal.consensus..",
				"io.github.subnetsim.internal.report..", "io.github.subnetsim.internal.observe..")
				.because("a matcher judges what an outcall produced, through the public result and trace").check(CLASSES);
	}

	@Test
	void theMatchersAndThePropertyEngineAreExported() {
		Set<String> exported = ApiBoundary.exportedTypes(CLASSES);
		for (String t : new String[] { "io.github.subnetsim.assertions.OutcallMatchers", "io.github.subnetsim.assertions.DivergenceReport",
				"io.github.subnetsim.property.SubnetProperty", "io.github.subnetsim.property.Gen" }) {
			org.junit.jupiter.api.Assertions.assertTrue(exported.contains(t), t + " is exported");
		}
	}

}

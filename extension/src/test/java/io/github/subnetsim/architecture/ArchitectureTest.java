package io.github.subnetsim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The extension module's shape: a small exported API over {@code internal} packages, no implementation or Jackson
 * type in a public signature, and dependencies that point down the outcall path (see docs/architecture.md).
 */
class ArchitectureTest {

	static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.subnetsim");

	static final DescribedPredicate<JavaClass> EXPORTED = DescribedPredicate.describe("exported (public, outside internal)",
			ApiBoundary::exported);

	@Test
	void theApiExposesNoInternalOrJacksonType() {
		classes().that(EXPORTED).should(ApiBoundary.exposeNoHiddenType()).check(CLASSES);
	}

	@Test
	void theEngineKnowsNothingOfJUnit() {
		noClasses().that().resideInAPackage("io.github.subnetsim..")
				.and().resideOutsideOfPackages("io.github.subnetsim.junit..", "io.github.subnetsim.internal.report..")
				.should().dependOnClassesThat().resideInAnyPackage("org.junit..", "io.github.subnetsim.junit..",
						"io.github.subnetsim.internal.report..")
				.because("the engine runs without a test framework; JUnit glue sits on top of it").check(CLASSES);
	}

	@Test
	void consensusKnowsOnlyShares() {
		noClasses().that().resideInAPackage("io.github.subnetsim.internal.consensus..")
				.should().dependOnClassesThat().resideInAnyPackage("io.github.subnetsim.internal.pipeline..", "io.github.subnetsim.internal.fetch..",
						"io.github.subnetsim.internal.charge..", "io.github.subnetsim.internal.perturb..", "io.github.subnetsim.internal.wire..",
						"okhttp3..", "mockwebserver3..")
				.check(CLASSES);
	}

	@Test
	void eachStepDependsOnlyOnStepsBeforeIt() {
		noClasses().that().resideInAnyPackage("io.github.subnetsim.internal.validate..", "io.github.subnetsim.internal.charge..",
				"io.github.subnetsim.internal.fetch..", "io.github.subnetsim.internal.wire..", "io.github.subnetsim.internal.perturb..",
				"io.github.subnetsim.internal.consensus..", "io.github.subnetsim.internal.text..", "io.github.subnetsim.internal.json..")
				.should().dependOnClassesThat().resideInAnyPackage("io.github.subnetsim.internal.pipeline..")
				.because("the pipeline calls the steps, never the other way round").check(CLASSES);
		noClasses().that().resideInAnyPackage("io.github.subnetsim.internal.wire..")
				.should().dependOnClassesThat().resideInAnyPackage("io.github.subnetsim.internal.fetch..", "io.github.subnetsim.internal.charge..",
						"io.github.subnetsim.internal.consensus..", "okhttp3..")
				.because("the wire client is the bottom of the fetch step").check(CLASSES);
		noClasses().that().resideInAnyPackage("io.github.subnetsim.internal.fetch..", "io.github.subnetsim.internal.validate..")
				.should().dependOnClassesThat().resideInAnyPackage("io.github.subnetsim.internal.consensus..", "io.github.subnetsim.internal.charge..")
				.check(CLASSES);
	}

	@Test
	void theExportedTypesAreListed() throws IOException {
		Set<String> exported = ApiBoundary.exportedTypes(CLASSES);
		Path out = Path.of("target", "api-types.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, exported);
		// The published surface is written to target/api-types.txt for review; it must at least hold the types a test names.
		for (String t : new String[] { "io.github.subnetsim.Subnet", "io.github.subnetsim.HttpRequestArgs", "io.github.subnetsim.OutcallResult",
				"io.github.subnetsim.junit.SimulatedSubnet", "io.github.subnetsim.junit.SubnetExtension", "io.github.subnetsim.trace.Trace" }) {
			org.junit.jupiter.api.Assertions.assertTrue(exported.contains(t), t + " is exported");
		}
		org.junit.jupiter.api.Assertions.assertTrue(exported.stream().noneMatch(t -> t.contains(".internal.")), exported.toString());
	}
}

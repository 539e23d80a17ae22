package io.github.subnetsim.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A property: the test method runs once per try, with parameters generated from {@link From} or {@link IntRange}.
 * Edge cases come first, then random values from the seed. The first failing try is shrunk to a smaller failing
 * sample, and the failure reports the original sample, the shrunk one and the seed to replay. Each try is its own
 * invocation in the IDE, named after its values.
 *
 * <pre>{@code
 * @SubnetProperty(tries = 50)
 * void honestReplyWins(@From("faults") Faults faults) { ... }
 *
 * static Gen<Faults> faults() {
 *     return Gens.subnetSizes().flatMap(n -> Gens.faultyReplicaSets(n, Limits.faultsTolerated(n)).map(s -> new Faults(n, s)));
 * }
 * }</pre>
 *
 * <h2>Seed</h2>
 * {@link #seed()} if set; else the configuration parameter or system property {@code subnet-sim.seed}; else a
 * random one. The seed in use is printed and published as the report entry {@code subnet-sim.seed}.
 *
 * <h2>Shrinking</h2>
 * The failing try's method is invoked again, reflectively, on the same test instance (inside that try's
 * {@code @BeforeEach}/{@code @AfterEach}) with smaller samples, keeping each one that still fails. It stops at a
 * sample no candidate improves, after {@link #shrinkRuns()} invocations, or after {@link #shrinkSeconds()}. A try
 * that fails an assumption ({@code TestAbortedException}) is skipped and never counts as a failure. Tries after the
 * first failure are not run.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PropertyExtension.class)
public @interface SubnetProperty {

	/**
	 * How many tries, edge cases included.
	 *
	 * @return the number of tries, 100 by default
	 */
	int tries() default 100;

	/**
	 * A decimal long to replay a run; empty for the configuration parameter {@code subnet-sim.seed} or a random seed.
	 *
	 * @return the seed, or empty
	 */
	String seed() default "";

	/**
	 * The most invocations spent on shrinking a failure.
	 *
	 * @return the invocation budget for shrinking, 200 by default
	 */
	int shrinkRuns() default 200;

	/**
	 * The most seconds spent on shrinking a failure (checked between invocations).
	 *
	 * @return the time budget for shrinking, 60 s by default
	 */
	int shrinkSeconds() default 60;
}

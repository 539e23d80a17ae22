package io.github.subnetsim.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates an {@code int} {@link SubnetProperty} parameter in [min, max] with {@link Gens#ints(int, int)}: edge
 * cases first, shrinking toward the value closest to 0.
 *
 * <pre>{@code
 * @SubnetProperty(tries = 50)
 * void anySize(@IntRange(min = 0, max = 2_000_000) int size) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IntRange {

	/**
	 * The smallest value.
	 *
	 * @return the lower bound, inclusive; 0 by default
	 */
	int min() default 0;

	/**
	 * The largest value.
	 *
	 * @return the upper bound, inclusive; {@code Integer.MAX_VALUE} by default
	 */
	int max() default Integer.MAX_VALUE;
}

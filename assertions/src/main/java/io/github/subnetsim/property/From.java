package io.github.subnetsim.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates a {@link SubnetProperty} parameter with the {@link Gen} that a method (no parameters) or field of the
 * test class of this name provides. It must be static, unless the class uses
 * {@code @TestInstance(Lifecycle.PER_CLASS)}. The name also labels the value in display names when the test is not
 * compiled with {@code -parameters}.
 *
 * <pre>{@code
 * @SubnetProperty
 * void anyBody(@From("bodies") JsonBody body) { ... }
 *
 * static Gen<JsonBody> bodies() {
 *     return Gens.jsonBodies();
 * }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface From {

	/**
	 * The name of the method or field that provides the generator.
	 *
	 * @return the member's name, for example {@code "bodies"}
	 */
	String value();
}

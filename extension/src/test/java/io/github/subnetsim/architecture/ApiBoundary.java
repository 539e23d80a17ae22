package io.github.subnetsim.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * What counts as subnet-sim's published API, and the condition that keeps implementation and Jackson types out of
 * it. Shared by the architecture tests of every module (this class is test code; each module has its own copy of
 * the test that uses it, over its own classes).
 */
public final class ApiBoundary {

	private ApiBoundary() {
	}

	/** Whether a type is exported: public (or protected-nested in a public type), outside every {@code internal} package. */
	public static boolean exported(JavaClass c) {
		if (c.getPackageName().contains(".internal") || !c.getPackageName().startsWith("io.github.subnetsim")
				|| c.isAnonymousClass() || c.isLocalClass()) {
			return false;
		}
		for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
			if (!visible(k.getModifiers())) {
				return false;
			}
		}
		return true;
	}

	/** Whether a type may not appear in an exported signature: our implementation, or Jackson. */
	public static boolean hidden(JavaClass c) {
		String name = c.getName();
		return name.startsWith("io.github.subnetsim.") && c.getPackageName().contains(".internal")
				|| name.startsWith("com.fasterxml.");
	}

	/** The exported types among these classes, by name. */
	public static Set<String> exportedTypes(JavaClasses classes) {
		Set<String> out = new TreeSet<>();
		for (JavaClass c : classes) {
			if (exported(c)) {
				out.add(c.getName());
			}
		}
		return out;
	}

	/** An exported type whose public or protected members, supertypes or annotations name a hidden type. */
	public static ArchCondition<JavaClass> exposeNoHiddenType() {
		return new ArchCondition<>("expose no internal or Jackson type in a public signature") {
			@Override
			public void check(JavaClass c, ConditionEvents events) {
				List<String> found = new ArrayList<>();
				involved(c.getRawSuperclass().map(JavaClass::toErasure).orElse(null), c, "extends", found);
				for (JavaType t : c.getInterfaces()) {
					t.getAllInvolvedRawTypes().forEach(x -> involved(x, c, "implements", found));
				}
				c.getAnnotations().forEach(a -> involved(a.getRawType(), c, "annotated", found));
				for (JavaField f : c.getFields()) {
					if (visible(f.getModifiers())) {
						f.getType().getAllInvolvedRawTypes().forEach(x -> involved(x, c, "field " + f.getName(), found));
					}
				}
				for (JavaCodeUnit m : c.getCodeUnits()) {
					if (!visible(m.getModifiers()) || m.getName().startsWith("lambda$")) {
						continue;
					}
					String where = m.getName() + "(…)";
					m.getReturnType().getAllInvolvedRawTypes().forEach(x -> involved(x, c, where + " returns", found));
					for (JavaType p : m.getParameterTypes()) {
						p.getAllInvolvedRawTypes().forEach(x -> involved(x, c, where + " takes", found));
					}
					m.getThrowsClause().getTypes().forEach(x -> involved(x, c, where + " throws", found));
					m.getAnnotations().forEach(a -> involved(a.getRawType(), c, where + " annotated", found));
				}
				for (String f : found) {
					events.add(SimpleConditionEvent.violated(c, f));
				}
			}
		};
	}

	private static boolean visible(Set<JavaModifier> m) {
		return m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED);
	}

	private static void involved(JavaClass type, JavaClass owner, String where, List<String> found) {
		if (type != null && hidden(type)) {
			found.add(owner.getName() + " " + where + " " + type.getName());
		}
	}
}

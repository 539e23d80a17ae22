package io.github.subnetsim.property;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fixtures that fail on purpose run only inside {@link TestKit}: an IDE that picks one up by itself skips it.
 */
final class OnlyInTestKit implements ExecutionCondition {

	static final String KEY = "subnet-sim.testkit";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return context.getConfigurationParameter(KEY).isPresent() ? ConditionEvaluationResult.enabled("run by the engine test kit")
				: ConditionEvaluationResult.disabled("a fixture of the property engine's tests; runs only through EngineTestKit");
	}
}

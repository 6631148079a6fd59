package dev.valet.webhook.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Marks a test class that needs the real API server of {@link KubeApiServer}: without {@value
 * KubeApiServer#KUBECONFIG_VARIABLE}, each of its tests is reported as skipped, saying how to
 * provide one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(
    named = KubeApiServer.KUBECONFIG_VARIABLE,
    matches = ".*\\S.*",
    disabledReason = KubeApiServer.HOW_TO_PROVIDE)
public @interface RequiresKubeApiServer {}

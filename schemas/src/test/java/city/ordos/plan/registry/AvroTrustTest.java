package city.ordos.plan.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.ordos.plan.avro.GoalProgress;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroTrustTest {

    @Test
    void theContractsClassesAreTrustedOnTopOfWhatTheJvmTrustedAlready() {
        AvroTrust.trustContractPackages();

        ClassSecurityValidator.ClassSecurityPredicate trusted = ClassSecurityValidator.getGlobal();
        assertThat(trusted.isTrusted(GoalProgress.class)).isTrue();
        assertThat(trusted.isTrusted(BigDecimal.class)).isTrue();
        assertThat(trusted.isTrusted(Instant.class)).isTrue();
        assertThat(trusted.isTrusted(AvroTrustTest.class))
                .as("a class outside the contract's packages")
                .isFalse();
    }

    @Test
    void trustingTwiceChangesNothing() {
        AvroTrust.trustContractPackages();
        ClassSecurityValidator.ClassSecurityPredicate once = ClassSecurityValidator.getGlobal();
        AvroTrust.trustContractPackages();

        assertThat(ClassSecurityValidator.getGlobal()).isSameAs(once);
    }
}

package city.ordos.plan.infra.testing;

import city.ordos.plan.infra.platform.EmbeddedPlatform;
import city.ordos.plan.infra.registry.RegistryAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The in-process broker and registry, in a temporary directory removed on close. */
final class EmbeddedTestCluster implements TestCluster {

    private final Path dataDir;
    private final EmbeddedPlatform platform;

    EmbeddedTestCluster() {
        try {
            this.dataDir = Files.createTempDirectory("ordos-test-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Tests register whatever schemas they need, as on the containers' open Confluent registry.
        this.platform = EmbeddedPlatform.builder(dataDir)
                .registryAccess(RegistryAccess.open())
                .start();
    }

    @Override
    public String bootstrapServers() {
        return platform.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return platform.schemaRegistryUrl();
    }

    @Override
    public String describe() {
        return "embedded KRaft broker " + bootstrapServers() + " + embedded registry " + schemaRegistryUrl();
    }

    @Override
    public void stopBroker() {
        platform.broker().stop();
    }

    @Override
    public void startBroker() {
        platform.broker().start();
    }

    @Override
    public boolean supportsBrokerRestart() {
        return true;
    }

    @Override
    public void close() {
        try {
            platform.close();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove test cluster data in " + dir, e);
        }
    }
}

package city.ordos.plan.infra.testing;

/** A running Kafka cluster plus schema registry, whichever way it was started. */
interface TestCluster extends AutoCloseable {

    String bootstrapServers();

    String schemaRegistryUrl();

    /** Human-readable description for logs. */
    String describe();

    /** Stops the broker, keeping its data; clients see it as down until {@link #startBroker()}. */
    void stopBroker();

    void startBroker();

    boolean supportsBrokerRestart();

    @Override
    void close();
}

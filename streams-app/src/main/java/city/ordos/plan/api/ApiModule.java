package city.ordos.plan.api;

import java.util.List;

/**
 * Another module's part of the API with what its routes hold open (the launcher's web reporting: a
 * consumer of the submissions topic, transactional producers). {@link
 * city.ordos.plan.app.OrdosInstance} opens it after Kafka Streams has started, so a module that
 * reads a topic before it can serve does not hold up the group join, and closes it after the API.
 */
public interface ApiModule extends AutoCloseable {

    /** The routes, registered when the API starts. */
    List<ApiExtension> extensions();

    @Override
    void close();

    /** Opens a module; a failure stops the instance's start. */
    @FunctionalInterface
    interface Opener {
        ApiModule open() throws Exception;
    }
}

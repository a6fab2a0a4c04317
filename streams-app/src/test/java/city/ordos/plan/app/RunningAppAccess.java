package city.ordos.plan.app;

import city.ordos.plan.avro.County;
import city.ordos.plan.avro.GoalDefinition;
import city.ordos.plan.infra.testing.KafkaClusterExtension;
import city.ordos.plan.topics.OrdosTopics;
import java.time.LocalDate;
import java.util.List;

/** Test-side door to {@link RunningApp} and {@link Events} for tests in other packages. */
public final class RunningAppAccess {

    public static final String MAJOR_PROJECTS = Events.MAJOR_PROJECTS;

    /** The started app's API token (an administrator's: it reads what operators read). */
    public static final String API_TOKEN = RunningApp.TOKEN;

    private RunningAppAccess() {}

    public interface App extends AutoCloseable {
        String url(String path);

        @Override
        void close();
    }

    public interface Inputs extends AutoCloseable {
        void catalog(List<GoalDefinition> goals);

        void majorProjectInvestment(String projectId, County county, String value, LocalDate asOf);

        /** A record of any bytes on a topic (one the app cannot read, to be dead-lettered). */
        void raw(String topic, String key, byte[] value);

        @Override
        void close();
    }

    public static App start(KafkaClusterExtension kafka, OrdosTopics topics, String applicationId, String clock)
            throws Exception {
        RunningApp app =
                new RunningApp(kafka, topics, applicationId, clock).start().awaitRunning();
        return new App() {
            @Override
            public String url(String path) {
                return app.url(path);
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }

    public static Inputs inputs(KafkaClusterExtension kafka, OrdosTopics topics) {
        Events events = new Events(kafka, topics);
        return new Inputs() {
            @Override
            public void catalog(List<GoalDefinition> goals) {
                events.catalog(goals);
            }

            @Override
            public void majorProjectInvestment(String projectId, County county, String value, LocalDate asOf) {
                events.majorProjectInvestment(projectId, county, value, asOf);
            }

            @Override
            public void raw(String topic, String key, byte[] value) {
                events.raw(topic, key, value);
            }

            @Override
            public void close() {
                events.close();
            }
        };
    }
}

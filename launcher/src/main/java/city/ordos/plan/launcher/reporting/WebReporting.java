package city.ordos.plan.launcher.reporting;

import city.ordos.plan.api.ApiExtension;
import city.ordos.plan.api.ApiModule;
import city.ordos.plan.app.AppConfig;
import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.producers.imports.CatalogFeeds;
import city.ordos.plan.producers.imports.TableLayout;
import city.ordos.plan.registry.AvroSerdes;
import city.ordos.plan.topics.OrdosTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Web reporting for one instance: the submissions log and the routes that use it (closed with the instance). */
public final class WebReporting implements ApiModule {

    /** Investment tables without a 项目类别 column count as municipal major projects, as on the command line. */
    private static final String DEFAULT_TIER = "MUNICIPAL_MAJOR";

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaSubmissions submissions;
    private final ReportingRoutes routes;

    private WebReporting(KafkaSubmissions submissions, ReportingRoutes routes) {
        this.submissions = submissions;
        this.routes = routes;
    }

    /**
     * @param catalog the catalog the app follows: it says which department answers for which
     *                statement, and which statistics metrics a table may carry
     */
    public static WebReporting open(AppConfig config, Catalog catalog, int planYear) throws Exception {
        OrdosTopics topics = config.topics();
        Map<String, Object> client = config.serdeConfigs();
        boolean approvalRequired = approvalRequired(config.get(AppConfig.REPORTING_APPROVAL));
        KafkaSubmissions submissions = KafkaSubmissions.open(
                client,
                topics.reportSubmissions(),
                new AvroSerdes(client),
                // Stable per instance address: a restarted instance fences its predecessor's transactions.
                config.applicationId() + "-reporting-" + config.httpHost() + "-" + config.httpPort(),
                // One for the whole application: decisions on any instance fence each other.
                config.applicationId() + "-reporting-decisions",
                LOAD_TIMEOUT);
        TableLayout.Options layout =
                new TableLayout.Options(TableLayout.AUTO, DEFAULT_TIER, planYear, CatalogFeeds.of(catalog));
        return new WebReporting(
                submissions,
                new ReportingRoutes(
                        submissions, ReportingScope.of(catalog), layout, topics, Clock.systemUTC(), approvalRequired));
    }

    /** {@code required} (the default) or {@code none}; anything else stops the start, naming the key. */
    static boolean approvalRequired(String setting) {
        if (setting == null || setting.isBlank() || setting.strip().equals("required")) {
            return true;
        }
        if (setting.strip().equals("none")) {
            return false;
        }
        throw new IllegalArgumentException(
                AppConfig.REPORTING_APPROVAL + " must be 'required' or 'none', was '" + setting + "'");
    }

    @Override
    public List<ApiExtension> extensions() {
        return List.of(routes);
    }

    @Override
    public void close() {
        submissions.close();
    }
}

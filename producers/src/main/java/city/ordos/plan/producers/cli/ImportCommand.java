package city.ordos.plan.producers.cli;

import city.ordos.plan.avro.DeadLetter;
import city.ordos.plan.catalog.BuiltInCatalog;
import city.ordos.plan.catalog.Catalog;
import city.ordos.plan.catalog.CatalogException;
import city.ordos.plan.catalog.CatalogParser;
import city.ordos.plan.catalog.CatalogValidator;
import city.ordos.plan.producers.DeliveryReport;
import city.ordos.plan.producers.EventPublisher;
import city.ordos.plan.producers.imports.CatalogFeeds;
import city.ordos.plan.producers.imports.ImportException;
import city.ordos.plan.producers.imports.ImportSink;
import city.ordos.plan.producers.imports.ImportSummary;
import city.ordos.plan.producers.imports.KafkaImportSink;
import city.ordos.plan.producers.imports.ReportImporter;
import city.ordos.plan.producers.imports.TableLayout;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Imports report tables (CSV, .xlsx or .xls, layouts in docs/import-format.md): investment reports "
                    + "become InvestmentReport events, statistics releases StatisticsRelease events; bad rows go to the "
                    + "dead-letter topic with file, line and reason.",
            "Exit status: 0 every row published, 3 some rows rejected (and dead-lettered), 2 a file could not "
                    + "be read (missing column, encoding), 1 some delivery failed."
        })
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Report files (.csv, .xlsx or .xls).")
    List<Path> files;

    @Option(
            names = "--encoding",
            defaultValue = "auto",
            description = "Encoding of CSV files: auto (UTF-8, else GBK/GB18030), UTF-8, GBK, GB18030 ... "
                    + "(default ${DEFAULT-VALUE}).")
    String encoding;

    @Option(
            names = "--layout",
            defaultValue = "auto",
            description = "Table layout: auto (a 指标代码 column means a statistics release), investment or statistics "
                    + "(default ${DEFAULT-VALUE}).")
    String layout;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description = "Goal catalog whose statistics metrics a release may carry (default: the bundled "
                    + BuiltInCatalog.RESOURCE + ").")
    Path catalogFile;

    @Option(
            names = "--tier",
            defaultValue = "MUNICIPAL_MAJOR",
            description = "Tier of rows in files without a 项目类别 column: MUNICIPAL_MAJOR or OTHER_FIXED_ASSET "
                    + "(default ${DEFAULT-VALUE}).")
    String tier;

    @Option(
            names = "--plan-year",
            defaultValue = "2025",
            description = "Plan year rows must fall in (default ${DEFAULT-VALUE}).")
    int planYear;

    @Option(names = "--dry-run", description = "Validate and report only; publish nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true);
        if (!tier.equals("MUNICIPAL_MAJOR") && !tier.equals("OTHER_FIXED_ASSET")) {
            System.err.println("import: --tier must be MUNICIPAL_MAJOR or OTHER_FIXED_ASSET, was " + tier);
            return 2;
        }
        TableLayout.Options options;
        try {
            options = new TableLayout.Options(TableLayout.parse(layout), tier, planYear, CatalogFeeds.of(catalog()));
        } catch (IllegalArgumentException | CatalogException | UncheckedIOException e) {
            System.err.println("import: " + e.getMessage());
            return 2;
        }
        if (dryRun) {
            return importAll(
                    new ImportSink() {
                        @Override
                        public void publish(String key, SpecificRecord event) {}

                        @Override
                        public void reject(String key, DeadLetter deadLetter) {}
                    },
                    out,
                    null,
                    options);
        }
        EventPublisher publisher;
        try {
            publisher = new EventPublisher(connection.producerConfig("ordos-importer"), false);
        } catch (IllegalArgumentException e) {
            System.err.println("import: " + e.getMessage());
            return 2;
        }
        int status;
        DeliveryReport report;
        try (publisher) {
            status = importAll(new KafkaImportSink(publisher, connection.topics()), out, publisher, options);
            publisher.close();
            report = publisher.report();
        }
        out.println(report.consoleLine());
        report.failureLines().forEach(out::println);
        return report.allDelivered() ? status : 1;
    }

    private Catalog catalog() {
        CatalogParser parser = new CatalogParser();
        Catalog catalog = catalogFile == null ? BuiltInCatalog.parse() : parser.parse(catalogFile);
        CatalogValidator.standard().validate(catalog); // a broken catalog is reported, not half-used
        return catalog;
    }

    private int importAll(ImportSink sink, PrintStream out, EventPublisher publisher, TableLayout.Options options) {
        ReportImporter importer = new ReportImporter(sink, Clock.systemUTC(), out);
        boolean fileFailed = false;
        boolean rowsRejected = false;
        for (Path file : files) {
            try {
                ImportSummary summary = importer.importFile(file, encoding, options);
                if (publisher != null) {
                    publisher.flush();
                }
                summary.consoleLines().forEach(out::println);
                rowsRejected |= summary.rejected() > 0;
            } catch (ImportException e) {
                System.err.println(
                        "import: " + e.reason().fileLine(String.valueOf(file.getFileName()), e.getMessage()));
                fileFailed = true;
            }
        }
        return fileFailed ? 2 : rowsRejected ? 3 : 0;
    }
}

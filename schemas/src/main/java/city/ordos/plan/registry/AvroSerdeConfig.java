package city.ordos.plan.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The serde's settings, read from the same keys Confluent's serializers use, so one config map
 * works with this serde and with Confluent's ({@code io.confluent.kafka.serializers.KafkaAvroSerializer}).
 * Keys this serde does not know are ignored, as Kafka does.
 */
public final class AvroSerdeConfig {

    /** Comma-separated registry URLs; {@code mock://<scope>} selects a JVM-local in-memory registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String LATEST_COMPATIBILITY_STRICT = "latest.compatibility.strict";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Decode logical types (decimal, timestamps) to Java types in generic records too. */
    public static final String AVRO_USE_LOGICAL_TYPE_CONVERTERS = "avro.use.logical.type.converters";

    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** USER_INFO (from {@link #BASIC_AUTH_USER_INFO}) or URL (from the user-info part of the registry URL). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Older spelling Confluent still accepts. */
    public static final String LEGACY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    /** Capacity of the per-subject schema/id caches. */
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";
    /** Retries after the first attempt on 429, 5xx and connection failures. */
    public static final String MAX_RETRIES = "max.retries";
    /** First backoff; doubles each retry. */
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    /** Backoff ceiling. */
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    /**
     * Serde class {@link AvroSerdes} hands out instead of ours, e.g.
     * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}: any {@code Serde} with a
     * public no-arg constructor, configured with the same map (plus {@code specific.avro.reader=true}).
     */
    public static final String SERDE_CLASS = "ordos.avro.serde.class";

    public static final String MOCK_URL_PREFIX = "mock://";

    static final String CONFLUENT_STRATEGY_PACKAGE = "io.confluent.kafka.serializers.subject.";

    /** Every key this serde reads (plus the {@code schema.registry.ssl.*} TLS keys of {@link RegistryTls}). */
    public static final Set<String> KEYS = Stream.concat(
                    Stream.of(
                            SCHEMA_REGISTRY_URL,
                            AUTO_REGISTER_SCHEMAS,
                            USE_LATEST_VERSION,
                            LATEST_COMPATIBILITY_STRICT,
                            LATEST_CACHE_TTL_SEC,
                            SPECIFIC_AVRO_READER,
                            AVRO_USE_LOGICAL_TYPE_CONVERTERS,
                            KEY_SUBJECT_NAME_STRATEGY,
                            VALUE_SUBJECT_NAME_STRATEGY,
                            BASIC_AUTH_CREDENTIALS_SOURCE,
                            BASIC_AUTH_USER_INFO,
                            LEGACY_BASIC_AUTH_USER_INFO,
                            MAX_SCHEMAS_PER_SUBJECT,
                            MAX_RETRIES,
                            RETRIES_WAIT_MS,
                            RETRIES_MAX_WAIT_MS,
                            HTTP_CONNECT_TIMEOUT_MS,
                            HTTP_READ_TIMEOUT_MS,
                            SERDE_CLASS),
                    RegistryTls.KEYS.stream())
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Whether {@code key} is a serde/registry setting rather than a Kafka client one, to split one
     * runtime config between the serde and a Kafka client (which warns about keys it does not know).
     */
    public static boolean isSerdeSetting(String key) {
        return KEYS.contains(key) || key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
    }

    private final List<String> urls;
    private final boolean autoRegisterSchemas;
    private final boolean useLatestVersion;
    private final boolean latestCompatibilityStrict;
    private final Duration latestCacheTtl;
    private final boolean specificAvroReader;
    private final boolean useLogicalTypeConverters;
    private final SubjectNameStrategy keySubjectNameStrategy;
    private final SubjectNameStrategy valueSubjectNameStrategy;
    private final BasicAuthCredentials credentials;
    private final int maxSchemasPerSubject;
    private final RetryPolicy retryPolicy;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLContext sslContext;

    public AvroSerdeConfig(Map<String, ?> configs) {
        Map<String, ?> c = configs == null ? Map.of() : configs;
        this.urls = parseUrls(c.get(SCHEMA_REGISTRY_URL));
        this.autoRegisterSchemas = bool(c, AUTO_REGISTER_SCHEMAS, true);
        this.useLatestVersion = bool(c, USE_LATEST_VERSION, false);
        this.latestCompatibilityStrict = bool(c, LATEST_COMPATIBILITY_STRICT, true);
        long ttl = number(c, LATEST_CACHE_TTL_SEC, -1);
        this.latestCacheTtl = ttl < 0 ? null : Duration.ofSeconds(ttl);
        this.specificAvroReader = bool(c, SPECIFIC_AVRO_READER, false);
        this.useLogicalTypeConverters = bool(c, AVRO_USE_LOGICAL_TYPE_CONVERTERS, false);
        this.keySubjectNameStrategy = strategy(c.get(KEY_SUBJECT_NAME_STRATEGY), KEY_SUBJECT_NAME_STRATEGY);
        this.valueSubjectNameStrategy = strategy(c.get(VALUE_SUBJECT_NAME_STRATEGY), VALUE_SUBJECT_NAME_STRATEGY);
        this.credentials = credentials(c, urls);
        this.maxSchemasPerSubject = (int) positive(c, MAX_SCHEMAS_PER_SUBJECT, 1000);
        this.retryPolicy = new RetryPolicy(
                (int) nonNegative(c, MAX_RETRIES, 3),
                Duration.ofMillis(nonNegative(c, RETRIES_WAIT_MS, 1000)),
                Duration.ofMillis(nonNegative(c, RETRIES_MAX_WAIT_MS, 20_000)));
        this.connectTimeout = Duration.ofMillis(positive(c, HTTP_CONNECT_TIMEOUT_MS, 60_000));
        this.readTimeout = Duration.ofMillis(positive(c, HTTP_READ_TIMEOUT_MS, 60_000));
        this.sslContext = RegistryTls.fromConfig(c);
    }

    /** The registry URLs; empty when none is configured (allowed only with an injected client). */
    public List<String> urls() {
        return urls;
    }

    /** The scope of a {@code mock://scope} URL, or null for real registries. */
    public String mockScope() {
        if (urls.isEmpty() || !urls.get(0).startsWith(MOCK_URL_PREFIX)) {
            return null;
        }
        if (urls.size() > 1) {
            throw new ConfigException(
                    SCHEMA_REGISTRY_URL, String.join(",", urls), "a mock:// URL cannot be combined with other URLs");
        }
        return urls.get(0).substring(MOCK_URL_PREFIX.length());
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public boolean latestCompatibilityStrict() {
        return latestCompatibilityStrict;
    }

    /** How long a subject's latest version is reused by {@code use.latest.version}; null means until restart. */
    public Duration latestCacheTtl() {
        return latestCacheTtl;
    }

    public boolean specificAvroReader() {
        return specificAvroReader;
    }

    public boolean useLogicalTypeConverters() {
        return useLogicalTypeConverters;
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    /** Credentials for the registry, or null. */
    public BasicAuthCredentials credentials() {
        return credentials;
    }

    public int maxSchemasPerSubject() {
        return maxSchemasPerSubject;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** TLS from the {@code schema.registry.ssl.*} stores, or null for the JVM's defaults. */
    public SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public String toString() {
        return "AvroSerdeConfig[urls="
                + urls.stream().map(AvroSerdeConfig::redactUrl).toList()
                + ", autoRegisterSchemas=" + autoRegisterSchemas + ", useLatestVersion=" + useLatestVersion
                + ", specificAvroReader=" + specificAvroReader + ", credentials="
                + (credentials == null ? "none" : "****")
                + "]";
    }

    /** The URL without its user-info part, safe to log. */
    static String redactUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null)
                    .toString();
        } catch (Exception e) {
            return "<unparseable registry URL>";
        }
    }

    private static List<String> parseUrls(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> result.addAll(splitUrls(String.valueOf(v))));
        } else if (value != null) {
            result.addAll(splitUrls(value.toString()));
        }
        return Collections.unmodifiableList(result);
    }

    private static List<String> splitUrls(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .toList();
    }

    private static BasicAuthCredentials credentials(Map<String, ?> c, List<String> urls) {
        Object sourceValue = c.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        String source =
                sourceValue == null ? "URL" : sourceValue.toString().trim().toUpperCase(Locale.ROOT);
        switch (source) {
            case "USER_INFO" -> {
                Object info = c.get(BASIC_AUTH_USER_INFO);
                if (info == null || info.toString().isEmpty()) {
                    info = c.get(LEGACY_BASIC_AUTH_USER_INFO);
                }
                if (info == null || info.toString().isEmpty()) {
                    // An explicit USER_INFO source without user info is a mistake worth failing on.
                    if (sourceValue != null) {
                        throw new ConfigException(BASIC_AUTH_USER_INFO + " must be set when "
                                + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
                    }
                    return null;
                }
                try {
                    return BasicAuthCredentials.of(passwordValue(info));
                } catch (IllegalArgumentException e) {
                    // Do not echo the value: it is a secret.
                    throw new ConfigException(BASIC_AUTH_USER_INFO + " must look like user:password");
                }
            }
            case "URL" -> {
                for (String url : urls) {
                    if (url.startsWith(MOCK_URL_PREFIX)) {
                        continue;
                    }
                    String userInfo;
                    try {
                        userInfo = URI.create(url).getUserInfo();
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(SCHEMA_REGISTRY_URL, redactUrl(url), "not a valid URL");
                    }
                    if (userInfo != null) {
                        return BasicAuthCredentials.of(userInfo);
                    }
                }
                return null;
            }
            default ->
                throw new ConfigException(
                        BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported sources are USER_INFO and URL");
        }
    }

    /** Kafka may hand passwords over as {@code Password} objects whose toString() is hidden. */
    private static String passwordValue(Object info) {
        if (info instanceof Password p) {
            return p.value();
        }
        return info.toString();
    }

    static SubjectNameStrategy strategy(Object value, String key) {
        if (value == null) {
            return new SubjectNameStrategy.TopicNameStrategy();
        }
        if (value instanceof SubjectNameStrategy s) {
            return s;
        }
        String name = value instanceof Class<?> type
                ? type.getName()
                : value.toString().trim();
        String simple = name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
        simple = simple.substring(simple.lastIndexOf('.') + 1);
        boolean known = name.equals(simple)
                || name.startsWith(CONFLUENT_STRATEGY_PACKAGE)
                || name.startsWith(SubjectNameStrategy.class.getName());
        if (known) {
            switch (simple) {
                case "TopicNameStrategy" -> {
                    return new SubjectNameStrategy.TopicNameStrategy();
                }
                case "RecordNameStrategy" -> {
                    return new SubjectNameStrategy.RecordNameStrategy();
                }
                case "TopicRecordNameStrategy" -> {
                    return new SubjectNameStrategy.TopicRecordNameStrategy();
                }
                default -> {
                    // fall through to loading it as a user class
                }
            }
        }
        try {
            Class<?> type = value instanceof Class<?> c
                    ? c
                    : Class.forName(
                            name,
                            true,
                            Thread.currentThread().getContextClassLoader() != null
                                    ? Thread.currentThread().getContextClassLoader()
                                    : AvroSerdeConfig.class.getClassLoader());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new ConfigException(
                        key,
                        name,
                        "not a " + SubjectNameStrategy.class.getName()
                                + " nor one of Confluent's TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");
            }
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, name, "cannot load subject name strategy: " + e);
        }
    }

    private static boolean bool(Map<String, ?> c, String key, boolean defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, v, "expected true or false");
    }

    private static long number(Map<String, ?> c, String key, long defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "expected a whole number");
        }
    }

    private static long nonNegative(Map<String, ?> c, String key, long defaultValue) {
        long n = number(c, key, defaultValue);
        if (n < 0) {
            throw new ConfigException(key, n, "must not be negative");
        }
        return n;
    }

    private static long positive(Map<String, ?> c, String key, long defaultValue) {
        long n = number(c, key, defaultValue);
        if (n <= 0) {
            throw new ConfigException(key, n, "must be positive");
        }
        return n;
    }
}

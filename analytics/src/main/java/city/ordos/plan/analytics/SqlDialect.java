package city.ordos.plan.analytics;

import java.util.Locale;

/**
 * The two databases the sink writes to. Both speak the same {@code INSERT ... ON CONFLICT} upsert,
 * so only a few type names differ.
 */
public enum SqlDialect {
    DUCKDB("BLOB"),
    POSTGRESQL("BYTEA");

    private final String binaryType;

    SqlDialect(String binaryType) {
        this.binaryType = binaryType;
    }

    public String binaryType() {
        return binaryType;
    }

    public static SqlDialect fromJdbcUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:duckdb:")) {
            return DUCKDB;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported JDBC URL '" + jdbcUrl
                + "': use jdbc:duckdb:<file> (default) or jdbc:postgresql://host:port/db");
    }
}

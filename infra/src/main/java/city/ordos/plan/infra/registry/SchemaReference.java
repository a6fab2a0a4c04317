package city.ordos.plan.infra.registry;

/**
 * A named type a schema takes from another subject's version, as Confluent's registry models it:
 * {@code name} is the Avro full name the schema uses, {@code subject}/{@code version} where it lives.
 */
record SchemaReference(String name, String subject, int version) implements Comparable<SchemaReference> {

    @Override
    public int compareTo(SchemaReference other) {
        int byName = name.compareTo(other.name);
        if (byName != 0) {
            return byName;
        }
        int bySubject = subject.compareTo(other.subject);
        return bySubject != 0 ? bySubject : Integer.compare(version, other.version);
    }
}

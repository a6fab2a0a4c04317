package city.ordos.plan.producers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based event ids (RFC 4122 version 5, SHA-1). The same statement always gets the same id, so
 * a re-sent simulation or a re-imported file is recognised downstream as the same statement.
 */
public final class EventIds {

    /** Namespace of statements produced by the simulator. */
    public static final UUID SIMULATOR = UUID.fromString("6f1d3c1e-8c1a-5b53-9a43-0b6f1f6a2025");
    /** Namespace of rows imported from report files. */
    public static final UUID IMPORTER = UUID.fromString("a3d0f4b2-6e57-5c1d-8d0e-4b1f2c9e2025");

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    });

    private EventIds() {}

    public static String uuidV5(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong()).toString();
    }
}

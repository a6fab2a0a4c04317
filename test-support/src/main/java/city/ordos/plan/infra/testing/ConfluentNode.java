package city.ordos.plan.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Confluent's own Node.js registry client and Avro serde ({@code @confluentinc/schemaregistry}),
 * driven through {@code test-support/src/test/node/interop.js}: operations are collected, then run in
 * one node process, and each operation's result read by the index its method returned. The npm
 * dependencies are installed by the test-support build ({@code npm ci} before the integration tests);
 * tests of other modules use the same installation.
 */
public final class ConfluentNode {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path projectDir;
    private final ObjectNode request;
    private final ArrayNode ops;
    private JsonNode results;

    /** Operations against the registry at {@code registryUrl}, by default without credentials. */
    public ConfluentNode(String registryUrl) {
        this.projectDir = projectDir();
        this.request = JSON.createObjectNode().put("registryUrl", registryUrl);
        this.ops = request.putArray("ops");
    }

    /** The Node project: this module's own ({@code test-support}), or test-support's from a sibling module. */
    public static Path projectDir() {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        for (Path candidate : List.of(
                basedir.resolve("src/test/node"),
                basedir.resolveSibling("test-support").resolve("src/test/node"))) {
            if (Files.isRegularFile(candidate.resolve("interop.js"))) {
                if (!Files.isDirectory(candidate.resolve("node_modules/@confluentinc/schemaregistry"))) {
                    throw new IllegalStateException("Confluent's Node client is not installed in " + candidate
                            + ": run the test-support build (it runs 'npm ci' there before the integration tests)"
                            + " or 'npm ci' yourself");
                }
                return candidate;
            }
        }
        throw new IllegalStateException("test-support/src/test/node not found from " + basedir);
    }

    /** Adds a named client: its own registry URL (null: the default one) and credentials (null: none). */
    public ConfluentNode client(String name, String url, String userInfo) {
        ObjectNode client = request.with("clients").putObject(name);
        if (url != null) {
            client.put("url", url);
        }
        if (userInfo != null) {
            client.put("userInfo", userInfo);
        }
        return this;
    }

    /** Registers {@code schemaText} under {@code subject} with Confluent's client; result {@code {"id"}}. */
    public int register(String subject, String schemaText) {
        return add(JSON.createObjectNode()
                .put("op", "register")
                .put("subject", subject)
                .put("schema", schemaText));
    }

    /** Serializes the value described by {@code view} with Confluent's AvroSerializer, using the subject's latest schema. */
    public int serialize(String topic, JsonNode view) {
        ObjectNode op = JSON.createObjectNode().put("op", "serialize").put("topic", topic);
        op.set("value", view);
        return add(op);
    }

    /** Deserializes {@code hex} with Confluent's AvroDeserializer; result {@code {"id", "value"}}. */
    public int deserialize(String topic, String hex) {
        return add(JSON.createObjectNode()
                .put("op", "deserialize")
                .put("topic", topic)
                .put("hex", hex));
    }

    /**
     * Calls one method of Confluent's {@code SchemaRegistryClient} on the named client (null: the
     * default one); result {@code {"ok": value}} or {@code {"error": {"status", "code", "message"}}}.
     */
    public int call(String client, String method, Object... args) {
        ObjectNode op = JSON.createObjectNode().put("op", "call").put("method", method);
        op.set("args", JSON.valueToTree(args));
        return add(withClient(op, client));
    }

    /** A request through the client's own HTTP layer, for endpoints it has no method for; results as {@link #call}. */
    public int rest(String client, String method, String path, Object body) {
        ObjectNode op =
                JSON.createObjectNode().put("op", "rest").put("method", method).put("path", path);
        if (body != null) {
            op.set("body", JSON.valueToTree(body));
        }
        return add(withClient(op, client));
    }

    /** Empties the named client's caches, so its next calls reach the registry. */
    public int clearCaches(String client) {
        return add(withClient(JSON.createObjectNode().put("op", "clearCaches"), client));
    }

    /** Runs every operation added so far, in one node process. */
    public ConfluentNode run() throws IOException, InterruptedException {
        byte[] out = node(projectDir, projectDir.resolve("interop.js"), Map.of(), JSON.writeValueAsBytes(request));
        results = JSON.readTree(out).get("results");
        return this;
    }

    /**
     * Runs a Node script of one's own (e.g. the producer of docs/schemas.md) with Confluent's client
     * and kafkajs on its module path; returns what it printed. Fails with its output unless it exits 0.
     */
    public static String runScript(Path script, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path project = projectDir();
        Map<String, String> env = new HashMap<>(environment);
        env.put("NODE_PATH", project.resolve("node_modules").toString());
        return new String(node(script.getParent(), script, env, new byte[0]), StandardCharsets.UTF_8);
    }

    private static byte[] node(Path workingDir, Path script, Map<String, String> env, byte[] stdin)
            throws IOException, InterruptedException {
        File stderr = Files.createTempFile("confluent-node-", ".err").toFile();
        try {
            ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                    .directory(workingDir.toFile())
                    .redirectError(stderr);
            builder.environment().putAll(env);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            byte[] out = process.getInputStream().readAllBytes();
            // A guard against a hung child process, not a timing assertion.
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + script.getFileName() + " did not finish");
            }
            String errors = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("node " + script.getFileName() + " failed (exit " + process.exitValue()
                        + "):\n" + errors + new String(out, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(stderr.toPath());
        }
    }

    /** The result of the operation {@code index} (as returned when it was added). */
    public JsonNode result(int index) {
        if (results == null) {
            throw new IllegalStateException("run() first");
        }
        return results.get(index);
    }

    private static ObjectNode withClient(ObjectNode op, String client) {
        return client == null ? op : op.put("client", client);
    }

    private int add(ObjectNode op) {
        ops.add(op);
        return ops.size() - 1;
    }
}

package city.ordos.plan.infra.serde;

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
import java.util.concurrent.TimeUnit;

/**
 * Confluent's own Node.js serializer and deserializer ({@code @confluentinc/schemaregistry}),
 * driven through {@code src/test/node/interop.js}. Operations are batched into one node process.
 * The npm dependencies are installed by the infra build ({@code npm ci} before the integration tests).
 */
final class ConfluentNodeSerde {

    private final ObjectMapper json = new ObjectMapper();
    private final Path projectDir;
    private final String registryUrl;
    private final ObjectNode request;
    private final ArrayNode ops;

    ConfluentNodeSerde(String registryUrl) {
        this.projectDir = Path.of(System.getProperty("basedir", "."), "src", "test", "node")
                .toAbsolutePath();
        if (!Files.isDirectory(
                projectDir.resolve("node_modules").resolve("@confluentinc").resolve("schemaregistry"))) {
            throw new IllegalStateException(
                    "Confluent's Node serializer is not installed in " + projectDir
                            + ": run the infra build (it runs 'npm ci' there before the integration tests) or 'npm ci' yourself");
        }
        this.registryUrl = registryUrl;
        this.request = json.createObjectNode().put("registryUrl", registryUrl);
        this.ops = request.putArray("ops");
    }

    /** Registers {@code schemaText} under {@code subject} with Confluent's client. */
    ConfluentNodeSerde register(String subject, String schemaText) {
        ops.addObject().put("op", "register").put("subject", subject).put("schema", schemaText);
        return this;
    }

    /** Serializes the value described by {@code view} with Confluent's AvroSerializer, using the subject's latest schema. */
    ConfluentNodeSerde serialize(String topic, JsonNode view) {
        ops.addObject().put("op", "serialize").put("topic", topic).set("value", view);
        return this;
    }

    /** Deserializes {@code hex} with Confluent's AvroDeserializer. */
    ConfluentNodeSerde deserialize(String topic, String hex) {
        ops.addObject().put("op", "deserialize").put("topic", topic).put("hex", hex);
        return this;
    }

    /** Runs the batch; one result object per operation, in order. */
    JsonNode run() throws IOException, InterruptedException {
        File stderr = Files.createTempFile("confluent-node-", ".err").toFile();
        try {
            Process process = new ProcessBuilder("node", "interop.js")
                    .directory(projectDir.toFile())
                    .redirectError(stderr)
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(json.writeValueAsBytes(request));
            }
            byte[] out = process.getInputStream().readAllBytes();
            // A guard against a hung child process, not a timing assertion.
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("node interop.js did not finish");
            }
            String errors = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("node interop.js failed (exit " + process.exitValue() + ") against "
                        + registryUrl + ":\n" + errors + new String(out, StandardCharsets.UTF_8));
            }
            return json.readTree(out).get("results");
        } finally {
            Files.deleteIfExists(stderr.toPath());
        }
    }
}

package city.ordos.plan.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/** Runs Kafka's own ProducerPerformance / ConsumerPerformance in-process and reads their summary lines. */
final class KafkaPerfTools {

    private static final Pattern PRODUCED = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    private KafkaPerfTools() {}

    /** Records/s of an acks=all idempotent producer writing {@code records} of {@code size} bytes. */
    static double produce(String bootstrap, String topic, int records, int size) {
        String out = capture(() -> ProducerPerformance.main(new String[] {
            "--topic",
            topic,
            "--num-records",
            Integer.toString(records),
            "--record-size",
            Integer.toString(size),
            "--throughput",
            "-1",
            "--producer-props",
            "bootstrap.servers=" + bootstrap,
            "acks=all",
            "enable.idempotence=true"
        }));
        Matcher m = PRODUCED.matcher(out);
        double rate = Double.NaN;
        while (m.find()) {
            rate = Double.parseDouble(m.group(2)); // the last match is the final summary
        }
        if (Double.isNaN(rate)) {
            throw new IllegalStateException("ProducerPerformance printed no summary:\n" + out);
        }
        return rate;
    }

    /** Records/s (nMsg.sec) of ConsumerPerformance reading {@code records} from {@code topic}. */
    static double consume(String bootstrap, String topic, int records) {
        String out = capture(() -> ConsumerPerformance.main(new String[] {
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--num-records",
            Integer.toString(records),
            "--timeout",
            "60000"
        }));
        String[] lines = out.strip().split("\\R");
        String[] cols = lines[lines.length - 1].split(",\\s*");
        if (cols.length < 6) {
            throw new IllegalStateException("ConsumerPerformance printed no summary:\n" + out);
        }
        return Double.parseDouble(cols[5].trim());
    }

    private interface Tool {
        void run() throws Exception;
    }

    private static String capture(Tool tool) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        // the tools call Exit on bad arguments; that must fail the phase, not end the benchmark JVM
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka perf tool exited with " + code + ": " + message);
        });
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

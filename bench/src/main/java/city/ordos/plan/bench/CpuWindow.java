package city.ordos.plan.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CPU time spent over one measured window (a backfill): by the measured pipeline's own JVMs, by
 * this benchmark's JVM (the embedded broker and registry, the reader of the output), and by the
 * whole machine. A throughput on two shared cores says little alone: the pipeline's CPU per event
 * is what a change to it moves, the broker's share is what its changelogs and transactions cost
 * the broker, and the machine's busy and stolen shares say whether the run was limited by the
 * cores or by its neighbours (runs of one jar differ by up to a third here). The JIT compiler
 * threads' share of each is reported too: it is a cost of warming up, not of the events, and on
 * a short run it is a large part of both the pipeline's CPU and the broker's.
 */
final class CpuWindow {

    private final List<ProcessHandle> pipeline;
    private final Optional<Duration> pipelineAtStart;
    private final Optional<Duration> benchAtStart;
    private final Optional<MachineTicks> machineAtStart;
    private final Optional<Duration> pipelineJitAtStart;
    private final Optional<Duration> benchJitAtStart;

    private CpuWindow(List<ProcessHandle> pipeline) {
        this.pipeline = List.copyOf(pipeline);
        this.pipelineAtStart = cpu(this.pipeline);
        this.benchAtStart = cpu(List.of(ProcessHandle.current()));
        this.machineAtStart = MachineTicks.read();
        this.pipelineJitAtStart = CompilerThreads.cpu(this.pipeline);
        this.benchJitAtStart = CompilerThreads.cpu(List.of(ProcessHandle.current()));
    }

    /** Starts the window now, for the pipeline running in these processes. */
    static CpuWindow start(List<ProcessHandle> pipeline) {
        return new CpuWindow(pipeline);
    }

    /**
     * Ends the window now and adds {@code <prefix>_cpu} (the pipeline's CPU per event),
     * {@code <prefix>_bench_cpu} (this JVM's CPU per event), {@code <prefix>_machine_busy} and
     * {@code <prefix>_steal} (shares of the machine's CPU time over the window), and
     * {@code <prefix>_jit} and {@code <prefix>_bench_jit} (the part of the first two spent by the
     * JVMs' JIT compiler threads). A figure the platform does not give (no /proc, CPU time unknown)
     * is left out, not guessed.
     */
    void report(ResultTable results, String prefix, String who, long events) {
        spent(pipelineAtStart, cpu(pipeline))
                .ifPresent(cpu -> results.add(
                        prefix + "_cpu",
                        who + ": CPU of its own JVM(s) per event over the backfill",
                        cpu.toNanos() / 1e3 / events,
                        "µs"));
        spent(benchAtStart, cpu(List.of(ProcessHandle.current())))
                .ifPresent(cpu -> results.add(
                        prefix + "_bench_cpu",
                        who + ": CPU of the benchmark JVM (broker, registry, reader) per event over the backfill",
                        cpu.toNanos() / 1e3 / events,
                        "µs"));
        spent(pipelineJitAtStart, CompilerThreads.cpu(pipeline))
                .ifPresent(cpu -> results.add(
                        prefix + "_jit",
                        who + ": of its CPU per event, its JIT compiler threads",
                        cpu.toNanos() / 1e3 / events,
                        "µs"));
        spent(benchJitAtStart, CompilerThreads.cpu(List.of(ProcessHandle.current())))
                .ifPresent(cpu -> results.add(
                        prefix + "_bench_jit",
                        who + ": of the benchmark JVM's CPU per event, its JIT compiler threads",
                        cpu.toNanos() / 1e3 / events,
                        "µs"));
        Optional<MachineTicks> end = MachineTicks.read();
        if (machineAtStart.isPresent() && end.isPresent()) {
            MachineTicks.Shares shares = end.get().since(machineAtStart.get());
            if (!Double.isNaN(shares.busy())) {
                results.add(prefix + "_machine_busy", who + ": machine CPU busy over the backfill", shares.busy(), "%");
                results.add(
                        prefix + "_steal",
                        who + ": machine CPU stolen (hypervisor) over the backfill",
                        shares.steal(),
                        "%");
            }
        }
    }

    private static Optional<Duration> spent(Optional<Duration> start, Optional<Duration> end) {
        return start.flatMap(s -> end.map(e -> e.minus(s)));
    }

    /** Total CPU time of these processes; empty if one does not report it. */
    private static Optional<Duration> cpu(List<ProcessHandle> processes) {
        Duration sum = Duration.ZERO;
        for (ProcessHandle p : processes) {
            Optional<Duration> cpu = p.info().totalCpuDuration();
            if (cpu.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.plus(cpu.get());
        }
        return Optional.of(sum);
    }

    /**
     * CPU time of HotSpot's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre" in
     * {@code /proc/<pid>/task/<tid>/comm}), from the first field of each thread's
     * {@code schedstat} (nanoseconds on a CPU). A compiler thread that HotSpot stops within the
     * window takes its time with it, so the figure can only undercount.
     */
    static final class CompilerThreads {

        private CompilerThreads() {}

        static boolean isCompilerThread(String comm) {
            String name = comm.strip();
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        }

        /** The first field of a {@code schedstat} line: nanoseconds the task ran. */
        static long runNanos(String schedstat) {
            String[] f = schedstat.trim().split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a schedstat line: " + schedstat);
            }
            return Long.parseLong(f[0]);
        }

        /** Summed over the processes' compiler threads; empty if /proc does not tell. */
        static Optional<Duration> cpu(List<ProcessHandle> processes) {
            long nanos = 0;
            try {
                for (ProcessHandle p : processes) {
                    nanos += compilerNanos(Path.of("/proc", Long.toString(p.pid()), "task"));
                }
                return Optional.of(Duration.ofNanos(nanos));
            } catch (IOException | RuntimeException e) {
                BenchmarkMain.log("no JIT CPU figures: compiler threads unreadable in /proc (%s)", e.getMessage());
                return Optional.empty();
            }
        }

        private static long compilerNanos(Path tasks) throws IOException {
            long nanos = 0;
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    try {
                        if (isCompilerThread(Files.readString(thread.resolve("comm")))) {
                            nanos += runNanos(Files.readString(thread.resolve("schedstat")));
                        }
                    } catch (NoSuchFileException gone) {
                        // The thread ended between the listing and the read: it is no longer running.
                    }
                }
            }
            return nanos;
        }
    }

    /** The machine's CPU time so far, from the first ("cpu") line of /proc/stat, in its ticks. */
    record MachineTicks(long total, long idle, long steal) {

        record Shares(double busy, double steal) {}

        /**
         * Parses {@code cpu user nice system idle iowait irq softirq steal [guest guest_nice]};
         * guest time is already counted in user and nice, so it is not added again, and a CPU
         * waiting for I/O counts as idle.
         */
        static MachineTicks parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new MachineTicks(total, Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]));
        }

        static Optional<MachineTicks> read() {
            try {
                return Optional.of(
                        parse(Files.readAllLines(Path.of("/proc/stat")).get(0)));
            } catch (IOException | RuntimeException e) {
                BenchmarkMain.log("no machine CPU figures: /proc/stat unreadable (%s)", e.getMessage());
                return Optional.empty();
            }
        }

        /** Busy and stolen shares of the CPU time between {@code start} and this reading, in percent; NaN if no tick passed. */
        Shares since(MachineTicks start) {
            long dt = total - start.total;
            if (dt <= 0) {
                return new Shares(Double.NaN, Double.NaN);
            }
            return new Shares(100.0 * (dt - (idle - start.idle)) / dt, 100.0 * (steal - start.steal) / dt);
        }
    }
}

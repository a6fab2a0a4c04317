package city.ordos.plan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuWindowTest {

    @Test
    void machineSharesCountIoWaitAsIdleAndGuestTimeOnce() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuWindow.MachineTicks start = CpuWindow.MachineTicks.parse("cpu  1000 10 300 5000 40 0 50 100 700 0");
        // 200 ticks later: 90 user (70 of them guest), 10 system, 60 idle, 20 iowait, 20 steal.
        CpuWindow.MachineTicks end = CpuWindow.MachineTicks.parse("cpu  1090 10 310 5060 60 0 50 120 770 0");

        CpuWindow.MachineTicks.Shares shares = end.since(start);

        assertThat(end.total() - start.total()).isEqualTo(200);
        assertThat(shares.busy()).isCloseTo(60.0, within(1e-9)); // (90 + 10 + 20) / 200
        assertThat(shares.steal()).isCloseTo(10.0, within(1e-9)); // 20 / 200
    }

    @Test
    void aLineThatIsNotTheCpuTotalIsRefused() {
        assertThatThrownBy(() -> CpuWindow.MachineTicks.parse("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu0");
    }

    @Test
    void reportGivesCpuPerEventOfThePipelineAndOfThisJvm() {
        // This JVM stands in for the pipeline; the figures are whatever it spent, never negative.
        CpuWindow window = CpuWindow.start(List.of(ProcessHandle.current()));
        long startTicks = CpuWindow.MachineTicks.read().orElseThrow().total();
        long deadline = System.nanoTime() + 10_000_000_000L;
        // Until the machine's tick counter moves on (100 per second per CPU), so there is a window.
        while (CpuWindow.MachineTicks.read().orElseThrow().total() == startTicks) {
            assertThat(System.nanoTime())
                    .as("/proc/stat's ticks moved within 10 s")
                    .isLessThan(deadline);
        }
        ResultTable results = new ResultTable();

        window.report(results, "backfill", "app", 1_000);

        assertThat(results.value("backfill_cpu")).isGreaterThanOrEqualTo(0);
        assertThat(results.value("backfill_bench_cpu")).isGreaterThanOrEqualTo(0);
        assertThat(results.value("backfill_machine_busy")).isBetween(0.0, 100.0);
        assertThat(results.value("backfill_steal")).isBetween(0.0, 100.0);
        assertThat(results.value("backfill_jit")).isBetween(0.0, results.value("backfill_cpu"));
        assertThat(results.value("backfill_bench_jit")).isBetween(0.0, results.value("backfill_bench_cpu"));
    }

    @Test
    void compilerThreadsAreKnownByTheNamesHotSpotGivesThem() {
        // /proc/<pid>/task/<tid>/comm holds at most 15 characters and a newline.
        assertThat(CpuWindow.CompilerThreads.isCompilerThread("C2 CompilerThre\n"))
                .isTrue();
        assertThat(CpuWindow.CompilerThreads.isCompilerThread("C1 CompilerThre\n"))
                .isTrue();
        assertThat(CpuWindow.CompilerThreads.isCompilerThread("GC Thread#0\n")).isFalse();
        assertThat(CpuWindow.CompilerThreads.isCompilerThread("StreamThread-1\n"))
                .isFalse();
    }

    @Test
    void aThreadsRunTimeIsTheFirstFieldOfItsSchedstat() {
        assertThat(CpuWindow.CompilerThreads.runNanos("243156840 46272629 1103\n"))
                .isEqualTo(243_156_840L);
        assertThatThrownBy(() -> CpuWindow.CompilerThreads.runNanos("243156840"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schedstat");
    }

    @Test
    void theCompilerThreadsOfThisJvmHaveSpentCpu() {
        // Any JVM that has run JUnit has compiled methods, so a reading of zero means the threads were missed.
        assertThat(CpuWindow.CompilerThreads.cpu(List.of(ProcessHandle.current())))
                .hasValueSatisfying(cpu -> assertThat(cpu).isPositive());
    }
}

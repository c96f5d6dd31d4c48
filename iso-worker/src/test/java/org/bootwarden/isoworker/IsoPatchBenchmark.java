package org.bootwarden.isoworker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Benchmark, not a test (run by {@code infra/bench/iso-patch.sh}): per-host ISOs patched from a
 * template, with 1 and 2 threads, against one full xorriso build per host (what existing tools do),
 * for the same hosts in the same run. Each patched run starts with an empty template cache, so its
 * figure includes the one template build. Every ISO is written to its own file; each run's files are
 * removed after it (not timed).
 *
 * <p>Arguments: {@code IPXE_DIR WORK_DIR [HOSTS=1000] [FULL_BUILD_HOSTS=HOSTS]}.
 */
public final class IsoPatchBenchmark {

    private record Run(String name, int threads, int isos, long nanos) {
        double perSecond() {
            return isos / (nanos / 1e9);
        }

        double msPerIso() {
            return nanos / 1e6 / isos;
        }
    }

    private interface Maker {
        void make(IsoSpec spec, Path output) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path ipxeDir = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int fullHosts = args.length > 3 ? Integer.parseInt(args[3]) : hosts;
        IsoToolsConfig tools = IsoToolsConfig.debianDefaults(ipxeDir, work.resolve("tmp"));
        List<String> problems = new IsoBuilder(tools).checkTools();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ISO tools missing: " + problems);
        }
        List<IsoSpec> specs = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            specs.add(new IsoSpec("BW_BENCH_HOST_" + i, PatchingIsoBuilderTest.script(i), NicDriver.FULL,
                    Architecture.X86_64));
        }
        // warm up the JVM and the page cache (not counted)
        PatchingIsoBuilder warm = new PatchingIsoBuilder(tools);
        time("warm-up", 1, specs.subList(0, Math.min(50, hosts)), work, (s, o) -> warm.build(s, o));
        new IsoBuilder(tools).build(specs.get(0), work.resolve("warm.iso"));
        Files.deleteIfExists(work.resolve("warm.iso"));

        List<Run> runs = new ArrayList<>();
        PatchingIsoBuilder one = new PatchingIsoBuilder(tools);
        runs.add(time("patched from template", 1, specs, work, (s, o) -> check(one.build(s, o))));
        PatchingIsoBuilder two = new PatchingIsoBuilder(tools);
        runs.add(time("patched from template", 2, specs, work, (s, o) -> check(two.build(s, o))));
        IsoBuilder full = new IsoBuilder(tools);
        runs.add(time("xorriso per host (full build)", 1, specs.subList(0, fullHosts), work, full::build));
        runs.add(time("xorriso per host (full build)", 2, specs.subList(0, fullHosts), work, full::build));

        System.out.println();
        System.out.println("| method | threads | ISOs | seconds | ISOs/s | ms per ISO |");
        System.out.println("|---|---|---|---|---|---|");
        for (Run run : runs) {
            System.out.printf("| %s | %d | %d | %.2f | %.1f | %.2f |%n", run.name(), run.threads(), run.isos(),
                    run.nanos() / 1e9, run.perSecond(), run.msPerIso());
        }
        System.out.println();
        System.out.printf("ratio patched/xorriso, 1 thread: %.1fx; 2 threads: %.1fx%n",
                runs.get(0).perSecond() / runs.get(2).perSecond(), runs.get(1).perSecond() / runs.get(3).perSecond());
    }

    private static void check(PatchingIsoBuilder.Method method) {
        if (method != PatchingIsoBuilder.Method.PATCHED) {
            throw new IllegalStateException("expected a patched ISO, got " + method);
        }
    }

    private static Run time(String name, int threads, List<IsoSpec> specs, Path work, Maker maker) throws Exception {
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < specs.size(); i += threads) {
                        maker.make(specs.get(i), out.resolve("host-" + i + ".iso"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long nanos = System.nanoTime() - started;
            long files;
            try (Stream<Path> list = Files.list(out)) {
                files = list.count();
            }
            if (files != specs.size()) {
                throw new IllegalStateException(name + ": " + files + " files written, expected " + specs.size());
            }
            Run run = new Run(name, threads, specs.size(), nanos);
            System.out.printf("%s, %d thread(s): %d ISOs in %.2f s = %.1f ISOs/s, %.2f ms per ISO%n",
                    name, threads, run.isos(), nanos / 1e9, run.perSecond(), run.msPerIso());
            return run;
        } finally {
            pool.shutdownNow();
            delete(out);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}

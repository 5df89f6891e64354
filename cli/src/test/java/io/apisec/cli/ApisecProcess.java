package io.apisec.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code apisec} in a process of its own, as a user runs it, with what it writes on each stream as it comes. */
public final class ApisecProcess {

    public final Process process;
    public final StringBuffer out = new StringBuffer();
    public final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;

    private ApisecProcess(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out);
        this.errReader = collect(process.getErrorStream(), err);
    }

    /**
     * Waits for the process to end and for everything it wrote to be read: only then do {@link #out} and
     * {@link #err} hold all of it (an assertion that they lack something would otherwise prove nothing).
     *
     * @return false when the process is still running after {@code seconds}
     */
    public boolean waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        outReader.join(TimeUnit.SECONDS.toMillis(10));
        errReader.join(TimeUnit.SECONDS.toMillis(10));
        return !outReader.isAlive() && !errReader.isAlive();
    }

    public static ApisecProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Apisec.class.getName()));
        command.addAll(List.of(args));
        return new ApisecProcess(new ProcessBuilder(command).start());
    }

    /** Reads a stream to its end on a thread of its own, so that the process never blocks on a full pipe. */
    private static Thread collect(InputStream stream, StringBuffer text) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    text.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }
}

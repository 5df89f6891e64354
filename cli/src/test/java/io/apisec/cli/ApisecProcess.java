package io.apisec.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code apisec} in a process of its own, as a user runs it, with what it writes on each stream as it comes. */
public final class ApisecProcess {

    public final Process process;
    public final StringBuffer out;
    public final StringBuffer err;

    private ApisecProcess(Process process) {
        this.process = process;
        this.out = collect(process.getInputStream());
        this.err = collect(process.getErrorStream());
    }

    public static ApisecProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Apisec.class.getName()));
        command.addAll(List.of(args));
        return new ApisecProcess(new ProcessBuilder(command).start());
    }

    /** Reads a stream to its end on a thread of its own, so that the process never blocks on a full pipe. */
    private static StringBuffer collect(InputStream stream) {
        StringBuffer text = new StringBuffer();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    text.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return text;
    }
}

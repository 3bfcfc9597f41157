package io.spotwise.sandbox;

import io.spotwise.kafka.local.ChildMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The classpath a service JVM runs with: its own module's, as its image has it ({@code <module>/target/classes} and
 * the runtime dependencies its build lists in {@code <module>/target/<module>.cp}), never the launcher's. A library
 * the service needs but does not declare then fails here, as it would in its image. In front of it one directory
 * holding only {@link ChildMain} (JDK-only), which runs the service's main and halts when the launcher is gone.
 */
final class ServiceClasspath {

    private ServiceClasspath() {
    }

    /** The classpath of {@code module} ("watcher", "decider", "actuator"), with the launcher class written under {@code home}. */
    static String of(String module, Path home) {
        Path moduleDir = moduleDir(module);
        try {
            String dependencies = Files.readString(moduleDir.resolve("target/" + module + ".cp")).trim();
            return String.join(File.pathSeparator, launcher(home).toString(),
                    moduleDir.resolve("target/classes").toString(), dependencies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath of " + module, e);
        }
    }

    /** The first ancestor of the working directory holding {@code <module>/target/<module>.cp}. */
    private static Path moduleDir(String module) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(module).resolve("target/" + module + ".cp"))) {
                return dir.resolve(module);
            }
        }
        throw new IllegalStateException(module + "/target/" + module + ".cp not found above " + start
                + "; build the services first: ./mvnw -DskipTests package");
    }

    /** A directory with ChildMain's class file alone, so a service's classpath holds nothing else of the sandbox. */
    private static Path launcher(Path home) throws IOException {
        String file = ChildMain.class.getName().replace('.', '/') + ".class";
        Path dir = home.resolve("launcher");
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = ChildMain.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no " + file + " on the launcher's classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }
}

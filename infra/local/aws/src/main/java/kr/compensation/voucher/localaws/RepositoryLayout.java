package kr.compensation.voucher.localaws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Where the harness finds the repository, its template and the emulator virtualenv. */
final class RepositoryLayout {

    static final String ROOT_PROPERTY = "voucher.repoRoot";
    static final String TEMPLATE_PROPERTY = "voucher.template";
    static final String VENV_VARIABLE = "VOUCHER_VENV";

    private RepositoryLayout() {}

    /**
     * Tests run with the module directory as working directory and the local run from anywhere
     * inside the repository, so the root is found by walking up to the directory that holds both
     * the template and the root pom.
     */
    static Path findRoot(Path start, String override) {
        if (override != null && !override.isBlank()) {
            Path root = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException("-D" + ROOT_PROPERTY + "=" + override + " is not a directory");
            }
            return root;
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root (a directory with template.yaml and pom.xml) "
                + "above " + start + "; run from inside the repository or set -D" + ROOT_PROPERTY + "=<path>");
    }

    static Path defaultTemplate(Path root, String override) {
        if (override != null && !override.isBlank()) {
            return root.resolve(override).toAbsolutePath().normalize();
        }
        return root.resolve("template.yaml");
    }

    static Path venv(Path root, UnaryOperator<String> environment) {
        String override = environment.apply(VENV_VARIABLE);
        return override != null && !override.isBlank()
                ? Path.of(override).toAbsolutePath().normalize()
                : root.resolve(".venv").resolve("emulator");
    }

    /** An executable of the virtualenv, or a failure that tells the user how to create the virtualenv. */
    static Path venvExecutable(Path venv, String name) {
        Path executable = venv.resolve("bin").resolve(name);
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("The emulator virtualenv is missing or incomplete: " + executable
                    + " not found. Run infra/bin/test-all or infra/bin/run-local once (they create it from"
                    + " infra/requirements/emulator.txt), or set " + VENV_VARIABLE
                    + " to a virtualenv directory with those packages.");
        }
        return executable;
    }
}

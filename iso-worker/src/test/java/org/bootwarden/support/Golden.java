package org.bootwarden.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/} of the module under test (shared by the
 * iso-worker and the backend through the iso-worker's test jar): rendered text is compared with the file
 * byte for byte. Run with {@code -Dgolden.update=true} to (re)write the files instead, then review
 * every changed file by eye before committing it.
 */
public final class Golden {

    /** Relative to the module directory, which is the working directory of surefire and the IDE. */
    static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (updating()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " does not exist; run the test with -Dgolden.update=true and review the file");
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("rendered text differs from golden file %s (if the change is intended, rerun with"
                    + " -Dgolden.update=true and review the diff)", file).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

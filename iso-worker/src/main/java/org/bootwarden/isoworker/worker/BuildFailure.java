package org.bootwarden.isoworker.worker;

/**
 * Why a build did not happen. {@link Permanent}: the input is wrong and no retry can fix it (the
 * ticket goes to the operators as {@code ISO_BUILD_FAILED}); {@link Technical}: something was
 * unreachable or broken, worth retrying (and an incident once the retries are used up).
 */
abstract sealed class BuildFailure extends RuntimeException permits BuildFailure.Permanent, BuildFailure.Technical {

    BuildFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static final class Permanent extends BuildFailure {
        Permanent(String message) {
            super(message, null);
        }

        Permanent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class Technical extends BuildFailure {
        Technical(String message) {
            super(message, null);
        }

        Technical(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.bootwarden.boot;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.bootwarden.system.BootwardenProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Lets at most {@code bootwarden.boot.install-concurrency} installer-path transactions (installer
 * served, installer served again, install callbacks) run at once on this replica; the others wait
 * their turn, first come first served. Each of them is a workflow transaction many times the work
 * of a LOCAL answer: in a boot storm, running dozens at once only slices the CPU and the database
 * between them, and LOCAL answers, which wait for neither, queue for the CPU behind them. Waiting
 * in line instead keeps LOCAL answers fast and finishes the installs no later.
 */
@Component
class InstallGate {

    /** How long a boot waits for its turn: then it gets the local disk (logged) and stays ARMED for its next boot. */
    static final Duration BOOT_WAIT = Duration.ofSeconds(60);
    /**
     * How long an install callback waits for its turn: long, since installers send it once (then
     * it is answered {@code 503} and the install timeout settles the host).
     */
    static final Duration CALLBACK_WAIT = Duration.ofMinutes(10);

    private final Semaphore turns;

    @Autowired
    InstallGate(BootwardenProperties props) {
        this(props.boot().installConcurrency());
    }

    InstallGate(int concurrency) {
        this.turns = new Semaphore(concurrency, true);
    }

    /** Runs {@code work} when a turn is free, waiting at most {@code wait}; a {@code 503} refusal when none came. */
    <T> T inTurn(Duration wait, Supplier<T> work) {
        boolean got;
        try {
            got = turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw new BootService.Refused(503, "the server is busy with other installs (waited " + wait.toSeconds()
                    + " s for a turn); try again");
        }
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }
}

package org.bootwarden.batch;

/** Where a batch job is: QUEUED -> RUNNING -> DONE / FAILED / CANCELLED (QUEUED -> CANCELLED too). */
public enum BatchStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}

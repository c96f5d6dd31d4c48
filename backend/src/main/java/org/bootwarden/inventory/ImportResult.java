package org.bootwarden.inventory;

import java.util.List;
import java.util.Locale;

import org.bootwarden.system.FieldProblem;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an import does (preview) or did (apply), row by row, and the counts.
 *
 * @param rows    one result per input row, in input order
 * @param summary how many rows have each action
 */
public record ImportResult(List<RowResult> rows, Summary summary) {

    /** What happens to one row's host. */
    public enum Action {
        CREATE, UPDATE, UNCHANGED,
        /** A create-only feed's row of a host that exists already: left as it is. */
        SKIPPED,
        ERROR;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row: its number, its hostname (normalised when valid, else as written), the action, the
     * problems (field names without the row: {@code ip}, {@code macs[1]}, {@code labels.rack}) and,
     * for an update, the fields that change.
     */
    public record RowResult(int row, String hostname, Action action, List<FieldProblem> errors, List<String> changes) {
    }

    /** Row counts per action ({@code skipped} only ever non-zero for a create-only feed). */
    public record Summary(int create, int update, int unchanged, int skipped, int error) {

        static Summary of(List<RowResult> rows) {
            int[] n = new int[Action.values().length];
            rows.forEach(r -> n[r.action().ordinal()]++);
            return new Summary(n[Action.CREATE.ordinal()], n[Action.UPDATE.ordinal()], n[Action.UNCHANGED.ordinal()],
                    n[Action.SKIPPED.ordinal()], n[Action.ERROR.ordinal()]);
        }
    }

    static ImportResult of(List<RowResult> rows) {
        return new ImportResult(List.copyOf(rows), Summary.of(rows));
    }

    boolean hasErrors() {
        return summary.error() > 0;
    }
}

package org.bootwarden.system;

/** One invalid field of a request, as it appears in the problem details {@code errors} array. */
public record FieldProblem(String field, String message) {
}

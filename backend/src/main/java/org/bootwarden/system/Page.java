package org.bootwarden.system;

import java.util.List;
import java.util.function.Function;

/** One page of a list result, as the API returns it. */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> Page<T> of(List<T> items, int page, int size, long total) {
        return new Page<>(items, page, size, total, size == 0 ? 0 : (int) ((total + size - 1) / size));
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), page, size, totalItems, totalPages);
    }
}

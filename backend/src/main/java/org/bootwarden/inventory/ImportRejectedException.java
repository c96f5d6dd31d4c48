package org.bootwarden.inventory;

/** 422: an import to apply has rows with errors; nothing was written. Carries every row's result. */
class ImportRejectedException extends RuntimeException {

    private final transient ImportResult result;

    ImportRejectedException(ImportResult result) {
        super(result.summary().error() + (result.summary().error() == 1 ? " row has" : " rows have")
                + " errors; nothing was imported");
        this.result = result;
    }

    ImportResult result() {
        return result;
    }
}

export const ISO_BUILDER = '/iso-builder';

export const batchPath = (id: string) => `${ISO_BUILDER}/batches/${encodeURIComponent(id)}`;

/** The answer to a view request that a newer request overtook before the worker started it (it is dropped). */
export const SUPERSEDED = 'superseded';

// Inside the workflow sandbox `Date` is the workflow clock, restored from history on replay, so these
// are deterministic. They exist so phases speak in ISO instants, the form state and the read model use.
export const now = (): string => new Date().toISOString();

export const msUntil = (instant: string): number => Math.max(0, Date.parse(instant) - Date.now());

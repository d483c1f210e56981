/** The baseline's only activity: returns at once, so its cost is Temporal's scheduling alone. */
export const baselineActivities = {
  async noop(): Promise<void> {},
};

export type BaselineActivities = typeof baselineActivities;

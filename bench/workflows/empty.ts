/** Starts and completes: the cheapest workflow the server and worker can run. */
export async function emptyWorkflow(): Promise<string> {
  return 'done';
}

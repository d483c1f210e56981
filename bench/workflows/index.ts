// Baseline workflows for the benchmarks (the worker's only workflowsPath entry, bench/workflows/worker.ts).
// They do Temporal's part of a journey and nothing of Certiflow's, so the gap to them is Certiflow's own.
export { emptyWorkflow } from './empty.js';
export { noopJourneyWorkflow } from './noop-journey.js';
export { sleepWorkflow } from './sleep.js';

// The only `workflowsPath` entry: every workflow type the worker runs.
export { journeyWorkflow } from './journey/workflow.js';
export { quarterlyReportWorkflow, ruleReviewRemindersWorkflow, surveyDispatchWorkflow } from './reports/index.js';
export { programVersionWorkflow } from './program-version.js';
export { directoryChangeWorkflow } from './people/directory-change.js';

// Program-level workflows, each started by a schedule (scripts/report-schedule.ts) or on demand.
export { quarterlyReportWorkflow } from './quarterly-report.js';
export { surveyDispatchWorkflow } from './survey-dispatch.js';
export { ruleReviewRemindersWorkflow } from './rule-review-reminders.js';

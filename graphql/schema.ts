import { builder } from './builder.js';
import './types/scalars.js';
import './types/errors.js';
import './types/program.js';
import './types/person.js';
import './types/journey.js';
import './types/journey-lifecycle.js';
import './types/journey-actions.js';
import './types/lifecycle-actions.js';
import './types/analytics.js';
import './types/reports.js';
import './types/forecast.js';
import './types/celebrations.js';
import './types/rule-set.js';
import './types/approval.js';
import './types/work-queues.js';

export const schema = builder.toSchema({ sortSchema: true });

import { Hono } from 'hono';
import type { IntegrationClientService } from '../../services/integration-clients.js';
import type { LearningRecordService } from '../../services/learning-records.js';
import type { EdgeEnv } from '../env.js';

// The xAPI 1.0.3 statements resource for LMS clients (to be completed).
export function xapiRoutes(deps: { clients: IntegrationClientService; records: LearningRecordService }): Hono<EdgeEnv> {
  void deps;
  return new Hono<EdgeEnv>();
}

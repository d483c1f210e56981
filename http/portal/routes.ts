import type { PageHandler } from './page.js';
import { candidateRoutes } from './pages/candidate.js';
import { celebrationRoutes } from './pages/celebrations.js';
import { demographicsRoutes } from './pages/demographics.js';
import { importRoutes } from './pages/imports.js';
import { readAuditRoutes } from './pages/read-audit.js';
import { integrationRoutes } from './pages/integrations.js';
import { insightsRoutes } from './pages/insights.js';
import { programAdminRoutes } from './pages/program-admin.js';
import { rulesRoutes } from './pages/rules.js';
import { signInRoutes } from './pages/sign-in.js';
import { assessmentRoutes } from './pages/assessments.js';
import { calibrationExerciseRoutes } from './pages/calibration-exercises.js';
import { committeeRoutes } from './pages/committee.js';
import { menteeRoutes } from './pages/mentees.js';
import { teamRoutes } from './pages/team.js';
import type { Route } from './page.js';
import type { PortalOptions } from './app.js';

export interface RouteOptions extends PortalOptions {
  signIn: { dev: boolean; oidc: boolean };
  secure: boolean;
}

/** Every portal page, by the people it serves. */
export function portalRoutes(options: RouteOptions): Route<PageHandler>[] {
  return [...signInRoutes(options), ...candidateRoutes(options), ...insightsRoutes(options), ...celebrationRoutes(options), ...rulesRoutes(options), ...programAdminRoutes(options), ...teamRoutes(options), ...menteeRoutes(options), ...assessmentRoutes(options), ...committeeRoutes(options), ...calibrationExerciseRoutes(options), ...importRoutes(options), ...readAuditRoutes(options), ...demographicsRoutes(options), ...integrationRoutes(options)];
}

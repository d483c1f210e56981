import { loadConfig } from '../../config/index.js';

// A complete production environment (strong secrets, an https PUBLIC_URL) for the fail-closed tests of
// config/index.ts, and what loadConfig says of an environment: '' when it starts, else its problems.

export const PRODUCTION_ENV = {
  AUTH_JWT_SECRET: 'f3a9c1e07b5d4a28964e1b0c7d2f8a3e-jwt',
  APPROVAL_LINK_SECRET: '0c7d2f8a3ef3a9c1e07b5d4a28964e1b-link',
  PORTAL_SECRET: '964e1b0c7d2f8a3ef3a9c1e07b5d4a28-portal',
  PUBLIC_URL: 'https://certiflow.example.com',
};

export function configProblems(env: Record<string, string>): string {
  try {
    loadConfig(env as NodeJS.ProcessEnv);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

import { ApplicationFailure } from '@temporalio/common';
import type { EligibilityResult } from '../domain/eligibility.js';
import { ErrorCode } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import { CompiledRuleSetCache } from '../rules/compiled-cache.js';
import { evaluateEligibility, RuleEvaluationError } from '../rules/evaluate.js';
import { candidateFacts } from '../rules/facts.js';
import { formatRuleSetErrors } from '../rules/validate.js';
import { candidateRecordSelect, toCandidateRecord } from '../services/candidate-records.js';
import { loadFactCatalog } from '../services/fact-catalog.js';

// Loads a stored rule set and the candidate's records, and hands both to rules/. What counts as a fact
// (tenure, completions up to asOf, certifications valid at asOf) is decided in rules/facts.ts.

const nonRetryable = (type: string, message: string, details?: unknown[]) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details });

export function createRulesActivities({ prisma }: { prisma: PrismaClient }) {
  // Each published version is validated and compiled once per catalog, not on every evaluation
  // (rules/compiled-cache.ts); the catalog is still read every time, since another process may extend it.
  const ruleSets = new CompiledRuleSetCache();
  return {
    /**
     * Evaluates the stored rule set for the candidate as things stood at `asOf` (an ISO-8601 instant, also
     * used as `evaluatedAt`, so a retry or a replay of the same input gives the same result).
     * Non-retryable failures: NOT_FOUND, INVALID_INPUT, INVALID_RULE_SET, RULE_EVALUATION_FAILED.
     */
    async evaluateEligibility(input: { candidateId: string; ruleSetId: string; asOf: string }): Promise<EligibilityResult> {
      if (Number.isNaN(Date.parse(input.asOf))) {
        throw nonRetryable(ErrorCode.InvalidInput, `asOf "${input.asOf}" is not an ISO 8601 instant`);
      }
      const row = await prisma.ruleSet.findUnique({ where: { id: input.ruleSetId } });
      if (!row) throw nonRetryable(ErrorCode.NotFound, `rule set ${input.ruleSetId} does not exist`);
      const catalog = await loadFactCatalog(prisma);
      const checked = ruleSets.get(row, catalog);
      if (!checked.ok) {
        const message = `rule set ${row.id} is invalid:\n${formatRuleSetErrors(checked.errors)}`;
        throw nonRetryable(ErrorCode.InvalidRuleSet, message, [checked.errors]);
      }
      const { version } = checked.value.ruleSet;
      if (version !== row.version) {
        const message = `rule set ${row.id}: $.version is ${version} but the row is version ${row.version}`;
        throw nonRetryable(ErrorCode.InvalidRuleSet, message);
      }
      const person = await prisma.person.findUnique({ where: { id: input.candidateId }, select: candidateRecordSelect });
      if (!person) throw nonRetryable(ErrorCode.NotFound, `person ${input.candidateId} does not exist`);
      const facts = candidateFacts(toCandidateRecord(person), input.asOf, catalog);
      try {
        return await evaluateEligibility(checked.value, facts, input.asOf, catalog);
      } catch (error) {
        if (error instanceof RuleEvaluationError) throw nonRetryable(ErrorCode.RuleEvaluationFailed, error.message);
        throw error;
      }
    },
  };
}

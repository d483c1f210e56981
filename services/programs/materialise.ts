import { addIsoDuration } from '../../domain/duration.js';
import { Prisma } from '../../prisma/client.js';
import type { ProgramDocument } from '../../programs/document.js';
import { pathwayTerms, programTerms, type RuleSetResolver } from '../../programs/terms.js';

// A published program version written to the tables the rest of Certiflow reads (Program, Pathway,
// Competency, PerformanceIndicator, Cohort, CommitteeTerm): the program's pages, enrolment and new
// journeys follow it from here. Runs inside the transaction that marks the version applied.

type Tx = Prisma.TransactionClient;
const json = (value: unknown) => value as Prisma.InputJsonValue;

/** Rubric reviews come due a year after a rubric is first published, like rule sets'. */
const RUBRIC_REVIEW_PERIOD = 'P1Y';

export async function writeProgramVersion(tx: Tx, document: ProgramDocument, ruleSetId: RuleSetResolver, at: Date): Promise<void> {
  const { id: _id, name, version: _version, recertificationEvidenceFormats, recertificationAssessors, anonymisedAssessment, excludeTeammates, responseTimes, ...timing } =
    programTerms(document, ruleSetId);
  const program = {
    name,
    // Options absent from the document are written as off, so a version that drops one turns it off.
    anonymisedAssessment: anonymisedAssessment === true,
    excludeTeammates: excludeTeammates === true,
    responseTimes: responseTimes ? json(responseTimes) : Prisma.DbNull,
    description: document.description,
    ...timing,
    recertificationEvidenceFormats: recertificationEvidenceFormats ?? [],
    recertificationAssessors: recertificationAssessors ?? 1,
    currentVersion: document.version,
    owners: document.owners,
    fourEyes: document.publishing?.fourEyes !== false,
    whenHolderLeaves: document.credential.whenHolderLeaves ?? 'keep',
  };
  await tx.program.upsert({ where: { id: document.id }, create: { id: document.id, ...program }, update: program });

  const kept = new Set(document.pathways.map((p) => p.id));
  for (const pathway of document.pathways) {
    const terms = pathwayTerms(document, pathway, ruleSetId);
    const row = {
      name: pathway.name,
      kind: pathway.kind,
      description: pathway.description,
      evidenceFormats: terms.evidenceFormats,
      evidenceRequirements: pathway.evidenceRequirements,
      progression: pathway.progression ?? [],
      rubric: json(terms.rubric),
      eligibilityRuleSetId: terms.eligibilityRuleSetId,
      learningResources: json(pathway.learningResources ?? []),
      checkInCadence: pathway.checkInCadence ?? null,
      retiredAt: null,
    };
    await tx.pathway.upsert({ where: { id: pathway.id }, create: { id: pathway.id, programId: document.id, ...row }, update: row });
    const reviewKey = `rubric:${pathway.id}`;
    if (!(await tx.ruleSetReview.findFirst({ where: { ruleSetKey: reviewKey, reviewedOn: null } }))) {
      await tx.ruleSetReview.create({ data: { ruleSetKey: reviewKey, dueOn: new Date(addIsoDuration(at.toISOString(), RUBRIC_REVIEW_PERIOD)) } });
    }
  }
  // A pathway the new version drops keeps its journeys; nobody new enrols on it.
  await tx.pathway.updateMany({ where: { programId: document.id, id: { notIn: [...kept] }, retiredAt: null }, data: { retiredAt: at } });

  const competencyIds = document.competencies.map((c) => `${document.id}:${c.key}`);
  await tx.performanceIndicator.deleteMany({ where: { competency: { programId: document.id } } });
  await tx.competency.deleteMany({ where: { programId: document.id, id: { notIn: competencyIds } } });
  for (const [position, { indicators, ...competency }] of document.competencies.entries()) {
    const id = `${document.id}:${competency.key}`;
    const row = { key: competency.key, name: competency.name, kind: competency.kind, description: competency.description, position };
    await tx.competency.upsert({ where: { id }, create: { id, programId: document.id, ...row }, update: row });
    await tx.performanceIndicator.createMany({
      data: indicators.map((indicator, i) => ({ id: `${id}:${indicator.code}`, competencyId: id, code: indicator.code, description: indicator.description, position: i })),
    });
  }

  // Cohorts are kept once created: journeys point at them, and a past cohort stays in the numbers.
  for (const cohort of document.cohorts ?? []) {
    const row = { name: cohort.name, pilot: cohort.pilot ?? false, startsOn: new Date(`${cohort.startsOn}T00:00:00.000Z`) };
    await tx.cohort.upsert({ where: { id: cohort.id }, create: { id: cohort.id, programId: document.id, ...row }, update: row });
  }

  await tx.committeeTerm.deleteMany({ where: { programId: document.id } });
  await tx.committeeTerm.createMany({
    data: (document.committee ?? []).map((term) => ({
      id: `committee:${document.id}:${term.person}:${term.startsOn}`,
      programId: document.id,
      personId: term.person,
      role: term.role ?? 'member',
      startsOn: new Date(`${term.startsOn}T00:00:00.000Z`),
      endsOn: new Date(`${term.endsOn}T00:00:00.000Z`),
    })),
  });
}

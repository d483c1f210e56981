import { FINAL_STAGES, type JourneyStage } from '../../domain/journey.js';
import { builder, enumValues } from '../builder.js';

// What a progress dashboard needs beyond the journey's core fields: the deadlines the workflow is
// waiting on, and which attempt each submission was.

/** Workflow deadline keys → the kinds the API names. Reminder keys (`submissionReminder:P14D`) are left out. */
const KINDS = {
  submission: 'submission',
  appeal: 'appeal',
  recertificationWindow: 'recertification_opens',
  expiry: 'expiry',
  lapse: 'lapse',
  ruleTransition: 'rule_change',
} as const;
type DeadlineKind = (typeof KINDS)[keyof typeof KINDS];

interface Deadline {
  kind: DeadlineKind;
  dueAt: string;
}

const DeadlineKindEnum = builder.enumType('DeadlineKind', {
  description: 'What falls due.',
  values: enumValues(Object.values(KINDS)),
});

const DeadlineRef = builder.objectRef<Deadline>('JourneyDeadline').implement({
  description: 'Something the journey waits for until a set time; a pause moves it by the time spent paused.',
  // Reachable only through Journey.deadlines, whose journey's own scopes decide who sees it.
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.field({ type: DeadlineKindEnum, resolve: (d) => d.kind }),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('Journey', (t) => ({
  deadlines: t.field({
    type: [DeadlineRef],
    nullable: true,
    description:
      'Open deadlines, soonest first: evidence due, appeal window, re-certification opening, expiry, lapse, a rule change taking effect. Null when the workflow cannot be asked right now.',
    select: { stage: true },
    resolve: async (journey, _args, ctx) => {
      if (FINAL_STAGES.includes(journey.stage as JourneyStage)) return [];
      const open = await ctx.journeys.openDeadlines(journey.id);
      if (!open) return null;
      return Object.entries(open)
        .flatMap(([key, dueAt]) => (Object.hasOwn(KINDS, key) ? [{ kind: KINDS[key as keyof typeof KINDS], dueAt }] : []))
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },
  }),
}));

builder.prismaObjectFields('Submission', (t) => ({
  attempt: t.exposeInt('attempt', { description: '1 for the first submission, 2 for a resubmission after "not passed", and so on.' }),
}));

import { type Celebration, celebrationId, MAX_CELEBRATIONS, recentCelebrations, setCelebrationOptIn } from '../../services/celebrations.js';
import { builder } from '../builder.js';

// The celebration feed is public (the portal's /celebrations page needs no sign-in): it names only
// people who opted in (services/celebrations.ts). Opting in or out is for the signed-in person.

const everyone = { public: true } as const;
const signedIn = { authenticated: true } as const;

const CelebrationRef = builder.objectRef<Celebration>('Celebration').implement({
  description: 'A credential earned by someone who chose to have it celebrated, with the mentor who helped.',
  authScopes: everyone,
  fields: (t) => ({
    id: t.id({ description: 'An opaque id for this entry (not the credential\'s: the feed is public).', resolve: (c) => celebrationId(c.credentialId) }),
    personName: t.exposeString('personName'),
    programName: t.exposeString('programName'),
    certifiedAt: t.expose('certifiedAt', { type: 'DateTime' }),
    renewal: t.exposeBoolean('renewal'),
    mentorName: t.exposeString('mentorName', { nullable: true }),
  }),
});

const CelebrationOptInInput = builder.inputType('SetCelebrationOptInInput', {
  fields: (t) => ({ optIn: t.boolean({ required: true }) }),
});

builder.queryFields((t) => ({
  celebrations: t.field({
    type: [CelebrationRef],
    authScopes: everyone,
    description: `Recent credentials of people who opted in, newest first (at most ${MAX_CELEBRATIONS}).`,
    args: { first: t.arg.int({ defaultValue: 20 }) },
    resolve: (_root, args, ctx) => recentCelebrations(ctx.prisma, args.first ?? 20),
  }),
}));

builder.mutationFields((t) => ({
  setCelebrationOptIn: t.boolean({
    authScopes: signedIn,
    description: "The signed-in person's choice to appear in the celebration feed; returns the stored choice.",
    args: { input: t.arg({ type: CelebrationOptInInput, required: true }) },
    resolve: (_root, { input }, ctx) => setCelebrationOptIn(ctx.prisma, ctx.viewer!.personId, input.optIn),
  }),
}));

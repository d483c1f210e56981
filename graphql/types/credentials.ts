import type { CredentialVerification, VerifiedStatus } from '../../services/credentials.js';
import { journeyVisibleById } from '../../services/access.js';
import { isHrViewer } from '../../domain/access.js';
import { builder } from '../builder.js';
import { shownJourneyId } from './journey-anonymity.js';

// Sharing and verifying credentials. The holder (and HR) get a share code; anyone with the code, signed
// in or not, can check the credential through verifyCredential, which tells only what a verifier needs.

const _journeyParties = { id: true, candidateId: true, assessorId: true, mentorId: true, panel: true } as const;

builder.prismaObjectFields('Credential', (t) => ({
  revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  journey: t.relation('journey'),
  // The committee revokes from activeCredentials without sitting on the journey: its id is all they need.
  journeyId: t.id({
    description: 'The journey it was earned on, by id (an alias for a viewer from whom the candidate is hidden); the journey itself only for whoever may see it.',
    resolve: (credential, _args, ctx) => shownJourneyId(ctx, credential.journeyId),
  }),
  shareCode: t.string({
    nullable: true,
    description: 'For the link /verify/<shareCode> that anyone can open to check this credential. Visible to the holder and HR.',
    resolve: (credential, _args, ctx) =>
      ctx.viewer && (ctx.viewer.personId === credential.personId || isHrViewer(ctx.viewer)) ? ctx.credentials.shareCode(credential.id) : null,
  }),
}));

const StatusEnum = builder.enumType('VerifiedCredentialStatus', {
  description: 'What a verifier is told about a credential.',
  values: {
    ACTIVE: { value: 'active', description: 'Valid today.' },
    EXPIRED: { value: 'expired', description: 'Past its expiry date, or lapsed without re-certification.' },
    REVOKED: { value: 'revoked', description: 'Withdrawn by the certification committee.' },
    SUPERSEDED: { value: 'superseded', description: 'Replaced by a later credential after re-certification.' },
  } satisfies Record<string, { value: VerifiedStatus; description: string }>,
});

const VerificationRef = builder.objectRef<CredentialVerification>('CredentialVerification').implement({
  description: 'A credential as a verifier sees it from a share link: no scores, no contact details.',
  authScopes: { public: true },
  fields: (t) => ({
    number: t.exposeString('number'),
    holderName: t.exposeString('holderName'),
    programName: t.exposeString('programName'),
    issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    status: t.field({ type: StatusEnum, resolve: (v) => v.status }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  credential: t.prismaField({
    type: 'Credential',
    nullable: true,
    description: "A credential, for whoever may see its journey; someone else's reads as missing.",
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const credential = await ctx.prisma.credential.findUnique({ ...query, where: { id: String(args.id) } });
      if (!credential) return null;
      return (await journeyVisibleById(ctx, credential.journeyId)) ? credential : null;
    },
  }),
  verifyCredential: t.field({
    type: VerificationRef,
    nullable: true,
    description: 'Checks a share code from a /verify link; open to anyone. Null for any code that is not a real credential link.',
    authScopes: { public: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.credentials.verify(args.code),
  }),
}));

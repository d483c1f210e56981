import { isHrViewer } from '../../domain/access.js';
import { type ForecastBasis, type JourneyForecast, loadForecast } from '../../services/analytics/forecast.js';
import { builder, enumValues } from '../builder.js';

// Journey.forecast: the steps left and the likely certification date with a range. For the candidate,
// their manager and HR only: it reflects the candidate's pace, which mentors and assessors need not see.

const BasisEnum = builder.enumType('ForecastBasis', { values: enumValues<ForecastBasis>(['peers', 'own_pace', 'none']) });
const StatusEnum = builder.enumType('ForecastStatus', { values: enumValues(['in_progress', 'certified', 'ended'] as const) });

const ForecastRef = builder.objectRef<JourneyForecast>('JourneyForecast').implement({
  description: 'Steps left on the pathway and when certification is likely, from past candidates on the same pathway.',
  // Reachable only through Journey.forecast, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  fields: (t) => ({
    status: t.field({ type: StatusEnum, resolve: (f) => f.status }),
    stepsDone: t.exposeInt('stepsDone'),
    stepsTotal: t.exposeInt('stepsTotal'),
    remaining: t.exposeStringList('remaining', { description: "The pathway's progression steps still ahead." }),
    basis: t.field({ type: BasisEnum, description: 'peers: past candidates on the pathway; own_pace: too few of them.', resolve: (f) => f.basis }),
    peers: t.exposeInt('peers'),
    pace: t.exposeFloat('pace', { nullable: true, description: 'Time to reach the current stage against the typical candidate (1 = typical).' }),
    earliest: t.expose('earliest', { type: 'DateTime', nullable: true, description: '25th percentile.' }),
    expected: t.expose('expected', { type: 'DateTime', nullable: true, description: 'Median.' }),
    latest: t.expose('latest', { type: 'DateTime', nullable: true, description: '75th percentile.' }),
  }),
});

builder.prismaObjectFields('Journey', (t) => ({
  forecast: t.field({
    type: ForecastRef,
    nullable: true,
    authScopes: (journey, _args, ctx) =>
      isHrViewer(ctx.viewer) || ctx.viewer?.personId === journey.candidateId || (ctx.viewer?.reportIds.includes(journey.candidateId) ?? false),
    resolve: (journey, _args, ctx) => loadForecast(ctx.prisma, journey.id),
  }),
}));

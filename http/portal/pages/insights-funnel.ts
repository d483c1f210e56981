import { emptyState, table } from '../components.js';
import { html, type SafeHtml } from '../../../html/template.js';
import { percent, SUPPRESSED, SUPPRESSED_GROUPS, smallGroupNote } from './insights-sections.js';

// The funnel audit on a program dashboard (portal/pages/insights.ts queries it): one table per stage,
// eligibility to time to certification, for the attribute the dashboard's audit shows. The API has
// suppressed small groups (at every stage at once) before the portal sees them: the suppressed groups
// arrive as one row without a name or a number.

export interface FunnelAuditGroupData {
  group: string | null;
  suppressed: boolean;
  sampleSize: number | null;
  favourable: number | null;
  rate: number | null;
  impactRatio: number | null;
  flagged: boolean;
  fisherP: number | null;
  medianDays: number | null;
}

export interface FunnelAuditData {
  minGroupSize: number;
  stages: { stage: string; favourableOutcome: string | null; referenceGroup: string | null; groups: FunnelAuditGroupData[] }[];
}

const STAGE_TITLES: Record<string, string> = {
  ELIGIBILITY: 'Eligibility rules',
  APPROVAL: "Manager's approval",
  ASSESSMENT: 'Assessment',
  APPEAL: 'Appeals',
  CERTIFICATION: 'Time to certification',
};

const name = (g: FunnelAuditGroupData) => (g.group === null ? SUPPRESSED_GROUPS : g.group);
const number = (g: FunnelAuditGroupData, value: number | null, format: (v: number) => string = String) => (g.suppressed ? SUPPRESSED : value === null ? '—' : format(value));

/** A p-value as people read it: below 0.001 is "< 0.001". */
export const formatP = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

function rateStage(stage: FunnelAuditData['stages'][number]): SafeHtml {
  const title = STAGE_TITLES[stage.stage] ?? stage.stage;
  return table(
    `${title}: ${stage.favourableOutcome ?? ''}`,
    ['Group', 'Decided', 'Favourable', 'Rate', 'Impact ratio', 'Four-fifths rule', "Fisher's p"],
    stage.groups.map((g) => [
      name(g),
      number(g, g.sampleSize),
      number(g, g.favourable),
      number(g, g.rate, percent),
      number(g, g.impactRatio, (v) => v.toFixed(2)),
      g.suppressed
        ? SUPPRESSED
        : g.flagged
          ? html`<span class="badge bad">Below four-fifths</span>`
          : g.group === stage.referenceGroup
            ? 'Reference group'
            : g.impactRatio === null
              ? 'No ratio'
              : html`<span class="badge good">Within</span>`,
      number(g, g.fisherP, formatP),
    ]),
  );
}

function timeStage(stage: FunnelAuditData['stages'][number]): SafeHtml {
  return table(
    'Time to certification: days from enrolment to the first credential',
    ['Group', 'Certified', 'Median days'],
    stage.groups.map((g) => [name(g), number(g, g.sampleSize), number(g, g.medianDays)]),
  );
}

export function funnelAuditSection(audit: FunnelAuditData, attributeLabel: string): SafeHtml {
  const body = audit.stages.map((stage) => {
    const title = STAGE_TITLES[stage.stage] ?? stage.stage;
    const content = stage.groups.length === 0 ? emptyState('No decisions at this stage yet.') : stage.stage === 'CERTIFICATION' ? timeStage(stage) : rateStage(stage);
    return html`<h3>${title}</h3>${content}`;
  });
  return html`<section aria-labelledby="funnel-audit-heading"><h2 id="funnel-audit-heading">Fairness across the funnel</h2>
<p class="hint">Each step by self-reported ${attributeLabel}: the rate of the favourable outcome, its ratio to the group with the highest rate (below 0.8 fails the four-fifths rule) and Fisher's exact test of the group against everyone else at that step. A p-value is a screening signal, not a finding: with several groups and five steps some small values come by chance, so look at the numbers behind it. A group too small at any step is suppressed at every step.</p>
${smallGroupNote(audit.minGroupSize, 'journeys at a step')}${body}</section>`;
}

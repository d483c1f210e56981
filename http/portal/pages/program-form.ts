import type { CompetencyDefinition, CriterionDefinition, PathwayDefinition, ProgramDocument, RubricDefinition } from '../../../programs/document.js';
import type { EvidenceFormat } from '../../../domain/journey.js';

// The program editor's form, read back into a program document: competencies, rubric criteria and
// pathways are edited in fields (one row of fields each, a blank row to add one, a box to remove one),
// not as raw JSON. Pure: what the fields say becomes the document; the API validates it.

export const EVIDENCE_FORMATS: EvidenceFormat[] = ['written_report', 'video', 'live_demonstration'];

const lines = (text: string | null) => (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
const list = (text: string | null) => (text ?? '').split(',').map((l) => l.trim()).filter(Boolean);
const number = (text: string | null) => (text === null || text.trim() === '' ? Number.NaN : Number(text));

/** "CODE: description" lines. */
function indicators(text: string | null): CompetencyDefinition['indicators'] {
  return lines(text).map((line) => {
    const at = line.indexOf(':');
    return at < 0 ? { code: line, description: '' } : { code: line.slice(0, at).trim(), description: line.slice(at + 1).trim() };
  });
}

/** "1: Beginning" lines. */
function labels(text: string | null): Record<string, string> {
  return Object.fromEntries(lines(text).map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]));
}

export function applyForm(document: ProgramDocument, form: URLSearchParams): ProgramDocument {
  const get = (name: string) => form.get(name);
  const rows = <T>(prefix: string, existing: T[], read: (p: string, old: T | undefined) => T | null): T[] => {
    const kept = existing.flatMap((old, i) => (form.get(`${prefix}${i}.remove`) ? [] : [read(`${prefix}${i}.`, old)])).filter((x): x is T => x !== null);
    const added = read(`${prefix}new.`, undefined);
    return added ? [...kept, added] : kept;
  };

  const competencies = rows<CompetencyDefinition>('c', document.competencies, (p, old) => {
    const key = get(`${p}key`)?.trim() ?? old?.key ?? '';
    if (!old && !key) return null;
    return { key, name: get(`${p}name`)?.trim() ?? '', kind: get(`${p}kind`) === 'soft' ? 'soft' : 'technical', description: get(`${p}description`)?.trim() ?? '', indicators: indicators(get(`${p}indicators`)) };
  });

  const rubrics = document.rubrics.map((rubric, r): RubricDefinition => {
    const criteria = rows<CriterionDefinition>(`r${r}.c`, rubric.criteria, (p, old) => {
      const key = get(`${p}key`)?.trim() ?? old?.key ?? '';
      if (!old && !key) return null;
      const codes = list(get(`${p}indicators`));
      return {
        ...(old ?? {}),
        key,
        title: get(`${p}title`)?.trim() ?? '',
        description: get(`${p}description`)?.trim() ?? '',
        competency: get(`${p}competency`) ?? '',
        threshold: number(get(`${p}threshold`)),
        critical: get(`${p}critical`) === 'on',
        ...(codes.length > 0 ? { indicators: codes } : {}),
      };
    }).map((c) => (c.indicators?.length === 0 ? (({ indicators: _i, ...rest }) => rest)(c) : c));
    return { ...rubric, passAverage: number(get(`r${r}.passAverage`)), levels: { ...rubric.levels, labels: labels(get(`r${r}.labels`)) }, criteria };
  });

  const pathways = rows<PathwayDefinition>('p', document.pathways, (p, old) => {
    const id = old?.id ?? get(`${p}id`)?.trim() ?? '';
    if (!old && !id) return null;
    return {
      ...(old ?? {}),
      id,
      name: get(`${p}name`)?.trim() ?? '',
      kind: (get(`${p}kind`) ?? 'portfolio') as PathwayDefinition['kind'],
      description: get(`${p}description`)?.trim() ?? '',
      rubric: get(`${p}rubric`) ?? '',
      eligibilityRuleSet: get(`${p}eligibilityRuleSet`)?.trim() ?? '',
      evidenceFormats: form.getAll(`${p}formats`).filter((f): f is EvidenceFormat => (EVIDENCE_FORMATS as string[]).includes(f)),
      evidenceRequirements: lines(get(`${p}requirements`)),
    };
  });

  const { submission, mentoring, panel, appeals, credential } = document;
  return {
    ...document,
    name: get('name')?.trim() ?? document.name,
    description: get('description')?.trim() ?? document.description,
    owners: list(get('owners')),
    publishing: { ...document.publishing, fourEyes: get('fourEyes') === 'on' },
    competencies,
    rubrics,
    pathways,
    submission: { ...submission, deadline: get('t.submissionDeadline')?.trim() ?? submission.deadline, maxResubmissions: number(get('t.maxResubmissions')) },
    mentoring: { ...mentoring, checkInCadence: get('t.checkInCadence')?.trim() ?? mentoring.checkInCadence },
    panel: { ...panel, size: number(get('t.panelSize')) },
    appeals: { ...appeals, window: get('t.appealWindow')?.trim() ?? appeals.window },
    credential: {
      ...credential,
      validity: get('t.validity')?.trim() ?? credential.validity,
      recertification: { ...credential.recertification, window: get('t.recertificationWindow')?.trim() ?? credential.recertification.window, gracePeriod: get('t.gracePeriod')?.trim() ?? credential.recertification.gracePeriod },
    },
  };
}

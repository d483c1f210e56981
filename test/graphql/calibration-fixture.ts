import { PROGRAM_ID } from '../../demo/program.js';
import type { PrismaClient } from '../../prisma/client.js';

// Twelve panels in the demo program for the calibration report, on top of the demo people: each panel
// is lars and two of priya, grace, kenji, nadia (each on six panels), all scoring on 2026-08-03. The
// candidate's work deserves level 2, 3 or 4 on every criterion; lars scores one level lower, the others
// as deserved. So lars deviates by -1 from the other two everywhere (severity -1, every score within
// one level), and each of the others by +0.5 (the mean of lars and the other is half a level below).

export const CALIBRATION_SCORED_AT = new Date('2026-08-03T10:00:00.000Z');
export const CALIBRATION_CRITERIA = ['architecture-design', 'security', 'cost-optimisation', 'communication'];
const OTHERS = ['priya', 'grace', 'kenji', 'nadia'];

export async function seedCalibrationPanels(p: PrismaClient): Promise<void> {
  const at = CALIBRATION_SCORED_AT;
  for (let i = 0; i < 12; i++) {
    const id = `cal-${String(i).padStart(2, '0')}`;
    const journeyId = `journey:${PROGRAM_ID}:${id}`;
    await p.person.create({ data: { id, email: `${id}@example.com`, name: id, department: 'Engineering', title: 'Engineer', roles: ['candidate'] } });
    await p.journey.create({ data: { id: journeyId, programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: id, stage: 'certified', enrolledAt: at, updatedAt: at } });
    const deserved = 2 + (i % 3);
    for (const assessorId of ['lars', OTHERS[i % 4]!, OTHERS[(i + 1) % 4]!]) {
      const level = assessorId === 'lars' ? deserved - 1 : deserved;
      await p.panelScore.create({
        data: {
          id: `${id}:${assessorId}`,
          journeyId,
          submissionId: `${id}:s1`,
          round: 1,
          assessorId,
          scores: Object.fromEntries(CALIBRATION_CRITERIA.map((c) => [c, level])),
          comment: 'seeded',
          submittedAt: at,
        },
      });
    }
  }
}

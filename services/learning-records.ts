import type { PrismaClient } from '../prisma/client.js';

// Learning records from an LMS by the L&D standard, xAPI 1.0.3 (to be completed).

export function createLearningRecordService(prisma: PrismaClient) {
  void prisma;
  return {};
}

export type LearningRecordService = ReturnType<typeof createLearningRecordService>;

-- Calibration exercises record the program version their rubric was taken from (Program.currentVersion).
-- AlterTable
ALTER TABLE "CalibrationExercise" ADD COLUMN     "programVersion" INTEGER;

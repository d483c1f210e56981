// Every `patched()` id used by the journey workflow, with the change it guards. An id is never reused.
// Procedure: docs/workflow-versioning.md.
export const JourneyPatches = {} as const;

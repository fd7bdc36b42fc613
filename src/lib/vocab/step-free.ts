/** Whether a venue can be entered without steps (the `resources.step_free` CHECK constraint). */
export const STEP_FREE = ['yes', 'no', 'partly'] as const;
export type StepFree = (typeof STEP_FREE)[number];

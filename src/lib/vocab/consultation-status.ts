/** A consultation session is open for answers or closed (the `consultations.status` CHECK constraint). */
export const CONSULTATION_STATUSES = ['open', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

// Limits of the moderation forms, one definition for both sides: the server's valibot schemas
// (routes/panel/moderacja/[id]/forms.ts) enforce them and the form fields carry them as maxlength.

/** A moderator's note on a status change or merge, and the reason given for a rejection. */
export const NOTE_MAX = 2000;

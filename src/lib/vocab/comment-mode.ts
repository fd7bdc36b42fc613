import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/**
 * How a region moderates residents' comments (the `comment_settings.moderation` CHECK
 * constraint): they wait for an editor's approval (the default), or appear at once and editors
 * hide them afterwards.
 */
export const [COMMENT_MODES, COMMENT_MODE_LABELS, commentModeLabel] = defineVocab({
	approval: m.comments_mode_approval,
	publish: m.comments_mode_publish
});
export type CommentMode = (typeof COMMENT_MODES)[number];

/** The result of a moderation form action, as the page receives it. */
export type ActionForm =
	| {
			action?: string;
			done?: boolean;
			message?: string;
			keptRef?: string;
			values?: Record<string, unknown>;
			errors?: Record<string, string>;
	  }
	| null
	| undefined;

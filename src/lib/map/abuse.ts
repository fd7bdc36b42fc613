import * as m from '$lib/paraglide/messages';
import { ABUSE_REASONS, abuseReasonLabel } from '$lib/vocab/abuse-reason';

let serial = 0;

/**
 * "Zgłoś nadużycie" for a published need, in the village list: the keyboard
 * equivalent of the map (the popup has no room for it on small screens). One report per browser
 * (the server's httpOnly device cookie); three from different browsers hide the need until an
 * organizer reviews it. Built with DOM APIs like the Popieram control it sits beside.
 */
export function abuseControl(needId: string, describedBy?: string): HTMLElement {
	const id = `abuse-${++serial}`;
	const box = document.createElement('div');
	box.className = 'abuse-control';
	box.style.marginTop = '0.5rem';

	const toggle = document.createElement('button');
	toggle.type = 'button';
	toggle.className = 'button';
	toggle.textContent = m.mod_abuse_button();
	toggle.setAttribute('aria-expanded', 'false');
	toggle.setAttribute('aria-controls', `${id}-panel`);
	if (describedBy) toggle.setAttribute('aria-describedby', describedBy);

	const panel = document.createElement('div');
	panel.id = `${id}-panel`;
	panel.hidden = true;
	const label = document.createElement('label');
	label.htmlFor = `${id}-reason`;
	label.textContent = m.mod_abuse_reason_label();
	label.style.display = 'block';
	const select = document.createElement('select');
	select.id = `${id}-reason`;
	for (const reason of ABUSE_REASONS) select.append(new Option(abuseReasonLabel(reason), reason));
	const send = document.createElement('button');
	send.type = 'button';
	send.className = 'button';
	send.textContent = m.mod_abuse_send();
	send.style.marginLeft = '0.5rem';
	panel.append(label, select, send);

	// A polite live region without role="status", so it is not a second "status" beside the
	// Popieram count in the same popup or list item.
	const status = document.createElement('p');
	status.setAttribute('aria-live', 'polite');
	status.className = 'abuse-control__status';
	status.style.margin = '0.25rem 0 0';
	const say = (message: string) => {
		status.textContent = message;
	};

	toggle.addEventListener('click', () => {
		panel.hidden = !panel.hidden;
		toggle.setAttribute('aria-expanded', String(!panel.hidden));
		if (!panel.hidden) select.focus();
	});
	// Every failure is shown in the status line; the click handler does not wait.
	const sendReport = async () => {
		send.disabled = true;
		try {
			const response = await fetch(`/api/needs/${encodeURIComponent(needId)}/abuse`, {
				method: 'POST',
				headers: { accept: 'application/json', 'content-type': 'application/json' },
				body: JSON.stringify({ reason: select.value })
			});
			const body = (await response.json().catch(() => ({}))) as { error?: unknown };
			if (!response.ok) {
				say(typeof body.error === 'string' ? body.error : m.mod_abuse_failed());
				return;
			}
			say(m.mod_abuse_thanks());
			panel.hidden = true;
			toggle.hidden = true;
		} catch (error) {
			console.error(error);
			say(m.mod_abuse_failed());
		} finally {
			send.disabled = false;
		}
	};
	send.addEventListener('click', () => void sendReport());
	box.append(toggle, panel, status);
	return box;
}

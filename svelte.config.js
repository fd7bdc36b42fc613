import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries keep their own mode.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// BUILD_DIR lets the e2e suite build a separate test bundle (with test hooks) without
		// overwriting the production build that `npm start` serves.
		// precompress: gzip and brotli copies of the static assets at build time, which adapter-node
		// serves to clients that accept them (MapLibre alone shrinks from about 1 MB to 250 KB).
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build', precompress: true }),
		// Kit's global origin check would also refuse multipart posts from API clients to the open
		// /api/needs endpoint; hooks.server.ts applies the same check to everything else.
		csrf: { trustedOrigins: ['*'] },
		// Absolute paths: `resolve()` (wrapped by $lib/routes.ts with Paraglide's localizeHref) then
		// returns `/…` during server rendering too, the same href the browser computes; relative
		// paths (`../…`) would depend on the depth of the page that renders the link.
		paths: { relative: false },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', 'https:'],
				'font-src': ['self', 'data:', 'https:'],
				'connect-src': ['self', 'https:'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;

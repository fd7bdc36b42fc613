# syntax=docker/dockerfile:1
# Mapa Zasobów i Potrzeb: the adapter-node build in a Node 24 image, run as a non-root user
# (README, "Running in production"). Build from a clone: docker build -t mapa .
# With PostgreSQL + PostGIS next to it: docker compose up -d (compose.yaml).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Dependencies first (cached while package-lock.json is unchanged). `npm ci` runs `prepare`,
# which compiles the Paraglide messages: it needs the inlang project and messages/.
COPY package.json package-lock.json .npmrc ./
COPY project.inlang/settings.json project.inlang/
COPY messages ./messages
COPY svelte.config.js vite.config.ts tsconfig.json ./
RUN npm ci --no-audit --no-fund
# Sources, migrations (bundled into the server build), static files with the map glyphs.
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    BODY_SIZE_LIMIT=12M \
    SHUTDOWN_TIMEOUT=30
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
# Seeded at start-up from data/ (region geography, demo data); the CLI scripts (npm run
# user:create, db:migrate, db:seed) run from scripts/ and src/ with the compiled messages.
COPY --from=build /app/data ./data
COPY --from=build /app/supabase ./supabase
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# /healthz: the process answers (no database access); see /readyz for the database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) shuts down gracefully; give it SHUTDOWN_TIMEOUT + a margin (compose.yaml).
STOPSIGNAL SIGTERM
CMD ["node", "build"]

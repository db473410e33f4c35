# syntax=docker/dockerfile:1
# Cited, production image. The same steps as tests/production.test.ts:
#   npm ci → npm run build → npm ci --omit=dev → node dist/main.js
# Build:  docker build -t cited .
# Run:    docker run --init --env-file .env -p 8080:8080 -v cited-data:/app/data cited
#         (--init, or compose's `init: true`, puts a tiny init as PID 1 that forwards signals and reaps
#         children; the bot handles SIGTERM itself either way. Never make npm PID 1: it does not pass
#         SIGTERM on, and the bot would be killed mid-answer.)

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all dependencies, TypeScript → dist/ ------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Compilers for native modules that have no prebuilt binary for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- production dependencies only ---------------------------------------------
# A stage of its own so the compilers a native module may need stay out of the final image;
# the final stage gets exactly what `npm ci --omit=dev` installs on this same base image.
FROM build AS production-dependencies
RUN rm -rf node_modules \
 && npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- runtime --------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY corpus ./corpus
COPY commands ./commands
# Code and content stay owned by root (read-only to the bot); only data/ is the bot's to write.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# corpus/ and commands/ can be replaced by the operator's own; data/ holds the SQLite database,
# the generated salt and caches, and must outlive the container.
VOLUME ["/app/corpus", "/app/commands", "/app/data"]
EXPOSE 8080
# No curl in slim images: ask /healthz with node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]

# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies, which never reach the final image.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# Runtime stage: production dependencies and the compiled bot only, run as the unprivileged `node` user.
FROM node:22-bookworm-slim AS runtime
# MIRRORS_IN_CONTAINER: with nothing configured, explain and exit rather than start a sandbox nobody can reach
# (MIRRORS_SANDBOX=1 asks for it, listening on every interface so that published ports reach it).
ENV NODE_ENV=production \
    PORT=3000 \
    MIRRORS_IN_CONTAINER=1 \
    ALIBABA_CLOUD_ECS_METADATA_DISABLED=false \
    MIRRORS_DATA_DIR=/var/lib/mirrors
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Watches live in SQLite here. The default (./data) would be under /app, which `node` cannot write; a volume keeps
# them across container restarts (Kubernetes mounts its own volume at the same path).
RUN install -d -o node -g node -m 0750 /var/lib/mirrors
VOLUME ["/var/lib/mirrors"]
# The bot's live heap is about 40 MB, but with nothing to cap it V8 sizes its heap from the host's memory and lets
# garbage pile up: under the churn bench (28,000 large-state commands) RSS reached 327 MB. With the old space capped
# and a smaller young generation it stays near the live size (bench: churn). Set after `npm ci`, which needs more;
# an operator's NODE_OPTIONS replaces it.
ENV NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=4"
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

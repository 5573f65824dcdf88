# The gateway as a container: built in one stage, run from a slim one as the
# unprivileged "node" user. Build: docker build -t cxone-graphql-gateway .
# Configuration is the environment (README, "Configuration"); deploy/ has a
# Kubernetes example and a Compose file with a Redis Cluster.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The pages read README.md at build time (GraphiQL opens with its example operations).
COPY tsconfig.json schema.graphql README.md ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    AUDIT_LOG_PATH=/dev/stdout
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/schema.graphql ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Liveness only: the process answers. Readiness (CXone reachable) is /readyz, for load balancers.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 receives SIGTERM and drains (SHUTDOWN_TIMEOUT_MS); no npm in between.
CMD ["node", "dist/main.js"]

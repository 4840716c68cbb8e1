# One image for every role of the service; the role is the command (see docker-compose.yml).
FROM node:20-bookworm-slim
# git for clones and branches; a compiler for the native addons (tree-sitter, hnswlib-node)
# when no prebuilt binary fits; bubblewrap, the sandbox of every test run.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates python3 make g++ bubblewrap \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY bench ./bench
COPY ui ./ui
RUN npm ci && npm prune --omit=dev --ignore-scripts
# In the container the service binds every interface (Docker publishes the port); elsewhere
# `attest serve` binds the loopback alone unless ATTEST_HOST says otherwise.
ENV NODE_ENV=production ATTEST_DATA_DIR=/data PORT=3000 ATTEST_HOST=0.0.0.0
# A named volume takes the owner of the folder it mounts over: the service runs as node.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/attest.js"]
CMD ["serve"]

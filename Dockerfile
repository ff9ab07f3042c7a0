# emperor in a container: the emperor and real uWSGI, the vassals directory a volume (docs/containers.md)
#   docker build -t emperor .
#   docker run -v "$PWD/vassals:/etc/uwsgi/vassals" emperor
#   docker exec CONTAINER emperor status

# build: the TypeScript, the on-demand socket addon and the exec shim need a compiler; the image that runs does not
FROM node:20-bookworm-slim AS build
RUN apt-get update \
	&& apt-get install -y --no-install-recommends python3 make g++ \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY native ./native
COPY src ./src
# npm ci builds the native parts (install) and dist/ (prepare); the image keeps only what runs
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
RUN apt-get update \
	&& apt-get install -y --no-install-recommends uwsgi-core uwsgi-plugin-python3 \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/native ./native
COPY vassals.example ./vassals.example
RUN ln -s /app/dist/cli.js /usr/local/bin/emperor && mkdir -p /etc/uwsgi/vassals
VOLUME /etc/uwsgi/vassals
# PID 1 is the emperor's own init: it runs the emperor, forwards docker's signals to it and reaps the orphans
# of every vassal's tree (Node reaps only the children it spawned). docker stop sends SIGTERM and SIGKILLs after
# 10 s: with --reload-mercy 7 a vassal that ignores its stop is SIGKILLed at 7 s and the emperor exits 0 in time
# (uWSGI's and emperor's default of 30 s is systemd's TimeoutStopSec= world)
ENTRYPOINT ["/app/native/vassal-exec/build/vassal-exec", "--init", "--", "/app/dist/cli.js", "--reload-mercy", "7"]
CMD ["--vassals", "/etc/uwsgi/vassals"]

# The montecarlo image the cluster recipes in deploy/ run: a static binary
# on a distroless base (no shell, no package manager, a non-root user).
#
#   docker build -t montecarlo:dev .
#   docker build --build-arg VERSION=v0.2.0 -t ghcr.io/montecarlo-risk/montecarlo:v0.2.0 .
#
# Every shard of a run must use the same image: partials record the engine
# version, and merge refuses partials of different engines.
FROM golang:1.26 AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/montecarlo ./cmd/montecarlo

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/montecarlo /usr/local/bin/montecarlo
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/montecarlo"]
CMD ["--help"]

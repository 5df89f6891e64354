#!/usr/bin/env python3
"""What one request costs where, in two async-profiler CPU profiles side by side.

Takes collapsed stacks sampled every 1 ms of CPU (as `PROFILE=... bench/run-gateway-load.sh` leaves them, the
request count in the file name: `<label>.<N>-requests.collapsed`), so that a profile's samples times 1 ms over
its requests is CPU microseconds per request. The JIT compiler's threads are left out (and their share printed):
starting a profile in a running JVM has it compile again, which a run without the profiler does not do (under
1% of the CPU with THREADS=1). Prints, per request, each profile's time by layer (the leaf frame's
library: kernel, TLS, Netty, Vert.x, vertx-http-proxy, apisec, ...) and the frames whose inclusive time differs
the most: where the second costs more than the first.

Usage: bench/profile-diff.py BASE.collapsed OTHER.collapsed [--frames N]
"""
import collections
import re
import sys

LAYERS = [
    ("io/apisec/", "apisec"), ("io/vertx/httpproxy/", "vertx-http-proxy"), ("io/vertx/core/http/", "vertx-http"),
    ("io/vertx/", "vertx-other"), ("io/netty/handler/ssl/", "netty-ssl"), ("io/netty/handler/codec/", "netty-codec"),
    ("io/netty/buffer/", "netty-buffers"), ("io/netty/", "netty-other"), ("com/fasterxml/", "jackson"),
    ("io/micrometer/", "micrometer"), ("com/nimbusds/", "nimbus"), ("java/time/", "java-time"),
    ("sun/security/", "jdk-security"), ("java/", "jdk"), ("jdk/", "jdk"), ("sun/", "jdk"),
]


def layer(frame):
    if frame.endswith("_[k]"):
        return "kernel"
    for prefix, name in LAYERS:
        if frame.startswith(prefix):
            return name
    if frame.startswith(("SSL_", "ssl", "EVP_", "bssl", "aes", "gcm", "CRYPTO_", "sha", "BIO_", "ERR_")):
        return "boringssl"
    return "jvm-and-native"


def load(path):
    match = re.search(r"\.(\d+)-requests\.collapsed$", path)
    if not match:
        sys.exit(f"error: {path}: the request count is not in the name (<label>.<N>-requests.collapsed)")
    requests = int(match.group(1))
    by_layer = collections.Counter()
    inclusive = collections.Counter()
    total = 0
    compiling = 0
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            samples = int(count)
            if "CompileBroker::" in stack:
                compiling += samples
                continue
            total += samples
            frames = stack.split(";")
            by_layer[layer(frames[-1])] += samples
            for frame in set(frames):
                inclusive[frame] += samples
    per_request = 1000.0 / requests  # µs per sample per request, at 1 ms a sample
    print(f"{path}: {requests} requests; JIT compiler left out: {compiling * per_request:.1f} µs per request")
    return (total * per_request, {k: v * per_request for k, v in by_layer.items()},
            {k: v * per_request for k, v in inclusive.items()})


def main():
    args = sys.argv[1:]
    shown = 25
    if "--frames" in args:
        at = args.index("--frames")
        shown = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    base_total, base_layers, base_frames = load(args[0])
    other_total, other_layers, other_frames = load(args[1])
    print(f"CPU µs per request (profile): base {base_total:.1f}, other {other_total:.1f}, "
          f"difference {other_total - base_total:+.1f}")
    print(f"{'layer (leaf frame)':<22}{'base':>8}{'other':>8}{'diff':>8}")
    for name in sorted(set(base_layers) | set(other_layers),
                       key=lambda n: -(other_layers.get(n, 0) - base_layers.get(n, 0))):
        b, o = base_layers.get(name, 0), other_layers.get(name, 0)
        print(f"{name:<22}{b:8.1f}{o:8.1f}{o - b:+8.1f}")
    print(f"frames costing the other more per request (inclusive µs):")
    diffs = sorted(((other_frames.get(f, 0) - base_frames.get(f, 0), f)
                    for f in set(base_frames) | set(other_frames)), reverse=True)
    for diff, frame in diffs[:shown]:
        print(f"{diff:+8.1f}  {other_frames.get(frame, 0):6.1f}  {frame[:110]}")


if __name__ == "__main__":
    main()

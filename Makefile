# Entry points. `make test` is what CI runs; `make fleet` is the quick start.
# Both install what is missing first (scripts/install-deps.sh).
JOBS ?= $(shell nproc)
# Where the machine's Node.js is older than the oracles need, install-deps links a pinned one here.
export PATH := $(CURDIR)/.tools/bin:$(PATH)
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: deps build build-asan test test-unit fleet bench clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DZKS_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# Unit tests under ASan+UBSan first, then every test (unit, oracle, integration) on the release build.
test: build build-asan
	cd $(ASAN_BUILD) && ctest --output-on-failure -L unit -j$(JOBS)
	cd $(BUILD) && ctest --output-on-failure

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit -j$(JOBS)

# The quick start: the whole fleet on a dev broker and a private redis-server, driven by
# zks-loadgen, then a summary (scripts/fleet.sh; FLEET_BATCH=16, FLEET_USERS=..., see its header).
fleet: build
	@FLEET_BUILD_DIR=$(abspath $(BUILD)) scripts/fleet.sh

bench: build
	@bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

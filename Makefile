# metabol - GNU Makefile.
#   make              library (static + shared) and the metabol command
#   make check        every test; the runner ends with "N passed, N failed"
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan
#   make demo         an LCA on the bundled example data
#   make bench        metabol against the Python/SciPy baseline, with ratios
#   make fuzz         build the fuzz harnesses (libFuzzer, needs clang)
#   make install PREFIX=/usr/local

PREFIX ?= /usr/local
CC ?= cc
PYTHON ?= /usr/bin/python3
OPT ?= -O2 -g
WERROR ?= -Werror

ifeq ($(SANITIZE),1)
BUILD ?= build-asan
OPT = -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined
else
BUILD ?= build
SANFLAGS =
endif

PKGS = jansson libzip lapacke openblas sqlite3 libxml-2.0
SS_CFLAGS = -I/usr/include/suitesparse
SS_LIBS = -lklu -lumfpack -lbtf -lamd -lcolamd -lsuitesparseconfig

DEPS_OK := $(shell scripts/install-deps --check >/dev/null 2>&1 && echo yes)
ifneq ($(DEPS_OK),yes)
$(info metabol: installing missing dependencies with scripts/install-deps)
$(shell scripts/install-deps >&2)
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))

CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(WERROR) \
	$(OPT) $(SANFLAGS) -fPIC -fvisibility=hidden -DMB_BUILDING_LIBRARY \
	-Iinclude -Isrc $(SS_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
LIBS = $(SS_LIBS) $(PKG_LIBS) -lm -pthread
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

# Open MPI, when mpicc is there, for `mpirun metabol mc` (cli/mc_mpi.c).
MPI_OK := $(shell command -v mpicc >/dev/null 2>&1 && \
	pkg-config --exists ompi-c && echo yes)
ifeq ($(MPI_OK),yes)
MPI_CFLAGS := -DMETABOL_MPI $(shell pkg-config --cflags ompi-c)
MPI_LIBS := $(shell pkg-config --libs ompi-c)
endif

LIB_SRC := $(sort $(wildcard src/*/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

SOVERSION = 0
VERSION = 0.1.0

.PHONY: all check demo bench fuzz install clean lib
all: $(BUILD)/libmetabol.a $(BUILD)/libmetabol.so $(BUILD)/metabol $(BUILD)/metabol.pc

ifeq ($(V),1)
Q =
else
Q = @
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/cli/mc_mpi.o: CFLAGS_ALL += $(MPI_CFLAGS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)

$(BUILD)/libmetabol.a: $(LIB_OBJ)
	@rm -f $@
	@$(if $(Q),echo "  AR      $@")
	$(Q)ar rcs $@ $^

$(BUILD)/libmetabol.so.$(VERSION): $(LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared -Wl,-soname,libmetabol.so.$(SOVERSION) $(LDFLAGS_ALL) \
		-o $@ $^ $(LIBS)

$(BUILD)/libmetabol.so: $(BUILD)/libmetabol.so.$(VERSION)
	$(Q)ln -sf libmetabol.so.$(VERSION) $(BUILD)/libmetabol.so.$(SOVERSION)
	$(Q)ln -sf libmetabol.so.$(VERSION) $@

# The command and the tests link the static library: no rpath games.
$(BUILD)/metabol: $(CLI_OBJ) $(BUILD)/libmetabol.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libmetabol.a $(LIBS) \
		$(MPI_LIBS)

$(BUILD)/test_runner: $(TEST_OBJ) $(BUILD)/libmetabol.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(TEST_OBJ) $(BUILD)/libmetabol.a $(LIBS)

$(BUILD)/metabol.pc: metabol.pc.in
	@mkdir -p $(BUILD)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@PKGS@|$(PKGS)|' -e 's|@SS_LIBS@|$(SS_LIBS)|' $< > $@

# The API example must build against the public headers alone.
$(BUILD)/lca_example: examples/lca_example.c $(BUILD)/libmetabol.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -std=c11 -Wall -Wextra $(WERROR) $(OPT) $(SANFLAGS) -Iinclude \
		-o $@ $< $(BUILD)/libmetabol.a $(LIBS)

# Each fuzz harness linked with a plain main() that replays its corpus.
FUZZ_NAMES := $(patsubst fuzz/fuzz_%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/replay_%)
$(BUILD)/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/zip_mutator.h $(BUILD)/libmetabol.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(WERROR) \
		$(OPT) $(SANFLAGS) -Iinclude -o $@ $< fuzz/replay.c \
		$(BUILD)/libmetabol.a $(LIBS)

check: $(BUILD)/test_runner $(BUILD)/metabol $(BUILD)/lca_example $(REPLAY_BIN)
	$(BUILD)/test_runner --metabol $(BUILD)/metabol \
		--example $(BUILD)/lca_example --replay-dir $(BUILD)

demo: $(BUILD)/metabol
	@sh examples/demo.sh $(BUILD)/metabol

$(BUILD)/bench_lca: bench/bench_lca.c $(BUILD)/libmetabol.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libmetabol.a $(LIBS)

bench: $(BUILD)/metabol $(BUILD)/bench_lca
	$(PYTHON) bench/run --metabol $(BUILD)/metabol --bench-lca $(BUILD)/bench_lca
	$(PYTHON) bench/run_mc --metabol $(BUILD)/metabol

FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang \
		OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
		build-fuzz/libmetabol.a
	@for f in $(FUZZ_SRC); do \
		n=$$(basename $$f .c); \
		echo "clang $$f -> build-fuzz/$$n"; \
		clang -O1 -g -fsanitize=fuzzer,address,undefined -Iinclude $$f \
			build-fuzz/libmetabol.a $(LIBS) -o build-fuzz/$$n || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include/metabol $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/metabol $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libmetabol.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libmetabol.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libmetabol.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libmetabol.so.$(SOVERSION)
	ln -sf libmetabol.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libmetabol.so
	install -m 644 include/metabol/*.h $(DESTDIR)$(PREFIX)/include/metabol/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@PKGS@|$(PKGS)|' -e 's|@SS_LIBS@|$(SS_LIBS)|' metabol.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/metabol.pc

clean:
	rm -rf build build-asan build-fuzz

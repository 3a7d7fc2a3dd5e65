#!/usr/bin/python3
"""gen_corpus.py - write the seed corpora of the fuzz harnesses.

    /usr/bin/python3 fuzz/gen_corpus.py [fuzz/corpus]

Writes fuzz/corpus/npy/ (NumPy .npy files), fuzz/corpus/datapackage/ and
fuzz/corpus/system/ (Brightway datapackage zips), and fuzz/corpus/jsonld/
(openLCA JSON-LD zips and single entity documents): valid inputs of each
kind the reader accepts, and broken variants of each check it makes. Output
is deterministic (fixed zip timestamps), so re-running it changes nothing.
Reproducers that the fuzzers saved (crash-* files), the inputs kept from
fuzzing runs (fuzzed-*) and the two bw2calc fixtures (copied by hand, see
corpus/*/LICENSE) are not touched. The reproducers that were made by hand,
not found by a fuzzer (crash-oom-member-reused.zip,
crash-oom-overlapping-entries.zip, jsonld/crash-*), are written here.

Format references: numpy/lib/format.py (NPY versions 1.0, 2.0, 3.0);
bw_processing's README (datapackage.json resources: matrix, kind, group,
path, category, identifier); olca-schema v1 and v2 (github.com/GreenDelta/
olca-schema: the yaml type definitions) for JSON-LD.
"""
import bz2
import io
import json
import os
import struct
import sys
import warnings
import zipfile
import zlib

import numpy as np

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "corpus")
MAGIC = b"\x93NUMPY"
IDX4 = [("row", "<i4"), ("col", "<i4")]
IDX8 = [("row", "<i8"), ("col", "<i8")]
UNCERTAINTY = [("uncertainty_type", "u1"), ("loc", "<f4"), ("scale", "<f4"),
               ("shape", "<f4"), ("minimum", "<f4"), ("maximum", "<f4"),
               ("negative", "?")]


def put(folder, name, data):
    path = os.path.join(OUT, folder)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- .npy

def npy_numpy(arr, version=(1, 0)):
    """An array as numpy itself writes it."""
    buf = io.BytesIO()
    np.lib.format.write_array(buf, arr, version=version, allow_pickle=False)
    return buf.getvalue()


def npy_raw(header, data=b"", version=1, pad=True, hlen=None):
    """A hand-made file: any header text, any data, any header length."""
    h = header.encode("latin-1")
    if pad:
        pre = 10 if version == 1 else 12
        h += b" " * ((64 - (pre + len(h) + 1) % 64) % 64) + b"\n"
    n = len(h) if hlen is None else hlen
    if version == 1:
        pre = MAGIC + bytes([1, 0]) + struct.pack("<H", n)
    else:
        pre = MAGIC + bytes([version, 0]) + struct.pack("<I", n)
    return pre + h + data


def npy_corpus():
    d = "npy"
    f8 = np.array([1.0, -0.5, 2.5e-3, 1e300], dtype="<f8")
    put(d, "valid-f8-v1.npy", npy_numpy(f8))
    put(d, "valid-f8-v2.npy", npy_numpy(f8, (2, 0)))
    put(d, "valid-f8-v3.npy", npy_numpy(f8, (3, 0)))
    put(d, "valid-f4.npy", npy_numpy(f8[:3].astype("<f4")))
    put(d, "valid-i4.npy", npy_numpy(np.array([1, -2, 3, 2**31 - 1], "<i4")))
    put(d, "valid-i8.npy", npy_numpy(np.array([1, -2, 2**62], "<i8")))
    put(d, "valid-i2.npy", npy_numpy(np.array([1, -2, 300], "<i2")))
    put(d, "valid-u1.npy", npy_numpy(np.array([0, 255], "u1")))
    put(d, "valid-u8.npy", npy_numpy(np.array([0, 2**64 - 1], "<u8")))
    put(d, "valid-bool.npy", npy_numpy(np.array([True, False, True])))
    put(d, "valid-structured-i4.npy",
        npy_numpy(np.array([(1, 101), (2, 102), (2, 101)], dtype=IDX4)))
    put(d, "valid-structured-i8.npy",
        npy_numpy(np.array([(1, 101), (2, 102)], dtype=IDX8)))
    put(d, "valid-structured-i8-v2.npy",
        npy_numpy(np.array([(1, 101)], dtype=IDX8), (2, 0)))
    put(d, "valid-uncertainty.npy",
        npy_numpy(np.array([(0, 1.0, np.nan, np.nan, np.nan, np.nan, False),
                            (2, 0.5, 0.1, np.nan, 0, 3, True)],
                           dtype=UNCERTAINTY)))
    m = np.arange(6, dtype="<f8").reshape(2, 3)
    put(d, "valid-2d-c.npy", npy_numpy(m))
    put(d, "valid-2d-fortran.npy", npy_numpy(np.asfortranarray(m)))
    put(d, "valid-3d-c.npy", npy_numpy(np.zeros((2, 1, 2), "<i4")))
    put(d, "valid-empty.npy", npy_numpy(np.zeros((0,), "<f8")))
    put(d, "valid-empty-2d.npy", npy_numpy(np.zeros((0, 5), "<f8")))
    put(d, "valid-scalar.npy", npy_numpy(np.array(3.5, "<f8")))
    put(d, "valid-nan-inf.npy",
        npy_numpy(np.array([np.nan, np.inf, -np.inf, -0.0], "<f8")))
    put(d, "valid-float-huge.npy",
        npy_numpy(np.array([1e300, -1e300, np.nan], "<f8")))
    # Header variants numpy's reader accepts: Python 2 long, no trailing comma,
    # double quotes, spaces, keys in another order, '?' and '=' dtypes.
    put(d, "valid-hand-long.npy",
        npy_raw("{'descr': '<i4', 'fortran_order': False, 'shape': (2L,), }",
                struct.pack("<2i", 7, 8)))
    put(d, "valid-hand-order.npy",
        npy_raw('{"shape": (2,), "fortran_order": False, "descr": "=f8"}',
                struct.pack("<2d", 1, 2)))
    put(d, "valid-hand-bool.npy",
        npy_raw("{'descr':'?','fortran_order':False,'shape':(3,)}",
                b"\x00\x01\x02"))
    put(d, "valid-hand-unpadded.npy",
        npy_raw("{'descr': '|u1', 'fortran_order': True, 'shape': (1, 2)}",
                b"\x01\x02", pad=False))
    put(d, "valid-hand-16-fields.npy",
        npy_raw("{'descr': [%s], 'fortran_order': False, 'shape': (1,), }"
                % ", ".join("('f%d', '<i8')" % k for k in range(16)),
                bytes(128)))
    # Malformed: each check of the reader, and some it may lack.
    good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
    two = struct.pack("<2d", 1, 2)
    put(d, "bad-empty.npy", b"")
    put(d, "bad-magic.npy", b"\x93NUMPX\x01\x00\x10\x00" + b" " * 16)
    put(d, "bad-short.npy", MAGIC + b"\x01")
    put(d, "bad-version-4.npy", npy_raw(good, two).replace(
        MAGIC + b"\x01", MAGIC + b"\x04", 1))
    put(d, "bad-v2-short.npy", MAGIC + b"\x02\x00\x10\x00")
    put(d, "bad-header-too-long.npy", npy_raw(good, two, hlen=0xFFFF))
    put(d, "bad-v2-header-huge.npy",
        npy_raw(good, two, version=2, hlen=0xFFFFFFF0))
    put(d, "bad-truncated-data.npy", npy_raw(good, two)[:-3])
    put(d, "bad-big-endian.npy", npy_raw(good.replace("<f8", ">f8"), two))
    put(d, "bad-object.npy", npy_raw(good.replace("<f8", "|O"), two))
    put(d, "bad-unicode.npy", npy_raw(good.replace("<f8", "<U3"), two))
    put(d, "bad-f2.npy", npy_raw(good.replace("<f8", "<f2"), two))
    put(d, "bad-i16.npy", npy_raw(good.replace("<f8", "<i16"), two))
    put(d, "bad-b2.npy", npy_raw(good.replace("<f8", "<b2"), two))
    put(d, "bad-shape-huge.npy",
        npy_raw(good.replace("(2,)", "(4611686018427387904,)"), two))
    put(d, "bad-shape-overflow.npy",
        npy_raw(good.replace("(2,)", "(4294967296, 4294967296, 4)"), two))
    put(d, "bad-shape-toolong.npy",
        npy_raw(good.replace("(2,)", "(99999999999999999999999,)"), two))
    put(d, "bad-shape-negative.npy", npy_raw(good.replace("(2,)", "(-2,)"), two))
    put(d, "bad-shape-9d.npy",
        npy_raw(good.replace("(2,)", "(1,1,1,1,1,1,1,1,2)"), two))
    put(d, "bad-shape-letters.npy", npy_raw(good.replace("(2,)", "(x,)"), two))
    put(d, "bad-fortran-3d.npy",
        npy_raw("{'descr': '<f8', 'fortran_order': True, 'shape': (1,2,1), }",
                two))
    put(d, "bad-fortran-word.npy", npy_raw(good.replace("False", "Nope"), two))
    put(d, "bad-missing-shape.npy",
        npy_raw("{'descr': '<f8', 'fortran_order': False, }", two))
    put(d, "bad-extra-key.npy",
        npy_raw(good.replace("}", "'extra': 1, }"), two))
    put(d, "bad-key-too-long.npy",
        npy_raw("{'%s': 1}" % ("k" * 40), two))
    put(d, "bad-unterminated-string.npy", npy_raw("{'descr': '<f8", b""))
    put(d, "bad-string-too-long.npy",
        npy_raw("{'descr': '%s'}" % ("<" * 80), two))
    put(d, "bad-no-brace.npy", npy_raw("descr", two))
    put(d, "bad-empty-structured.npy",
        npy_raw(good.replace("'<f8'", "[]"), two))
    put(d, "bad-17-fields.npy",
        npy_raw("{'descr': [%s], 'fortran_order': False, 'shape': (1,), }"
                % ", ".join("('f%d', '<i8')" % k for k in range(17)),
                bytes(136)))
    put(d, "bad-subarray-field.npy",
        npy_raw(good.replace("'<f8'", "[('row', '<i4', (2,))]"), two))
    put(d, "bad-field-name-long.npy",
        npy_raw(good.replace("'<f8'", "[('%s', '<i4')]" % ("n" * 40)), two))


# ---------------------------------------------------------- datapackages

def arr_bytes(values, dtype):
    return npy_numpy(np.array(values, dtype=dtype))


def group(matrix, name, rows, cols, vals, flip=None, idx=IDX8,
          identifier=None, data_dtype="<f8", distributions=False):
    """The resources of one matrix group: (metadata, .npy bytes) pairs."""
    base = {"matrix": matrix, "group": name, "category": "vector",
            "format": "npy", "profile": "data-resource"}
    if identifier is not None:
        base["identifier"] = identifier
    out = []

    def res(kind, data):
        meta = dict(base, name="%s.%s" % (name, kind), kind=kind,
                    path="%s.%s.npy" % (name, kind))
        out.append((meta, data))

    res("indices", arr_bytes(list(zip(rows, cols)), idx))
    res("data", arr_bytes(vals, data_dtype))
    if flip is not None:
        res("flip", arr_bytes(flip, "?"))
    if distributions:
        res("distributions", arr_bytes(
            [(2, v, 0.1, np.nan, np.nan, np.nan, v < 0) for v in vals],
            UNCERTAINTY))
    return out


def package(resources, name="fuzz-seed", members=None, descriptor=None,
            compress=zipfile.ZIP_DEFLATED):
    """A zipped datapackage; members may add or replace files."""
    files = {}
    meta = []
    for m, data in resources:
        meta.append(m)
        if data is not None:
            files[m["path"]] = data
    desc = descriptor
    if desc is None:
        desc = json.dumps({"profile": "data-package", "name": name,
                           "licenses": [{"name": "ODC-PDDL-1.0"}],
                           "resources": meta}, indent=1).encode()
    files = dict([("datapackage.json", desc)] + list(files.items()))
    files.update(members or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for fname, data in files.items():
            info = zipfile.ZipInfo(fname, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress
            z.writestr(info, data)
    return buf.getvalue()


def small_system(**kw):
    """Three products/activities, two flows, a method, normalization and
    weighting: every kind of matrix in one package."""
    tech = group("technosphere_matrix", "technosphere",
                 [1, 2, 3, 2, 3], [11, 12, 13, 11, 12],
                 [1.0, 1.0, 2.0, 0.5, 0.25], flip=[0, 0, 0, 1, 1], **kw)
    bio = group("biosphere_matrix", "biosphere", [100, 101, 100],
                [11, 12, 13], [1.0, 2.0, 3.0])
    cf = group("characterization_matrix", "cf", [100, 101, 999], [0, 0, 0],
               [1.0, 10.0, 5.0], identifier=["gwp", "100a"])
    norm = group("normalization_matrix", "norm", [100, 101], [0, 0],
                 [0.5, 0.25], identifier=["n", "1"])
    weight = group("weighting_matrix", "weight", [0], [0], [42.0],
                   identifier=["w", "1"])
    return tech + bio + cf + norm + weight


def chain(n, first=1):
    """Product k made by activity k, which needs 0.5 of product k + 1."""
    rows = list(range(first, first + n)) + list(range(first + 1, first + n))
    cols = list(range(first, first + n)) + list(range(first, first + n - 1))
    vals = [1.0] * n + [-0.5] * (n - 1)
    return rows, cols, vals


def datapackage_corpus():
    d = "datapackage"
    put(d, "valid-small-system.zip", package(small_system()))
    put(d, "valid-stored.zip", package(small_system(),
                                       compress=zipfile.ZIP_STORED))
    put(d, "valid-i4-indices.zip", package(small_system(idx=IDX4)))
    put(d, "valid-distributions.zip",
        package(small_system(distributions=True)))
    put(d, "valid-string-identifier.zip", package(group(
        "characterization_matrix", "cf", [1], [0], [1.0], identifier="m")))
    put(d, "valid-odd-identifier.zip", package(
        group("characterization_matrix", "a", [1], [0], [1.0],
              identifier=["x", 3]) +
        group("characterization_matrix", "b", [1], [0], [1.0],
              identifier=[]) +
        group("characterization_matrix", "c", [1], [0], [1.0],
              identifier={"k": "v"})))
    csv = [({"name": "notes", "path": "notes.csv", "format": "csv"},
            b"a,b\n1,2\n")]
    put(d, "valid-csv-resource.zip", package(small_system() + csv))
    noformat = [({"name": "x", "path": "x.npy"}, arr_bytes([1.0], "<f8")),
                ({"name": "y", "path": "y.bin", "format": 7}, b"\x00")]
    put(d, "valid-format-by-extension.zip", package(noformat))
    put(d, "valid-no-resources.zip", package([]))
    put(d, "valid-subdir-path.zip", package(
        [({"name": "a", "path": "sub/a.npy"}, arr_bytes([1], "<i8"))]))
    full = package(small_system())
    put(d, "bad-truncated-half.zip", full[: len(full) // 2])
    put(d, "bad-truncated-tail.zip", full[:-10])
    put(d, "bad-not-zip.zip", b"PK\x03\x04 this is not a zip archive")
    put(d, "bad-empty-zip.zip",
        b"PK\x05\x06" + b"\x00" * 18)  # an end of central directory only
    put(d, "bad-no-descriptor.zip", package(
        [], members={"other.json": b"{}"}).replace(
            b"datapackage.json", b"datapackage.jsoX"))
    put(d, "bad-json-syntax.zip",
        package([], descriptor=b'{"resources": [ {"path": "a.npy",, } ]'))
    put(d, "bad-json-empty.zip", package([], descriptor=b""))
    put(d, "bad-json-array-root.zip",
        package([], descriptor=b'[{"resources": []}]'))
    put(d, "bad-json-resources-object.zip",
        package([], descriptor=b'{"resources": {"path": "a.npy"}}'))
    put(d, "bad-json-resource-not-object.zip",
        package([], descriptor=b'{"resources": [1, "a.npy", null]}'))
    put(d, "bad-json-nul-escape.zip",
        package([], descriptor=b'{"resources": [{"path": "a\\u0000.npy"}]}'))
    put(d, "bad-json-deep.zip",
        package([], descriptor=b'{"name": ' + b"[" * 3000 + b"]" * 3000 +
                b', "resources": []}'))
    put(d, "bad-missing-path.zip", package(
        [({"name": "a", "kind": "data", "format": "npy"}, None)]))
    put(d, "bad-path-dotdot.zip", package(
        [({"name": "a", "path": "../a.npy"}, None)],
        members={"../a.npy": arr_bytes([1.0], "<f8")}))
    put(d, "bad-path-dotdot-inner.zip", package(
        [({"name": "a", "path": "x/../../a.npy"}, None)]))
    put(d, "bad-path-absolute.zip", package(
        [({"name": "a", "path": "/etc/passwd.npy"}, None)]))
    put(d, "bad-path-empty.zip", package([({"name": "a", "path": ""}, None)]))
    put(d, "bad-missing-member.zip", package(
        [({"name": "a", "path": "absent.npy", "format": "npy"}, None)]))
    put(d, "bad-member-not-npy.zip", package(
        [({"name": "a", "path": "a.npy"}, b"not an array at all")]))
    put(d, "bad-member-truncated-npy.zip", package(
        [({"name": "a", "path": "a.npy"}, arr_bytes([1.0, 2.0], "<f8")[:-4])]))
    put(d, "bad-member-big-endian.zip", package(
        [({"name": "a", "path": "a.npy"}, arr_bytes([1.0], ">f8"))]))
    # Sizes in the headers that lie: far beyond any deflate ratio, and within
    # the reader's cap but larger than the data.
    put(d, "bad-claimed-size-huge.zip",
        patch_size(package(small_system(), compress=zipfile.ZIP_STORED),
                   "technosphere.data.npy", 0xFFFFFFF0))
    put(d, "bad-claimed-size-lie.zip",
        patch_size(package(small_system(), compress=zipfile.ZIP_STORED),
                   "technosphere.data.npy", 200000))
    put(d, "bad-claimed-size-small.zip",
        patch_size(package(small_system()), "biosphere.indices.npy", 10))
    put(d, "bad-crc.zip", flip_byte(package(small_system(),
                                            compress=zipfile.ZIP_STORED),
                                    b"\x93NUMPY", 60))


def patch_size(zbytes, member, size):
    """Set the uncompressed size of a member in its local header and in the
    central directory."""
    b = bytearray(zbytes)
    name = member.encode()
    pos = 0
    while True:
        pos = b.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", b, pos + 26)[0]
        if bytes(b[pos + 30:pos + 30 + n]) == name:
            struct.pack_into("<I", b, pos + 22, size)
        pos += 4
    pos = 0
    while True:
        pos = b.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", b, pos + 28)[0]
        if bytes(b[pos + 46:pos + 46 + n]) == name:
            struct.pack_into("<I", b, pos + 24, size)
        pos += 4
    return bytes(b)


def flip_byte(zbytes, marker, offset):
    b = bytearray(zbytes)
    pos = b.find(marker)
    b[pos + offset] ^= 0x01
    return bytes(b)


def system_corpus():
    d = "system"
    T, B, C = ("technosphere_matrix", "biosphere_matrix",
               "characterization_matrix")
    put(d, "valid-small-system.zip", package(small_system()))
    put(d, "valid-small-system-i4.zip", package(small_system(idx=IDX4)))
    r, c, v = chain(70)  # above the dense solver's limit: KLU under AUTO
    put(d, "valid-chain-70.zip", package(
        group(T, "technosphere", r, c, v, idx=IDX4) +
        group(B, "biosphere", [1] * 70, c[:70], [1.0] * 70, idx=IDX4) +
        group(C, "cf", [1], [0], [2.0], identifier=["m"])))
    # Supply chains (paths.h): a loop, and a waste treatment with a
    # negative reference that only a transversal pairs with its product.
    put(d, "valid-paths-loop.zip", package(
        group(T, "technosphere", [1, 2, 2, 1, 3, 3, 1, 4, 1],
              [1, 1, 2, 2, 2, 3, 3, 4, 4],
              [1, -0.5, 1, -0.3, -0.2, 1, -0.1, 2, -1]) +
        group(B, "biosphere", [10, 10, 10, 10], [1, 2, 3, 4],
              [1.0, 2.0, 3.0, -5.0]) +
        group(C, "cf", [10], [0], [1.0], identifier=["loop", "cf"])))
    put(d, "valid-paths-waste.zip", package(
        group(T, "technosphere", [1, 2, 2], [11, 11, 12], [1.0, 0.5, -1.0]) +
        group(B, "biosphere", [10, 10], [11, 12], [1.0, 2.0]) +
        group(C, "cf", [10], [0], [1.0], identifier=["waste", "cf"])))
    put(d, "valid-tech-only.zip", package(
        group(T, "technosphere", [1, 2], [1, 2], [1.0, 1.0])))
    put(d, "valid-duplicates.zip", package(
        group(T, "technosphere", [1, 1, 2, 2], [1, 1, 2, 1],
              [0.5, 0.5, 1.0, -0.1]) +
        group(B, "biosphere", [7, 7], [1, 1], [1.0, 2.0])))
    put(d, "valid-self-loop.zip", package(
        group(T, "technosphere", [1, 1, 2], [1, 1, 2], [1.0, 0.1, 1.0],
              flip=[False, True, False])))
    put(d, "valid-two-tech-groups.zip", package(
        group(T, "t1", [1], [1], [1.0]) + group(T, "t2", [2, 1], [2, 2],
                                                 [1.0, -3.0])))
    put(d, "valid-negative-ids.zip", package(
        group(T, "technosphere", [-(2**63), 2**63 - 1],
              [2**63 - 1, -(2**63)], [1.0, 1.0])))
    put(d, "valid-uint-indices.zip", package(
        group(T, "technosphere", [2**64 - 1, 0], [0, 2**64 - 1], [1.0, 1.0],
              idx=[("row", "<u8"), ("col", "<u8")])))
    # Indices with a third field, row and col out of order; 2-D data.
    put(d, "valid-extra-index-field.zip", package(
        [({"name": "i", "matrix": T, "kind": "indices", "group": "g",
           "path": "i.npy"},
          arr_bytes([(7, 1, 9)], [("x", "u1"), ("col", "<i8"),
                                  ("row", "<i4")])),
         ({"name": "d", "matrix": T, "kind": "data", "group": "g",
           "path": "d.npy"}, arr_bytes([[2.0]], "<f8"))]))
    put(d, "valid-int-data-bool-flip.zip", package(
        group(T, "technosphere", [1, 2, 2], [1, 2, 1], [3, 1, 1],
              flip=[0, 0, 1], data_dtype="<i2")))
    put(d, "valid-empty-technosphere.zip", package(
        group(T, "technosphere", [], [], [])))
    put(d, "valid-ill-conditioned.zip", package(
        group(T, "technosphere", [1, 2, 1, 2], [1, 2, 2, 1],
              [1.0, 1.0, 1.0, 1.0 - 1e-15])))
    put(d, "valid-overflow-sum.zip", package(
        group(T, "technosphere", [1, 1, 2], [1, 1, 2], [1e308, 1e308, 1.0])))
    put(d, "valid-overflow-solve.zip", package(
        group(T, "technosphere", [1, 2, 2], [1, 2, 1], [1e-300, 1.0, 1e300]) +
        group(B, "biosphere", [5, 5], [1, 2], [1e300, -1e300])))
    put(d, "singular-zero-column.zip", package(
        group(T, "technosphere", [1, 2, 1], [1, 2, 2], [1.0, 0.0, -1.0])))
    put(d, "singular-structural.zip", package(
        group(T, "technosphere", [1, 2, 1], [1, 1, 2], [1.0, 1.0, 1.0])))
    put(d, "singular-loop.zip", package(
        group(T, "technosphere", [1, 2, 1, 2, 3], [1, 2, 2, 1, 3],
              [1.0, 1.0, -1.0, -1.0, 1.0])))
    # A subnormal pivot: OpenBLAS's dgetrf scales the column by its
    # reciprocal (inf), 0 * inf puts NaN in L, and the zero pivot of the
    # second column is then NaN, not 0: the dense path misses the singularity.
    put(d, "singular-subnormal-pivot.zip", package(
        group(T, "technosphere", [1, 2], [1, 2], [1e-310, 0.0])))
    r, c, v = chain(70)
    put(d, "singular-loop-70.zip", package(
        group(T, "technosphere", r + [70], c + [1], v + [-1.0], idx=IDX4)))
    put(d, "not-square.zip", package(
        group(T, "technosphere", [1, 2], [1, 1], [1.0, -1.0])))
    put(d, "bad-nan-data.zip", package(
        group(T, "technosphere", [1, 2], [1, 2], [1.0, float("nan")])))
    put(d, "bad-inf-biosphere.zip", package(
        group(T, "technosphere", [1], [1], [1.0]) +
        group(B, "biosphere", [1], [1], [float("inf")])))
    put(d, "bad-nan-cf.zip", package(
        small_system()[:8] +
        group(C, "cf", [100], [0], [float("nan")])))
    put(d, "bad-data-length.zip", package(
        group(T, "technosphere", [1, 2, 2], [1, 2, 1], [1.0, 1.0])))
    put(d, "bad-flip-length.zip", package(
        group(T, "technosphere", [1, 2], [1, 2], [1.0, 1.0], flip=[1])))
    put(d, "bad-no-data.zip", package(
        group(T, "technosphere", [1], [1], [1.0])[:1]))
    put(d, "bad-no-group.zip", package(
        [({"name": "i", "matrix": T, "kind": "indices", "path": "i.npy"},
          arr_bytes([(1, 1)], IDX8))]))
    put(d, "bad-category-array.zip", package(
        [(dict(m, category="array"), b) for m, b in
         group(T, "technosphere", [1], [1], [1.0])]))
    put(d, "bad-indices-no-col.zip", package(
        [({"name": "i", "matrix": T, "kind": "indices", "group": "g",
           "path": "i.npy"}, arr_bytes([(1, 1)], [("row", "<i8"),
                                                  ("column", "<i8")])),
         ({"name": "d", "matrix": T, "kind": "data", "group": "g",
           "path": "d.npy"}, arr_bytes([1.0], "<f8"))]))
    put(d, "bad-indices-2d.zip", package(
        [({"name": "i", "matrix": T, "kind": "indices", "group": "g",
           "path": "i.npy"}, arr_bytes([[(1, 1)]], IDX8)),
         ({"name": "d", "matrix": T, "kind": "data", "group": "g",
           "path": "d.npy"}, arr_bytes([1.0], "<f8"))]))
    put(d, "bad-indices-not-npy.zip", package(
        [({"name": "i", "matrix": T, "kind": "indices", "group": "g",
           "path": "i.csv"}, b"1,1\n"),
         ({"name": "d", "matrix": T, "kind": "data", "group": "g",
           "path": "d.npy"}, arr_bytes([1.0], "<f8"))]))
    put(d, "bad-data-structured.zip", package(
        group(T, "technosphere", [1], [1], [(1.0, 2.0)],
              data_dtype=[("a", "<f8"), ("b", "<f8")])))
    put(d, "bad-flip-structured.zip", package(
        [(m, b) for m, b in group(T, "technosphere", [1], [1], [1.0])] +
        [({"name": "f", "matrix": T, "kind": "flip", "group": "technosphere",
           "path": "f.npy"}, arr_bytes([(1, 1)], IDX8))]))
    put(d, "bad-biosphere-unknown-activity.zip", package(
        group(T, "technosphere", [1], [1], [1.0]) +
        group(B, "biosphere", [5], [2], [1.0])))
    put(d, "valid-denormal.zip", package(
        group(T, "technosphere", [1, 2], [1, 2], [1e-320, 1e-320])))
    put(d, "weighting-without-method.zip", package(
        group(T, "technosphere", [1], [1], [1.0]) +
        group("weighting_matrix", "w", [0, 0], [0, 0], [1.0, 2.0]) +
        group("normalization_matrix", "n", [3], [0], [1.0])))


def crafted_reproducers():
    """One .npy member of 16 MiB of zeros deflates to 16 KB, within the
    reader's per-member cap (1100 times the archive size). Named by 160
    resources, it is inflated and kept 160 times: 2.6 GB from 17 KB, over
    libFuzzer's 2048 MB limit."""
    n = 16 << 20
    data = npy_raw("{'descr': '|u1', 'fortran_order': False, "
                   "'shape': (%d,), }" % n) + bytes(n)
    res = [({"name": "r%d" % k, "path": "z.npy"}, None) for k in range(160)]
    z = package(res, name="amplify", members={"z.npy": data})
    put("datapackage", "crash-oom-member-reused.zip", z)
    put("datapackage", "crash-oom-overlapping-entries.zip",
        overlapping_entries(210))


def overlapping_entries(count):
    """A zip whose `count` central-directory entries, all named differently,
    point at one local entry: a bzip2 stream of a .npy of zeros as large as
    the reader's per-member cap allows. Distinct paths, so refusing a path
    named twice does not help; bzip2, so the 1100:1 cap is not a deflate
    bound. 11 KB in, 2.4 GB kept."""
    def npy_zeros(n):
        h = b"{'descr':'|u1','fortran_order':False,'shape':(%d,)}" % n
        return MAGIC + b"\x01\x00" + struct.pack("<H", len(h)) + h + bytes(n)

    def local(name, raw, comp, method):
        crc = zlib.crc32(raw) & 0xFFFFFFFF
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 46, 0, method, 0,
                           0x21, crc, len(comp), len(raw), len(name), 0)
        return head + name, crc

    def central(name, raw, comp, crc, offset, method):
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 46, 46, 0,
                           method, 0, 0x21, crc, len(comp), len(raw),
                           len(name), 0, 0, 0, 0, 0, offset) + name

    def build(n):
        names = [b"%02x" % k for k in range(count)]
        desc = json.dumps({"resources": [{"path": x.decode(), "format": "npy"}
                                         for x in names]},
                          separators=(",", ":")).encode()
        dz = zlib.compressobj(9, zlib.DEFLATED, -15)
        dc = dz.compress(desc) + dz.flush()
        data = npy_zeros(n)
        zc = bz2.compress(data, 9)
        out, cd = bytearray(), bytearray()
        head, crc = local(b"datapackage.json", desc, dc, 8)
        cd += central(b"datapackage.json", desc, dc, crc, 0, 8)
        out += head + dc
        offset = len(out)
        head, crc = local(names[0], data, zc, 12)
        out += head + zc
        for x in names:
            cd += central(x, data, zc, crc, offset, 12)
        start = len(out)
        out += cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1,
                                count + 1, len(cd), start, 0)
        return bytes(out)

    size = len(build(1000))
    return build(size * 1100 + 65536 - 8192)  # just under the cap


# ------------------------------------------------------------- JSON-LD

def jdump(obj):
    """One entity as openLCA writes it (compact, keys in insertion order)."""
    return json.dumps(obj, separators=(",", ":")).encode()


def jzip(files, compress=zipfile.ZIP_DEFLATED, extra=None):
    """A JSON-LD zip: files maps member paths to entities (dicts, dumped)
    or to raw bytes; extra is a list of (path, bytes) added as they are
    (duplicate names included)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        items = list(files.items()) + list(extra or [])
        for name, data in items:
            if isinstance(data, (dict, list)):
                data = jdump(data)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress
            z.writestr(info, data)
    return buf.getvalue()


def ref(eid, **kw):
    return dict({"@id": eid}, **kw)


FOLDER = {"UnitGroup": "unit_groups", "FlowProperty": "flow_properties",
          "Flow": "flows", "Location": "locations", "Parameter": "parameters",
          "Process": "processes", "ImpactCategory": "lcia_categories",
          "ImpactMethod": "lcia_methods", "Category": "categories",
          "Actor": "actors", "Source": "sources", "FlowMap": "flow_mappings"}


def files_of(entities):
    """Entities at their standard paths: <folder>/<@id>.json."""
    return {"%s/%s.json" % (FOLDER[e["@type"]], e.get("@id", "no-id-%d" % k)):
            e for k, e in enumerate(entities)}


def ol_unit_group(eid, name, units, v1=False):
    ref_key = "referenceUnit" if v1 else "isRefUnit"
    out = []
    for k, (uid, uname, factor) in enumerate(units):
        u = {"@type": "Unit", "@id": uid, "name": uname,
             "conversionFactor": factor}
        if k == 0:
            u[ref_key] = True
        out.append(u)
    return {"@type": "UnitGroup", "@id": eid, "name": name, "units": out}


def ol_property(eid, name, group):
    return {"@type": "FlowProperty", "@id": eid, "name": name,
            "unitGroup": ref(group)}


def ol_flow(eid, name, ftype, props, category=None, v1=False,
            location=None):
    """props: (property id, factor) pairs, the first the reference."""
    ref_key = "referenceFlowProperty" if v1 else "isRefFlowProperty"
    f = {"@type": "Flow", "@id": eid, "name": name, "flowType": ftype}
    if category is not None:
        f["category"] = category
    if location:
        f["location"] = ref(location)
    fps = []
    for k, (pid, factor) in enumerate(props):
        fp = {"flowProperty": ref(pid), "conversionFactor": factor}
        if k == 0:
            fp[ref_key] = True
        fps.append(fp)
    f["flowProperties"] = fps
    return f


def ol_exchange(flow, amount, is_input=False, v1=False, reference=False,
                avoided=False, **kw):
    names = (("input", "quantitativeReference", "avoidedProduct") if v1 else
             ("isInput", "isQuantitativeReference", "isAvoidedProduct"))
    e = {"@type": "Exchange", "flow": ref(flow), "amount": amount,
         names[0]: is_input}
    if reference:
        e[names[1]] = True
    if avoided:
        e[names[2]] = True
    for key, value in kw.items():
        if key in ("unit", "flowProperty", "defaultProvider", "location"):
            value = ref(value)
        e[key] = value
    return e


def ol_process(eid, exchanges, **kw):
    p = {"@type": "Process", "@id": eid, "name": kw.pop("name", eid),
         "processType": "UNIT_PROCESS"}
    if "location" in kw:
        p["location"] = ref(kw.pop("location"))
    p.update(kw)
    p["exchanges"] = exchanges
    return p


def ol_param(name, value=None, formula=None, v1=False, **kw):
    key = "inputParameter" if v1 else "isInputParameter"
    p = {"@type": "Parameter", "name": name, key: formula is None}
    if value is not None:
        p["value"] = value
    if formula is not None:
        p["formula"] = formula
    p.update(kw)
    return p


def ol_alloc(atype, product, value, **kw):
    a = {"@type": "AllocationFactor", "allocationType": atype,
         "product": ref(product), "value": value}
    a.update(kw)
    return a


def reference_data(v1=False):
    """Mass (kg; g, t), energy (MJ; kWh), items; flows fuel (kg, 40 MJ per
    kg), steel (kg), heat (MJ), scrap (waste, kg), co2 and ch4 (air)."""
    ug = [ol_unit_group("ug-mass", "Units of mass",
                        [("u-kg", "kg", 1.0), ("u-g", "g", 0.001),
                         ("u-t", "t", 1000.0)], v1),
          ol_unit_group("ug-energy", "Units of energy",
                        [("u-mj", "MJ", 1.0), ("u-kwh", "kWh", 3.6)], v1),
          ol_unit_group("ug-items", "Units of items",
                        [("u-item", "Item(s)", 1.0), ("u-dozen", "Dozen(s)",
                                                      12.0)], v1)]
    fp = [ol_property("fp-mass", "Mass", "ug-mass"),
          ol_property("fp-energy", "Energy", "ug-energy"),
          ol_property("fp-items", "Number of items", "ug-items")]
    air = (ref("cat-air", **{"@type": "Category", "name": "unspecified"})
           if v1 else "Elementary flows/air/unspecified")
    fl = [ol_flow("f-fuel", "fuel", "PRODUCT_FLOW",
                  [("fp-mass", 1.0), ("fp-energy", 40.0)], v1=v1),
          ol_flow("f-steel", "steel", "PRODUCT_FLOW", [("fp-mass", 1.0)],
                  v1=v1),
          ol_flow("f-heat", "heat", "PRODUCT_FLOW", [("fp-energy", 1.0)],
                  v1=v1),
          ol_flow("f-scrap", "scrap", "WASTE_FLOW", [("fp-mass", 1.0)],
                  v1=v1),
          ol_flow("f-co2", "carbon dioxide", "ELEMENTARY_FLOW",
                  [("fp-mass", 1.0)], category=air, v1=v1),
          ol_flow("f-ch4", "methane", "ELEMENTARY_FLOW", [("fp-mass", 1.0)],
                  category=air, v1=v1)]
    return ug + fp + fl


def v1_categories():
    """Elementary flows > air > unspecified, as v1 category entities."""
    def cat(eid, name, parent=None):
        c = {"@type": "Category", "@id": eid, "name": name,
             "modelType": "FLOW"}
        if parent:
            c["category"] = ref(parent, **{"@type": "Category"})
        return c
    return [cat("cat-elem", "Elementary flows"),
            cat("cat-air-top", "air", "cat-elem"),
            cat("cat-air", "unspecified", "cat-air-top")]


def lcia(v1=False):
    """A method with two categories: GWP (by id, in g, with a regionalized
    factor and uncertainty) and a category matched by name only."""
    unit_key = "referenceUnitName" if v1 else "refUnit"
    gwp = {"@type": "ImpactCategory", "@id": "c-gwp", "name": "GWP",
           unit_key: "kg CO2 eq", "impactFactors": [
               {"@type": "ImpactFactor", "flow": ref("f-ch4"),
                "unit": ref("u-g", name="g"), "flowProperty": ref("fp-mass"),
                "value": 0.028,
                "uncertainty": {"distributionType": "TRIANGLE_DISTRIBUTION",
                                "minimum": 0.02, "mode": 0.028,
                                "maximum": 0.04}},
               {"flow": ref("f-co2"), "unit": ref("u-kg"), "value": 1.0},
               {"flow": ref("f-co2"), "location": ref("loc-de"),
                "value": 1.5},
               {"flow": ref("x-unknown", name="Dinitrogen monoxide"),
                "value": 265.0}]}
    named = {"@type": "ImpactCategory", "@id": "c-named", "name": "Named",
             unit_key: "kg CH4 eq", "impactFactors": [
                 {"flow": ref("x-ch4", name="Methane",
                              category="air/unspecified"),
                  "unit": {"name": "g"}, "value": 1.0,
                  "formula": "1 * 1"}]}
    method = {"@type": "ImpactMethod", "@id": "m-test", "name": "Test",
              "impactCategories": [ref("c-gwp"), ref("c-named")]}
    return [gwp, named, method]


def chp(method="PHYSICAL_ALLOCATION", v1=False, pid="chp", causal=True):
    """10 MJ heat and 2 kg fuel from 4 kg steel; 100 kg CO2; physical,
    economic and causal factors (see tests/test_inventory.c)."""
    ex = [ol_exchange("f-heat", 10, reference=True, v1=v1, internalId=1),
          ol_exchange("f-fuel", 2, v1=v1, internalId=2),
          ol_exchange("f-steel", 4, True, v1=v1, internalId=3),
          ol_exchange("f-co2", 100, v1=v1, internalId=4)]
    af = [ol_alloc("PHYSICAL_ALLOCATION", "f-heat", 0.6),
          ol_alloc("PHYSICAL_ALLOCATION", "f-fuel", 0.4),
          ol_alloc("ECONOMIC_ALLOCATION", "f-heat", 0.9),
          ol_alloc("ECONOMIC_ALLOCATION", "f-fuel", 0.1, formula="1 - 0.9")]
    if causal:
        af += [ol_alloc("CAUSAL_ALLOCATION", "f-heat", 0.25,
                        exchange={"@type": "ExchangeRef", "internalId": 4}),
               ol_alloc("CAUSAL_ALLOCATION", "f-fuel", 0.75,
                        exchange={"internalId": 4}),
               ol_alloc("CAUSAL_ALLOCATION", "f-fuel", 1.0,
                        exchange={"flow": ref("f-steel")})]
    return ol_process(pid, ex, defaultAllocationMethod=method,
                      allocationFactors=af)


def basic_processes(v1=False):
    """mill (steel), refinery (fuel, with a formula), chp, burner (heat from
    fuel in three units), tiny (steel too, from nothing), scrap treatment,
    a location and a global parameter."""
    return [
        {"@type": "Location", "@id": "loc-de", "name": "Germany",
         "code": "DE"},
        ol_process("mill", [
            ol_exchange("f-steel", 1, reference=True, v1=v1),
            ol_exchange("f-fuel", 2, True, v1=v1, defaultProvider="refinery"),
            ol_exchange("f-scrap", 0.1, v1=v1),
            ol_exchange("f-ch4", 0.5, v1=v1, unit="u-g")],
            location="loc-de"),
        ol_process("refinery", [
            ol_exchange("f-fuel", 1, reference=True, v1=v1),
            ol_exchange("f-heat", 3, True, v1=v1, unit="u-kwh"),
            ol_exchange("f-co2", 0, v1=v1, amountFormula="2 * scale")],
            parameters=[ol_param("local", 2.0, v1=v1)]),
        chp(v1=v1),
        ol_process("burner", [
            ol_exchange("f-heat", 1000, reference=True, v1=v1),
            ol_exchange("f-fuel", 500, True, v1=v1, unit="u-g"),
            ol_exchange("f-fuel", 20, True, v1=v1, unit="u-mj",
                        flowProperty="fp-energy"),
            ol_exchange("f-fuel", 0.001, True, v1=v1, unit="u-t"),
            ol_exchange("f-co2", 55, v1=v1)]),
        ol_process("tiny", [
            ol_exchange("f-steel", 2, reference=True, v1=v1, unit="u-kg"),
            ol_exchange("f-co2", 300, v1=v1, unit="u-g")]),
        ol_process("scrap-treatment", [
            ol_exchange("f-scrap", 1, True, reference=True, v1=v1),
            ol_exchange("f-co2", 0.2, v1=v1)]),
        {"@type": "Parameter", "@id": "p-scale", "name": "scale",
         "value": 2.0, ("inputParameter" if v1 else "isInputParameter"): True},
    ]


def with_process(entities, pid, **changes):
    """A copy of entities with process pid changed (None removes a key)."""
    out = []
    for e in entities:
        if e.get("@id") == pid:
            e = dict(e)
            for k, v in changes.items():
                if v is None:
                    e.pop(k, None)
                else:
                    e[k] = v
        out.append(e)
    return out


def refs_in(obj, top=True):
    """The @ids an entity refers to (its own @id is not one)."""
    out = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "@id" and not top and isinstance(v, str):
                out.add(v)
            else:
                out |= refs_in(v, False)
    elif isinstance(obj, list):
        for v in obj:
            out |= refs_in(v, False)
    return out


def closure(entities, roots):
    """The roots and what they refer to, transitively, in entity order:
    a small data set for a seed about one entity."""
    by_id = {e.get("@id"): e for e in entities}
    keep = [id(e) for e in roots]
    todo = list(roots)
    while todo:
        for r in refs_in(todo.pop()):
            e = by_id.get(r)
            if e is not None and id(e) not in keep:
                keep.append(id(e))
                todo.append(e)
    return [e for e in entities if id(e) in keep]


def ol_flow_map(rows):
    """A FlowMap (olca-schema 2, as metabol's writer puts it in
    flow_mappings/): rows of (source flow, target flow, factor, source
    unit, target unit), units by name or None."""
    def side(flow, unit):
        out = {"@type": "FlowMapRef", "flow": ref(flow, **{"@type": "Flow"})}
        if unit:
            out["unit"] = {"@type": "Unit", "name": unit}
        return out
    return {"@type": "FlowMap", "@id": "map", "name": "map", "mappings": [
        {"@type": "FlowMapEntry", "from": side(src, su), "to": side(dst, du),
         "conversionFactor": k} for src, dst, k, su, du in rows]}


def trimmed(entities, base=None,
            also=("tiny", "p-scale", "ug-energy", "fp-energy")):
    """A variant of a data set cut down to what matters: the entities not in
    base (all, without base), processes, parameters and LCIA entities when
    there is no base, the entities named in `also`, and what they need."""
    kinds = ("Process", "Parameter", "ImpactMethod", "ImpactCategory")
    if base is None:
        roots = [e for e in entities if e["@type"] in kinds]
    else:
        roots = [e for e in entities if e not in base]
    roots += [e for e in entities if e.get("@id") in also and e not in roots]
    return closure(entities, roots)


def jsonld_corpus():
    d = "jsonld"
    v2 = reference_data() + basic_processes() + lcia()
    v1 = (reference_data(True) + v1_categories() + basic_processes(True) +
          lcia(True))
    small = trimmed(v2, v2)  # "tiny", what it needs, the global parameter
    small1 = trimmed(v1, v1)

    def zput(name, entities, base=None, **kw):
        """A data set, trimmed unless it is a full one (base False)."""
        if base is not False:
            entities = trimmed(entities, base)
        put(d, name, jzip(files_of(entities), **kw))

    def eput(name, entity):
        put(d, name, entity if isinstance(entity, bytes) else jdump(entity))

    # ---- valid data sets
    zput("valid-v2.zip", v2, base=False)
    zput("valid-v1.zip", v1, base=False)
    zput("valid-v2-stored.zip", small, base=False,
         compress=zipfile.ZIP_STORED)
    for m in ("PHYSICAL_ALLOCATION", "ECONOMIC_ALLOCATION",
              "CAUSAL_ALLOCATION", "NO_ALLOCATION", "USE_DEFAULT_ALLOCATION"):
        zput("valid-chp-%s.zip" % m.split("_")[0].lower(),
             reference_data() + [chp(m)] + [
                 ol_process("steel-mill", [ol_exchange("f-steel", 1,
                                                       reference=True)]),
                 ol_process("refinery", [
                     ol_exchange("f-fuel", 1, reference=True),
                     ol_exchange("f-co2", 3)])])
    # Causal factors for the CO2 only: the steel input, with neither a
    # causal nor a physical factor, is shared equally.
    zput("valid-chp-causal-partial.zip", reference_data() + [
        with_process([chp("CAUSAL_ALLOCATION")], "chp", allocationFactors=[
            ol_alloc("CAUSAL_ALLOCATION", "f-heat", 0.25,
                     exchange={"internalId": 4}),
            ol_alloc("CAUSAL_ALLOCATION", "f-fuel", 0.75,
                     exchange={"internalId": 4})])[0],
        ol_process("steel-mill", [ol_exchange("f-steel", 1, reference=True)])])
    zput("valid-avoided-product.zip", reference_data() + [
        ol_process("recycling", [
            ol_exchange("f-heat", 1, reference=True),
            ol_exchange("f-steel", 0.5, avoided=True)]),
        ol_process("mill", [ol_exchange("f-steel", 1, reference=True),
                            ol_exchange("f-co2", 2)])])
    zput("valid-linking-locations.zip", reference_data() + [
        {"@type": "Location", "@id": "loc-de", "name": "Germany",
         "code": "DE"},
        {"@type": "Location", "@id": "loc-fr", "name": "France",
         "code": "FR"},
        ol_process("ref-a", [ol_exchange("f-fuel", 1, reference=True)],
                   location="loc-fr"),
        ol_process("ref-b", [ol_exchange("f-fuel", 1, reference=True)],
                   location="loc-de"),
        ol_process("mill", [
            ol_exchange("f-steel", 1, reference=True),
            ol_exchange("f-fuel", 2, True),
            ol_exchange("f-fuel", 1, True, location="loc-fr"),
            ol_exchange("f-fuel", 1, True, defaultProvider="ref-a"),
            ol_exchange("f-fuel", 1, True, defaultProvider="nowhere"),
            ol_exchange("f-heat", 7, True)], location="loc-de")])
    zput("valid-parameters.zip", reference_data() + [
        {"@type": "Parameter", "@id": "g-scale", "name": "scale",
         "value": 2, "isInputParameter": True,
         "uncertainty": {"distributionType": "NORMAL_DISTRIBUTION",
                         "mean": 2, "sd": 0.1}},
        {"@type": "Parameter", "@id": "g-twice", "name": "twice",
         "formula": "scale * 2", "isInputParameter": False,
         "parameterScope": "GLOBAL_SCOPE"},
        ol_process("mill", [
            ol_exchange("f-steel", 1, reference=True),
            ol_exchange("f-fuel", 1, True, amountFormula="b * 10"),
            ol_exchange("f-co2", 0, amountFormula="if(scale > 1; 5; 9)"),
            ol_exchange("f-ch4", 0, amountFormula="max(a; twice) / 1000",
                        uncertainty={
                            "distributionType": "LOG_NORMAL_DISTRIBUTION",
                            "geomMean": 1, "geomSd": 1.1})],
            parameters=[
                ol_param("a", 3, uncertainty={
                    "distributionType": "UNIFORM_DISTRIBUTION",
                    "minimum": 2, "maximum": 4}),
                ol_param("b", 0, "a * scale + 1"),
                ol_param("Scale", 7)]),
        ol_process("refinery", [ol_exchange("f-fuel", 1, reference=True)])])
    # The parametric model (param_model.h): uncertain global and process
    # parameters, a computed one across scopes, allocation factor formulas
    # of them, a formula amount in g and a plain amount with its own
    # distribution whose share varies.
    zput("valid-parameters-allocated.zip", reference_data() + [
        {"@type": "Parameter", "@id": "g-yield", "name": "yield",
         "value": 2, "isInputParameter": True,
         "uncertainty": {"distributionType": "NORMAL_DISTRIBUTION",
                         "mean": 2, "sd": 0.1}},
        ol_process("mill", [
            ol_exchange("f-steel", 1, reference=True),
            ol_exchange("f-heat", 4),
            ol_exchange("f-fuel", 1, True, amountFormula="c * 500",
                        unit="u-g"),
            ol_exchange("f-co2", 2, uncertainty={
                "distributionType": "NORMAL_DISTRIBUTION",
                "mean": 2, "sd": 0.2}),
            ol_exchange("f-ch4", 0, amountFormula="(yield - 2) * 7")],
            parameters=[
                ol_param("c", 0, "a / 3"),
                ol_param("a", 0, "yield * 10 + share"),
                ol_param("share", 0.3, uncertainty={
                    "distributionType": "TRIANGLE_DISTRIBUTION",
                    "minimum": 0.2, "mode": 0.3, "maximum": 0.4})],
            allocationFactors=[
                ol_alloc("PHYSICAL_ALLOCATION", "f-steel", 0.7,
                         formula="1 - share"),
                ol_alloc("PHYSICAL_ALLOCATION", "f-heat", 0.3,
                         formula="share")],
            defaultAllocationMethod="PHYSICAL_ALLOCATION"),
        ol_process("refinery", [ol_exchange("f-fuel", 1, reference=True)])])
    # 35 processes making heat and fuel, each split in two: 70 activities,
    # above the dense solver's limit (KLU under auto). Each needs heat of
    # the next one, linked by its default provider; the products are
    # shared, so the archive keeps under the mutator's 64 members.
    chain_ps = []
    for k in range(35):
        ex = [ol_exchange("f-heat", 1, reference=True, internalId=1),
              ol_exchange("f-fuel", 0.5, internalId=2),
              ol_exchange("f-co2", 0.1 * (k + 1), internalId=3)]
        if k < 34:
            ex.append(ol_exchange("f-heat", 0.5, True, internalId=4,
                                  defaultProvider="c%02d" % (k + 1)))
        chain_ps.append(ol_process("c%02d" % k, ex, allocationFactors=[
            ol_alloc("PHYSICAL_ALLOCATION", "f-heat", 0.7),
            ol_alloc("PHYSICAL_ALLOCATION", "f-fuel", 0.3)],
            defaultAllocationMethod="PHYSICAL_ALLOCATION"))
    zput("valid-split-chain-70.zip", reference_data() + chain_ps)
    by_folder = {}
    bp = basic_processes()
    for e in closure(reference_data() + bp, bp[1:3]):
        e = dict(e)
        folder = FOLDER[e.pop("@type")]
        by_folder["%s/%s.json" % (folder, e["@id"])] = e
    by_folder["parameters/p-scale.json"] = {"name": "scale", "value": 2,
                                            "isInputParameter": True,
                                            "@id": "p-scale"}
    by_folder["actors/a.json"] = {"@type": "Actor", "@id": "a"}
    by_folder["sources/s.json"] = b"not even JSON: skipped unread"
    by_folder["README.txt"] = b"not a .json file"
    by_folder["processes/"] = b""  # a directory entry
    by_folder["context.json"] = {"@context": "olca-schema"}
    by_folder["deep/er/processes/p.json"] = ol_process(
        "deep", [ol_exchange("f-steel", 1, reference=True)])
    put(d, "valid-by-folder.zip", jzip(by_folder))
    zput("valid-waste-and-singular-loop.zip", reference_data() + [
        ol_process("p1", [ol_exchange("f-steel", 1, reference=True),
                          ol_exchange("f-fuel", 1, True)]),
        ol_process("p2", [ol_exchange("f-fuel", 1, reference=True),
                          ol_exchange("f-steel", 1, True)])])
    zput("valid-zero-reference.zip", reference_data() + [
        ol_process("p", [ol_exchange("f-steel", 0, reference=True),
                         ol_exchange("f-co2", 1)])])
    # LCIA through a mapping: N2O's factor reaches the CH4 emission, in g
    # on both sides; a row whose unit the flow lacks is not used
    zput("valid-flow-map.zip", v2 + [ol_flow_map([
        ("f-ch4", "x-unknown", 0.5, "g", "g"),
        ("f-co2", "x-unknown", 1.0, None, None),
        ("f-co2", "x-unknown", 1.0, "MJ", None)])], base=False)
    # ---- single entities
    by_id = {e["@id"]: e for e in v2 + v1_categories()}
    eput("entity-process-v2.json", by_id["mill"])
    eput("entity-process-chp.json", chp())
    eput("entity-process-v1.json", chp(v1=True))
    eput("entity-process-params.json", [e for e in v2
                                        if e["@id"] == "refinery"][0])
    eput("entity-flow.json", by_id["f-fuel"])
    eput("entity-flow-v1-category.json", reference_data(True)[-1])
    eput("entity-unit-group.json", by_id["ug-mass"])
    eput("entity-flow-property.json", by_id["fp-mass"])
    eput("entity-location.json", by_id["loc-de"])
    eput("entity-parameter.json", by_id["p-scale"])
    eput("entity-impact-category.json", by_id["c-gwp"])
    eput("entity-impact-method.json", by_id["m-test"])
    eput("entity-category.json", by_id["cat-air"])
    eput("entity-actor.json", {"@type": "Actor", "@id": "a", "name": "x"})
    eput("entity-flow-map.json", ol_flow_map([
        ("f-ch4", "x-unknown", 0.5, "g", "kg")]))
    eput("entity-flow-map-source-by-name.json", {
        "@type": "FlowMap", "@id": "m", "mappings": [
            {"from": {"flow": {"name": "Methane", "category": "air"}},
             "to": {"flow": ref("x-unknown")}, "conversionFactor": 2}]})
    eput("bad-entity-flow-map-no-from.json", {
        "@type": "FlowMap", "@id": "m", "mappings": [
            {"to": {"flow": ref("x")}, "conversionFactor": 1}]})
    eput("bad-entity-flow-map-factor-string.json", dict(
        ol_flow_map([("a", "b", 1, None, None)]), mappings=[
            {"from": {"flow": ref("a")}, "to": {"flow": ref("b")},
             "conversionFactor": "1"}]))
    eput("bad-entity-no-type.json", {"@id": "p", "exchanges": []})
    eput("bad-entity-syntax.json", b'{"@type": "Process", "@id": "p",')
    eput("bad-entity-empty.json", b"")
    eput("bad-entity-array.json", b'[{"@type": "Flow"}]')
    eput("bad-entity-nul.json",
         b'{"@type": "Flow", "@id": "a\\u0000b", "flowType": "PRODUCT_FLOW"}')
    eput("bad-entity-deep.json",
         b'{"@type": "Process", "@id": "p", "x": ' + b"[" * 3000 +
         b"]" * 3000 + b"}")
    eput("bad-entity-unit-factor-zero.json", dict(
        by_id["ug-mass"], units=[{"name": "kg", "conversionFactor": 0}]))
    # ---- broken data sets: the reader must refuse them
    one = [ol_exchange("f-steel", 1, reference=True)]
    bad = {
        "bad-amount-string": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", "ten", reference=True)]),
        "bad-input-not-bool": with_process(v2, "mill", exchanges=[
            dict(ol_exchange("f-steel", 1, reference=True), isInput="yes")]),
        "bad-exchanges-object": with_process(
            v2, "mill", exchanges={"flow": ref("f-steel")}),
        "bad-exchange-not-object": with_process(v2, "mill", exchanges=[7]),
        "bad-exchange-no-flow": with_process(v2, "mill", exchanges=[
            {"amount": 1, "isQuantitativeReference": True}]),
        "bad-exchange-flow-string": with_process(v2, "mill", exchanges=[
            {"flow": "f-steel", "amount": 1}]),
        "bad-internal-id-fraction": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, internalId=1.5)]),
        "bad-internal-id-huge": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, internalId=1e20)]),
        "bad-internal-id-negative": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, internalId=-7)]),
        "bad-uncertainty-not-object": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, uncertainty=[1])]),
        "bad-uncertainty-sd-string": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, uncertainty={
                "distributionType": "NORMAL_DISTRIBUTION", "sd": "x"})]),
        "bad-unknown-distribution": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, uncertainty={
                "distributionType": "BETA_DISTRIBUTION"})]),
        "bad-unknown-allocation": with_process(
            v2, "mill", defaultAllocationMethod="FAIR_ALLOCATION",
            exchanges=one),
        "bad-unknown-allocation-type": with_process(
            v2, "chp", allocationFactors=[
                ol_alloc("MAGIC_ALLOCATION", "f-heat", 1)]),
        "bad-allocation-internal-id": with_process(
            v2, "chp", allocationFactors=[
                ol_alloc("CAUSAL_ALLOCATION", "f-heat", 1,
                         exchange={"internalId": 0.5})]),
        "bad-allocation-value-string": with_process(
            v2, "chp", allocationFactors=[
                ol_alloc("PHYSICAL_ALLOCATION", "f-heat", "half")]),
        "bad-parameters-object": with_process(
            v2, "mill", parameters={"name": "x"}, exchanges=one),
        "bad-parameter-no-name": with_process(
            v2, "mill", parameters=[{"value": 1}], exchanges=one),
        "bad-category-number": [dict(e, category=7) if e["@id"] == "f-co2"
                                else e for e in v2],
        "bad-flow-type-unknown": [dict(e, flowType="MAGIC_FLOW")
                                  if e["@id"] == "f-co2" else e for e in v2],
        "bad-flow-no-type": [{k: v for k, v in e.items() if k != "flowType"}
                             if e["@id"] == "f-co2" else e for e in v2],
        "bad-flow-property-factor-zero": [
            dict(e, flowProperties=[{"flowProperty": ref("fp-mass"),
                                     "conversionFactor": -1}])
            if e["@id"] == "f-co2" else e for e in v2],
        "bad-flow-property-no-ref": [
            dict(e, flowProperties=[{"conversionFactor": 1}])
            if e["@id"] == "f-co2" else e for e in v2],
        "bad-property-no-unit-group": [
            {k: v for k, v in e.items() if k != "unitGroup"}
            if e["@id"] == "fp-mass" else e for e in v2],
        "bad-unit-no-name": [
            dict(e, units=[{"@id": "u-kg", "isRefUnit": True}])
            if e["@id"] == "ug-mass" else e for e in v2],
        "bad-units-not-list": [dict(e, units="kg") if e["@id"] == "ug-mass"
                               else e for e in v2],
        "bad-impact-factor-no-flow": [
            dict(e, impactFactors=[{"value": 1}]) if e["@id"] == "c-gwp"
            else e for e in v2],
        "bad-method-category-no-id": [
            dict(e, impactCategories=[{"name": "GWP"}])
            if e["@id"] == "m-test" else e for e in v2],
        "bad-entity-no-id": v2 + [{"@type": "Flow", "name": "anonymous",
                                   "flowType": "PRODUCT_FLOW"}],
        "bad-name-not-string": with_process(v2, "mill", name=["mill"],
                                            exchanges=one),
    }
    for name, entities in bad.items():
        zput(name + ".zip", entities, base=v2)
    zput("bad-v1-flag-not-bool.zip", [
        dict(e, units=[dict(u, referenceUnit=1) for u in e["units"]])
        if e["@id"] == "ug-mass" else e for e in v1], base=v1)
    # Duplicates: an @id twice (two files), a category twice, a member
    # name twice in the zip.
    f = files_of(small)
    f["flows/f-co2-copy.json"] = [e for e in v2 if e["@id"] == "f-co2"][0]
    put(d, "bad-duplicate-flow-id.zip", jzip(f))
    f = files_of(small)
    f["flows/tiny-as-flow.json"] = dict(
        [e for e in v2 if e["@id"] == "f-steel"][0], **{"@id": "tiny"})
    put(d, "bad-duplicate-id-across-types.zip", jzip(f))
    f = files_of(small1)
    f["categories/again.json"] = v1_categories()[0]
    put(d, "bad-duplicate-category.zip", jzip(f))
    put(d, "bad-duplicate-member.zip", jzip(
        files_of(small), extra=[("flows/f-co2.json",
                              jdump([e for e in v2
                                     if e["@id"] == "f-co2"][0]))]))
    # Categories: a loop of parents, a chain deeper than the reader
    # follows, a category without @id.
    loop = [{"@type": "Category", "@id": "ca", "name": "a",
             "category": ref("cb")},
            {"@type": "Category", "@id": "cb", "name": "b",
             "category": ref("ca")}]
    deep = [{"@type": "Category", "@id": "d%d" % k, "name": "level %d" % k,
             "category": ref("d%d" % (k - 1))} for k in range(1, 35)]
    zput("valid-category-loop.zip", reference_data() + loop + deep + [
        ol_flow("f-x", "x", "ELEMENTARY_FLOW", [("fp-mass", 1)],
                category=ref("ca")),
        ol_flow("f-y", "y", "ELEMENTARY_FLOW", [("fp-mass", 1)],
                category=ref("d34")),
        ol_process("p", [ol_exchange("f-steel", 1, reference=True),
                         ol_exchange("f-x", 1), ol_exchange("f-y", 1)],
                   category=ref("nowhere", name="unknown category"))])
    zput("bad-category-no-id.zip", v1 + [
        {"@type": "Category", "name": "anonymous"}], base=v1)
    # ---- data the reader takes and the compiler must refuse
    missing = {
        "missing-flow": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True),
            ol_exchange("f-nowhere", 1, True)]),
        "missing-unit": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, unit="u-nowhere")]),
        "missing-unit-group": [dict(e, unitGroup=ref("ug-nowhere"))
                               if e["@id"] == "fp-mass" else
                               dict(e, description="unused")
                               if e["@id"] == "ug-mass" else e
                               for e in v2],
        "missing-flow-property": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True,
                        flowProperty="fp-energy")]),
        "missing-reference-property": [
            dict(e, flowProperties=[{"flowProperty": ref("fp-mass"),
                                     "conversionFactor": 1},
                                    {"flowProperty": ref("fp-energy"),
                                     "conversionFactor": 2}])
            if e["@id"] == "f-steel" else e for e in v2],
        "missing-method-category": [
            dict(e, impactCategories=[ref("c-gwp"), ref("c-nowhere")])
            if e["@id"] == "m-test" else e for e in v2],
        "missing-product-output": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, True), ol_exchange("f-co2", 1)]),
        "unit-mismatch-exchange": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True, unit="u-kwh")]),
        "unit-mismatch-factor": [
            dict(e, impactFactors=[{"flow": ref("f-co2"),
                                    "unit": ref("u-mj"), "value": 1}])
            if e["@id"] == "c-gwp" else e for e in v2],
        "unit-mismatch-factor-name": [
            dict(e, impactFactors=[{"flow": ref("f-co2"),
                                    "unit": {"name": "MJ"}, "value": 1}])
            if e["@id"] == "c-gwp" else e for e in v2],
        "formula-syntax": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True,
                        amountFormula="2 * (3")]),
        "formula-unknown-name": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True,
                        amountFormula="nobody + 1")]),
        "formula-division-by-zero": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True,
                        amountFormula="1 / (scale - 2)")]),
        "formula-cycle": with_process(v2, "mill", exchanges=one, parameters=[
            ol_param("a", formula="b + 1"), ol_param("b", formula="a * 2")]),
        "formula-self": with_process(v2, "mill", exchanges=one, parameters=[
            ol_param("a", formula="a")]),
        "formula-global-cycle": v2 + [
            {"@type": "Parameter", "@id": "g1", "name": "g1",
             "formula": "g2", "isInputParameter": False},
            {"@type": "Parameter", "@id": "g2", "name": "g2",
             "formula": "g1 * scale", "isInputParameter": False}],
        "formula-duplicate-parameter": with_process(
            v2, "mill", exchanges=one, parameters=[
            ol_param("a", 1), ol_param("A", 2), ol_param("a", formula="3")]),
        "formula-allocation": with_process(
            v2, "chp", allocationFactors=[
                ol_alloc("PHYSICAL_ALLOCATION", "f-heat", 0, formula="1/0"),
                ol_alloc("PHYSICAL_ALLOCATION", "f-fuel", 0.4)]),
        "formula-overflow": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1, reference=True,
                        amountFormula="10 ^ 200 * 10 ^ 200")]),
        "overflow-unit-conversion": with_process(v2, "mill", exchanges=[
            ol_exchange("f-steel", 1e306, reference=True, unit="u-t"),
            ol_exchange("f-fuel", 1e-300, True)]),
    }
    for name, entities in missing.items():
        zput(name + ".zip", entities, base=v2)
    zput("missing-processes.zip", reference_data() + lcia())
    # ---- the container
    full = jzip(files_of(small))
    put(d, "bad-zip-truncated-half.zip", full[: len(full) // 2])
    put(d, "bad-zip-truncated-tail.zip", full[:-10])
    put(d, "bad-zip-not-zip.zip", b"PK\x03\x04 this is not a zip archive")
    put(d, "bad-zip-empty.zip", b"PK\x05\x06" + b"\x00" * 18)
    put(d, "bad-zip-no-entities.zip", jzip({"README.txt": b"nothing",
                                            "actors/a.json": b"{}"}))
    put(d, "bad-zip-bzip2.zip", jzip(files_of(reference_data()[:3]),
                                     compress=zipfile.ZIP_BZIP2))
    put(d, "bad-zip-crc.zip", flip_byte(
        jzip(files_of(small), compress=zipfile.ZIP_STORED),
        b'"Units of mass"',
        3))
    put(d, "bad-zip-size-lie.zip", patch_size(
        jzip(files_of(small), compress=zipfile.ZIP_STORED),
        "processes/tiny.json", 0x7FFFFFF0))
    for name, path in (("dotdot", "../processes/p.json"),
                       ("dotdot-inner", "processes/../../p.json"),
                       ("absolute", "/processes/p.json"),
                       ("backslash", "processes\\..\\..\\p.json"),
                       ("drive", "C:processes/p.json")):
        put(d, "bad-path-%s.zip" % name, jzip(files_of(small), extra=[
            (path, jdump(ol_process("p", [ol_exchange("f-steel", 1,
                                                      reference=True)])))]))
    put(d, "valid-path-dots-in-names.zip", jzip(files_of(small), extra=[
        ("processes/..p..json", jdump(ol_process("p", [
            ol_exchange("f-steel", 1, reference=True)])))]))
    jsonld_reproducers()


def jsonld_reproducers():
    """Reproducers of bugs the seeds above ran into, cut down by hand."""
    d = "jsonld"
    # Two categories each the other's parent, and a flow in one of them:
    # the category paths of a loop were built twice, one copy leaked
    # (src/formats/jsonld.c, category_path).
    put(d, "crash-category-loop-leak.zip", jzip(files_of([
        {"@type": "Category", "@id": "a", "name": "a", "category": ref("b")},
        {"@type": "Category", "@id": "b", "name": "b", "category": ref("a")},
        {"@type": "Flow", "@id": "f", "flowType": "PRODUCT_FLOW",
         "category": ref("a")}])))
    # A database without process parameters: db->params is NULL and
    # amounts.c added the process's parameter offset (0) to it, undefined
    # behaviour that clang's UBSan reports (fixed; kept as a regression
    # input, as are the four below).
    put(d, "crash-null-params-offset.json",
        b'{"@type":"Process","@id":"p"}')
    # Cubic time in compile.c (fixed: allocation.c computes a column's
    # shares in one pass), shown here at sizes that replay in a few
    # seconds under the sanitizers; with n = 3000 (2.5 KB zipped) one
    # compile takes about 30 s without them. One process with n
    # outputs of one product, split by allocation into n activities:
    # share() looks up the factor of every (activity, exchange) pair among
    # all n allocation factors (n outputs x n emissions x n factors)...
    n = 300
    mass = [ol_unit_group("ug", "mass", [("kg", "kg", 1.0)]),
            ol_property("fp", "Mass", "ug"),
            ol_flow("s", "s", "PRODUCT_FLOW", [("fp", 1.0)]),
            ol_flow("c", "c", "ELEMENTARY_FLOW", [("fp", 1.0)])]
    put(d, "crash-timeout-allocation-factors.zip", jzip(files_of(mass + [
        ol_process("p", [ol_exchange("s", 1)] * n + [ol_exchange("c", 1)] * n,
                   defaultAllocationMethod="PHYSICAL_ALLOCATION",
                   allocationFactors=[
                       ol_alloc("ECONOMIC_ALLOCATION", "s", 0.5)] * n + [
                       ol_alloc("PHYSICAL_ALLOCATION", "s", 0.5)])])))
    # ... and provider_of() goes through the n providers of the product for
    # each of the n inputs of it in each of the n activities, looking for
    # one in the input's location (n outputs x n inputs x n providers).
    n = 250
    put(d, "crash-timeout-provider-location.zip", jzip(files_of(mass + [
        {"@type": "Location", "@id": "y", "name": "y"},
        ol_process("p", [ol_exchange("s", 1)] * n +
                   [ol_exchange("s", 0.001, True, location="x")] * n,
                   location="y",
                   defaultAllocationMethod="PHYSICAL_ALLOCATION",
                   allocationFactors=[
                       ol_alloc("PHYSICAL_ALLOCATION", "s", 0.5)])])))
    # characterize.c looks a factor's unit up by name among all the units
    # of the data, for each factor: n units x n factors (n = 60000: about
    # 8 s a compile, from 16 KB).
    n = 3000
    put(d, "crash-timeout-unit-by-name.zip", jzip(files_of([
        {"@type": "UnitGroup", "@id": "ug", "units": [
            {"@id": "kg", "name": "kg", "isRefUnit": True}] +
            [{"name": "u", "conversionFactor": 1}] * n},
        ol_property("fp", "Mass", "ug"),
        ol_flow("c", "c", "ELEMENTARY_FLOW", [("fp", 1.0)]),
        ol_flow("s", "s", "PRODUCT_FLOW", []),
        ol_process("p", [ol_exchange("s", 1), ol_exchange("c", 1)]),
        {"@type": "ImpactCategory", "@id": "k", "impactFactors": [
            {"flow": ref("c"), "unit": {"name": "zz"}, "value": 1}] * n}])))
    # A method that lists one impact category n times gets n method
    # vectors, each as long as B has rows (2 per elementary flow here):
    # 8 x rows x n bytes. With 250 flows and n = 400000 (47 KB) that is
    # 1.6 GB; here 50 flows and 10000 repeats, 8 MB.
    flows = [{"@type": "Flow", "@id": "e%d" % k,
              "flowType": "ELEMENTARY_FLOW"} for k in range(50)]
    put(d, "crash-oom-method-repeats-category.zip", jzip(files_of(flows + [
        ol_flow("s", "s", "PRODUCT_FLOW", []),
        ol_process("p", [ol_exchange("s", 1)] + [
            ol_exchange(f["@id"], 1, is_input) for f in flows
            for is_input in (False, True)]),
        {"@type": "ImpactCategory", "@id": "k", "name": "k",
         "impactFactors": [{"flow": ref("e0"), "value": 1}]},
        {"@type": "ImpactMethod", "@id": "m", "name": "m",
         "impactCategories": [ref("k")] * 10000}])))


def license_note(folder):
    put(folder, "LICENSE", b"""\
Two seeds of this folder are copies of test fixtures of bw2calc
(github.com/brightway-lca/brightway2-calc, commit 4e0682a4):

  basic_fixture.zip        tests/fixtures/basic_fixture.zip
  multi_lca_simple_1.zip   tests/fixtures/multi_lca_simple_1.zip

bw2calc is distributed under the BSD-3-Clause licence, Copyright (c) 2023,
Chris Mutel; the datapackages themselves declare the ODC-PDDL-1.0 licence
(Open Data Commons Public Domain Dedication and License v1.0). See
/work/shared/data/lca/bw2calc_*/SOURCE.txt for the provenance notes.

Every other file of this folder was written by fuzz/gen_corpus.py or is a
reproducer (crash-*) found by fuzzing; this file itself is replayed too,
as an input that is not a zip.
""")


if __name__ == "__main__":
    npy_corpus()
    datapackage_corpus()
    system_corpus()
    crafted_reproducers()
    jsonld_corpus()
    for folder in ("datapackage", "system"):
        license_note(folder)

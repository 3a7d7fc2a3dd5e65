#!/usr/bin/python3
"""gen_corpus.py - write the seed corpora of the fuzz harnesses.

    /usr/bin/python3 fuzz/gen_corpus.py [fuzz/corpus]

Writes fuzz/corpus/npy/ (NumPy .npy files), fuzz/corpus/datapackage/ and
fuzz/corpus/system/ (Brightway datapackage zips): valid inputs of each kind
the reader accepts, and broken variants of each check it makes. Output is
deterministic (fixed zip timestamps), so re-running it changes nothing.
Reproducers that the fuzzers saved (crash-* files) and the two bw2calc
fixtures (copied by hand, see corpus/*/LICENSE) are not touched. The one
reproducers that were made by hand, not found by a fuzzer
(crash-oom-member-reused.zip, crash-oom-overlapping-entries.zip), are written
here.

Format references: numpy/lib/format.py (NPY versions 1.0, 2.0, 3.0);
bw_processing's README (datapackage.json resources: matrix, kind, group,
path, category, identifier).
"""
import bz2
import io
import json
import os
import struct
import sys
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
    for folder in ("datapackage", "system"):
        license_note(folder)

"""Weight-only int8: int8 weights in the file, float activations at run time.

Activations are never quantised, so a text's scores cannot depend on its batch mates, and
the only error is the weight rounding. MatMul weights are quantised in blocks of `GROUP`
input rows per output column (one float16 scale per block): Reshape(Mul(Cast(int8),
Cast(scale))), folded to float weights when the session loads, so blocks cost file size, not
speed. Measured against fp32 (largest probability change on 1,500 validation texts, attack /
toxicity): one scale per output column (all 384 or 1536 inputs) 0.11 (model 2.2.0); blocks of
64 with float32 scales 0.057 / 0.049 (model 2.5.0); blocks of 32 with float16 scales 0.030 /
0.032 (model 2.5.1: 2.5.0's weights, the same file size; 1,500 other texts 0.026 / 0.035).
Blocks of 16 gained nothing more, and a clipping search per block (the scale minimising squared error) changed
nothing at 8 bits. The word-embedding table is gathered as int8 rows and scaled by a gathered
per-row scale (dequantising the whole 30522x384 table per call would cost more than the
model); alone it moves probabilities by up to 0.025.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

GROUP = 32  # input rows per scale in MatMul weights


def _symmetric_int8(
    w: np.ndarray, reduce_axes: tuple[int, ...], scale_dtype: type[np.floating] = np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 of `w`, one scale per slice over `reduce_axes` (kept as size-1 axes).

    The weights are rounded against the scale as stored (`scale_dtype`), so that the
    dequantised weight is the nearest the file can express."""
    scale = np.abs(w).max(axis=reduce_axes, keepdims=True) / 127.0
    # At least the smallest normal number of the stored type: a float16 scale of a block of tiny
    # weights would otherwise round to zero (or lose precision as a subnormal).
    scale = np.maximum(scale, np.finfo(scale_dtype).tiny).astype(scale_dtype)
    q = np.clip(np.round(w / scale.astype(np.float32)), -127, 127).astype(np.int8)
    return q, scale


def _blockwise(w: np.ndarray, group: int) -> tuple[np.ndarray, np.ndarray]:
    """A [K, N] weight as [K / group, group, N] int8 blocks, one float16 scale per block (at
    blocks of 32, float32 scales would add 0.7 MB for no measurable gain)."""
    k, n = w.shape
    return _symmetric_int8(w.reshape(k // group, group, n), (1,), np.float16)


def _per_channel(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """One scale per slice along `axis` (a 1-D scale)."""
    q, scale = _symmetric_int8(w, tuple(i for i in range(w.ndim) if i != axis))
    return q, scale.reshape(-1)


def quantize_weight_only(src: Path, dst: Path, min_elements: int = 4096) -> Path:
    """Rewrite `src` into `dst` with int8 MatMul weights and an int8 word-embedding table."""
    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    new_nodes: list[onnx.NodeProto] = []
    drop: set[str] = set()
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits:
            name = node.input[1]
            w = numpy_helper.to_array(inits[name])
            if w.ndim == 2 and w.size >= min_elements:
                blocked = w.shape[0] % GROUP == 0
                q, scale = _blockwise(w, GROUP) if blocked else _per_channel(w, axis=1)
                graph.initializer.extend(
                    [numpy_helper.from_array(q, name + "_q"), numpy_helper.from_array(scale, name + "_scale")]
                )
                drop.add(name)
                # Cast + Mul rather than DequantizeLinear: onnxruntime constant-folds these at
                # session creation into a float weight (plain fp32 MatMul kernels), whereas a
                # DequantizeLinear is kept and fused into MatMulNBits, measured slower than fp32.
                scaled = name + "_blocks" if blocked else name
                new_nodes.append(helper.make_node("Cast", [name + "_q"], [name + "_qf"], to=TensorProto.FLOAT))
                scale_name = name + "_scale"
                if scale.dtype != np.float32:
                    new_nodes.append(helper.make_node("Cast", [scale_name], [scale_name + "_f"], to=TensorProto.FLOAT))
                    scale_name += "_f"
                new_nodes.append(helper.make_node("Mul", [name + "_qf", scale_name], [scaled]))
                if blocked:
                    shape = numpy_helper.from_array(np.array(w.shape, dtype=np.int64), name + "_shape")
                    graph.initializer.append(shape)
                    new_nodes.append(helper.make_node("Reshape", [scaled, name + "_shape"], [name]))
        elif node.op_type == "Gather" and node.input[0] in inits:
            name = node.input[0]
            w = numpy_helper.to_array(inits[name])
            if w.size >= min_elements * 64:  # the word embeddings only
                q, scale = _per_channel(w, axis=0)
                graph.initializer.extend(
                    [
                        numpy_helper.from_array(q, name + "_q"),
                        numpy_helper.from_array(scale, name + "_rowscale"),
                        numpy_helper.from_array(np.array([-1], dtype=np.int64), name + "_axes"),
                    ]
                )
                drop.add(name)
                ids = node.input[1]
                out = node.output[0]
                new_nodes += [
                    helper.make_node("Gather", [name + "_q", ids], [out + "_q"], axis=0),
                    helper.make_node("Cast", [out + "_q"], [out + "_f"], to=TensorProto.FLOAT),
                    helper.make_node("Gather", [name + "_rowscale", ids], [out + "_s"], axis=0),
                    helper.make_node("Unsqueeze", [out + "_s", name + "_axes"], [out + "_s3"]),
                    helper.make_node("Mul", [out + "_f", out + "_s3"], [out]),
                ]
                continue
        new_nodes.append(node)
    kept = [i for i in graph.initializer if i.name not in drop]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    del graph.node[:]
    graph.node.extend(new_nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return dst

#!/usr/bin/python3
"""Writes the hand-built ONNX test graphs in this folder (Debian's python3-onnx, no torch).

    /usr/bin/python3 tests/data/onnx/make_op_models.py

Each graph exercises ops and attributes the torchvision exports do not (the expected shapes and
counts are derived by hand in tests/unit/onnx_import_test.cpp). The *.onnx files next to this
script named after torchvision models come from scripts/export_onnx.py --shapes-only.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def init(name, shape, dtype=np.float32, values=None):
    a = np.zeros(shape, dtype=dtype) if values is None else np.array(values, dtype=dtype)
    return numpy_helper.from_array(a.reshape(shape), name)


def save(name, nodes, inputs, outputs, inits, opset=13):
    g = helper.make_graph(nodes, name, inputs, outputs, inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="make_op_models.py")
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(HERE, name + ".onnx"))


def vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def conv_features():
    # x 1x8x15x15
    # c1: Conv 3x3 dilation 2, group 2, 8 -> 16, pads [1,2,0,1] (asymmetric)
    #     H: (15 + 1 + 0 - 5)/1 + 1 = 12, W: (15 + 2 + 1 - 5) + 1 = 14
    # c2: Conv 3x3 stride 2, SAME_UPPER, 16 -> 16 depthwise (group 16): 6 x 7
    # hs: HardSwish; clip: Clip(0, 6) = relu6
    # shuffle: Reshape 1x2x8x6x7, Transpose (0,2,1,3,4), Reshape 1x16x6x7
    # split: Split on channels into 4 + 12; cat: Concat back (12 + 4)
    # pool: MaxPool 3x3 stride 2 ceil_mode, pads 1: H (6+2-3)/2 ceil -> 4 (the last window
    #       starts at 6 >= 6 + 1? no) -> 4, W (7+2-3)/2 = 3 + 1 = 4
    # ap: AveragePool 2x2 stride 1 -> 3x3; gap: GlobalAveragePool -> 16x1x1
    # flat: Flatten; fc: Gemm transB 16 -> 10
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="c1", dilations=[2, 2], group=2,
                         pads=[1, 2, 0, 1]),
        helper.make_node("Conv", ["c1", "w2"], ["c2"], name="c2", strides=[2, 2],
                         auto_pad="SAME_UPPER", group=16),
        helper.make_node("HardSwish", ["c2"], ["hs"], name="hs"),
        helper.make_node("Clip", ["hs", "lo", "hi"], ["clip"], name="clip"),
        helper.make_node("Reshape", ["clip", "s5"], ["r5"], name="shuffle_split"),
        helper.make_node("Transpose", ["r5"], ["t5"], name="shuffle", perm=[0, 2, 1, 3, 4]),
        helper.make_node("Reshape", ["t5", "s4"], ["r4"], name="shuffle_merge"),
        helper.make_node("Split", ["r4", "sizes"], ["sa", "sb"], name="split", axis=1),
        helper.make_node("Concat", ["sb", "sa"], ["cat"], name="cat", axis=1),
        helper.make_node("MaxPool", ["cat"], ["pool"], name="pool", kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1),
        helper.make_node("AveragePool", ["pool"], ["ap"], name="ap", kernel_shape=[2, 2]),
        helper.make_node("GlobalAveragePool", ["ap"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flat"),
        helper.make_node("Gemm", ["flat", "wf", "bf"], ["y"], name="fc", transB=1),
    ]
    inits = [
        init("w1", (16, 4, 3, 3)), init("b1", (16,)), init("w2", (16, 1, 3, 3)),
        init("lo", (), values=0.0), init("hi", (), values=6.0),
        init("s5", (5,), np.int64, [1, 2, 8, 6, 7]), init("s4", (4,), np.int64, [1, 16, 6, 7]),
        init("sizes", (2,), np.int64, [4, 12]), init("wf", (10, 16)), init("bf", (10,)),
    ]
    save("conv_features", nodes, [vi("x", [1, 8, 15, 15])], [vi("y", [1, 10])], inits, opset=14)


def attention():
    # x 1x6x8 (6 tokens of 8 features), 2 heads of 4, opset 17 LayerNormalization.
    # q, k, v: MatMul by 8x8 constants (+ Add bias folded into q)
    # scores = q_h . k_h^T: per head 6x4 by 4x6 -> 1x2x6x6, MACs 2*6*4*6 = 288
    # ctx = softmax . v_h: 6x6 by 6x4 per head -> 1x2x6x4, MACs 2*6*6*4 = 288
    # gelu pieces: Div, Erf, Add, Mul, Mul
    nodes = [
        helper.make_node("LayerNormalization", ["x", "g", "be"], ["ln"], name="ln", axis=-1),
        helper.make_node("MatMul", ["ln", "wq"], ["q0"], name="q"),
        helper.make_node("Add", ["q0", "bq"], ["q1"], name="q_bias"),
        helper.make_node("MatMul", ["ln", "wk"], ["k0"], name="k"),
        helper.make_node("MatMul", ["ln", "wv"], ["v0"], name="v"),
        helper.make_node("Reshape", ["q1", "heads"], ["q2"], name="q_heads"),
        helper.make_node("Transpose", ["q2"], ["q3"], name="q_t", perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["k0", "heads"], ["k2"], name="k_heads"),
        helper.make_node("Transpose", ["k2"], ["k3"], name="k_t", perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["v0", "heads"], ["v2"], name="v_heads"),
        helper.make_node("Transpose", ["v2"], ["v3"], name="v_t", perm=[0, 2, 1, 3]),
        helper.make_node("MatMul", ["q3", "k3"], ["s"], name="scores"),
        helper.make_node("Div", ["s", "scale"], ["s2"], name="scale"),
        helper.make_node("Softmax", ["s2"], ["p"], name="softmax", axis=-1),
        helper.make_node("MatMul", ["p", "v3"], ["c"], name="context"),
        helper.make_node("Transpose", ["c"], ["c2"], name="c_t", perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["c2", "merged"], ["c3"], name="merge"),
        helper.make_node("Div", ["c3", "sqrt2"], ["g0"], name="gelu_div"),
        helper.make_node("Erf", ["g0"], ["g1"], name="gelu_erf"),
        helper.make_node("Add", ["g1", "one"], ["g2"], name="gelu_add"),
        helper.make_node("Mul", ["c3", "g2"], ["g3"], name="gelu_mul"),
        helper.make_node("Mul", ["g3", "half"], ["y"], name="gelu_half"),
    ]
    inits = [
        init("g", (8,)), init("be", (8,)), init("wq", (8, 8)), init("bq", (8,)),
        init("wk", (8, 8)), init("wv", (8, 8)),
        init("heads", (4,), np.int64, [1, 6, 2, 4]), init("merged", (3,), np.int64, [1, 6, 8]),
        init("scale", (), values=2.0), init("sqrt2", (), values=1.4142135),
        init("one", (), values=1.0), init("half", (), values=0.5),
    ]
    save("attention", nodes, [vi("x", [1, 6, 8])], [vi("y", [1, 6, 8])], inits, opset=17)


def gru():
    # x 5x1x3 (5 steps, batch 1, 3 inputs), hidden 4: rows 3 + 4 = 7, cols 3*4 = 12,
    # weights 84, MACs 5 * 84 = 420, biases 2 * 12 = 24.
    nodes = [helper.make_node("GRU", ["x", "W", "R", "B"], ["y", "yh"], name="gru",
                              hidden_size=4)]
    inits = [init("W", (1, 12, 3)), init("R", (1, 12, 4)), init("B", (1, 24))]
    save("gru", nodes, [vi("x", [5, 1, 3])], [vi("y", [5, 1, 1, 4])], inits)


def quantized():
    # x 1x4x6x6 -> QuantizeLinear (uint8) -> QLinearConv 3x3 int8 weights 4 -> 8 -> 4x4
    # -> DequantizeLinear -> Flatten -> QuantizeLinear (int8) -> QLinearMatMul by 128x10 int8
    u8, i8 = np.uint8, np.int8
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"], name="quant"),
        helper.make_node("QLinearConv", ["xq", "xs", "xz", "w", "ws", "wz", "ys", "yz"], ["cq"],
                         name="qconv"),
        helper.make_node("DequantizeLinear", ["cq", "ys", "yz"], ["c"], name="dequant"),
        helper.make_node("Flatten", ["c"], ["f"], name="flat"),
        helper.make_node("QuantizeLinear", ["f", "fs", "fz"], ["fq"], name="quant2"),
        helper.make_node("QLinearMatMul", ["fq", "fs", "fz", "m", "ms", "mz", "os", "oz"], ["y"],
                         name="qfc"),
    ]
    inits = [
        init("xs", (), values=0.1), init("xz", (), u8, 0), init("w", (8, 4, 3, 3), i8),
        init("ws", (), values=0.1), init("wz", (), i8, 0), init("ys", (), values=0.1),
        init("yz", (), u8, 0), init("fs", (), values=0.1), init("fz", (), i8, 0),
        init("m", (128, 10), i8), init("ms", (), values=0.1), init("mz", (), i8, 0),
        init("os", (), values=0.1), init("oz", (), i8, 0),
    ]
    save("quantized", nodes, [vi("x", [1, 4, 6, 6])], [vi("y", [1, 10], TensorProto.INT8)], inits)


def unsupported():
    nodes = [
        helper.make_node("Relu", ["x"], ["r"], name="relu"),
        helper.make_node("TopK", ["r", "k"], ["v", "i"], name="my_topk", axis=-1),
    ]
    save("unsupported", nodes, [vi("x", [1, 10])], [vi("v", [1, 3])],
         [init("k", (1,), np.int64, [3])])


if __name__ == "__main__":
    conv_features()
    attention()
    gru()
    quantized()
    unsupported()

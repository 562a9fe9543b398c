#!/usr/bin/python3
"""PyTorch peer for `loupe bench --compare-pytorch`: forward-only speed of the same architectures.

Run with Debian's python3-torch (/usr/bin/python3), two threads, and jemalloc preloaded, its fastest
configuration on these machines:

    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/bin/python3 src/bench/pytorch_peer.py \
        --arch mobilenet-1.0-224 --threads 2

Prints one line: `<arch> pytorch_img_s=<n>`. Weights are random: speed does not depend on them.
"""
import argparse
import time

import torch
import torch.nn as nn


def mobilenet_v1(alpha: float) -> nn.Module:
    """MobileNet v1 body (as in Keras applications), global average pooling, no top."""
    def conv_bn(inp, out, stride):
        return nn.Sequential(nn.Conv2d(inp, out, 3, stride, 1, bias=False), nn.BatchNorm2d(out, eps=1e-3),
                             nn.ReLU6(inplace=True))

    def dw_sep(inp, out, stride):
        return nn.Sequential(
            nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False), nn.BatchNorm2d(inp, eps=1e-3),
            nn.ReLU6(inplace=True),
            nn.Conv2d(inp, out, 1, 1, 0, bias=False), nn.BatchNorm2d(out, eps=1e-3), nn.ReLU6(inplace=True))

    blocks = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    layers = [conv_bn(3, int(32 * alpha), 2)]
    channels = int(32 * alpha)
    for filters, stride in blocks:
        layers.append(dw_sep(channels, int(filters * alpha), stride))
        channels = int(filters * alpha)
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


def dl4j_zoo_resnet50():
    """ResNet50 laid out as DL4J's zoo builds it, so both sides do the same work: Caffe-style strides (on the
    first 1x1 convolution of a stage, not the 3x3) and a strided first stage too, which leaves 28x28 maps
    after stage 2 and 1.1 GMAC per 224x224 image instead of torchvision's 4.1."""
    import torchvision
    model = torchvision.models.resnet50()
    model.fc = nn.Identity()
    for stage in (model.layer1, model.layer2, model.layer3, model.layer4):
        first = stage[0]
        first.conv1.stride = (2, 2)
        first.conv2.stride = (1, 1)
        first.downsample[0].stride = (2, 2)
    return model


def build(arch: str):
    if arch.startswith("mobilenet-"):
        _, alpha, res = arch.split("-")
        return mobilenet_v1(float(alpha)), int(res)
    if arch == "resnet50":
        return dl4j_zoo_resnet50(), 224
    if arch == "resnet50-torchvision":
        import torchvision
        model = torchvision.models.resnet50()
        model.fc = nn.Identity()
        return model, 224
    raise SystemExit("unknown architecture " + arch)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model, res = build(args.arch)
    model.eval()
    x = torch.rand(args.batch, 3, res, res)
    with torch.no_grad():
        for _ in range(3):
            model(x)
        images, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            model(x)
            images += args.batch
        elapsed = time.perf_counter() - start
    print(f"{args.arch} pytorch_img_s={images / elapsed:.1f}")


if __name__ == "__main__":
    main()

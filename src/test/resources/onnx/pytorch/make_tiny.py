# Writes the two tiny PyTorch models and the reference features that ForeignOnnxTest reads:
# /usr/bin/python3 make_tiny.py (Debian python3-torch 1.13). Random weights, exported by torch.onnx.export.
import torch, json
torch.manual_seed(7)
class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False), torch.nn.BatchNorm2d(8), torch.nn.ReLU(inplace=True),
            torch.nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), torch.nn.BatchNorm2d(16), torch.nn.ReLU(inplace=True))
        self.pool = torch.nn.AdaptiveAvgPool2d(1)
        self.classifier = torch.nn.Linear(16, 5)
    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))
m = Tiny()
for bn in [m.features[1], m.features[4]]:
    bn.running_mean.uniform_(-0.2, 0.2); bn.running_var.uniform_(0.5, 2.0)
    bn.weight.data.uniform_(0.5, 1.5); bn.bias.data.uniform_(-0.1, 0.1)
m.eval()
x = torch.zeros(1, 3, 32, 32)
torch.onnx.export(m, x, "pytorch_tiny_dynamic.onnx", input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
torch.onnx.export(m, x, "pytorch_tiny_batch1.onnx", input_names=["input"], output_names=["logits"], opset_version=13)
# Reference features for a uniform image (every pixel the same RGB), after torchvision's normalisation.
rgb = [128.0, 64.0, 200.0]
mean = [0.485, 0.456, 0.406]; std = [0.229, 0.224, 0.225]
t = torch.tensor([(rgb[c] / 255.0 - mean[c]) / std[c] for c in range(3)]).view(1, 3, 1, 1).expand(1, 3, 32, 32).contiguous()
with torch.no_grad():
    f = torch.flatten(m.pool(m.features(t)), 1)[0].tolist()
    logits = m(t)[0].tolist()
json.dump({"rgb": rgb, "features": f, "logits": logits, "torch": torch.__version__}, open("pytorch_tiny_reference.json", "w"), indent=1)
print(len(f), f[:4])

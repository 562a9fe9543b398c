#!/usr/bin/python3
"""Peer for Loupe's label-error ranking: out-of-fold RBF-kernel SVM probabilities, ranked by self-confidence.

Reads the features Loupe cached for a dataset (``loupe featurize DIR ...`` first) and the dataset's catalog,
plants label errors with the same noise models as ``loupe evaluate`` (``uniform``: RATE of the images
misfiled; ``classcond``: 20% of ``road`` filed elsewhere, 5% of the other classes), and reports
precision at K (K = number planted) averaged over seeds. The SVM's C and gamma are picked by an inner 3-fold
grid search on each training fold, as the cleanlab recipe does with its classifier. cleanlab itself is not a
Debian package; ranking every image by its out-of-fold probability for its given label is what cleanlab's
``find_label_issues`` orders its results by (self-confidence).

Debian: ``apt-get install python3-sklearn``. Usage:
    /usr/bin/python3 src/bench/label_errors_peer.py DIR [--mode uniform|classcond] [--rate 0.1] [--seeds 10]
"""
import argparse
import csv
import os
import sqlite3
import sys

import numpy as np
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.svm import SVC


def load(root, prefix):
    catalog = sqlite3.connect(os.path.join(root, ".loupe", "loupe.db"))
    rows = catalog.execute("SELECT path, label, sha256 FROM images WHERE status = 'ok'").fetchall()
    rows = [r for r in rows if not r[1].startswith("_")]
    cache = sqlite3.connect(os.path.join(root, ".loupe", "features.db"))
    vectors = {}
    for fingerprint, sha, blob in cache.execute(
            "SELECT fingerprint, sha256, vector FROM features WHERE vector IS NOT NULL"):
        if fingerprint.startswith(prefix):
            vectors[sha] = np.frombuffer(blob, dtype="<f4")
    if not vectors:
        sys.exit("no cached features starting with %r in %s: run loupe featurize first" % (prefix, root))
    truth = {}
    gt = os.path.join(root, "ground-truth.csv")
    if os.path.exists(gt):
        with open(gt) as f:
            for r in csv.DictReader(f):
                truth[r["path"]] = r["true_class"]
    rows = [r for r in rows if r[2] in vectors]
    classes = sorted({truth.get(p, label) for p, label, _ in rows})
    x = np.stack([vectors[sha] for _, _, sha in rows]).astype(np.float64)
    y = np.array([classes.index(truth.get(p, label)) for p, label, _ in rows])
    return classes, x, y


def prepare(x):
    """Signed square root and unit length, as Loupe does before its heads."""
    x = np.sign(x) * np.sqrt(np.abs(x))
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def out_of_fold(x, given, seed):
    p = np.zeros((len(given), given.max() + 1))
    grid = {"C": [1, 10, 100], "gamma": ["scale", 0.5, 2]}
    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, given):
        search = GridSearchCV(SVC(kernel="rbf", probability=True, random_state=seed), grid, cv=3)
        search.fit(x[train], given[train])
        p[test] = search.predict_proba(x[test])
    return p


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--mode", default="uniform", choices=["uniform", "classcond"])
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--fingerprint", default="mobilenet-0.25-224", help="cached features to use (prefix)")
    args = parser.parse_args()
    classes, x, truth = load(args.dir, args.fingerprint)
    x = prepare(x)
    scores = []
    for seed in range(1, args.seeds + 1):
        # Exactly round(n x rate) images misfiled, as loupe evaluate plants them (its own random choice).
        rng = np.random.default_rng(seed)
        given = truth.copy()
        road = classes.index("road") if "road" in classes else 0
        groups = [np.arange(len(truth))] if args.mode == "uniform" else [np.flatnonzero(truth == c)
                                                                         for c in range(len(classes))]
        for group in groups:
            rate = args.rate if args.mode == "uniform" else (0.2 if truth[group[0]] == road else 0.05)
            for i in rng.permutation(group)[:int(round(len(group) * rate))]:
                given[i] = (truth[i] + 1 + rng.integers(len(classes) - 1)) % len(classes)
        wrong = given != truth
        k = int(wrong.sum())
        p = out_of_fold(x, given, seed)
        ranked = np.argsort(p[np.arange(len(given)), given], kind="stable")
        scores.append(wrong[ranked[:k]].mean())
        print("seed %d: %d planted, precision at K %.3f" % (seed, k, scores[-1]), file=sys.stderr)
    print("%s %s: RBF-SVM out-of-fold, self-confidence: mean precision at K %.4f over %d seeds"
          % (os.path.basename(os.path.normpath(args.dir)), args.mode, np.mean(scores), args.seeds))


if __name__ == "__main__":
    main()

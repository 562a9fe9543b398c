package dev.loupe.heads;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimises smooth convex objectives such as
 * L2-regularised logistic regression in a few dozen evaluations. Deterministic.
 */
final class Lbfgs {

    /** Returns f(x) and writes its gradient into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    private Lbfgs() {
    }

    static double[] minimize(Objective f, double[] start, int maxIterations, double tolerance) {
        int n = start.length;
        int m = 8;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        double[][] s = new double[m][];
        double[][] y = new double[m][];
        double[] rho = new double[m];
        int stored = 0;
        int head = 0;
        double[] direction = new double[n];
        double[] alpha = new double[m];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < maxIterations; iter++) {
            double gNorm = Math.sqrt(dot(g, g));
            if (gNorm < tolerance) {
                break;
            }
            // Two-loop recursion: direction = -H g
            System.arraycopy(g, 0, direction, 0, n);
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(head - 1 - k, m);
                alpha[i] = rho[i] * dot(s[i], direction);
                axpy(-alpha[i], y[i], direction);
            }
            double gamma = 1.0 / gNorm;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, m);
                gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            }
            scale(gamma, direction);
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(head - 1 - k, m);
                double beta = rho[i] * dot(y[i], direction);
                axpy(alpha[i] - beta, s[i], direction);
            }
            scale(-1, direction);
            double slope = dot(g, direction);
            if (slope >= 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                for (int i = 0; i < n; i++) {
                    direction[i] = -g[i] / gNorm;
                }
                slope = dot(g, direction);
                stored = 0;
            }
            double step = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * direction[i];
                }
                fNew = f.evaluate(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || ++tries > 40) {
                    break;
                }
                step *= 0.5;
            }
            if (tries > 40) {
                break;
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1.0 / sy;
                head = (head + 1) % m;
                stored = Math.min(stored + 1, m);
            }
            double improvement = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (improvement < 1e-10 * Math.max(1, Math.abs(fx))) {
                break;
            }
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}

import Foundation
import RealModule

/// Regularised incomplete beta and gamma functions, written out (Numerical Recipes' continued
/// fractions, evaluated with the modified Lentz method), on swift-numerics' logGamma and erfc.
/// Checked against SciPy to 1e-9 relative, including p-values near 1e-300.
public enum SpecialFunctions {
    static let epsilon = 1e-16
    static let tiny = 1e-300
    static let maximumIterations = 10_000

    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        Double.logGamma(a) + Double.logGamma(b) - Double.logGamma(a + b)
    }

    /// I_x(a, b). `complement` is 1 - x when the caller knows it more precisely than 1 - x.
    public static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, complement: Double? = nil) -> Double {
        let y = complement ?? (1 - x)
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logFront = a * Double.log(x) + b * Double.log(y) - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(logFront) * betaContinuedFraction(a: a, b: b, x: x, y: y) / a
        }
        return 1 - Double.exp(logFront) * betaContinuedFraction(a: b, b: a, x: y, y: x) / b
    }

    private static func betaContinuedFraction(a: Double, b: Double, x: Double, y: Double) -> Double {
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maximumIterations {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }

    /// P(a, x), the regularised lower incomplete gamma function.
    public static func regularizedGammaP(a: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        return x < a + 1 ? gammaSeries(a: a, x: x) : 1 - gammaContinuedFraction(a: a, x: x)
    }

    /// Q(a, x) = 1 - P(a, x), computed directly in the upper tail so small values keep their precision.
    public static func regularizedGammaQ(a: Double, x: Double) -> Double {
        if x <= 0 { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a: a, x: x) : gammaContinuedFraction(a: a, x: x)
    }

    private static func gammaSeries(a: Double, x: Double) -> Double {
        var term = 1 / a, sum = term, ap = a
        for _ in 0..<maximumIterations {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return sum * Double.exp(-x + a * Double.log(x) - Double.logGamma(a))
    }

    private static func gammaContinuedFraction(a: Double, x: Double) -> Double {
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...maximumIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return Double.exp(-x + a * Double.log(x) - Double.logGamma(a)) * h
    }
}

/// Tail probabilities of the distributions the tests use.
public enum Distributions {
    /// P(Z > z) for a standard normal Z.
    public static func normalSF(_ z: Double) -> Double {
        0.5 * Double.erfc(z / 2.0.squareRoot())
    }

    /// P(T > t) for Student's t with `df` degrees of freedom.
    public static func studentTSF(_ t: Double, df: Double) -> Double {
        let t2 = t * t
        // x = df / (df + t^2) and 1 - x = t^2 / (df + t^2), each computed directly.
        let tail = 0.5 * SpecialFunctions.regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t2), complement: t2 / (df + t2))
        return t >= 0 ? tail : 1 - tail
    }

    /// Two-sided p-value of a t statistic: P(|T| >= |t|).
    public static func studentTTwoSided(_ t: Double, df: Double) -> Double {
        let t2 = t * t
        return min(1, SpecialFunctions.regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + t2), complement: t2 / (df + t2)))
    }

    /// P(X > x) for chi-squared with `df` degrees of freedom.
    public static func chiSquaredSF(_ x: Double, df: Double) -> Double {
        SpecialFunctions.regularizedGammaQ(a: df / 2, x: x / 2)
    }

    /// The 97.5% point of the standard normal, for 95% intervals.
    public static let normalQuantile975 = 1.959963984540054
}

// Number formatting that needs more than the shortest round-trip digits:
// `toFixed`, `toExponential`, `toPrecision` round the *exact* binary value
// (as V8 does: `(1.005).toFixed(2)` is "1.00" because 1.005 is really
// 1.00499999999999989...), `toString(radix)` follows V8's digit generator,
// and `toLocaleString` groups like ICU's en-US format.

/// Decimal digits (values 0...9) and a decimal point position: the number
/// is `0.d1 d2 ... dn × 10^point`.
struct DecimalDigits {
    var digits: [UInt8]
    var point: Int

    /// The exact decimal expansion of a finite, positive double.
    init(exactly value: Double) {
        // value = significand × 2^exponent with an integer significand.
        var significand = value.significandBitPattern
        var exponent = Int(value.exponentBitPattern) - 1075
        if value.exponentBitPattern == 0 {
            exponent = -1074
        } else {
            significand |= 1 << 52
        }
        var big = BigDecimalInteger(significand)
        if exponent >= 0 {
            big.shiftLeft(exponent)
            digits = big.decimalDigits()
            point = digits.count
        } else {
            // m / 2^k = m × 5^k / 10^k.
            big.multiplyByPowerOfFive(-exponent)
            digits = big.decimalDigits()
            point = digits.count + exponent
        }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
    }

    /// The shortest round-trip digits of a finite, positive double.
    init(shortest value: Double) {
        let (text, n) = VM.shortestDigits(value)
        digits = text.utf8.map { $0 - 48 }
        point = n
    }

    init(digits: [UInt8], point: Int) {
        self.digits = digits
        self.point = point
    }

    /// Keeps the first `count` digits, rounding half up on the dropped ones
    /// (exact when the digits are). The result has exactly `max(count, 0)`
    /// digits, plus one when the rounding carries out (then `point` grows).
    func rounded(keeping count: Int) -> DecimalDigits {
        if count < 0 { return DecimalDigits(digits: [], point: point) }
        if count >= digits.count {
            return DecimalDigits(digits: digits + [UInt8](repeating: 0, count: count - digits.count), point: point)
        }
        var kept = Array(digits[0..<count])
        if digits[count] >= 5 {
            var i = count - 1
            while i >= 0 && kept[i] == 9 {
                kept[i] = 0
                i -= 1
            }
            if i < 0 {
                kept.insert(1, at: 0)
                return DecimalDigits(digits: kept, point: point + 1)
            }
            kept[i] += 1
        }
        return DecimalDigits(digits: kept, point: point)
    }

    /// Rounded to `count` significant digits, always exactly `count` long.
    func significant(_ count: Int) -> DecimalDigits {
        var r = rounded(keeping: count)
        if r.digits.count > count { r.digits.removeLast() }
        return r
    }

    var text: String { String(decoding: digits.map { $0 + 48 }, as: UTF8.self) }
}

/// A minimal unsigned big integer (little-endian 32-bit limbs), just enough
/// for exact decimal expansion of doubles.
struct BigDecimalInteger {
    private var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    private mutating func trim() {
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
    }

    private mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    mutating func multiplyByPowerOfFive(_ n: Int) {
        var n = n
        while n >= 13 {
            multiply(by: 1_220_703_125) // 5^13
            n -= 13
        }
        var rest: UInt32 = 1
        for _ in 0..<n { rest *= 5 }
        multiply(by: rest)
    }

    mutating func shiftLeft(_ bits: Int) {
        let whole = bits / 32, part = UInt32(bits % 32)
        if part != 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let v = limbs[i]
                limbs[i] = v << part | carry
                carry = v >> (32 - part)
            }
            if carry != 0 { limbs.append(carry) }
        }
        limbs.insert(contentsOf: [UInt32](repeating: 0, count: whole), at: 0)
    }

    /// The decimal digits, most significant first ("0" → [0]).
    func decimalDigits() -> [UInt8] {
        var n = limbs
        var chunks: [UInt32] = [] // base 10^9, least significant first
        while !(n.count == 1 && n[0] == 0) {
            var remainder: UInt64 = 0
            for i in stride(from: n.count - 1, through: 0, by: -1) {
                let cur = remainder << 32 | UInt64(n[i])
                n[i] = UInt32(cur / 1_000_000_000)
                remainder = cur % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
            while n.count > 1 && n.last == 0 { n.removeLast() }
        }
        if chunks.isEmpty { return [0] }
        var out: [UInt8] = []
        for (i, chunk) in chunks.reversed().enumerated() {
            var d = [UInt8](repeating: 0, count: 9)
            var c = chunk
            for j in stride(from: 8, through: 0, by: -1) {
                d[j] = UInt8(c % 10)
                c /= 10
            }
            out += i == 0 ? Array(d.drop { $0 == 0 }) : d
        }
        return out
    }
}

enum NumberFormatting {
    /// Appends Number::toString(d) of a finite double. Swift's shortest
    /// round-trip `description` is already the ECMAScript form whenever it
    /// has no exponent and `d` is not an integer (Swift writes `1.0`), which
    /// covers most fractions without building intermediate strings.
    static func appendNumberString(_ d: Double, to out: inout [UInt16]) {
        if d != d.rounded(.towardZero) {
            let text = d.description
            if !text.utf8.contains(UInt8(ascii: "e")) {
                for b in text.utf8 { out.append(UInt16(b)) }
                return
            }
        }
        out += VM.numberToString(d).utf16
    }

    /// Number.prototype.toFixed for `0 <= fractionDigits <= 100` and |x| < 1e21.
    static func fixed(_ x: Double, fractionDigits f: Int) -> String {
        let sign = x < 0 ? "-" : ""
        let magnitude = abs(x)
        var n = "0"
        if magnitude != 0 {
            let exact = DecimalDigits(exactly: magnitude)
            let r = exact.rounded(keeping: exact.point + f)
            if !r.digits.isEmpty { n = r.text }
        }
        if f == 0 { return sign + n }
        if n.count <= f { n = String(repeating: "0", count: f + 1 - n.count) + n }
        let split = n.index(n.endIndex, offsetBy: -f)
        return sign + n[..<split] + "." + n[split...]
    }

    /// Number.prototype.toExponential; `fractionDigits` nil means "as many as needed".
    static func exponential(_ x: Double, fractionDigits: Int?) -> String {
        let sign = x < 0 ? "-" : ""
        let magnitude = abs(x)
        let d: DecimalDigits
        if magnitude == 0 {
            d = DecimalDigits(digits: [UInt8](repeating: 0, count: (fractionDigits ?? 0) + 1), point: 1)
        } else if let f = fractionDigits {
            d = DecimalDigits(exactly: magnitude).significant(f + 1)
        } else {
            d = DecimalDigits(shortest: magnitude)
        }
        return sign + exponentialLayout(d.text, exponent: d.point - 1)
    }

    /// Number.prototype.toPrecision for `1 <= precision <= 100`.
    static func precision(_ x: Double, _ p: Int) -> String {
        let sign = x < 0 ? "-" : ""
        let magnitude = abs(x)
        let d = magnitude == 0 ? DecimalDigits(digits: [UInt8](repeating: 0, count: p), point: 1)
            : DecimalDigits(exactly: magnitude).significant(p)
        let m = d.text
        let e = d.point - 1
        if e < -6 || e >= p { return sign + exponentialLayout(m, exponent: e) }
        if e == p - 1 { return sign + m }
        if e >= 0 {
            let split = m.index(m.startIndex, offsetBy: e + 1)
            return sign + m[..<split] + "." + m[split...]
        }
        return sign + "0." + String(repeating: "0", count: -(e + 1)) + m
    }

    /// `d.ddd` + `e±n`.
    private static func exponentialLayout(_ digits: String, exponent e: Int) -> String {
        var s = String(digits.prefix(1))
        if digits.count > 1 { s += "." + digits.dropFirst() }
        return s + (e < 0 ? "e-" : "e+") + String(abs(e))
    }

    /// Number.prototype.toString(radix) for radix != 10: V8's
    /// DoubleToRadixCString (fraction digits up to the double's precision).
    static func radixString(_ value: Double, radix: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let chars = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        let r = Double(radix)
        let negative = value < 0
        let v = abs(value)
        var integer = v.rounded(.down)
        var fraction = v - integer
        var delta = max(Double.leastNonzeroMagnitude, 0.5 * (v.nextUp - v))
        var fractionPart: [UInt8] = []
        if fraction >= delta {
            fractionPart.append(UInt8(ascii: "."))
            repeat {
                fraction *= r
                delta *= r
                let digit = Int(fraction)
                fractionPart.append(chars[digit])
                fraction -= Double(digit)
                // Round to even, carrying into earlier digits if needed.
                if fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1), fraction + delta > 1 {
                    var cursor = fractionPart.count
                    while true {
                        cursor -= 1
                        if cursor == 0 {
                            integer += 1
                            break
                        }
                        let c = fractionPart[cursor]
                        let d = c > UInt8(ascii: "9") ? Int(c) - 97 + 10 : Int(c) - 48
                        if d + 1 < radix {
                            fractionPart[cursor] = chars[d + 1]
                            cursor += 1
                            break
                        }
                    }
                    fractionPart.removeSubrange(cursor...)
                    break
                }
            } while fraction >= delta
        }
        var integerPart: [UInt8] = [] // reversed
        while (integer / r).exponent > 52 {
            integer /= r
            integerPart.append(UInt8(ascii: "0"))
        }
        repeat {
            let remainder = integer.truncatingRemainder(dividingBy: r)
            integerPart.append(chars[Int(remainder)])
            integer = (integer - remainder) / r
        } while integer > 0
        if negative { integerPart.append(UInt8(ascii: "-")) }
        return String(decoding: integerPart.reversed() + fractionPart, as: UTF8.self)
    }

    /// Number.prototype.toLocaleString in en-US: grouped integer digits and
    /// at most three fraction digits, rounding the shortest decimal form half up.
    static func locale(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        let sign = x.sign == .minus ? "-" : ""
        if x.isInfinite { return sign + "∞" }
        var integerDigits = "0", fractionDigits = ""
        if x != 0 {
            let shortest = DecimalDigits(shortest: abs(x))
            let d = shortest.rounded(keeping: shortest.point + 3)
            let digits = d.text
            let intCount = d.point
            if intCount > 0 {
                let padded = digits + String(repeating: "0", count: max(0, intCount - digits.count))
                let split = padded.index(padded.startIndex, offsetBy: intCount)
                integerDigits = String(padded[..<split])
                fractionDigits = String(padded[split...])
            } else {
                fractionDigits = String(repeating: "0", count: -intCount) + digits
            }
            while fractionDigits.hasSuffix("0") { fractionDigits.removeLast() }
        }
        var grouped = ""
        for (i, c) in integerDigits.enumerated() {
            if i > 0 && (integerDigits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        return sign + grouped + (fractionDigits.isEmpty ? "" : "." + fractionDigits)
    }
}

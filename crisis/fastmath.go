package crisis

import "math"

// The contest success function is evaluated about a hundred times per
// draw, and with math.Exp and math.Log it took about half of a draw's
// time. expFast and logFast compute the same functions with a relative
// error below 1e-12 (TestFastMath) in plain arithmetic, which is also
// deterministic on every platform that does not fuse multiply-adds.

const (
	ln2Hi  = 6.93147180369123816490e-01 // high bits of ln 2 (Cody & Waite)
	ln2Lo  = 1.90821492927058770002e-10 // ln 2 − ln2Hi
	log2e  = 1.44269504088896338700e+00
	expMax = 700.0
)

// exp2Table[j] is 2^(j/32), j = 0…31.
var exp2Table = [32]float64{
	1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237,
	1.0905077326652577, 1.1143867425958924, 1.1387886347566916, 1.1637248587775775,
	1.189207115002721, 1.215247359980469, 1.241857812073484, 1.2690509571917332,
	1.2968395546510096, 1.3252366431597413, 1.3542555469368927, 1.383909881963832,
	1.4142135623730951, 1.4451808069770467, 1.4768261459394993, 1.5091644275934228,
	1.5422108254079407, 1.5759808451078865, 1.6104903319492543, 1.645755478153965,
	1.681792830507429, 1.718619298122478, 1.7562521603732995, 1.7947090750031072,
	1.8340080864093424, 1.8741676341103, 1.9152065613971474, 1.9571441241754002,
}

// expFast returns e^x; see expSlice.
func expFast(x float64) float64 {
	a := [1]float64{x}
	expSlice(a[:])
	return a[0]
}

// expSlice replaces each x in xs by e^x, by the table method (Tang 1989):
// x = (32m + j)·ln2/32 + r with |r| ≤ ln2/64, e^x = 2^m · 2^(j/32) · e^r,
// e^r by its Taylor series to degree 5 (truncation below 3·10⁻¹⁵),
// evaluated by Estrin's scheme. A loop over a slice, with no call in its
// body, lets the processor overlap the independent evaluations that a
// draw's contests need (docs/performance.md); expFast is the one-value
// form of the same arithmetic.
func expSlice(xs []float64) {
	for i, x := range xs {
		switch {
		case x != x:
			continue
		case x > expMax:
			xs[i] = math.Inf(1)
			continue
		case x < -expMax:
			xs[i] = 0
			continue
		}
		t := x * (32 * log2e)
		var k int64
		if t >= 0 {
			k = int64(t + 0.5)
		} else {
			k = int64(t - 0.5)
		}
		fk := float64(k)
		r := x - fk*(ln2Hi/32) - fk*(ln2Lo/32)
		r2 := r * r
		p := (1 + r) + r2*(0.5+r*(1.0/6)) + (r2*r2)*(1.0/24+r*(1.0/120))
		p *= exp2Table[k&31]
		xs[i] = math.Float64frombits(math.Float64bits(p) + uint64(k>>5)<<52)
	}
}

// logInvC[j] is 1/c_j and logLnC[j] is ln c_j for c_j = 1 + (j + ½)/32.
var logInvC = [32]float64{
	0.9846153846153847, 0.9552238805970149, 0.927536231884058, 0.9014084507042254,
	0.8767123287671232, 0.8533333333333334, 0.8311688311688312, 0.810126582278481,
	0.7901234567901234, 0.7710843373493976, 0.7529411764705882, 0.735632183908046,
	0.7191011235955056, 0.7032967032967034, 0.6881720430107527, 0.6736842105263158,
	0.6597938144329897, 0.6464646464646465, 0.6336633663366337, 0.6213592233009708,
	0.6095238095238096, 0.5981308411214953, 0.5871559633027523, 0.5765765765765766,
	0.5663716814159292, 0.5565217391304348, 0.5470085470085471, 0.5378151260504201,
	0.5289256198347108, 0.5203252032520326, 0.512, 0.5039370078740157,
}

// See logInvC.
var logLnC = [32]float64{
	0.015504186535965254, 0.0458095360312942, 0.07522342123758753, 0.10379679368164356,
	0.13157635778871926, 0.15860503017663857, 0.184922338494012, 0.21056476910734964,
	0.2355660713127669, 0.25995752443692605, 0.2837681731306446, 0.3070250352949119,
	0.329753286372468, 0.3519764231571782, 0.37371640979358406, 0.394993808240869,
	0.415827895143711, 0.43623676677491807, 0.4562374334815876, 0.4758459048699639,
	0.4950772667978515, 0.5139457511022343, 0.5324647988694718, 0.5506471179526623,
	0.5685047353526688, 0.5860490450035782, 0.6032908514380843, 0.6202404097518576,
	0.6369074622370692, 0.6533012720127457, 0.6694306539426292, 0.6853040030989194,
}

// logFast returns ln x; see logSlice.
func logFast(x float64) float64 {
	a := [1]float64{x}
	logSlice(a[:])
	return a[0]
}

// logSlice replaces each x in xs by ln x, for x > 0 by the table method
// (Tang 1990): x = 2^e·f with f in [1, 2), f = c_j·(1 + r) for the table
// point c_j nearest f, |r| < 1/64, and ln x = e·ln 2 + ln c_j + ln(1 + r),
// ln(1 + r) by its series to r⁶ (Estrin's scheme; truncation below
// 5·10⁻¹⁴). Other arguments (zero, negative, subnormal, infinite, NaN) go
// to math.Log.
func logSlice(xs []float64) {
	for i, x := range xs {
		b := math.Float64bits(x)
		exp := int64(b>>52) & 0x7ff
		if exp == 0 || exp == 0x7ff || b>>63 != 0 {
			xs[i] = math.Log(x)
			continue
		}
		j := b >> 47 & 31 // the top five bits of the mantissa
		f := math.Float64frombits(b&(1<<52-1) | 1023<<52)
		r := (f - 1 - (float64(j)+0.5)/32) * logInvC[j]
		r2 := r * r
		p := r - r2*(0.5-r*(1.0/3)) - (r2*r2)*((0.25-r*(1.0/5))+r2*(1.0/6))
		fe := float64(exp - 1023)
		xs[i] = fe*ln2Hi + (logLnC[j] + (p + fe*ln2Lo))
	}
}

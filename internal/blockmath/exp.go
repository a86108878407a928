// Package blockmath evaluates elementary functions over a block of values
// at once, faster than a loop of calls to package math and within a stated
// accuracy of it: the kernels the samplers run over a block of 1,024
// trials.
package blockmath

import "math"

// expN is the number of entries of the 2^(j/expN) table of Exp.
const expN = 128

// exp2Table[j] is 2^(j/expN) correctly rounded, computed with 200-bit
// big.Float arithmetic (TestExp2Table checks every entry; math.Exp2 is off
// by 1 ulp on some of them).
var exp2Table = [expN]float64{
	0x1p+00,               // 2^(0/128)
	0x1.0163da9fb3335p+00, // 2^(1/128)
	0x1.02c9a3e778061p+00, // 2^(2/128)
	0x1.04315e86e7f85p+00, // 2^(3/128)
	0x1.059b0d3158574p+00, // 2^(4/128)
	0x1.0706b29ddf6dep+00, // 2^(5/128)
	0x1.0874518759bc8p+00, // 2^(6/128)
	0x1.09e3ecac6f383p+00, // 2^(7/128)
	0x1.0b5586cf9890fp+00, // 2^(8/128)
	0x1.0cc922b7247f7p+00, // 2^(9/128)
	0x1.0e3ec32d3d1a2p+00, // 2^(10/128)
	0x1.0fb66affed31bp+00, // 2^(11/128)
	0x1.11301d0125b51p+00, // 2^(12/128)
	0x1.12abdc06c31ccp+00, // 2^(13/128)
	0x1.1429aaea92dep+00,  // 2^(14/128)
	0x1.15a98c8a58e51p+00, // 2^(15/128)
	0x1.172b83c7d517bp+00, // 2^(16/128)
	0x1.18af9388c8deap+00, // 2^(17/128)
	0x1.1a35beb6fcb75p+00, // 2^(18/128)
	0x1.1bbe084045cd4p+00, // 2^(19/128)
	0x1.1d4873168b9aap+00, // 2^(20/128)
	0x1.1ed5022fcd91dp+00, // 2^(21/128)
	0x1.2063b88628cd6p+00, // 2^(22/128)
	0x1.21f49917ddc96p+00, // 2^(23/128)
	0x1.2387a6e756238p+00, // 2^(24/128)
	0x1.251ce4fb2a63fp+00, // 2^(25/128)
	0x1.26b4565e27cddp+00, // 2^(26/128)
	0x1.284dfe1f56381p+00, // 2^(27/128)
	0x1.29e9df51fdee1p+00, // 2^(28/128)
	0x1.2b87fd0dad99p+00,  // 2^(29/128)
	0x1.2d285a6e4030bp+00, // 2^(30/128)
	0x1.2ecafa93e2f56p+00, // 2^(31/128)
	0x1.306fe0a31b715p+00, // 2^(32/128)
	0x1.32170fc4cd831p+00, // 2^(33/128)
	0x1.33c08b26416ffp+00, // 2^(34/128)
	0x1.356c55f929ff1p+00, // 2^(35/128)
	0x1.371a7373aa9cbp+00, // 2^(36/128)
	0x1.38cae6d05d866p+00, // 2^(37/128)
	0x1.3a7db34e59ff7p+00, // 2^(38/128)
	0x1.3c32dc313a8e5p+00, // 2^(39/128)
	0x1.3dea64c123422p+00, // 2^(40/128)
	0x1.3fa4504ac801cp+00, // 2^(41/128)
	0x1.4160a21f72e2ap+00, // 2^(42/128)
	0x1.431f5d950a897p+00, // 2^(43/128)
	0x1.44e086061892dp+00, // 2^(44/128)
	0x1.46a41ed1d0057p+00, // 2^(45/128)
	0x1.486a2b5c13cdp+00,  // 2^(46/128)
	0x1.4a32af0d7d3dep+00, // 2^(47/128)
	0x1.4bfdad5362a27p+00, // 2^(48/128)
	0x1.4dcb299fddd0dp+00, // 2^(49/128)
	0x1.4f9b2769d2ca7p+00, // 2^(50/128)
	0x1.516daa2cf6642p+00, // 2^(51/128)
	0x1.5342b569d4f82p+00, // 2^(52/128)
	0x1.551a4ca5d920fp+00, // 2^(53/128)
	0x1.56f4736b527dap+00, // 2^(54/128)
	0x1.58d12d497c7fdp+00, // 2^(55/128)
	0x1.5ab07dd485429p+00, // 2^(56/128)
	0x1.5c9268a5946b7p+00, // 2^(57/128)
	0x1.5e76f15ad2148p+00, // 2^(58/128)
	0x1.605e1b976dc09p+00, // 2^(59/128)
	0x1.6247eb03a5585p+00, // 2^(60/128)
	0x1.6434634ccc32p+00,  // 2^(61/128)
	0x1.6623882552225p+00, // 2^(62/128)
	0x1.68155d44ca973p+00, // 2^(63/128)
	0x1.6a09e667f3bcdp+00, // 2^(64/128)
	0x1.6c012750bdabfp+00, // 2^(65/128)
	0x1.6dfb23c651a2fp+00, // 2^(66/128)
	0x1.6ff7df9519484p+00, // 2^(67/128)
	0x1.71f75e8ec5f74p+00, // 2^(68/128)
	0x1.73f9a48a58174p+00, // 2^(69/128)
	0x1.75feb564267c9p+00, // 2^(70/128)
	0x1.780694fde5d3fp+00, // 2^(71/128)
	0x1.7a11473eb0187p+00, // 2^(72/128)
	0x1.7c1ed0130c132p+00, // 2^(73/128)
	0x1.7e2f336cf4e62p+00, // 2^(74/128)
	0x1.80427543e1a12p+00, // 2^(75/128)
	0x1.82589994cce13p+00, // 2^(76/128)
	0x1.8471a4623c7adp+00, // 2^(77/128)
	0x1.868d99b4492edp+00, // 2^(78/128)
	0x1.88ac7d98a6699p+00, // 2^(79/128)
	0x1.8ace5422aa0dbp+00, // 2^(80/128)
	0x1.8cf3216b5448cp+00, // 2^(81/128)
	0x1.8f1ae99157736p+00, // 2^(82/128)
	0x1.9145b0b91ffc6p+00, // 2^(83/128)
	0x1.93737b0cdc5e5p+00, // 2^(84/128)
	0x1.95a44cbc8520fp+00, // 2^(85/128)
	0x1.97d829fde4e5p+00,  // 2^(86/128)
	0x1.9a0f170ca07bap+00, // 2^(87/128)
	0x1.9c49182a3f09p+00,  // 2^(88/128)
	0x1.9e86319e32323p+00, // 2^(89/128)
	0x1.a0c667b5de565p+00, // 2^(90/128)
	0x1.a309bec4a2d33p+00, // 2^(91/128)
	0x1.a5503b23e255dp+00, // 2^(92/128)
	0x1.a799e1330b358p+00, // 2^(93/128)
	0x1.a9e6b5579fdbfp+00, // 2^(94/128)
	0x1.ac36bbfd3f37ap+00, // 2^(95/128)
	0x1.ae89f995ad3adp+00, // 2^(96/128)
	0x1.b0e07298db666p+00, // 2^(97/128)
	0x1.b33a2b84f15fbp+00, // 2^(98/128)
	0x1.b59728de5593ap+00, // 2^(99/128)
	0x1.b7f76f2fb5e47p+00, // 2^(100/128)
	0x1.ba5b030a1064ap+00, // 2^(101/128)
	0x1.bcc1e904bc1d2p+00, // 2^(102/128)
	0x1.bf2c25bd71e09p+00, // 2^(103/128)
	0x1.c199bdd85529cp+00, // 2^(104/128)
	0x1.c40ab5fffd07ap+00, // 2^(105/128)
	0x1.c67f12e57d14bp+00, // 2^(106/128)
	0x1.c8f6d9406e7b5p+00, // 2^(107/128)
	0x1.cb720dcef9069p+00, // 2^(108/128)
	0x1.cdf0b555dc3fap+00, // 2^(109/128)
	0x1.d072d4a07897cp+00, // 2^(110/128)
	0x1.d2f87080d89f2p+00, // 2^(111/128)
	0x1.d5818dcfba487p+00, // 2^(112/128)
	0x1.d80e316c98398p+00, // 2^(113/128)
	0x1.da9e603db3285p+00, // 2^(114/128)
	0x1.dd321f301b46p+00,  // 2^(115/128)
	0x1.dfc97337b9b5fp+00, // 2^(116/128)
	0x1.e264614f5a129p+00, // 2^(117/128)
	0x1.e502ee78b3ff6p+00, // 2^(118/128)
	0x1.e7a51fbc74c83p+00, // 2^(119/128)
	0x1.ea4afa2a490dap+00, // 2^(120/128)
	0x1.ecf482d8e67f1p+00, // 2^(121/128)
	0x1.efa1bee615a27p+00, // 2^(122/128)
	0x1.f252b376bba97p+00, // 2^(123/128)
	0x1.f50765b6e454p+00,  // 2^(124/128)
	0x1.f7bfdad9cbe14p+00, // 2^(125/128)
	0x1.fa7c1819e90d8p+00, // 2^(126/128)
	0x1.fd3c22b8f71f1p+00, // 2^(127/128)
}

const (
	invLn2N = expN / math.Ln2 // expN/ln 2
	// ln2HiN + ln2LoN is ln 2/expN; ln2HiN has 21 trailing zero bits
	// (FDLIBM's ln2HI, scaled), so k·ln2HiN is exact for |k| < 2^21.
	ln2HiN = 6.93147180369123816490e-01 / expN
	ln2LoN = 1.90821492927058770002e-10 / expN
	// shift rounds to an integer when added: 1.5·2^52.
	shift = 0x1.8p52
	// fastLo and fastHi bound the arguments whose results are normal
	// numbers the fast path scales exactly; outside, Exp calls math.Exp.
	fastLo = -707.0
	fastHi = 709.0
)

// Exp replaces every x in xs by e^x. On arguments in [-707, 709] it
// reduces x = (k/128)·ln 2 + r with |r| ≤ ln 2/256 (Cody–Waite, with
// FDLIBM's two-part ln 2), takes 2^(k mod 128 / 128) from a table and e^r
// from its degree-5 Taylor polynomial (truncation below 5e-19 relative),
// and scales by 2^⌊k/128⌋ through the exponent bits: the result is within
// 1 ulp of e^x, and within 2 ulp of math.Exp (tested over the whole range
// against both). Other arguments (the ends of the range, where results
// overflow to +Inf, fall to subnormals or to 0, and NaN and ±Inf) give
// exactly what math.Exp gives. Exp is deterministic: the same input gives
// the same bits on every machine (math.FMA is exact wherever it runs).
func Exp(xs []float64) {
	for i, x := range xs {
		if !(x >= fastLo && x <= fastHi) { // also NaN
			xs[i] = math.Exp(x)
			continue
		}
		t := x*invLn2N + shift
		kf := t - shift
		k := int64(math.Float64bits(t)) - int64(math.Float64bits(shift))
		r := math.FMA(-kf, ln2LoN, math.FMA(-kf, ln2HiN, x))
		// e^r - 1 = r + r²/2 + r³/6 + r⁴/24 + r⁵/120, by Horner.
		p := math.FMA(r, 1.0/120, 1.0/24)
		p = math.FMA(r, p, 1.0/6)
		p = math.FMA(r, p, 0.5)
		p = math.FMA(r, p, 1)
		p *= r
		tj := exp2Table[k&(expN-1)]
		y := math.FMA(tj, p, tj) // 2^(j/128)·e^r, in [0.997, 2.006)
		xs[i] = math.Float64frombits(math.Float64bits(y) + uint64(k>>7)<<52)
	}
}
